// The personal credit score: a published scorecard of the pack applied to what a person's credit
// report shows as of a date. The score is the base plus each attribute's points; every attribute
// reports the points it lost against its best bin, and the four that lost most are the reasons,
// each with what would change it. Enterprises get no score. Pure: the date is a parameter.
import type { Text } from '../policy/schema.ts';
import type { PersonalScorecard, ScoreAttributeBins, ScoreBin } from '../policy/personal-score-schema.ts';
import type { CreditSubjectKind } from './report-input.ts';
import {
  SCORE_ATTRIBUTE_DEFS,
  SCORE_ATTRIBUTES,
  STATUS_SCALE,
  scoreValues,
  type ScoreAttribute,
  type ScoreInput,
  type ScoreValues,
} from './score-attributes.ts';
import { addMonths } from '../dates.ts';

/** How many reasons a score carries at most. */
export const REASON_COUNT = 4;

export interface AttributePoints {
  attribute: ScoreAttribute;
  name: Text;
  /** The attribute's value as read (the worst status as its code), or null where there is none. */
  value: number | string | null;
  points: number;
  /** The most points a bin of the attribute gives. */
  best: number;
  /** best − points. */
  lost: number;
}

export interface ScoreReason {
  /** The reason code: the attribute's. */
  code: ScoreAttribute;
  lost: number;
  text: Text;
  /** What would change it, with the points it would add. */
  change: Text;
}

export interface PersonalScore {
  scored: true;
  /** `code@version` of the scorecard applied. */
  model: string;
  /** The day that version took effect: the scorecard in force on `asOf`. */
  effectiveFrom: string;
  asOf: string;
  score: number;
  range: { min: number; max: number };
  band: { band: string; label: Text };
  attributes: AttributePoints[];
  /** The attributes that lost most, at most four, largest loss first, ties in the enumeration's order. */
  reasons: ScoreReason[];
  /** Points lost by attributes beyond the reasons: score + reasons' losses + this = range.max. */
  otherLost: number;
}

/**
 * Why no score: an organisation (enterprises get none), a person without any account to read, or
 * a date before the first scorecard took effect.
 */
export interface NoScore {
  scored: false;
  asOf: string;
  reason: NoScoreReason;
}

export const NO_SCORE_REASONS = ['not-a-person', 'no-accounts', 'no-scorecard'] as const;
export type NoScoreReason = (typeof NO_SCORE_REASONS)[number];

export interface PersonScoreInput extends ScoreInput {
  subjectKind: CreditSubjectKind;
}

/** The scorecard in force on a date: the latest effective on or before it; undefined before the first. */
export function scorecardOn(cards: readonly PersonalScorecard[], date: string): PersonalScorecard | undefined {
  let found: PersonalScorecard | undefined;
  for (const c of cards) if (c.effectiveFrom <= date && (!found || c.effectiveFrom > found.effectiveFrom)) found = c;
  return found;
}

/** A bin's bound as a number on the attribute's scale (the worst status's codes by their index). */
export function boundOf(attribute: ScoreAttribute, bin: ScoreBin): number | undefined {
  if (bin.upTo === undefined) return undefined;
  if (typeof bin.upTo === 'number') return bin.upTo;
  const scale = SCORE_ATTRIBUTE_DEFS[attribute].scale;
  const i = scale ? scale.indexOf(bin.upTo) : -1;
  return i < 0 ? Number.NaN : i;
}

/** The index of the bin a value falls in (the first whose bound it does not pass), or -1 for no value. */
export function binIndex(def: ScoreAttributeBins, value: number | null): number {
  if (value === null) return -1;
  for (let i = 0; i < def.bins.length; i++) {
    const b = boundOf(def.attribute, def.bins[i]!);
    if (b === undefined || value <= b) return i;
  }
  return def.bins.length - 1;
}

function bestPoints(def: ScoreAttributeBins): number {
  return Math.max(mostPoints(def), def.whenNone ?? 0);
}

/** The most points a bin gives (-Infinity without bins). */
function mostPoints(def: ScoreAttributeBins): number {
  let most = -Infinity;
  for (const b of def.bins) most = Math.max(most, b.points);
  return most;
}

/** The score of a person as of `input.asOf` under `card`; no score for an organisation or without accounts. */
export function personalScore(card: PersonalScorecard, input: PersonScoreInput): PersonalScore | NoScore {
  if (input.subjectKind !== 'person') return { scored: false, asOf: input.asOf, reason: 'not-a-person' };
  const accounts = input.accounts.filter((a) => a.openedOn <= input.asOf);
  if (accounts.length === 0) return { scored: false, asOf: input.asOf, reason: 'no-accounts' };
  return scoreFromValues(card, input.asOf, scoreValues({ ...input, accounts }));
}

/**
 * The score for attribute values already read (the property tests and benchmarks use it
 * directly). Written with loops rather than callbacks: a bulk score calls it a million times.
 */
export function scoreFromValues(card: PersonalScorecard, asOf: string, values: ScoreValues): PersonalScore {
  const attributes: AttributePoints[] = [];
  let points = 0;
  for (const def of card.attributes) {
    const a = attributePoints(def, values[def.attribute]);
    attributes.push(a);
    points += a.points;
  }
  const score = card.base + points;
  const losing: AttributePoints[] = [];
  for (const a of attributes) if (a.lost > 0) losing.push(a);
  losing.sort(byLoss);
  const reasons: ScoreReason[] = [];
  let otherLost = 0;
  for (let i = 0; i < losing.length; i++) {
    const a = losing[i]!;
    if (i < REASON_COUNT) reasons.push(reasonFor(defOf(card, a.attribute), a, values, asOf));
    else otherLost += a.lost;
  }
  const band = bandOf(card, score);
  return {
    scored: true,
    model: `${card.code}@${card.version}`,
    effectiveFrom: card.effectiveFrom,
    asOf,
    score,
    range: card.range,
    band: { band: band.band, label: band.label },
    attributes,
    reasons,
    otherLost,
  };
}

/** An attribute's points for its value, against the most its bins give. */
function attributePoints(def: ScoreAttributeBins, v: number | null): AttributePoints {
  const i = binIndex(def, v);
  const points = i < 0 ? (def.whenNone ?? 0) : def.bins[i]!.points;
  const best = bestPoints(def);
  const scale = SCORE_ATTRIBUTE_DEFS[def.attribute].scale;
  const shown = v === null ? null : scale ? (scale[v] ?? null) : v;
  return { attribute: def.attribute, name: def.name, value: shown, points, best, lost: best - points };
}

/** Largest loss first, ties in the enumeration's order. */
const byLoss = (a: AttributePoints, b: AttributePoints): number =>
  b.lost - a.lost || SCORE_ATTRIBUTES.indexOf(a.attribute) - SCORE_ATTRIBUTES.indexOf(b.attribute);

/** The band a score falls in: the first whose lowest score it reaches. */
function bandOf(card: PersonalScorecard, score: number): PersonalScorecard['bands'][number] {
  for (const b of card.bands) if (b.minScore === undefined || score >= b.minScore) return b;
  throw new Error(`the scorecard ${card.code} has no band for a score of ${score}`);
}

/** The card's first bins of an attribute. */
function defOf(card: PersonalScorecard, attribute: ScoreAttribute): ScoreAttributeBins {
  for (const d of card.attributes) if (d.attribute === attribute) return d;
  throw new Error(`the scorecard ${card.code} has no bins for ${attribute}`);
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The lowest bound of the bins that give the best points (for attributes that are worse when higher). */
function bestBound(def: ScoreAttributeBins): number | undefined {
  const best = mostPoints(def);
  for (const bin of def.bins) if (bin.points === best) return boundOf(def.attribute, bin);
  return undefined;
}

/** The smallest value of the best bin of an attribute that is better when higher: one more than the bound before it. */
function bestFloor(def: ScoreAttributeBins): number {
  const best = mostPoints(def);
  let i = 0;
  while (i < def.bins.length && def.bins[i]!.points !== best) i++;
  if (i === def.bins.length) i = -1;
  const before = i > 0 ? boundOf(def.attribute, def.bins[i - 1]!) : undefined;
  return before === undefined ? 0 : Math.floor(before) + 1;
}

/** A reason: what lost the points, and what would change it, in both languages. */
function reason(code: ScoreAttribute, lost: number, zh: string, en: string, czh: string, cen: string): ScoreReason {
  return { code, lost, text: { zh, en }, change: { zh: czh, en: cen } };
}

/** The reason an attribute lost points, and what would change it, in both languages. */
function reasonFor(def: ScoreAttributeBins, a: AttributePoints, values: ScoreValues, asOf: string): ScoreReason {
  const n = a.lost;
  const v = values[def.attribute];
  switch (def.attribute) {
    case 'worst-status-24m': {
      const code = v === null ? 'N' : STATUS_SCALE[v]!;
      const until = addMonths(`${asOf.slice(0, 7)}-01`, 24).slice(0, 7);
      return reason(
        def.attribute,
        n,
        `近24个月最差还款状态为${code}`,
        `The worst repayment status in the last 24 months is ${code}`,
        `按时还款：逾期月份移出24个月窗口后（最迟${until}），最多可增加${n}分`,
        `Paying on time: once the late months leave the 24-month window (by ${until} at the latest), up to ${n} points would be added`,
      );
    }
    case 'months-late-24m':
      return reason(
        def.attribute,
        n,
        `近24个月有${v}个月逾期`,
        `${v} month${v === 1 ? '' : 's'} past due in the last 24 months`,
        `此后每月按时还款，逾期月份逐月移出24个月窗口，最多可增加${n}分`,
        `Each month paid on time lets a late month leave the 24-month window; up to ${n} points would be added`,
      );
    case 'derogatory-accounts':
      return reason(
        def.attribute,
        n,
        `有${v}个呆账、代偿或以资抵债账户`,
        `${v} account${v === 1 ? '' : 's'} written off, paid by a guarantor or settled with assets`,
        `此类信息自不良行为终止之日起五年后不再展示；届时最多可增加${n}分`,
        `Such information is no longer shown five years after the adverse conduct ends; up to ${n} points would then be added`,
      );
    case 'revolving-utilisation': {
      if (v === null) {
        return reason(
          def.attribute,
          n,
          '无循环授信额度可计算使用率',
          'No revolving credit limit to measure utilisation against',
          `一个按时还款且使用率低的信用卡或循环贷账户最多可增加${n}分`,
          `A credit card or revolving line kept at a low utilisation and paid on time would add up to ${n} points`,
        );
      }
      const bound = bestBound(def) ?? 0;
      return reason(
        def.attribute,
        n,
        `循环授信额度使用率为${pct(v)}`,
        `Revolving credit utilisation is ${pct(v)}`,
        `循环授信额度使用率不超过${pct(bound)}最多可增加${n}分`,
        `A revolving utilisation of ${pct(bound)} or less would add up to ${n} points`,
      );
    }
    case 'hard-inquiries-12m': {
      const until = addMonths(asOf, 12);
      return reason(
        def.attribute,
        n,
        `近12个月有${v}次贷款或信用卡审批查询`,
        `${v} loan or credit-card approval inquir${v === 1 ? 'y' : 'ies'} in the last 12 months`,
        `减少新的信贷申请：查询满12个月后不再计入（最迟${until}），最多可增加${n}分`,
        `Fewer new applications for credit: an inquiry stops counting after 12 months (by ${until} at the latest); up to ${n} points would be added`,
      );
    }
    case 'history-length': {
      const floor = bestFloor(def);
      return reason(
        def.attribute,
        n,
        `信用记录长度为${v}个月`,
        `The credit history is ${v} month${v === 1 ? '' : 's'} long`,
        `信用记录达到${floor}个月最多可增加${n}分（随时间增长）`,
        `A credit history of ${floor} months or more would add up to ${n} points (it comes with time)`,
      );
    }
    case 'credit-mix':
      return reason(
        def.attribute,
        n,
        `信贷账户类型为${v}种`,
        `${v} kind${v === 1 ? '' : 's'} of credit account (loan, revolving line, credit card)`,
        `按需持有并按时偿还不同类型的信贷账户最多可增加${n}分`,
        `Holding and repaying different kinds of credit account, where needed, would add up to ${n} points`,
      );
  }
}
