// How much the platform holds: subjects and credit records, counted in one statement.
import type { Queryable } from '../../store/database.ts';

export async function countSubjectsAndRecords(q: Queryable): Promise<{ subjects: number; records: number }> {
  const rows = await q.query<{ subjects: number; records: number }>(
    'SELECT (SELECT count(*)::int FROM subject) AS subjects, (SELECT count(*)::int FROM credit_record) AS records',
  );
  return rows[0]!;
}
