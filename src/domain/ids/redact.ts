// Masking every resident identity number inside a text: for whatever the platform sends back or
// writes down that may hold a caller's words (a request's path or query, a problem's detail, a
// log line). Nothing the platform sends may hold an unmasked number, whatever the request held.
import { isResidentIdBody, maskResidentId } from './resident-id.ts';

/** Seventeen digits in a row: the cheap test that a text can hold no number at all. */
const DIGITS_17 = /[0-9]{17}/;

/** Percent-encoded digits (unreserved characters, so decoding them never changes what a URL means). */
const ENCODED_DIGIT = /%3[0-9]/g;

/**
 * The text with every resident identity number in it masked as for display (1101**********002X),
 * wherever it stands, also inside a longer run of digits. Percent-encoded digits count as digits.
 * A number is found by its body (isResidentIdBody): seventeen digits with a division code and a
 * real birth date, whatever character follows them. A wrong check character, or a letter where it
 * stands, still leaves seventeen digits of a real number in view (the check follows from them).
 */
export function maskIdentityNumbers(text: string): string {
  const plain = text.includes('%') ? text.replace(ENCODED_DIGIT, (encoded) => encoded[2]!) : text;
  if (!DIGITS_17.test(plain)) return text;
  let masked = false;
  // Each run of seventeen or more digits, every seventeen of them in a row.
  const out = plain.replace(/[0-9]{17,}/g, (run) => {
    const chars = [...run];
    for (let i = 0; i + 17 <= chars.length; i++) {
      const body = run.slice(i, i + 17);
      if (!isResidentIdBody(body)) continue;
      // Shown as the whole number would be; the character after the body is not the run's.
      const shown = maskResidentId(`${body}0`);
      for (let j = 0; j < 17; j++) if (shown[j] === '*') chars[i + j] = '*';
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
