// The attributes a personal credit score may read: a closed enumeration of measures of a person's
// financial credit history, each computed here from the accounts, statements and inquiries a credit
// report shows as of a date. A policy pack bins these and gives them points; it cannot name
// anything else, so no protected or public-credit attribute can enter a score.
import { addMonths } from '../dates.ts';
import { monthsBetween, NO_STATEMENT, unpackHistory, type PackedHistory } from './account-history.ts';
import { expiredAdverseMonths } from './retention.ts';
import { gridMonths, type AccountInput, type InquiryInput, type StatementInput } from './report-input.ts';
import { REVOLVING_TYPES, type RepaymentStatus } from './standard.ts';

/** The attributes, in the order that breaks ties between reasons. */
export const SCORE_ATTRIBUTES = [
  'worst-status-24m',
  'months-late-24m',
  'derogatory-accounts',
  'revolving-utilisation',
  'hard-inquiries-12m',
  'history-length',
  'credit-mix',
] as const;
export type ScoreAttribute = (typeof SCORE_ATTRIBUTES)[number];

/**
 * The worst repayment status of the last 24 months, as an ordered scale: N (nothing overdue)
 * best, then 1-7 by days past due, then D (paid by guarantor), Z (settled with assets), G (ended
 * abnormally), B (written off). The order is the credit report summary's.
 */
export const STATUS_SCALE = ['N', '1', '2', '3', '4', '5', '6', '7', 'D', 'Z', 'G', 'B'] as const;

/** Statuses that mark an account as derogatory: written off, ended abnormally, paid by a guarantor, settled with assets. */
export const DEROGATORY_STATUSES: ReadonlySet<string> = new Set<RepaymentStatus>(['B', 'G', 'D', 'Z']);

/** Inquiry purposes that are hard inquiries: a lender deciding on the person's application for credit. */
export const HARD_INQUIRY_PURPOSES: ReadonlySet<string> = new Set(['loan-approval', 'credit-card-approval']);

/**
 * Which way an attribute's points must run over its bins, checked when the pack loads:
 * `worse-when-higher` (a higher value never earns more points), `better-when-higher`, or `free`.
 */
export type ScoreDirection = 'worse-when-higher' | 'better-when-higher' | 'free';

export interface ScoreAttributeDef {
  direction: ScoreDirection;
  /** An ordered scale of codes a bin's bound names instead of a number (the worst status). */
  scale?: readonly string[];
  /** Whether the attribute may have no value (no revolving limit to measure utilisation against). */
  mayBeNone: boolean;
  /** Whether values are whole numbers. */
  integer: boolean;
}

export const SCORE_ATTRIBUTE_DEFS: Readonly<Record<ScoreAttribute, ScoreAttributeDef>> = {
  'worst-status-24m': { direction: 'worse-when-higher', scale: STATUS_SCALE, mayBeNone: false, integer: true },
  'months-late-24m': { direction: 'worse-when-higher', mayBeNone: false, integer: true },
  'derogatory-accounts': { direction: 'worse-when-higher', mayBeNone: false, integer: true },
  'revolving-utilisation': { direction: 'worse-when-higher', mayBeNone: true, integer: false },
  'hard-inquiries-12m': { direction: 'worse-when-higher', mayBeNone: false, integer: true },
  'history-length': { direction: 'better-when-higher', mayBeNone: false, integer: true },
  'credit-mix': { direction: 'free', mayBeNone: false, integer: true },
};

export function isScoreAttribute(name: unknown): name is ScoreAttribute {
  return typeof name === 'string' && (SCORE_ATTRIBUTES as readonly string[]).includes(name);
}

/** What a score reads about a person as of a date: the accounts they borrow on and the inquiries about them. */
export interface ScoreInput {
  asOf: string;
  accounts: readonly AccountInput[];
  inquiries: readonly InquiryInput[];
}

/**
 * The value of every attribute: a number (the worst status as its index on STATUS_SCALE), or null
 * where the attribute has none. Adverse months past their five years (art. 16) are not read.
 */
export type ScoreValues = Record<ScoreAttribute, number | null>;

/** A statement as the report shows it on the date: null for an adverse month past its five years. */
function shownStatements(a: Pick<AccountInput, 'statements'>, asOf: string): StatementInput[] {
  const month = asOf.slice(0, 7);
  const statements = a.statements.filter((s) => s.month <= month);
  const expired = expiredAdverseMonths(statements, asOf);
  return statements.filter((s) => !expired.has(s.month));
}

const statusIndex = (s: RepaymentStatus): number => (STATUS_SCALE as readonly string[]).indexOf(s);

/** Whole months from the day an account opened to the date (0 within the first month). */
function monthsSince(openedOn: string, asOf: string): number {
  let months = (Number(asOf.slice(0, 4)) - Number(openedOn.slice(0, 4))) * 12 + Number(asOf.slice(5, 7)) - Number(openedOn.slice(5, 7));
  if (months > 0 && addMonths(openedOn, months) > asOf) months--;
  return Math.max(0, months);
}

/** What the accounts read so far add up to, before the inquiries. */
interface Tally {
  window: ReadonlySet<string>;
  /** The 24 months read, oldest first. */
  windowMonths: readonly string[];
  worst: number;
  lateMonths: Set<string>;
  derogatory: number;
  balance: number;
  limit: number;
  oldest: string | null;
  types: Set<string>;
}

/** The 24 months read as of the last date asked for (a bulk score asks for one date a million times). */
let lastWindow: { asOf: string; months: readonly string[]; set: ReadonlySet<string> } | null = null;

function windowOf(asOf: string): { months: readonly string[]; set: ReadonlySet<string> } {
  if (lastWindow?.asOf !== asOf) {
    const months = gridMonths(asOf, 24);
    lastWindow = { asOf, months, set: new Set(months) };
  }
  return lastWindow;
}

const newTally = (asOf: string): Tally => {
  const w = windowOf(asOf);
  return {
    window: w.set,
    windowMonths: w.months,
    worst: 0,
    lateMonths: new Set(),
    derogatory: 0,
    balance: 0,
    limit: 0,
    oldest: null,
    types: new Set(),
  };
};

/** The account's type and opening, which every account adds whatever its months. */
function tallyOpening(t: Tally, a: Pick<AccountInput, 'type' | 'openedOn'>): void {
  if (a.type === 'guarantee') return;
  t.types.add(a.type);
  if (t.oldest === null || a.openedOn < t.oldest) t.oldest = a.openedOn;
}

/** A revolving line's balance and limit, from its latest statement shown (none: nothing owed, the limit drawable). */
function tallyLine(
  t: Tally,
  a: Pick<AccountInput, 'type' | 'limitFen'>,
  latest: { status: string; balanceFen: number; closedOn: string | null } | undefined,
): void {
  if (!REVOLVING_TYPES.has(a.type) || a.limitFen === null || a.limitFen <= 0) return;
  const settled = latest?.status === 'C';
  if (!settled) t.balance += latest?.balanceFen ?? 0;
  if (!settled && (latest?.closedOn ?? null) === null) t.limit += a.limitFen;
}

/** What a score reads of an account. */
type ScoredAccount = Pick<AccountInput, 'type' | 'openedOn' | 'limitFen' | 'statements'>;

/** One account opened by the date, with its statements. */
function tallyAccount(t: Tally, a: ScoredAccount, asOf: string): void {
  const shown = shownStatements(a, asOf);
  tallyOpening(t, a);
  if (shown.some((s) => DEROGATORY_STATUSES.has(s.status) || s.writtenOffFen !== null)) t.derogatory++;
  for (const s of shown) {
    if (!t.window.has(s.month)) continue;
    const i = statusIndex(s.status);
    if (i > t.worst) t.worst = i;
    if (s.daysPastDue > 0 || (i >= 1 && i <= 7)) t.lateMonths.add(s.month);
  }
  const latest = shown.reduce<StatementInput | undefined>((l, s) => (!l || s.month > l.month ? s : l), undefined);
  // What is owed counts until the line is settled (a debt written off or in arrears is still
  // owed, a closed line's balance too); what may be drawn counts while the line is open. So a
  // larger balance never lowers the utilisation, whatever the line's state. A line whose last
  // month is no longer shown (adverse, five years on) ended then: its earlier months shown do
  // not make it open again, and its hidden balance is not read.
  const last = a.statements.reduce<StatementInput | undefined>((l, s) => (s.month <= asOf.slice(0, 7) && (!l || s.month > l.month) ? s : l), undefined);
  if (last === undefined || last === latest) tallyLine(t, a, latest);
}

function valuesOf(t: Tally, inquiries: readonly InquiryInput[], asOf: string): ScoreValues {
  const after = addMonths(asOf, -12);
  const hard = inquiries.filter((i) => HARD_INQUIRY_PURPOSES.has(i.purpose) && i.date > after && i.date <= asOf).length;
  return {
    'worst-status-24m': t.worst,
    'months-late-24m': t.lateMonths.size,
    'derogatory-accounts': t.derogatory,
    'revolving-utilisation': t.limit > 0 ? t.balance / t.limit : null,
    'hard-inquiries-12m': hard,
    'history-length': t.oldest === null ? 0 : monthsSince(t.oldest, asOf),
    'credit-mix': t.types.size,
  };
}

/** The attributes of a person as of a date, from what their credit report shows on it. */
export function scoreValues(input: ScoreInput): ScoreValues {
  const t = newTally(input.asOf);
  for (const a of input.accounts) if (a.openedOn <= input.asOf) tallyAccount(t, a, input.asOf);
  return valuesOf(t, input.inquiries, input.asOf);
}

/**
 * An account's history with nothing in it that needs its figures to be scored: no closing day,
 * no write-off, and no status but nothing overdue (N, C, *), days past due (1-7) and no statement
 * (-), so each month's days past due follow from its status (furnishing refuses any that do not
 * agree). Its statuses and the balance of its last month are all a score reads of it.
 */
export interface PlainHistory {
  firstMonth: string;
  statuses: string;
  lastBalanceFen: number;
}

/** An account as a bulk score reads it: its opening and limit, and its months packed (account-history.ts), or plain. */
export interface PackedAccount extends Pick<AccountInput, 'type' | 'openedOn' | 'limitFen'> {
  history: PackedHistory | PlainHistory | null;
}

const PLAIN_STATUSES = /^[NC*1-7-]*$/;

/** The slashes of a packed month's figures without a closing day or a write-off: balance/due/paid/days. */
const PLAIN_SLASHES = 3;

/** A history as a PlainHistory, or null when a month needs its figures. */
export function plainHistory(h: PackedHistory): PlainHistory | null {
  if (!PLAIN_STATUSES.test(h.statuses) || slashes(h.figures) !== PLAIN_SLASHES * statementMonths(h.statuses)) return null;
  const last = lastStatement(h.statuses);
  return last < 0 ? null : { firstMonth: h.firstMonth, statuses: h.statuses, lastBalanceFen: balanceAt(h.figures, last) };
}

/**
 * A plain history with a newer one's months, when they begin after its last and are plain too;
 * else null (the older's figures are then needed, mergeHistories).
 */
export function mergePlain(older: PlainHistory, newer: PackedHistory): PlainHistory | null {
  const gap = monthsBetween(older.firstMonth, newer.firstMonth) - older.statuses.length;
  const plain = gap >= 0 ? plainHistory(newer) : null;
  return plain && { firstMonth: older.firstMonth, statuses: older.statuses + NO_STATEMENT.repeat(gap) + plain.statuses, lastBalanceFen: plain.lastBalanceFen };
}

/**
 * A plain history's months as of a date not before its last month. None is hidden: an adverse
 * month is hidden only once a later month ended its episode five years before the date, so it
 * lies outside the 24 months read, and the last month, which no later month ends, is shown. None
 * is derogatory, and the last month is the latest shown.
 */
function tallyPlain(t: Tally, a: PackedAccount, p: PlainHistory): void {
  tallyOpening(t, a);
  const at = monthsBetween(t.windowMonths[0]!, p.firstMonth);
  for (let i = Math.max(0, -at); i < p.statuses.length && i + at < t.windowMonths.length; i++) {
    const code = p.statuses.charCodeAt(i) - 48;
    if (code < 1 || code > 7) continue;
    if (code > t.worst) t.worst = code;
    t.lateMonths.add(t.windowMonths[i + at]!);
  }
  const last = lastStatement(p.statuses);
  tallyLine(t, a, last < 0 ? undefined : { status: p.statuses[last]!, balanceFen: p.lastBalanceFen, closedOn: null });
}

/**
 * The same values as scoreValues, from packed accounts (a bulk score of every person). A plain
 * history (most accounts) is read from its statuses and last balance alone; any other is
 * unpacked and read as scoreValues reads it.
 */
export function packedScoreValues(input: { asOf: string; accounts: readonly PackedAccount[]; inquiries: readonly InquiryInput[] }): ScoreValues {
  const { asOf } = input;
  const t = newTally(asOf);
  const month = asOf.slice(0, 7);
  for (const a of input.accounts) {
    if (a.openedOn > asOf) continue;
    const h = a.history;
    if (h === null) {
      tallyOpening(t, a);
      tallyLine(t, a, undefined);
      continue;
    }
    const plain = 'lastBalanceFen' in h ? h : plainHistory(h);
    if (plain && monthsBetween(plain.firstMonth, month) >= plain.statuses.length - 1) tallyPlain(t, a, plain);
    else if ('figures' in h) tallyAccount(t, { ...a, statements: unpackHistory(h) }, asOf);
    else throw new Error(`a plain history past ${month} cannot be scored as of ${asOf}: its months after are to be read whole`);
  }
  return valuesOf(t, input.inquiries, asOf);
}

/** The index of the last month with a statement, or -1. */
function lastStatement(statuses: string): number {
  let last = statuses.length - 1;
  while (last >= 0 && statuses[last] === NO_STATEMENT) last--;
  return last;
}

function slashes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) n++;
  return n;
}

function statementMonths(statuses: string): number {
  let n = statuses.length;
  for (let i = statuses.indexOf(NO_STATEMENT); i >= 0; i = statuses.indexOf(NO_STATEMENT, i + 1)) n--;
  return n;
}

/** The balance of the month at index `i` of packed figures. */
function balanceAt(figures: string, i: number): number {
  let at = 0;
  for (let k = 0; k < i; k++) at = figures.indexOf(';', at) + 1;
  return Number(figures.slice(at, figures.indexOf('/', at)));
}
