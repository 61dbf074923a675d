// The financial credit report (征信报告) as of a date: what it says about a person or an
// enterprise, assembled purely from the furnished accounts and statements, the inquiries, the
// public records and the subject's annotations. Adverse information past its five years
// (Regulation art. 16, see retention.ts) is not shown; nothing here reads a clock or a store.
import type { LegalBasis, Text } from '../policy/schema.ts';
import { addMonths } from '../dates.ts';
import { fenToYuan } from '../money.ts';
import { ACCOUNT_TYPES, type AccountType, type RepaymentStatus } from './standard.ts';
import { gridMonths, type AccountInput, type CreditSubjectKind, type InquiryInput, type StatementInput } from './report-input.ts';
import { expiredAdverseMonths } from './retention.ts';
import type { NoScore, PersonalScore } from './personal-score.ts';

export { gridMonths, type AccountInput, type CreditSubjectKind, type InquiryInput, type StatementInput };

export const CREDIT_REPORT_FORMAT = 'xinyong-financial-credit-report/1';

/** Months of the repayment grid: 24 by default, five years on request. */
export const GRID_MONTHS = [24, 60] as const;
export type GridMonths = (typeof GRID_MONTHS)[number];

/** Who the report is about: never an unmasked identity number. */
export interface CreditReportIdentity {
  kind: CreditSubjectKind;
  /** A person's identity number masked; an organisation's USCC (not personal data). */
  masked: string;
  /** An organisation's name as the platform's subjects know it; null for a person or an unknown organisation. */
  name: string | null;
}

/** An account's state as its latest current statement shows it. */
export const ACCOUNT_STATES = ['open', 'settled', 'closed', 'written-off'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** One month of the repayment grid. A month without a statement, or whose adverse status is past its five years, shows null. */
export interface CreditGridMonth {
  /** YYYY-MM. */
  month: string;
  status: RepaymentStatus | null;
  daysPastDue: number | null;
}

/** The latest statement shown, amounts in yuan. */
export interface CreditLatestStatement {
  month: string;
  balance: number;
  amountDue: number;
  amountPaid: number;
  daysPastDue: number | null;
  status: RepaymentStatus | null;
  closedOn: string | null;
  writtenOff: number | null;
}

export interface CreditAccountDetail {
  furnisher: { code: string; name: string };
  account: string;
  type: AccountType;
  currency: string;
  openedOn: string;
  /** Amounts in yuan: the limit of a revolving account, the principal (or amount guaranteed) of the others. */
  limit: number | null;
  principal: number | null;
  termMonths: number | null;
  state: AccountState;
  latest: CreditLatestStatement | null;
  /** Persons and organisations that guarantee the account, masked. */
  guarantors: string[];
  /** The repayment grid, oldest month first, ending with the report's month. */
  grid: CreditGridMonth[];
}

export interface CreditAccountsOfType {
  type: AccountType;
  label: Text;
  accounts: CreditAccountDetail[];
}

/** A guarantee the subject gave: an account of another borrower that names the subject among its guarantors. */
export interface CreditGuaranteeGiven {
  furnisher: { code: string; name: string };
  account: string;
  type: AccountType;
  /** The borrower whose debt is guaranteed, masked. */
  borrower: string;
  currency: string;
  openedOn: string;
  /** The account's limit or principal, in yuan. */
  amount: number | null;
  state: AccountState;
  /** The guaranteed account's latest balance and status shown. */
  balance: number | null;
  status: RepaymentStatus | null;
}

export interface CreditReportSummary {
  accounts: Array<{ type: AccountType; label: Text; count: number; open: number }>;
  accountCount: number;
  openCount: number;
  /** Of open accounts, in yuan: limits of revolving ones, principals of the others, latest balances. */
  totalLimit: number;
  totalPrincipal: number;
  totalBalance: number;
  /** The worst status shown in the grid's last 24 months of any account; null when none is adverse. */
  worstStatus24: RepaymentStatus | null;
  /** Accounts whose shown latest status is B (bad debt, written off). */
  writtenOffCount: number;
  guaranteesGiven: { count: number; amount: number };
  inquiries: { lastYear: number; lastTwoYears: number };
}

/** Kinds of public information the financial report carries from the platform's own ledger. */
export const PUBLIC_RECORD_KINDS = ['court-enforcement', 'tax-arrears', 'administrative-penalty'] as const;
export type PublicRecordKind = (typeof PUBLIC_RECORD_KINDS)[number];

/** A public record inside its publicity window on the report's date, with its legal basis. */
export interface CreditPublicRecord {
  kind: PublicRecordKind;
  recordId: string;
  item: string;
  itemName: Text;
  agency: string;
  decision: Record<string, string>;
  publicity: { start: string | null; end: string | null };
  legalBasis: LegalBasis[];
}

/** A list entry in force on the report's date (the dishonest judgment defaulters and other serious lists). */
export interface CreditPublicListEntry {
  entryId: string;
  list: string;
  listName: Text;
  listedOn: string | null;
  until: string | null;
  decidingAgency: string;
  legalBasis: LegalBasis[];
}

/** An inquiry record (查询记录): when, by whom, why. */
export interface CreditInquiryRecord {
  /** YYYY-MM-DD, the local date of the inquiry. */
  date: string;
  institution: { code: string; name: string };
  purpose: string;
  purposeLabel: Text;
}

/** An objection mark on an account or one of its months (filled by the annotations, see CreditReportAnnotations). */
export interface CreditDisputeMark {
  furnisher: string;
  account: string;
  /** YYYY-MM for a month's statement; null for the account as a whole. */
  month: string | null;
  objection: string;
  filedOn: string;
  dueOn: string;
  state: string;
}

/** The subject's own statement on the report (本人声明). */
export interface PersonalStatement {
  text: string;
  addedOn: string;
}

/** What the subject and its objections add to the report: read by the due-process side of credit reporting. */
export interface CreditReportAnnotations {
  annotationsOf(subjectKey: string, asOf: string): Promise<{ disputes: CreditDisputeMark[]; statement: PersonalStatement | null }>;
}

export interface CreditReport {
  format: typeof CREDIT_REPORT_FORMAT;
  /** The date the report describes (YYYY-MM-DD) and the months of its grid. */
  asOf: string;
  months: GridMonths;
  identity: CreditReportIdentity;
  summary: CreditReportSummary;
  accounts: CreditAccountsOfType[];
  guarantees: CreditGuaranteeGiven[];
  publicRecords: { records: CreditPublicRecord[]; listEntries: CreditPublicListEntry[] };
  /** Inquiries of the last two years, newest first. */
  inquiries: CreditInquiryRecord[];
  disputes: CreditDisputeMark[];
  statement: PersonalStatement | null;
  /**
   * A person's credit score as of the report's date, under the scorecard in force on it, or why
   * there is none. An organisation's report has no score field at all: enterprises get no score.
   */
  score?: PersonalScore | NoScore;
}

// ---------------------------------------------------------------------------------------------
// Assembly: pure, from the rows a store read as of the report's date.

/** Account types as the report names its sections. */
export const ACCOUNT_TYPE_LABELS: Readonly<Record<AccountType, Text>> = {
  'non-revolving-loan': { zh: '非循环贷账户', en: 'Non-revolving loans' },
  'revolving-loan': { zh: '循环贷账户', en: 'Revolving loans' },
  'credit-card': { zh: '贷记卡账户', en: 'Credit cards' },
  guarantee: { zh: '担保账户', en: 'Guarantee accounts' },
};

export interface CreditReportInput {
  asOf: string;
  months: GridMonths;
  identity: CreditReportIdentity;
  /** The subject's accounts as borrower. */
  accounts: readonly AccountInput[];
  /** Other borrowers' accounts that name the subject among their guarantors. */
  guaranteed: readonly AccountInput[];
  publicRecords: CreditReport['publicRecords'];
  inquiries: readonly InquiryInput[];
  purposeLabels: ReadonlyMap<string, Text>;
  disputes: CreditDisputeMark[];
  statement: PersonalStatement | null;
}

/** The state of an account as its latest statement shows it; furnished without a statement yet, open. */
export function accountState(latest: Pick<StatementInput, 'status' | 'closedOn' | 'writtenOffFen'> | undefined): AccountState {
  if (!latest) return 'open';
  if (latest.status === 'B' || latest.writtenOffFen !== null) return 'written-off';
  if (latest.status === 'C') return 'settled';
  if (latest.closedOn !== null || latest.status === 'G') return 'closed';
  return 'open';
}

/** Severity of a status in the summary's "worst status": B, G, Z, D, then 7 down to 1; the rest are not adverse. */
const SEVERITY: Readonly<Record<string, number>> = { '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, D: 8, Z: 9, G: 10, B: 11 };

export function worseStatus(a: RepaymentStatus | null, b: RepaymentStatus | null): RepaymentStatus | null {
  const sa = a ? (SEVERITY[a] ?? 0) : 0;
  const sb = b ? (SEVERITY[b] ?? 0) : 0;
  if (sa === 0 && sb === 0) return null;
  return sa >= sb ? a : b;
}

const yuan = (fen: number | null): number | null => (fen === null ? null : fenToYuan(fen));

/** An account as the report shows it on `asOf`: adverse months past their five years are not shown. */
export function accountDetail(a: AccountInput, asOf: string, months: number): CreditAccountDetail {
  const statements = a.statements.filter((s) => s.month <= asOf.slice(0, 7));
  const expired = expiredAdverseMonths(statements, asOf);
  const byMonth = new Map(statements.map((s) => [s.month, s]));
  const latest = statements.reduce<StatementInput | undefined>((l, s) => (!l || s.month > l.month ? s : l), undefined);
  const hidden = latest !== undefined && expired.has(latest.month);
  return {
    furnisher: a.furnisher,
    account: a.account,
    type: a.type,
    currency: a.currency,
    openedOn: a.openedOn,
    limit: yuan(a.limitFen),
    principal: yuan(a.principalFen),
    termMonths: a.termMonths,
    state: accountState(latest),
    latest: latest
      ? {
          month: latest.month,
          balance: fenToYuan(latest.balanceFen),
          amountDue: fenToYuan(latest.amountDueFen),
          amountPaid: fenToYuan(latest.amountPaidFen),
          daysPastDue: hidden ? null : latest.daysPastDue,
          status: hidden ? null : latest.status,
          closedOn: latest.closedOn,
          writtenOff: hidden ? null : yuan(latest.writtenOffFen),
        }
      : null,
    guarantors: a.guarantorsMasked,
    grid: gridMonths(asOf, months).map((month) => {
      const s = byMonth.get(month);
      if (!s || expired.has(month)) return { month, status: null, daysPastDue: null };
      return { month, status: s.status, daysPastDue: s.daysPastDue };
    }),
  };
}

/** Inquiries on or before `asOf` and after the same day `monthsBack` months earlier. */
function inquiriesWithin(inquiries: readonly InquiryInput[], asOf: string, monthsBack: number): InquiryInput[] {
  const after = addMonths(asOf, -monthsBack);
  return inquiries.filter((i) => i.date > after && i.date <= asOf);
}

/** The credit report as of `input.asOf`. */
export function assembleCreditReport(input: CreditReportInput): CreditReport {
  const { asOf, months } = input;
  const details = input.accounts.map((a) => accountDetail(a, asOf, months));
  const guarantees: CreditGuaranteeGiven[] = input.guaranteed.map((a) => {
    const d = accountDetail(a, asOf, 1);
    return {
      furnisher: d.furnisher,
      account: d.account,
      type: d.type,
      borrower: a.borrowerMasked,
      currency: d.currency,
      openedOn: d.openedOn,
      amount: d.limit ?? d.principal,
      state: d.state,
      balance: d.latest?.balance ?? null,
      status: d.latest?.status ?? null,
    };
  });
  const open = details.filter((d) => d.state === 'open');
  const sum = (xs: ReadonlyArray<number | null | undefined>) => xs.reduce<number>((t, x) => t + Math.round((x ?? 0) * 100), 0) / 100;
  let worst: RepaymentStatus | null = null;
  for (const d of details) for (const m of d.grid.slice(-24)) worst = worseStatus(worst, m.status);
  const recent = inquiriesWithin(input.inquiries, asOf, 24).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return {
    format: CREDIT_REPORT_FORMAT,
    asOf,
    months,
    identity: input.identity,
    summary: {
      accounts: ACCOUNT_TYPES.map((type) => ({
        type,
        label: ACCOUNT_TYPE_LABELS[type],
        count: details.filter((d) => d.type === type).length,
        open: open.filter((d) => d.type === type).length,
      })),
      accountCount: details.length,
      openCount: open.length,
      totalLimit: sum(open.map((d) => d.limit)),
      totalPrincipal: sum(open.map((d) => d.principal)),
      totalBalance: sum(open.map((d) => d.latest?.balance)),
      worstStatus24: worst,
      writtenOffCount: details.filter((d) => d.latest?.status === 'B').length,
      guaranteesGiven: { count: guarantees.length, amount: sum(guarantees.filter((g) => g.state === 'open').map((g) => g.amount)) },
      inquiries: { lastYear: inquiriesWithin(input.inquiries, asOf, 12).length, lastTwoYears: recent.length },
    },
    accounts: ACCOUNT_TYPES.map((type) => ({
      type,
      label: ACCOUNT_TYPE_LABELS[type],
      accounts: details.filter((d) => d.type === type).sort((a, b) => (a.openedOn < b.openedOn ? 1 : a.openedOn > b.openedOn ? -1 : 0)),
    })).filter((s) => s.accounts.length > 0),
    guarantees,
    publicRecords: input.publicRecords,
    inquiries: recent.map((i) => ({
      date: i.date,
      institution: i.institution,
      purpose: i.purpose,
      purposeLabel: input.purposeLabels.get(i.purpose) ?? { zh: i.purpose, en: i.purpose },
    })),
    disputes: input.disputes,
    statement: input.statement,
  };
}

/** The kind of public information a public record is in the financial report, or null when it is none. */
export function publicRecordKind(category: string, polarity: string): PublicRecordKind | null {
  if (polarity !== 'negative') return null;
  if (category === 'judicial') return 'court-enforcement';
  if (category === 'tax') return 'tax-arrears';
  if (category === 'administrative-penalty') return 'administrative-penalty';
  return null;
}
