// What a caller's subject identifier is: a Unified Social Credit Code, a resident identity
// number, or neither. A valid identity number can also pass as a code whose check character
// fails (e.g. 11010519491231002X), so the order is: a strictly valid code, then an identity
// number, then a code accepted only leniently (flagged).
import { parseUscc, type UsccResult } from './uscc.ts';
import { parseResidentId, type ResidentIdResult } from './resident-id.ts';

export type SubjectIdentifier =
  | { type: 'uscc'; uscc: UsccResult & { valid: true } }
  | { type: 'person'; person: ResidentIdResult & { valid: true } }
  /** Neither; `uscc` says why the lenient reading as a code failed. */
  | { type: 'invalid'; uscc: UsccResult & { valid: false } };

export function parseSubjectIdentifier(code: string): SubjectIdentifier {
  const strict = parseUscc(code);
  if (strict.valid) return { type: 'uscc', uscc: strict };
  const person = parseResidentId(code);
  if (person.valid) return { type: 'person', person };
  const lenient = parseUscc(code, { lenient: true });
  return lenient.valid ? { type: 'uscc', uscc: lenient } : { type: 'invalid', uscc: lenient };
}
