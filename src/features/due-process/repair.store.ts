// The repair_application table as the repair feature reads it beyond single applications (which
// the ledger's projection loads): an agency's queue and the overdue ones.
import type { Queryable } from '../../store/database.ts';
import { fromDb, REPAIR_TABLE, type RepairRow } from '../../ledger/projection.ts';
import type { IsoDate } from '../../domain/dates.ts';

/** Pending applications an agency decides, soonest deadline first. */
export async function pendingRepairsOf(q: Queryable, agency: string): Promise<RepairRow[]> {
  const rows = await q.query(`SELECT * FROM repair_application WHERE deciding_agency = $1 AND state = 'pending' ORDER BY decide_by, repair_id`, [agency]);
  return rows.map((r) => fromDb(REPAIR_TABLE, r));
}

/** Pending applications whose deadline is before a day, for every agency, soonest deadline first. */
export async function repairsPendingPast(q: Queryable, date: IsoDate): Promise<RepairRow[]> {
  const rows = await q.query(`SELECT * FROM repair_application WHERE state = 'pending' AND decide_by < $1 ORDER BY decide_by, repair_id`, [date]);
  return rows.map((r) => fromDb(REPAIR_TABLE, r));
}
