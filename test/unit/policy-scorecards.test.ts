// The scorecards of a policy pack (scorecards.yaml) and the rules loadPolicyPack checks on them
// (checkScorecards in src/kernel/policy-pack.ts): each negative case copies the shipped pack to a
// temporary directory, edits scorecards.yaml with the `yaml` package and expects the problem it
// introduces, in a message naming scorecards.yaml and the scorecard (and factor) it is in.
import { describe, expect, it } from 'vitest';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { PACK, copyPack, edit, problemsIn } from '../support/pack-edits.ts';

type Obj = Record<string, unknown>;
interface FactorYaml extends Obj {
  code: string;
  source: { items?: string[]; lists?: string[]; agencyKinds?: string[]; where?: { field: string; includes: string[] } };
  window: string;
  measure: 'count' | { sum: string; per: number };
  points: number;
  halfLife?: string;
  cap: number;
}
interface TierYaml extends Obj {
  tier: string;
  minScore?: number;
}
interface CardYaml extends Obj {
  code: string;
  publicTiers: string[];
  tiers: TierYaml[];
  directTiers?: Array<{ tier: string; lists: string[]; note?: string }>;
  factors: FactorYaml[];
}
interface ScorecardsDoc extends Obj {
  scorecards: CardYaml[];
  supervision: { scorecard: string; rates: Array<{ tier: string; rate: number; range: [number, number] }> } & Obj;
}

function editScorecards(dir: string, change: (doc: ScorecardsDoc) => void): void {
  edit<ScorecardsDoc>(dir, 'scorecards.yaml', change);
}

/** The problems the edit causes (all in scorecards.yaml: nothing else is touched). */
const problems = (change: (doc: ScorecardsDoc) => void): string[] => problemsIn('scorecards.yaml', change);

function card(doc: ScorecardsDoc, code: string): CardYaml {
  const found = doc.scorecards.find((c) => c.code === code);
  if (!found) throw new Error(`no scorecard ${code} in scorecards.yaml`);
  return found;
}

function factor(doc: ScorecardsDoc, cardCode: string, code: string): FactorYaml {
  const found = card(doc, cardCode).factors.find((f) => f.code === code);
  if (!found) throw new Error(`no factor ${code} in scorecard ${cardCode}`);
  return found;
}

function tier(doc: ScorecardsDoc, cardCode: string, t: string): TierYaml {
  const found = card(doc, cardCode).tiers.find((x) => x.tier === t);
  if (!found) throw new Error(`no tier ${t} in scorecard ${cardCode}`);
  return found;
}

const C = 'public-credit-comprehensive';
const T = 'tax-credit';

// ---------------------------------------------------------------- the shipped pack
describe('the shipped scorecards.yaml', () => {
  it('loads, and an unedited round trip through the yaml package loads too', () => {
    const policy = loadPolicyPack(PACK);
    expect(policy.scorecards.map((c) => c.code)).toEqual([C, T, 'government-integrity']);
    const dir = copyPack();
    editScorecards(dir, () => {});
    const copy = loadPolicyPack(dir);
    expect(copy.scorecards).toEqual(policy.scorecards);
    expect(copy.supervision).toEqual(policy.supervision);
  });

  it('every factor reads either items or lists, with signs of points and cap agreeing', () => {
    const policy = loadPolicyPack(PACK);
    for (const c of policy.scorecards) {
      for (const f of c.factors) {
        expect(!!f.source.items !== !!f.source.lists, `${c.code}/${f.code}`).toBe(true);
        expect(Math.sign(f.points), `${c.code}/${f.code}`).toBe(Math.sign(f.cap));
      }
    }
  });

  it('the fields scorecards read are kept as projection attributes', () => {
    const policy = loadPolicyPack(PACK);
    expect(policy.attributeFields).toEqual(expect.arrayContaining(['fineAmount', 'timeliness', 'rating', 'amountOwed']));
  });

  it('supervision rates lie inside their published ranges', () => {
    const policy = loadPolicyPack(PACK);
    for (const r of policy.supervision.rates) {
      expect(r.rate, r.tier).toBeGreaterThanOrEqual(r.range[0]);
      expect(r.rate, r.tier).toBeLessThanOrEqual(r.range[1]);
    }
  });
});

// ---------------------------------------------------------------- tiers
describe('tiers', () => {
  it('out of order is refused', () => {
    const p = problems((d) => {
      const c = card(d, C);
      c.tiers = [c.tiers[0]!, c.tiers[2]!, c.tiers[1]!, c.tiers[3]!]; // A 90, C 60, B 75, D
    });
    expect(p).toEqual([`scorecards.yaml: scorecard ${C}: tiers must be in descending order of minScore`]);
  });

  it('two tiers with the same minScore are refused', () => {
    const p = problems((d) => {
      tier(d, T, 'B').minScore = 90;
    });
    expect(p).toEqual([`scorecards.yaml: scorecard ${T}: tiers must be in descending order of minScore`]);
  });

  it('a missing minScore on a tier other than the last is refused', () => {
    const p = problems((d) => {
      delete tier(d, C, 'B').minScore;
    });
    expect(p).toEqual([`scorecards.yaml: scorecard ${C}: tier B needs a minScore`]);
  });

  it('a minScore on the last tier is refused', () => {
    const p = problems((d) => {
      tier(d, T, 'D').minScore = 0;
    });
    expect(p).toEqual([`scorecards.yaml: scorecard ${T}: the last tier (D) takes every lower score and has no minScore`]);
  });

  it('a tier defined twice is refused', () => {
    const p = problems((d) => {
      tier(d, C, 'C').tier = 'B';
    });
    expect(p).toContain(`scorecards.yaml: scorecard ${C}: tier B is defined twice`);
  });

  it('a public tier that is not a tier is refused', () => {
    const p = problems((d) => {
      card(d, T).publicTiers = ['A', 'E'];
    });
    expect(p).toEqual([`scorecards.yaml: scorecard ${T}: public tier E is not a tier`]);
  });

  it('a direct tier that is not a tier, or on an unknown list, is refused', () => {
    const p = problems((d) => {
      card(d, T).directTiers = [{ tier: 'E', lists: ['major-tax-violator'] }];
    });
    expect(p).toEqual([
      `scorecards.yaml: scorecard ${T}: direct tier E is not a tier`,
      `scorecards.yaml: scorecard ${T}: direct tier list 'major-tax-violator' is not in lists.yaml`,
    ]);
  });
});

// ---------------------------------------------------------------- factors
describe('factors', () => {
  const fw = (cardCode: string, f: string) => `scorecards.yaml: scorecard ${cardCode}, factor ${f}: `;

  it('a factor reading both items and lists is refused', () => {
    const p = problems((d) => {
      factor(d, C, 'serious-penalties').source.lists = ['abnormal-operations'];
    });
    expect(p).toEqual([`${fw(C, 'serious-penalties')}a factor reads either items or lists`]);
  });

  it('a factor reading neither is refused', () => {
    const p = problems((d) => {
      delete factor(d, C, 'enforcement').source.items;
    });
    expect(p).toEqual([`${fw(C, 'enforcement')}a factor reads either items or lists`]);
  });

  it('an unknown list is refused', () => {
    const p = problems((d) => {
      factor(d, C, 'court-list').source.lists = ['dishonest-judgment-defaulter'];
    });
    expect(p).toEqual([`${fw(C, 'court-list')}list 'dishonest-judgment-defaulter' is not in lists.yaml`]);
  });

  it('an unknown item is refused', () => {
    const p = problems((d) => {
      factor(d, C, 'general-penalties').source.items = ['administrative-penalty-general', 'administrative-penalty-grave'];
    });
    expect(p).toEqual([`${fw(C, 'general-penalties')}item 'administrative-penalty-grave' is not in the catalogue`]);
  });

  it('an unknown agency kind is refused', () => {
    const p = problems((d) => {
      factor(d, T, 'tax-penalties').source.agencyKinds = ['taxes'];
    });
    expect(p).toEqual([`${fw(T, 'tax-penalties')}agency kind 'taxes' is not in agency-kinds.yaml`]);
  });

  it('a condition on a field the item does not have is refused', () => {
    const p = problems((d) => {
      factor(d, C, 'annual-reports-late').source.where = { field: 'punctuality', includes: ['late'] };
    });
    expect(p).toEqual([`${fw(C, 'annual-reports-late')}'punctuality' is not a field of annual-report`]);
  });

  // GAP (src/kernel/policy-pack.ts, checkScorecards): a `where` value is not checked against the field's
  // values, so a typo ('lat' for 'late') loads and the factor silently never matches. checkMeasures
  // does check the same thing for measure triggers ("'v' is not a value of item.field").
  it('a condition value that is not a value of the enum field is refused', () => {
    const p = problems((d) => {
      factor(d, C, 'annual-reports-late').source.where = { field: 'timeliness', includes: ['lat'] };
    });
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(fw(C, 'annual-reports-late'));
    expect(p[0]).toContain("'lat'");
  });

  it('a condition on free text is refused: scorecards read only bounded values', () => {
    const p = problems((d) => {
      factor(d, C, 'fines').source.where = { field: 'facts', includes: ['虚假广告'] };
    });
    expect(p).toContain(
      `${fw(C, 'fines')}field facts of administrative-penalty-general is text; conditions and sums read only date, money, integer, number, boolean, enum, enum-list`,
    );
  });

  it('a sum over a non-numeric field is refused, for each item read', () => {
    const p = problems((d) => {
      factor(d, C, 'fines').measure = { sum: 'violatedProvision', per: 10_000 };
    });
    expect(p).toEqual([
      `${fw(C, 'fines')}'violatedProvision' is not a numeric field of administrative-penalty-general`,
      `${fw(C, 'fines')}'violatedProvision' is not a numeric field of administrative-penalty-serious`,
    ]);
  });

  it('a sum over a field the item does not have is refused', () => {
    const p = problems((d) => {
      factor(d, 'government-integrity', 'amounts-owed').measure = { sum: 'amountOwing', per: 1_000_000 };
    });
    expect(p).toEqual([`${fw('government-integrity', 'amounts-owed')}'amountOwing' is not a numeric field of contract-default-government`]);
  });

  it('a sum over a money field loads', () => {
    const dir = copyPack();
    editScorecards(dir, (d) => {
      factor(d, C, 'fines').measure = { sum: 'confiscatedAmount', per: 10_000 };
    });
    const f = loadPolicyPack(dir)
      .scorecard(C)!
      .factors.find((x) => x.code === 'fines')!;
    expect(f.measure).toEqual({ sum: 'confiscatedAmount', per: 10_000 });
  });

  it('points and cap of different signs are refused', () => {
    const p = problems((d) => {
      factor(d, C, 'redlists').cap = -8;
      factor(d, T, 'tax-minor').cap = 9;
    });
    expect(p).toEqual([`${fw(C, 'redlists')}points 4 and cap -8 must have the same sign`, `${fw(T, 'tax-minor')}points -3 and cap 9 must have the same sign`]);
  });

  it('a factor defined twice in one scorecard is refused', () => {
    const p = problems((d) => {
      factor(d, C, 'general-penalties').code = 'serious-penalties';
    });
    expect(p).toContain(`scorecards.yaml: scorecard ${C}: factor serious-penalties is defined twice`);
  });

  it('a scorecard defined twice is refused', () => {
    const p = problems((d) => {
      card(d, 'government-integrity').code = T;
    });
    expect(p).toContain(`scorecards.yaml: scorecard ${T} is defined twice`);
  });

  it('every problem is reported at once, each naming its scorecard and factor', () => {
    const p = problems((d) => {
      factor(d, C, 'court-list').source.lists = ['no-such-list'];
      factor(d, T, 'tax-penalties').source.agencyKinds = ['no-such-kind'];
      card(d, C).publicTiers = ['Z'];
    });
    expect(p).toHaveLength(3);
    expect(p).toEqual(
      expect.arrayContaining([
        `${fw(C, 'court-list')}list 'no-such-list' is not in lists.yaml`,
        `${fw(T, 'tax-penalties')}agency kind 'no-such-kind' is not in agency-kinds.yaml`,
        `scorecards.yaml: scorecard ${C}: public tier Z is not a tier`,
      ]),
    );
  });
});

// ---------------------------------------------------------------- supervision
describe('supervision', () => {
  it('a rate outside its range is refused', () => {
    const p = problems((d) => {
      d.supervision.rates.find((r) => r.tier === 'B')!.rate = 0.25;
    });
    expect(p).toEqual(['scorecards.yaml: supervision rate of tier B (0.25) lies outside its range 0.05-0.2']);
  });

  it('a rate below its range, and a range upside down, are refused', () => {
    const p = problems((d) => {
      d.supervision.rates.find((r) => r.tier === 'D')!.rate = 0.5;
      d.supervision.rates.find((r) => r.tier === 'C')!.range = [0.6, 0.21];
    });
    expect(p).toEqual([
      'scorecards.yaml: supervision rate of tier C (0.35) lies outside its range 0.6-0.21',
      'scorecards.yaml: supervision rate of tier D (0.5) lies outside its range 0.61-1',
    ]);
  });

  it('a rate above 1 is refused by the schema', () => {
    const p = problems((d) => {
      d.supervision.rates.find((r) => r.tier === 'D')!.rate = 1.5;
    });
    expect(p.length).toBeGreaterThan(0);
    expect(p.some((x) => x.includes('supervision'))).toBe(true);
  });

  it('supervision naming an unknown scorecard is refused', () => {
    const p = problems((d) => {
      d.supervision.scorecard = 'credit-risk-classification';
    });
    expect(p).toEqual(["scorecards.yaml: supervision uses scorecard 'credit-risk-classification', which is not defined"]);
  });

  it('a supervision tier that is not a tier of its scorecard is refused', () => {
    const p = problems((d) => {
      d.supervision.rates.find((r) => r.tier === 'D')!.tier = 'E';
    });
    expect(p).toEqual([`scorecards.yaml: supervision tier E is not a tier of ${C}`]);
  });

  it('supervision on another scorecard checks rates against that scorecard', () => {
    const dir = copyPack();
    editScorecards(dir, (d) => {
      d.supervision.scorecard = T;
    });
    // The tax card has the same tiers A-D, so the rates still fit.
    expect(loadPolicyPack(dir).supervision.scorecard).toBe(T);
  });
});
