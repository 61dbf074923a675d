// The reports' storage: a report is stored once under its verification code and read back by it;
// the ledger events a report proves are read by position through the ledger's blocks. On a Citus
// cluster the report table is distributed by code in the subjects' co-location group, and a code
// is drawn to lie in its subject's shard (verification-code.ts), so both statements below reach
// one shard, its subject's.
import type { Database, Queryable } from '../../store/database.ts';
import { eventsAt } from '../../ledger/blocks.ts';

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

/**
 * The lowest hash of each shard of the report table, ascending, where it is distributed by code
 * on a Citus cluster (src/store/citus.ts); null elsewhere. Read once: a shard's range never changes
 * (splitting a shard of the group is not supported, docs/scaling.md).
 */
export async function reportShardBounds(db: Database): Promise<number[] | null> {
  if (db.kind !== 'citus') return null;
  const rows = await db.query<{ min: number }>(
    `SELECT s.shardminvalue::int AS min FROM pg_dist_shard s JOIN pg_dist_partition p USING (logicalrelid)
     WHERE s.logicalrelid = 'report'::regclass AND p.partmethod = 'h' AND column_to_column_name(p.logicalrelid, p.partkey) = 'code' ORDER BY 1`,
  );
  return rows.length > 0 ? rows.map((r) => r.min) : null;
}

export async function reportByCode(q: Queryable, code: string): Promise<ReportRow | undefined> {
  const rows = await q.query<ReportRow>('SELECT * FROM report WHERE code = $1', [code]);
  return rows[0];
}

/**
 * The canonical bytes of the events at these positions (the leaves their logs' trees hash), in
 * the order asked; undefined where a log holds no such event. Read through the ledger's blocks
 * (eventsAt of ledger/blocks.ts): this feature holds no SQL on the ledger's storage.
 */
export async function ledgerBytesAt(q: Queryable, positions: ReadonlyArray<{ log: number; index: number }>): Promise<Array<string | undefined>> {
  const valid = (p: { log: number; index: number }) => Number.isSafeInteger(p.log) && Number.isSafeInteger(p.index) && p.log >= 0 && p.index >= 0;
  const asked = positions.filter(valid);
  const read = new Map((await eventsAt(q, asked)).flatMap((e) => (e ? [[`${e.log}/${e.index}`, e.payload] as const] : [])));
  return positions.map((p) => read.get(`${p.log}/${p.index}`));
}
