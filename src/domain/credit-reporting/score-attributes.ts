// The attributes a personal credit score may read: a closed enumeration of measures of a person's
// financial credit history, each computed here from the accounts, statements and inquiries a credit
// report shows as of a date. A policy pack bins these and gives them points; it cannot name
// anything else, so no protected or public-credit attribute can enter a score.
import { addMonths } from '../dates.ts';
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
function shownStatements(a: AccountInput, asOf: string): StatementInput[] {
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

/** The attributes of a person as of a date, from what their credit report shows on it. */
export function scoreValues(input: ScoreInput): ScoreValues {
  const { asOf } = input;
  const window = new Set(gridMonths(asOf, 24));
  const accounts = input.accounts.filter((a) => a.openedOn <= asOf);
  let worst = 0;
  const lateMonths = new Set<string>();
  let derogatory = 0;
  let balance = 0;
  let limit = 0;
  let oldest: string | null = null;
  const types = new Set<string>();
  for (const a of accounts) {
    const shown = shownStatements(a, asOf);
    if (a.type !== 'guarantee') {
      types.add(a.type);
      if (oldest === null || a.openedOn < oldest) oldest = a.openedOn;
    }
    if (shown.some((s) => DEROGATORY_STATUSES.has(s.status) || s.writtenOffFen !== null)) derogatory++;
    for (const s of shown) {
      if (!window.has(s.month)) continue;
      const i = statusIndex(s.status);
      if (i > worst) worst = i;
      if (s.daysPastDue > 0 || (i >= 1 && i <= 7)) lateMonths.add(s.month);
    }
    const latest = shown.reduce<StatementInput | undefined>((l, s) => (!l || s.month > l.month ? s : l), undefined);
    // What is owed counts until the line is settled (a debt written off or in arrears is still
    // owed, a closed line's balance too); what may be drawn counts while the line is open. So a
    // larger balance never lowers the utilisation, whatever the line's state. A line whose last
    // month is no longer shown (adverse, five years on) ended then: its earlier months shown do
    // not make it open again, and its hidden balance is not read.
    const last = a.statements.reduce<StatementInput | undefined>((l, s) => (s.month <= asOf.slice(0, 7) && (!l || s.month > l.month) ? s : l), undefined);
    const lastHidden = last !== undefined && last !== latest;
    if (REVOLVING_TYPES.has(a.type) && !lastHidden && a.limitFen !== null && a.limitFen > 0) {
      const settled = latest?.status === 'C';
      if (!settled) balance += latest?.balanceFen ?? 0;
      if (!settled && (latest?.closedOn ?? null) === null) limit += a.limitFen;
    }
  }
  const after = addMonths(asOf, -12);
  const hard = input.inquiries.filter((i) => HARD_INQUIRY_PURPOSES.has(i.purpose) && i.date > after && i.date <= asOf).length;
  return {
    'worst-status-24m': worst,
    'months-late-24m': lateMonths.size,
    'derogatory-accounts': derogatory,
    'revolving-utilisation': limit > 0 ? balance / limit : null,
    'hard-inquiries-12m': hard,
    'history-length': oldest === null ? 0 : monthsSince(oldest, asOf),
    'credit-mix': types.size,
  };
}
