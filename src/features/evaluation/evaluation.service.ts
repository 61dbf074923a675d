// Evaluations: every applicable scorecard for every subject, from the projections. A full run
// (xinyong evaluate --all) rewrites the table in slices of subjects, reading the next slice
// while a worker thread scores the last; the incremental path follows the ledger and
// re-evaluates the subjects new events touched, with the same reader and the same pure
// scorecards (slice.ts), so the two agree. Manual overrides come from the ledger.
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { literal, selectCopy } from '../../store/bulk-read.ts';
import type { EvaluationResult, FactorResult } from '../../domain/evaluation.ts';
import {
  computeSlice,
  ENTRY_COLUMNS,
  fieldItems,
  EVALUATION_COLUMNS,
  RECORD_COLUMNS,
  SliceEvaluator,
  SUBJECT_COLUMNS,
  type SliceContext,
  type SliceDone,
  type SliceTask,
  type SliceText,
} from './slice.ts';
import { TaskThread } from '../../kernel/task-thread.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { actorOf, ownSubject, type Principal } from '../../kernel/principal.ts';
import { LedgerFollower } from '../../ledger/follower.ts';
import { REGISTRATION_ITEM, applyEvents, emptyState } from '../../ledger/projection/reducer.ts';
import { subjectEvents } from '../../ledger/ledger.ts';
import { ADVISORY_LOCK } from '../../kernel/constants.ts';

const SLICE = 5_000;
/** Slices read ahead of the one being written (measured: 2 and 4 run alike at 200,000 subjects). */
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

type Which = { keys: readonly string[] } | { from: string; to: string | null };

const HISTORY_COLUMNS = 'subject_key, scorecard, recorded_at, version, evaluated_on, eligible, score, tier, tier_reason, factors, ended';
/** What a history row is added for: a change in what the evaluation decides, not a score moving within its tier. */
const DECIDES_DIFFERENTLY = (a: string, b: string) =>
  `${a}.version <> ${b}.version OR ${a}.eligible <> ${b}.eligible OR ${a}.tier IS DISTINCT FROM ${b}.tier OR ${a}.tier_reason IS DISTINCT FROM ${b}.tier_reason`;

type EvaluationRow = {
  subject_key: string;
  scorecard: string;
  version: string;
  evaluated_on: string;
  eligible: boolean;
  score: number | null;
  tier: string | null;
  tier_reason: string | null;
  factors: string;
};

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

export class EvaluationService {
  private readonly follower: LedgerFollower;
  private readonly items: string[];
  private readonly lists: string[];
  private readonly kinds: string[];
  private readonly fieldItems: string[];
  /** The last day's compiled scorecards, for refreshes (a day's are compiled once). */
  private evaluator: SliceEvaluator | null = null;

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {
    this.items = [...new Set(policy.scorecards.flatMap((c) => c.factors.flatMap((f) => f.source.items ?? [])))];
    this.lists = [
      ...new Set(policy.scorecards.flatMap((c) => [...c.factors.flatMap((f) => f.source.lists ?? []), ...(c.directTiers ?? []).flatMap((d) => d.lists)])),
    ];
    this.kinds = [...new Set(policy.scorecards.flatMap((c) => c.subjectKinds))];
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

  /** The subjects of a slice, as a condition with literals (COPY takes no parameters). */
  private static where(where: Which): string {
    if ('keys' in where) return `subject_key = ANY(${literal(where.keys)})`;
    return `subject_key >= ${literal(where.from)}${where.to === null ? '' : ` AND subject_key < ${literal(where.to)}`}`;
  }

  /** The facts of the subjects in [from, to) or with the given keys, as COPY text (see slice.ts). */
  async read(q: Queryable, where: Which): Promise<SliceText> {
    const cond = EvaluationService.where(where);
    return {
      subjects: await selectCopy(q, SUBJECT_COLUMNS, `FROM subject WHERE kind = ANY(${literal(this.kinds)}) AND ${cond}`, 'subject_key'),
      records: await selectCopy(
        q,
        RECORD_COLUMNS,
        `FROM credit_record WHERE item = ANY(${literal([...this.items, REGISTRATION_ITEM])}) AND ${cond}`,
        'subject_key, record_id',
      ),
      entries: await selectCopy(
        q,
        ENTRY_COLUMNS,
        `FROM list_entry WHERE listed_on IS NOT NULL AND list = ANY(${literal(this.lists)}) AND ${cond}`,
        'subject_key, entry_id',
      ),
    };
  }

  private async context(q: Queryable, date: IsoDate): Promise<SliceContext> {
    const agencies = await q.query<{ code: string; kind: string }>('SELECT code, kind FROM agency');
    return {
      date,
      agencyKinds: Object.fromEntries(agencies.map((a) => [a.code, a.kind])),
      items: this.items,
      fieldItems: this.fieldItems,
    };
  }

  /**
   * Recomputes everything into a new table, swapped in for the old one at the end: readers see
   * the last run's results until the new run's appear, all at once. Slices of subjects are read
   * ahead and scored (in a worker thread when there is more than one slice) while the last is
   * written. A subject whose facts change after its slice was read, or a refresh written to the
   * old table meanwhile, would be stale: the run ends by re-evaluating, under the writers' lock,
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
    const total = (await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM subject WHERE kind = ANY($1::text[])', [this.kinds]))[0]!.n;
    const ctx = await this.context(this.db, date);
    await this.dropAbandonedRuns();
    const table = `${RUN_TABLE}${Date.now()}_${randomBytes(4).toString('hex')}`;
    // Indexes are built once the rows are in: one sort each, not a million inserts into them.
    // Under the writers' lock, as everything that reads the evaluation table's definition: a
    // concurrent run's swap renames and drops tables under it.
    await this.locked((tx) => tx.exec(`CREATE TABLE ${table} (LIKE evaluation INCLUDING ALL EXCLUDING INDEXES)`));
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
        const bound = await this.db.query<{ subject_key: string }>(
          'SELECT subject_key FROM subject WHERE kind = ANY($1::text[]) AND subject_key >= $2 ORDER BY subject_key OFFSET $3 LIMIT 1',
          [this.kinds, from, slice],
        );
        const range = { from, to: bound[0]?.subject_key ?? null };
        const text = await this.read(this.db, range);
        const job = compute(text).then(async (r) => {
          await this.db.copyIn(table, EVALUATION_COLUMNS, r.rows);
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
      await this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      throw err;
    } finally {
      await worker?.close();
    }
    const seq = await this.follower.applySince(head);
    this.follower.lastSeq = Math.max(this.follower.lastSeq, seq);
    return { subjects: done, evaluations, date, seconds: (Date.now() - started) / 1000 };
  }

  /**
   * Builds on a run's table the indexes and keys the evaluation table has (as the migrations
   * made them, read from the catalogue); returns each one's name on the run's table and its own.
   */
  private async buildIndexes(table: string): Promise<Array<{ mine: string; theirs: string }>> {
    const indexes = await this.locked((tx) =>
      tx.query<{ name: string; def: string; constraint_def: string | null }>(
        `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def, pg_get_constraintdef(k.oid) AS constraint_def
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
         WHERE i.indrelid = 'evaluation'::regclass ORDER BY c.relname`,
      ),
    );
    const names: Array<{ mine: string; theirs: string }> = [];
    for (const [n, index] of indexes.entries()) {
      const mine = `${table}_${n}`;
      // A key is added as a constraint (its index comes with it); a plain index is created.
      await this.db.exec(
        index.constraint_def
          ? `ALTER TABLE ${table} ADD CONSTRAINT ${mine} ${index.constraint_def}`
          : index.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+/, `CREATE $1INDEX ${mine} ON ${table}`),
      );
      names.push({ mine, theirs: index.name });
    }
    return names;
  }

  /**
   * Makes a run's table the evaluation table, under the writers' lock, and gives its indexes the
   * old ones' names, so the schema reads as the migrations wrote it.
   */
  private async swapIn(table: string, indexes: ReadonlyArray<{ mine: string; theirs: string }>, head: number, date: IsoDate): Promise<void> {
    await this.locked(async (tx) => {
      // The history gains the results that decide differently from those they replace, and an
      // end for those no longer computed. Subjects the ledger touched since the run began are
      // re-evaluated right after the swap: their history is left to that refresh, or a result
      // read before the change would be recorded and at once undone.
      const touched = (
        await tx.query<{ subject_key: string; type: string }>('SELECT subject_key, type FROM ledger_event WHERE seq > $1 AND subject_key IS NOT NULL', [head])
      )
        .filter((e) => RELEVANT.test(e.type))
        .map((e) => e.subject_key);
      // Both tables are keyed, and laid out, by subject and scorecard: merging them in key order
      // beats hashing one (at 1,000,000 subjects the hash join spilled to disk: 3.0 s against
      // 2.0 s on PGlite).
      await tx.query('SET LOCAL enable_hashjoin = off');
      await tx.query(
        `INSERT INTO evaluation_history (${HISTORY_COLUMNS})
         SELECT coalesce(n.subject_key, o.subject_key), coalesce(n.scorecard, o.scorecard), $1, coalesce(n.version, o.version), coalesce(n.evaluated_on, $3),
                coalesce(n.eligible, false), n.score, n.tier, n.tier_reason, coalesce(n.factors, '[]'), n.subject_key IS NULL
         FROM ${table} n FULL JOIN evaluation o ON o.subject_key = n.subject_key AND o.scorecard = n.scorecard
         WHERE (o.subject_key IS NULL OR n.subject_key IS NULL OR ${DECIDES_DIFFERENTLY('o', 'n')})
           AND NOT (coalesce(n.subject_key, o.subject_key) = ANY($2::text[]))`,
        [this.clock.now(), [...new Set(touched)], date],
      );
      await tx.exec(`ALTER TABLE evaluation RENAME TO ${table}_old; ALTER TABLE ${table} RENAME TO evaluation; DROP TABLE ${table}_old;`);
      // Renaming a key's index renames the constraint with it.
      for (const { mine, theirs } of indexes) await tx.exec(`ALTER INDEX ${mine} RENAME TO ${theirs}`);
    });
    // A new table has no statistics until autovacuum comes by; the planner needs them at once.
    await this.db.exec('ANALYZE evaluation');
  }

  /** Runs fn in a transaction holding the writers' lock. */
  private locked<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.evaluation]);
      return fn(tx);
    });
  }

  /** Drops the tables of runs that died before their swap (a run takes minutes, not a day). */
  private async dropAbandonedRuns(): Promise<void> {
    const tables = await this.db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE $1`, [
      `${RUN_TABLE}%`,
    ]);
    for (const { name } of tables) {
      const at = Number(/^evaluation_run_(\d+)_/.exec(name)?.[1]);
      if (Number.isFinite(at) && Date.now() - at > 86_400_000) await this.db.exec(`DROP TABLE IF EXISTS ${name}`);
    }
  }

  /** Re-evaluates some subjects now (the incremental path). */
  async refresh(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const date = this.today();
    // Read and written under one lock: a full run's writes and refreshes (in this process or
    // another server) never interleave, so none writes a result from older facts after another's.
    await this.locked(async (tx) => {
      const r = computeSlice(this.evaluatorFor(date), await this.read(tx, { keys }), await this.context(tx, date));
      await tx.query('DELETE FROM evaluation WHERE subject_key = ANY($1::text[])', [keys]);
      await tx.copyIn('evaluation', EVALUATION_COLUMNS, r.rows);
      // The history: an end for results no longer computed, then the new and the changed ones.
      const now = this.clock.now();
      await tx.query(
        `INSERT INTO evaluation_history (${HISTORY_COLUMNS})
         SELECT last.subject_key, last.scorecard, $2, last.version, $3, false, NULL, NULL, NULL, '[]', true
         FROM (SELECT DISTINCT ON (subject_key, scorecard) * FROM evaluation_history WHERE subject_key = ANY($1::text[]) ORDER BY subject_key, scorecard, id DESC) last
         WHERE NOT last.ended AND NOT EXISTS (SELECT 1 FROM evaluation n WHERE n.subject_key = last.subject_key AND n.scorecard = last.scorecard)`,
        [keys, now, date],
      );
      await tx.query(
        `INSERT INTO evaluation_history (${HISTORY_COLUMNS})
         SELECT n.subject_key, n.scorecard, $2, n.version, n.evaluated_on, n.eligible, n.score, n.tier, n.tier_reason, n.factors, false
         FROM evaluation n LEFT JOIN LATERAL (
           SELECT h.* FROM evaluation_history h WHERE h.subject_key = n.subject_key AND h.scorecard = n.scorecard ORDER BY h.id DESC LIMIT 1
         ) last ON true
         WHERE n.subject_key = ANY($1::text[]) AND (last.id IS NULL OR last.ended OR ${DECIDES_DIFFERENTLY('last', 'n')})`,
        [keys, now],
      );
    });
  }

  /** Follows the ledger: subjects touched by new events are re-evaluated promptly. */
  async follow(pollMs = 2000): Promise<void> {
    if (this.follower.lastSeq === 0) this.follower.lastSeq = await this.follower.head();
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
      const latest = await this.db.query<EvaluationRow & { ended: boolean }>(
        `SELECT DISTINCT ON (scorecard) subject_key, scorecard, version, evaluated_on, eligible, score, tier, tier_reason, factors, ended
         FROM evaluation_history WHERE subject_key = $1 AND recorded_at <= $2 ORDER BY scorecard, id DESC`,
        [subjectKey, past],
      );
      const rows = latest.filter((r) => !r.ended);
      // Only the overrides are wanted: the subject's other events need not be replayed.
      const overrideEvents = (await subjectEvents(this.db, subjectKey, past)).filter((e) => e.type.startsWith('evaluation.'));
      const { overrides } = applyEvents(emptyState(), overrideEvents);
      return rows.map((r) => {
        const o = overrides.get(`${subjectKey}|${r.scorecard}`);
        return this.stored(r, o?.active ? { tier: o.tier, reason: o.reason, actor: o.actor, at: o.at } : null);
      });
    }
    const rows = await this.db.query<EvaluationRow & { o_tier: string | null; o_reason: string | null; o_actor: string | null; o_at: Date | null }>(
      `SELECT e.*, o.tier AS o_tier, o.reason AS o_reason, o.actor AS o_actor, o.at AS o_at
       FROM evaluation e LEFT JOIN evaluation_override o ON o.subject_key = e.subject_key AND o.scorecard = e.scorecard AND o.active
       WHERE e.subject_key = $1 ORDER BY e.scorecard`,
      [subjectKey],
    );
    return rows.map((r) => this.stored(r, r.o_tier ? { tier: r.o_tier, reason: r.o_reason!, actor: r.o_actor!, at: new Date(r.o_at!).toISOString() } : null));
  }

  /**
   * A subject's evaluation history, newest first: every result as it was recorded (a change in
   * what it decided), and every end. Factors are left out: the evaluations as of an instant
   * explain themselves in full. The tiers are those computed; overrides are ledger events,
   * shown with every evaluation, now or as of a past instant.
   */
  async history(subjectKey: string, limit = 500): Promise<EvaluationHistoryEntry[]> {
    const rows = await this.db.query<EvaluationRow & { recorded_at: Date; ended: boolean }>(
      `SELECT subject_key, scorecard, version, evaluated_on, eligible, score, tier, tier_reason, '[]' AS factors, recorded_at, ended
       FROM evaluation_history WHERE subject_key = $1 ORDER BY recorded_at DESC, id DESC LIMIT $2`,
      [subjectKey, limit],
    );
    return rows.map((r) => {
      const { subjectKey: _k, factors: _f, override: _o, ...e } = this.stored(r, null);
      return { ...e, name: this.policy.scorecard(r.scorecard)?.name ?? null, recordedAt: new Date(r.recorded_at).toISOString(), ended: r.ended };
    });
  }

  private stored(r: EvaluationRow, override: StoredEvaluation['override']): StoredEvaluation {
    const card = this.policy.scorecard(r.scorecard);
    const label =
      card?.tiers.find((t) => t.tier === r.tier)?.label ??
      (typeof card?.eligibility.whenIneligible === 'object' && card.eligibility.whenIneligible.tier === r.tier ? card.eligibility.whenIneligible.label : null);
    return {
      subjectKey: r.subject_key,
      scorecard: r.scorecard,
      version: r.version,
      date: r.evaluated_on,
      eligible: r.eligible,
      score: r.score,
      tier: r.tier,
      tierLabel: label,
      tierReason: r.tier_reason,
      factors: withIdleFactors(card?.factors.map((f) => f.code) ?? [], JSON.parse(r.factors) as FactorResult[]),
      override,
    };
  }

  /**
   * What a principal may see: the subject itself, agencies, administrators and auditors see all;
   * the public sees the tier only where the scorecard publishes it, and never the score.
   */
  async view(p: Principal | null, subjectKey: string, past?: Date): Promise<unknown[]> {
    const all = await this.of(subjectKey, past);
    const full = p !== null && (p.kind === 'agency' || p.account.role !== 'subject' || ownSubject(p) === subjectKey);
    return all.map((e) => {
      const card = this.policy.scorecard(e.scorecard);
      const effective = e.override?.tier ?? e.tier;
      const base = { scorecard: e.scorecard, name: card?.name, version: e.version, date: e.date };
      if (full)
        return {
          ...base,
          ...e,
          effectiveTier: effective,
          legalBasis: card?.legalBasis,
          factorNames: Object.fromEntries((card?.factors ?? []).map((f) => [f.code, f.name])),
        };
      const published = effective !== null && (card?.publicTiers.includes(effective) ?? false);
      return { ...base, tier: published ? effective : null, tierLabel: published ? e.tierLabel : null, published, overridden: e.override !== null };
    });
  }

  /** An administrator overrides a tier, with a reason; it stays visible in every explanation. */
  async override(
    p: Principal,
    subjectKey: string,
    body: { scorecard?: unknown; tier?: unknown; reason?: unknown; lift?: unknown },
  ): Promise<StoredEvaluation[]> {
    if (p.kind !== 'account' || p.account.role !== 'administrator') throw new AppError('forbidden', 'tiers are overridden by administrators');
    const card = typeof body.scorecard === 'string' ? this.policy.scorecard(body.scorecard) : undefined;
    if (!card) throw new AppError('validation-failed', 'scorecard is one of the pack', { errors: [{ field: 'scorecard', message: 'is not a scorecard' }] });
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (!reason) throw new AppError('validation-failed', 'an override gives its reason', { errors: [{ field: 'reason', message: 'is required' }] });
    const evaluated = await this.db.query('SELECT 1 FROM evaluation WHERE subject_key = $1 AND scorecard = $2', [subjectKey, card.code]);
    if (evaluated.length === 0) throw new AppError('not-found', `subject ${subjectKey} has no ${card.code} evaluation`);
    await this.db.transaction(async (tx) => {
      if (body.lift === true) {
        const active = await tx.query('SELECT 1 FROM evaluation_override WHERE subject_key = $1 AND scorecard = $2 AND active', [subjectKey, card.code]);
        if (active.length === 0) throw new AppError('step-refused', 'there is no override to lift', { refusal: { code: 'no-override' } });
        await appendAndProject(tx, [{ type: 'evaluation.override-lifted', subject: subjectKey, data: { reason, scorecard: card.code } }], actorOf(p), this.clock.now());
        return;
      }
      const tiers = [...card.tiers.map((t) => t.tier), ...(typeof card.eligibility.whenIneligible === 'object' ? [card.eligibility.whenIneligible.tier] : [])];
      if (typeof body.tier !== 'string' || !tiers.includes(body.tier)) {
        throw new AppError('validation-failed', `tier is one of ${tiers.join(', ')}`, {
          errors: [{ field: 'tier', message: 'is not a tier of the scorecard' }],
        });
      }
      await appendAndProject(
        tx,
        [{ type: 'evaluation.overridden', subject: subjectKey, data: { reason, scorecard: card.code, tier: body.tier } }],
        actorOf(p),
        this.clock.now(),
      );
    });
    return this.of(subjectKey);
  }
}
