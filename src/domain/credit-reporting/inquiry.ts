// Inquiries into the credit reference database (Regulation arts. 18 and 20): who may ask for a
// subject's report, for which purpose, and on what authority. A lender asks with a purpose from the
// pack's closed list and the subject's written authorisation for that purpose; post-loan management
// of an account the lender itself holds open is the one purpose the pack may let rest on that
// account instead. Pure: today is a parameter.
import { Type, type Static } from '@sinclair/typebox';
import { LegalBasisSchema, TextSchema } from '../policy/schema.ts';
import type { IsoDate } from '../dates.ts';

/**
 * The purposes an inquiry may have (查询原因): a closed enumeration the pack chooses from.
 * Pre-employment review is not among them: the base database answers institutions doing credit
 * business, and an employer is none (docs/credit-reporting.md).
 */
export const INQUIRY_PURPOSES = ['loan-approval', 'credit-card-approval', 'guarantee-qualification', 'post-loan-management', 'own-query'] as const;
export type InquiryPurposeCode = (typeof INQUIRY_PURPOSES)[number];

/** Who may make an inquiry of a purpose: a lender (a furnisher), or the subject itself. */
export const INQUIRERS = ['lender', 'subject'] as const;
export type Inquirer = (typeof INQUIRERS)[number];

/**
 * What an inquiry of a purpose rests on: the subject's written authorisation for the purpose
 * (`written`), that or an open account of the subject the lender holds (`written-or-own-open-account`,
 * post-loan management alone), or nothing beyond being the subject (`none`, the own query alone).
 */
export const INQUIRY_AUTHORITIES = ['written', 'written-or-own-open-account', 'none'] as const;
export type InquiryAuthority = (typeof INQUIRY_AUTHORITIES)[number];

const literalUnion = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));

export const InquiryPurposeSchema = Type.Object(
  {
    code: literalUnion(INQUIRY_PURPOSES),
    label: TextSchema,
    inquirer: literalUnion(INQUIRERS),
    authority: literalUnion(INQUIRY_AUTHORITIES),
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type InquiryPurpose = Static<typeof InquiryPurposeSchema>;

/** How each purpose of the enumeration must be set in a pack: the rules its load holds a pack to. */
export function inquiryPurposeProblems(purposes: readonly InquiryPurpose[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of purposes) {
    const where = `inquiry purpose ${p.code}`;
    if (seen.has(p.code)) out.push(`${where}: is defined twice`);
    seen.add(p.code);
    if (p.code === 'own-query') {
      if (p.inquirer !== 'subject') out.push(`${where}: the own query is the subject's alone, never a lender's (inquirer: subject)`);
      if (p.authority !== 'none') out.push(`${where}: the subject needs no authorisation to see its own report (authority: none)`);
      continue;
    }
    if (p.inquirer !== 'lender') out.push(`${where}: is a lender's purpose (inquirer: lender)`);
    if (p.authority === 'none') out.push(`${where}: a lender's inquiry needs the subject's written authorisation (Regulation art. 18)`);
    if (p.authority === 'written-or-own-open-account' && p.code !== 'post-loan-management')
      out.push(`${where}: only post-loan management may rest on the lender's own open account instead of a written authorisation`);
  }
  return out;
}

/** A written authorisation to inquire as recorded, with its withdrawal if any. */
export interface InquiryConsent {
  lender: string;
  reference: string;
  subjectKey: string;
  purposes: readonly string[];
  signedOn: IsoDate;
  /** The last day it holds. */
  expiresOn: IsoDate;
  /** The day from which it no longer holds, when withdrawn. */
  withdrawnOn: IsoDate | null;
}

/** Why a cited authorisation does not allow an inquiry: stable words of the problem document. */
export const CONSENT_FAILURES = ['unknown', 'other-subject', 'purpose-not-covered', 'not-yet-signed', 'expired', 'withdrawn'] as const;
export type ConsentFailure = (typeof CONSENT_FAILURES)[number];

/**
 * Whether a cited authorisation allows this lender's inquiry about this subject for this purpose
 * today. Another lender's authorisation is `unknown` (its existence is not the inquirer's to learn).
 * It holds from the day it is signed through its expiresOn day, and not from the day it is withdrawn.
 */
export function consentFailure(
  consent: InquiryConsent | undefined,
  inquiry: { lender: string; subjectKey: string; purpose: string },
  today: IsoDate,
): ConsentFailure | null {
  if (!consent || consent.lender !== inquiry.lender) return 'unknown';
  if (consent.subjectKey !== inquiry.subjectKey) return 'other-subject';
  if (!consent.purposes.includes(inquiry.purpose)) return 'purpose-not-covered';
  if (consent.signedOn > today) return 'not-yet-signed';
  if (consent.withdrawnOn !== null && consent.withdrawnOn <= today) return 'withdrawn';
  if (today > consent.expiresOn) return 'expired';
  return null;
}
