// `xinyong id check CODE`: which identifier it is, whether it is valid, its parts or the reason.
import { parseUscc, normaliseCode } from '../../../domain/ids/uscc.ts';
import { parseResidentId } from '../../../domain/ids/resident-id.ts';

export type IdCheckResult =
  | { valid: true; kind: 'uscc'; code: string; parts: object; flags: string[] }
  | { valid: true; kind: 'resident-id'; masked: string; parts: object }
  | { valid: false; kind: 'uscc' | 'resident-id'; reason: string; message: string; masked?: string };

function looksLikeResidentId(code: string): boolean {
  return /^\d{17}[\dX]$/.test(code) && /^(18|19|20)\d{2}(0[1-9]|1[0-2])/.test(code.slice(6, 12));
}

export function idCheck(input: string, options: { kind?: 'uscc' | 'resident-id'; lenient?: boolean } = {}): IdCheckResult {
  const code = normaliseCode(input);
  const uscc = parseUscc(code, { lenient: options.lenient ?? false });
  const kind = options.kind ?? (uscc.valid ? 'uscc' : looksLikeResidentId(code) ? 'resident-id' : 'uscc');
  if (kind === 'uscc') {
    if (uscc.valid) return { valid: true, kind, code: uscc.code, parts: uscc.parts, flags: uscc.flags };
    return { valid: false, kind, reason: uscc.reason, message: uscc.message };
  }
  const person = parseResidentId(code);
  if (person.valid) {
    const { divisionCode, birthDate, sex, check } = person.parts;
    return { valid: true, kind, masked: person.masked, parts: { divisionCode, birthDate, sex, check } };
  }
  return { valid: false, kind, reason: person.reason, message: person.message, masked: person.masked };
}
