// The scheduler's SQL: what has run out by a day (records' publicity windows, list entries'
// periods) and the entries an escalation rule looks at, a page at a time.
import type { Queryable } from '../../store/database.ts';
import { fromDb, LIST_ENTRY_TABLE, type ListEntryRow } from '../../ledger/projection.ts';

/** Published, active records whose window ended by `today` and whose end is not recorded yet. */
export function publicityRunOut(q: Queryable, today: string, limit: number): Promise<Array<{ subject_key: string; record_id: string; publicity_end: string }>> {
  return q.query<{ subject_key: string; record_id: string; publicity_end: string }>(
    `SELECT subject_key, record_id, publicity_end FROM credit_record
     WHERE publicity_end <= $1 AND publicity_ended_on IS NULL AND published AND status = 'active'
     ORDER BY publicity_end, record_id LIMIT $2`,
    [today, limit],
  );
}

/** The entries in force on a list that were listed on or before a day, by id. */
export async function inForceEntriesListedBy(q: Queryable, list: string, listedBy: string): Promise<ListEntryRow[]> {
  const rows = await q.query(`SELECT * FROM list_entry WHERE list = $1 AND state = 'in-force' AND listed_on <= $2 ORDER BY entry_id`, [list, listedBy]);
  return rows.map((raw) => fromDb(LIST_ENTRY_TABLE, raw));
}

/** Which of these entry ids are in the store. */
export async function entriesPresent(q: Queryable, entryIds: readonly string[]): Promise<Set<string>> {
  if (entryIds.length === 0) return new Set();
  const rows = await q.query<{ entry_id: string }>('SELECT entry_id FROM list_entry WHERE entry_id = ANY($1::text[])', [entryIds]);
  return new Set(rows.map((r) => r.entry_id));
}

/** Entries in force whose period ended by `today`. */
export function periodRunOut(q: Queryable, today: string, limit: number): Promise<Array<{ subject_key: string; entry_id: string; until: string }>> {
  return q.query<{ subject_key: string; entry_id: string; until: string }>(
    `SELECT subject_key, entry_id, until FROM list_entry WHERE state = 'in-force' AND until <= $1 ORDER BY until, entry_id LIMIT $2`,
    [today, limit],
  );
}
