// The subject table as the subjects feature reads it: one subject by its key.
import type { Queryable } from '../../store/database.ts';
import type { SubjectRow } from '../../ledger/projection.ts';

export async function loadSubject(q: Queryable, subjectKey: string): Promise<SubjectRow | undefined> {
  const rows = await q.query('SELECT * FROM subject WHERE subject_key = $1', [subjectKey]);
  const r = rows[0];
  if (!r) return undefined;
  return {
    subjectKey: r.subject_key as string,
    kind: r.kind as string,
    code: r.code as string,
    name: r.name as string,
    divisionCode: r.division_code as string | null,
    codeFlags: r.code_flags as string[],
    firstIndex: r.first_index as number,
  };
}
