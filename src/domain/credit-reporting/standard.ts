// The fixed vocabulary of the furnishing data standard (financial credit reporting, DOMAIN.md
// sec. 9): the kinds of line a furnisher sends, account types, repayment-status codes and how
// they agree with days past due, the categories a data item may belong to, and what the
// Regulation forbids collecting. A policy pack chooses items within this vocabulary; it cannot
// add to it.

/** The kinds of line in a furnishing batch. */
export const LINE_KINDS = ['account', 'statement', 'notice', 'consent'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** Account types of the second-generation report (repayment responsibilities as guarantee). */
export const ACCOUNT_TYPES = ['non-revolving-loan', 'revolving-loan', 'credit-card', 'guarantee'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Account types with a credit limit (revolving); the others have a principal (or guaranteed amount). */
export const REVOLVING_TYPES: ReadonlySet<string> = new Set<AccountType>(['revolving-loan', 'credit-card']);

/**
 * Repayment-status codes of the monthly grid: N current; 1-7 days past due in 30-day buckets;
 * C settled; G ended abnormally; D paid by the guarantor; Z settled with assets; B bad debt
 * (written off); * no repayment due this month; # status unknown.
 */
export const REPAYMENT_STATUSES = ['N', '1', '2', '3', '4', '5', '6', '7', 'C', 'G', 'D', 'Z', 'B', '*', '#'] as const;
export type RepaymentStatus = (typeof REPAYMENT_STATUSES)[number];

/** Statuses that are adverse information (art. 15 notice, art. 16 five years). */
export const ADVERSE_STATUSES: ReadonlySet<string> = new Set<RepaymentStatus>(['1', '2', '3', '4', '5', '6', '7', 'G', 'D', 'Z', 'B']);

/** Statuses that state the account is current or owes nothing overdue: no day past due. */
const NOTHING_OVERDUE: ReadonlySet<string> = new Set<RepaymentStatus>(['N', 'C', '*']);

/**
 * The overdue bucket a number of days past due falls in: 0 for none, 1 for 1-30 days, ... 6 for
 * 151-180, and 7 for more than 180.
 */
export function overdueBucket(daysPastDue: number): number {
  if (daysPastDue <= 0) return 0;
  return Math.min(7, Math.ceil(daysPastDue / 30));
}

/**
 * Whether a status code and days past due agree: N, C and * mean nothing is overdue (0 days);
 * 1-7 name the 30-day bucket the days fall in; G, D, Z, B and # end or leave unknown the
 * account's course and bind no number of days.
 */
export function statusAgreesWithDaysPastDue(status: string, daysPastDue: number): boolean {
  if (!Number.isSafeInteger(daysPastDue) || daysPastDue < 0) return false;
  if (NOTHING_OVERDUE.has(status)) return daysPastDue === 0;
  if (status.length === 1 && status >= '1' && status <= '7') return overdueBucket(daysPastDue) === Number(status);
  return (REPAYMENT_STATUSES as readonly string[]).includes(status);
}

/** The running status for days past due on an open account: N when none, else its bucket. */
export function runningStatus(daysPastDue: number): RepaymentStatus {
  const b = overdueBucket(daysPastDue);
  return b === 0 ? 'N' : (String(b) as RepaymentStatus);
}

/** Items a furnisher may send only with the person's written consent, after telling them the consequences (art. 14). */
export const CONSENT_GATED_CATEGORIES = ['income', 'deposits', 'securities', 'insurance', 'real-estate', 'tax'] as const;

/** The scope by which a person agrees that the lender furnishes their credit information at all (art. 29). */
export const FURNISHING_SCOPE = 'furnishing';

/** What a written consent may cover: furnishing the person's credit information, and the consent-gated items. */
export const CONSENT_SCOPES = [FURNISHING_SCOPE, ...CONSENT_GATED_CATEGORIES] as const;

/** The categories a data item of the standard may belong to: a closed enumeration. */
export const FURNISHING_CATEGORIES = [
  'account',
  'borrower',
  'contract',
  'amount',
  'repayment',
  'status',
  'notice',
  'consent',
  ...CONSENT_GATED_CATEGORIES,
] as const;
export type FurnishingCategory = (typeof FURNISHING_CATEGORIES)[number];

export function isConsentGated(category: string): boolean {
  return (CONSENT_GATED_CATEGORIES as readonly string[]).includes(category);
}

/**
 * What art. 14 of the Regulation forbids collecting, with words that name it. A data item whose
 * name (code, Chinese or English) contains one of these cannot be part of a pack.
 */
export const FORBIDDEN_INFORMATION: ReadonlyArray<{ what: string; terms: readonly string[] }> = [
  { what: 'religious belief', terms: ['religion', 'religious', 'faith', '宗教', '信仰'] },
  { what: 'genes', terms: ['gene', 'genetic', 'genome', 'dna', '基因'] },
  { what: 'fingerprints', terms: ['fingerprint', '指纹'] },
  { what: 'blood type', terms: ['blood', '血型'] },
  { what: 'disease and medical history', terms: ['disease', 'illness', 'medical', 'diagnos', 'health', '疾病', '病史', '病历', '医疗', '健康'] },
];

/** What art. 14 forbids that a name mentions, or undefined. */
export function forbiddenInformationIn(text: string): string | undefined {
  const t = text.toLowerCase().replace(/[\s_-]+/g, '');
  return FORBIDDEN_INFORMATION.find((f) => f.terms.some((term) => t.includes(term)))?.what;
}

/** Field types of the standard: bounded values and identifiers only; there is no free text. */
export const FURNISHING_FIELD_TYPES = ['identifier', 'borrower', 'borrower-list', 'currency', 'date', 'month', 'money', 'integer', 'enum', 'enum-list', 'boolean'] as const;
export type FurnishingFieldType = (typeof FURNISHING_FIELD_TYPES)[number];

/**
 * The fields the platform itself reads, by line kind, with their types: every pack defines them
 * (it may add others, stored beside them). `required` is what the platform needs present.
 */
export const CORE_FIELDS: Readonly<Record<LineKind, ReadonlyArray<{ name: string; type: FurnishingFieldType; required: boolean; values?: readonly string[] }>>> = {
  account: [
    { name: 'account', type: 'identifier', required: true },
    { name: 'type', type: 'enum', required: true, values: ACCOUNT_TYPES },
    { name: 'borrower', type: 'borrower', required: true },
    { name: 'currency', type: 'currency', required: true },
    { name: 'openedOn', type: 'date', required: true },
    { name: 'limit', type: 'money', required: false },
    { name: 'principal', type: 'money', required: false },
    { name: 'termMonths', type: 'integer', required: false },
    { name: 'guarantors', type: 'borrower-list', required: false },
    { name: 'consent', type: 'identifier', required: false },
  ],
  statement: [
    { name: 'account', type: 'identifier', required: true },
    { name: 'month', type: 'month', required: true },
    { name: 'balance', type: 'money', required: true },
    { name: 'amountDue', type: 'money', required: true },
    { name: 'amountPaid', type: 'money', required: true },
    { name: 'daysPastDue', type: 'integer', required: true },
    { name: 'status', type: 'enum', required: true, values: REPAYMENT_STATUSES },
    { name: 'closedOn', type: 'date', required: false },
    { name: 'writtenOff', type: 'money', required: false },
  ],
  notice: [
    { name: 'account', type: 'identifier', required: true },
    { name: 'notifiedOn', type: 'date', required: true },
    { name: 'method', type: 'enum', required: true },
  ],
  consent: [
    { name: 'reference', type: 'identifier', required: true },
    { name: 'borrower', type: 'borrower', required: true },
    { name: 'scope', type: 'enum-list', required: true, values: CONSENT_SCOPES },
    { name: 'signedOn', type: 'date', required: true },
    { name: 'expiresOn', type: 'date', required: false },
  ],
};
