// A person's (or an enterprise's) own financial credit report (Regulation art. 17): free twice a
// calendar year, then for the stated fee, served only when the request accepts it. Each report
// served is first recorded, on the subject's log, as an own query (an inquiry record of purpose
// own-query that the report itself shows), then assembled as of today and kept, so the subject's
// page shows it again without serving another.
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { actorOf, ownSubject, type Principal } from '../../kernel/principal.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { takeLogs } from '../../ledger/ledger.ts';
import type { CreditReport, GridMonths } from '../../domain/credit-reporting/report.ts';
import type { CreditReportService } from './credit-report.service.ts';
import { ownReportPeriod, ownReportStanding, type OwnReportStanding, type OwnReportTerms } from '../../domain/credit-reporting/rights.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import type { ReportService } from '../reports/report.service.ts';
import type { ReportLang } from '../reports/content.ts';
import { CREDIT_DOCUMENT_FORMAT } from './credit-report-document.ts';
import { holdScoreOf, recordScore, scoreHistory, type ScoreHistoryRow } from './personal-score-history.store.ts';

/** Rows of the score history in a page of GET /v1/me/credit-score-history. */
export const SCORE_HISTORY_PAGE = 100;
import { borrowerKnown, insertOwnReport, keepOwnReport, latestOwnReport, ownReportsServed } from './credit-rights.store.ts';

/** What assembles a subject's credit report as of a day (the credit report service). */
export type CreditReports = Pick<CreditReportService, 'prepare'>;

/** Where a report served is signed and stored under its verification code (the reports' service). */
export type SignedDocuments = Pick<ReportService, 'issueDocument'>;

/** The signed copy of a report served: its verification code and where to read and verify it. */
export interface SignedCopy {
  code: string;
  verifyPath: string;
  portalVerifyPath: string;
  htmlPath: string;
  pdfPath: string;
}

const signedCopy = (code: string): SignedCopy => {
  const c = encodeURIComponent(code);
  return {
    code,
    verifyPath: `/v1/reports/${c}/verify`,
    portalVerifyPath: `/reports/verify?code=${c}`,
    htmlPath: `/v1/reports/${c}/html`,
    pdfPath: `/v1/reports/${c}/pdf`,
  };
};

/** Where the subject stands with its own reports of the calendar year, amounts in yuan. */
export interface OwnReportCount {
  period: number;
  served: number;
  freePerYear: number;
  freeUsed: number;
  freeRemaining: number;
  /** The fee of the report this answer carries (0 when free, or when it carries none). */
  feeCharged: number;
  nextFee: number;
  currency: 'CNY';
}

const fen = (yuan: number) => Math.round(yuan * 100);

function subjectOf(p: Principal): string {
  const key = ownSubject(p);
  if (key === null) throw new AppError('forbidden', "this operation is for a subject's own account");
  return key;
}

export class CreditRightsService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly reports: CreditReports,
    private readonly terms: OwnReportTerms,
    private readonly access: AccessLog,
    private readonly documents: SignedDocuments,
  ) {}

  private count(s: OwnReportStanding, feeCharged: number): OwnReportCount {
    return {
      period: s.period,
      served: s.served,
      freePerYear: this.terms.freePerYear,
      freeUsed: s.freeUsed,
      freeRemaining: s.freeRemaining,
      feeCharged,
      nextFee: s.nextFeeYuan,
      currency: 'CNY',
    };
  }

  /** The subject's count this calendar year, serving nothing. */
  async standing(p: Principal): Promise<OwnReportCount> {
    const subjectKey = subjectOf(p);
    const period = ownReportPeriod(this.policy.localDate(this.clock.now()));
    return this.count(ownReportStanding(period, await ownReportsServed(this.db, subjectKey, period), this.terms), 0);
  }

  /**
   * Serves the subject its own report as of today. Beyond the free ones of the calendar year it is
   * served only when `acceptFee` accepts the stated fee; otherwise 402 naming the fee, and nothing
   * is recorded.
   */
  async ownReport(
    p: Principal,
    options: { acceptFee: boolean; months: GridMonths; lang: ReportLang },
  ): Promise<{ report: CreditReport; count: OwnReportCount; signed: SignedCopy }> {
    const subjectKey = subjectOf(p);
    // One transaction assembles the report, with its own query among its inquiry records, signs
    // it, counts the query, records it and stores it with the report and its signed copy,
    // committed before the answer. It holds the person's score from before the report reads
    // anything (the score recorded is the one shown), then the subject's log. A report that
    // cannot be assembled or signed uses up no free report and charges no fee.
    for (;;) {
      const today = this.policy.localDate(this.clock.now());
      const period = ownReportPeriod(today);
      const serving = { date: today, institution: { code: 'self', name: '本人' }, purpose: 'own-query' };
      const assemble = await this.reports.prepare(subjectKey, { asOf: today, months: options.months, serving });
      const served = await this.db.transaction(async (tx) => {
        await holdScoreOf(tx, subjectKey);
        const now = this.clock.now();
        // The day turned while the report's public part was read: read it again for the new day.
        if (this.policy.localDate(now) !== today) return null;
        const report = await assemble(tx);
        // Two requests at once cannot both take the last free report.
        await takeLogs(tx, [subjectKey]);
        const earlier = await ownReportsServed(tx, subjectKey, period);
        const standing = ownReportStanding(period, earlier, this.terms);
        if (standing.nextFeeYuan > 0 && !options.acceptFee) {
          throw new AppError(
            'fee-not-accepted',
            `your ${this.terms.freePerYear} free reports of ${period} are used: the next one costs ${standing.nextFeeYuan} yuan; ask again with acceptFee=true to accept the fee`,
            { fee: { amount: standing.nextFeeYuan, currency: 'CNY' }, count: this.count(standing, 0) },
          );
        }
        const n = earlier + 1;
        const [event] = await appendAndProject(
          tx,
          [{ type: 'credit-report.own-query', subject: subjectKey, data: { feeYuan: standing.nextFeeYuan, ordinal: n, period, servedOn: today } }],
          actorOf(p),
          now,
        );
        await insertOwnReport(tx, {
          subjectKey,
          period,
          ordinal: n,
          servedAt: now,
          servedOn: today,
          feeFen: fen(standing.nextFeeYuan),
          log: event!.log,
          index: event!.index,
        });
        // Signed and stored like every report: anyone holding its code verifies it.
        const signed = await this.documents.issueDocument(
          {
            format: CREDIT_DOCUMENT_FORMAT,
            subjectKey,
            subject: { code: report.identity.masked, name: report.identity.name ?? report.identity.masked, kind: report.identity.kind },
            lang: options.lang,
            asOf: now,
            date: today,
            body: { creditReport: report },
          },
          tx,
        );
        await keepOwnReport(tx, { subjectKey, period, ordinal: n, report: JSON.stringify({ report, code: signed.code }) });
        if (report.score) await recordScore(tx, subjectKey, report.score, 'own-report', now);
        return { report, before: standing, ordinal: n, issued: signed };
      });
      if (!served) continue;
      const { report, before, ordinal, issued } = served;
      await this.access.viewed(subjectKey, 'beyond-public', 'obtained its own credit report');
      return { report, count: this.count(ownReportStanding(period, ordinal, this.terms), before.nextFeeYuan), signed: signedCopy(issued.code) };
    }
  }

  /** The last own report served to the subject, as served, with the day; null when none was. */
  async lastServed(p: Principal): Promise<{ servedOn: string; report: CreditReport; signed: SignedCopy } | null> {
    const last = await latestOwnReport(this.db, subjectOf(p));
    if (!last) return null;
    const kept = JSON.parse(last.report) as { report: CreditReport; code: string };
    return { servedOn: last.servedOn, report: kept.report, signed: signedCopy(kept.code) };
  }

  /**
   * A page of the subject's credit score history, newest first: each change the platform
   * computed, with its version and reason codes; the rows numbered below `before` when given.
   * `nextBefore` is the cursor of the next page, null when no older row is left.
   */
  async scoreHistory(p: Principal, page: { before?: number; limit?: number } = {}): Promise<{ history: ScoreHistoryRow[]; nextBefore: number | null }> {
    const limit = page.limit ?? SCORE_HISTORY_PAGE;
    const rows = await scoreHistory(this.db, subjectOf(p), limit + 1, page.before);
    const history = rows.slice(0, limit);
    return { history, nextBefore: rows.length > limit ? history.at(-1)!.n : null };
  }

  /** Whether any furnisher furnished an account about the subject (as borrower or guarantor). */
  knows(subjectKey: string): Promise<boolean> {
    return borrowerKnown(this.db, subjectKey);
  }
}
