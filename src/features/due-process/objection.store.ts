// The objection table as the objections feature reads it beyond single objections (which the
// ledger's projection loads): the open one on a target, an agency's queue, the overdue ones.
import type { Queryable } from '../../store/database.ts';
import { fromDb, OBJECTION_TABLE, type ObjectionRow } from '../../ledger/projection.ts';
import type { Target } from '../../domain/due-process.ts';
import type { IsoDate } from '../../domain/dates.ts';

/**
 * The open objection to a record or list entry filed by one party, if there is one: `filer` is
 * an objection's filed_by (an agency's `agency:<code>`), or `subject:` for the subject through
 * any of its accounts.
 */
export async function openObjectionTo(q: Queryable, target: Target, filer: string): Promise<{ objectionId: string; deadline: IsoDate } | undefined> {
  const [open] = await q.query<{ objection_id: string; deadline: string }>(
    `SELECT objection_id, deadline::text FROM objection
     WHERE target_type = $1 AND target_id = $2 AND state = 'open' AND (filed_by = $3 OR ($3 = 'subject:' AND filed_by LIKE 'subject:%'))
     ORDER BY objection_id LIMIT 1`,
    [target.type, target.id, filer],
  );
  return open ? { objectionId: open.objection_id, deadline: open.deadline } : undefined;
}

/** Open objections an agency decides, soonest deadline first. */
export async function openObjectionsOf(q: Queryable, agency: string): Promise<ObjectionRow[]> {
  const rows = await q.query(`SELECT * FROM objection WHERE deciding_agency = $1 AND state = 'open' ORDER BY deadline, objection_id`, [agency]);
  return rows.map((r) => fromDb(OBJECTION_TABLE, r));
}

/** Open objections whose deadline is before a day, for every agency, soonest deadline first. */
export async function objectionsOpenPast(q: Queryable, date: IsoDate): Promise<ObjectionRow[]> {
  const rows = await q.query(`SELECT * FROM objection WHERE state = 'open' AND deadline < $1 ORDER BY deadline, objection_id`, [date]);
  return rows.map((r) => fromDb(OBJECTION_TABLE, r));
}
