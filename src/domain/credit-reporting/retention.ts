// The five-year end of adverse information (Regulation art. 16): adverse information is kept five
// years from the day the adverse conduct or event ended, and then no longer provided. The ledger
// and the furnishing tables keep every row; what this decides is what a report as of a date shows.
//
// An account's adverse conduct comes in episodes: a run of adverse months (status 1-7, G, D, Z or
// B, or any day past due) and the months after them until the conduct ends, which is
//   - the account's closing day, when a statement of the episode carries one and its status is
//     not B (a debt written off and closed unpaid has not ended);
//   - else the last day of the first later month whose statement says nothing is overdue (N
//     current, C settled, * nothing due), or its closing day when that statement carries one.
// A month of unknown status (#) or without a statement ends nothing. An episode that has not ended
// (a debt written off and never repaid, a delinquency still running) is shown without end.
// Shown through the day before the fifth anniversary of the end, gone on the anniversary itself
// (2024-02-29 + five years is 2029-02-28; see docs/credit-reporting.md on the doubt).
import { addMonths, type IsoDate } from '../dates.ts';
import { monthEnd } from './lines.ts';
import { ADVERSE_STATUSES, type RepaymentStatus } from './standard.ts';

/** The years adverse information is kept from the day its conduct ended (art. 16). */
export const ADVERSE_RETENTION_YEARS = 5;

/** One month's conduct on an account, as its current statement states it. */
export interface ConductMonth {
  /** YYYY-MM. */
  month: string;
  status: RepaymentStatus;
  daysPastDue: number;
  closedOn: IsoDate | null;
}

/** A run of adverse months of one account and the day its conduct ended (null: not ended). */
export interface AdverseEpisode {
  /** The first and last adverse month, YYYY-MM. */
  from: string;
  to: string;
  endedOn: IsoDate | null;
}

/** Statuses after which nothing is overdue: a later month of one of these ends an episode. */
const NOTHING_OVERDUE: ReadonlySet<string> = new Set<RepaymentStatus>(['N', 'C', '*']);

/** Whether a month's statement is adverse information: an adverse status or any day past due. */
export function isAdverse(m: Pick<ConductMonth, 'status' | 'daysPastDue'>): boolean {
  return ADVERSE_STATUSES.has(m.status) || m.daysPastDue > 0;
}

/** The adverse episodes of an account's months (in any order; one statement per month). */
export function adverseEpisodes(months: readonly ConductMonth[]): AdverseEpisode[] {
  const sorted = [...months].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const out: AdverseEpisode[] = [];
  let open: AdverseEpisode | null = null;
  for (const m of sorted) {
    if (isAdverse(m)) {
      if (open === null) out.push((open = { from: m.month, to: m.month, endedOn: null }));
      open.to = m.month;
      // Closed in an adverse month: the conduct ends on the closing day, unless the debt is written off unpaid.
      if (m.closedOn !== null && m.status !== 'B') {
        open.endedOn = m.closedOn;
        open = null;
      }
      continue;
    }
    if (open !== null && NOTHING_OVERDUE.has(m.status)) {
      open.endedOn = m.closedOn ?? monthEnd(m.month);
      open = null;
    }
  }
  return out;
}

/** The first day adverse information whose conduct ended on `endedOn` is no longer shown. */
export function retentionEnd(endedOn: IsoDate): IsoDate {
  return addMonths(endedOn, ADVERSE_RETENTION_YEARS * 12);
}

/** Whether an episode's adverse information is shown on a day: always while it has not ended, else before the fifth anniversary. */
export function isEpisodeShown(episode: Pick<AdverseEpisode, 'endedOn'>, date: IsoDate): boolean {
  return episode.endedOn === null || date < retentionEnd(episode.endedOn);
}

/**
 * The months whose adverse information is no longer shown on a day (YYYY-MM): every adverse month
 * of an episode that ended five years or more before it. Non-adverse months are always shown.
 */
export function expiredAdverseMonths(months: readonly ConductMonth[], date: IsoDate): Set<string> {
  const expired = new Set<string>();
  const adverse = months.filter(isAdverse).map((m) => m.month);
  for (const e of adverseEpisodes(months)) {
    if (isEpisodeShown(e, date)) continue;
    for (const month of adverse) if (month >= e.from && month <= e.to) expired.add(month);
  }
  return expired;
}
