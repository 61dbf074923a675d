// The financial credit report of a person or an enterprise as of a date: the furnished accounts
// and statements, the guarantees the subject gave, the public records the platform's own ledger
// holds as of that date, the inquiries, and the annotations (dispute marks, the subject's own
// statement). Assembly is pure (src/domain/credit-reporting/report.ts); this reads. It records no
// view: its callers know who looks and log it (an inquiry, the subject's own query).
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { addMonths, isIsoDate } from '../../domain/dates.ts';
import { endOfLocalDay } from '../../domain/time-zone.ts';
import { isPersonKey } from '../../domain/records.ts';
import type { Text } from '../../domain/policy/schema.ts';
import {
  assembleCreditReport,
  GRID_MONTHS,
  publicRecordKind,
  type CreditPublicListEntry,
  type CreditPublicRecord,
  type CreditReport,
  type CreditReportAnnotations,
  type GridMonths,
  type AccountInput,
  type InquiryInput,
} from '../../domain/credit-reporting/report.ts';
import { personalScore, type NoScore, type PersonalScore } from '../../domain/credit-reporting/personal-score.ts';
import type { PublicProfile, SubjectService } from '../subjects/subject.service.ts';
import { accountsOf, batchesAfter, inquiriesInto, maskedSubject } from './credit-report.store.ts';

export interface CreditReportOptions {
  /** The date the report describes, YYYY-MM-DD: today or earlier. */
  asOf: string;
  months: GridMonths;
  /**
   * An inquiry this report answers that is stored with it, in the transaction that keeps the
   * report (a lender's inquiry, the subject's own query): listed first among the inquiry records.
   */
  serving?: InquiryInput;
}

export class CreditReportService {
  private readonly purposeLabels: ReadonlyMap<string, Text>;

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly subjects: SubjectService,
    private readonly annotations: CreditReportAnnotations,
  ) {
    this.purposeLabels = new Map(policy.furnishing.inquiryPurposes.map((p) => [p.code, p.label]));
  }

  /** Today's local date in the pack's time zone. */
  today(): string {
    return this.policy.localDate(this.clock.now());
  }

  /**
   * The report about a subject (its key: a person's keyed hash, an organisation's code) as of a
   * date. A date after today, or a grid of months other than 24 or 60, is refused. The public part
   * is read from the store itself even when `q` is a transaction (prepare): within a transaction
   * on PGlite, call prepare first.
   */
  async report(subjectKey: string, options: CreditReportOptions, q: Queryable = this.db): Promise<CreditReport> {
    return (await this.prepare(subjectKey, options))(q);
  }

  /**
   * A report in two steps. What does not enter a score (the subject's public records and list
   * entries, its dispute marks and statement) is read now, from the store itself; the function
   * returned reads what does (the accounts and the inquiries) through the Queryable it is given,
   * and assembles the report. A service that records the score it serves reads through the
   * transaction that holds the person's score (holdScoreOf) and records it there.
   */
  async prepare(subjectKey: string, options: CreditReportOptions): Promise<(q: Queryable) => Promise<CreditReport>> {
    const { asOf, months } = options;
    if (!isIsoDate(asOf) || asOf > this.today())
      throw new AppError('validation-failed', `asOf '${String(asOf).slice(0, 20)}' is not a date of today or earlier`, {
        errors: [{ field: 'asOf', message: 'must be a date, today or earlier' }],
      });
    if (!(GRID_MONTHS as readonly number[]).includes(months))
      throw new AppError('validation-failed', 'months is 24 or 60', { errors: [{ field: 'months', message: 'must be 24 or 60' }] });
    const end = endOfLocalDay(asOf, this.policy.manifest.timeZone);
    const [profile, annotations] = await Promise.all([this.subjects.profileOfKey(subjectKey, end), this.annotations.annotationsOf(subjectKey, asOf)]);
    return async (q) => {
      const at = end.getTime() < this.clock.now().getTime() ? end : this.clock.now();
      const later = await batchesAfter(q, at);
      const [accounts, guaranteed, inquiries] = await Promise.all([
        accountsOf(q, subjectKey, 'borrower', asOf, later),
        accountsOf(q, subjectKey, 'guarantor', asOf, later),
        inquiriesInto(q, subjectKey, addMonths(asOf, -24), at).then((stored) => (options.serving ? [options.serving, ...stored] : stored)),
      ]);
      return this.assemble(subjectKey, options, { accounts, guaranteed, inquiries, profile, annotations }, q);
    };
  }

  private async assemble(
    subjectKey: string,
    { asOf, months }: CreditReportOptions,
    read: {
      accounts: AccountInput[];
      guaranteed: AccountInput[];
      inquiries: InquiryInput[];
      profile: PublicProfile | null;
      annotations: Awaited<ReturnType<CreditReportAnnotations['annotationsOf']>>;
    },
    q: Queryable,
  ): Promise<CreditReport> {
    const { accounts, guaranteed, inquiries, profile, annotations } = read;
    const person = isPersonKey(subjectKey);
    const masked = person ? (accounts[0]?.borrowerMasked ?? (await maskedSubject(q, subjectKey))) : subjectKey;
    const records: CreditPublicRecord[] = [];
    for (const r of profile?.records ?? []) {
      const kind = publicRecordKind(r.category, r.polarity);
      if (kind === null) continue;
      records.push({
        kind,
        recordId: r.recordId,
        item: r.item,
        itemName: r.itemName,
        agency: r.agency,
        decision: r.decision,
        publicity: { start: r.publicity.start, end: r.publicity.end },
        legalBasis: r.legalBasis,
      });
    }
    const listEntries: CreditPublicListEntry[] = (profile?.listEntries ?? [])
      .filter((e) => e.type !== 'redlist')
      .map((e) => ({
        entryId: e.entryId,
        list: e.list,
        listName: e.listName,
        listedOn: e.listedOn,
        until: e.until,
        decidingAgency: e.decidingAgency,
        legalBasis: e.legalBasis,
      }));
    const report = assembleCreditReport({
      asOf,
      months,
      identity: {
        kind: person ? 'person' : 'organisation',
        masked: masked ?? profile?.subject.code ?? '',
        name: person ? null : (profile?.subject.name ?? null),
      },
      accounts,
      guaranteed,
      publicRecords: { records, listEntries },
      inquiries,
      purposeLabels: this.purposeLabels,
      disputes: annotations.disputes,
      statement: annotations.statement,
    });
    return person ? { ...report, score: this.scoreOf(asOf, accounts, inquiries) } : report;
  }

  /** A person's score as of a date, under the scorecard in force on it. */
  scoreOf(asOf: string, accounts: readonly AccountInput[], inquiries: readonly InquiryInput[]): PersonalScore | NoScore {
    return scoreFrom(this.policy, asOf, accounts, inquiries);
  }
}

/**
 * A person's score as of a date from what their report reads on it, under the scorecard in force
 * on that date: a report as of a past day shows the score of that day and its version.
 */
export function scoreFrom(policy: Policy, asOf: string, accounts: readonly AccountInput[], inquiries: readonly InquiryInput[]): PersonalScore | NoScore {
  const card = policy.personalScorecardOn(asOf);
  if (!card) return { scored: false, asOf, reason: 'no-scorecard' };
  return personalScore(card, { subjectKind: 'person', asOf, accounts, inquiries });
}

/**
 * A person's score as of a date, read without the rest of the report: the accounts they borrow
 * on and the inquiries into them as known at the end of that day (or at `now`, for today).
 */
export async function readScoreAsOf(q: Queryable, policy: Policy, subjectKey: string, asOf: string, now: Date): Promise<PersonalScore | NoScore> {
  const end = endOfLocalDay(asOf, policy.manifest.timeZone);
  const at = end.getTime() < now.getTime() ? end : now;
  const later = await batchesAfter(q, at);
  const [accounts, inquiries] = await Promise.all([accountsOf(q, subjectKey, 'borrower', asOf, later), inquiriesInto(q, subjectKey, addMonths(asOf, -24), at)]);
  return scoreFrom(policy, asOf, accounts, inquiries);
}

/** Annotations that read nothing: the report's disputes and statement stay empty until they are wired. */
export const NO_ANNOTATIONS: CreditReportAnnotations = {
  annotationsOf: async () => ({ disputes: [], statement: null }),
};
