// The list entries as the lists feature reads them beyond single entries (which the ledger's
// projection loads): counts in force, who is on a list on a day, the change feed and an agency's
// open proposals.
import type { Queryable } from '../../store/database.ts';
import { fromDb, LIST_ENTRY_TABLE, type ListEntryRow } from '../../ledger/projection.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { isCitus } from '../../ledger/projection/store.ts';

/** A list entry with the subject it names. */
export type NamedEntry = ListEntryRow & { subjectName: string; subjectCode: string; subjectKind: string };

/** An entry an agency has still to notify or decide. */
export interface QueuedEntry {
  entryId: string;
  list: string;
  subjectKey: string;
  state: string;
  noticeDeadline: string | null;
  proposedOn: string;
}

const NAMED = `SELECT e.*, s.name AS subject_name, s.code AS subject_code, s.kind AS subject_kind FROM list_entry e JOIN subject s ON s.subject_key = e.subject_key`;

function named(r: Record<string, unknown>): NamedEntry {
  return {
    ...fromDb(LIST_ENTRY_TABLE, r),
    subjectName: r.subject_name as string,
    subjectCode: r.subject_code as string,
    subjectKind: r.subject_kind as string,
  };
}

/** Entries in force on a day, by list. */
export async function countInForce(q: Queryable, date: IsoDate): Promise<Map<string, number>> {
  const rows = await q.query<{ list: string; n: number }>(
    `SELECT list, count(*)::int AS n FROM list_entry WHERE state = 'in-force' AND listed_on <= $1 AND (until IS NULL OR until > $1) GROUP BY list`,
    [date],
  );
  return new Map(rows.map((c) => [c.list, c.n]));
}

/** Entries of a list listed on or before a day and neither removed nor expired by it, by entry id after a cursor. */
export async function entriesListedOn(q: Queryable, list: string, date: IsoDate, after: string, limit: number): Promise<NamedEntry[]> {
  const rows = await q.query(
    `${NAMED}
     WHERE e.list = $1 AND e.listed_on <= $2 AND (e.removed_on IS NULL OR e.removed_on > $2) AND (e.until IS NULL OR e.until > $2)
       AND e.entry_id > $3
     ORDER BY e.entry_id LIMIT $4`,
    [list, date, after, limit],
  );
  return rows.map(named);
}

/** The entries of these subjects in force on a day, on every list, by subject and entry id. */
export async function entriesInForceOf(q: Queryable, subjectKeys: readonly string[], date: IsoDate): Promise<NamedEntry[]> {
  const rows = await q.query(
    `${NAMED}
     WHERE e.subject_key = ANY($1::text[]) AND e.listed_on <= $2 AND (e.removed_on IS NULL OR e.removed_on > $2) AND (e.until IS NULL OR e.until > $2)
     ORDER BY e.subject_key, e.entry_id`,
    [subjectKeys, date],
  );
  return rows.map(named);
}

/** A log at a time, each read in its index's order up to the page's size (PGlite, PostgreSQL). */
const CHANGED_BY_LOG = `SELECT x.* FROM unnest($2::bigint[]) WITH ORDINALITY AS p(n, i)
     CROSS JOIN LATERAL (
       ${NAMED} WHERE e.list = $1 AND e.log = p.i - 1 AND e.last_index >= p.n AND e.listed_on IS NOT NULL
       ORDER BY e.last_index, e.entry_id LIMIT $3
     ) x
     ORDER BY x.last_index, x.log, x.entry_id LIMIT $3`;

/**
 * On Citus, which pushes no lateral subquery with a LIMIT down to the shards: each entry against
 * its own log's position, one statement that every shard runs with the order and the limit, whose
 * pages the coordinator merges. The first rows of the whole order hold a prefix of each log's.
 */
const CHANGED_ON_SHARDS = `${NAMED} WHERE e.list = $1 AND e.last_index >= ($2::bigint[])[e.log + 1] AND e.listed_on IS NOT NULL
     ORDER BY e.last_index, e.log, e.entry_id LIMIT $3`;

/**
 * The entries of a list ever listed whose last change comes after a ledger position (each
 * log's count of events before it), at most `limit` (but see below), ordered by that change's
 * index, log and entry id. What a page holds of each log is a prefix of that log's changes, so
 * a reader that moves each log's count past what it got skips nothing. One change can touch
 * several entries (a rename touches all of its subject's entries in force): a page never ends
 * inside such a group, so it may hold more than `limit` entries.
 */
export async function entriesChangedSince(q: Queryable, list: string, position: readonly number[], limit: number): Promise<NamedEntry[]> {
  const rows = await q.query((await isCitus(q)) ? CHANGED_ON_SHARDS : CHANGED_BY_LOG, [list, position, limit]);
  const last = rows.at(-1);
  if (rows.length === limit && last) {
    rows.push(
      ...(await q.query(`${NAMED} WHERE e.list = $1 AND e.log = $2 AND e.last_index = $3 AND e.entry_id > $4 AND e.listed_on IS NOT NULL ORDER BY e.entry_id`, [
        list,
        last.log,
        last.last_index,
        last.entry_id,
      ])),
    );
  }
  return rows.map(named);
}

/** The entries an agency decides that are proposed, notified or have its subject's statement: soonest notice deadline, then oldest proposal first. */
export async function queuedEntries(q: Queryable, agency: string): Promise<QueuedEntry[]> {
  return q.query<QueuedEntry & Record<string, unknown>>(
    `SELECT entry_id AS "entryId", list, subject_key AS "subjectKey", state, notice_deadline AS "noticeDeadline", proposed_on AS "proposedOn" FROM list_entry
     WHERE deciding_agency = $1 AND state IN ('proposed', 'notified', 'statement-received') ORDER BY notice_deadline NULLS LAST, proposed_on, entry_id`,
    [agency],
  );
}

/** The kind of each of these agencies that is registered, by code. */
export async function agencyKinds(q: Queryable, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await q.query<{ code: string; kind: string }>('SELECT code, kind FROM agency WHERE code = ANY($1::text[])', [[...new Set(codes)]]);
  return new Map(rows.map((r) => [r.code, r.kind]));
}

/**
 * The entries of these lists, not yet ended, that stand on any of these records, about one of
 * these subjects (null: any subject). Named, the subjects bound the read to their shards on Citus.
 */
export async function openEntriesOnRecords(
  q: Queryable,
  lists: readonly string[],
  recordIds: readonly string[],
  subjectKeys: readonly string[] | null,
): Promise<ListEntryRow[]> {
  if (lists.length === 0 || recordIds.length === 0 || subjectKeys?.length === 0) return [];
  const params: unknown[] = [[...lists], [...new Set(recordIds)]];
  if (subjectKeys !== null) params.push([...new Set(subjectKeys)]);
  const rows = await q.query(
    `SELECT * FROM list_entry WHERE list = ANY($1::text[]) AND basis_records && $2::text[]${subjectKeys === null ? '' : ' AND subject_key = ANY($3::text[])'}
       AND state IN ('proposed', 'notified', 'statement-received', 'in-force') ORDER BY entry_id`,
    params,
  );
  return rows.map((r) => fromDb(LIST_ENTRY_TABLE, r));
}
