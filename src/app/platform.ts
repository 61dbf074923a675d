// The platform assembled: configuration, store, policy pack, clock and the services over them.
// The server, the CLI and the tests all open one of these and close it when done.
import type { Config } from '../kernel/config.ts';
import { ConfigError, resolveSecrets } from '../kernel/config.ts';
import type { Database } from '../store/database.ts';
import { openDatabase } from '../store/open.ts';
import { loadPolicyPack } from '../kernel/policy-pack.ts';
import type { Policy } from '../domain/policy/policy.ts';
import { systemClock, type Clock } from '../kernel/clock.ts';
import { AgencyService } from '../features/agencies/agency.service.ts';
import { IntakeService } from '../features/records/intake.service.ts';
import { RecordService } from '../features/records/record.service.ts';
import { SubjectService } from '../features/subjects/subject.service.ts';
import { AccountService } from '../features/accounts/account.service.ts';
import { ListService } from '../features/lists/list.service.ts';
import { ExportService } from '../features/exports/export.service.ts';
import { RecordExportService } from '../features/exports/record-export.service.ts';
import { ScreeningService } from '../features/screening/screening.service.ts';
import { WebhookService } from '../features/webhooks/webhook.service.ts';
import { ObjectionService } from '../features/due-process/objection.service.ts';
import { RepairService } from '../features/due-process/repair.service.ts';
import { QueueService } from '../features/due-process/queue.service.ts';
import { tick, type TickResult } from '../features/scheduler/tick.ts';
import { runOnceUnderLease, type LeaseGuard } from '../features/scheduler/scheduler.ts';
import { CheckService } from '../features/checks/check.service.ts';
import { EvaluationService } from '../features/evaluation/evaluation.service.ts';
import { InspectionService } from '../features/evaluation/inspection.service.ts';
import { AccessLog } from '../features/access-log/access-log.service.ts';
import { ReportService } from '../features/reports/report.service.ts';
import { loadKeyRing } from '../features/reports/signing-key.ts';
import { SubjectSearch, searchIndexListener } from '../features/search/search.service.ts';
import { SubjectCounts } from '../features/subjects/subject-counts.service.ts';
import { RecordStatistics } from '../features/records/record-statistics.service.ts';
import { verifyLedger, type VerifyOptions, type VerifyResult } from '../ledger/verify-ledger.ts';
import { recordPolicyVersion } from '../ledger/policy-version.ts';
import { fillLevel4, LEDGER_MIGRATION, openLedger, openLedgerIn, type LedgerOpened } from '../ledger/upgrade.ts';
import { rebuildProjections } from '../ledger/rebuild.ts';
import { vacuumAnalyze } from '../store/maintenance.ts';
import { setAttributeFields } from '../ledger/projection.ts';
import { runWithContext } from '../kernel/request-context.ts';
import { SYSTEM_ACTOR } from '../kernel/constants.ts';
import type { Authenticator } from '../http/auth.ts';
import { registerProjectionListener } from '../ledger/listeners.ts';
import { TransparencyLog } from '../features/transparency/transparency.service.ts';
import { FurnishingService } from '../features/credit-reporting/furnishing.service.ts';
import { ConsentService } from '../features/credit-reporting/consent.service.ts';
import { InquiryService } from '../features/credit-reporting/inquiry.service.ts';
import { CreditReportService } from '../features/credit-reporting/credit-report.service.ts';
import { CreditDisputesService } from '../features/credit-reporting/credit-disputes.service.ts';
import { CreditRightsService } from '../features/credit-reporting/credit-rights.service.ts';
import { CREDIT_DOCUMENT_FORMAT, layoutCreditDocument } from '../features/credit-reporting/credit-report-document.ts';
import { logKeysOf, witnessesOf, type Witness } from '../features/transparency/log-keys.ts';

export interface PlatformOptions {
  clock?: Clock;
  policy?: Policy;
  /** Open an existing store without recording the policy version (read-only commands such as audit verify). */
  readOnly?: boolean;
  /** A bulk load (the demo seeder): PGlite may answer before pages reach the file system. */
  bulkLoad?: boolean;
}

export interface ScheduledRunOptions {
  /** Told as the day's evaluation goes (subjects evaluated of all). */
  onEvaluated?: (done: number, total: number) => void;
  /** Leaves yesterday's exports to the next run. */
  leaveExports?: boolean;
}

export class Platform {
  readonly agencies: AgencyService;
  readonly intake: IntakeService;
  /** A record in full, for the agency that filed it. */
  readonly records: RecordService;
  readonly subjects: SubjectService;
  readonly accounts: AccountService;
  readonly lists: ListService;
  readonly exports: ExportService;
  /** The public records of a day, as files. */
  readonly recordExports: RecordExportService;
  readonly screening: ScreeningService;
  readonly webhooks: WebhookService;
  readonly objections: ObjectionService;
  readonly repairs: RepairService;
  /** An agency's queue and the escalations. */
  readonly queues: QueueService;
  readonly checks: CheckService;
  readonly evaluations: EvaluationService;
  readonly inspections: InspectionService;
  readonly accessLog: AccessLog;
  readonly reports: ReportService;
  readonly search: SubjectSearch;
  /** The platform's size (the home page). */
  readonly subjectCounts: SubjectCounts;
  /** The records' published statistics (the statistics page). */
  readonly recordStatistics: RecordStatistics;
  /** Authenticates bearer tokens for the routes: the agencies' keys and the accounts' sessions. */
  readonly auth: Authenticator;
  /** The ledger as a transparency log: signed checkpoints, proofs, witnesses' cosignatures. */
  readonly log: TransparencyLog;
  /** Financial credit reporting: what licensed lenders furnish. */
  readonly furnishing: FurnishingService;
  /** Lenders' records of the subjects' written authorisations to inquire (art. 18). */
  readonly creditConsents: ConsentService;
  /** Lenders' inquiries, each on record before its report is answered (arts. 18, 20). */
  readonly creditInquiries: InquiryService;
  /** The financial credit report of a person or an enterprise, as of a day. */
  readonly creditReports: CreditReportService;
  /** Objections to furnished credit information and the personal statement: the report's annotations. */
  readonly creditDisputes: CreditDisputesService;
  /** The subject's own credit report, free twice a calendar year. */
  readonly creditRights: CreditRightsService;

  private constructor(
    readonly config: Config,
    readonly db: Database,
    readonly policy: Policy,
    readonly clock: Clock,
    readonly secrets: { idHashSecret: string },
    witnesses: readonly Witness[],
  ) {
    this.accessLog = new AccessLog(db, clock);
    this.search = new SubjectSearch(db);
    this.agencies = new AgencyService(db, policy, clock);
    this.lists = new ListService(db, policy, clock, this.accessLog);
    this.subjectCounts = new SubjectCounts(db);
    this.recordStatistics = new RecordStatistics(db, policy, clock, this.lists);
    this.intake = new IntakeService(db, policy, clock, secrets.idHashSecret, (tx, events, today) => this.lists.followUpsFor(tx, events, today));
    this.records = new RecordService(db, this.accessLog);
    this.subjects = new SubjectService(db, policy, clock, secrets.idHashSecret, this.accessLog, this.search);
    this.accounts = new AccountService(
      db,
      clock,
      this.subjects,
      {
        attemptsPerClient: config.loginAttemptsPerClient,
        failuresToLock: config.loginFailuresToLock,
        windowMinutes: config.loginWindowMinutes,
      },
      { knows: (subjectKey) => this.creditRights.knows(subjectKey) },
    );
    this.auth = { agencies: this.agencies, accounts: this.accounts };
    this.objections = new ObjectionService(db, policy, clock, this.intake);
    this.repairs = new RepairService(db, policy, clock);
    this.queues = new QueueService(this.lists, this.objections, this.repairs);
    this.checks = new CheckService(db, policy, clock, secrets.idHashSecret, { waitMs: config.checkWaitSeconds * 1000 });
    this.furnishing = new FurnishingService(db, policy, clock, secrets.idHashSecret);
    this.creditDisputes = new CreditDisputesService(db, policy, clock, this.accessLog);
    this.creditReports = new CreditReportService(db, policy, clock, this.subjects, this.creditDisputes);
    this.creditConsents = new ConsentService(db, policy, clock, secrets.idHashSecret);
    this.creditInquiries = new InquiryService(db, policy, clock, secrets.idHashSecret, this.creditReports, this.accessLog);
    this.evaluations = new EvaluationService(db, policy, clock, this.subjects, this.accessLog);
    this.inspections = new InspectionService(db, policy, clock);
    // The key ring is loaded on first use, so commands that never issue a report need none.
    this.reports = new ReportService(
      db,
      policy,
      clock,
      this.subjects,
      this.evaluations,
      () => loadKeyRing(config.dataDir, config.reportSigningKey, config.reportRetiredKeys, { required: config.databaseUrl !== undefined }),
      // A report cites the log's latest checkpoint (this.log is built below; it is asked only when a report is issued).
      { access: this.accessLog, log: { origin: config.logOrigin, currentCheckpoint: () => this.log.currentCheckpoint() } },
    );
    // A financial credit report served to its subject is signed and stored as reports are.
    this.reports.registerDocument(CREDIT_DOCUMENT_FORMAT, layoutCreditDocument);
    this.creditRights = new CreditRightsService(db, policy, clock, this.creditReports, policy.furnishing.ownReports, this.accessLog, this.reports);
    // Checkpoints are signed by the report signing key under the key name the log's origin.
    this.log = new TransparencyLog(db, clock, {
      origin: config.logOrigin,
      keys: () =>
        logKeysOf(
          config.logOrigin,
          loadKeyRing(config.dataDir, config.reportSigningKey, config.reportRetiredKeys, { required: config.databaseUrl !== undefined }),
        ),
      witnesses,
      access: this.accessLog,
      requestsPerMinute: config.logRequestsPerMinute,
    });
    this.exports = new ExportService(db, policy, clock, this.lists, this.log, this.accessLog);
    this.recordExports = new RecordExportService(db, policy, clock, this.subjects, this.log, this.accessLog);
    this.screening = new ScreeningService(this.search, this.checks, this.lists, policy, clock);
    this.webhooks = new WebhookService(db, this.lists, this.subjects, this.accessLog, clock, policy, { allowPrivate: config.webhookAllowPrivate });
  }

  static async open(config: Config, options: PlatformOptions = {}): Promise<Platform> {
    const policy = options.policy ?? loadPolicyPack(config.policyDir);
    setAttributeFields(policy.attributeFields);
    registerProjectionListener(searchIndexListener);
    const secrets = resolveSecrets(config);
    let witnesses: Witness[];
    try {
      witnesses = witnessesOf(config.logWitnesses);
    } catch (err) {
      throw new ConfigError(`XINYONG_LOG_WITNESSES: ${(err as Error).message}`);
    }
    const clock = options.clock ?? systemClock;
    const ledger = { partitions: config.ledgerLogs, at: clock.now() };
    // The logs are made, or an earlier release's chain converted, in the migration that makes them.
    let opened: LedgerOpened | null = null;
    const db = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.poolSize,
      pgliteThread: config.pgliteThread,
      bulkLoad: options.bulkLoad,
      afterMigration: { [LEDGER_MIGRATION]: async (tx) => void (opened = await openLedgerIn(tx, ledger)) },
    });
    const platform = new Platform(config, db, policy, clock, secrets, witnesses);
    try {
      // Logs converted by migration 19 in this open are filled here; openLedger fills the others.
      if (opened) await fillLevel4(db);
      else opened = await openLedger(db, ledger);
      if (!options.readOnly) {
        // The first checkpoint of a store converted from the old chain commits to the ledger.upgraded
        // event, which records the chain's length and head hash, before anything follows it.
        if (opened.upgraded) await platform.log.currentCheckpoint();
        await runWithContext({ requestId: 'startup', actor: SYSTEM_ACTOR }, () => recordPolicyVersion(db, policy, platform.clock.now()));
        // A store that had subjects before search existed is indexed once (two servers: one does it).
        await platform.search.ensureIndexedOnce();
      }
    } catch (err) {
      await db.close();
      throw err;
    }
    return platform;
  }

  /** Empties the projections and replays the whole ledger into them, in one transaction. */
  rebuild(onProgress?: (events: number) => void): Promise<{ events: number }> {
    return rebuildProjections(this.db, onProgress);
  }

  /**
   * Runs the scheduler's tick once: ends publicity and listings that have run out, proposes
   * escalations, and rescores the persons with a score history (tick.ts). With `guard`, under
   * the scheduler's lease, and the rescoring only at the first run of a local day (scheduledRun).
   */
  tick(guard?: Pick<LeaseGuard, 'check' | 'hold' | 'dailyEvaluationOn'>): Promise<TickResult> {
    return runWithContext({ requestId: 'tick', actor: SYSTEM_ACTOR }, () => tick(this.db, this.policy, this.clock, guard));
  }

  /**
   * One run of the scheduler under its lease: the tick, then once a local day the evaluation of
   * every subject (recency decays with time, not only with events). The day is recorded with the
   * lease after the evaluation, so one holder runs the day's rescoring (in the tick) and
   * evaluation, once; a run cut short runs them again. `evaluations` is null when the day's were done.
   */
  async scheduledRun(
    guard: LeaseGuard,
    options: ScheduledRunOptions = {},
  ): Promise<{
    tick: TickResult;
    exports: Awaited<ReturnType<Platform['keepYesterday']>>;
    evaluations: Awaited<ReturnType<EvaluationService['evaluateAll']>> | null;
  }> {
    const r = await this.tick(guard);
    // Yesterday has ended: each list's export of it, and its public records, are kept, at every
    // run until they are (a kept one costs a look), before the day's long evaluation; an export
    // that fails is in `exports`.
    guard.check();
    const exports = options.leaveExports ? { made: 0, failures: [] } : await this.keepYesterday();
    if (guard.dailyEvaluationOn() === r.date) return { tick: r, exports, evaluations: null };
    guard.check();
    const evaluations = await this.evaluations.evaluateAll((done, total) => {
      guard.check();
      options.onEvaluated?.(done, total);
    });
    // The embedded store has no autovacuum: the day's updates are reclaimed, and its statistics
    // refreshed, here, before the day is recorded (a run stopped between the two does both again).
    if (this.db.kind === 'pglite') await vacuumAnalyze(this.db);
    await guard.markDailyEvaluation(r.date);
    return { tick: r, exports, evaluations };
  }

  /** Keeps yesterday's export of every list and its public records: how many were made, and what failed. */
  async keepYesterday(): Promise<{ made: number; failures: unknown[] }> {
    const lists = await this.exports.keepYesterday();
    const records = await this.recordExports.keepYesterday();
    return { made: lists.made + records.made, failures: [...lists.failures, ...records.failures] };
  }

  /**
   * One scheduledRun under the scheduler's lease, taken for it and given up after (the CLI's
   * tick), so it never runs beside a server's scheduler; LeaseHeld, running nothing, while a
   * server holds the lease. The lease is timed by `leaseClock`, the platform's clock unless told
   * (a seed's platform runs on a clock held still, by which a lease would never run out).
   */
  scheduleOnce(holder?: string, run: ScheduledRunOptions = {}, leaseClock: Clock = this.clock): ReturnType<Platform['scheduledRun']> {
    const options = { leaseMs: this.config.schedulerLeaseSeconds * 1000, ...(holder ? { holder } : {}) };
    return runOnceUnderLease(this.db, leaseClock, options, (guard) => this.scheduledRun(guard, run));
  }

  verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    return verifyLedger(this.db, options);
  }

  async close(): Promise<void> {
    await this.log.stop();
    await this.checks.stop();
    await this.evaluations.stop();
    await this.reports.close();
    await this.db.close();
  }
}
