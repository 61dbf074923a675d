// The records feature's SQL: the original filings of stored records (to tell a duplicate from a
// conflicting refiling) and the progress of file imports (to resume after the last batch).
import type { Queryable } from '../../store/database.ts';
import { logOf, placementOf } from '../../ledger/ledger.ts';
import { eventsAt } from '../../ledger/blocks.ts';
import { isCitus } from '../../ledger/projection/store.ts';

/**
 * The stored records among these ids, one index probe an id. With the ids as one array
 * (`= ANY`), a table never analysed (a new store, autovacuum off or not yet run) is read whole:
 * the planner does not take credit_record_id_unique (an exclusion constraint over the id's hash
 * index) to make the id unique, so it takes each id to match 1/200 of the rows and thousands of
 * ids to match them all, and a batch would cost a scan of every record stored. A subquery with
 * LIMIT 1 for each id is planned as an index probe whatever the statistics, and loses nothing:
 * the constraint keeps one row an id. The ids are passed once each (a repeated id would be
 * probed, and answered, once per repeat).
 */
const STORED_BY_PROBE = `SELECT c.record_id, c.subject_key, c.filed_index FROM unnest($1::text[]) AS u(id)
  CROSS JOIN LATERAL (SELECT record_id, subject_key, filed_index FROM credit_record WHERE record_id = u.id LIMIT 1) AS c`;
/**
 * On Citus, which runs no LIMIT in a subquery that reads a table function's column: the ids as one
 * array, sent to the shards of their subjects (every shard when the subjects are not given).
 */
const STORED_BY_ANY = 'SELECT record_id, subject_key, filed_index FROM credit_record WHERE record_id = ANY($1::text[])';
const STORED_BY_ANY_OF_SUBJECTS = `${STORED_BY_ANY} AND subject_key = ANY($2::text[])`;

/**
 * The ledger payload that first filed each of these records, by record id (stored ones only);
 * `subjectKeys`, the records' subjects, if known (a record id is derived from its subject's key).
 */
export async function filingPayloads(
  q: Queryable,
  recordIds: readonly string[],
  subjectKeys?: readonly string[],
): Promise<Array<{ recordId: string; log: number; index: number; payload: string }>> {
  if (recordIds.length === 0) return [];
  const ids = [...new Set(recordIds)];
  type Stored = { record_id: string; subject_key: string; filed_index: number };
  const rows = !(await isCitus(q))
    ? await q.query<Stored>(STORED_BY_PROBE, [ids])
    : subjectKeys
      ? await q.query<Stored>(STORED_BY_ANY_OF_SUBJECTS, [ids, [...new Set(subjectKeys)]])
      : await q.query<Stored>(STORED_BY_ANY, [ids]);
  if (rows.length === 0) return [];
  const placement = await placementOf(q);
  const filings = await eventsAt(
    q,
    rows.map((r) => ({ log: logOf(r.subject_key, placement), index: r.filed_index })),
  );
  return rows.map((r, i) => {
    const filing = filings[i];
    if (!filing) throw new Error(`record ${r.record_id}: its filing ${r.filed_index} is not in the ledger`);
    return { recordId: r.record_id, log: filing.log, index: filing.index, payload: filing.payload };
  });
}

export interface ImportProgress {
  /** Byte offset just after the last committed line. */
  byteOffset: number;
  line: number;
  records: number;
  duplicates: number;
  completed: boolean;
}

/** How far an agency's import of a file (by its digest) has come; undefined if it never began. */
export async function importProgress(q: Queryable, digest: string, agencyCode: string): Promise<ImportProgress | undefined> {
  const [row] = await q.query<{ byte_offset: number; line: number; records: number; duplicates: number; completed: boolean }>(
    'SELECT byte_offset, line, records, duplicates, completed FROM import_progress WHERE source_digest = $1 AND agency_code = $2',
    [digest, agencyCode],
  );
  return row && { byteOffset: row.byte_offset, line: row.line, records: row.records, duplicates: row.duplicates, completed: row.completed };
}

/** Records how far an import has come, in the transaction that committed its last batch. */
export async function saveImportProgress(q: Queryable, source: { digest: string; agencyCode: string; name: string }, progress: ImportProgress): Promise<void> {
  await q.query(
    `INSERT INTO import_progress (source_digest, agency_code, source_name, byte_offset, line, records, duplicates, completed, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
     ON CONFLICT (source_digest, agency_code) DO UPDATE SET byte_offset = EXCLUDED.byte_offset, line = EXCLUDED.line,
       records = EXCLUDED.records, duplicates = EXCLUDED.duplicates, completed = EXCLUDED.completed, updated_at = now()`,
    [source.digest, source.agencyCode, source.name, progress.byteOffset, progress.line, progress.records, progress.duplicates, progress.completed],
  );
}
