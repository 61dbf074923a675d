// An account's history: its months' current statements packed into one row, so that a report or a
// score reads an account's whole history from one place instead of one row per month in as many
// monthly partitions. The packing is lossless for every field a report or a score reads
// (StatementInput): unpacking gives back exactly the statements packed, month by month.
//
// The packed form is two strings over the months from the first month held to the last:
//   - `statuses`, one repayment-status code a month, `-` where the month has no statement;
//   - `figures`, one field a month joined by `;`, empty where the month has no statement, else
//     `balance/due/paid/daysPastDue`, followed by `/closedOn` when the account closed that month
//     and `/closedOn/writtenOff` when a debt was written off (closedOn then possibly empty).
// A score reads the statuses alone for most of what it needs; the figures are parsed when read.
import { addMonths } from '../dates.ts';
import type { StatementInput } from './report-input.ts';
import { REPAYMENT_STATUSES, type RepaymentStatus } from './standard.ts';

/** An account's months packed: see the module's header. */
export interface PackedHistory {
  /** The first month held, YYYY-MM. */
  firstMonth: string;
  statuses: string;
  figures: string;
}

/** The code of a month without a statement in `statuses`. */
export const NO_STATEMENT = '-';

const STATUSES: ReadonlySet<string> = new Set(REPAYMENT_STATUSES);

/** Whole months from `from` to `to` (both YYYY-MM). */
export function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

const monthAt = (first: string, i: number) => addMonths(`${first}-01`, i).slice(0, 7);

/** A whole number of fen or days as the packed form writes it; anything else cannot be packed. */
function whole(n: number, what: string): string {
  if (!Number.isSafeInteger(n)) throw new Error(`an account's history holds whole numbers only: ${what} is ${n}`);
  return String(n);
}

/** One month's field of `figures`. */
function figuresOf(s: StatementInput): string {
  const head = `${whole(s.balanceFen, 'a balance')}/${whole(s.amountDueFen, 'an amount due')}/${whole(s.amountPaidFen, 'an amount paid')}/${whole(s.daysPastDue, 'days past due')}`;
  if (s.writtenOffFen !== null) return `${head}/${s.closedOn ?? ''}/${whole(s.writtenOffFen, 'an amount written off')}`;
  return s.closedOn !== null ? `${head}/${s.closedOn}` : head;
}

/**
 * An account's statements packed (at most one a month, in any order); null when there are none.
 * Throws on two statements of one month or a status the standard does not have.
 */
export function packHistory(statements: readonly StatementInput[]): PackedHistory | null {
  if (statements.length === 0) return null;
  const sorted = [...statements].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const firstMonth = sorted[0]!.month;
  const span = monthsBetween(firstMonth, sorted.at(-1)!.month) + 1;
  const statuses = new Array<string>(span).fill(NO_STATEMENT);
  const figures = new Array<string>(span).fill('');
  for (const s of sorted) {
    const i = monthsBetween(firstMonth, s.month);
    if (statuses[i] !== NO_STATEMENT) throw new Error(`an account's history holds one statement a month: ${s.month} twice`);
    if (!STATUSES.has(s.status)) throw new Error(`an account's history holds the standard's statuses: ${s.status} in ${s.month}`);
    statuses[i] = s.status;
    figures[i] = figuresOf(s);
  }
  return { firstMonth, statuses: statuses.join(''), figures: figures.join(';') };
}

/** A packed number, checked. */
function num(field: string, what: string): number {
  const n = Number(field);
  if (field === '' || !Number.isSafeInteger(n)) throw new Error(`an account's history is damaged: ${what} "${field}"`);
  return n;
}

/** The statements of a packed history, oldest first. Throws on a damaged one. */
export function unpackHistory(packed: PackedHistory): StatementInput[] {
  const fields = packed.figures.split(';');
  if (fields.length !== packed.statuses.length)
    throw new Error(`an account's history is damaged: ${packed.statuses.length} months of status, ${fields.length} of figures`);
  const out: StatementInput[] = [];
  for (let i = 0; i < fields.length; i++) {
    const status = packed.statuses[i]!;
    const field = fields[i]!;
    if (status === NO_STATEMENT) {
      if (field !== '') throw new Error(`an account's history is damaged: figures for a month without a statement`);
      continue;
    }
    if (!STATUSES.has(status)) throw new Error(`an account's history is damaged: status "${status}"`);
    const parts = field.split('/');
    if (parts.length < 4 || parts.length > 6) throw new Error(`an account's history is damaged: figures "${field}"`);
    const closedOn = parts[4] ? parts[4] : null;
    if (closedOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(closedOn)) throw new Error(`an account's history is damaged: closing day "${closedOn}"`);
    out.push({
      month: monthAt(packed.firstMonth, i),
      balanceFen: num(parts[0]!, 'a balance'),
      amountDueFen: num(parts[1]!, 'an amount due'),
      amountPaidFen: num(parts[2]!, 'an amount paid'),
      daysPastDue: num(parts[3]!, 'days past due'),
      status: status as RepaymentStatus,
      closedOn,
      writtenOffFen: parts.length === 6 ? num(parts[5]!, 'an amount written off') : null,
    });
  }
  return out;
}

/**
 * The statements of a history with newer versions of some of its months, or of months after it,
 * oldest first: each statement given replaces the month it is of (one a month).
 */
export function statementsWith(packed: PackedHistory | null, newer: readonly StatementInput[]): StatementInput[] {
  const own = packed ? unpackHistory(packed) : [];
  if (newer.length === 0) return own;
  const byMonth = new Map(own.map((s) => [s.month, s]));
  const replaced = new Set<string>();
  for (const s of newer) {
    if (replaced.has(s.month)) throw new Error(`an account's history takes one newer statement a month: ${s.month} twice`);
    replaced.add(s.month);
    byMonth.set(s.month, s);
  }
  return [...byMonth.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

/** The last month a history holds, YYYY-MM. */
export function lastMonthOf(packed: PackedHistory): string {
  return monthAt(packed.firstMonth, packed.statuses.length - 1);
}

/**
 * A history from its months' statuses and figures listed without gaps (`months`, ascending, one
 * status and one figures field each): the gaps between them filled as packHistory fills them.
 */
export function spreadHistory(months: readonly string[], statuses: string, figures: string): PackedHistory {
  const fields = figures.split(';');
  if (months.length === 0 || statuses.length !== months.length || fields.length !== months.length)
    throw new Error(`an account's history is damaged: ${months.length} months, ${statuses.length} statuses, ${fields.length} figures`);
  for (let i = 1; i < months.length; i++)
    if (!(months[i - 1]! < months[i]!)) throw new Error(`an account's history is damaged: months out of order at ${months[i]}`);
  const firstMonth = months[0]!;
  const span = monthsBetween(firstMonth, months.at(-1)!) + 1;
  const spreadStatuses = new Array<string>(span).fill(NO_STATEMENT);
  const spreadFigures = new Array<string>(span).fill('');
  for (let i = 0; i < months.length; i++) {
    const at = monthsBetween(firstMonth, months[i]!);
    spreadStatuses[at] = statuses[i]!;
    spreadFigures[at] = fields[i]!;
  }
  return { firstMonth, statuses: spreadStatuses.join(''), figures: spreadFigures.join(';') };
}

/**
 * A history with a newer one's months: each month the newer holds replaces the older's. When the
 * newer begins after the older ends (a month-end build's case) the two are joined as they are.
 */
export function mergeHistories(older: PackedHistory | null, newer: PackedHistory): PackedHistory {
  if (older === null) return newer;
  const last = lastMonthOf(older);
  if (newer.firstMonth <= last) return packHistory(statementsWith(older, unpackHistory(newer)))!;
  const gap = monthsBetween(last, newer.firstMonth) - 1;
  return {
    firstMonth: older.firstMonth,
    statuses: older.statuses + NO_STATEMENT.repeat(gap) + newer.statuses,
    figures: `${older.figures};${';'.repeat(gap)}${newer.figures}`,
  };
}
