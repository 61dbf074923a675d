// Safe text: the one-pass check that lets a safe text through gives, over many generated texts,
// the same answer (and the same reason) as the four rules applied one by one.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSafeText, unsafeText } from '../../src/domain/safe-text.ts';

/** The rules one by one, as safe-text.ts states them: the reference for its one-pass check. */
function byRule(text: string): string | undefined {
  if (/\p{Cs}/u.test(text)) return 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(text)) return 'must not contain control characters';
  const bidi = /[\u202A-\u202E\u2066-\u2069]/.exec(text);
  if (bidi) return `must not contain bidirectional control characters (U+${bidi[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
  const invisible = /[\u200B-\u200D\u2060\uFEFF]/.exec(text);
  if (invisible)
    return `must not contain invisible characters (U+${invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}: zero-width or byte order mark)`;
  return undefined;
}

/** Characters at and around every rule's edges, with ordinary text. */
const edges = [
  '\u0000',
  '\u0008',
  '\t',
  '\n',
  '\u000B',
  '\u000C',
  '\r',
  '\u000E',
  '\u001F',
  ' ',
  '~',
  '\u007F',
  '\u009F',
  '\u00A0',
  '\u200A',
  '\u200B',
  '\u200D',
  '\u200E',
  '\u2029',
  '\u202A',
  '\u202E',
  '\u202F',
  '\u205F',
  '\u2060',
  '\u2061',
  '\u2065',
  '\u2066',
  '\u2069',
  '\u206A',
  '\uFEFE',
  '\uFEFF',
  '\uFF00',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '😀',
  '信',
  '用',
  'a',
];

describe('unsafeText', () => {
  it('answers as the rules one by one', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: fc.constantFrom(...edges), maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 })),
        (text) => {
          expect(unsafeText(text)).toBe(byRule(text));
          expect(isSafeText(text)).toBe(byRule(text) === undefined);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('lets every character outside the rules through, one at a time', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const text = `a${String.fromCharCode(c)}b`;
      expect(unsafeText(text)).toBe(byRule(text));
    }
  });
});
