// The financial credit report (征信报告) as of a date: what it says about a person or an
// enterprise, assembled purely from the furnished accounts and statements, the inquiries, the
// public records and the subject's annotations. Adverse information past its five years
// (Regulation art. 16, see retention.ts) is not shown; nothing here reads a clock or a store.
import type { LegalBasis, Text } from '../policy/schema.ts';
import type { AccountType, RepaymentStatus } from './standard.ts';

export const CREDIT_REPORT_FORMAT = 'xinyong-financial-credit-report/1';

/** Months of the repayment grid: 24 by default, five years on request. */
export const GRID_MONTHS = [24, 60] as const;
export type GridMonths = (typeof GRID_MONTHS)[number];

export type CreditSubjectKind = 'person' | 'organisation';

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
}
