// The reports' SQL: a report is stored once under its verification code and read back by it;
// the ledger events that hold the records' versions a report shows are read from the subject's log.
import type { Queryable } from '../../store/database.ts';

export type ReportRow = {
  code: string;
  subject_key: string;
  scope: string;
  lang: string;
  issued_at: Date | string;
  as_of: Date | string;
  content: string;
  digest: string;
  signature: string;
  key_id: string;
};

/** Stores a report under its code; false if the code is taken (nothing is stored then). */
export async function insertReport(
  q: Queryable,
  r: { code: string; subjectKey: string; scope: string; lang: string; issuedAt: Date; asOf: Date; content: string; digest: string; signature: string; keyId: string },
): Promise<boolean> {
  const inserted = await q.query(
    `INSERT INTO report (code, subject_key, scope, lang, issued_at, as_of, content, digest, signature, key_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO NOTHING RETURNING code`,
    [r.code, r.subjectKey, r.scope, r.lang, r.issuedAt, r.asOf, r.content, r.digest, r.signature, r.keyId],
  );
  return inserted.length > 0;
}

export async function reportByCode(q: Queryable, code: string): Promise<ReportRow | undefined> {
  const rows = await q.query<ReportRow>('SELECT * FROM report WHERE code = $1', [code]);
  return rows[0];
}

/** A ledger event as its log holds it: its position and its bytes. */
export interface StoredEvent {
  log: number;
  index: number;
  payload: string;
}

/** The events of a subject that filed or corrected these records (each one's versions), in log order. */
export async function recordBodyEvents(q: Queryable, subjectKey: string, recordIds: readonly string[]): Promise<StoredEvent[]> {
  if (recordIds.length === 0) return [];
  const rows = await q.query<{ log: number; idx: number; payload: string }>(
    `SELECT log, idx, payload FROM ledger_entry
     WHERE subject_key = $1 AND type IN ('record.filed', 'record.corrected') AND (payload::jsonb #>> '{data,recordId}') = ANY($2::text[])
     ORDER BY idx`,
    [subjectKey, recordIds],
  );
  return rows.map((r) => ({ log: r.log, index: Number(r.idx), payload: r.payload }));
}
