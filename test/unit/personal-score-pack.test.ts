// The personal scorecards in the pack (personal-score.yaml): the shipped one loads; an attribute
// outside the closed enumeration (a protected characteristic, what art. 14 forbids, anything of
// the public-credit side) refuses to load with the file, scorecard and attribute named; a bin table
// whose points rise as a value worsens refuses, naming the attribute and the bins.
import { describe, expect, it } from 'vitest';
import { copyPack, edit, failing, PACK } from '../support/pack-edits.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { SCORE_ATTRIBUTES } from '../../src/domain/credit-reporting/score-attributes.ts';
import { scorecardOn } from '../../src/domain/credit-reporting/personal-score.ts';

type Obj = Record<string, any>;
const FILE = 'personal-score.yaml';
const WHERE = `${FILE}: scorecard personal-credit-score@2026.1`;
const card = (doc: Obj) => doc.scorecards[0] as Obj;
const attr = (doc: Obj, a: string) => card(doc).attributes.find((x: Obj) => x.attribute === a) as Obj;
const bins = [{ upTo: 0, points: 10 }, { points: 0 }];

describe('the shipped personal scorecard', () => {
  const policy = loadPolicyPack(PACK);
  it('loads with its range, bands and every attribute of the enumeration', () => {
    const c = policy.personalScorecardOn('2026-12-01')!;
    expect(c.code).toBe('personal-credit-score');
    expect(c.range).toEqual({ min: 300, max: 900 });
    expect(c.bands.map((b) => b.band)).toEqual(['A', 'B', 'C', 'D', 'E']);
    for (const b of c.bands) expect(b.label.zh.length * b.label.en.length).toBeGreaterThan(0);
    expect(c.attributes.map((a) => a.attribute).sort()).toEqual([...SCORE_ATTRIBUTES].sort());
  });
  it('has no scorecard before its effective date, and a later version takes over from its own', () => {
    expect(policy.personalScorecardOn('2025-12-31')).toBeUndefined();
    const next = { ...policy.personalScorecards[0]!, version: '2027.1', effectiveFrom: '2027-01-01' };
    const both = [next, ...policy.personalScorecards];
    expect(scorecardOn(both, '2026-12-31')!.version).toBe('2026.1');
    expect(scorecardOn(both, '2027-01-01')!.version).toBe('2027.1');
  });
});

describe('an attribute a personal score may not read does not load, and the error names the item', () => {
  // [attribute as written, what the refusal says it names]
  const forbidden: Array<[string, RegExp]> = [
    ['ethnicity', /ethnicity/],
    ['民族', /ethnicity/],
    ['race', /ethnicity/],
    ['religion', /religious belief/],
    ['宗教信仰', /religious belief/],
    ['gender', /gender/],
    ['性别', /gender/],
    ['sex', /gender/],
    ['age', /age/],
    ['年龄', /age/],
    ['dateOfBirth', /age/],
    ['place-of-origin', /place of origin/],
    ['籍贯', /place of origin/],
    ['户籍所在地', /place of origin/],
    ['hukou', /place of origin/],
    ['marital-status', /marital/],
    ['blood-type', /blood type/],
    ['血型', /blood type/],
    ['genetic-markers', /genes/],
    ['基因', /genes/],
    ['fingerprint', /fingerprints/],
    ['medical-history', /medical/],
    ['病史', /medical/],
    ['dishonest-judgment-defaulters', /list dishonest-judgment-defaulters/],
    ['失信被执行人', /public-credit/],
    ['administrative-penalty-serious', /catalogue item administrative-penalty-serious/],
    ['行政处罚', /public-credit/],
    ['tax-credit-grade', /catalogue item tax-credit-grade/],
    ['blacklist', /public-credit/],
  ];
  for (const [name, what] of forbidden) {
    it(`refuses ${name}`, () => {
      const err = failing<Obj>(FILE, (doc) => card(doc).attributes.push({ attribute: name, name: { zh: '某项', en: 'Some item' }, bins }));
      const named = err.problems.filter((p) => p.startsWith(`${WHERE}, attribute ${name}: names `));
      expect(named, err.message).toHaveLength(1);
      expect(named[0]).toMatch(what);
      // One plain refusal for the item, not a second from the schema.
      expect(
        err.problems.filter((p) => p.includes(name)),
        err.message,
      ).toHaveLength(1);
    });
  }
  it('refuses a known attribute whose name says it reads something forbidden', () => {
    const err = failing<Obj>(FILE, (doc) => (attr(doc, 'credit-mix').name = { zh: '民族构成', en: 'Ethnic mix' }));
    expect(err.problems).toEqual([expect.stringMatching(new RegExp(`^${WHERE}, attribute credit-mix: names ethnicity`))]);
  });
  it('refuses an unknown attribute as outside the closed enumeration', () => {
    const err = failing<Obj>(FILE, (doc) => card(doc).attributes.push({ attribute: 'income-level', name: { zh: '收入', en: 'Income' }, bins }));
    expect(err.problems).toEqual([
      expect.stringContaining(`${WHERE}, attribute income-level: is not an attribute a personal score reads; the attributes are a closed enumeration`),
    ]);
  });
  it('does not take a mortgage or a percentage for an age', () => {
    const err = failing<Obj>(FILE, (doc) =>
      card(doc).attributes.push({ attribute: 'mortgage-usage-percentage', name: { zh: '按揭', en: 'Mortgage usage percentage' }, bins }),
    );
    expect(err.problems).toEqual([expect.stringContaining('attribute mortgage-usage-percentage: is not an attribute a personal score reads')]);
  });
  it('scores persons alone: a pack cannot extend the score to enterprises', () => {
    const err = failing<Obj>(FILE, (doc) => (doc.subjectKinds = ['person', 'organisation']));
    expect(err.problems.some((p) => p.startsWith(`${FILE}: subjectKinds`))).toBe(true);
  });
});

describe('a bin table that is not monotonic where it must be does not load', () => {
  const cases: Array<[string, (doc: Obj) => void, RegExp]> = [
    [
      'worst-status-24m',
      (d) => (attr(d, 'worst-status-24m').bins[3].points = 100),
      /bins 3 \(up to 2, 60 points\) and 4 \(up to 4, 100 points\).*worse repayment status never raises/,
    ],
    [
      'months-late-24m',
      (d) => (attr(d, 'months-late-24m').bins[4].points = 20),
      /bins 4 \(up to 6, 15 points\) and 5 \(the rest, 20 points\).*more months past due never raises/,
    ],
    [
      'derogatory-accounts',
      (d) => (attr(d, 'derogatory-accounts').bins[2].points = 50),
      /bins 2 \(up to 1, 20 points\) and 3 \(the rest, 50 points\).*written off.*never raises/,
    ],
    [
      'revolving-utilisation',
      (d) => (attr(d, 'revolving-utilisation').bins[2].points = 120),
      /bins 2 \(up to 0.3, 110 points\) and 3 \(up to 0.5, 120 points\).*higher revolving utilisation never raises/,
    ],
    [
      'hard-inquiries-12m',
      (d) => (attr(d, 'hard-inquiries-12m').bins[0].points = 40),
      /bins 1 \(up to 0, 40 points\) and 2 \(up to 1, 50 points\).*more recent hard inquiries never raises/,
    ],
    [
      'history-length',
      (d) => (attr(d, 'history-length').bins[6].points = 70),
      /bins 6 \(up to 119, 75 points\) and 7 \(the rest, 70 points\).*longer credit history never lowers/,
    ],
  ];
  for (const [a, change, message] of cases) {
    it(`refuses ${a}`, () => {
      const err = failing<Obj>(FILE, (doc) => {
        change(doc);
        // Keep the published range in step, so the table is the one problem.
        const c = card(doc);
        const pts = (x: Obj) => [...x.bins.map((b: Obj) => b.points), ...(x.whenNone === undefined ? [] : [x.whenNone])];
        c.range = {
          min: c.base + c.attributes.reduce((t: number, x: Obj) => t + Math.min(...pts(x)), 0),
          max: c.base + c.attributes.reduce((t: number, x: Obj) => t + Math.max(...pts(x)), 0),
        };
      });
      expect(err.problems, err.message).toHaveLength(1);
      expect(err.problems[0]).toContain(`${WHERE}, attribute ${a}: bins `);
      expect(err.problems[0]).toMatch(message);
    });
  }
  it('lets credit mix run either way', () => {
    const dir = copyPack();
    edit<Obj>(dir, FILE, (doc) => {
      attr(doc, 'credit-mix').bins[3].points = 5;
      card(doc).range = { min: 300, max: 890 };
    });
    expect(loadPolicyPack(dir).personalScorecards[0]!.range.max).toBe(890);
  });
});

describe('the other rules of a scorecard', () => {
  const one = (change: (doc: Obj) => void) => failing<Obj>(FILE, change).problems;
  it('publishes the range the points give', () => {
    expect(one((d) => (card(d).range.max = 950))).toEqual([
      `${WHERE}: the published range 300-950 is not what the points give: base 300 plus the lowest and highest points of every attribute, 300-900`,
    ]);
  });
  it('bounds the worst status by status codes, in order', () => {
    expect(one((d) => (attr(d, 'worst-status-24m').bins[1].upTo = 'X'))).toEqual([
      expect.stringContaining("attribute worst-status-24m: bin 2: upTo 'X' is not one of N, 1, 2"),
    ]);
    expect(one((d) => (attr(d, 'months-late-24m').bins[2].upTo = 0))).toEqual([
      expect.stringContaining('attribute months-late-24m: bins 2 and 3: bounds 1 and 0 are not in ascending order'),
    ]);
  });
  it('needs points for utilisation without a revolving limit, and a last bin for the rest', () => {
    expect(one((d) => delete attr(d, 'revolving-utilisation').whenNone)).toContainEqual(
      expect.stringContaining('attribute revolving-utilisation: may have no value, so it needs whenNone'),
    );
    expect(one((d) => (attr(d, 'revolving-utilisation').whenNone = 131))).toContainEqual(
      expect.stringContaining("attribute revolving-utilisation: whenNone (131) is above the best bin's points (130)"),
    );
    expect(one((d) => (attr(d, 'credit-mix').bins[3].upTo = 3))).toEqual([
      expect.stringContaining('attribute credit-mix: the last bin takes every higher value and has no upTo'),
    ]);
  });
  it('orders bands by descending minScore inside the range, the last taking the rest', () => {
    expect(one((d) => (card(d).bands[1].minScore = 800))).toEqual([expect.stringContaining('bands must be in descending order of minScore (A, then B)')]);
    expect(one((d) => (card(d).bands[4].minScore = 400))).toEqual([expect.stringContaining('the last band (E) takes every lower score and has no minScore')]);
  });
  it('refuses an attribute binned twice, and two versions taking effect the same day', () => {
    expect(one((d) => card(d).attributes.push(attr(d, 'credit-mix')))).toContainEqual(expect.stringContaining('attribute credit-mix: is binned twice'));
    expect(one((d) => d.scorecards.push({ ...card(d), version: '2026.2' }))).toEqual([
      `${FILE}: scorecard personal-credit-score@2026.2: another scorecard takes effect on 2026-01-01`,
    ]);
  });
});
