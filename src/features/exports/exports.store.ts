// The lists' kept daily exports (migration 43): a header a list and day, and the entries as
// exported, read back in entry id order a page at a time.
import type { Database, Queryable } from '../../store/database.ts';
import type { IsoDate } from '../../domain/dates.ts';

export interface KeptExport {
  madeAt: string;
  checkpointId: number;
  entries: number;
}

export async function keptExport(q: Queryable, list: string, day: IsoDate): Promise<KeptExport | null> {
  const [row] = await q.query<{ made_at: Date | string; checkpoint_id: string | number; entries: number }>(
    'SELECT made_at, checkpoint_id, entries FROM list_export WHERE list = $1 AND day = $2',
    [list, day],
  );
  if (!row) return null;
  return { madeAt: new Date(row.made_at).toISOString(), checkpointId: Number(row.checkpoint_id), entries: row.entries };
}

/** A page of a kept export's entries (each as exported, JSON text), by entry id after a cursor. */
export async function keptEntries(q: Queryable, list: string, day: IsoDate, after: string, limit: number): Promise<Array<{ entryId: string; item: string }>> {
  const rows = await q.query<{ entry_id: string; item: string }>(
    'SELECT entry_id, item FROM list_export_entry WHERE list = $1 AND day = $2 AND entry_id > $3 ORDER BY entry_id LIMIT $4',
    [list, day, after, limit],
  );
  return rows.map((r) => ({ entryId: r.entry_id, item: r.item }));
}

/**
 * Keeps an export, once: the header and every entry in one transaction. Whoever keeps a list's
 * day first wins; another maker's export of that day is not kept (false).
 */
export async function keepExport(
  db: Database,
  list: string,
  day: IsoDate,
  header: KeptExport,
  pages: () => AsyncIterable<Array<{ entryId: string; item: string }>>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const made = await tx.query(
      `INSERT INTO list_export (list, day, made_at, checkpoint_id, entries) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (list, day) DO NOTHING RETURNING list`,
      [list, day, header.madeAt, header.checkpointId, header.entries],
    );
    if (made.length === 0) return false;
    for await (const page of pages()) {
      if (page.length === 0) continue;
      await tx.query(
        `INSERT INTO list_export_entry (list, day, entry_id, item)
         SELECT $1, $2, e, i FROM unnest($3::text[], $4::text[]) AS t(e, i)`,
        [list, day, page.map((p) => p.entryId), page.map((p) => p.item)],
      );
    }
    return true;
  });
}
