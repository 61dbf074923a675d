// The public records' kept days (migration 46): a header a day, and its maker's changes from the
// last day kept before it; the records public on a kept day read back from the changes by record
// id, a page at a time; and the records public on a day as known now, from the projections.
import type { Database, Queryable } from '../../store/database.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { copyRows } from '../../store/copy.ts';
import { loadRecordsPublicOn } from '../../ledger/projection.ts';
import type { RecordRow } from '../../ledger/projection.ts';

export interface KeptPublication {
  day: IsoDate;
  maker: string;
  afterDay: IsoDate | null;
  madeAt: string;
  checkpointId: number;
  records: number;
  added: number;
  modified: number;
  deleted: number;
}

/** A record's public view as a kept day has it (item), with its subject's key; null item: not public. */
export interface PublicationChange {
  recordId: string;
  subjectKey: string;
  item: string | null;
}

type HeaderRow = {
  day: Date | string;
  maker: string;
  after_day: Date | string | null;
  made_at: Date | string;
  checkpoint_id: string | number;
  records: number;
  added: number;
  modified: number;
  deleted: number;
};

const isoDay = (d: Date | string): IsoDate => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

function header(row: HeaderRow): KeptPublication {
  return {
    day: isoDay(row.day),
    maker: row.maker,
    afterDay: row.after_day === null ? null : isoDay(row.after_day),
    madeAt: new Date(row.made_at).toISOString(),
    checkpointId: Number(row.checkpoint_id),
    records: row.records,
    added: row.added,
    modified: row.modified,
    deleted: row.deleted,
  };
}

const HEADER =
  "SELECT to_char(day, 'YYYY-MM-DD') AS day, maker, to_char(after_day, 'YYYY-MM-DD') AS after_day, made_at, checkpoint_id, records, added, modified, deleted FROM record_publication_day";

export async function keptPublication(q: Queryable, day: IsoDate): Promise<KeptPublication | null> {
  const [row] = await q.query<HeaderRow>(`${HEADER} WHERE day = $1`, [day]);
  return row ? header(row) : null;
}

/** The last day kept, or null before any. */
export async function lastKeptPublication(q: Queryable): Promise<KeptPublication | null> {
  const [row] = await q.query<HeaderRow>(`${HEADER} ORDER BY day DESC LIMIT 1`);
  return row ? header(row) : null;
}

/**
 * A page of the records public on a kept day, by record id after a cursor: each record's latest
 * kept change on or before the day, where it is public ("rec_" and hex: one order in every collation).
 */
export async function publicationPage(
  q: Queryable,
  day: IsoDate,
  after: string,
  limit: number,
): Promise<Array<{ recordId: string; subjectKey: string; item: string }>> {
  const rows = await q.query<{ record_id: string; subject_key: string; item: string }>(
    `SELECT record_id, subject_key, item FROM (
       SELECT DISTINCT ON (c.record_id) c.record_id, c.subject_key, c.item
       FROM record_publication c JOIN record_publication_day d ON d.day = c.day AND d.maker = c.maker
       WHERE c.day <= $1 AND c.record_id > $2
       ORDER BY c.record_id, c.day DESC
     ) latest WHERE item IS NOT NULL ORDER BY record_id LIMIT $3`,
    [day, after, limit],
  );
  return rows.map((r) => ({ recordId: r.record_id, subjectKey: r.subject_key, item: r.item }));
}

/** Writes a page of a day's changes being made, under its maker's token. */
export async function writePublicationChanges(q: Queryable, day: IsoDate, maker: string, page: readonly PublicationChange[]): Promise<void> {
  if (page.length === 0) return;
  // As COPY text: a page's items as an array parameter cost PGlite more to serialize (element by
  // element, each escaped by regular expressions) than the store spent inserting them.
  await q.copyIn(
    'record_publication',
    ['record_id', 'day', 'maker', 'subject_key', 'item'],
    copyRows(page.map((p) => [p.recordId, day, maker, p.subjectKey, p.item])),
  );
}

/**
 * Keeps a day whose changes are written: its header, unless the day is kept already, or a day
 * after `afterDay` was kept meanwhile (the changes would not chain), or the maker's changes are
 * not all there (a sweep took them): false. The table is locked for the look and the write, so
 * two makers never both keep.
 */
export async function keepPublicationHeader(db: Database, h: KeptPublication): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.exec('LOCK TABLE record_publication_day IN SHARE ROW EXCLUSIVE MODE');
    const made = await tx.query(
      `INSERT INTO record_publication_day (day, maker, after_day, made_at, checkpoint_id, records, added, modified, deleted)
       SELECT $1, $2, $3::date, $4, $5, $6, $7::int, $8::int, $9::int
       WHERE NOT EXISTS (SELECT 1 FROM record_publication_day WHERE $3::date IS NULL OR day > $3::date)
         AND (SELECT count(*)::int FROM record_publication WHERE day = $1 AND maker = $2) = $7::int + $8::int + $9::int
       RETURNING day`,
      [h.day, h.maker, h.afterDay, h.madeAt, h.checkpointId, h.records, h.added, h.modified, h.deleted],
    );
    return made.length > 0;
  });
}

/**
 * Removes changes no kept day owns, under the lock the header's write takes (so a header being
 * written is seen, and its day's changes are never taken from under it): a maker's own, or
 * (maker null) every maker's of the week up to `through` (a maker that lost the race, or stopped
 * midway; a week, so that days the scheduler missed are swept too, without reading all history).
 */
async function dropUnowned(db: Database, through: IsoDate, maker: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('LOCK TABLE record_publication_day IN SHARE MODE');
    await tx.query(
      `DELETE FROM record_publication c WHERE c.day BETWEEN $1::date - 7 AND $1::date AND ($2::text IS NULL OR (c.day = $1 AND c.maker = $2))
         AND NOT EXISTS (SELECT 1 FROM record_publication_day d WHERE d.day = c.day AND d.maker = c.maker)`,
      [through, maker],
    );
  });
}

/** Removes a maker's changes of a day, unless they were kept (its day was not kept, or it failed). */
export const dropPublicationChanges = (db: Database, day: IsoDate, maker: string) => dropUnowned(db, day, maker);

/** Removes the changes of the week up to `through` that no kept day owns. */
export const dropUnkeptPublicationChanges = (db: Database, through: IsoDate) => dropUnowned(db, through, null);

/** The code, name and kind of each of these subjects, by key. */
export async function subjectsOf(q: Queryable, keys: readonly string[]): Promise<Map<string, { code: string; name: string; kind: string }>> {
  if (keys.length === 0) return new Map();
  const rows = await q.query<{ subject_key: string; code: string; name: string; kind: string }>(
    'SELECT subject_key, code, name, kind FROM subject WHERE subject_key = ANY($1::text[])',
    [[...new Set(keys)]],
  );
  return new Map(rows.map((r) => [r.subject_key, { code: r.code, name: r.name, kind: r.kind }]));
}

/** Up to `pages` pages of the records public on a day as known now, in subject order after a cursor, with their bodies. */
export function recordsPublicOn(q: Queryable, day: IsoDate, after: { subjectKey: string; recordId: string }, limit: number, pages = 1): Promise<RecordRow[]> {
  return loadRecordsPublicOn(q, day, after, limit, pages);
}
