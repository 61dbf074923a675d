// Unified Social Credit Code (GB 32100-2015): validation, parsing and check characters.
// Pure functions; the lenient mode exists because some codes really issued (notably in Fujian)
// fail the position-18 check. It accepts them with a flag and never "fixes" them.

/** The 31 characters of the code alphabet, in value order (no I, O, Z, S, V). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const VALUE = new Map<string, number>([...USCC_ALPHABET].map((c, i) => [c, i]));

/** Registration authorities (position 1) and the entity categories under each (position 2). */
export const USCC_AUTHORITIES: Readonly<Record<string, { name: string; categories: Readonly<Record<string, string>> }>> = {
  '1': {
    name: 'establishment-authority',
    categories: { '1': 'state-organ', '2': 'public-institution', '3': 'mass-organisation', '9': 'other' },
  },
  '5': {
    name: 'civil-affairs',
    categories: { '1': 'social-group', '2': 'private-non-enterprise-unit', '3': 'foundation', '9': 'other' },
  },
  '9': {
    name: 'market-regulation',
    categories: { '1': 'enterprise', '2': 'individual-business', '3': 'farmers-cooperative' },
  },
  Y: { name: 'other', categories: { '1': 'other' } },
};

export interface UsccParts {
  authority: string;
  authorityName: string;
  category: string;
  categoryName: string;
  divisionCode: string;
  organisationCode: string;
  organisationCheck: string;
  check: string;
}

export type UsccFailure = 'empty' | 'length' | 'character' | 'authority' | 'category' | 'division' | 'organisation-check' | 'check';

export type UsccResult =
  { valid: true; code: string; parts: UsccParts; flags: UsccFlag[] } | { valid: false; code: string; reason: UsccFailure; message: string; position?: number };

/** Flags on a code accepted only in lenient mode. */
export type UsccFlag = 'check-character-mismatch' | 'organisation-check-mismatch';

export interface UsccOptions {
  /** Accept a failing check character (position 17 or 18) and flag it instead of rejecting. */
  lenient?: boolean;
}

/** Computes the position-18 check character of the first 17 characters. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17[i]!);
    if (v === undefined) throw new RangeError(`not a code character: ${first17[i]}`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c]!;
}

/** GB 11714 organisation code value: digits 0-9, letters A=10 ... Z=35 (full alphabet). */
function orgValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return -1;
}

/** Computes the GB 11714 check character (position 17 of the code) from the 8-character body. */
export function organisationCheckCharacter(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgValue(body8[i]!);
    if (v < 0) throw new RangeError(`not an organisation code character: ${body8[i]}`);
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Normalises user input: trims, upper-cases and folds full-width characters to half-width. */
export function normaliseCode(input: string): string {
  return input
    .trim()
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .toUpperCase();
}

function fail(code: string, reason: UsccFailure, message: string, position?: number): UsccResult {
  return position === undefined ? { valid: false, code, reason, message } : { valid: false, code, reason, message, position };
}

/** Validates and parses a Unified Social Credit Code. */
export function parseUscc(input: string, options: UsccOptions = {}): UsccResult {
  const code = normaliseCode(input);
  if (code.length === 0) return fail(code, 'empty', 'the code is empty');
  if (code.length !== 18) return fail(code, 'length', `a Unified Social Credit Code has 18 characters, not ${code.length}`);
  for (let i = 0; i < 18; i++) {
    if (!VALUE.has(code[i]!)) {
      return fail(code, 'character', `character ${i + 1} ('${code[i]}') is not in the code alphabet ${USCC_ALPHABET}`, i + 1);
    }
  }
  const authority = USCC_AUTHORITIES[code[0]!];
  if (!authority) return fail(code, 'authority', `'${code[0]}' is not a known registration authority`, 1);
  const categoryName = authority.categories[code[1]!];
  if (!categoryName) {
    return fail(code, 'category', `'${code[1]}' is not an entity category of authority '${code[0]}' (${authority.name})`, 2);
  }
  const division = code.slice(2, 8);
  if (!/^[0-9]{6}$/.test(division) || division.startsWith('00')) {
    return fail(code, 'division', `'${division}' is not an administrative division code`, 3);
  }
  const flags: UsccFlag[] = [];
  const org = code.slice(8, 17);
  // The organisation code's own check character uses GB 11714 rules; its body may hold letters
  // outside the USCC alphabet only in theory, since the whole code was checked above.
  const expectedOrg = organisationCheckCharacter(org.slice(0, 8));
  if (expectedOrg !== org[8]) {
    if (!options.lenient) {
      return fail(code, 'organisation-check', `the organisation code check character (position 17) should be '${expectedOrg}', not '${org[8]}'`, 17);
    }
    flags.push('organisation-check-mismatch');
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (expected !== code[17]) {
    if (!options.lenient) {
      return fail(code, 'check', `the check character (position 18) should be '${expected}', not '${code[17]}'`, 18);
    }
    flags.push('check-character-mismatch');
  }
  return {
    valid: true,
    code,
    flags,
    parts: {
      authority: code[0]!,
      authorityName: authority.name,
      category: code[1]!,
      categoryName,
      divisionCode: division,
      organisationCode: org,
      organisationCheck: org[8]!,
      check: code[17]!,
    },
  };
}

/** Builds a valid code from its parts (used by the synthetic data generator and tests). */
export function buildUscc(authority: string, category: string, division: string, orgBody8: string): string {
  const org = orgBody8 + organisationCheckCharacter(orgBody8);
  const first17 = authority + category + division + org;
  return first17 + usccCheckCharacter(first17);
}
