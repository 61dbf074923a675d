// Written authorisations to inquire (Regulation art. 18): a lender records what the person (or the
// enterprise's authorised representative) signed — the purposes, the day signed, the last day it
// holds — under its own reference, as a ledger event on the subject's log and a row of its own;
// and records the subject's withdrawal of one, effective that day. The identity number is kept as
// the subject key (a keyed hash for a person) and a masked number.
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import { AppError } from '../../kernel/problems.ts';
import { currentActor } from '../../kernel/request-context.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { borrowerOf } from '../../domain/credit-reporting/lines.ts';
import type { BorrowerRef } from '../../domain/credit-reporting/lines.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { consentByReference, consentsOf, insertConsent, insertWithdrawal, lockReference, type ConsentRow } from './consent.store.ts';

export interface ConsentInput {
  reference: string;
  /** A resident identity number or a USCC. */
  subject: string;
  purposes: string[];
  signedOn: string;
  expiresOn: string;
}

/** An authorisation as its lender sees it: the subject masked. */
export interface ConsentView {
  reference: string;
  subject: string;
  subjectKind: 'person' | 'organisation';
  purposes: string[];
  signedOn: string;
  expiresOn: string;
  withdrawnOn: string | null;
  recordedAt: string;
  event: { log: number; index: number };
}

export function consentView(c: ConsentRow): ConsentView {
  return {
    reference: c.reference,
    subject: c.subjectMasked,
    subjectKind: c.subjectKind,
    purposes: [...c.purposes],
    signedOn: c.signedOn,
    expiresOn: c.expiresOn,
    withdrawnOn: c.withdrawnOn,
    recordedAt: c.recordedAt,
    event: c.event,
  };
}

/** Only a lender (an agency of a furnisher kind) records authorisations and inquires. */
export function requireLender(policy: Policy, agency: AgencyPrincipal): void {
  if (!policy.isFurnisherKind(agency.kind))
    throw new AppError(
      'not-a-furnisher',
      `agency ${agency.code} is of kind ${agency.kind}, not a licensed lender; it neither records authorisations to inquire nor inquires`,
    );
}

/** The subject of a request: its key, kind and masked form, or a 422 naming the field. */
export function subjectOf(value: string, idHashSecret: string, field = 'subject'): BorrowerRef {
  const b = borrowerOf(value, idHashSecret);
  if (typeof b === 'string') throw new AppError('validation-failed', `${field} ${b}`, { errors: [{ field, message: b }] });
  return b;
}

const invalid = (field: string, message: string) => new AppError('validation-failed', `${field} ${message}`, { errors: [{ field, message }] });

export class ConsentService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly idHashSecret: string,
  ) {}

  /**
   * Records a written authorisation. The same reference again with the same content answers the
   * recorded one (created false); with other content it is refused, since an authorisation once
   * recorded is never changed.
   */
  async record(agency: AgencyPrincipal, input: ConsentInput): Promise<{ consent: ConsentView; created: boolean }> {
    requireLender(this.policy, agency);
    const now = this.clock.now();
    const today = this.policy.localDate(now);
    const subject = subjectOf(input.subject, this.idHashSecret);
    const lenderPurposes = new Set<string>(this.policy.furnishing.inquiryPurposes.filter((p) => p.inquirer === 'lender').map((p) => p.code));
    const bad = input.purposes.find((p) => !lenderPurposes.has(p));
    if (bad !== undefined) throw invalid('purposes', `'${bad.slice(0, 40)}' is not a purpose a lender may inquire for (${[...lenderPurposes].join(', ')})`);
    if (!isIsoDate(input.signedOn)) throw invalid('signedOn', 'must be a real date, YYYY-MM-DD');
    if (!isIsoDate(input.expiresOn)) throw invalid('expiresOn', 'must be a real date, YYYY-MM-DD');
    if (input.signedOn > today) throw invalid('signedOn', `must not be after today (${today}): an authorisation is recorded once signed`);
    if (input.expiresOn < input.signedOn) throw invalid('expiresOn', 'must not be before signedOn');
    const purposes = [...new Set(input.purposes)].sort();
    return this.db.transaction(async (tx) => {
      await lockReference(tx, agency.code, input.reference);
      const existing = await consentByReference(tx, agency.code, input.reference, subject.key);
      if (existing) {
        const same =
          existing.subjectKey === subject.key &&
          existing.signedOn === input.signedOn &&
          existing.expiresOn === input.expiresOn &&
          [...existing.purposes].sort().join(',') === purposes.join(',');
        if (!same)
          throw new AppError(
            'credit-consent-conflict',
            `authorisation ${input.reference} was recorded before with other content; it is never changed: record a new reference`,
          );
        return { consent: consentView(existing), created: false };
      }
      const [event] = await appendAndProject(
        tx,
        [
          {
            type: 'credit.consent-recorded',
            subject: subject.key,
            data: { lender: agency.code, reference: input.reference, purposes, signedOn: input.signedOn, expiresOn: input.expiresOn },
          },
        ],
        currentActor(),
        now,
      );
      const row: ConsentRow = {
        lender: agency.code,
        reference: input.reference,
        subjectKey: subject.key,
        subjectKind: subject.kind,
        subjectMasked: subject.masked,
        purposes,
        signedOn: input.signedOn,
        expiresOn: input.expiresOn,
        withdrawnOn: null,
        recordedAt: event!.at,
        event: { log: event!.log, index: event!.index },
      };
      await insertConsent(tx, row);
      return { consent: consentView(row), created: true };
    });
  }

  /** Records the subject's withdrawal of an authorisation, effective today; withdrawn before, it answers as it was. */
  async withdraw(agency: AgencyPrincipal, reference: string): Promise<ConsentView> {
    requireLender(this.policy, agency);
    const now = this.clock.now();
    const today = this.policy.localDate(now);
    return this.db.transaction(async (tx) => {
      await lockReference(tx, agency.code, reference);
      const c = await consentByReference(tx, agency.code, reference);
      if (!c) throw new AppError('credit-consent-not-found', `agency ${agency.code} recorded no authorisation ${reference.slice(0, 64)}`);
      if (c.withdrawnOn !== null) return consentView(c);
      const [event] = await appendAndProject(
        tx,
        [{ type: 'credit.consent-withdrawn', subject: c.subjectKey, data: { lender: agency.code, reference, withdrawnOn: today } }],
        currentActor(),
        now,
      );
      await insertWithdrawal(tx, {
        subjectKey: c.subjectKey,
        lender: agency.code,
        reference,
        withdrawnOn: today,
        recordedAt: event!.at,
        log: event!.log,
        index: event!.index,
      });
      return consentView({ ...c, withdrawnOn: today });
    });
  }

  /** The lender's own authorisations, newest first. */
  async list(agency: AgencyPrincipal, limit = 500): Promise<ConsentView[]> {
    requireLender(this.policy, agency);
    return (await consentsOf(this.db, agency.code, limit)).map(consentView);
  }
}
