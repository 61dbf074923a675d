// Scorecards as pure functions: the facts about a subject on a day in, a tier and its
// explanation out. A computed scorecard scores factor by factor down to the records and list
// entries behind each; scores are not clamped and recency decays continuously, so two subjects
// in one tier stay in order. A mirroring scorecard computes nothing: its tier is the grade an
// authority filed (its latest record in force), and there is none where it filed none.
import { addPeriod, daysBetween, subtractPeriod, type IsoDate } from './dates.ts';
import { assertNever } from './assert-never.ts';
import type { ComputedScorecardDef, FactorDef, MirroredScorecardDef, ScorecardDef, Text } from './policy/schema.ts';

type TierDef = { tier: string; label: { zh: string; en: string } };

export interface EvalRecord {
  recordId: string;
  item: string;
  agencyKind: string;
  decisionDate: IsoDate;
  /** Public on the evaluation day (not withdrawn, inside its window, not ended by repair). */
  inEffect: boolean;
  /** Counts at all (not withdrawn, not repaired): the period windows use this with the decision date. */
  standing: boolean;
  /** The record's fields (a reader may leave out those no condition or sum of a scorecard reads). */
  attrs: Record<string, unknown>;
  /** Where the record's filing stands in the ledger: of two filings, the greater came later. */
  filedIndex: number;
}

export interface EvalEntry {
  entryId: string;
  list: string;
  listedOn: IsoDate;
  /** Listed on the evaluation day. */
  inEffect: boolean;
}

export interface EvalSubject {
  subjectKey: string;
  kind: string;
  /** When the subject was registered (its registration decision), if known. */
  registeredOn: IsoDate | null;
  records: EvalRecord[];
  entries: EvalEntry[];
}

export interface FactorResult {
  code: string;
  /** The factor's raw value: a (decayed) count or sum. */
  value: number;
  /** What it adds to or takes from the score, after its cap. */
  contribution: number;
  capped: boolean;
  records: string[];
  entries: string[];
}

/** The authority's record a mirrored tier is taken from. */
export interface FiledGrade {
  record: string;
  item: string;
  /** The date of the authority's decision: the grade applies from it. */
  decisionDate: IsoDate;
}

export interface EvaluationResult {
  scorecard: string;
  version: string;
  date: IsoDate;
  eligible: boolean;
  score: number | null;
  tier: string | null;
  tierLabel: { zh: string; en: string } | null;
  /** Why the tier is what it is when a rule, not the score, decided it. */
  tierReason: string | null;
  factors: FactorResult[];
  /** A mirrored tier's source: the authority's record; null for a computed tier. */
  filed: FiledGrade | null;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000 + 0; // + 0 turns -0 into 0

/**
 * A factor made ready for one evaluation day: its window's start, its half-life in days and its
 * sources as sets, so a run over a million subjects parses each period and date once.
 */
interface ReadyFactor {
  def: FactorDef;
  /** The window's first excluded day (records decided after it count); null for in-effect. */
  since: IsoDate | null;
  halfLifeDays: number | null;
  items: ReadonlySet<string> | null;
  lists: ReadonlySet<string> | null;
  agencyKinds: ReadonlySet<string> | null;
}

/** Day numbers of dates (days since 1970-01-01), cached: decision dates repeat across subjects. */
const DAY_CACHE = new Map<IsoDate, number>();

function dayOf(date: IsoDate): number {
  let n = DAY_CACHE.get(date);
  if (n === undefined) {
    n = daysBetween('1970-01-01', date);
    if (DAY_CACHE.size > 100_000) DAY_CACHE.clear();
    DAY_CACHE.set(date, n);
  }
  return n;
}

const NONE: readonly number[] = [];

/** Whether a field's value (one value or a list) includes one of the values a condition names. */
function meets(includes: readonly unknown[], v: unknown): boolean {
  if (!Array.isArray(v)) return includes.includes(v);
  for (const x of v) if (includes.includes(x)) return true;
  return false;
}
const NO_IDS = Object.freeze([]) as unknown as string[];

/** A scorecard compiled for one evaluation day: subjects in, results out (null: no evaluation). */
export type CompiledScorecard = (s: EvalSubject) => EvaluationResult | null;

export function compileScorecard(card: ComputedScorecardDef, date: IsoDate): (s: EvalSubject) => EvaluationResult;
export function compileScorecard(card: ScorecardDef, date: IsoDate): CompiledScorecard;
export function compileScorecard(card: ScorecardDef, date: IsoDate): CompiledScorecard {
  switch (card.kind) {
    case 'computed':
      return compileComputed(card, date);
    case 'mirrors':
      return compileMirror(card, date);
    default:
      return assertNever(card);
  }
}

/**
 * The authority's grade as filed: the mirrored field of the subject's latest record of the item
 * in force on the day (not withdrawn, decided by then, inside its window, which for a grade runs
 * to the end of its validity); a later decision replaces an earlier one from its date, and of
 * two decided the same day, the grade for the later period (the evaluation year), then the one
 * filed later. Where there is none, or its value is not a tier (a projection older than the
 * pack's attribute fields), there is no evaluation: the platform never supplies a grade of its own.
 */
function compileMirror(card: MirroredScorecardDef, date: IsoDate): CompiledScorecard {
  const { item, field, period } = card.mirrors;
  const tiers = new Map(card.tiers.map((t) => [t.tier, t]));
  const kinds = new Set<string>(card.subjectKinds);
  // A record whose period cannot be read (a projection older than the pack's attribute fields) comes first.
  const periodOf = (r: EvalRecord): number => {
    const v = period === undefined ? undefined : r.attrs[period];
    return typeof v === 'number' ? v : -Infinity;
  };
  const later = (r: EvalRecord, than: EvalRecord): boolean => {
    if (r.decisionDate !== than.decisionDate) return r.decisionDate > than.decisionDate;
    const [p, q] = [periodOf(r), periodOf(than)];
    return p !== q ? p > q : r.filedIndex > than.filedIndex;
  };
  return (s) => {
    if (!kinds.has(s.kind)) throw new RangeError(`scorecard ${card.code} does not apply to a ${s.kind}`);
    let latest: EvalRecord | null = null;
    for (const r of s.records) {
      if (r.item !== item || !r.inEffect || r.decisionDate > date) continue;
      if (latest === null || later(r, latest)) latest = r;
    }
    if (latest === null) return null;
    const value = latest.attrs[field];
    const tier = typeof value === 'string' ? tiers.get(value) : undefined;
    if (!tier) return null;
    return {
      scorecard: card.code,
      version: card.version,
      date,
      eligible: true,
      score: null,
      tier: tier.tier,
      tierLabel: tier.label,
      tierReason: `as filed: ${item} ${latest.recordId} decided ${latest.decisionDate}`,
      factors: [],
      filed: { record: latest.recordId, item, decisionDate: latest.decisionDate },
    };
  };
}

function compileComputed(card: ComputedScorecardDef, date: IsoDate): (s: EvalSubject) => EvaluationResult {
  const today = dayOf(date);
  const factors: ReadyFactor[] = card.factors.map((f) => ({
    def: f,
    since: f.window === 'in-effect' ? null : subtractPeriod(date, f.window),
    // Measured backward from the evaluation date, like the record's age, so leap days agree.
    halfLifeDays: f.halfLife ? daysBetween(subtractPeriod(date, f.halfLife), date) : null,
    items: f.source.items ? new Set(f.source.items) : null,
    lists: f.source.lists ? new Set(f.source.lists) : null,
    agencyKinds: f.source.agencyKinds ? new Set(f.source.agencyKinds) : null,
  }));
  const weight = (f: ReadyFactor, decided: IsoDate): number =>
    f.halfLifeDays === null ? 1 : Math.pow(0.5, Math.max(0, today - dayOf(decided)) / f.halfLifeDays);
  // Only called for a factor whose items hold the record's (byItem below).
  const applies = (f: ReadyFactor, r: EvalRecord): boolean => {
    if (f.agencyKinds && !f.agencyKinds.has(r.agencyKind)) return false;
    const where = f.def.source.where;
    if (where && !meets(where.includes, r.attrs[where.field])) return false;
    if (f.since === null) return r.inEffect;
    return r.standing && r.decisionDate <= date && r.decisionDate > f.since;
  };
  const directTiers = (card.directTiers ?? []).map((d) => ({ ...d, tier: card.tiers.find((x) => x.tier === d.tier)!, lists: new Set(d.lists) }));
  const kinds = new Set<string>(card.subjectKinds);
  const youngReason = card.eligibility.note ?? `registered less than ${card.eligibility.minAge} before ${date}`;
  const ofAge = new Map<IsoDate, boolean>();
  const young = (registeredOn: IsoDate | null): boolean => {
    if (registeredOn === null) return true;
    let y = ofAge.get(registeredOn);
    if (y === undefined) ofAge.set(registeredOn, (y = addPeriod(registeredOn, card.eligibility.minAge) > date));
    return y;
  };
  // Which factors a record or an entry can feed, so each is looked at once per subject.
  const byItem = new Map<string, number[]>();
  const byList = new Map<string, number[]>();
  factors.forEach((f, i) => {
    for (const item of f.items && !f.lists ? f.items : []) byItem.set(item, [...(byItem.get(item) ?? []), i]);
    for (const list of f.lists ?? []) byList.set(list, [...(byList.get(list) ?? []), i]);
  });
  const n = factors.length;
  // Object literals, not spreads: V8 builds a spread with added keys on a slow path, and this
  // runs for every subject and scorecard of a full evaluation.
  const result = (eligible: boolean, score: number | null, tier: TierDef | null, reason: string | null, factors: FactorResult[]): EvaluationResult => ({
    scorecard: card.code,
    version: card.version,
    date,
    eligible,
    score,
    tier: tier?.tier ?? null,
    tierLabel: tier?.label ?? null,
    tierReason: reason,
    factors,
    filed: null,
  });
  const values = new Float64Array(n);
  const records = new Array<string[] | null>(n).fill(null);
  const entries = new Array<string[] | null>(n).fill(null);
  // A factor with nothing to count adds nothing and binds no cap (whatever its sign or cap):
  // its result is the same object for every subject, frozen so that no caller can change it.
  const idle = factors.map(
    (f): FactorResult => Object.freeze({ code: f.def.code, value: 0, contribution: 0, capped: false, records: NO_IDS, entries: NO_IDS }) as FactorResult,
  );
  return (s) => {
    if (!kinds.has(s.kind)) throw new RangeError(`scorecard ${card.code} does not apply to a ${s.kind}`);
    // Per factor, in record (or entry) order as they come: the sums add up in the same order.
    // The scratch arrays are the compiled card's own (a call never waits, so none overlaps).
    values.fill(0);
    records.fill(null);
    entries.fill(null);
    for (const e of s.entries) {
      if (!e.inEffect) continue;
      for (const i of byList.get(e.list) ?? NONE) {
        values[i]! += weight(factors[i]!, e.listedOn);
        (entries[i] ??= []).push(e.entryId);
      }
    }
    for (const r of s.records) {
      for (const i of byItem.get(r.item) ?? NONE) {
        const f = factors[i]!;
        if (!applies(f, r)) continue;
        const w = weight(f, r.decisionDate);
        const measure = f.def.measure;
        if (typeof measure === 'object') {
          const amount = Number(r.attrs[measure.sum] ?? 0);
          if (!Number.isFinite(amount) || amount === 0) continue;
          values[i]! += (amount / measure.per) * w;
        } else values[i]! += w;
        (records[i] ??= []).push(r.recordId);
      }
    }
    let score = card.base;
    const results: FactorResult[] = [];
    for (let i = 0; i < n; i++) {
      const value = values[i]!;
      if (value === 0 && records[i] === null && entries[i] === null) {
        results.push(idle[i]!);
        continue;
      }
      const def = factors[i]!.def;
      const raw = value * def.points;
      const contribution = def.cap < 0 ? Math.max(raw, def.cap) : Math.min(raw, def.cap);
      score += contribution;
      // Capped: the cap binds (the raw value reaches or passes it).
      results.push({
        code: def.code,
        value: round(value),
        contribution: round(contribution),
        capped: def.cap !== 0 && Math.abs(raw) >= Math.abs(def.cap),
        records: records[i] ?? [],
        entries: entries[i] ?? [],
      });
    }
    score = round(score);
    // A rule that assigns a tier directly (a major tax violator is D) applies to every subject.
    // (Plain loops here and above: a closure per subject is garbage a million times over.)
    for (const d of directTiers) {
      for (const e of s.entries) if (e.inEffect && d.lists.has(e.list)) return result(true, score, d.tier, d.note ?? `listed on ${e.list}`, results);
    }
    if (young(s.registeredOn)) {
      const e = card.eligibility.whenIneligible;
      if (e === 'not-graded') return result(false, null, null, youngReason, []);
      // A newcomer's own tier (tax grade M) needs its minimum score; below it the usual tiers apply.
      if (e.minScore === undefined || score >= e.minScore) return result(false, score, e, youngReason, results);
    }
    for (const t of card.tiers) if (t.minScore === undefined || score >= t.minScore) return result(true, score, t, null, results);
    throw new RangeError(`scorecard ${card.code} has no tier for the score ${score}`);
  };
}

export function evaluateSubject(card: ComputedScorecardDef, s: EvalSubject, date: IsoDate): EvaluationResult;
export function evaluateSubject(card: ScorecardDef, s: EvalSubject, date: IsoDate): EvaluationResult | null;
export function evaluateSubject(card: ScorecardDef, s: EvalSubject, date: IsoDate): EvaluationResult | null {
  return compileScorecard(card, date)(s);
}

/** A scorecard's factors (a mirroring scorecard has none). */
export function factorsOf(card: ScorecardDef): readonly FactorDef[] {
  return card.kind === 'computed' ? card.factors : [];
}

/** The catalogue items a scorecard reads records of. */
export function itemsRead(card: ScorecardDef): string[] {
  return card.kind === 'computed' ? card.factors.flatMap((f) => f.source.items ?? []) : [card.mirrors.item];
}

/** The lists a scorecard reads entries of (its factors' and its direct tiers'). */
export function listsRead(card: ScorecardDef): string[] {
  return card.kind === 'computed' ? [...card.factors.flatMap((f) => f.source.lists ?? []), ...(card.directTiers ?? []).flatMap((d) => d.lists)] : [];
}

/** The items and fields a scorecard reads values of: conditions and sums, or the mirrored field and period. */
export function fieldsRead(card: ScorecardDef): Array<{ item: string; field: string }> {
  if (card.kind === 'mirrors') {
    const { item, field, period } = card.mirrors;
    return [{ item, field }, ...(period ? [{ item, field: period }] : [])];
  }
  return card.factors.flatMap((f) =>
    (f.source.items ?? []).flatMap((item) => [
      ...(f.source.where ? [{ item, field: f.source.where.field }] : []),
      ...(typeof f.measure === 'object' ? [{ item, field: f.measure.sum }] : []),
    ]),
  );
}

/** Every tier a result of the scorecard can have: its tiers and a newcomer's own tier. */
export function tiersOf(card: ScorecardDef): Array<{ tier: string; label: Text }> {
  if (card.kind === 'mirrors') return card.tiers;
  const e = card.eligibility.whenIneligible;
  return typeof e === 'object' ? [...card.tiers, e] : card.tiers;
}

/** The label of a tier of a scorecard (an override's tier as much as a computed one), or null. */
export function tierLabelOf(card: ScorecardDef | undefined, tier: string | null): Text | null {
  if (!card || tier === null) return null;
  return tiersOf(card).find((t) => t.tier === tier)?.label ?? null;
}

/** The scorecard version in force on a day, among the pack's scorecards of one code. */
export function scorecardsFor(cards: readonly ScorecardDef[], kind: string, date: IsoDate): ScorecardDef[] {
  return cards.filter((c) => c.subjectKinds.includes(kind as never) && c.effectiveFrom <= date);
}
