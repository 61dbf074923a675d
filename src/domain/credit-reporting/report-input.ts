// What a credit report is made from, as the store reads it: each account's current version with
// its months' current statements, and the inquiries, amounts in fen. The report (report.ts) and
// the personal score (score-attributes.ts, personal-score.ts) both read these; neither imports
// the other's module for them.
import { addMonths } from '../dates.ts';
import type { AccountType, RepaymentStatus } from './standard.ts';

export type CreditSubjectKind = 'person' | 'organisation';

/** One month's current statement, amounts in fen. */
export interface StatementInput {
  month: string;
  balanceFen: number;
  amountDueFen: number;
  amountPaidFen: number;
  daysPastDue: number;
  status: RepaymentStatus;
  closedOn: string | null;
  writtenOffFen: number | null;
}

/** An account's current version and its statements' current versions up to the report's month. */
export interface AccountInput {
  furnisher: { code: string; name: string };
  account: string;
  type: AccountType;
  borrowerMasked: string;
  currency: string;
  openedOn: string;
  limitFen: number | null;
  principalFen: number | null;
  termMonths: number | null;
  guarantorsMasked: string[];
  statements: StatementInput[];
}

export interface InquiryInput {
  /** The local date of the inquiry. */
  date: string;
  institution: { code: string; name: string };
  purpose: string;
}

/** The months YYYY-MM of a grid of n months ending with the month of `asOf`, oldest first. */
export function gridMonths(asOf: string, n: number): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(addMonths(`${asOf.slice(0, 7)}-01`, -i).slice(0, 7));
  return out;
}
