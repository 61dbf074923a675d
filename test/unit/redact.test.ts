// Nothing the platform sends may contain an unmasked resident identity number, whatever the
// request contained (issue 23 item 4; DOMAIN.md §2: a person's number is shown masked, e.g.
// 1101**********002X). A number is recognised by its seventeen digits (GB 11643-1999: a division
// code, a birth date, a sequence), which reveal it whatever check character follows: a wrong
// one, or a letter that makes the whole read as a Unified Social Credit Code accepted leniently.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskIdentityNumbers, maskIdentityNumbersDeep } from '../../src/domain/ids/redact.ts';
import { parseSubjectIdentifier } from '../../src/domain/ids/identifier.ts';

const division = fc.integer({ min: 10_000, max: 999_999 }).map((v) => String(v).padStart(6, '0'));
const birth = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const sequence = fc.integer({ min: 0, max: 999 }).map((v) => String(v).padStart(3, '0'));
/** The seventeen digits of a person's number. */
const body = fc.tuple(division, birth, sequence).map(([d, b, s]) => d + b + s);
/** Whatever a caller puts in the check position: any character but a digit (digits after the body are tried below). */
const check = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/[0-9%]/.test(c));
/** Text around the number, without digits (digits next to it are tried separately). */
const around = fc.string({ unit: 'binary', maxLength: 20 }).map((s) => s.replace(/[0-9%]/g, ''));

describe('maskIdentityNumbers', () => {
  it('masks a valid number, and one with a wrong check digit, wherever it stands', () => {
    expect(maskIdentityNumbers('/subjects/11010519491231002X?lang=en')).toBe('/subjects/1101**********002X?lang=en');
    expect(maskIdentityNumbers('id 110105194912310021.')).toBe('id 1101**********0021.');
  });

  it('masks a number whose check character is a letter: read leniently as a USCC, it is still a person’s number', () => {
    // 11010519491231002A fails as a resident id by its last character and passes as a lenient USCC.
    expect(parseSubjectIdentifier('11010519491231002A').type).toBe('uscc');
    expect(maskIdentityNumbers('/v1/evaluations/11010519491231002A')).toBe('/v1/evaluations/1101**********002A');
    expect(maskIdentityNumbers('11010519491231002Y')).toBe('1101**********002Y');
    expect(maskIdentityNumbersDeep({ subject: '11010519491231002A' })).toEqual({ subject: '1101**********002A' });
  });

  it('masks seventeen digits with no check character at all', () => {
    expect(maskIdentityNumbers('q=11010519491231002')).toBe('q=1101**********002');
  });

  it('masks percent-encoded digits', () => {
    expect(maskIdentityNumbers('/subjects/%311010519491231002A')).toBe('/subjects/1101**********002A');
  });

  it('leaves Unified Social Credit Codes and other text as they are', () => {
    for (const text of ['914403001922038216', '91330100716105852F', '/subjects/91440300708461136T', 'after=9223372036854775807', 'plain text']) {
      expect(maskIdentityNumbers(text)).toBe(text);
    }
  });
});

describe('property: no unmasked resident identity number goes out', () => {
  it('any 18 characters shaped as a number (division, birth date, sequence, any check character) are masked, in any text', () => {
    fc.assert(
      fc.property(around, body, check, around, (before, digits, c, after) => {
        const out = maskIdentityNumbers(before + digits + c + after);
        expect(out).not.toContain(digits);
        expect(out).toContain(`${digits.slice(0, 4)}**********${digits.slice(14)}${c}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('a number inside a longer run of digits is masked too', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,6}$/), body, fc.stringMatching(/^[0-9]{0,6}$/), (lead, digits, trail) => {
        expect(maskIdentityNumbers(lead + digits + trail)).not.toContain(digits);
      }),
      { numRuns: 2000 },
    );
  });
});
