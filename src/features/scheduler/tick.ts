// The scheduler: what happens by itself when time passes. Publicity ends at each record's
// maximum, list entries end at their expiry, and entries on lists with an escalation rule
// (three years on the abnormal operations list) are proposed for the serious list, which still
// needs notice and a decision by an agency of a kind that decides it: the entry's own deciding
// agency where its kind decides the target list, else nothing, left to the competent
// authority's own proposal. Credit objections a furnisher left unanswered past their 20 days
// escalate to the regulator. Once a local day, months of statements no longer furnished are
// compacted, and the persons with a score history are rescored. Each consequence is a ledger event by the system actor, dated the
// day it took effect, so as-of reads see it on the right day. Under a lease (several servers on
// one store, scheduler.ts), every transaction first holds the lease, so no two processes do it.
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { appendAndProject } from '../../ledger/write.ts';
import type { NewEvent } from '../../ledger/events.ts';
import { entriesPresent, inForceEntriesListedBy, periodRunOut, publicityRunOut } from './scheduler.store.ts';
import { addPeriod, latestStartRunOutBy, type IsoDate } from '../../domain/dates.ts';
import { agenciesDeciding, entryIdFor } from '../lists/list.service.ts';
import { SYSTEM_ACTOR } from '../../kernel/constants.ts';
import { escalateOverdueCreditObjections } from '../credit-reporting/credit-disputes.service.ts';
import { LeaseLost, type LeaseGuard } from './scheduler.ts';
import { rescorePersons } from '../credit-reporting/personal-score-rescoring.ts';
import { compactClosedMonths } from '../credit-reporting/statement-compaction.ts';
import { buildAccountHistories } from '../credit-reporting/account-history.ts';

export interface TickResult {
  date: IsoDate;
  publicityEnded: number;
  entriesExpired: number;
  escalationsProposed: number;
  /** Credit objections unanswered past their 20 days, escalated to the regulator (Regulation art. 25). */
  creditObjectionsEscalated: number;
  /**
   * Persons with a score history whose score changed since their latest row (data furnished
   * since, or time alone), found by the day's rescoring: under the lease it runs at the first
   * run of a local day (0 at the others, which leave it out); without one, at every tick.
   */
  personalScoresChanged: number;
  /**
   * Months of statements no longer furnished, rewritten in borrower order (statement-compaction.ts),
   * as YYYY-MM: in the daily work, before the rescoring, which then reads them so.
   */
  statementMonthsCompacted: string[];
  /**
   * Why the compaction stopped, when it failed (a full disk, say): the day's other work goes on,
   * and the next day's compaction tries the month again.
   */
  statementCompactionFailed: string | null;
  /**
   * The last month the account histories took in when they were built anew (account-history.ts:
   * after a month's compaction, before the rescoring), as YYYY-MM; else null.
   */
  accountHistoriesThrough: string | null;
  /** Why the build of the account histories did not complete, when it did not (reports then read the statements they would have held). */
  accountHistoryBuildFailed: string | null;
}

const PAGE = 5000;

/**
 * Runs the scheduler once; with `guard`, each transaction begins by holding the lease (else
 * LeaseLost), and the rescoring is left out once the day's daily work is recorded with the lease.
 */
export async function tick(db: Database, policy: Policy, clock: Clock, guard?: Pick<LeaseGuard, 'check' | 'hold' | 'dailyEvaluationOn'>): Promise<TickResult> {
  const now = clock.now();
  const today = policy.localDate(now);
  const result: TickResult = {
    date: today,
    publicityEnded: 0,
    entriesExpired: 0,
    escalationsProposed: 0,
    creditObjectionsEscalated: 0,
    personalScoresChanged: 0,
    statementMonthsCompacted: [],
    statementCompactionFailed: null,
    accountHistoriesThrough: null,
    accountHistoryBuildFailed: null,
  };

  // Records whose window has closed: one event each, a page per transaction.
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await guard?.hold(tx);
      const rows = await publicityRunOut(tx, today, PAGE);
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
      await guard?.hold(tx);
      const events: NewEvent[] = [];
      const due = (await inForceEntriesListedBy(tx, def.code, latestStartRunOutBy(today, esc.after))).filter(
        (e) => e.listedOn && addPeriod(e.listedOn, esc.after) <= today,
      );
      const deciding = await agenciesDeciding(
        tx,
        to,
        due.map((e) => e.decidingAgency),
      );
      const escalationIds = new Map(due.map((e) => [e.entryId, entryIdFor(to.code, `escalation:${e.entryId}`)]));
      const proposedBefore = await entriesPresent(tx, [...escalationIds.values()]);
      for (const e of due) {
        if (!deciding.has(e.decidingAgency)) continue;
        const entryId = escalationIds.get(e.entryId)!;
        if (proposedBefore.has(entryId)) continue;
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
      await guard?.hold(tx);
      const rows = await periodRunOut(tx, today, PAGE);
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

  // Its transactions are the credit-disputes feature's own: the lease is checked before them.
  guard?.check();
  result.creditObjectionsEscalated = await escalateOverdueCreditObjections(db, today, now);

  // Scores of persons with a history change with the data furnished since and with time alone
  // (months leaving the 24-month window, inquiries past 12 months, adverse information past five
  // years), which moves them by the day: they are rescored once a local day, at the first run
  // under the lease whose daily work (this and the evaluation, Platform.scheduledRun) is not yet
  // recorded for today.
  if (guard?.dailyEvaluationOn() === today) return result;
  guard?.check();
  const compacted: string[] = [];
  try {
    await compactClosedMonths(db, today, () => clock.now(), {
      timeZone: policy.manifest.timeZone,
      ...(guard ? { hold: (tx: Queryable) => guard.hold(tx) } : {}),
      onCompacted: (m) => compacted.push(m.month),
    });
  } catch (err) {
    if (err instanceof LeaseLost) throw err;
    result.statementCompactionFailed = err instanceof Error ? err.message : String(err);
  }
  result.statementMonthsCompacted = compacted;
  guard?.check();
  try {
    const built = await buildAccountHistories(db, () => clock.now(), guard ? { hold: (tx: Queryable) => guard.hold(tx) } : {});
    if (built === 'deferred')
      result.accountHistoryBuildFailed = 'the account histories stayed busy through every attempt of the swap; the next day builds again';
    else if (built) result.accountHistoriesThrough = built.throughMonth;
  } catch (err) {
    if (err instanceof LeaseLost) throw err;
    result.accountHistoryBuildFailed = err instanceof Error ? err.message : String(err);
  }
  guard?.check();
  result.personalScoresChanged = await rescorePersons(db, policy, today, clock, guard ? { hold: (tx) => guard.hold(tx) } : {});

  return result;
}
