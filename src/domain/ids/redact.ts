// Masking every resident identity number inside a text: for whatever the platform sends back or
// writes down that may hold a caller's words (a request's path or query, a problem's detail, a
// log line). Nothing the platform sends may hold an unmasked number, whatever the request held.
import { maskResidentId, parseResidentId } from './resident-id.ts';

/** Seventeen digits in a row: the cheap test that a text can hold no number at all. */
const DIGITS_17 = /[0-9]{17}/;

/** Percent-encoded digits and X (unreserved characters, so decoding them never changes what a URL means). */
const ENCODED_DIGIT = /%(3[0-9]|58|78)/gi;

/**
 * Whether 18 characters read as a person's number: the shape, a division code and a real birth
 * date. A wrong check character still reveals seventeen digits of a real number (a typo), so it
 * is masked as well.
 */
function looksLikeResidentId(candidate: string): boolean {
  const r = parseResidentId(candidate);
  return r.valid || r.reason === 'check';
}

/**
 * The text with every resident identity number in it masked as for display (1101**********002X),
 * wherever it stands, also inside a longer run of digits. Percent-encoded digits count as digits.
 */
export function maskIdentityNumbers(text: string): string {
  const plain = text.includes('%') ? text.replace(ENCODED_DIGIT, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
  if (!DIGITS_17.test(plain)) return text;
  let masked = false;
  // Each run of seventeen or more digits (perhaps ending in X), every 18 characters of it.
  const out = plain.replace(/[0-9]{17,}[Xx]?/g, (run) => {
    const chars = [...run];
    for (let i = 0; i + 18 <= chars.length; i++) {
      const candidate = run.slice(i, i + 18);
      if (!looksLikeResidentId(candidate)) continue;
      const shown = maskResidentId(candidate);
      for (let j = 0; j < 18; j++) if (shown[j] === '*') chars[i + j] = '*';
      masked = true;
    }
    return chars.join('');
  });
  return masked ? out : text;
}

/** A value with every string in it (deeply, in arrays and plain objects) passed through maskIdentityNumbers. */
export function maskIdentityNumbersDeep<T>(value: T): T {
  if (typeof value === 'string') return maskIdentityNumbers(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskIdentityNumbersDeep(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskIdentityNumbersDeep(v)])) as T;
  }
  return value;
}
