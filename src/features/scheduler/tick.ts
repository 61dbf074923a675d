// The scheduler: what happens by itself when time passes. Publicity ends at each record's
// maximum, list entries end at their expiry, and entries on lists with an escalation rule
// (three years on the abnormal operations list) are proposed for the serious list, which still
// needs notice and a decision. Each consequence is a ledger event by the system actor, dated
// the day it took effect, so as-of reads see it on the right day.
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { appendAndProject } from '../../ledger/write.ts';
import type { NewEvent } from '../../ledger/events.ts';
import { fromDb, LIST_ENTRY_TABLE } from '../../ledger/projection.ts';
import { addPeriod, type IsoDate } from '../../domain/dates.ts';
import { entryIdFor } from '../lists/list.service.ts';
import { SYSTEM_ACTOR } from '../../kernel/constants.ts';

export interface TickResult {
  date: IsoDate;
  publicityEnded: number;
  entriesExpired: number;
  escalationsProposed: number;
}

const PAGE = 5000;

export async function tick(db: Database, policy: Policy, clock: Clock): Promise<TickResult> {
  const now = clock.now();
  const today = policy.localDate(now);
  const result: TickResult = { date: today, publicityEnded: 0, entriesExpired: 0, escalationsProposed: 0 };

  // Records whose window has closed: one event each, a page per transaction.
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx.query<{ subject_key: string; record_id: string; publicity_end: string }>(
        `SELECT subject_key, record_id, publicity_end FROM credit_record
         WHERE publicity_end <= $1 AND publicity_ended_on IS NULL AND published AND status = 'active'
         ORDER BY publicity_end, record_id LIMIT $2`,
        [today, PAGE],
      );
      const events: NewEvent[] = rows.map((r) => ({
        type: 'record.publicity-ended',
        subject: r.subject_key,
        data: { endedOn: r.publicity_end, reason: 'expiry', recordId: r.record_id },
      }));
      if (events.length > 0) await appendAndProject(tx, events, SYSTEM_ACTOR, now);
      return events.length;
    });
    result.publicityEnded += n;
    if (n < PAGE) break;
  }

  // Escalations first, so an entry reaching its end on the day its escalation falls due still
  // escalates: a long stay on one list proposes an entry on another.
  for (const def of policy.lists) {
    if (!def.escalation) continue;
    const esc = def.escalation;
    const to = policy.list(esc.to)!;
    await db.transaction(async (tx) => {
      const rows = await tx.query(`SELECT * FROM list_entry WHERE list = $1 AND state = 'in-force' ORDER BY entry_id`, [def.code]);
      const events: NewEvent[] = [];
      for (const raw of rows) {
        const e = fromDb(LIST_ENTRY_TABLE, raw);
        if (!e.listedOn || addPeriod(e.listedOn, esc.after) > today) continue;
        const entryId = entryIdFor(to.code, `escalation:${e.entryId}`);
        const exists = await tx.query('SELECT 1 FROM list_entry WHERE entry_id = $1', [entryId]);
        if (exists.length > 0) continue;
        events.push({
          type: 'list.proposed',
          subject: e.subjectKey,
          data: {
            basisRecords: e.basisRecords,
            decidingAgency: e.decidingAgency,
            entryId,
            list: to.code,
            origin: 'escalation',
            proposedOn: today,
            reasons: `On ${def.code} since ${e.listedOn} (entry ${e.entryId}), longer than ${esc.after}. ${esc.note ?? ''}`.trim(),
            requestedUntil: null,
          },
        });
      }
      if (events.length > 0) await appendAndProject(tx, events, SYSTEM_ACTOR, now);
      result.escalationsProposed += events.length;
    });
  }
  // List entries past their end.
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx.query<{ subject_key: string; entry_id: string; until: string }>(
        `SELECT subject_key, entry_id, until FROM list_entry WHERE state = 'in-force' AND until <= $1 ORDER BY until, entry_id LIMIT $2`,
        [today, PAGE],
      );
      const events: NewEvent[] = rows.map((r) => ({
        type: 'list.removed',
        subject: r.subject_key,
        data: { entryId: r.entry_id, reason: 'expiry', reasons: 'the listing period ended', removedOn: r.until },
      }));
      if (events.length > 0) await appendAndProject(tx, events, SYSTEM_ACTOR, now);
      return events.length;
    });
    result.entriesExpired += n;
    if (n < PAGE) break;
  }

  return result;
}
