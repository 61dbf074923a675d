// Evaluations: every applicable scorecard for every subject, from the projections. A full run
// (xinyong evaluate --all) rewrites the table in slices of subjects, reading the next slice
// while a worker thread scores the last; the incremental path follows the ledger and
// re-evaluates the subjects new events touched, with the same reader and the same pure
// scorecards (slice.ts), so the two agree. Manual overrides come from the ledger.
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import { pastInstant, type Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { factorsOf, itemsRead, listsRead, tierLabelOf, tiersOf, type EvaluationResult, type FactorResult } from '../../domain/evaluation.ts';
import {
  computeSlice,
  fieldItems,
  parseExplanation,
  showsOnlyFiled,
  SliceEvaluator,
  type SliceContext,
  type SliceDone,
  type SliceTask,
  type SliceText,
} from './slice.ts';
import {
  agencyKinds,
  analyzeEvaluations,
  buildRunIndex,
  countSubjects,
  createRunTable,
  currentResults,
  dropTable,
  evaluationIndexes,
  eventsAfter,
  hasActiveOverride,
  historyAsOf,
  historyRows,
  isEvaluated,
  readSlice,
  replaceResults,
  sliceEnd,
  swapInRun,
  tablesNamed,
  withSubjectsLocked,
  withWritersLock,
  writeRunRows,
  type EvaluationRow,
  type SliceScope,
  type Which,
} from './evaluation.store.ts';
import type { OverrideRequest } from './evaluation.schemas.ts';
import { TaskThread } from '../../kernel/task-thread.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { actorOf, ownSubject, type Principal } from '../../kernel/principal.ts';
import { LedgerFollower } from '../../ledger/follower.ts';
import { furthest, type LedgerPosition } from '../../ledger/position.ts';
import { REGISTRATION_ITEM, applyEvents, emptyState } from '../../ledger/projection/reducer.ts';
import { subjectEvents } from '../../ledger/ledger.ts';
import type { SubjectService } from '../subjects/subject.service.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';

const SLICE = 5_000;
/** Slices read ahead of the one being written. */
const DEPTH = 4;
/** A run's own table, named by when it began; swapped in for `evaluation` when it is complete. */
const RUN_TABLE = 'evaluation_run_';
const RELEVANT = /^(record|list|evaluation)\./;

function withIdleFactors(codes: readonly string[], stored: FactorResult[]): FactorResult[] {
  const byCode = new Map(stored.map((f) => [f.code, f]));
  const out = codes.map((code) => byCode.get(code) ?? { code, value: 0, contribution: 0, capped: false, records: [], entries: [] });
  // A factor the scorecard no longer has (an older version) is still shown.
  for (const f of stored) if (!codes.includes(f.code)) out.push(f);
  return out;
}

export interface EvaluationHistoryEntry extends Omit<EvaluationResult, 'factors'> {
  name: { zh: string; en: string } | null;
  /** When the platform recorded it. */
  recordedAt: string;
  /** The scorecard stopped producing a result for the subject from here on. */
  ended: boolean;
}

export interface StoredEvaluation extends EvaluationResult {
  subjectKey: string;
  override: { tier: string; reason: string; actor: string; at: string } | null;
}

/** A subject's evaluations as a principal may see them, and the instant they are as of. */
export interface EvaluationsView {
  /** The past instant they are as of; undefined for now. */
  asOf: Date | undefined;
  evaluations: unknown[];
}

export class EvaluationService {
  private readonly follower: LedgerFollower;
  private readonly items: string[];
  private readonly kinds: string[];
  private readonly fieldItems: string[];
  /** What a slice reads: the scorecards' subject kinds, their items (and registrations) and lists. */
  private readonly scope: SliceScope;
  /** The last day's compiled scorecards, for refreshes (a day's are compiled once). */
  private evaluator: SliceEvaluator | null = null;

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    /** Resolves the codes and as-of instants callers give. */
    private readonly subjects: Pick<SubjectService, 'keyOf' | 'parseInstant'>,
    private readonly access: AccessLog,
  ) {
    this.items = [...new Set(policy.scorecards.flatMap(itemsRead))];
    const lists = [...new Set(policy.scorecards.flatMap(listsRead))];
    this.kinds = [...new Set(policy.scorecards.flatMap((c) => c.subjectKinds))];
    this.scope = { kinds: this.kinds, items: [...this.items, REGISTRATION_ITEM], lists };
    this.fieldItems = fieldItems(policy.scorecards);
    this.follower = new LedgerFollower(db, RELEVANT, (keys) => this.refresh(keys));
  }

  private today(): IsoDate {
    return this.policy.localDate(this.clock.now());
  }

  private evaluatorFor(date: IsoDate): SliceEvaluator {
    if (this.evaluator?.date !== date) this.evaluator = new SliceEvaluator(this.policy.scorecards, date);
    return this.evaluator;
  }

  /** The facts of the subjects in [from, to) or with the given keys, as COPY text (see slice.ts). */
  read(q: Queryable, where: Which): Promise<SliceText> {
    return readSlice(q, where, this.scope);
  }

  private async context(q: Queryable, date: IsoDate): Promise<SliceContext> {
    return { date, agencyKinds: await agencyKinds(q), items: this.items, fieldItems: this.fieldItems };
  }

  /**
   * Recomputes everything into a new table, swapped in for the old one at the end: readers see
   * the last run's results until the new run's appear, all at once. Slices of subjects are read
   * ahead and scored (in a worker thread when there is more than one slice) while the last is
   * written. A subject whose facts change after its slice was read, or a refresh written to the
   * old table meanwhile, would be stale: the run ends by re-evaluating, holding each one,
   * every subject the ledger touched since it began.
   */
  async evaluateAll(
    onProgress?: (done: number, total: number) => void,
    options: { slice?: number; worker?: boolean } = {},
  ): Promise<{ subjects: number; evaluations: number; date: IsoDate; seconds: number }> {
    const started = Date.now();
    const date = this.today();
    const head = await this.follower.head();
    const slice = options.slice ?? SLICE;
    const total = await countSubjects(this.db, this.kinds);
    const ctx = await this.context(this.db, date);
    await this.dropAbandonedRuns();
    const table = `${RUN_TABLE}${Date.now()}_${randomBytes(4).toString('hex')}`;
    // Indexes are built once the rows are in: one sort each, not a million inserts into them.
    // Under the writers' lock, as everything that reads the evaluation table's definition: a
    // concurrent run's swap renames and drops tables under it.
    await this.locked((tx) => createRunTable(tx, table, this.db.kind === 'citus'));
    const worker =
      (options.worker ?? total > slice)
        ? new TaskThread<SliceTask, SliceDone>(new URL('./evaluation-worker.ts', import.meta.url), { scorecards: this.policy.scorecards, date })
        : null;
    const local = this.evaluatorFor(date);
    const compute = (text: SliceText) => (worker ? worker.run({ text, ctx }) : Promise.resolve(computeSlice(local, text, ctx)));
    let done = 0;
    let evaluations = 0;
    const inFlight: Array<Promise<void>> = [];
    try {
      let from = '';
      for (;;) {
        // Slice boundaries by key: the next `slice` subjects after `from`.
        const range = { from, to: await sliceEnd(this.db, this.kinds, from, slice) };
        const text = await this.read(this.db, range);
        const job = compute(text).then(async (r) => {
          await writeRunRows(this.db, table, r.rows);
          done += r.subjects;
          evaluations += r.evaluations;
          onProgress?.(done, total);
        });
        job.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
        inFlight.push(job);
        if (inFlight.length > DEPTH) await inFlight.shift();
        if (range.to === null) break;
        from = range.to;
      }
      await Promise.all(inFlight);
      await this.swapIn(table, await this.buildIndexes(table), head, date);
    } catch (err) {
      await Promise.allSettled(inFlight);
      await dropTable(this.db, table);
      throw err;
    } finally {
      await worker?.close();
    }
    this.follower.position = furthest(this.follower.position, await this.follower.applySince(head));
    return { subjects: done, evaluations, date, seconds: (Date.now() - started) / 1000 };
  }

  /**
   * Builds on a run's table the indexes and keys the evaluation table has (as the migrations
   * made them, read from the catalogue); returns each one's name on the run's table and its own.
   */
  private async buildIndexes(table: string): Promise<Array<{ mine: string; theirs: string }>> {
    const indexes = await this.locked((tx) => evaluationIndexes(tx));
    const names: Array<{ mine: string; theirs: string }> = [];
    for (const [n, index] of indexes.entries()) {
      const mine = `${table}_${n}`;
      await buildRunIndex(this.db, table, mine, index);
      names.push({ mine, theirs: index.name });
    }
    return names;
  }

  /**
   * Makes a run's table the evaluation table, under the writers' lock, and gives its indexes the
   * old ones' names, so the schema reads as the migrations wrote it.
   */
  private async swapIn(table: string, indexes: ReadonlyArray<{ mine: string; theirs: string }>, head: LedgerPosition, date: IsoDate): Promise<void> {
    await this.locked(async (tx) => {
      // The history gains the results that decide differently from those they replace, and an
      // end for those no longer computed. Subjects the ledger touched since the run began are
      // re-evaluated right after the swap: their history is left to that refresh, or a result
      // read before the change would be recorded and at once undone.
      const touched = (await eventsAfter(tx, head)).filter((e) => RELEVANT.test(e.type)).map((e) => e.subject_key);
      await swapInRun(tx, { table, indexes }, { recordedAt: this.clock.now(), date, skip: [...new Set(touched)] });
    });
    // A new table has no statistics until autovacuum comes by; the planner needs them at once.
    await analyzeEvaluations(this.db);
  }

  /** Runs fn in a transaction holding the writers' lock, which no refresh shares. */
  private locked<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return withWritersLock(this.db, fn);
  }

  /** Drops the tables of runs that died before their swap (a run takes minutes, not a day). */
  private async dropAbandonedRuns(): Promise<void> {
    for (const name of await tablesNamed(this.db, RUN_TABLE)) {
      const at = Number(/^evaluation_run_(\d+)_/.exec(name)?.[1]);
      if (Number.isFinite(at) && Date.now() - at > 86_400_000) await dropTable(this.db, name);
    }
  }

  /** Re-evaluates some subjects now (the incremental path). */
  async refresh(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const date = this.today();
    // Read and written holding the subjects: two refreshes of one subject (in this process or
    // another server) never interleave, so none writes a result from older facts after another's,
    // and a full run's swap waits for the refreshes under way (and they for it).
    await withSubjectsLocked(this.db, keys, async (tx) => {
      const r = computeSlice(this.evaluatorFor(date), await this.read(tx, { keys }), await this.context(tx, date));
      await replaceResults(tx, keys, r.rows, this.clock.now(), date, this.db.kind === 'citus');
    });
  }

  /** Follows the ledger: subjects touched by new events are re-evaluated promptly. */
  async follow(pollMs = 2000): Promise<void> {
    if (this.follower.position.length === 0) this.follower.position = await this.follower.head();
    await this.follower.start(pollMs);
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  catchUp(): Promise<void> {
    return this.follower.catchUp();
  }

  /**
   * A subject's evaluations with their overrides: now, or as the platform showed them at a past
   * instant (the history's last result recorded by then, and the overrides the ledger held then).
   */
  async of(subjectKey: string, past?: Date): Promise<StoredEvaluation[]> {
    if (past) {
      const rows = (await historyAsOf(this.db, subjectKey, past)).filter((r) => !r.ended && this.shownAsItsScorecard(r));
      // Only the overrides are wanted: the subject's other events need not be replayed.
      const overrideEvents = (await subjectEvents(this.db, subjectKey, past)).filter((e) => e.type.startsWith('evaluation.'));
      const { overrides } = applyEvents(emptyState(), overrideEvents);
      return rows.map((r) => {
        const o = overrides.get(`${subjectKey}|${r.scorecard}`);
        return this.stored(r, o?.active ? { tier: o.tier, reason: o.reason, actor: o.actor, at: o.at } : null);
      });
    }
    const rows = (await currentResults(this.db, subjectKey)).filter((r) => this.shownAsItsScorecard(r));
    return rows.map((r) => this.stored(r, r.o_tier ? { tier: r.o_tier, reason: r.o_reason!, actor: r.o_actor!, at: new Date(r.o_at!).toISOString() } : null));
  }

  /** Whether a stored result may be shown as its scorecard's (see showsOnlyFiled). */
  private shownAsItsScorecard(r: Pick<EvaluationRow, 'scorecard' | 'factors'>): boolean {
    return !showsOnlyFiled(this.policy.scorecard(r.scorecard)) || parseExplanation(r.factors).filed !== null;
  }

  /**
   * A subject's evaluation history, newest first: every result as it was recorded (a change in
   * what it decided), and every end. Factors are left out: the evaluations as of an instant
   * explain themselves in full. The tiers are those computed; overrides are ledger events,
   * shown with every evaluation, now or as of a past instant. A result never shown as its
   * scorecard's (see shownAsItsScorecard) is left out, and so is the end of one: the history
   * shows what the platform showed.
   */
  async history(subjectKey: string, limit = 500): Promise<EvaluationHistoryEntry[]> {
    const rows = (await historyRows(this.db, subjectKey, limit)).filter((r) =>
      this.shownAsItsScorecard(r.ended ? { scorecard: r.scorecard, factors: r.ends ?? '[]' } : r),
    );
    return rows.map((r) => {
      const { subjectKey: _k, factors: _f, override: _o, ...e } = this.stored(r, null);
      return { ...e, name: this.policy.scorecard(r.scorecard)?.name ?? null, recordedAt: new Date(r.recorded_at).toISOString(), ended: r.ended };
    });
  }

  private stored(r: EvaluationRow, override: StoredEvaluation['override']): StoredEvaluation {
    const card = this.policy.scorecard(r.scorecard);
    const { factors, filed } = parseExplanation(r.factors);
    return {
      subjectKey: r.subject_key,
      scorecard: r.scorecard,
      version: r.version,
      date: r.evaluated_on,
      eligible: r.eligible,
      score: r.score,
      tier: r.tier,
      tierLabel: tierLabelOf(card, r.tier),
      tierReason: r.tier_reason,
      factors: filed ? [] : withIdleFactors(card ? factorsOf(card).map((f) => f.code) : [], factors),
      filed,
      override,
    };
  }

  /**
   * What a principal may see: the subject itself, agencies, administrators and auditors see all;
   * the public sees the tier only where the scorecard publishes it, and never the score. The
   * tier shown is the one in effect (an override's where there is one), with that tier's own
   * label. Not logged: for the subject's own pages and the public's (viewFor logs the views in
   * full).
   */
  async view(p: Principal | null, subjectKey: string, past?: Date): Promise<unknown[]> {
    const all = await this.of(subjectKey, past);
    const full = p !== null && (p.kind === 'agency' || p.account.role !== 'subject' || ownSubject(p) === subjectKey);
    return all.map((e) => {
      const card = this.policy.scorecard(e.scorecard);
      const effective = e.override?.tier ?? e.tier;
      const effectiveLabel = tierLabelOf(card, effective);
      const base = { scorecard: e.scorecard, name: card?.name, version: e.version, date: e.date };
      if (full)
        return {
          ...base,
          ...e,
          effectiveTier: effective,
          effectiveTierLabel: effectiveLabel,
          legalBasis: card?.legalBasis,
          factorNames: Object.fromEntries((card ? factorsOf(card) : []).map((f) => [f.code, f.name])),
        };
      const published = effective !== null && (card?.publicTiers.includes(effective) ?? false);
      return {
        ...base,
        tier: published ? effective : null,
        tierLabel: published ? effectiveLabel : null,
        published,
        overridden: e.override !== null,
        // A published grade an authority filed: from when, under what law.
        filed: published && e.filed ? { decisionDate: e.filed.decisionDate } : null,
        legalBasis: published && e.filed ? card?.legalBasis : undefined,
      };
    });
  }

  /**
   * A subject's evaluations (by its code) as a principal may see them (see view), now or as of a
   * past instant (`asOf`: a date, meaning the end of that day, or an instant). Every reader with
   * credentials but the subject itself is in the subject's access log.
   */
  async viewFor(p: Principal | null, code: string, asOf?: string): Promise<EvaluationsView> {
    const key = this.subjects.keyOf(code);
    const past = pastInstant(asOf ? this.subjects.parseInstant(asOf) : undefined, this.clock);
    if (p && !(p.kind === 'account' && p.account.subjectKey === key))
      await this.access.viewed(key, 'beyond-public', 'read the evaluations in full', past ? `as of ${past.toISOString()}` : null);
    return { asOf: past, evaluations: await this.view(p, key, past) };
  }

  /**
   * A subject's evaluation history (by its code), for the subject itself, agencies,
   * administrators and auditors; in the subject's access log but for the subject's own reads.
   */
  async historyFor(p: Principal, code: string, limit = 500): Promise<EvaluationHistoryEntry[]> {
    const key = this.subjects.keyOf(code);
    const self = ownSubject(p) === key;
    if (p.kind === 'account' && p.account.role === 'subject' && !self)
      throw new AppError('forbidden', 'a subject sees the evaluation history of its own, not of others');
    if (!self) await this.access.viewed(key, 'beyond-public', 'read the evaluation history');
    return this.history(key, limit);
  }

  /**
   * An administrator overrides a tier of a subject (by its code), with a reason, or lifts an
   * override; it stays visible in every explanation. Answers the subject's evaluations in full.
   */
  async override(p: Principal, code: string, body: OverrideRequest): Promise<unknown[]> {
    const subjectKey = this.subjects.keyOf(code);
    if (p.kind !== 'account' || p.account.role !== 'administrator') throw new AppError('forbidden', 'tiers are overridden by administrators');
    const card = this.policy.scorecard(body.scorecard);
    if (!card) throw new AppError('validation-failed', 'scorecard is one of the pack', { errors: [{ field: 'scorecard', message: 'is not a scorecard' }] });
    // An authority's grade is its decision: it changes by the authority's next filing (or its
    // record being corrected or withdrawn), never by the platform. An override from before the
    // scorecard mirrored may still be lifted.
    if (card.kind === 'mirrors' && body.lift !== true)
      throw new AppError('step-refused', `the ${card.code} grade is the filing authority's decision and cannot be overridden here`, {
        refusal: { code: 'authority-grade', item: card.mirrors.item },
      });
    const reason = body.reason.trim();
    if (!reason) throw new AppError('validation-failed', 'an override gives its reason', { errors: [{ field: 'reason', message: 'is required' }] });
    if (!(await isEvaluated(this.db, subjectKey, card.code))) throw new AppError('not-found', `subject ${subjectKey} has no ${card.code} evaluation`);
    await this.db.transaction(async (tx) => {
      if (body.lift === true) {
        if (!(await hasActiveOverride(tx, subjectKey, card.code)))
          throw new AppError('step-refused', 'there is no override to lift', { refusal: { code: 'no-override' } });
        await appendAndProject(tx, [{ type: 'evaluation.override-lifted', subject: subjectKey, data: { reason, scorecard: card.code } }], actorOf(p), this.clock.now());
        return;
      }
      const tiers = tiersOf(card).map((t) => t.tier);
      const tier = body.tier;
      if (tier === undefined || !tiers.includes(tier)) {
        throw new AppError('validation-failed', `tier is one of ${tiers.join(', ')}`, {
          errors: [{ field: 'tier', message: 'is not a tier of the scorecard' }],
        });
      }
      await appendAndProject(
        tx,
        [{ type: 'evaluation.overridden', subject: subjectKey, data: { reason, scorecard: card.code, tier } }],
        actorOf(p),
        this.clock.now(),
      );
    });
    // The same full view the explanation gives (the effective tier, the names, the legal basis),
    // read beyond the public like any other full view, so logged.
    await this.access.viewed(subjectKey, 'beyond-public', 'read the evaluations in full', `after overriding ${card.code}`);
    return this.view(p, subjectKey);
  }
}
