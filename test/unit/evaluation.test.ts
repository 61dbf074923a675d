// Scorecards as pure functions (src/domain/evaluation.ts, DOMAIN.md §7): the shipped scorecards
// of policy/cn-national/scorecards.yaml applied to hand-built subjects. Expected figures are
// worked out here from the published factors (points, half-life, cap), not read back from the
// implementation: weight = 0.5^(age / half-life), contribution = value × points within the cap.
// The tax credit grade is the tax authority's decision: it mirrors the grade filed, computes
// nothing, and is absent where none was filed. The features of computed scorecards that no
// shipped card uses (agency kinds, a newcomer's own tier, direct tiers) are tried on a fixture.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import {
  evaluateSubject,
  scorecardsFor,
  type EvalEntry,
  type EvalRecord,
  type EvalSubject,
  type EvaluationResult,
  type FactorResult,
} from '../../src/domain/evaluation.ts';
import { addDays, subtractPeriod } from '../../src/domain/dates.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import type { Policy } from '../../src/domain/policy/policy.ts';
import type { ComputedScorecardDef, MirroredScorecardDef, ScorecardDef } from '../../src/domain/policy/schema.ts';

const PACK = resolve(import.meta.dirname, '../../policy/cn-national');

/** The evaluation day: mid-year, so P1Y back and forward are both 365 days. */
const DATE = '2026-06-15';
const OLD = '2015-03-01';

let policy: Policy;
let comprehensive: ComputedScorecardDef;
let tax: MirroredScorecardDef;
let government: ComputedScorecardDef;

function computed(card: ScorecardDef | undefined): ComputedScorecardDef {
  if (card?.kind !== 'computed') throw new Error(`${card?.code} is not a computed scorecard`);
  return card;
}

beforeAll(() => {
  policy = loadPolicyPack(PACK);
  comprehensive = computed(policy.scorecard('public-credit-comprehensive'));
  const t = policy.scorecard('tax-credit');
  if (t?.kind !== 'mirrors') throw new Error('tax-credit does not mirror');
  tax = t;
  government = computed(policy.scorecard('government-integrity'));
});

/**
 * A computed scorecard with agency kinds, a newcomer's own tier with a minimum score, and a direct
 * tier: the features no shipped computed card uses, shaped like a points-deducting grade.
 */
const FIXTURE: ComputedScorecardDef = {
  kind: 'computed',
  code: 'points-fixture',
  version: '1',
  effectiveFrom: '2025-07-01',
  name: { zh: '测试评分', en: 'Test points' },
  legalBasis: [{ instrument: { zh: '测试', en: 'Test' } }],
  subjectKinds: ['enterprise', 'individual-business', 'farmers-cooperative'],
  base: 100,
  eligibility: {
    minAge: 'P1Y',
    whenIneligible: { tier: 'M', label: { zh: 'M级（新设立）', en: 'M (newly established)' }, minScore: 70 },
    note: 'In its first year a subject is M at 70 points or more; below that the usual tiers apply.',
  },
  publicTiers: ['A'],
  tiers: [
    { tier: 'A', label: { zh: 'A级', en: 'A' }, minScore: 90 },
    { tier: 'B', label: { zh: 'B级', en: 'B' }, minScore: 70 },
    { tier: 'C', label: { zh: 'C级', en: 'C' }, minScore: 40 },
    { tier: 'D', label: { zh: 'D级', en: 'D' } },
  ],
  directTiers: [{ tier: 'D', lists: ['major-tax-violators'], note: 'a major tax violator is D directly' }],
  factors: [
    {
      code: 'tax-penalties',
      name: { zh: '税务行政处罚', en: 'Tax penalties' },
      source: { items: ['administrative-penalty-general', 'administrative-penalty-serious'], agencyKinds: ['tax'] },
      window: 'P3Y',
      measure: 'count',
      points: -11,
      halfLife: 'P2Y',
      cap: -44,
    },
    {
      code: 'tax-minor',
      name: { zh: '税务轻微违法', en: 'Minor tax violations' },
      source: { items: ['administrative-penalty-minor'], agencyKinds: ['tax'] },
      window: 'P1Y',
      measure: 'count',
      points: -3,
      cap: -9,
    },
  ],
};

// ---------------------------------------------------------------- builders
let seq = 0;

function rec(item: string, o: Partial<Omit<EvalRecord, 'item'>> = {}): EvalRecord {
  return {
    recordId: o.recordId ?? `r${++seq}`,
    item,
    agencyKind: o.agencyKind ?? 'market-regulation',
    decisionDate: o.decisionDate ?? DATE,
    inEffect: o.inEffect ?? true,
    standing: o.standing ?? true,
    attrs: o.attrs ?? {},
    filedIndex: o.filedIndex ?? seq,
  };
}

function entry(list: string, o: Partial<Omit<EvalEntry, 'list'>> = {}): EvalEntry {
  return { entryId: o.entryId ?? `e${++seq}`, list, listedOn: o.listedOn ?? DATE, inEffect: o.inEffect ?? true };
}

function subject(o: Partial<EvalSubject> = {}): EvalSubject {
  return {
    subjectKey: o.subjectKey ?? 'ent-1',
    kind: o.kind ?? 'enterprise',
    registeredOn: o.registeredOn === undefined ? OLD : o.registeredOn,
    records: o.records ?? [],
    entries: o.entries ?? [],
  };
}

function ago(period: string): string {
  return subtractPeriod(DATE, period);
}

/**
 * A factor's result, with -0 read as 0: a negative-points factor with nothing behind it yields
 * 0 × points = -0 (see the it.fails test on negative zero below); the other tests compare values.
 */
function factor(r: EvaluationResult, code: string): FactorResult {
  const f = r.factors.find((x) => x.code === code);
  if (!f) throw new Error(`no factor ${code} in ${r.scorecard}: ${r.factors.map((x) => x.code).join(', ')}`);
  return unsigned(f);
}

function unsigned(f: FactorResult): FactorResult {
  return { ...f, value: f.value + 0, contribution: f.contribution + 0 };
}

/** Contributions of every factor that is not zero. */
function nonZero(r: EvaluationResult): Record<string, number> {
  return Object.fromEntries(r.factors.filter((f) => f.contribution !== 0).map((f) => [f.code, f.contribution]));
}

const evalC = (s: EvalSubject, date = DATE) => evaluateSubject(comprehensive, s, date);
const evalT = (s: EvalSubject, date = DATE) => evaluateSubject(tax, s, date);
const evalF = (s: EvalSubject, date = DATE) => evaluateSubject(FIXTURE, s, date);

// ---------------------------------------------------------------- the shipped scorecards
describe('the shipped scorecards', () => {
  it('are the comprehensive evaluation, the tax credit grade and the government integrity evaluation', () => {
    expect(policy.scorecards.map((c) => c.code).sort()).toEqual(['government-integrity', 'public-credit-comprehensive', 'tax-credit']);
    expect(comprehensive.base).toBe(100);
    expect(comprehensive.tiers.map((t) => [t.tier, t.minScore])).toEqual([
      ['A', 90],
      ['B', 75],
      ['C', 60],
      ['D', undefined],
    ]);
    expect(policy.supervision.scorecard).toBe('public-credit-comprehensive');
  });

  it("the tax credit grade mirrors the tax authority's filed grade (DOMAIN.md §7): its five grades, no score, none where none was filed", () => {
    expect(tax.kind).toBe('mirrors');
    expect(tax.mirrors).toMatchObject({ item: 'tax-credit-grade', field: 'grade', whenNone: 'no-evaluation' });
    expect(tax.tiers.map((t) => t.tier)).toEqual(['A', 'B', 'M', 'C', 'D']);
    expect(tax.tiers.map((t) => t.tier)).toEqual(policy.item('tax-credit-grade')!.fields.find((f) => f.name === 'grade')!.values);
    expect(tax.legalBasis[0]!.instrument.zh).toBe('纳税缴费信用管理办法');
    expect(tax).not.toHaveProperty('factors');
    expect(tax).not.toHaveProperty('base');
  });

  it('scorecardsFor picks the cards for a subject kind already in force on the day', () => {
    expect(
      scorecardsFor(policy.scorecards, 'enterprise', '2026-06-15')
        .map((c) => c.code)
        .sort(),
    ).toEqual(['public-credit-comprehensive', 'tax-credit']);
    expect(scorecardsFor(policy.scorecards, 'enterprise', '2025-12-31').map((c) => c.code)).toEqual(['tax-credit']);
    expect(scorecardsFor(policy.scorecards, 'government-body', '2026-06-15').map((c) => c.code)).toEqual(['government-integrity']);
    expect(scorecardsFor(policy.scorecards, 'natural-person', '2026-06-15')).toEqual([]);
  });
});

// ---------------------------------------------------------------- a clean subject
describe('a clean, old-enough enterprise', () => {
  it('scores exactly the base and tier A on the comprehensive evaluation, every factor zero', () => {
    const r = evalC(subject());
    expect(r).toMatchObject({
      scorecard: 'public-credit-comprehensive',
      version: '2026.1',
      date: DATE,
      eligible: true,
      score: 100,
      tier: 'A',
      tierLabel: { zh: '优', en: 'Excellent' },
      tierReason: null,
    });
    // Every factor explains itself, in the published order, even when it adds nothing.
    expect(r.factors.map((f) => f.code)).toEqual(comprehensive.factors.map((f) => f.code));
    for (const f of r.factors.map(unsigned)) expect(f, f.code).toEqual({ code: f.code, value: 0, contribution: 0, capped: false, records: [], entries: [] });
  });

  // FINDING (cosmetic; src/domain/evaluation.ts, evaluateSubject): a factor with negative points and
  // nothing behind it contributes 0 × -15 = -0, which round() keeps. JSON prints it as 0, but
  // Object.is(-0, 0) is false and Intl.NumberFormat shows "-0" in a factor-by-factor explanation.
  it('a factor with nothing behind it contributes +0, not -0', () => {
    const r = evalC(subject());
    for (const f of r.factors) expect(Object.is(f.contribution, 0), `${f.code}: ${Object.is(f.contribution, -0) ? '-0' : f.contribution}`).toBe(true);
  });

  it('has no tax credit grade: the tax authority filed none, and the platform supplies none (DOMAIN.md §7)', () => {
    expect(evalT(subject())).toBeNull();
  });

  it('a government body scores 100 and A on the government integrity evaluation', () => {
    const r = evaluateSubject(government, subject({ kind: 'government-body' }), DATE);
    expect(r).toMatchObject({ eligible: true, score: 100, tier: 'A' });
  });

  it('is evaluated the same way twice (pure)', () => {
    const s = subject({ records: [rec('administrative-penalty-serious', { decisionDate: ago('P1Y') })] });
    const copy = structuredClone(s);
    expect(evalC(s)).toEqual(evalC(s));
    expect(s).toEqual(copy);
  });
});

// ---------------------------------------------------------------- factors one at a time
describe('comprehensive evaluation, one factor at a time', () => {
  it('one serious penalty in effect decided today takes 15 points (weight 1)', () => {
    const r = rec('administrative-penalty-serious', { recordId: 'p1' });
    const res = evalC(subject({ records: [r] }));
    expect(factor(res, 'serious-penalties')).toEqual({ code: 'serious-penalties', value: 1, contribution: -15, capped: false, records: ['p1'], entries: [] });
    expect(nonZero(res)).toEqual({ 'serious-penalties': -15 });
    expect(res.score).toBe(85);
    expect(res.tier).toBe('B');
  });

  it('every serious item counts in serious-penalties', () => {
    for (const item of ['administrative-penalty-serious', 'procurement-serious-violation', 'wage-arrears-list', 'safety-production-serious']) {
      expect(evalC(subject({ records: [rec(item)] })).score, item).toBe(85);
    }
  });

  it('a serious penalty decided two years ago takes about half (half-life P2Y)', () => {
    const res = evalC(subject({ records: [rec('administrative-penalty-serious', { decisionDate: ago('P2Y') })] }));
    expect(factor(res, 'serious-penalties').contribution).toBeCloseTo(-7.5, 1);
    expect(factor(res, 'serious-penalties').value).toBeCloseTo(0.5, 2);
  });

  // BUG (src/domain/evaluation.ts, weight()): the half-life is measured in days FORWARD from the
  // evaluation day (date .. date + P2Y, 731 days from 2026-06-15 across 2028-02-29) while the age is
  // measured backward (2024-06-15 .. 2026-06-15, 730 days), so a record decided exactly one
  // half-life ago weighs 0.5^(730/731) = 0.50047, contributing -7.5071 instead of -7.5. With a
  // two-year half-life the two spans differ on every evaluation day (one always holds a 29 February
  // that the other does not), so "exactly half after one half-life" never holds.
  it('a serious penalty decided exactly two years ago takes exactly 7.5 (half-life P2Y)', () => {
    const res = evalC(subject({ records: [rec('administrative-penalty-serious', { decisionDate: ago('P2Y') })] }));
    expect(factor(res, 'serious-penalties').value).toBe(0.5);
    expect(factor(res, 'serious-penalties').contribution).toBe(-7.5);
    expect(res.score).toBe(92.5);
  });

  it('a general penalty decided exactly one year ago takes exactly half of 5 (half-life P1Y, 365-day spans)', () => {
    const res = evalC(subject({ records: [rec('administrative-penalty-general', { decisionDate: ago('P1Y'), recordId: 'g1' })] }));
    expect(factor(res, 'general-penalties')).toMatchObject({ value: 0.5, contribution: -2.5, capped: false, records: ['g1'] });
    expect(res.score).toBe(97.5);
  });

  it('decay is continuous: six months ago weighs 0.5^(age/halfLife)', () => {
    const decided = ago('P6M'); // 2025-12-15: 182 days before 2026-06-15
    const res = evalC(subject({ records: [rec('administrative-penalty-general', { decisionDate: decided })] }));
    const expected = -5 * Math.pow(0.5, 182 / 365);
    expect(factor(res, 'general-penalties').contribution).toBeCloseTo(expected, 4);
  });

  it('three serious penalties today reach the -45 cap', () => {
    const res = evalC(subject({ records: [1, 2, 3].map((i) => rec('administrative-penalty-serious', { recordId: `s${i}` })) }));
    const f = factor(res, 'serious-penalties');
    expect(f.value).toBe(3);
    expect(f.contribution).toBe(-45);
    expect(f.records).toEqual(['s1', 's2', 's3']);
    expect(res.score).toBe(55);
    expect(res.tier).toBe('D');
  });

  // DISCREPANCY with the brief (src/domain/evaluation.ts, evaluateSubject: capped = contribution !== raw):
  // a factor whose raw value lands exactly on its cap (3 × -15 = -45) reports capped: false, though
  // it is at the cap and a further record would add nothing. The brief expects capped: true.
  it('three serious penalties today report capped: true (exactly at the cap)', () => {
    const res = evalC(subject({ records: [1, 2, 3].map(() => rec('administrative-penalty-serious')) }));
    expect(factor(res, 'serious-penalties').capped).toBe(true);
  });

  it('four serious penalties today still take only 45, capped', () => {
    const res = evalC(subject({ records: [1, 2, 3, 4].map((i) => rec('administrative-penalty-serious', { recordId: `s${i}` })) }));
    const f = factor(res, 'serious-penalties');
    expect(f).toEqual({ code: 'serious-penalties', value: 4, contribution: -45, capped: true, records: ['s1', 's2', 's3', 's4'], entries: [] });
    expect(res.score).toBe(55);
  });

  it('fines are summed per 10,000 yuan: 50,000 yuan takes 1 point (5 × -0.2)', () => {
    const res = evalC(subject({ records: [rec('administrative-penalty-general', { recordId: 'f1', attrs: { fineAmount: 50_000 } })] }));
    expect(factor(res, 'fines')).toEqual({ code: 'fines', value: 5, contribution: -1, capped: false, records: ['f1'], entries: [] });
    expect(nonZero(res)).toEqual({ 'general-penalties': -5, fines: -1 });
    expect(res.score).toBe(94);
  });

  it('fines sum across records (serious and general), and a fine given as a decimal string counts', () => {
    const res = evalC(
      subject({
        records: [
          rec('administrative-penalty-general', { recordId: 'a', attrs: { fineAmount: 20_000 } }),
          rec('administrative-penalty-serious', { recordId: 'b', attrs: { fineAmount: '30000.00' } }),
          rec('administrative-penalty-general', { recordId: 'c' }), // no fine: not behind the fines factor
        ],
      }),
    );
    expect(factor(res, 'fines')).toMatchObject({ value: 5, contribution: -1, capped: false, records: ['a', 'b'] });
  });

  it('fines are capped at -10 and a decayed fine weighs less', () => {
    const big = evalC(subject({ records: [rec('administrative-penalty-general', { attrs: { fineAmount: 2_000_000 } })] }));
    expect(factor(big, 'fines')).toMatchObject({ value: 200, contribution: -10, capped: true });
    const old = evalC(subject({ records: [rec('administrative-penalty-general', { decisionDate: ago('P1Y'), attrs: { fineAmount: 50_000 } })] }));
    expect(factor(old, 'fines')).toMatchObject({ value: 2.5, contribution: -0.5 });
  });

  it('a fine on a record no longer in effect does not count', () => {
    const res = evalC(subject({ records: [rec('administrative-penalty-general', { inEffect: false, attrs: { fineAmount: 50_000 } })] }));
    expect(factor(res, 'fines')).toMatchObject({ value: 0, contribution: 0, records: [] });
    expect(res.score).toBe(100);
  });

  it('late annual reports count within three years (window P3Y), older ones do not', () => {
    const late = (decisionDate: string, recordId: string) => rec('annual-report', { recordId, decisionDate, inEffect: false, attrs: { timeliness: 'late' } });
    const res = evalC(
      subject({
        records: [
          late(DATE, 'now'),
          late(addDays(ago('P3Y'), 1), 'just-inside'), // a day short of three years
          late(addDays(ago('P3Y'), -1), 'outside'), // a day more than three years
          late(ago('P5Y'), 'long-ago'),
        ],
      }),
    );
    expect(factor(res, 'annual-reports-late')).toEqual({
      code: 'annual-reports-late',
      value: 2,
      contribution: -2,
      capped: false,
      records: ['now', 'just-inside'],
      entries: [],
    });
    expect(res.score).toBe(98);
  });

  it('on-time annual reports, or reports without a timeliness, do not count (where condition)', () => {
    const res = evalC(
      subject({
        records: [
          rec('annual-report', { attrs: { timeliness: 'on-time' } }),
          rec('annual-report', { attrs: {} }),
          rec('annual-report', { attrs: { timeliness: 'LATE' } }),
        ],
      }),
    );
    expect(factor(res, 'annual-reports-late')).toMatchObject({ value: 0, contribution: 0, records: [] });
    expect(res.score).toBe(100);
  });

  it('late annual reports are capped at -3', () => {
    const res = evalC(subject({ records: [1, 2, 3, 4, 5].map(() => rec('annual-report', { attrs: { timeliness: 'late' } })) }));
    expect(factor(res, 'annual-reports-late')).toMatchObject({ value: 5, contribution: -3, capped: true });
  });

  it('a period window counts standing decisions, not withdrawn or repaired ones, and not future ones', () => {
    const res = evalC(
      subject({
        records: [
          rec('administrative-penalty-minor', { recordId: 'standing', decisionDate: DATE, inEffect: false }),
          rec('administrative-penalty-minor', { recordId: 'withdrawn', decisionDate: DATE, standing: false }),
          rec('administrative-penalty-minor', { recordId: 'future', decisionDate: addDays(DATE, 1) }),
        ],
      }),
    );
    expect(factor(res, 'minor-penalties')).toMatchObject({ value: 1, contribution: -1, records: ['standing'] });
  });

  it('an in-effect window counts records while public, whatever their standing flag', () => {
    const res = evalC(
      subject({
        records: [rec('administrative-penalty-serious', { recordId: 'public' }), rec('administrative-penalty-serious', { recordId: 'ended', inEffect: false })],
      }),
    );
    expect(factor(res, 'serious-penalties').records).toEqual(['public']);
    expect(res.score).toBe(85);
  });

  it('list factors count entries in effect only', () => {
    const res = evalC(
      subject({
        entries: [
          entry('dishonest-judgment-defaulters', { entryId: 'court-now' }),
          entry('dishonest-judgment-defaulters', { entryId: 'court-ended', inEffect: false }),
          entry('abnormal-operations', { entryId: 'abn-ended', inEffect: false }),
        ],
      }),
    );
    // One entry reaches the factor's cap of -25 exactly: the cap binds.
    expect(factor(res, 'court-list')).toEqual({ code: 'court-list', value: 1, contribution: -25, capped: true, records: [], entries: ['court-now'] });
    expect(factor(res, 'abnormal-operations')).toMatchObject({ value: 0, contribution: 0, entries: [] });
    expect(res.score).toBe(75);
    expect(res.tier).toBe('B');
  });

  it('list factors have no decay: an entry listed years ago and still in effect counts in full', () => {
    const res = evalC(subject({ entries: [entry('samr-serious-illegal', { listedOn: ago('P3Y') })] }));
    expect(factor(res, 'serious-lists')).toMatchObject({ value: 1, contribution: -20 });
  });

  it('serious lists are counted together within their cap', () => {
    const res = evalC(subject({ entries: ['samr-serious-illegal', 'major-tax-violators', 'wage-arrears'].map((l, i) => entry(l, { entryId: `l${i}` })) }));
    expect(factor(res, 'serious-lists')).toEqual({
      code: 'serious-lists',
      value: 3,
      contribution: -40,
      capped: true,
      records: [],
      entries: ['l0', 'l1', 'l2'],
    });
    expect(res.score).toBe(60);
    expect(res.tier).toBe('C');
  });

  it('redlists add points within their cap', () => {
    const one = evalC(subject({ entries: [entry('a-grade-taxpayers', { entryId: 'red1' })] }));
    expect(factor(one, 'redlists')).toEqual({ code: 'redlists', value: 1, contribution: 4, capped: false, records: [], entries: ['red1'] });
    expect(one.score).toBe(104);
    expect(one.tier).toBe('A');

    const three = evalC(
      subject({ entries: [entry('a-grade-taxpayers'), entry('contract-keeping-enterprises'), entry('a-grade-taxpayers', { listedOn: ago('P1Y') })] }),
    );
    expect(factor(three, 'redlists')).toMatchObject({ value: 3, contribution: 8, capped: true });
    expect(three.score).toBe(108);

    const ended = evalC(subject({ entries: [entry('a-grade-taxpayers', { inEffect: false })] }));
    expect(ended.score).toBe(100);
  });

  it('a redlist offsets a penalty', () => {
    const res = evalC(subject({ records: [rec('administrative-penalty-serious')], entries: [entry('contract-keeping-enterprises')] }));
    expect(nonZero(res)).toEqual({ 'serious-penalties': -15, redlists: 4 });
    expect(res.score).toBe(89);
    expect(res.tier).toBe('B');
  });

  it('honours add points decaying by half-life, within their cap', () => {
    const res = evalC(subject({ records: [rec('honour', { recordId: 'h1' }), rec('honour', { recordId: 'h2', decisionDate: ago('P6M') })] }));
    const f = factor(res, 'honours');
    expect(f.records).toEqual(['h1', 'h2']);
    expect(f.contribution).toBeGreaterThan(2);
    expect(f.contribution).toBeLessThan(4);
    const many = evalC(subject({ records: [1, 2, 3, 4, 5].map(() => rec('honour')) }));
    expect(factor(many, 'honours')).toMatchObject({ value: 5, contribution: 6, capped: true });
  });

  it('a green environmental rating adds 2; another rating adds nothing (where condition)', () => {
    const green = evalC(
      subject({ records: [rec('environmental-credit-rating', { recordId: 'g', agencyKind: 'ecology-environment', attrs: { rating: 'green' } })] }),
    );
    expect(factor(green, 'green-rating')).toMatchObject({ value: 1, contribution: 2, records: ['g'] });
    const yellow = evalC(subject({ records: [rec('environmental-credit-rating', { agencyKind: 'ecology-environment', attrs: { rating: 'yellow' } })] }));
    expect(factor(yellow, 'green-rating')).toMatchObject({ value: 0, contribution: 0, records: [] });
  });

  it('a where condition matches a value inside a list-valued attribute', () => {
    const res = evalC(subject({ records: [rec('annual-report', { attrs: { timeliness: ['on-time', 'late'] } })] }));
    expect(factor(res, 'annual-reports-late').value).toBe(1);
  });

  it('enforcement and contract default take their points', () => {
    const res = evalC(subject({ records: [rec('administrative-enforcement'), rec('contract-default-business')] }));
    expect(nonZero(res)).toEqual({ enforcement: -3, 'contract-default': -6 });
    expect(res.score).toBe(91);
  });

  it('records of items no factor reads change nothing', () => {
    const res = evalC(subject({ records: [rec('annual-report', { attrs: { timeliness: 'on-time' } }), rec('some-registration-fact')] }));
    expect(res.score).toBe(100);
  });
});

// ---------------------------------------------------------------- agency kinds
describe('a factor counts records filed by agencies of its kinds only (fixture)', () => {
  it("a tax agency's penalty counts", () => {
    const res = evalF(subject({ records: [rec('administrative-penalty-general', { recordId: 't1', agencyKind: 'tax' })] }));
    expect(factor(res, 'tax-penalties')).toEqual({ code: 'tax-penalties', value: 1, contribution: -11, capped: false, records: ['t1'], entries: [] });
    expect(res.score).toBe(89);
    expect(res.tier).toBe('B');
  });

  it("a market-regulation agency's penalty does not", () => {
    const res = evalF(subject({ records: [rec('administrative-penalty-general', { agencyKind: 'market-regulation' })] }));
    expect(factor(res, 'tax-penalties')).toMatchObject({ value: 0, contribution: 0, records: [] });
    expect(res.score).toBe(100);
    expect(res.tier).toBe('A');
  });

  it('the same subject: only the tax penalties count, each within the P3Y window', () => {
    const res = evalF(
      subject({
        records: [
          rec('administrative-penalty-serious', { recordId: 'tax-now', agencyKind: 'tax' }),
          rec('administrative-penalty-serious', { recordId: 'samr-now', agencyKind: 'market-regulation' }),
          rec('administrative-penalty-general', { recordId: 'tax-4y', agencyKind: 'tax', decisionDate: ago('P4Y') }),
          rec('administrative-penalty-minor', { recordId: 'tax-minor', agencyKind: 'tax' }),
        ],
      }),
    );
    expect(factor(res, 'tax-penalties').records).toEqual(['tax-now']);
    expect(factor(res, 'tax-minor')).toMatchObject({ contribution: -3, records: ['tax-minor'] });
    expect(res.score).toBe(86);
  });
});

// ---------------------------------------------------------------- tiers
describe('tier thresholds at the exact boundaries', () => {
  const withBase = (card: ComputedScorecardDef, base: number): ComputedScorecardDef => ({ ...card, base });
  const cases: Array<[number, string]> = [
    [120, 'A'],
    [90, 'A'],
    [89.9999, 'B'],
    [75, 'B'],
    [74.9999, 'C'],
    [60, 'C'],
    [59.9999, 'D'],
    [0, 'D'],
    [-50, 'D'],
  ];
  for (const [score, tier] of cases) {
    it(`comprehensive: ${score} is tier ${tier}`, () => {
      const r = evaluateSubject(withBase(comprehensive, score), subject(), DATE);
      expect(r.score).toBe(score);
      expect(r.tier).toBe(tier);
      expect(r.tierLabel).toEqual(comprehensive.tiers.find((t) => t.tier === tier)!.label);
    });
  }

  const fixtureCases: Array<[number, string]> = [
    [90, 'A'],
    [89.9999, 'B'],
    [70, 'B'],
    [69.9999, 'C'],
    [40, 'C'],
    [39.9999, 'D'],
  ];
  for (const [score, tier] of fixtureCases) {
    it(`points fixture: ${score} is tier ${tier}`, () => {
      expect(evaluateSubject(withBase(FIXTURE, score), subject(), DATE).tier).toBe(tier);
    });
  }

  it('real factors land on the boundaries: exactly 90 is A, 89.9999 is B', () => {
    // A general penalty today (-5) with a fine of 250,000 yuan (25 × -0.2 = -5) leaves exactly 90.
    const at = evalC(subject({ records: [rec('administrative-penalty-general', { attrs: { fineAmount: 250_000 } })] }));
    expect(at.score).toBe(90);
    expect(at.tier).toBe('A');
    // Five yuan more: 25.0005 × -0.2 = -5.0001.
    const below = evalC(subject({ records: [rec('administrative-penalty-general', { attrs: { fineAmount: 250_005 } })] }));
    expect(below.score).toBe(89.9999);
    expect(below.tier).toBe('B');
  });

  it('real factors: exactly 75 is B, exactly 60 is C, 59.9999 is D', () => {
    const s75 = evalC(subject({ records: [rec('administrative-penalty-serious'), rec('administrative-penalty-general', { attrs: { fineAmount: 250_000 } })] }));
    expect([s75.score, s75.tier]).toEqual([75, 'B']);
    const two = () => [rec('administrative-penalty-serious'), rec('administrative-penalty-serious')];
    const s60 = evalC(subject({ records: [...two(), rec('administrative-penalty-general', { attrs: { fineAmount: 250_000 } })] }));
    expect([s60.score, s60.tier]).toEqual([60, 'C']);
    const s59 = evalC(subject({ records: [...two(), rec('administrative-penalty-general', { attrs: { fineAmount: 250_005 } })] }));
    expect([s59.score, s59.tier]).toEqual([59.9999, 'D']);
  });
});

// ---------------------------------------------------------------- no saturation
describe('scores do not saturate', () => {
  /** Everything the comprehensive card can take, at its cap: -177 in all. */
  function worst(seriousDecided: string): EvalRecord[] {
    return [
      ...[1, 2, 3].map(() => rec('administrative-penalty-serious', { decisionDate: seriousDecided })),
      ...[1, 2, 3, 4].map(() => rec('administrative-penalty-general')),
      rec('administrative-penalty-general', { attrs: { fineAmount: 500_000 } }),
      ...[1, 2, 3, 4, 5].map(() => rec('administrative-penalty-minor')),
      ...[1, 2, 3].map(() => rec('administrative-enforcement')),
      ...[1, 2].map(() => rec('contract-default-business')),
      ...[1, 2, 3].map(() => rec('annual-report', { attrs: { timeliness: 'late' } })),
    ];
  }
  const lists = () => [entry('dishonest-judgment-defaulters'), entry('samr-serious-illegal'), entry('wage-arrears'), entry('abnormal-operations')];

  it('two tier-D subjects with different histories have different scores, the worse one lower', () => {
    const heavy = evalC(subject({ subjectKey: 'heavy', records: worst(DATE), entries: lists() }));
    const lighter = evalC(subject({ subjectKey: 'lighter', records: worst(ago('P2Y')), entries: lists() }));
    // -45 -20 -5 -10 -9 -25 -40 -8 -12 -3 = -177
    expect(heavy.score).toBe(100 - 177);
    expect(heavy.tier).toBe('D');
    expect(lighter.tier).toBe('D');
    // Three two-year-old serious penalties weigh about half: about -22.5 instead of -45.
    expect(lighter.score!).toBeCloseTo(100 - 177 + 22.5, 0);
    expect(heavy.score!).toBeLessThan(lighter.score!);
    // The difference is exactly the difference in the serious-penalties factor.
    expect(lighter.score! - heavy.score!).toBeCloseTo(factor(lighter, 'serious-penalties').contribution - factor(heavy, 'serious-penalties').contribution, 4);
  });

  it('within tier D, a serious penalty ranks below a general one', () => {
    const base = () => [entry('dishonest-judgment-defaulters'), entry('samr-serious-illegal'), entry('wage-arrears')]; // -65: 35, tier D
    const serious = evalC(subject({ records: [rec('administrative-penalty-serious')], entries: base() }));
    const general = evalC(subject({ records: [rec('administrative-penalty-general')], entries: base() }));
    const none = evalC(subject({ entries: base() }));
    expect([serious.tier, general.tier, none.tier]).toEqual(['D', 'D', 'D']);
    expect([serious.score, general.score, none.score]).toEqual([20, 30, 35]);
  });

  it('within one tier, the more recent a penalty the lower the score', () => {
    const base = () => [entry('dishonest-judgment-defaulters'), entry('samr-serious-illegal'), entry('wage-arrears')];
    const ages = ['P0D', 'P1M', 'P6M', 'P1Y', 'P2Y', 'P3Y', 'P4Y'];
    const scores = ages.map((a) => evalC(subject({ records: [rec('administrative-penalty-serious', { decisionDate: ago(a) })], entries: base() })).score!);
    for (let i = 1; i < scores.length; i++) expect(scores[i]!, `${ages[i]} vs ${ages[i - 1]}`).toBeGreaterThan(scores[i - 1]!);
    expect(scores.every((s) => s < 60)).toBe(true);
  });
});

// ---------------------------------------------------------------- eligibility
describe('eligibility', () => {
  it('registered less than a year before the date: not graded on the comprehensive evaluation', () => {
    const r = evalC(subject({ registeredOn: addDays(ago('P1Y'), 1), records: [rec('administrative-penalty-serious')] }));
    expect(r).toMatchObject({ eligible: false, score: null, tier: null, tierLabel: null, factors: [] });
    expect(r.tierReason).toBe(comprehensive.eligibility.note);
  });

  it('registered exactly a year before the date is graded', () => {
    const r = evalC(subject({ registeredOn: ago('P1Y') }));
    expect(r).toMatchObject({ eligible: true, score: 100, tier: 'A' });
  });

  it("registered less than a year before the date: the newcomer's own tier M (fixture)", () => {
    const r = evalF(subject({ registeredOn: addDays(DATE, -30) }));
    // A newcomer is scored (M needs 70 points or more) and graded M.
    expect(r).toMatchObject({ eligible: false, score: 100, tier: 'M', tierLabel: { zh: 'M级（新设立）', en: 'M (newly established)' } });
    expect(r.tierReason).toBe(FIXTURE.eligibility.note);
  });

  it('registeredOn unknown (null): ineligible', () => {
    expect(evalC(subject({ registeredOn: null }))).toMatchObject({ eligible: false, score: null, tier: null });
    expect(evalF(subject({ registeredOn: null }))).toMatchObject({ eligible: false, score: 100, tier: 'M' });
  });

  it('government integrity has no minimum age (P0D): registered today is graded', () => {
    expect(evaluateSubject(government, subject({ kind: 'government-body', registeredOn: DATE }), DATE)).toMatchObject({ eligible: true, score: 100 });
  });

  // A direct tier applies whatever the subject's age: it is looked at before eligibility.
  it('a first-year enterprise on the direct tier list is graded D directly, not M (fixture)', () => {
    const r = evalF(subject({ registeredOn: addDays(DATE, -30), entries: [entry('major-tax-violators')] }));
    expect(r.tier).toBe('D');
  });

  // A newcomer's own tier needs its minimum score: four tax penalties this year (100 - 44 = 56)
  // leave the usual tier C.
  it("a first-year enterprise scoring under the newcomer tier's minimum is not graded M (fixture: M at 70 or more)", () => {
    const r = evalF(
      subject({ registeredOn: addDays(DATE, -200), records: [1, 2, 3, 4].map(() => rec('administrative-penalty-general', { agencyKind: 'tax' })) }),
    );
    expect(r.tier).not.toBe('M');
    expect(r.tier).toBe('C');
  });
});

// ---------------------------------------------------------------- direct tiers
describe('direct tiers', () => {
  it('an entry on a direct tier list in effect sets the tier, with the reason, even with a high score (fixture)', () => {
    const r = evalF(subject({ entries: [entry('major-tax-violators', { entryId: 'mtv' }), entry('a-grade-taxpayers')] }));
    expect(r.eligible).toBe(true);
    expect(r.score).toBe(100);
    expect(r.tier).toBe('D');
    expect(r.tierLabel).toEqual({ zh: 'D级', en: 'D' });
    expect(r.tierReason).toBe('a major tax violator is D directly');
    // The factors still explain the score.
    expect(r.factors.map((f) => f.code)).toEqual(FIXTURE.factors.map((f) => f.code));
  });

  it('an entry that has ended does not decide the tier', () => {
    const r = evalF(subject({ entries: [entry('major-tax-violators', { inEffect: false })] }));
    expect(r).toMatchObject({ score: 100, tier: 'A', tierReason: null });
  });

  it('the comprehensive evaluation has no direct tier: the same entry is a factor (-20)', () => {
    const r = evalC(subject({ entries: [entry('major-tax-violators', { entryId: 'mtv' })] }));
    expect(r).toMatchObject({ score: 80, tier: 'B', tierReason: null });
    expect(factor(r, 'serious-lists').entries).toEqual(['mtv']);
  });
});

// ---------------------------------------------------------------- a mirrored grade
describe("the tax credit grade is the tax authority's decision, shown as it filed it (DOMAIN.md §7)", () => {
  const grade = (g: string, o: Partial<Omit<EvalRecord, 'item' | 'attrs'>> = {}) => rec('tax-credit-grade', { agencyKind: 'tax', ...o, attrs: { grade: g } });

  it('graded B by the tax authority shows B, with the record and the date of its decision, though a clean record would score A', () => {
    const r = evalT(subject({ records: [grade('B', { recordId: 'g1', decisionDate: '2026-04-01' })] }));
    expect(r).toEqual({
      scorecard: 'tax-credit',
      version: tax.version,
      date: DATE,
      eligible: true,
      score: null,
      tier: 'B',
      tierLabel: { zh: 'B级', en: 'B' },
      tierReason: 'as filed: tax-credit-grade g1 decided 2026-04-01',
      factors: [],
      filed: { record: 'g1', item: 'tax-credit-grade', decisionDate: '2026-04-01' },
    });
  });

  it('never graded: no tax credit grade, whatever the records and lists (no computed A, no M for a newcomer, no D for a listed violator)', () => {
    const penalties = [rec('administrative-penalty-general', { agencyKind: 'tax' }), rec('tax-a-grade-taxpayer', { agencyKind: 'tax' })];
    expect(evalT(subject())).toBeNull();
    expect(evalT(subject({ records: penalties, entries: [entry('a-grade-taxpayers'), entry('major-tax-violators')] }))).toBeNull();
    expect(evalT(subject({ registeredOn: addDays(DATE, -30) }))).toBeNull();
    expect(evalT(subject({ registeredOn: null }))).toBeNull();
  });

  it('a later grade replaces an earlier one from the date of its decision', () => {
    const s = subject({
      records: [grade('A', { recordId: 'g-2025', decisionDate: '2026-04-01' }), grade('B', { recordId: 'g-2024', decisionDate: '2025-04-01' })],
    });
    expect(evalT(s, '2026-03-31')).toMatchObject({ tier: 'B', filed: { record: 'g-2024', decisionDate: '2025-04-01' } });
    expect(evalT(s, '2026-04-01')).toMatchObject({ tier: 'A', filed: { record: 'g-2025', decisionDate: '2026-04-01' } });
  });

  it('of two grades decided the same day, the one for the later evaluation year, then the one filed later, whatever the record ids', () => {
    const year = (g: string, evaluationYear: number, o: Partial<Omit<EvalRecord, 'item' | 'attrs'>>) =>
      rec('tax-credit-grade', { agencyKind: 'tax', ...o, attrs: { grade: g, evaluationYear } });
    // The 2025 grade, filed first, over a 2024 grade filed after it the same day.
    const years = [year('C', 2025, { recordId: 'g-a', filedIndex: 10 }), year('A', 2024, { recordId: 'g-z', filedIndex: 11 })];
    expect(evalT(subject({ records: years }))).toMatchObject({ tier: 'C', filed: { record: 'g-a' } });
    expect(evalT(subject({ records: [...years].reverse() }))).toMatchObject({ tier: 'C', filed: { record: 'g-a' } });
    // Two grades for one year the same day: the one filed later.
    const refiled = [year('B', 2025, { recordId: 'g-a', filedIndex: 21 }), year('D', 2025, { recordId: 'g-z', filedIndex: 20 })];
    expect(evalT(subject({ records: refiled }))).toMatchObject({ tier: 'B', filed: { record: 'g-a' } });
    expect(evalT(subject({ records: [...refiled].reverse() }))).toMatchObject({ tier: 'B', filed: { record: 'g-a' } });
  });

  it('as of a day before the grade was decided, there is none', () => {
    expect(evalT(subject({ records: [grade('B', { decisionDate: '2026-04-01' })] }), '2026-03-31')).toBeNull();
  });

  it('a grade no longer in force (withdrawn, or past its validity) is not shown; an earlier one still in force is', () => {
    const lapsed = grade('A', { recordId: 'lapsed', decisionDate: '2026-04-01', inEffect: false, standing: false });
    expect(evalT(subject({ records: [lapsed] }))).toBeNull();
    expect(evalT(subject({ records: [lapsed, grade('B', { recordId: 'earlier', decisionDate: '2025-04-01' })] }))).toMatchObject({
      tier: 'B',
      filed: { record: 'earlier' },
    });
  });

  it('M, C and D are shown as the authority filed them, each with its own label', () => {
    for (const [g, label] of [
      ['M', 'M级'],
      ['C', 'C级'],
      ['D', 'D级'],
    ] as const) {
      expect(evalT(subject({ registeredOn: addDays(DATE, -30), records: [grade(g)] })), g).toMatchObject({ tier: g, tierLabel: { zh: label } });
    }
  });

  it('a record whose grade cannot be read (a projection older than the pack) gives no grade, never one of the platform', () => {
    expect(evalT(subject({ records: [rec('tax-credit-grade', { agencyKind: 'tax', attrs: {} })] }))).toBeNull();
  });
});

// ---------------------------------------------------------------- subject kinds
describe('subject kinds', () => {
  it('a scorecard applied to a subject kind it does not cover throws', () => {
    expect(() => evalC(subject({ kind: 'natural-person' }))).toThrow(/public-credit-comprehensive/);
    expect(() => evalC(subject({ kind: 'government-body' }))).toThrow(RangeError);
    expect(() => evaluateSubject(government, subject({ kind: 'enterprise' }), DATE)).toThrow(/government-integrity/);
    expect(() => evalT(subject({ kind: 'natural-person', registeredOn: null }))).toThrow(RangeError);
  });

  it('every kind the card lists is evaluated', () => {
    for (const kind of comprehensive.subjectKinds) expect(evalC(subject({ kind })).score, kind).toBe(100);
  });
});

// ---------------------------------------------------------------- explanations
describe('every factor lists exactly the records and entries behind it', () => {
  it('a mixed history, factor by factor', () => {
    const s = subject({
      records: [
        rec('administrative-penalty-serious', { recordId: 'ser', attrs: { fineAmount: 100_000 } }),
        rec('administrative-penalty-serious', { recordId: 'ser-ended', inEffect: false, attrs: { fineAmount: 100_000 } }),
        rec('administrative-penalty-general', { recordId: 'gen', attrs: { fineAmount: 0 } }),
        rec('commitment-breach', { recordId: 'breach' }),
        rec('administrative-penalty-minor', { recordId: 'minor', decisionDate: ago('P2Y'), inEffect: false }),
        rec('administrative-penalty-minor', { recordId: 'minor-old', decisionDate: ago('P4Y'), inEffect: false }),
        rec('administrative-enforcement', { recordId: 'enf' }),
        rec('contract-default-business', { recordId: 'cd' }),
        rec('annual-report', { recordId: 'ar-late', decisionDate: ago('P1Y'), attrs: { timeliness: 'late' } }),
        rec('annual-report', { recordId: 'ar-ok', attrs: { timeliness: 'on-time' } }),
        rec('honour', { recordId: 'hon' }),
        rec('environmental-credit-rating', { recordId: 'green', attrs: { rating: 'green' } }),
      ],
      entries: [
        entry('dishonest-judgment-defaulters', { entryId: 'court' }),
        entry('wage-arrears', { entryId: 'wage' }),
        entry('abnormal-operations', { entryId: 'abn' }),
        entry('abnormal-operations', { entryId: 'abn-ended', inEffect: false }),
        entry('a-grade-taxpayers', { entryId: 'red' }),
      ],
    });
    const r = evalC(s);
    const behind = Object.fromEntries(r.factors.map((f) => [f.code, { records: f.records, entries: f.entries }]));
    expect(behind).toEqual({
      'serious-penalties': { records: ['ser'], entries: [] },
      'general-penalties': { records: ['gen', 'breach'], entries: [] },
      'minor-penalties': { records: ['minor'], entries: [] },
      fines: { records: ['ser'], entries: [] },
      enforcement: { records: ['enf'], entries: [] },
      'court-list': { records: [], entries: ['court'] },
      'serious-lists': { records: [], entries: ['wage'] },
      'abnormal-operations': { records: [], entries: ['abn'] },
      'contract-default': { records: ['cd'], entries: [] },
      'annual-reports-late': { records: ['ar-late'], entries: [] },
      redlists: { records: [], entries: ['red'] },
      honours: { records: ['hon'], entries: [] },
      'green-rating': { records: ['green'], entries: [] },
    });
    // The score is the base plus the contributions (to rounding).
    const sum = r.factors.reduce((a, f) => a + f.contribution, comprehensive.base);
    expect(r.score!).toBeCloseTo(sum, 3);
    // A factor with no records or entries behind it contributes nothing, and vice versa.
    for (const f of r.factors) expect(f.records.length + f.entries.length > 0, f.code).toBe(f.contribution !== 0);
  });
});
