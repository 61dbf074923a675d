// Scorecards as pure functions: the facts about a subject on a day in, a score, a tier and an
// explanation out, factor by factor down to the records and list entries behind each. Scores
// are not clamped and recency decays continuously, so two subjects in one tier stay in order.
import { addPeriod, daysBetween, subtractPeriod, type IsoDate } from './dates.ts';
import type { FactorDef, ScorecardDef } from '../policy/schema.ts';

export interface EvalRecord {
  recordId: string;
  item: string;
  agencyKind: string;
  decisionDate: IsoDate;
  /** Public on the evaluation day (not withdrawn, inside its window, not ended by repair). */
  inEffect: boolean;
  /** Counts at all (not withdrawn, not repaired): the period windows use this with the decision date. */
  standing: boolean;
  attrs: Record<string, unknown>;
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
}

const round = (n: number) => Math.round(n * 10_000) / 10_000 + 0; // + 0 turns -0 into 0

function weight(f: FactorDef, decided: IsoDate, date: IsoDate): number {
  if (!f.halfLife) return 1;
  // Measured backward from the evaluation date, like the record's age, so leap days agree.
  const halfLifeDays = daysBetween(subtractPeriod(date, f.halfLife), date);
  const age = Math.max(0, daysBetween(decided, date));
  return Math.pow(0.5, age / halfLifeDays);
}

function applies(f: FactorDef, r: EvalRecord, date: IsoDate, since: IsoDate | null): boolean {
  if (!f.source.items?.includes(r.item)) return false;
  if (f.source.agencyKinds && !f.source.agencyKinds.includes(r.agencyKind)) return false;
  if (f.source.where) {
    const v = r.attrs[f.source.where.field];
    const values = Array.isArray(v) ? v : [v];
    if (!f.source.where.includes.some((x) => values.includes(x))) return false;
  }
  if (f.window === 'in-effect') return r.inEffect;
  return r.standing && r.decisionDate <= date && since !== null && r.decisionDate > since;
}

export function evaluateSubject(card: ScorecardDef, s: EvalSubject, date: IsoDate): EvaluationResult {
  const base = { scorecard: card.code, version: card.version, date };
  if (!card.subjectKinds.includes(s.kind as never)) throw new RangeError(`scorecard ${card.code} does not apply to a ${s.kind}`);
  let score = card.base;
  const factors: FactorResult[] = [];
  for (const f of card.factors) {
    const since = f.window === 'in-effect' ? null : subtractPeriod(date, f.window);
    let value = 0;
    const records: string[] = [];
    const entries: string[] = [];
    if (f.source.lists) {
      for (const e of s.entries) {
        if (!f.source.lists.includes(e.list) || !e.inEffect) continue;
        value += weight(f, e.listedOn, date);
        entries.push(e.entryId);
      }
    } else {
      for (const r of s.records) {
        if (!applies(f, r, date, since)) continue;
        const w = weight(f, r.decisionDate, date);
        if (typeof f.measure === 'object') {
          const amount = Number(r.attrs[f.measure.sum] ?? 0);
          if (!Number.isFinite(amount) || amount === 0) continue;
          value += (amount / f.measure.per) * w;
        } else value += w;
        records.push(r.recordId);
      }
    }
    const raw = value * f.points;
    const contribution = f.cap < 0 ? Math.max(raw, f.cap) : Math.min(raw, f.cap);
    score += contribution;
    // Capped: the cap binds (the raw value reaches or passes it).
    factors.push({
      code: f.code,
      value: round(value),
      contribution: round(contribution),
      capped: f.cap !== 0 && Math.abs(raw) >= Math.abs(f.cap),
      records,
      entries,
    });
  }
  score = round(score);
  // A rule that assigns a tier directly (a major tax violator is D) applies to every subject.
  for (const d of card.directTiers ?? []) {
    const hit = s.entries.find((e) => e.inEffect && d.lists.includes(e.list));
    if (hit) {
      const t = card.tiers.find((x) => x.tier === d.tier)!;
      return { ...base, eligible: true, score, tier: t.tier, tierLabel: t.label, tierReason: d.note ?? `listed on ${hit.list}`, factors };
    }
  }
  const young = s.registeredOn === null || addPeriod(s.registeredOn, card.eligibility.minAge) > date;
  if (young) {
    const e = card.eligibility.whenIneligible;
    const reason = card.eligibility.note ?? `registered less than ${card.eligibility.minAge} before ${date}`;
    if (e === 'not-graded') return { ...base, eligible: false, score: null, tier: null, tierLabel: null, tierReason: reason, factors: [] };
    // A newcomer's own tier (tax grade M) needs its minimum score; below it the usual tiers apply.
    if (e.minScore === undefined || score >= e.minScore)
      return { ...base, eligible: false, score, tier: e.tier, tierLabel: e.label, tierReason: reason, factors };
  }
  const tier = card.tiers.find((t) => t.minScore === undefined || score >= t.minScore)!;
  return { ...base, eligible: true, score, tier: tier.tier, tierLabel: tier.label, tierReason: null, factors };
}

/** The scorecard version in force on a day, among the pack's scorecards of one code. */
export function scorecardsFor(cards: readonly ScorecardDef[], kind: string, date: IsoDate): ScorecardDef[] {
  return cards.filter((c) => c.subjectKinds.includes(kind as never) && c.effectiveFrom <= date);
}
