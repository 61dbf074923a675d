// The own reports' SQL (migration 0024) and whether the furnished data knows a subject (an
// account may be opened for a borrower or guarantor that no public record names).
import type { Queryable } from '../../store/database.ts';
import type { IsoDate } from '../../domain/dates.ts';

/** Own reports served to the subject in a period (calendar year). */
export async function ownReportsServed(q: Queryable, subjectKey: string, period: number): Promise<number> {
  const [r] = await q.query<{ n: number | string }>('SELECT count(*) AS n FROM credit_own_report WHERE subject_key = $1 AND period = $2', [subjectKey, period]);
  return Number(r?.n ?? 0);
}

export async function insertOwnReport(
  q: Queryable,
  r: { subjectKey: string; period: number; ordinal: number; servedAt: Date; servedOn: IsoDate; feeFen: number; log: number; index: number },
): Promise<void> {
  await q.query(
    'INSERT INTO credit_own_report (subject_key, period, ordinal, served_at, served_on, fee_fen, log, event_index) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [r.subjectKey, r.period, r.ordinal, r.servedAt, r.servedOn, r.feeFen, r.log, r.index],
  );
}

/** Keeps the report served under its row (the one change its row allows). */
export async function keepOwnReport(q: Queryable, r: { subjectKey: string; period: number; ordinal: number; report: string }): Promise<void> {
  await q.query('UPDATE credit_own_report SET report = $4 WHERE subject_key = $1 AND period = $2 AND ordinal = $3 AND report IS NULL', [
    r.subjectKey,
    r.period,
    r.ordinal,
    r.report,
  ]);
}

/** The last own report served to the subject that was kept. */
export async function latestOwnReport(q: Queryable, subjectKey: string): Promise<{ servedOn: IsoDate; report: string } | undefined> {
  const [r] = await q.query<{ served_on: string; report: string }>(
    'SELECT served_on::text AS served_on, report FROM credit_own_report WHERE subject_key = $1 AND report IS NOT NULL ORDER BY served_at DESC, ordinal DESC LIMIT 1',
    [subjectKey],
  );
  return r ? { servedOn: r.served_on, report: r.report } : undefined;
}

/** Whether any furnisher furnished an account whose borrower, or one of whose guarantors, is the subject. */
export async function borrowerKnown(q: Queryable, subjectKey: string): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM credit_account WHERE borrower_key = $1
     UNION ALL SELECT 1 FROM credit_account WHERE guarantors @> jsonb_build_array(jsonb_build_object('key', $1::text)) LIMIT 1`,
    [subjectKey],
  );
  return rows.length > 0;
}
