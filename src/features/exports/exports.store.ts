// The lists' kept daily exports (migration 43): a header a list and day, and its maker's entries
// as exported, read back in entry id order a page at a time.
import type { Queryable } from '../../store/database.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { copyRows } from '../../store/copy.ts';

export interface KeptExport {
  maker: string;
  madeAt: string;
  checkpointId: number;
  entries: number;
}

export interface KeptEntry {
  entryId: string;
  subjectKey: string;
  item: string;
}

export async function keptExport(q: Queryable, list: string, day: IsoDate): Promise<KeptExport | null> {
  const [row] = await q.query<{ maker: string; made_at: Date | string; checkpoint_id: string | number; entries: number }>(
    'SELECT maker, made_at, checkpoint_id, entries FROM list_export WHERE list = $1 AND day = $2',
    [list, day],
  );
  if (!row) return null;
  return { maker: row.maker, madeAt: new Date(row.made_at).toISOString(), checkpointId: Number(row.checkpoint_id), entries: row.entries };
}

/** A page of a kept export's entries, by entry id after a cursor ("ent_" and hex: one order in every collation). */
export async function keptEntries(q: Queryable, list: string, day: IsoDate, maker: string, after: string, limit: number): Promise<KeptEntry[]> {
  const rows = await q.query<{ entry_id: string; subject_key: string; item: string }>(
    `SELECT entry_id, subject_key, item FROM list_export_entry
     WHERE list = $1 AND day = $2 AND maker = $3 AND entry_id > $4
     ORDER BY entry_id LIMIT $5`,
    [list, day, maker, after, limit],
  );
  return rows.map((r) => ({ entryId: r.entry_id, subjectKey: r.subject_key, item: r.item }));
}

/** Writes a page of an export being made, under its maker's token. */
export async function writeExportEntries(q: Queryable, list: string, day: IsoDate, maker: string, page: readonly KeptEntry[]): Promise<void> {
  if (page.length === 0) return;
  // As COPY text, as a day's public records are (record-exports.store.ts).
  await q.copyIn(
    'list_export_entry',
    ['list', 'day', 'maker', 'entry_id', 'subject_key', 'item'],
    copyRows(page.map((p) => [list, day, maker, p.entryId, p.subjectKey, p.item])),
  );
}

/**
 * Keeps an export whose entries are written: its header, unless another maker's is there first,
 * or the maker's entries are not all there (a sweep took them): false.
 */
export async function keepExportHeader(q: Queryable, list: string, day: IsoDate, header: KeptExport): Promise<boolean> {
  const made = await q.query(
    `INSERT INTO list_export (list, day, maker, made_at, checkpoint_id, entries)
     SELECT $1, $2, $3, $4, $5, $6::int
     WHERE (SELECT count(*)::int FROM list_export_entry WHERE list = $1 AND day = $2 AND maker = $3) = $6::int
     ON CONFLICT (list, day) DO NOTHING RETURNING list`,
    [list, day, header.maker, header.madeAt, header.checkpointId, header.entries],
  );
  return made.length > 0;
}

/**
 * Removes a maker's entries, unless its export was kept (it was not, or it failed: a header
 * written whose acknowledgement was lost keeps them).
 */
export async function dropExportEntries(q: Queryable, list: string, day: IsoDate, maker: string): Promise<void> {
  await q.query(
    `DELETE FROM list_export_entry x WHERE x.list = $1 AND x.day = $2 AND x.maker = $3
       AND NOT EXISTS (SELECT 1 FROM list_export e WHERE e.list = x.list AND e.day = x.day AND e.maker = x.maker)`,
    [list, day, maker],
  );
}

/** Removes a list's entries of one day that no kept export owns (a maker that lost the race, or stopped midway). */
export async function dropUnkeptEntries(q: Queryable, list: string, day: IsoDate): Promise<void> {
  await q.query(
    `DELETE FROM list_export_entry x WHERE x.list = $1 AND x.day = $2
       AND NOT EXISTS (SELECT 1 FROM list_export e WHERE e.list = x.list AND e.day = x.day AND e.maker = x.maker)`,
    [list, day],
  );
}
