// Unified Social Credit Code (GB 32100-2015): DOMAIN.md §3 examples, strict and lenient parsing,
// error reasons, and property tests. The check characters are recomputed here from the rules as
// DOMAIN.md states them, so the tests do not merely repeat the implementation.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  USCC_ALPHABET,
  USCC_AUTHORITIES,
  buildUscc,
  normaliseCode,
  organisationCheckCharacter,
  parseUscc,
  usccCheckCharacter,
  type UsccResult,
} from '../../src/domain/ids/uscc.ts';

// ---------------------------------------------------------------- reference implementation (DOMAIN.md §3)
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function refCheck18(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c]!;
}

function refOrgValue(ch: string): number {
  if (/[0-9]/.test(ch)) return Number(ch);
  return ch.charCodeAt(0) - 'A'.charCodeAt(0) + 10; // A=10 ... Z=35, full alphabet
}

function refCheck17(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += refOrgValue(body8[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function expectValid(r: UsccResult): Extract<UsccResult, { valid: true }> {
  if (!r.valid) throw new Error(`expected a valid code, got ${r.reason}: ${r.message}`);
  return r;
}

function expectInvalid(r: UsccResult): Extract<UsccResult, { valid: false }> {
  if (r.valid) throw new Error(`expected an invalid code, got valid ${r.code}`);
  return r;
}

/** Builds a code from 17 characters with a correct position-18 check, whatever else is wrong. */
function with18(first17: string): string {
  return first17 + refCheck18(first17);
}

const DOMAIN_VALID = [
  { code: '914403001922038216', division: '440300', org: '192203821', orgCheck: '1', check: '6' },
  { code: '91330100716105852F', division: '330100', org: '716105852', orgCheck: '2', check: 'F' },
  { code: '91440300708461136T', division: '440300', org: '708461136', orgCheck: '6', check: 'T' },
  { code: '91520000214434146R', division: '520000', org: '214434146', orgCheck: '6', check: 'R' },
] as const;

describe('reference data', () => {
  it('the alphabet has 31 characters without I, O, Z, S, V and matches DOMAIN.md', () => {
    expect(USCC_ALPHABET).toBe(ALPHABET);
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(new Set(USCC_ALPHABET).size).toBe(31);
    for (const ch of 'IOZSV') expect(USCC_ALPHABET).not.toContain(ch);
  });

  it('the weights in DOMAIN.md are 3^(i-1) mod 31', () => {
    expect(WEIGHTS).toEqual(Array.from({ length: 17 }, (_, i) => Number(3n ** BigInt(i) % 31n)));
  });
});

describe('parseUscc: DOMAIN.md §3 examples', () => {
  for (const ex of DOMAIN_VALID) {
    it(`${ex.code} is valid with the right parts`, () => {
      const r = expectValid(parseUscc(ex.code));
      expect(r.code).toBe(ex.code);
      expect(r.flags).toEqual([]);
      expect(r.parts).toEqual({
        authority: '9',
        authorityName: 'market-regulation',
        category: '1',
        categoryName: 'enterprise',
        divisionCode: ex.division,
        organisationCode: ex.org,
        organisationCheck: ex.orgCheck,
        check: ex.check,
      });
      // The two check characters agree with DOMAIN.md's rules, computed independently.
      expect(refCheck17(ex.org.slice(0, 8))).toBe(ex.orgCheck);
      expect(refCheck18(ex.code.slice(0, 17))).toBe(ex.check);
      expect(usccCheckCharacter(ex.code.slice(0, 17))).toBe(ex.check);
      expect(organisationCheckCharacter(ex.org.slice(0, 8))).toBe(ex.orgCheck);
    });
  }

  it('914403001922038217 is invalid because of its check character', () => {
    const r = expectInvalid(parseUscc('914403001922038217'));
    expect(r.reason).toBe('check');
    expect(r.position).toBe(18);
    expect(r.code).toBe('914403001922038217');
    expect(r.message).toContain('position 18');
    expect(r.message).toContain("'6'");
    expect(r.message).toContain("'7'");
  });

  it('a valid example is also valid in lenient mode, with no flags', () => {
    for (const ex of DOMAIN_VALID) expect(expectValid(parseUscc(ex.code, { lenient: true })).flags).toEqual([]);
  });
});

describe('parseUscc: lenient mode', () => {
  it('accepts a bad position-18 check character, flags it and keeps the code as given', () => {
    const r = expectValid(parseUscc('914403001922038217', { lenient: true }));
    expect(r.code).toBe('914403001922038217');
    expect(r.flags).toEqual(['check-character-mismatch']);
    expect(r.parts.check).toBe('7');
    expect(r.parts.organisationCode).toBe('192203821');
  });

  it('never changes any character of a code with a bad check character', () => {
    for (const ex of DOMAIN_VALID) {
      for (const ch of ALPHABET) {
        if (ch === ex.check) continue;
        const code = ex.code.slice(0, 17) + ch;
        const r = expectValid(parseUscc(code, { lenient: true }));
        expect(r.code).toBe(code);
        expect(r.parts.check).toBe(ch);
        expect(r.flags).toContain('check-character-mismatch');
      }
    }
  });

  it('flags a bad organisation check character (position 17) that strict mode rejects', () => {
    // 91440300192203821 has organisation check '1'; use '2' and a correct position-18 check.
    const code = with18('9144030019220382' + '2');
    const strict = expectInvalid(parseUscc(code));
    expect(strict.reason).toBe('organisation-check');
    expect(strict.position).toBe(17);
    const lenient = expectValid(parseUscc(code, { lenient: true }));
    expect(lenient.code).toBe(code);
    expect(lenient.flags).toEqual(['organisation-check-mismatch']);
    expect(lenient.parts.organisationCheck).toBe('2');
  });

  it('flags both mismatches when both check characters are wrong', () => {
    const r = expectValid(parseUscc('914403001922038227', { lenient: true }));
    expect(r.flags).toEqual(expect.arrayContaining(['organisation-check-mismatch', 'check-character-mismatch']));
    expect(r.flags).toHaveLength(2);
  });

  it('does not relax anything except the check characters', () => {
    expect(expectInvalid(parseUscc('91440300192203821', { lenient: true })).reason).toBe('length');
    expect(expectInvalid(parseUscc('91440300192203821I', { lenient: true })).reason).toBe('character');
    expect(expectInvalid(parseUscc(with18('A1440300192203821'), { lenient: true })).reason).toBe('authority');
    expect(expectInvalid(parseUscc(with18('94440300192203821'), { lenient: true })).reason).toBe('category');
    expect(expectInvalid(parseUscc(with18('91004400192203821'), { lenient: true })).reason).toBe('division');
    expect(expectInvalid(parseUscc('', { lenient: true })).reason).toBe('empty');
  });
});

describe('parseUscc: errors', () => {
  it('empty or blank input', () => {
    expect(expectInvalid(parseUscc('')).reason).toBe('empty');
    expect(expectInvalid(parseUscc('   ')).reason).toBe('empty');
  });

  it('wrong length, with the length in the message', () => {
    const short = expectInvalid(parseUscc('91440300192203821'));
    expect(short.reason).toBe('length');
    expect(short.message).toContain('17');
    const long = expectInvalid(parseUscc('9144030019220382160'));
    expect(long.reason).toBe('length');
    expect(long.message).toContain('19');
    expect(expectInvalid(parseUscc('9')).reason).toBe('length');
  });

  for (const bad of ['I', 'O', 'Z', 'S', 'V']) {
    it(`rejects '${bad}' (not in the alphabet) at any position and reports the position`, () => {
      const valid = '91330100716105852F';
      for (let i = 0; i < 18; i++) {
        const code = valid.slice(0, i) + bad + valid.slice(i + 1);
        const r = expectInvalid(parseUscc(code));
        expect(r.reason).toBe('character');
        expect(r.position).toBe(i + 1);
        expect(r.message).toContain(`'${bad}'`);
      }
    });
  }

  it('rejects punctuation, spaces inside the code and non-Latin characters', () => {
    for (const code of ['9133010071610585-F', '91330100 16105852F', '91330100716105852中', '9133010071610585*F']) {
      expect(expectInvalid(parseUscc(code)).reason).toBe('character');
    }
  });

  it('unknown registration authority', () => {
    for (const a of ['2', '3', '8', 'A', 'N', 'X']) {
      const r = expectInvalid(parseUscc(with18(`${a}1440300192203821`)));
      expect(r.reason).toBe('authority');
      expect(r.position).toBe(1);
      expect(r.message).toContain(`'${a}'`);
    }
  });

  it('category not defined under its authority', () => {
    const cases = [
      ['9', '4'],
      ['9', '9'],
      ['1', '4'],
      ['5', '4'],
      ['Y', '2'],
    ] as const;
    for (const [a, c] of cases) {
      const r = expectInvalid(parseUscc(with18(`${a}${c}440300192203821`)));
      expect(r.reason).toBe('category');
      expect(r.position).toBe(2);
    }
  });

  it('administrative division that is not six digits or starts with 00', () => {
    for (const div of ['004403', '000000', 'A40300', '44030A']) {
      const r = expectInvalid(parseUscc(with18(`91${div}192203821`)));
      expect(r.reason).toBe('division');
      expect(r.position).toBe(3);
    }
  });
});

describe('normaliseCode', () => {
  it('trims, upper-cases and folds full-width characters', () => {
    expect(normaliseCode('  91330100716105852f\t')).toBe('91330100716105852F');
    expect(normaliseCode('９１３３０１００７１６１０５８５２Ｆ')).toBe('91330100716105852F');
    expect(normaliseCode('９１３３０１００７１６１０５８５２ｆ')).toBe('91330100716105852F');
  });

  it('parseUscc accepts normalisable input and reports the normalised code', () => {
    expect(expectValid(parseUscc(' 91330100716105852f ')).code).toBe('91330100716105852F');
    expect(expectValid(parseUscc('９１３３０１００７１６１０５８５２Ｆ')).code).toBe('91330100716105852F');
  });
});

describe('check character functions', () => {
  it('usccCheckCharacter maps a sum of 0 (mod 31) to 0 rather than a 32nd character', () => {
    // All zeros: sum 0, 31 - 0 = 31, which becomes '0'.
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
  });

  it('usccCheckCharacter rejects characters outside the alphabet', () => {
    expect(() => usccCheckCharacter('9144030019220382I')).toThrow(RangeError);
  });

  it('organisationCheckCharacter gives X for 10 and 0 for 11', () => {
    // Search small bodies for each special result and compare with the reference.
    const seen = new Set<string>();
    for (let n = 0; n < 2000; n++) {
      const body = String(n).padStart(8, '0');
      const c = organisationCheckCharacter(body);
      expect(c).toBe(refCheck17(body));
      seen.add(c);
    }
    expect(seen).toContain('X');
    expect(seen).toContain('0');
  });

  it('organisationCheckCharacter uses the full alphabet values for letters (A=10 ... Z=35)', () => {
    for (const body of ['MA000000', 'ZZZZZZZZ', 'A1B2C3D4', 'XY123456']) expect(organisationCheckCharacter(body)).toBe(refCheck17(body));
  });

  it('organisationCheckCharacter rejects lower-case and punctuation', () => {
    expect(() => organisationCheckCharacter('ma000000')).toThrow(RangeError);
    expect(() => organisationCheckCharacter('1234-567')).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- property tests
const authorityCategory = fc.constantFrom(...Object.entries(USCC_AUTHORITIES).flatMap(([a, def]) => Object.keys(def.categories).map((c) => [a, c] as const)));
const division = fc.integer({ min: 10_000, max: 999_999 }).map((n) => String(n).padStart(6, '0'));
const alphabetChar = fc.constantFrom(...ALPHABET);
const orgBody = fc.array(alphabetChar, { minLength: 8, maxLength: 8 }).map((cs) => cs.join(''));
const validParts = fc.tuple(authorityCategory, division, orgBody);
const validCode = validParts.map(([[a, c], d, b]) => buildUscc(a, c, d, b));
/** Characters that are not in the alphabet even after normalisation. */
const OUTSIDE = ['I', 'O', 'Z', 'S', 'V', 'i', 'o', 'z', 's', 'v', 'Ｉ', 'Ｓ', '-', '*', '.', '/', ' ', '中', '\u0000', 'é'];

describe('property: buildUscc', () => {
  it('every code built from valid parts validates in strict mode, with those parts', () => {
    fc.assert(
      fc.property(validParts, ([[a, c], d, body]) => {
        const code = buildUscc(a, c, d, body);
        expect(code).toHaveLength(18);
        expect(code[16]).toBe(refCheck17(body));
        expect(code[17]).toBe(refCheck18(code.slice(0, 17)));
        const r = expectValid(parseUscc(code));
        expect(r.code).toBe(code);
        expect(r.flags).toEqual([]);
        expect(r.parts.authority).toBe(a);
        expect(r.parts.category).toBe(c);
        expect(r.parts.divisionCode).toBe(d);
        expect(r.parts.organisationCode).toBe(body + code[16]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('property: single-character substitutions', () => {
  const substitution = fc
    .tuple(validCode, fc.integer({ min: 0, max: 17 }), fc.oneof(alphabetChar, fc.constantFrom(...OUTSIDE)))
    .filter(([code, i, ch]) => code[i] !== ch);

  it('every single-character substitution of a valid code is rejected in strict mode', () => {
    fc.assert(
      fc.property(substitution, ([code, i, ch]) => {
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        expect(parseUscc(changed).valid).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('in lenient mode a substitution is rejected or flagged, never accepted silently', () => {
    fc.assert(
      fc.property(substitution, ([code, i, ch]) => {
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        const r = parseUscc(changed, { lenient: true });
        if (r.valid) {
          expect(r.flags).toContain('check-character-mismatch');
          expect(r.code).toBe(changed);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('exhaustively: every substitution of each DOMAIN.md example by another alphabet character fails', () => {
    let tried = 0;
    for (const { code } of DOMAIN_VALID) {
      for (let i = 0; i < 18; i++) {
        for (const ch of ALPHABET) {
          if (ch === code[i]) continue;
          const changed = code.slice(0, i) + ch + code.slice(i + 1);
          const r = parseUscc(changed);
          expect(r.valid, `${changed} (position ${i + 1})`).toBe(false);
          tried++;
        }
      }
    }
    expect(tried).toBe(4 * 18 * 30);
  });
});
