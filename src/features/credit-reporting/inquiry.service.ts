// A lender's inquiry into a subject's credit (Regulation arts. 18, 20): for a purpose from the
// pack's closed list, on the subject's written authorisation for that purpose, or — post-loan
// management alone — on an account of the subject the lender holds open. A refused inquiry
// records nothing. An answered one is written (its row and its credit.inquiry event on the
// subject's log), with the report it answers assembled and the score that report serves a person
// in their score history, in one transaction committed before the report is returned, and the
// view is access-logged: no report leaves without its inquiry on record, and no score without its
// row in the history.
import { randomBytes } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import { AppError } from '../../kernel/problems.ts';
import { currentActor } from '../../kernel/request-context.ts';
import { consentFailure, type ConsentFailure, type InquiryPurpose } from '../../domain/credit-reporting/inquiry.ts';
import { accountDetail, type CreditReport, type GridMonths } from '../../domain/credit-reporting/report.ts';
import { assertNever } from '../../domain/assert-never.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { takeLogs } from '../../ledger/ledger.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import type { CreditReportService } from './credit-report.service.ts';
import { accountsOf, batchesAfter } from './credit-report.store.ts';
import { consentByReference } from './consent.store.ts';
import { requireLender, subjectOf } from './consent.service.ts';
import { holdScoreOf, recordScore } from './personal-score-history.store.ts';
import { insertInquiry, inquiriesBy, type InquiryRow } from './inquiry.store.ts';

export interface InquiryInput {
  subject: string;
  purpose: string;
  /** The reference of the subject's written authorisation; absent only where the purpose allows. */
  consent?: string | undefined;
  months?: GridMonths | undefined;
}

/** An inquiry as its lender sees it: the subject masked. */
export interface InquiryView {
  id: string;
  at: string;
  date: string;
  purpose: string;
  subject: string;
  subjectKind: 'person' | 'organisation';
  consent: string | null;
  openAccount: string | null;
  event: { log: number; index: number };
}

const view = (r: InquiryRow): InquiryView => ({
  id: r.inquiryId,
  at: r.at,
  date: r.date,
  purpose: r.purpose,
  subject: r.subjectMasked,
  subjectKind: r.subjectKind,
  consent: r.consent,
  openAccount: r.openAccount,
  event: r.event,
});

function failureText(f: ConsentFailure, reference: string, today: string): string {
  switch (f) {
    case 'unknown':
      return `this lender recorded no authorisation ${reference}`;
    case 'other-subject':
      return `authorisation ${reference} was given by another subject`;
    case 'purpose-not-covered':
      return `authorisation ${reference} does not cover this purpose`;
    case 'not-yet-signed':
      return `authorisation ${reference} is signed after today (${today})`;
    case 'expired':
      return `authorisation ${reference} expired before today (${today})`;
    case 'withdrawn':
      return `authorisation ${reference} was withdrawn`;
    default:
      return assertNever(f, 'consent failure');
  }
}

export class InquiryService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly idHashSecret: string,
    private readonly reports: CreditReportService,
    private readonly access: AccessLog,
  ) {}

  private purpose(code: string): InquiryPurpose {
    const p = this.policy.furnishing.inquiryPurposes.find((x) => x.code === code);
    if (!p) {
      const known = this.policy.furnishing.inquiryPurposes.map((x) => x.code).join(', ');
      throw new AppError('validation-failed', `purpose '${code.slice(0, 40)}' is not one of ${known}`, {
        errors: [{ field: 'purpose', message: `must be one of ${known}` }],
      });
    }
    return p;
  }

  /** Inquires, and answers the report as of today once the inquiry is on record. */
  async inquire(agency: AgencyPrincipal, input: InquiryInput): Promise<{ inquiry: InquiryView; report: CreditReport }> {
    requireLender(this.policy, agency);
    const subject = subjectOf(input.subject, this.idHashSecret);
    const purpose = this.purpose(input.purpose);
    if (purpose.inquirer !== 'lender')
      throw new AppError('purpose-not-permitted', `the purpose ${purpose.code} (${purpose.label.zh}) is the subject's own; a lender never inquires for it`);
    for (;;) {
      const today = this.policy.localDate(this.clock.now());
      const serving = { date: today, institution: { code: agency.code, name: agency.name }, purpose: purpose.code };
      const assemble = await this.reports.prepare(subject.key, { asOf: today, months: input.months ?? 24, serving });
      const served = await this.db.transaction(async (tx) => {
        // A person's score is held before anything it is computed from is read, and the instant
        // of the inquiry taken after: its score is recorded after every earlier writer's row, and
        // the report served is the one whose score is recorded.
        if (subject.kind === 'person') await holdScoreOf(tx, subject.key);
        const now = this.clock.now();
        // The day turned while the report's public part was read: read it again for the new day.
        if (this.policy.localDate(now) !== today) return null;
        // Assembled before the subject's log is taken, which other subjects' writes share; nothing
        // of it leaves unless the authorisation below holds.
        const report = await assemble(tx);
        // The subject's log is held from before the authorisation is read: a withdrawal (an event on
        // the same log) commits either before it, and the inquiry sees it, or after the inquiry.
        await takeLogs(tx, [subject.key]);
        let consent: string | null = null;
        let openAccount: string | null = null;
        if (input.consent !== undefined) {
          const c = await consentByReference(tx, agency.code, input.consent, subject.key);
          const failure = consentFailure(c, { lender: agency.code, subjectKey: subject.key, purpose: purpose.code }, today);
          if (failure !== null)
            throw new AppError('consent-not-valid', `${failureText(failure, input.consent.slice(0, 64), today)}; nothing was inquired (Regulation art. 18)`, {
              reason: failure,
            });
          consent = input.consent;
        } else {
          switch (purpose.authority) {
            case 'written-or-own-open-account': {
              const own = (await accountsOf(tx, subject.key, 'borrower', today, await batchesAfter(tx, now))).filter((a) => a.furnisher.code === agency.code);
              // Open: not closed, settled or written off in its latest statement.
              const open = own.find((a) => accountDetail(a, today, 1).state === 'open');
              if (!open)
                throw new AppError(
                  'consent-required',
                  `${purpose.code} without a written authorisation rests on an account of the subject this lender holds open, and it holds none; nothing was inquired (Regulation art. 18)`,
                );
              openAccount = open.account;
              break;
            }
            case 'written':
            case 'none':
              throw new AppError(
                'consent-required',
                `an inquiry for ${purpose.code} needs the subject's written authorisation (consent); nothing was inquired (Regulation art. 18)`,
              );
            default:
              return assertNever(purpose.authority, 'inquiry authority');
          }
        }
        const inquiryId = `ci-${randomBytes(12).toString('hex')}`;
        const [event] = await appendAndProject(
          tx,
          [{ type: 'credit.inquiry', subject: subject.key, data: { inquiryId, lender: agency.code, purpose: purpose.code, consent, openAccount } }],
          currentActor(),
          now,
        );
        const r: InquiryRow = {
          inquiryId,
          lender: agency.code,
          subjectKey: subject.key,
          subjectKind: subject.kind,
          subjectMasked: subject.masked,
          purpose: purpose.code,
          consent,
          openAccount,
          at: event!.at,
          date: today,
          event: { log: event!.log, index: event!.index },
        };
        await insertInquiry(tx, r);
        // The score served (counting this inquiry among the hard ones where it is one), recorded
        // with the inquiry: a failed history write refuses the inquiry rather than answer with a
        // score never recorded.
        if (report.score) await recordScore(tx, subject.key, report.score, 'inquiry', now);
        return { row: r, report };
      });
      if (!served) continue;
      // Committed: the inquiry is on record before anything of the report leaves.
      await this.access.viewed(subject.key, 'beyond-public', 'inquired into the credit report', purpose.code);
      return { inquiry: view(served.row), report: served.report };
    }
  }

  /** The lender's own inquiries, newest first. */
  async inquiries(agency: AgencyPrincipal, limit = 500): Promise<InquiryView[]> {
    requireLender(this.policy, agency);
    return (await inquiriesBy(this.db, agency.code, limit)).map(view);
  }
}
