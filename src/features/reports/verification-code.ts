// Verification codes of credit reports: short enough to type from paper, printed on every
// report. `XY-` followed by twelve characters in three groups of four (XY-ABCD-EFGH-JKLM): eleven
// random characters (55 bits) and a check character (Luhn mod 32), so a mistyped character or
// two swapped neighbours are caught before anything is looked up.
//
// The alphabet has 32 characters and leaves out 0, O, 1 and I. Reading a code back is lenient:
// lower case, spaces, missing dashes and a missing `XY` prefix are accepted, and 1 or I (which
// can only have been meant as L) are read as L. O and 0 have no meaning and are rejected.
//
// On a Citus cluster a code is drawn so that it lies in its subject's shard (newCodeInShard): the
// report table is distributed by code, and a report is then stored and verified on its subject's
// worker, by its code alone.
import { randomBytes } from 'node:crypto';
import { shardLogOf } from '../../ledger/placement.ts';

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_PREFIX = 'XY';
const N = CODE_ALPHABET.length; // 32
const RANDOM_CHARS = 11;
const BODY_CHARS = RANDOM_CHARS + 1;

const VALUE = new Map<string, number>([...CODE_ALPHABET].map((c, i) => [c, i]));

/** Luhn mod N check character over the given characters (all from the alphabet). */
export function checkCharacter(chars: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const v = VALUE.get(chars[i]!);
    if (v === undefined) throw new RangeError(`'${chars[i]}' is not in the verification code alphabet`);
    let addend = factor * v;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return CODE_ALPHABET[(N - (sum % N)) % N]!;
}

function format(body: string): string {
  return `${CODE_PREFIX}-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}`;
}

/** A new random verification code, e.g. XY-7KQM-3WZD-HT9B. */
export function newVerificationCode(random: (n: number) => Buffer = randomBytes): string {
  // 32 divides 256: one byte per character, its low five bits, without bias.
  const bytes = random(RANDOM_CHARS);
  let body = '';
  for (let i = 0; i < RANDOM_CHARS; i++) body += CODE_ALPHABET[bytes[i]! & 31];
  return format(body + checkCharacter(body));
}

/**
 * A new random code whose hash (PostgreSQL's hashtext, as Citus places a text distribution
 * column) falls in the same shard as the subject key's, given the lowest hash of each shard in
 * ascending order. A code falls in a given shard of n once in about n draws; after 64 draws a
 * shard, never reached in practice, any code is taken: the report is then stored on another
 * worker than its subject's, and still found by its code.
 */
export function newCodeInShard(subjectKey: string, bounds: readonly number[], random: (n: number) => Buffer = randomBytes): string {
  const shard = shardLogOf(subjectKey, bounds);
  for (let draw = 0; draw < 64 * bounds.length; draw++) {
    const code = newVerificationCode(random);
    if (shardLogOf(code, bounds) === shard) return code;
  }
  return newVerificationCode(random);
}

export type ParsedCode = { valid: true; code: string } | { valid: false; message: string };

/** Reads a code as a person typed it; returns its canonical form or why it cannot be one. */
export function parseVerificationCode(input: string): ParsedCode {
  let s = input.toUpperCase().replace(/[\s\-‐‑–—_.]/g, '');
  if (s.length === BODY_CHARS + CODE_PREFIX.length && s.startsWith(CODE_PREFIX)) s = s.slice(CODE_PREFIX.length);
  s = s.replace(/[1I]/g, 'L');
  if (s.length !== BODY_CHARS) {
    return { valid: false, message: `a verification code has ${BODY_CHARS} characters after ${CODE_PREFIX}- (like XY-ABCD-EFGH-JKLM), not ${s.length}` };
  }
  for (const c of s) {
    if (!VALUE.has(c)) return { valid: false, message: `'${c}' never appears in a verification code (there is no 0 or O)` };
  }
  if (checkCharacter(s.slice(0, RANDOM_CHARS)) !== s[RANDOM_CHARS]) {
    return { valid: false, message: 'the check character does not match: a character is mistyped or two are swapped' };
  }
  return { valid: true, code: format(s) };
}
