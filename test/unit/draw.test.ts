// Random inspection draws ("double random, one public", src/features/evaluation/draw.ts): anyone can
// recompute a draw from its published seed, date and population, so the tests check that the
// same inputs give the same bytes, that the numbers per tier follow the published rates, and
// that no inspector is given a subject they have a conflict with.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { draw, populationDigest, type DrawInput, type Inspector } from '../../src/features/evaluation/draw.ts';
import { buildUscc } from '../../src/domain/ids/uscc.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';

const PACK = resolve(import.meta.dirname, '../../policy/cn-national');
const DATE = '2026-06-15';
const SEED = 'b7f3c1e2d4a5968778695a4b3c2d1e0f';

const DIVISIONS = ['110101', '110105', '310101', '310115', '440305', '440106'];

/** A valid USCC for subject number i, spread over the divisions above. */
function uscc(i: number): string {
  return buildUscc('9', '1', DIVISIONS[i % DIVISIONS.length]!, String(10_000_000 + i * 7919).slice(-8));
}

/** A deterministic population of n enterprises spread over tiers (roughly A 40%, B 30%, C 20%, D 10%). */
function population(n: number): Array<{ subject: string; tier: string }> {
  const tiers = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D'];
  return Array.from({ length: n }, (_, i) => ({ subject: uscc(i), tier: tiers[(i * 7) % tiers.length]! }));
}

/** A reproducible shuffle (not Math.random: a failure must be reproducible). */
function shuffled<T>(xs: readonly T[], salt = 1): T[] {
  const out = [...xs];
  let s = 2463534242 ^ salt;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = Math.abs(s) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const division = (subject: string) => subject.slice(2, 8);
const ids = (r: ReturnType<typeof draw>) => r.selected.map((s) => s.subject);

let rates: Record<string, number>;
beforeAll(() => {
  const policy = loadPolicyPack(PACK);
  rates = Object.fromEntries(policy.supervision.rates.map((r) => [r.tier, r.rate]));
});

describe('the test population', () => {
  it('is of valid, distinct USCCs', () => {
    const pop = population(300);
    expect(new Set(pop.map((p) => p.subject)).size).toBe(300);
    for (const p of pop) expect(p.subject).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
  });
});

describe('determinism', () => {
  it('the same inputs give byte-identical results', () => {
    const input: DrawInput = { seed: SEED, date: DATE, population: population(300), rates, inspectors: [{ id: 'i1' }, { id: 'i2' }, { id: 'i3' }] };
    const a = JSON.stringify(draw(input));
    const b = JSON.stringify(draw(structuredClone(input)));
    expect(b).toBe(a);
    expect(JSON.parse(a).selected.length).toBeGreaterThan(0);
  });

  it('the order of the population does not matter', () => {
    const pop = population(300);
    const inspectors: Inspector[] = [{ id: 'i1' }, { id: 'i2' }, { id: 'i3' }, { id: 'i4', conflicts: [pop[5]!.subject] }];
    const a = draw({ seed: SEED, date: DATE, population: pop, rates, inspectors });
    const b = draw({ seed: SEED, date: DATE, population: shuffled(pop), rates, inspectors });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('a different seed gives a different selection', () => {
    const pop = population(300);
    const a = new Set(ids(draw({ seed: SEED, date: DATE, population: pop, rates })));
    const b = new Set(ids(draw({ seed: `${SEED}x`, date: DATE, population: pop, rates })));
    expect(a.size).toBe(b.size);
    expect([...a].sort()).not.toEqual([...b].sort());
    // Not merely reordered: a good share of the selection changes.
    const common = [...a].filter((s) => b.has(s)).length;
    expect(common).toBeLessThan(a.size);
  });

  it('a different date gives a different selection', () => {
    const pop = population(300);
    const a = ids(draw({ seed: SEED, date: DATE, population: pop, rates })).sort();
    const b = ids(draw({ seed: SEED, date: '2026-06-16', population: pop, rates })).sort();
    expect(b).not.toEqual(a);
  });

  it('a subject is chosen or not independently of the rest of the population (HMAC order per subject)', () => {
    // With rate 1/2 on a tier, adding subjects to another tier does not change this tier's draw.
    const pop = population(200).map((p) => ({ ...p, tier: 'A' }));
    const extra = Array.from({ length: 50 }, (_, i) => ({ subject: `X${i}`, tier: 'B' }));
    const a = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 0.5, B: 1 } });
    const b = draw({ seed: SEED, date: DATE, population: [...extra, ...pop], rates: { A: 0.5, B: 1 } });
    expect(b.selected.filter((s) => s.tier === 'A')).toEqual(a.selected);
  });
});

describe('numbers per tier', () => {
  it('per tier, the number selected is ceil(rate × population), with the pack rates', () => {
    const pop = population(300);
    const r = draw({ seed: SEED, date: DATE, population: pop, rates });
    const counts: Record<string, number> = {};
    for (const p of pop) counts[p.tier] = (counts[p.tier] ?? 0) + 1;
    for (const [tier, n] of Object.entries(counts)) {
      const expected = Math.ceil((Math.round(rates[tier]! * 100) * n) / 100); // integer arithmetic
      expect(
        r.selected.filter((s) => s.tier === tier),
        tier,
      ).toHaveLength(expected);
      expect(r.perTier[tier], tier).toEqual({ population: n, selected: expected, rate: rates[tier] });
    }
    expect(Object.keys(r.perTier).sort()).toEqual(Object.keys(counts).sort());
    expect(r.selected).toHaveLength(Object.values(r.perTier).reduce((a, t) => a + t.selected, 0));
  });

  it('small tiers round up: one subject at 3% is still drawn', () => {
    const r = draw({ seed: SEED, date: DATE, population: [{ subject: uscc(1), tier: 'A' }], rates: { A: 0.03 } });
    expect(r.perTier.A).toEqual({ population: 1, selected: 1, rate: 0.03 });
    expect(r.selected).toHaveLength(1);
  });

  it('explicit counts: 100 at 0.03 → 3, 100 at 0.10 → 10, 20 at 0.35 → 7, 7 at 0.8 → 6, 41 at 0.05 → 3', () => {
    const cases: Array<[number, number, number]> = [
      [100, 0.03, 3],
      [100, 0.1, 10],
      [20, 0.35, 7],
      [7, 0.8, 6],
      [41, 0.05, 3],
    ];
    for (const [n, rate, expected] of cases) {
      const pop = population(n).map((p) => ({ ...p, tier: 'T' }));
      expect(draw({ seed: SEED, date: DATE, population: pop, rates: { T: rate } }).perTier.T!.selected, `${n} at ${rate}`).toBe(expected);
    }
  });

  // BUG (src/features/evaluation/draw.ts, draw(): `Math.ceil(rate * subjects.length)`): floating-point
  // products just above an integer round up one too many. 0.07 × 100 = 7.000000000000001, so a
  // tier of 100 subjects at a 7% rate draws 8, not 7; likewise 0.28 × 25 → 8 (not 7) and
  // 0.55 × 100 → 56 (not 55). Rates inside the published ranges (B 5-20%, C 21-60%) hit this.
  it('ceil(rate × population) is exact: 100 subjects at 7% → 7, 25 at 28% → 7, 100 at 55% → 55', () => {
    const cases: Array<[number, number, number]> = [
      [100, 0.07, 7],
      [25, 0.28, 7],
      [100, 0.55, 55],
    ];
    for (const [n, rate, expected] of cases) {
      const pop = population(n).map((p) => ({ ...p, tier: 'T' }));
      expect(draw({ seed: SEED, date: DATE, population: pop, rates: { T: rate } }).perTier.T!.selected, `${n} at ${rate}`).toBe(expected);
    }
  });

  it('every selected subject is from the population, with its tier, and appears once', () => {
    const pop = population(300);
    const tierOf = new Map(pop.map((p) => [p.subject, p.tier]));
    const r = draw({ seed: SEED, date: DATE, population: pop, rates });
    for (const s of r.selected) expect(s.tier, s.subject).toBe(tierOf.get(s.subject));
    expect(new Set(ids(r)).size).toBe(r.selected.length);
  });

  it('a rate of 0 draws nobody and a rate of 1 draws everybody', () => {
    const pop = population(120);
    const none = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 0, B: 0, C: 0, D: 0 } });
    expect(none.selected).toEqual([]);
    for (const t of Object.values(none.perTier)) expect(t.selected).toBe(0);
    const all = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 1, B: 1, C: 1, D: 1 } });
    expect(ids(all).sort()).toEqual(pop.map((p) => p.subject).sort());
  });

  it('a tier without a rate draws nobody, but is counted', () => {
    const pop = population(50);
    const r = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 1 } });
    expect(new Set(r.selected.map((s) => s.tier))).toEqual(new Set(['A']));
    expect(r.perTier.D).toMatchObject({ selected: 0, rate: 0 });
    expect(r.perTier.D!.population).toBeGreaterThan(0);
  });

  it('an empty population draws nothing', () => {
    expect(draw({ seed: SEED, date: DATE, population: [], rates })).toMatchObject({ selected: [], perTier: {} });
  });
});

describe('inspectors', () => {
  it('without inspectors, nobody is assigned', () => {
    const r = draw({ seed: SEED, date: DATE, population: population(50), rates });
    expect(r.selected.length).toBeGreaterThan(0);
    for (const s of r.selected) expect(s.inspector).toBeNull();
  });

  it('loads are balanced within one when nobody has a conflict', () => {
    const inspectors: Inspector[] = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7'].map((id) => ({ id }));
    const r = draw({ seed: SEED, date: DATE, population: population(300), rates, inspectors });
    const load = new Map(inspectors.map((i) => [i.id, 0]));
    for (const s of r.selected) {
      expect(s.inspector).not.toBeNull();
      load.set(s.inspector!, load.get(s.inspector!)! + 1);
    }
    const loads = [...load.values()];
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(r.selected.length);
  });

  it('no inspector is assigned a subject in their conflicts', () => {
    const pop = population(300);
    const all = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 1, B: 1, C: 1, D: 1 } });
    const half = ids(all).filter((_, i) => i % 2 === 0);
    const inspectors: Inspector[] = [{ id: 'i1', conflicts: half }, { id: 'i2', conflicts: ids(all).slice(0, 30) }, { id: 'i3' }];
    const r = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 1, B: 1, C: 1, D: 1 }, inspectors });
    for (const s of r.selected) {
      const who = inspectors.find((i) => i.id === s.inspector)!;
      expect(who, s.subject).toBeDefined();
      expect(who.conflicts ?? [], `${s.subject} → ${who.id}`).not.toContain(s.subject);
    }
    // The conflicted inspector still gets work where there is no conflict.
    expect(r.selected.some((s) => s.inspector === 'i1')).toBe(true);
  });

  it('no inspector is assigned a subject in an excluded division (characters 3-8 of the USCC), prefixes included', () => {
    const pop = population(300);
    const inspectors: Inspector[] = [
      { id: 'beijing', excludedDivisions: ['11'] }, // every Beijing division
      { id: 'pudong', excludedDivisions: ['310115'] },
      { id: 'shenzhen', excludedDivisions: ['4403', '110105'] },
      { id: 'anywhere' },
    ];
    const r = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 1, B: 1, C: 1, D: 1 }, inspectors });
    expect(r.selected).toHaveLength(300);
    for (const s of r.selected) {
      const who = inspectors.find((i) => i.id === s.inspector)!;
      for (const d of who.excludedDivisions ?? []) expect(division(s.subject).startsWith(d), `${s.subject} (${division(s.subject)}) → ${who.id}`).toBe(false);
    }
    // Each inspector is used where allowed.
    for (const i of inspectors)
      expect(
        r.selected.some((s) => s.inspector === i.id),
        i.id,
      ).toBe(true);
    // Beijing subjects go to nobody excluded from them.
    const beijing = r.selected.filter((s) => division(s.subject).startsWith('11'));
    expect(beijing.length).toBeGreaterThan(0);
    for (const s of beijing) expect(s.inspector).not.toBe('beijing');
  });

  it('an excluded division matches the division field, not any other part of the code', () => {
    // Division 310101 appears in this code only at characters 3-8; '91' is the authority and
    // category, which must not match an excluded division '91'.
    const subject = uscc(2); // division 310101
    expect(division(subject)).toBe('310101');
    const r = draw({ seed: SEED, date: DATE, population: [{ subject, tier: 'A' }], rates: { A: 1 }, inspectors: [{ id: 'x', excludedDivisions: ['91'] }] });
    expect(r.selected[0]!.inspector).toBe('x');
  });

  it('with every inspector conflicted for a subject, its inspector is null; the others are assigned', () => {
    const pop = population(40);
    const victim = pop[3]!.subject;
    const inspectors: Inspector[] = [
      { id: 'i1', conflicts: [victim] },
      { id: 'i2', conflicts: [victim] },
      { id: 'i3', excludedDivisions: [division(victim)] },
    ];
    const r = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 1, B: 1, C: 1, D: 1 }, inspectors });
    for (const s of r.selected) {
      if (s.subject === victim) expect(s.inspector).toBeNull();
      else expect(s.inspector, s.subject).not.toBeNull();
    }
    expect(r.selected.map((s) => s.subject)).toContain(victim);
  });

  it('the assignment is reproducible and depends on the seed', () => {
    const inspectors: Inspector[] = ['i1', 'i2', 'i3', 'i4', 'i5'].map((id) => ({ id }));
    const pop = population(100);
    const a = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 1, B: 1, C: 1, D: 1 }, inspectors });
    const b = draw({ seed: SEED, date: DATE, population: pop, rates: { A: 1, B: 1, C: 1, D: 1 }, inspectors });
    expect(b.selected).toEqual(a.selected);
    const c = draw({ seed: 'another seed', date: DATE, population: pop, rates: { A: 1, B: 1, C: 1, D: 1 }, inspectors });
    const assign = (r: typeof a) => Object.fromEntries(r.selected.map((s) => [s.subject, s.inspector]));
    expect(assign(c)).not.toEqual(assign(a));
  });
});

describe('populationDigest', () => {
  it('is independent of the input order and is what the draw records', () => {
    const pop = population(200);
    const d = populationDigest(pop);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(populationDigest(shuffled(pop, 7))).toBe(d);
    expect(populationDigest([...pop].reverse())).toBe(d);
    expect(draw({ seed: SEED, date: DATE, population: shuffled(pop, 3), rates }).populationDigest).toBe(d);
  });

  it('changes when a tier changes, a subject is added or one is removed', () => {
    const pop = population(200);
    const d = populationDigest(pop);
    const retiered = pop.map((p, i) => (i === 17 ? { ...p, tier: p.tier === 'A' ? 'B' : 'A' } : p));
    expect(populationDigest(retiered)).not.toBe(d);
    expect(populationDigest([...pop, { subject: uscc(999), tier: 'A' }])).not.toBe(d);
    expect(populationDigest(pop.slice(1))).not.toBe(d);
  });

  it('does not confuse a subject and tier boundary (subject|tier per line)', () => {
    expect(populationDigest([{ subject: 'AB', tier: 'C' }])).not.toBe(populationDigest([{ subject: 'A', tier: 'BC' }]));
  });

  it('of an empty population is the digest of nothing', () => {
    expect(populationDigest([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
