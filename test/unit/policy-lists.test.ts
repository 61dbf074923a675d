// The list definitions of a policy pack (lists.yaml) and the rules loadPolicyPack checks on
// them (checkLists in src/kernel/policy-pack.ts): each negative case copies the shipped pack to a
// temporary directory, edits one list with the `yaml` package and expects exactly the problem
// it introduces, in a message naming lists.yaml and the list.
import { beforeAll, describe, expect, it } from 'vitest';
import { LIST_TYPES, SERIOUS_LIST_AREAS } from '../../src/domain/enumerations.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { PACK, copyPack, edit, problemsIn } from '../support/pack-edits.ts';
import type { Policy } from '../../src/domain/policy/policy.ts';

type Obj = Record<string, unknown>;
interface ListYaml extends Obj {
  code: string;
  type: string;
  area?: string;
  proposers: string[];
  inclusion: { description: string; items: string[] };
  notice: { required: boolean; workingDays: number };
  removal: string[];
  repairable: boolean;
  repairAfter?: string;
  duration: string;
  endsOnField?: string;
  extension?: { maximum: string };
  escalation?: { after: string; to: string; note?: string };
  inForceFromDecision?: { note: string; legalBasis: Obj[]; effectiveFromField?: string };
  objectionStanding?: Array<{ agencyKinds: string[]; interest: string; legalBasis: Obj[] }>;
}
interface ListsDoc extends Obj {
  lists: ListYaml[];
}

function editLists(dir: string, change: (doc: ListsDoc) => void): void {
  edit<ListsDoc>(dir, 'lists.yaml', change);
}

/** The problems the edit causes in lists.yaml (the rest of the pack is untouched). */
const listProblems = (change: (doc: ListsDoc) => void): string[] => problemsIn('lists.yaml', change);

function list(doc: ListsDoc, code: string): ListYaml {
  const found = doc.lists.find((l) => l.code === code);
  if (!found) throw new Error(`no list ${code} in lists.yaml`);
  return found;
}

/** Expects exactly one problem, naming lists.yaml and the list, with the given text. */
function expectOne(problems: string[], code: string, text: string): void {
  expect(problems, problems.join('\n')).toHaveLength(1);
  const [p] = problems;
  expect(p!.startsWith('lists.yaml: ')).toBe(true);
  expect(p).toContain(code);
  expect(p).toContain(text);
}

// ---------------------------------------------------------------- the shipped lists
describe('the shipped lists', () => {
  let policy: Policy;
  beforeAll(() => {
    policy = loadPolicyPack(PACK);
  });

  it('load, with unique codes', () => {
    expect(policy.lists.length).toBeGreaterThanOrEqual(9);
    expect(new Set(policy.lists.map((l) => l.code)).size).toBe(policy.lists.length);
    for (const l of policy.lists) expect(policy.list(l.code)).toBe(l);
  });

  it('every serious list names one of the four areas and requires notice of at least one working day, unless its deciding authority gives notice by its own procedure', () => {
    const serious = policy.lists.filter((l) => l.type === 'serious');
    expect(serious.length).toBeGreaterThanOrEqual(5);
    for (const l of serious) {
      expect(SERIOUS_LIST_AREAS, l.code).toContain(l.area);
      if (l.inForceFromDecision) {
        expect(l.notice, l.code).toEqual({ required: false, workingDays: 0 });
        continue;
      }
      expect(l.notice.required, l.code).toBe(true);
      expect(l.notice.workingDays, l.code).toBeGreaterThanOrEqual(1);
    }
    for (const l of policy.lists.filter((x) => x.type !== 'serious')) expect(l.area, l.code).toBeUndefined();
  });

  it('every list ends by itself, and is repairable exactly when repair is a removal reason, with repairAfter', () => {
    for (const l of policy.lists) {
      expect(LIST_TYPES, l.code).toContain(l.type);
      expect(l.removal, l.code).toContain('expiry');
      expect(l.removal.includes('repair'), l.code).toBe(l.repairable);
      expect(l.repairAfter !== undefined, l.code).toBe(l.repairable);
    }
  });

  it('every proposer is an agency kind and every inclusion item is in the catalogue', () => {
    const kinds = new Set(policy.agencyKinds.map((k) => k.code));
    for (const l of policy.lists) {
      for (const p of l.proposers) expect(kinds.has(p), `${l.code} ${p}`).toBe(true);
      for (const i of l.inclusion.items) expect(policy.item(i), `${l.code} ${i}`).toBeDefined();
      for (const i of l.inclusion.items) expect(policy.listsTriggeredBy(i)).toContain(l);
    }
  });

  // SPC provisions (法释〔2017〕7号) art. 5: the court decides to list by a decision effective on the
  // day it is made, which the court serves; art. 11: the debtor applies to the court to correct.
  it("takes the court's decision on dishonest judgment defaulters as filed, citing the SPC provisions, and no other list", () => {
    const asFiled = policy.lists.filter((l) => l.inForceFromDecision);
    expect(asFiled.map((l) => l.code)).toEqual(['dishonest-judgment-defaulters']);
    const jd = asFiled[0]!;
    expect(jd.proposers).toEqual(['court']);
    expect(jd.inForceFromDecision!.legalBasis).toEqual([expect.objectContaining({ reference: '法释〔2017〕7号', articles: expect.stringContaining('第五条') })]);
    expect(policy.list('samr-serious-illegal')!.notice).toEqual({ required: true, workingDays: 10 });
  });

  it('abnormal-operations escalates to samr-serious-illegal after three years', () => {
    const l = policy.list('abnormal-operations')!;
    expect(l.escalation).toMatchObject({ after: 'P3Y', to: 'samr-serious-illegal' });
    expect(policy.list(l.escalation!.to)!.type).toBe('serious');
  });

  it('a copy loads, also after a parse and re-stringify of lists.yaml (the round trip the negative cases rely on)', () => {
    const dir = copyPack();
    editLists(dir, () => {});
    const copy = loadPolicyPack(dir);
    expect(copy.lists.map((l) => l.code)).toEqual(policy.lists.map((l) => l.code));
    expect(copy.digest).toBe(policy.digest);
  });
});

// ---------------------------------------------------------------- the rules
describe('a pack does not load with', () => {
  it('a serious list without an area', () => {
    const problems = listProblems((doc) => {
      delete list(doc, 'samr-serious-illegal').area;
    });
    expectOne(problems, 'list samr-serious-illegal', 'must name its area');
    for (const a of SERIOUS_LIST_AREAS) expect(problems[0]).toContain(a);
  });

  it('a serious list whose notice is not required', () => {
    const problems = listProblems((doc) => {
      list(doc, 'samr-serious-illegal').notice.required = false;
    });
    expectOne(problems, 'list samr-serious-illegal', 'requires notice before listing');
  });

  it("a serious list without notice and without the basis that its deciding authority's procedure gives it", () => {
    const problems = listProblems((doc) => {
      delete list(doc, 'dishonest-judgment-defaulters').inForceFromDecision;
    });
    expectOne(problems, 'list dishonest-judgment-defaulters', 'requires notice before listing');
  });

  it("a list that takes decisions as filed and still asks for the platform's notice", () => {
    const problems = listProblems((doc) => {
      list(doc, 'dishonest-judgment-defaulters').notice = { required: true, workingDays: 10 };
    });
    expectOne(problems, 'list dishonest-judgment-defaulters', 'notice must be { required: false, workingDays: 0 }');
  });

  it('a list that takes decisions as filed without a legal basis for it', () => {
    const problems = listProblems((doc) => {
      list(doc, 'dishonest-judgment-defaulters').inForceFromDecision!.legalBasis = [];
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('dishonest-judgment-defaulters');
    expect(problems[0]).toContain('legalBasis');
  });

  // SPC provisions (法释〔2017〕7号) arts. 11-12: the court corrects or revokes its decision, and a
  // listing that is that decision cannot outlast it.
  it('a list that takes decisions as filed but cannot be left when the authority revokes its decision', () => {
    const problems = listProblems((doc) => {
      const l = list(doc, 'dishonest-judgment-defaulters');
      l.removal = l.removal.filter((r: string) => r !== 'decision-revoked');
    });
    expectOne(problems, 'list dishonest-judgment-defaulters', 'removal reasons must include decision-revoked');
  });

  it('a stated effective date that is not a date field of the inclusion item', () => {
    const problems = listProblems((doc) => {
      list(doc, 'dishonest-judgment-defaulters').inForceFromDecision!.effectiveFromField = 'caseNumber';
    });
    expectOne(problems, 'list dishonest-judgment-defaulters', "effectiveFromField 'caseNumber' is not a date field of inclusion item judgment-defaulter");
  });

  it('a list that takes as filed the decisions of an item that agencies not deciding it also supply', () => {
    const problems = listProblems((doc) => {
      const l = list(doc, 'samr-serious-illegal');
      l.notice = { required: false, workingDays: 0 };
      l.inForceFromDecision = { note: 'x', legalBasis: [{ instrument: { zh: '某', en: 'x' } }] };
    });
    // (It is also the abnormal operations list's escalation target, which that refuses too.)
    expect(problems).toContainEqual(
      expect.stringContaining('lists.yaml: list samr-serious-illegal: takes filed decisions as the listing, but inclusion item administrative-penalty-serious is also supplied by'),
    );
  });

  it('objection standing for an agency kind that does not exist', () => {
    const problems = listProblems((doc) => {
      list(doc, 'samr-serious-illegal').objectionStanding = [{ agencyKinds: ['consumer-association'], interest: 'x', legalBasis: [{ instrument: { zh: '某', en: 'x' } }] }];
    });
    expectOne(problems, 'list samr-serious-illegal', "objection standing names 'consumer-association'");
  });

  it('objection standing on a catalogue item for an agency kind that does not exist', () => {
    const problems = problemsIn<{ items: Array<{ code: string; objectionStanding?: unknown }> }>('catalogue.yaml', (doc) => {
      doc.items.find((i) => i.code === 'contract-default-government')!.objectionStanding = [
        { agencyKinds: ['consumer-association'], interest: 'x', legalBasis: [{ instrument: { zh: '某', en: 'x' } }] },
      ];
    });
    expect(problems).toEqual(["catalogue.yaml: item contract-default-government: objection standing names 'consumer-association', which is not an agency kind in agency-kinds.yaml"]);
  });

  it('an escalation to a list that no agency kind deciding the first list decides', () => {
    const problems = listProblems((doc) => {
      list(doc, 'abnormal-operations').escalation!.to = 'major-tax-violators';
    });
    expectOne(problems, 'list abnormal-operations', 'decides its escalation target major-tax-violators');
  });

  it("an escalation to a list decided only by its authority's own decision", () => {
    const problems = listProblems((doc) => {
      list(doc, 'abnormal-operations').escalation!.to = 'dishonest-judgment-defaulters';
    });
    expectOne(problems, 'list abnormal-operations', 'listed only by its deciding authority');
  });

  it('a serious list with notice required but no working days to state one’s case', () => {
    const problems = listProblems((doc) => {
      list(doc, 'wage-arrears').notice.workingDays = 0;
    });
    expectOne(problems, 'list wage-arrears', 'at least one working day');
  });

  it('a list that an upheld objection cannot end', () => {
    const problems = listProblems((doc) => {
      const l = list(doc, 'a-grade-taxpayers');
      l.removal = l.removal.filter((r: string) => r !== 'objection-upheld');
    });
    expectOne(problems, 'list a-grade-taxpayers', 'must include objection-upheld');
  });

  it('an area outside the four the law allows', () => {
    const problems = listProblems((doc) => {
      list(doc, 'samr-serious-illegal').area = 'public-morality';
    });
    expectOne(problems, 'samr-serious-illegal', "'public-morality' is not one of");
    for (const a of SERIOUS_LIST_AREAS) expect(problems[0]).toContain(a);
  });

  it('an area on a list that is not serious', () => {
    const problems = listProblems((doc) => {
      list(doc, 'a-grade-taxpayers').area = 'fair-competition-and-social-order';
    });
    expectOne(problems, 'list a-grade-taxpayers', 'only a serious list has an area');
  });

  it('an unknown proposer agency kind', () => {
    const problems = listProblems((doc) => {
      list(doc, 'major-tax-violators').proposers.push('propaganda-department');
    });
    expectOne(problems, 'list major-tax-violators', "proposer 'propaganda-department' is not an agency kind in agency-kinds.yaml");
  });

  it('an inclusion item that is not in the catalogue', () => {
    const problems = listProblems((doc) => {
      list(doc, 'safety-production-serious').inclusion.items = ['social-media-posts'];
    });
    expectOne(problems, 'list safety-production-serious', "inclusion item 'social-media-posts' is not in the catalogue");
  });

  it('a list without expiry among its removal reasons', () => {
    const problems = listProblems((doc) => {
      const l = list(doc, 'dishonest-judgment-defaulters');
      l.removal = l.removal.filter((r) => r !== 'expiry');
    });
    expectOne(problems, 'list dishonest-judgment-defaulters', "'expiry' must be a removal reason");
  });

  it('a repairable list without repairAfter', () => {
    const problems = listProblems((doc) => {
      delete list(doc, 'procurement-serious-violations').repairAfter;
    });
    expectOne(problems, 'list procurement-serious-violations', 'needs repairAfter');
  });

  it('a repairable list without repair among its removal reasons', () => {
    const problems = listProblems((doc) => {
      const l = list(doc, 'samr-serious-illegal');
      l.removal = l.removal.filter((r) => r !== 'repair');
    });
    expectOne(problems, 'list samr-serious-illegal', "lists 'repair' among its removal reasons, and only then");
  });

  it('repair as a removal reason of a list that is not repairable', () => {
    const problems = listProblems((doc) => {
      list(doc, 'a-grade-taxpayers').removal.push('repair');
    });
    expectOne(problems, 'list a-grade-taxpayers', "lists 'repair' among its removal reasons, and only then");
  });

  it('repairAfter longer than the duration', () => {
    const problems = listProblems((doc) => {
      list(doc, 'major-tax-violators').repairAfter = 'P4Y';
    });
    expectOne(problems, 'list major-tax-violators', 'repairAfter P4Y is longer than the duration P3Y');
  });

  it('an escalation to a list that is not serious', () => {
    const problems = listProblems((doc) => {
      list(doc, 'abnormal-operations').escalation!.to = 'a-grade-taxpayers';
    });
    expectOne(problems, 'list abnormal-operations', 'escalation target a-grade-taxpayers is not a serious list');
  });

  it('an escalation to a watch list (itself)', () => {
    const problems = listProblems((doc) => {
      list(doc, 'abnormal-operations').escalation!.to = 'abnormal-operations';
    });
    expectOne(problems, 'list abnormal-operations', 'escalation target abnormal-operations is not a serious list');
  });

  it('an escalation to an unknown list', () => {
    const problems = listProblems((doc) => {
      list(doc, 'abnormal-operations').escalation!.to = 'social-credit-score';
    });
    expectOne(problems, 'list abnormal-operations', "escalation target 'social-credit-score' is not a list");
  });

  it('a list defined twice', () => {
    const problems = listProblems((doc) => {
      doc.lists.push(structuredClone(list(doc, 'wage-arrears')));
    });
    expectOne(problems, 'list wage-arrears', 'defined twice');
  });

  it('a redlist whose inclusion item is a negative record', () => {
    const problems = listProblems((doc) => {
      list(doc, 'contract-keeping-enterprises').inclusion.items = ['administrative-penalty-general'];
      delete list(doc, 'contract-keeping-enterprises').endsOnField;
    });
    expectOne(problems, 'list contract-keeping-enterprises', 'must be a positive record');
  });

  it('a serious list whose inclusion item is not a negative record', () => {
    const problems = listProblems((doc) => {
      list(doc, 'samr-serious-illegal').inclusion.items = ['honour'];
    });
    expectOne(problems, 'list samr-serious-illegal', 'inclusion item honour is not a negative record');
  });

  it('endsOnField that is not a date field of the inclusion item', () => {
    const problems = listProblems((doc) => {
      list(doc, 'wage-arrears').endsOnField = 'amount';
    });
    expectOne(problems, 'list wage-arrears', "endsOnField 'amount' is not a date field of inclusion item wage-arrears-list");
  });

  it('an unknown removal reason (schema)', () => {
    const problems = listProblems((doc) => {
      list(doc, 'samr-serious-illegal').removal.push('paid-a-fee');
    });
    expect(problems.length).toBeGreaterThanOrEqual(1);
    for (const p of problems) {
      expect(p.startsWith('lists.yaml: ')).toBe(true);
      expect(p).toContain('samr-serious-illegal');
    }
    expect(problems.some((p) => p.includes("'paid-a-fee' is not one of"))).toBe(true);
  });

  it('an unknown list type (schema)', () => {
    const problems = listProblems((doc) => {
      list(doc, 'a-grade-taxpayers').type = 'blacklist';
    });
    expect(problems.some((p) => p.includes('a-grade-taxpayers') && p.includes("'blacklist' is not one of serious, watch, redlist"))).toBe(true);
  });

  it('several broken lists: every problem is reported, each naming its list', () => {
    const problems = listProblems((doc) => {
      delete list(doc, 'samr-serious-illegal').area;
      list(doc, 'major-tax-violators').proposers = ['nobody'];
      const jd = list(doc, 'dishonest-judgment-defaulters');
      jd.removal = jd.removal.filter((r) => r !== 'expiry');
      list(doc, 'abnormal-operations').escalation!.to = 'contract-keeping-enterprises';
    });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.includes('list samr-serious-illegal'))).toContain('must name its area');
    expect(problems.find((p) => p.includes('list major-tax-violators'))).toContain("proposer 'nobody'");
    expect(problems.find((p) => p.includes('list dishonest-judgment-defaulters'))).toContain("'expiry'");
    expect(problems.find((p) => p.includes('list abnormal-operations'))).toContain('not a serious list');
  });
});
