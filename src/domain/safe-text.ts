// Text that cannot spoof its reader: well-formed Unicode (no lone UTF-16 surrogate), no control
// characters but tab and line breaks, no bidirectional embeddings, overrides or isolates
// (U+202A-202E, U+2066-2069: they make text display in an order other than the one stored, the
// "Trojan Source" trick) and no invisible characters (zero-width space, non-joiner and joiner
// U+200B-200D, word joiner U+2060, byte order mark U+FEFF: they make two different texts look the
// same). One rule for every free text a request carries: record fields and decision documents
// (checked by record validation) and the reasons, statements and evidence of other requests
// (the `safe-text` string format of their schemas). Names are also normalised to NFC, so that one
// name has one stored form however it was typed.
import { FormatRegistry, Type, type StringOptions, type TString } from '@sinclair/typebox';

/** The string format of schemas whose text must be safe (registered with TypeBox here, with Fastify's validator in the app). */
export const SAFE_TEXT_FORMAT = 'safe-text';

const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Any character one of the four rules above refuses: one pass over a text that is safe, as most are. */
const ANY_REFUSED = /[\p{Cs}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B-\u200D\u2060\uFEFF]/u;

/** Why a text is refused, in the words of a field error ("must ..."), or undefined when it is safe. */
export function unsafeText(text: string): string | undefined {
  if (!ANY_REFUSED.test(text)) return undefined;
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';
  if (CONTROL.test(text)) return 'must not contain control characters';
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) return `must not contain bidirectional control characters (${codePoint(bidi[0])})`;
  const invisible = INVISIBLE.exec(text);
  if (invisible) return `must not contain invisible characters (${codePoint(invisible[0])}: zero-width or byte order mark)`;
  return undefined;
}

export function isSafeText(text: string): boolean {
  return unsafeText(text) === undefined;
}

/** A name as stored: its NFC form (a composed character, not a letter and a combining mark). */
export function normaliseName(name: string): string {
  return name.normalize('NFC');
}

/** A string schema whose text must be safe. */
export function SafeText(options: StringOptions = {}): TString {
  return Type.String({ ...options, format: SAFE_TEXT_FORMAT });
}

FormatRegistry.Set(SAFE_TEXT_FORMAT, isSafeText);
