// Resident identity number (GB 11643-1999): DOMAIN.md §3 examples, masking, the keyed hash, and
// property tests. The check character is recomputed from DOMAIN.md's rule.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashResidentId, maskResidentId, parseResidentId, residentIdCheckCharacter, type ResidentIdResult } from '../../src/domain/ids/resident-id.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function refCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return '10X98765432'[sum % 11]!;
}

function expectValid(r: ResidentIdResult): Extract<ResidentIdResult, { valid: true }> {
  if (!r.valid) throw new Error(`expected a valid number, got ${r.reason}: ${r.message}`);
  return r;
}
function expectInvalid(r: ResidentIdResult): Extract<ResidentIdResult, { valid: false }> {
  if (r.valid) throw new Error('expected an invalid number');
  return r;
}

describe('parseResidentId: DOMAIN.md examples', () => {
  it('11010519491231002X is valid', () => {
    const r = expectValid(parseResidentId('11010519491231002X'));
    expect(r.number).toBe('11010519491231002X');
    expect(r.masked).toBe('1101**********002X');
    expect(r.parts).toEqual({ divisionCode: '110105', birthDate: '1949-12-31', sequence: '002', sex: 'female', check: 'X' });
    expect(refCheck('11010519491231002')).toBe('X');
  });

  it('440524188001010014 is valid', () => {
    const r = expectValid(parseResidentId('440524188001010014'));
    expect(r.masked).toBe('4405**********0014');
    expect(r.parts).toEqual({ divisionCode: '440524', birthDate: '1880-01-01', sequence: '001', sex: 'male', check: '4' });
  });

  it('accepts a lower-case x and surrounding white space, reporting the normal form', () => {
    const r = expectValid(parseResidentId('  11010519491231002x \n'));
    expect(r.number).toBe('11010519491231002X');
    expect(r.masked).toBe('1101**********002X');
  });

  it('residentIdCheckCharacter agrees with the reference, including X', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
  });
});

describe('maskResidentId', () => {
  it('keeps the first four and last four characters', () => {
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
    expect(maskResidentId('440524188001010014')).toBe('4405**********0014');
  });

  it('masks every character of a short string', () => {
    expect(maskResidentId('')).toBe('');
    expect(maskResidentId('1234')).toBe('****');
    expect(maskResidentId('12345678')).toBe('********');
    expect(maskResidentId('123456789')).toBe('1234*6789');
  });
});

describe('parseResidentId: errors', () => {
  const cases: Array<[string, string, string]> = [
    ['', 'empty', 'empty'],
    ['   ', 'empty', 'blank'],
    ['11010519491231002', 'length', '17 characters'],
    ['11010519491231002X1', 'length', '19 characters, containing a valid number'],
    ['1101051949123100XX', 'character', 'X before the last position'],
    ['11010519491231002Y', 'character', 'Y as check'],
    ['1101051949l231002X', 'character', 'a letter l'],
    ['11010519491231002１', 'character', 'a full-width digit'],
    ['00010519491231002X', 'division', 'division starting with 00'],
    ['110105194902300023', 'birth-date', '30 February'],
    ['110105194913010023', 'birth-date', 'month 13'],
    ['110105194912000023', 'birth-date', 'day 0'],
    ['110105179912310023', 'birth-date', 'before 1800'],
    ['110105190002290023', 'birth-date', '1900 is not a leap year'],
    ['110105194912310021', 'check', 'wrong check digit'],
    ['440524188001010015', 'check', 'wrong check digit'],
  ];

  for (const [input, reason, what] of cases) {
    it(`${JSON.stringify(input)} (${what}) fails with '${reason}'`, () => {
      const r = expectInvalid(parseResidentId(input));
      expect(r.reason).toBe(reason);
      expect(r.message.length).toBeGreaterThan(0);
    });
  }

  it('accepts 29 February of a leap year', () => {
    const first17 = '11010520000229002';
    expect(expectValid(parseResidentId(first17 + refCheck(first17))).parts.birthDate).toBe('2000-02-29');
  });

  it('an invalid result never contains the full number (as given or corrected)', () => {
    const full = '11010519491231002X';
    const inputs = [
      '110105194912310021', // wrong check digit: the message names the right one
      '11010519491231002X1',
      'ID11010519491231002X',
      ' 11010519491231002X0 ',
      '11010519491231002X11010519491231002X',
      '00010519491231002X',
      '110105194913310025',
    ];
    for (const input of inputs) {
      const r = expectInvalid(parseResidentId(input));
      const text = JSON.stringify(r);
      expect(text).not.toContain(full);
      expect(text).not.toContain(input.trim());
      expect(text).not.toContain(full.slice(0, 17));
      expect(r.masked).toContain('*');
    }
  });

  it('the masked form of an invalid 18-character number hides the middle ten', () => {
    expect(expectInvalid(parseResidentId('110105194912310021')).masked).toBe('1101**********0021');
  });
});

describe('hashResidentId', () => {
  const n = '11010519491231002X';

  it('is a 64-character hex HMAC-SHA-256 under the secret', () => {
    const h = hashResidentId(n, 'secret-a');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(createHmac('sha256', 'secret-a').update(n).digest('hex'));
  });

  it('is keyed: not the plain SHA-256 of the number', () => {
    expect(hashResidentId(n, 'secret-a')).not.toBe(createHash('sha256').update(n).digest('hex'));
  });

  it('is stable for the same number and secret', () => {
    expect(hashResidentId(n, 'secret-a')).toBe(hashResidentId(n, 'secret-a'));
  });

  it('differs by secret and by number', () => {
    expect(hashResidentId(n, 'secret-a')).not.toBe(hashResidentId(n, 'secret-b'));
    expect(hashResidentId(n, 'secret-a')).not.toBe(hashResidentId('440524188001010014', 'secret-a'));
  });

  it('treats a Buffer secret like the same bytes as a string', () => {
    expect(hashResidentId(n, Buffer.from('secret-a'))).toBe(hashResidentId(n, 'secret-a'));
  });

  it('normalises case and white space so the same person always hashes the same', () => {
    expect(hashResidentId(' 11010519491231002x ', 'secret-a')).toBe(hashResidentId(n, 'secret-a'));
  });

  it('never contains the number', () => {
    expect(hashResidentId(n, 'secret-a')).not.toContain('110105');
  });
});

// ---------------------------------------------------------------- property tests
const division = fc.integer({ min: 10_000, max: 999_999 }).map((v) => String(v).padStart(6, '0'));
const birth = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const sequence = fc.integer({ min: 0, max: 999 }).map((v) => String(v).padStart(3, '0'));
const validNumber = fc.tuple(division, birth, sequence).map(([d, b, s]) => d + b + s + refCheck(d + b + s));

describe('property: resident identity numbers', () => {
  it('every generated valid number validates with its parts', () => {
    fc.assert(
      fc.property(fc.tuple(division, birth, sequence), ([d, b, s]) => {
        const number = d + b + s + refCheck(d + b + s);
        const r = expectValid(parseResidentId(number));
        expect(r.number).toBe(number);
        expect(r.parts.divisionCode).toBe(d);
        expect(r.parts.birthDate).toBe(`${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6)}`);
        expect(r.parts.sequence).toBe(s);
        expect(r.parts.sex).toBe(Number(s) % 2 === 1 ? 'male' : 'female');
        expect(r.masked).toBe(number.slice(0, 4) + '**********' + number.slice(14));
      }),
      { numRuns: 2000 },
    );
  });

  it('every single-character substitution (a digit, or X in the check position) is caught', () => {
    const sub = fc.tuple(validNumber, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789X')).filter(([n, i, ch]) => n[i] !== ch);
    fc.assert(
      fc.property(sub, ([n, i, ch]) => {
        const changed = n.slice(0, i) + ch + n.slice(i + 1);
        const r = parseResidentId(changed);
        expect(r.valid).toBe(false);
        if (!r.valid) expect(JSON.stringify(r)).not.toContain(n);
      }),
      { numRuns: 5000 },
    );
  });

  it('exhaustively: every single-digit substitution of the DOMAIN.md examples is caught', () => {
    for (const n of ['11010519491231002X', '440524188001010014']) {
      for (let i = 0; i < 18; i++) {
        for (const ch of '0123456789X') {
          if (ch === n[i]) continue;
          const changed = n.slice(0, i) + ch + n.slice(i + 1);
          expect(parseResidentId(changed).valid, changed).toBe(false);
        }
      }
    }
  });
});
