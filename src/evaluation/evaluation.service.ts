// Evaluations: every applicable scorecard for every subject, from the projections. A full run
// (xinyong evaluate --all) rewrites the table in slices of subjects; the incremental path
// follows the ledger and re-evaluates the subjects new events touched, with the same loader
// and the same pure scorecards, so the two agree. Manual overrides come from the ledger.
import type { Database, Queryable } from '../store/database.ts';
import type { Policy } from '../policy/policy.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../errors/problems.ts';
import { copyRows } from '../store/copy.ts';
import { selectText } from '../store/bulk-read.ts';
import { compileScorecard, type EvalSubject, type EvaluationResult, type FactorResult } from '../domain/evaluation.ts';
import { isRecordPublic } from '../subjects/subject.service.ts';
import { listedOn } from '../domain/lists.ts';
import type { IsoDate } from '../domain/dates.ts';
import { record } from '../ledger/write.ts';
import { actorOf, ownSubject, type Principal } from '../platform/principal.ts';
import { LedgerFollower } from '../ledger/follower.ts';

const SLICE = 20_000;
const RECORD_COLUMNS = [
  'subject_key',
  'record_id',
  'item',
  'agency_code',
  'decision_date',
  'status',
  'published',
  'publicity_start',
  'publicity_end',
  'publicity_ended_on',
  'publicity_end_reason',
  'attrs',
];
/** Serialises writers of the evaluation table (advisory lock; the ledger's is 7262002). */
const EVALUATION_LOCK = 7262003;
const RELEVANT = /^(record|list|evaluation)\./;

/**
 * Only factors that count are stored (most subjects have a value in few of them); the others
 * are restored from the scorecard on reading, so an explanation still lists every factor.
 */
const counts = (f: FactorResult): boolean => f.value !== 0 || f.contribution !== 0 || f.capped || f.records.length > 0 || f.entries.length > 0;

function withIdleFactors(codes: readonly string[], stored: FactorResult[]): FactorResult[] {
  const byCode = new Map(stored.map((f) => [f.code, f]));
  const out = codes.map((code) => byCode.get(code) ?? { code, value: 0, contribution: 0, capped: false, records: [], entries: [] });
  // A factor the scorecard no longer has (an older version) is still shown.
  for (const f of stored) if (!codes.includes(f.code)) out.push(f);
  return out;
}

export interface StoredEvaluation extends EvaluationResult {
  subjectKey: string;
  override: { tier: string; reason: string; actor: string; at: string } | null;
}

export class EvaluationService {
  private readonly follower: LedgerFollower;
  private readonly items: string[];
  private readonly itemSet: Set<string>;
  private readonly lists: string[];
  private readonly kinds: string[];

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {
    this.items = [...new Set(policy.scorecards.flatMap((c) => c.factors.flatMap((f) => f.source.items ?? [])))];
    this.itemSet = new Set(this.items);
    this.lists = [
      ...new Set(policy.scorecards.flatMap((c) => [...c.factors.flatMap((f) => f.source.lists ?? []), ...(c.directTiers ?? []).flatMap((d) => d.lists)])),
    ];
    this.kinds = [...new Set(policy.scorecards.flatMap((c) => c.subjectKinds))];
    this.follower = new LedgerFollower(db, RELEVANT, (keys) => this.refresh(keys));
  }

  private today(): IsoDate {
    return this.policy.localDate(this.clock.now());
  }

  /** The facts of the subjects in [from, to) or with the given keys, as scorecards read them. */
  async load(q: Queryable, date: IsoDate, where: { keys: readonly string[] } | { from: string; to: string | null }): Promise<EvalSubject[]> {
    const byKey = 'keys' in where;
    const cond = byKey ? 'subject_key = ANY($2::text[])' : '(subject_key >= $2 AND ($3::text IS NULL OR subject_key < $3))';
    const params = byKey ? [where.keys] : [where.from, where.to];
    const subjects = await q.query<{ subject_key: string; kind: string }>(
      `SELECT subject_key, kind FROM subject WHERE kind = ANY($1::text[]) AND ${cond} ORDER BY subject_key`,
      [this.kinds, ...params],
    );
    const out = new Map<string, EvalSubject>(
      subjects.map((s) => [s.subject_key, { subjectKey: s.subject_key, kind: s.kind, registeredOn: null, records: [], entries: [] }]),
    );
    if (out.size === 0) return [];
    const agencyKinds = new Map((await q.query<{ code: string; kind: string }>('SELECT code, kind FROM agency')).map((a) => [a.code, a.kind]));
    // Read as text (see bulk-read.ts): a full run reads every record of every subject.
    const records = (
      await selectText(
        q,
        RECORD_COLUMNS,
        `FROM credit_record WHERE item = ANY($1::text[]) AND ${cond}`,
        [[...this.items, 'registration-basics'], ...params],
        'subject_key, record_id',
      )
    ).map((r) => ({
      subject_key: r[0]!,
      record_id: r[1]!,
      item: r[2]!,
      agency_code: r[3]!,
      decision_date: r[4]!,
      status: r[5]!,
      published: r[6] === 'true',
      publicity_start: r[7] ?? null,
      publicity_end: r[8] ?? null,
      publicity_ended_on: r[9] ?? null,
      publicity_end_reason: r[10] ?? null,
      attrs: r[11]!,
    }));
    for (const r of records) {
      const s = out.get(r.subject_key);
      if (!s) continue;
      if (r.item === 'registration-basics') {
        if (r.status === 'active' && (s.registeredOn === null || r.decision_date < s.registeredOn)) s.registeredOn = r.decision_date;
        if (!this.itemSet.has(r.item)) continue;
      }
      const repaired = r.publicity_end_reason === 'repair' && r.publicity_ended_on !== null && r.publicity_ended_on <= date;
      s.records.push({
        recordId: r.record_id,
        item: r.item,
        agencyKind: agencyKinds.get(r.agency_code) ?? 'unknown',
        decisionDate: r.decision_date,
        inEffect: isRecordPublic(
          {
            status: r.status as 'active',
            published: r.published,
            publicityStart: r.publicity_start,
            publicityEnd: r.publicity_end,
            publicityEndedOn: r.publicity_ended_on,
          },
          date,
        ),
        standing: r.status === 'active' && !repaired,
        attrs: JSON.parse(r.attrs) as Record<string, unknown>,
      });
    }
    const entries = await q.query<{ subject_key: string; entry_id: string; list: string; listed_on: string; until: string | null; removed_on: string | null }>(
      `SELECT subject_key, entry_id, list, listed_on, until, removed_on FROM list_entry WHERE listed_on IS NOT NULL AND list = ANY($1::text[]) AND ${cond} ORDER BY subject_key, entry_id`,
      [this.lists, ...params],
    );
    for (const e of entries) {
      const s = out.get(e.subject_key);
      if (!s) continue;
      s.entries.push({
        entryId: e.entry_id,
        list: e.list,
        listedOn: e.listed_on,
        inEffect: listedOn({ listedOn: e.listed_on, until: e.until, removedOn: e.removed_on }, date),
      });
    }
    return [...out.values()];
  }

  /** Every applicable scorecard for some subjects. */
  evaluate(subjects: readonly EvalSubject[], date: IsoDate): Array<EvaluationResult & { subjectKey: string }> {
    const out: Array<EvaluationResult & { subjectKey: string }> = [];
    const cards = this.policy.scorecards
      .filter((c) => c.effectiveFrom <= date)
      .map((c) => ({ kinds: new Set<string>(c.subjectKinds), run: compileScorecard(c, date) }));
    for (const s of subjects) {
      for (const card of cards) {
        if (!card.kinds.has(s.kind)) continue;
        const r = card.run(s) as EvaluationResult & { subjectKey: string };
        r.subjectKey = s.subjectKey;
        out.push(r);
      }
    }
    return out;
  }

  private rows(results: ReadonlyArray<EvaluationResult & { subjectKey: string }>): unknown[][] {
    return results.map((r) => [
      r.subjectKey,
      r.scorecard,
      r.version,
      r.date,
      r.eligible,
      r.score,
      r.tier,
      r.tierReason,
      JSON.stringify(r.factors.filter(counts)),
    ]);
  }

  private static readonly COLUMNS = ['subject_key', 'scorecard', 'version', 'evaluated_on', 'eligible', 'score', 'tier', 'tier_reason', 'factors'];

  /** Recomputes everything, replacing a slice of subjects' rows per transaction. */
  async evaluateAll(onProgress?: (done: number, total: number) => void): Promise<{ subjects: number; evaluations: number; date: IsoDate; seconds: number }> {
    const started = Date.now();
    const date = this.today();
    const head = await this.follower.head();
    const total = (await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM subject WHERE kind = ANY($1::text[])', [this.kinds]))[0]!.n;
    let from = '';
    let done = 0;
    let evaluations = 0;
    for (;;) {
      // Slice boundaries by key: the next SLICE subjects after `from`.
      const bound = await this.db.query<{ subject_key: string }>(
        'SELECT subject_key FROM subject WHERE kind = ANY($1::text[]) AND subject_key >= $2 ORDER BY subject_key OFFSET $3 LIMIT 1',
        [this.kinds, from, SLICE],
      );
      const to = bound[0]?.subject_key ?? null;
      // Each slice is replaced in one transaction: readers never see a subject without its evaluations.
      const slice = await this.replace(date, { from, to }, 'subject_key >= $1 AND ($2::text IS NULL OR subject_key < $2)', [from, to]);
      done += slice.subjects;
      evaluations += slice.evaluations;
      onProgress?.(done, total);
      if (to === null) break;
      from = to;
    }
    this.follower.lastSeq = Math.max(this.follower.lastSeq, head);
    return { subjects: done, evaluations, date, seconds: (Date.now() - started) / 1000 };
  }

  /** Re-evaluates some subjects now (the incremental path). */
  async refresh(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.replace(this.today(), { keys }, 'subject_key = ANY($1::text[])', [keys]);
  }

  /**
   * Re-evaluates some subjects and replaces their rows, reading and writing under one lock: a full
   * run and the incremental path (in this process or another server) never interleave, so
   * neither writes a result computed from facts older than the other's.
   */
  private async replace(
    date: IsoDate,
    which: { keys: readonly string[] } | { from: string; to: string | null },
    condition: string,
    params: unknown[],
  ): Promise<{ subjects: number; evaluations: number }> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [EVALUATION_LOCK]);
      const subjects = await this.load(tx, date, which);
      const results = this.evaluate(subjects, date);
      await tx.query(`DELETE FROM evaluation WHERE ${condition}`, params);
      await tx.copyIn('evaluation', EvaluationService.COLUMNS, copyRows(this.rows(results)));
      return { subjects: subjects.length, evaluations: results.length };
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

  /** A subject's evaluations with their overrides. */
  async of(subjectKey: string): Promise<StoredEvaluation[]> {
    const rows = await this.db.query<{
      subject_key: string;
      scorecard: string;
      version: string;
      evaluated_on: string;
      eligible: boolean;
      score: number | null;
      tier: string | null;
      tier_reason: string | null;
      factors: string;
      o_tier: string | null;
      o_reason: string | null;
      o_actor: string | null;
      o_at: Date | null;
    }>(
      `SELECT e.*, o.tier AS o_tier, o.reason AS o_reason, o.actor AS o_actor, o.at AS o_at
       FROM evaluation e LEFT JOIN evaluation_override o ON o.subject_key = e.subject_key AND o.scorecard = e.scorecard AND o.active
       WHERE e.subject_key = $1 ORDER BY e.scorecard`,
      [subjectKey],
    );
    return rows.map((r) => {
      const card = this.policy.scorecard(r.scorecard);
      const label =
        card?.tiers.find((t) => t.tier === r.tier)?.label ??
        (typeof card?.eligibility.whenIneligible === 'object' && card.eligibility.whenIneligible.tier === r.tier
          ? card.eligibility.whenIneligible.label
          : null);
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
        override: r.o_tier ? { tier: r.o_tier, reason: r.o_reason!, actor: r.o_actor!, at: new Date(r.o_at!).toISOString() } : null,
      };
    });
  }

  /**
   * What a principal may see: the subject itself, agencies, administrators and auditors see all;
   * the public sees the tier only where the scorecard publishes it, and never the score.
   */
  async view(p: Principal | null, subjectKey: string): Promise<unknown[]> {
    const all = await this.of(subjectKey);
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
        await record(tx, [{ type: 'evaluation.override-lifted', subject: subjectKey, data: { reason, scorecard: card.code } }], actorOf(p), this.clock.now());
        return;
      }
      const tiers = [...card.tiers.map((t) => t.tier), ...(typeof card.eligibility.whenIneligible === 'object' ? [card.eligibility.whenIneligible.tier] : [])];
      if (typeof body.tier !== 'string' || !tiers.includes(body.tier)) {
        throw new AppError('validation-failed', `tier is one of ${tiers.join(', ')}`, {
          errors: [{ field: 'tier', message: 'is not a tier of the scorecard' }],
        });
      }
      await record(
        tx,
        [{ type: 'evaluation.overridden', subject: subjectKey, data: { reason, scorecard: card.code, tier: body.tier } }],
        actorOf(p),
        this.clock.now(),
      );
    });
    return this.of(subjectKey);
  }
}
