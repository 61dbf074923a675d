// Resident identity number (GB 11643-1999): validation, masking for display, and the keyed hash
// under which the platform stores it. The raw number is never stored.
import { createHmac } from 'node:crypto';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type ResidentIdFailure = 'empty' | 'length' | 'character' | 'division' | 'birth-date' | 'check';

export interface ResidentIdParts {
  divisionCode: string;
  birthDate: string;
  sequence: string;
  /** From the parity of the sequence code, as the standard assigns it. */
  sex: 'male' | 'female';
  check: string;
}

export type ResidentIdResult =
  { valid: true; number: string; parts: ResidentIdParts; masked: string } | { valid: false; reason: ResidentIdFailure; message: string; masked: string };

export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Masks a number for display: the first four and last four characters stay, e.g. 1101**********002X. */
export function maskResidentId(number: string): string {
  if (number.length <= 8) return '*'.repeat(number.length);
  return number.slice(0, 4) + '*'.repeat(number.length - 8) + number.slice(-4);
}

function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Whether six digits can be an administrative division code (none begins with 00). */
function isDivisionCode(six: string): boolean {
  return !six.startsWith('00');
}

/**
 * Whether seventeen characters are the body of a person's number: digits, a division code and a
 * real birth date, then the sequence. The check character follows from them, so they reveal the
 * number whatever stands after them (a wrong check character, a letter, nothing).
 */
export function isResidentIdBody(first17: string): boolean {
  return /^[0-9]{17}$/.test(first17) && isDivisionCode(first17.slice(0, 6)) && isRealDate(first17.slice(6, 14));
}

export function parseResidentId(input: string): ResidentIdResult {
  const number = input.trim().toUpperCase();
  const fail = (reason: ResidentIdFailure, message: string): ResidentIdResult => ({ valid: false, masked: maskResidentId(number), reason, message });
  if (number.length === 0) return fail('empty', 'the identity number is empty');
  if (number.length !== 18) return fail('length', `a resident identity number has 18 characters, not ${number.length}`);
  if (!/^[0-9]{17}[0-9X]$/.test(number)) return fail('character', 'a resident identity number is 17 digits and a digit or X');
  if (!isDivisionCode(number.slice(0, 6))) return fail('division', `'${number.slice(0, 6)}' is not an administrative division code`);
  const birth = number.slice(6, 14);
  if (!isRealDate(birth)) return fail('birth-date', `'${birth}' is not a real birth date`);
  const expected = residentIdCheckCharacter(number.slice(0, 17));
  if (expected !== number[17]) return fail('check', `the check character should be '${expected}', not '${number[17]}'`);
  const sequence = number.slice(14, 17);
  return {
    valid: true,
    number,
    masked: maskResidentId(number),
    parts: {
      divisionCode: number.slice(0, 6),
      birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
      sequence,
      sex: Number(sequence) % 2 === 1 ? 'male' : 'female',
      check: number[17]!,
    },
  };
}

/**
 * The keyed hash under which a person's number is stored and looked up: HMAC-SHA-256 with the
 * platform's secret, so a stolen table cannot be reversed by enumerating the small number space.
 */
export function hashResidentId(number: string, secret: string | Buffer): string {
  return createHmac('sha256', secret).update(number.trim().toUpperCase()).digest('hex');
}
