// The scorecards of a policy pack (scorecards.yaml) and the rules loadPolicyPack checks on them
// (checkScorecards in src/kernel/policy-pack.ts): each negative case copies the shipped pack to a
// temporary directory, edits scorecards.yaml with the `yaml` package and expects the problem it
// introduces, in a message naming scorecards.yaml and the scorecard (and factor) it is in. A
// scorecard is computed (the platform's own evaluation) or mirrors an authority's grade as filed
// (DOMAIN.md §7: a tax credit grade is the tax authority's decision).
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
  kind: string;
  name: { zh: string; en: string };
  legalBasis: Array<{ instrument: { zh: string; en: string } } & Obj>;
  subjectKinds: string[];
  publicTiers: string[];
  tiers: TierYaml[];
  directTiers?: Array<{ tier: string; lists: string[]; note?: string }>;
  factors: FactorYaml[];
  mirrors?: { item: string; field: string; period?: string; whenNone: string; note?: string };
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
const G = 'government-integrity';

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
      if (c.kind !== 'computed') continue;
      for (const f of c.factors) {
        expect(!!f.source.items !== !!f.source.lists, `${c.code}/${f.code}`).toBe(true);
        expect(Math.sign(f.points), `${c.code}/${f.code}`).toBe(Math.sign(f.cap));
      }
    }
  });

  it('the fields scorecards read are kept as projection attributes', () => {
    const policy = loadPolicyPack(PACK);
    expect(policy.attributeFields).toEqual(expect.arrayContaining(['fineAmount', 'timeliness', 'rating', 'amountOwed', 'grade']));
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
      tier(d, G, 'B').minScore = 90;
    });
    expect(p).toEqual([`scorecards.yaml: scorecard ${G}: tiers must be in descending order of minScore`]);
  });

  it('a missing minScore on a tier other than the last is refused', () => {
    const p = problems((d) => {
      delete tier(d, C, 'B').minScore;
    });
    expect(p).toEqual([`scorecards.yaml: scorecard ${C}: tier B needs a minScore`]);
  });

  it('a minScore on the last tier is refused', () => {
    const p = problems((d) => {
      tier(d, G, 'D').minScore = 0;
    });
    expect(p).toEqual([`scorecards.yaml: scorecard ${G}: the last tier (D) takes every lower score and has no minScore`]);
  });

  it('a tier defined twice is refused', () => {
    const p = problems((d) => {
      tier(d, C, 'C').tier = 'B';
    });
    expect(p).toContain(`scorecards.yaml: scorecard ${C}: tier B is defined twice`);
  });

  it('a public tier that is not a tier is refused, on a computed and on a mirroring scorecard', () => {
    const p = problems((d) => {
      card(d, T).publicTiers = ['A', 'E'];
      card(d, G).publicTiers = ['A', 'F'];
    });
    expect(p).toEqual([`scorecards.yaml: scorecard ${T}: public tier E is not a tier`, `scorecards.yaml: scorecard ${G}: public tier F is not a tier`]);
  });

  it('a direct tier that is not a tier, or on an unknown list, is refused', () => {
    const p = problems((d) => {
      card(d, G).directTiers = [{ tier: 'E', lists: ['major-tax-violator'] }];
    });
    expect(p).toEqual([
      `scorecards.yaml: scorecard ${G}: direct tier E is not a tier`,
      `scorecards.yaml: scorecard ${G}: direct tier list 'major-tax-violator' is not in lists.yaml`,
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
      factor(d, C, 'serious-penalties').source.agencyKinds = ['taxes'];
    });
    expect(p).toEqual([`${fw(C, 'serious-penalties')}agency kind 'taxes' is not in agency-kinds.yaml`]);
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
    const c = loadPolicyPack(dir).scorecard(C)!;
    const f = (c.kind === 'computed' ? c.factors : []).find((x) => x.code === 'fines')!;
    expect(f.measure).toEqual({ sum: 'confiscatedAmount', per: 10_000 });
  });

  it('points and cap of different signs are refused', () => {
    const p = problems((d) => {
      factor(d, C, 'redlists').cap = -8;
      factor(d, G, 'court-list').cap = 30;
    });
    expect(p).toEqual([
      `${fw(C, 'redlists')}points 4 and cap -8 must have the same sign`,
      `${fw(G, 'court-list')}points -30 and cap 30 must have the same sign`,
    ]);
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
      factor(d, G, 'contract-defaults').source.agencyKinds = ['no-such-kind'];
      card(d, C).publicTiers = ['Z'];
    });
    expect(p).toHaveLength(3);
    expect(p).toEqual(
      expect.arrayContaining([
        `${fw(C, 'court-list')}list 'no-such-list' is not in lists.yaml`,
        `${fw(G, 'contract-defaults')}agency kind 'no-such-kind' is not in agency-kinds.yaml`,
        `scorecards.yaml: scorecard ${C}: public tier Z is not a tier`,
      ]),
    );
  });
});

// ---------------------------------------------------------------- mirrored grades
describe("a scorecard that mirrors an authority's grade", () => {
  const mw = `scorecards.yaml: scorecard ${T}: `;

  it("the shipped tax credit grade mirrors the grade field of the tax authority's tax credit grade records", () => {
    const c = loadPolicyPack(PACK).scorecard(T)!;
    expect(c.kind).toBe('mirrors');
    expect(c.kind === 'mirrors' && c.mirrors).toMatchObject({ item: 'tax-credit-grade', field: 'grade', period: 'evaluationYear', whenNone: 'no-evaluation' });
  });

  it('a period that is not a required integer field of the item is refused (it orders the grades decided the same day)', () => {
    for (const period of ['validUntil', 'score', 'year']) {
      const p = problems((d) => {
        card(d, T).mirrors!.period = period;
      });
      expect(p).toEqual([`${mw}mirrored period '${period}' is not a required integer field of tax-credit-grade`]);
    }
  });

  it('an unknown item is refused', () => {
    const p = problems((d) => {
      card(d, T).mirrors!.item = 'tax-credit-rating';
    });
    expect(p).toEqual([`${mw}mirrored item 'tax-credit-rating' is not in the catalogue`]);
  });

  it('a field that is not an enum field of the item is refused', () => {
    for (const field of ['score', 'level']) {
      const p = problems((d) => {
        card(d, T).mirrors!.field = field;
      });
      expect(p).toEqual([`${mw}mirrored field '${field}' is not an enum field of tax-credit-grade`]);
    }
  });

  it('a value the authority can file without a tier, and a tier the authority cannot file, are refused', () => {
    const p = problems((d) => {
      const c = card(d, T);
      c.tiers = c.tiers.filter((t) => t.tier !== 'M');
      c.tiers.push({ tier: 'A+', label: { zh: 'A+级', en: 'A+' } });
    });
    expect(p).toEqual([`${mw}tax-credit-grade.grade can be 'M', which is not a tier`, `${mw}tier A+ is not a value of tax-credit-grade.grade`]);
  });

  it('a subject kind the item does not concern is refused', () => {
    const p = problems((d) => {
      card(d, T).subjectKinds.push('natural-person');
    });
    expect(p).toEqual([`${mw}subject kind natural-person is not one that item tax-credit-grade concerns`]);
  });

  it('cannot supply a grade where the authority filed none: whenNone is no-evaluation and nothing else', () => {
    const p = problems((d) => {
      card(d, T).mirrors!.whenNone = 'A';
    });
    expect(p).toEqual([`scorecards.yaml: scorecards[${T}].mirrors.whenNone: Expected 'no-evaluation'`]);
  });

  it('computes nothing: factors, a base score or minimum scores are not properties of a mirroring scorecard', () => {
    const p = problems((d) => {
      const c = card(d, T);
      c.base = 100;
      c.tiers[0]!.minScore = 90;
    });
    expect(p).toEqual([
      `scorecards.yaml: scorecards[${T}].base: is not a known property`,
      `scorecards.yaml: scorecards[${T}].tiers[0].minScore: is not a known property`,
    ]);
  });

  it('a scorecard of another kind, or of none, is refused by name', () => {
    const p = problems((d) => {
      card(d, T).kind = 'assigned';
      delete (card(d, G) as Obj).kind;
    });
    expect(p).toEqual([
      `scorecards.yaml: scorecards[${T}].kind: 'assigned' is not one of computed, mirrors`,
      `scorecards.yaml: scorecards[${G}].kind: 'undefined' is not one of computed, mirrors`,
    ]);
  });

  it('a mistake inside a computed scorecard is named as plainly as anywhere else', () => {
    const p = problems((d) => {
      (tier(d, C, 'A') as Obj).minScore = 'ninety';
    });
    expect(p).toEqual([`scorecards.yaml: scorecards[${C}].tiers[0].minScore: Expected number`]);
  });
});

// ---------------------------------------------------------------- the platform's grade as an authority's
describe("a computed scorecard cannot stand in for an authority's grade (DOMAIN.md §7)", () => {
  /** A computed card shaped like the government integrity evaluation, under another code. */
  const computedCopy = (d: ScorecardsDoc, code: string): CardYaml => {
    const copy = structuredClone(card(d, G));
    copy.code = code;
    copy.subjectKinds = ['enterprise', 'individual-business', 'farmers-cooperative'];
    return copy;
  };

  it("the platform computing its own tax score and publishing it as the tax grade is refused: it bears the name of the tax authority's decision", () => {
    // As the pack modelled it before: a computed "Tax credit grade" in place of the mirrored one.
    const p = problems((d) => {
      const own = computedCopy(d, T);
      own.name = { zh: '纳税缴费信用评价', en: 'Tax credit grade' };
      own.legalBasis = card(d, T).legalBasis;
      d.scorecards = d.scorecards.map((c) => (c.code === T ? own : c));
    });
    expect(p).toEqual([
      `scorecards.yaml: scorecard ${T}: a computed scorecard cannot bear the name of catalogue item tax-credit-grade: an authority's decision is mirrored as filed (kind: mirrors)`,
    ]);
  });

  it('a computed scorecard under another name resting on the instrument under which the tax authority grades is refused', () => {
    const p = problems((d) => {
      const own = computedCopy(d, 'tax-compliance-index');
      own.name = { zh: '纳税遵从指数', en: 'Tax compliance index' };
      own.legalBasis = card(d, T).legalBasis;
      d.scorecards.push(own);
    });
    expect(p).toEqual([
      `scorecards.yaml: scorecard tax-compliance-index: a computed scorecard cannot rest on 纳税缴费信用管理办法, under which an authority decides the grade that scorecard ${T} mirrors`,
    ]);
  });

  it('a computed scorecard named as a mirrored grade is refused', () => {
    const p = problems((d) => {
      const own = computedCopy(d, 'tax-grade-estimate');
      own.name = { zh: '纳税缴费信用级别', en: 'Estimated tax grade' };
      d.scorecards.push(own);
    });
    expect(p).toEqual([
      "scorecards.yaml: scorecard tax-grade-estimate: a computed scorecard cannot bear the name of scorecard tax-credit, which mirrors an authority's grade: an authority's decision is mirrored as filed (kind: mirrors)",
    ]);
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
    // The tax grade has the tiers A-D too (and M), so the rates still fit.
    expect(loadPolicyPack(dir).supervision.scorecard).toBe(T);
  });
});
