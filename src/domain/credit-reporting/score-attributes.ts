// The attributes a personal credit score may read: a closed enumeration of measures of a person's
// financial credit history, each computed here from the accounts, statements and inquiries a credit
// report shows as of a date. A policy pack bins these and gives them points; it cannot name
// anything else, so no protected or public-credit attribute can enter a score.
import { addMonths } from '../dates.ts';
import { monthsBetween, NO_STATEMENT, unpackHistory, type PackedHistory } from './account-history.ts';
import { expiredAdverseMonths } from './retention.ts';
import { gridMonths, type AccountInput, type InquiryInput, type StatementInput } from './report-input.ts';
import { ACCOUNT_TYPES, REVOLVING_TYPES, type RepaymentStatus } from './standard.ts';

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

/**
 * The 24 months read as of a date, and what else a tally needs of the date, worked out once a
 * date: a bulk score asks for one date a million times.
 */
export interface ScoreWindow {
  asOf: string;
  /** The 24 months read, oldest first. */
  months: readonly string[];
  /** Each month read by its place in `months`: the bit it sets in Tally.lateMonths. */
  placeOf: ReadonlyMap<string, number>;
  /** The first month read, and the month of the date, as month counts (monthCountAt). */
  firstCount: number;
  monthCount: number;
  /** The day an inquiry must come after to be of the last 12 months. */
  yearBefore: string;
}

/** What the accounts read so far add up to, before the inquiries. */
export interface Tally {
  window: ScoreWindow;
  worst: number;
  /** The months late, as bits: bit i for the window's month i. */
  lateMonths: number;
  derogatory: number;
  balance: number;
  limit: number;
  oldest: string | null;
  /** The kinds of credit held, as bits: bit i for ACCOUNT_TYPES[i]. */
  kinds: number;
  /** Kinds held that the standard does not have, by name (none in what was furnished under it). */
  otherKinds: string[] | null;
}

let lastWindow: ScoreWindow | null = null;

function windowOf(asOf: string): ScoreWindow {
  if (lastWindow?.asOf !== asOf) {
    const months = gridMonths(asOf, 24);
    lastWindow = {
      asOf,
      months,
      placeOf: new Map(months.map((m, i) => [m, i])),
      firstCount: monthCountAt(months[0]!, 0),
      monthCount: monthCountAt(asOf, 0),
      yearBefore: addMonths(asOf, -12),
    };
  }
  return lastWindow;
}

/** Nothing read yet, as of a date. */
export const newTally = (asOf: string): Tally => ({
  window: windowOf(asOf),
  worst: 0,
  lateMonths: 0,
  derogatory: 0,
  balance: 0,
  limit: 0,
  oldest: null,
  kinds: 0,
  otherKinds: null,
});

/**
 * A month YYYY-MM written at `text[at, at + 7)` as a count of months (year × 12 + month), so
 * that months between two months is a difference (as monthsBetween reads them); NaN when it is
 * not so written.
 */
export function monthCountAt(text: string, at: number): number {
  const year = digitsAt(text, at, 4);
  return text.charCodeAt(at + 4) === DASH ? year * 12 + digitsAt(text, at + 5, 2) : Number.NaN;
}

const DASH = 45;
const ZERO = 48;

/** The number written in `n` decimal digits at `text[at]`, or NaN. */
export function digitsAt(text: string, at: number, n: number): number {
  let value = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/** The place of an account type in ACCOUNT_TYPES (its bit in Tally.kinds), or -1 for a type the standard does not have. */
export const kindOf = (type: string): number => (ACCOUNT_TYPES as readonly string[]).indexOf(type);

/** The kind of a guarantee: a repayment responsibility for another's credit, neither a kind of the person's credit nor a start of their history. */
export const GUARANTEE_KIND = kindOf('guarantee');

const REVOLVING_KINDS = ACCOUNT_TYPES.reduce((bits, type, kind) => (REVOLVING_TYPES.has(type) ? bits | (1 << kind) : bits), 0);

/** Whether accounts of a kind have a credit limit. */
export const isRevolvingKind = (kind: number): boolean => kind >= 0 && (REVOLVING_KINDS & (1 << kind)) !== 0;

/** The account's type and opening, which every account adds whatever its months. */
function tallyOpening(t: Tally, a: Pick<AccountInput, 'type' | 'openedOn'>): void {
  const kind = kindOf(a.type);
  if (kind < 0 && !(t.otherKinds ??= []).includes(a.type)) t.otherKinds.push(a.type);
  tallyOpened(t, kind, a.openedOn, 0, a.openedOn.length);
}

/** An account of a kind (-1: one the standard does not have) opened on the day written at `text[from, to)`. */
export function tallyOpened(t: Tally, kind: number, text: string, from: number, to: number): void {
  if (kind === GUARANTEE_KIND) return;
  if (kind >= 0) t.kinds |= 1 << kind;
  if (t.oldest === null || compareAt(text, from, to, t.oldest) < 0) t.oldest = text.slice(from, to);
}

/** `text[from, to)` against `other` as `<` orders strings: negative before it, 0 equal, positive after. */
export function compareAt(text: string, from: number, to: number, other: string): number {
  const n = Math.min(to - from, other.length);
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(from + i) - other.charCodeAt(i);
    if (d !== 0) return d;
  }
  return to - from - other.length;
}

/**
 * A revolving line's balance and limit, from its latest month shown: what it owed then, and
 * whether it was settled (C) or closed that month (none shown: nothing owed, the limit drawable).
 * What is owed counts until the line is settled (a debt written off or in arrears is still owed,
 * a closed line's balance too); what may be drawn counts while the line is open. So a larger
 * balance never lowers the utilisation, whatever the line's state.
 */
export function tallyLine(t: Tally, limitFen: number | null, owedFen: number, settled: boolean, closed: boolean): void {
  if (limitFen === null || limitFen <= 0 || settled) return;
  t.balance += owedFen;
  if (!closed) t.limit += limitFen;
}

/** What a score reads of an account. */
type ScoredAccount = Pick<AccountInput, 'type' | 'openedOn' | 'limitFen' | 'statements'>;

/** One account opened by the date, with its statements. */
function tallyAccount(t: Tally, a: ScoredAccount, asOf: string): void {
  const shown = shownStatements(a, asOf);
  tallyOpening(t, a);
  if (shown.some((s) => DEROGATORY_STATUSES.has(s.status) || s.writtenOffFen !== null)) t.derogatory++;
  for (const s of shown) {
    const place = t.window.placeOf.get(s.month);
    if (place === undefined) continue;
    const i = statusIndex(s.status);
    if (i > t.worst) t.worst = i;
    if (s.daysPastDue > 0 || (i >= 1 && i <= 7)) t.lateMonths |= 1 << place;
  }
  const latest = shown.reduce<StatementInput | undefined>((l, s) => (!l || s.month > l.month ? s : l), undefined);
  // A line whose last month is no longer shown (adverse, five years on) ended then: its earlier
  // months shown do not make it open again, and its hidden balance is not read.
  const last = a.statements.reduce<StatementInput | undefined>((l, s) => (s.month <= asOf.slice(0, 7) && (!l || s.month > l.month) ? s : l), undefined);
  if (REVOLVING_TYPES.has(a.type) && (last === undefined || last === latest))
    tallyLine(t, a.limitFen, latest?.balanceFen ?? 0, latest?.status === 'C', (latest?.closedOn ?? null) !== null);
}

/** The values of what the accounts add up to, with the hard inquiries of the last 12 months. */
export function valuesOf(t: Tally, inquiries: readonly InquiryInput[]): ScoreValues {
  const { asOf, yearBefore } = t.window;
  let hard = 0;
  for (const i of inquiries) if (HARD_INQUIRY_PURPOSES.has(i.purpose) && i.date > yearBefore && i.date <= asOf) hard++;
  return {
    'worst-status-24m': t.worst,
    'months-late-24m': bitCount(t.lateMonths),
    'derogatory-accounts': t.derogatory,
    'revolving-utilisation': t.limit > 0 ? t.balance / t.limit : null,
    'hard-inquiries-12m': hard,
    'history-length': t.oldest === null ? 0 : monthsSince(t.oldest, asOf),
    'credit-mix': bitCount(t.kinds) + (t.otherKinds?.length ?? 0),
  };
}

function bitCount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n++;
  return n;
}

/** The attributes of a person as of a date, from what their credit report shows on it. */
export function scoreValues(input: ScoreInput): ScoreValues {
  const t = newTally(input.asOf);
  for (const a of input.accounts) if (a.openedOn <= input.asOf) tallyAccount(t, a, input.asOf);
  return valuesOf(t, input.inquiries);
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
  const last = lastStatement(h.statuses, 0, h.statuses.length);
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
 * A plain history's months as of a date not before its last month: its statuses written at
 * `statuses[from, to)`, the first `at` months after the window's first, and its last balance.
 * None is hidden: an adverse month is hidden only once a later month ended its episode five years
 * before the date, so it lies outside the 24 months read, and the last month, which no later
 * month ends, is shown. None is derogatory, and the last month is the latest shown. The account's
 * opening is the caller's to add.
 */
export function tallyPlainMonths(
  t: Tally,
  kind: number,
  limitFen: number | null,
  statuses: string,
  from: number,
  to: number,
  at: number,
  lastBalanceFen: number,
): void {
  for (let i = from + Math.max(0, -at); i < to && i - from + at < WINDOW_MONTHS; i++) {
    const code = statuses.charCodeAt(i) - ZERO;
    if (code < 1 || code > 7) continue;
    if (code > t.worst) t.worst = code;
    t.lateMonths |= 1 << (i - from + at);
  }
  if (!isRevolvingKind(kind)) return;
  const last = lastStatement(statuses, from, to);
  if (last < 0) tallyLine(t, limitFen, 0, false, false);
  else tallyLine(t, limitFen, lastBalanceFen, statuses.charCodeAt(last) === SETTLED, false);
}

const WINDOW_MONTHS = 24;
const SETTLED = 'C'.charCodeAt(0);
const NO_STATEMENT_CODE = NO_STATEMENT.charCodeAt(0);

/**
 * The same values as scoreValues, from packed accounts (a bulk score of every person). A plain
 * history (most accounts) is read from its statuses and last balance alone; any other is
 * unpacked and read as scoreValues reads it.
 */
export function packedScoreValues(input: { asOf: string; accounts: readonly PackedAccount[]; inquiries: readonly InquiryInput[] }): ScoreValues {
  const t = newTally(input.asOf);
  for (const a of input.accounts) if (a.openedOn <= input.asOf) tallyPacked(t, a);
  return valuesOf(t, input.inquiries);
}

/** One packed account opened by the tally's date. Throws PlainHistoryPastMonth on a plain history past the date's month. */
export function tallyPacked(t: Tally, a: PackedAccount): void {
  const { asOf } = t.window;
  const h = a.history;
  if (h === null) {
    tallyOpening(t, a);
    if (REVOLVING_TYPES.has(a.type)) tallyLine(t, a.limitFen, 0, false, false);
    return;
  }
  const month = asOf.slice(0, 7);
  const plain = 'lastBalanceFen' in h ? h : plainHistory(h);
  if (plain && monthsBetween(plain.firstMonth, month) >= plain.statuses.length - 1) {
    tallyOpening(t, a);
    const at = monthsBetween(t.window.months[0]!, plain.firstMonth);
    tallyPlainMonths(t, kindOf(a.type), a.limitFen, plain.statuses, 0, plain.statuses.length, at, plain.lastBalanceFen);
  } else if ('figures' in h) tallyAccount(t, { ...a, statements: unpackHistory(h) }, asOf);
  else throw new PlainHistoryPastMonth(month, asOf);
}

/**
 * A plain history runs past the month of the date it is scored as of: which of its months are
 * shown then depends on figures it does not hold, so the account is to be read again whole.
 */
export class PlainHistoryPastMonth extends Error {
  constructor(month: string, asOf: string) {
    super(`a plain history past ${month} cannot be scored as of ${asOf}: its months after are to be read whole`);
    this.name = 'PlainHistoryPastMonth';
  }
}

/** The index of the last month with a statement in `statuses[from, to)`, or -1. */
function lastStatement(statuses: string, from: number, to: number): number {
  let last = to - 1;
  while (last >= from && statuses.charCodeAt(last) === NO_STATEMENT_CODE) last--;
  return last >= from ? last : -1;
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
