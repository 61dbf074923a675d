// Record validation against catalogue items of the shipped pack, and a few synthetic items for
// field types the pack does not use.
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileFieldsValidator,
  compileRecordValidator,
  personKey,
  validateDecision,
  type FieldError,
  type RecordInput,
  type RecordValidator,
  type ValidationContext,
} from '../../src/domain/records.ts';
import { buildUscc } from '../../src/domain/ids/uscc.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import type { Policy } from '../../src/domain/policy/policy.ts';
import type { CatalogueItem } from '../../src/domain/policy/schema.ts';
import { copyPack, edit, loadError } from '../support/pack-edits.ts';

const PACK = resolve(import.meta.dirname, '../../policy/cn-national');
const SECRET = 'unit-test-secret';
const CTX: ValidationContext = { today: '2026-11-20', idHashSecret: SECRET };

const ENTERPRISE = '91330100716105852F';
const PERSON = '11010519491231002X';
const PERSON_2 = '440524188001010014';
// A state organ (authority 1, category 1): a government body.
const GOVERNMENT = buildUscc('1', '1', '110000', '00000001');
const FARMERS_COOP = buildUscc('9', '3', '330100', 'MA2B3C4D');

let policy: Policy;
let validators: Map<string, RecordValidator>;

beforeAll(() => {
  policy = loadPolicyPack(PACK);
  validators = new Map();
});

/** Compiles (once) the validator of a pack item. */
function validatorOf(code: string): RecordValidator {
  let v = validators.get(code);
  if (!v) {
    const item = policy.item(code);
    if (!item) throw new Error(`no item ${code}`);
    v = compileRecordValidator(item);
    validators.set(code, v);
  }
  return v;
}

function decision(overrides: Record<string, unknown> = {}) {
  return {
    number: '杭市监罚〔2026〕1号',
    date: '2026-06-01',
    authority: '杭州市市场监督管理局',
    basis: '《中华人民共和国反不正当竞争法》第二十条',
    ...overrides,
  };
}

function penaltyInput(fields: Record<string, unknown> = {}, extra: Partial<RecordInput> = {}): RecordInput {
  return {
    subject: { code: ENTERPRISE, name: '杭州示例科技有限公司' },
    decision: decision(),
    fields: { penaltyTypes: ['fine'], violatedProvision: '《中华人民共和国反不正当竞争法》第八条', facts: '发布虚假广告', fineAmount: 50000, ...fields },
    ...extra,
  };
}

function validate(code: string, input: RecordInput, ctx: ValidationContext = CTX) {
  return validatorOf(code)(input, ctx);
}

function errorFor(errors: FieldError[], field: string): FieldError | undefined {
  return errors.find((e) => e.field === field);
}

describe('a valid record', () => {
  it('produces the normalised record', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ facts: '  发布虚假广告  ' }));
    expect(r.errors).toEqual([]);
    expect(r.record).toEqual({
      item: 'administrative-penalty-general',
      subject: { key: ENTERPRISE, kind: 'enterprise', code: ENTERPRISE, name: '杭州示例科技有限公司', flags: [] },
      decision: decision(),
      fields: { penaltyTypes: ['fine'], violatedProvision: '《中华人民共和国反不正当竞争法》第八条', facts: '发布虚假广告', fineAmount: 50000 },
    });
  });

  it('normalises the subject code (case, full width, white space)', () => {
    const r = validate('administrative-penalty-general', penaltyInput({}, { subject: { code: ' 91330100716105852f ', name: 'x' } }));
    expect(r.record?.subject.code).toBe(ENTERPRISE);
    expect(r.record?.subject.key).toBe(ENTERPRISE);
  });

  it('a decision dated today is accepted', () => {
    expect(validate('administrative-penalty-general', penaltyInput({}, { decision: decision({ date: CTX.today }) })).errors).toEqual([]);
  });
});

describe('closed catalogue: unknown fields', () => {
  it('rejects a field the item does not name, naming the field and the item', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ religion: 'x' }));
    expect(r.record).toBeUndefined();
    const e = errorFor(r.errors, 'fields.religion');
    expect(e).toBeDefined();
    expect(e!.message).toContain('administrative-penalty-general');
  });

  it('rejects a field that belongs to another item', () => {
    // banUntil is a field of the serious item only.
    const r = validate('administrative-penalty-general', penaltyInput({ banUntil: '2027-01-01' }));
    expect(errorFor(r.errors, 'fields.banUntil')).toBeDefined();
  });

  it('rejects unknown parts of the subject and of the decision', () => {
    const r = validate(
      'administrative-penalty-general',
      penaltyInput({}, { subject: { code: ENTERPRISE, name: 'x', ethnicity: 'y' }, decision: decision({ mood: 'bad' }) }),
    );
    expect(errorFor(r.errors, 'subject.ethnicity')).toBeDefined();
    expect(errorFor(r.errors, 'decision.mood')).toBeDefined();
    expect(r.record).toBeUndefined();
  });

  it('rejects fields that are not an object', () => {
    for (const fields of [['fine'], 'facts', 3]) {
      const r = validate('administrative-penalty-general', penaltyInput({}, { fields }));
      expect(errorFor(r.errors, 'fields')?.message).toBe('must be an object');
    }
  });
});

describe('required fields', () => {
  it('reports each missing required field', () => {
    const r = validate('administrative-penalty-general', { subject: { code: ENTERPRISE, name: 'x' }, decision: decision(), fields: {} });
    expect(r.record).toBeUndefined();
    for (const f of ['penaltyTypes', 'violatedProvision', 'facts']) expect(errorFor(r.errors, `fields.${f}`)?.message, f).toBe('is required');
    // Optional fields are not reported.
    expect(errorFor(r.errors, 'fields.fineAmount')).toBeUndefined();
  });

  it('treats null and the empty string as missing', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ facts: '', violatedProvision: null }));
    expect(errorFor(r.errors, 'fields.facts')?.message).toBe('is required');
    expect(errorFor(r.errors, 'fields.violatedProvision')?.message).toBe('is required');
  });

  it('rejects text that is only white space', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ facts: '   ' }));
    expect(errorFor(r.errors, 'fields.facts')?.message).toBe('must not be empty');
  });

  it('missing subject, decision and fields are all reported together', () => {
    const r = validate('administrative-penalty-general', {});
    expect(errorFor(r.errors, 'subject')).toBeDefined();
    expect(errorFor(r.errors, 'decision')).toBeDefined();
    expect(errorFor(r.errors, 'fields.facts')).toBeDefined();
  });
});

describe('the decision document', () => {
  it('rejects a decision dated in the future', () => {
    const r = validate('administrative-penalty-general', penaltyInput({}, { decision: decision({ date: '2026-11-21' }) }));
    expect(r.record).toBeUndefined();
    expect(errorFor(r.errors, 'decision.date')?.message).toContain('2026-11-20');
  });

  it('rejects dates that are not real or not ISO', () => {
    for (const date of ['2026-02-30', '2026/06/01', 20260601, undefined]) {
      const r = validate('administrative-penalty-general', penaltyInput({}, { decision: decision({ date }) }));
      expect(errorFor(r.errors, 'decision.date')?.message, String(date)).toBe('must be a date YYYY-MM-DD');
    }
  });

  it('needs number, authority and basis', () => {
    const errors: FieldError[] = [];
    expect(validateDecision({ date: '2026-06-01' }, CTX, errors)).toBeUndefined();
    expect(errors.map((e) => e.field).sort()).toEqual(['decision.authority', 'decision.basis', 'decision.number']);
  });

  it('is required as an object', () => {
    for (const input of [undefined, null, 'doc', ['a']]) {
      const errors: FieldError[] = [];
      expect(validateDecision(input, CTX, errors)).toBeUndefined();
      expect(errors[0]?.field).toBe('decision');
    }
  });

  it('limits lengths (number 200)', () => {
    const errors: FieldError[] = [];
    validateDecision(decision({ number: 'x'.repeat(201) }), CTX, errors);
    expect(errors[0]).toEqual({ field: 'decision.number', message: 'must be at most 200 characters' });
  });

  it('returns the trimmed document', () => {
    const errors: FieldError[] = [];
    expect(validateDecision(decision({ number: ' N-1 ' }), CTX, errors)?.number).toBe('N-1');
    expect(errors).toEqual([]);
  });
});

describe('subject kinds', () => {
  it('a natural person on administrative-penalty-general is rejected', () => {
    const r = validate('administrative-penalty-general', penaltyInput({}, { subject: { idNumber: PERSON, name: '张三' } }));
    expect(r.record).toBeUndefined();
    expect(errorFor(r.errors, 'subject.idNumber')?.message).toContain('natural persons');
    expect(JSON.stringify(r)).not.toContain(PERSON);
  });

  it('a government body code on an enterprise-only item is rejected', () => {
    expect(GOVERNMENT[0]).toBe('1');
    expect(GOVERNMENT[1]).toBe('1');
    const r = validate('annual-report', {
      subject: { code: GOVERNMENT, name: '某市某局' },
      decision: decision(),
      fields: { reportYear: 2025, filedOn: '2026-05-01', timeliness: 'on-time' },
    });
    expect(r.record).toBeUndefined();
    const e = errorFor(r.errors, 'subject.code');
    expect(e?.message).toContain('government-body');
    expect(e?.message).toContain('enterprise');
  });

  it('a government body is not a market subject for a general penalty', () => {
    const r = validate('administrative-penalty-general', penaltyInput({}, { subject: { code: GOVERNMENT, name: '某市某局' } }));
    expect(errorFor(r.errors, 'subject.code')?.message).toContain('government-body');
  });

  it('a government body can be recorded for defaulting on a contract with a business', () => {
    const r = validate('contract-default-government', {
      subject: { code: GOVERNMENT, name: '某市某局' },
      decision: decision(),
      fields: {
        counterparty: '杭州示例科技有限公司',
        counterpartyCode: ENTERPRISE,
        contractName: '政府采购合同',
        amountOwed: 1200000,
        finding: 'court-judgment',
      },
    });
    expect(r.errors).toEqual([]);
    expect(r.record?.subject.kind).toBe('government-body');
    expect(r.record?.fields.counterpartyCode).toBe(ENTERPRISE);
  });

  it('an enterprise cannot be recorded under the government contract-default item', () => {
    const r = validate('contract-default-government', {
      subject: { code: ENTERPRISE, name: 'x' },
      decision: decision(),
      fields: { counterparty: 'y', contractName: 'z', finding: 'court-judgment' },
    });
    expect(errorFor(r.errors, 'subject.code')?.message).toContain('enterprise');
  });

  it('a farmers cooperative is a business for the annual report', () => {
    const r = validate('annual-report', {
      subject: { code: FARMERS_COOP, name: '某某农民专业合作社' },
      decision: decision(),
      fields: { reportYear: 2025, filedOn: '2026-05-01', timeliness: 'late' },
    });
    expect(r.errors).toEqual([]);
    expect(r.record?.subject.kind).toBe('farmers-cooperative');
  });

  it('a natural person named by a court is stored by keyed hash and shown masked', () => {
    const r = validate('judgment-defaulter', {
      subject: { idNumber: PERSON, name: '张三' },
      decision: decision({ authority: '北京市东城区人民法院' }),
      fields: {
        caseNumber: '（2026）京0101执123号',
        executionBasis: '（2025）京0101民初1号',
        basisIssuer: '北京市东城区人民法院',
        obligation: '支付货款100000元',
        performance: 'not-performed',
        circumstances: ['able-but-refuses'],
        until: '2028-06-01',
      },
    });
    expect(r.errors).toEqual([]);
    const hash = createHmac('sha256', SECRET).update(PERSON).digest('hex');
    expect(r.record?.subject).toEqual({ key: personKey(hash), kind: 'natural-person', code: '1101**********002X', name: '张三', flags: [] });
    expect(r.record?.subject.key).toBe(`p:${hash.slice(0, 40)}`);
    expect(JSON.stringify(r)).not.toContain(PERSON);
  });

  it('rejects a subject with both code and idNumber', () => {
    const r = validate('judgment-defaulter', { subject: { code: ENTERPRISE, idNumber: PERSON, name: 'x' }, decision: decision(), fields: {} });
    expect(errorFor(r.errors, 'subject')?.message).toContain('not both');
  });

  it('rejects an invalid code with the reason, and accepts it flagged in lenient mode', () => {
    const bad = '914403001922038217';
    const strict = validate('administrative-penalty-general', penaltyInput({}, { subject: { code: bad, name: 'x' } }));
    expect(errorFor(strict.errors, 'subject.code')?.message).toContain('position 18');
    const lenient = validate('administrative-penalty-general', penaltyInput({}, { subject: { code: bad, name: 'x' } }), { ...CTX, lenientCodes: true });
    expect(lenient.errors).toEqual([]);
    expect(lenient.record?.subject).toMatchObject({ code: bad, key: bad, flags: ['check-character-mismatch'] });
  });

  it('rejects an invalid identity number without echoing it', () => {
    const bad = '110105194912310021';
    const r = validate('judgment-defaulter', { subject: { idNumber: bad, name: 'x' }, decision: decision(), fields: {} });
    expect(errorFor(r.errors, 'subject.idNumber')).toBeDefined();
    expect(JSON.stringify(r)).not.toContain(bad);
  });

  it('rejects a missing subject name', () => {
    const r = validate('administrative-penalty-general', penaltyInput({}, { subject: { code: ENTERPRISE } }));
    expect(errorFor(r.errors, 'subject.name')?.message).toBe('must be text');
  });
});

describe('resident-id fields', () => {
  function registrationInput(fields: Record<string, unknown> = {}): RecordInput {
    return {
      subject: { code: ENTERPRISE, name: '杭州示例科技有限公司' },
      decision: decision({ date: '2015-03-02' }),
      fields: {
        legalForm: '有限责任公司',
        legalRepresentative: '王五',
        legalRepresentativeId: PERSON_2,
        establishedOn: '2015-03-02',
        address: '浙江省杭州市西湖区文三路1号',
        status: 'in-business',
        ...fields,
      },
    };
  }

  it('are stored as {masked, hash}, never raw', () => {
    const r = validate('registration-basics', registrationInput());
    expect(r.errors).toEqual([]);
    expect(r.record?.fields.legalRepresentativeId).toEqual({
      masked: '4405**********0014',
      hash: createHmac('sha256', SECRET).update(PERSON_2).digest('hex'),
    });
    expect(JSON.stringify(r.record)).not.toContain(PERSON_2);
  });

  it('hash the normal form (lower-case x)', () => {
    const r = validate('registration-basics', registrationInput({ legalRepresentativeId: '11010519491231002x' }));
    expect(r.record?.fields.legalRepresentativeId).toEqual({ masked: '1101**********002X', hash: createHmac('sha256', SECRET).update(PERSON).digest('hex') });
  });

  it('reject an invalid number without echoing it', () => {
    const bad = '440524188001010015';
    const r = validate('registration-basics', registrationInput({ legalRepresentativeId: bad }));
    expect(r.record).toBeUndefined();
    expect(errorFor(r.errors, 'fields.legalRepresentativeId')).toBeDefined();
    expect(JSON.stringify(r)).not.toContain(bad);
  });

  it('reject a number that is not text', () => {
    const r = validate('registration-basics', registrationInput({ legalRepresentativeId: 440524188001010014 }));
    expect(errorFor(r.errors, 'fields.legalRepresentativeId')?.message).toBe('must be a resident identity number');
  });

  it('check enum fields in the same record', () => {
    const r = validate('registration-basics', registrationInput({ status: 'bankrupt' }));
    expect(errorFor(r.errors, 'fields.status')?.message).toContain('in-business');
  });
});

describe('enum and enum-list', () => {
  it('enum accepts only listed values', () => {
    const base = { subject: { code: ENTERPRISE, name: 'x' }, decision: decision() };
    const ok = validate('inspection-result', { ...base, fields: { inspectionType: 'double-random', result: 'no-problem-found' } });
    expect(ok.errors).toEqual([]);
    for (const result of ['bad', 'NO-PROBLEM-FOUND', 1, ['no-problem-found']]) {
      const r = validate('inspection-result', { ...base, fields: { inspectionType: 'double-random', result } });
      expect(errorFor(r.errors, 'fields.result')?.message, String(result)).toMatch(/^must be one of /);
    }
  });

  it('enum-list accepts listed values and removes duplicates', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ penaltyTypes: ['fine', 'confiscation-of-illegal-gains', 'fine'] }));
    expect(r.record?.fields.penaltyTypes).toEqual(['fine', 'confiscation-of-illegal-gains']);
  });

  it('enum-list rejects an unlisted value, naming it', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ penaltyTypes: ['fine', 'public-shaming'] }));
    expect(errorFor(r.errors, 'fields.penaltyTypes')?.message).toContain("'public-shaming'");
  });

  it('enum-list rejects a value that belongs to another severity', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ penaltyTypes: ['licence-revocation'] }));
    expect(errorFor(r.errors, 'fields.penaltyTypes')).toBeDefined();
  });

  it('enum-list rejects an empty list, a bare string and non-string members', () => {
    for (const penaltyTypes of [[], 'fine', [1], [null]]) {
      const r = validate('administrative-penalty-general', penaltyInput({ penaltyTypes }));
      expect(errorFor(r.errors, 'fields.penaltyTypes'), JSON.stringify(penaltyTypes)).toBeDefined();
    }
  });
});

describe('money', () => {
  it('accepts whole amounts and amounts with one or two decimals that are exact in binary', () => {
    for (const fineAmount of [0, 1, 50000, 1234.56, 100.5, 0.25, 0.5, 1e13]) {
      const r = validate('administrative-penalty-general', penaltyInput({ fineAmount }));
      expect(r.errors, String(fineAmount)).toEqual([]);
      expect(r.record?.fields.fineAmount).toBe(fineAmount);
    }
  });

  it('rejects more than two decimals', () => {
    for (const fineAmount of [12.345, 0.001, 1234.567, 99.999]) {
      const r = validate('administrative-penalty-general', penaltyInput({ fineAmount }));
      expect(errorFor(r.errors, 'fields.fineAmount')?.message, String(fineAmount)).toContain('two decimals');
    }
  });

  it('rejects negative, non-finite, too large and non-numeric amounts', () => {
    for (const fineAmount of [-1, -0.01, Number.NaN, Number.POSITIVE_INFINITY, 1e13 + 1, '100', true]) {
      const r = validate('administrative-penalty-general', penaltyInput({ fineAmount }));
      expect(errorFor(r.errors, 'fields.fineAmount'), String(fineAmount)).toBeDefined();
    }
  });

  // BUG (src/domain/records.ts, compileField, case 'money'): the two-decimals test
  // `Math.round(v * 100) !== v * 100` is done in binary floating point, so ordinary amounts
  // such as 0.29, 1.1, 19.99 and 0.07 yuan (0.29 * 100 = 28.999999999999996) are rejected as
  // having more than two decimals.
  it('accepts every amount with at most two decimals (0.29, 1.1, 19.99, 0.07, 4.35)', () => {
    for (const fineAmount of [0.29, 1.1, 19.99, 0.07, 4.35]) {
      const r = validate('administrative-penalty-general', penaltyInput({ fineAmount }));
      expect(r.errors, String(fineAmount)).toEqual([]);
    }
  });
});

describe('integers and numbers', () => {
  const base = { subject: { code: ENTERPRISE, name: 'x' }, decision: decision() };
  const fields = { reportYear: 2025, filedOn: '2026-05-01', timeliness: 'on-time' };

  it('integer fields reject fractions and respect minimum and maximum', () => {
    expect(validate('annual-report', { ...base, fields }).errors).toEqual([]);
    expect(errorFor(validate('annual-report', { ...base, fields: { ...fields, reportYear: 2025.5 } }).errors, 'fields.reportYear')?.message).toBe(
      'must be a whole number',
    );
    expect(errorFor(validate('annual-report', { ...base, fields: { ...fields, reportYear: 2012 } }).errors, 'fields.reportYear')?.message).toBe(
      'must be at least 2013',
    );
    expect(errorFor(validate('annual-report', { ...base, fields: { ...fields, reportYear: 2101 } }).errors, 'fields.reportYear')?.message).toBe(
      'must be at most 2100',
    );
    expect(errorFor(validate('annual-report', { ...base, fields: { ...fields, reportYear: '2025' } }).errors, 'fields.reportYear')?.message).toBe(
      'must be a number',
    );
  });

  it('date fields need a real ISO date', () => {
    expect(errorFor(validate('annual-report', { ...base, fields: { ...fields, filedOn: '2026-02-29' } }).errors, 'fields.filedOn')?.message).toBe(
      'must be a date YYYY-MM-DD',
    );
  });
});

describe('text', () => {
  it('rejects C0 control characters and DEL in fields, decision and subject', () => {
    for (const ch of ['\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\u007F']) {
      const inField = validate('administrative-penalty-general', penaltyInput({ facts: `发布${ch}虚假广告` }));
      expect(errorFor(inField.errors, 'fields.facts')?.message, JSON.stringify(ch)).toBe('must not contain control characters');
      const inDecision = validate('administrative-penalty-general', penaltyInput({}, { decision: decision({ number: `N${ch}1` }) }));
      expect(errorFor(inDecision.errors, 'decision.number')?.message).toBe('must not contain control characters');
      const inSubject = validate('administrative-penalty-general', penaltyInput({}, { subject: { code: ENTERPRISE, name: `A${ch}B` } }));
      expect(errorFor(inSubject.errors, 'subject.name')?.message).toBe('must not contain control characters');
    }
  });

  it('allows tab, line feed and carriage return inside text', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ facts: '第一项\t事实\r\n第二项事实' }));
    expect(r.errors).toEqual([]);
  });

  // Finding (src/domain/records.ts, CONTROL): only C0 controls and DEL are rejected; the C1
  // control characters U+0080-U+009F (Unicode general category Cc, e.g. U+009B CSI, U+0085 NEL)
  // pass as text.
  it('rejects C1 control characters (U+0080-U+009F)', () => {
    for (const ch of ['\u0085', '\u009B']) {
      const r = validate('administrative-penalty-general', penaltyInput({ facts: `a${ch}b` }));
      expect(errorFor(r.errors, 'fields.facts')?.message).toBe('must not contain control characters');
    }
  });

  it('enforces maxLength and the person-name default of 100', () => {
    const long = validate('administrative-penalty-general', penaltyInput({ violatedProvision: 'x'.repeat(501) }));
    expect(errorFor(long.errors, 'fields.violatedProvision')?.message).toBe('must be at most 500 characters');
    expect(validate('administrative-penalty-general', penaltyInput({ violatedProvision: 'x'.repeat(500) })).errors).toEqual([]);
    const name = validate('administrative-penalty-general', penaltyInput({ legalRepresentative: '张'.repeat(101) }));
    expect(errorFor(name.errors, 'fields.legalRepresentative')?.message).toBe('must be at most 100 characters');
    const facts = validate('administrative-penalty-general', penaltyInput({ facts: 'x'.repeat(4001) }));
    expect(errorFor(facts.errors, 'fields.facts')?.message).toBe('must be at most 4000 characters');
  });

  it('rejects text that is not a string', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ facts: 42 }));
    expect(errorFor(r.errors, 'fields.facts')?.message).toBe('must be text');
  });
});

// Text that can spoof (Unicode TR 36; "Trojan Source", CVE-2021-42574): a public register must
// show what was decided, in the order it was stored, and two names that look alike must be the
// same name. Ill-formed Unicode, bidirectional controls and invisible characters are refused,
// naming the field; names are stored in NFC. A byte order mark is refused even at either end,
// where trimming would otherwise drop it silently.
describe('text that can spoof', () => {
  const CLASSES: Array<[string, string, RegExp]> = [
    ['a lone high surrogate', '\uD800', /well-formed Unicode/],
    ['a lone low surrogate', '\uDC00', /well-formed Unicode/],
    ['right-to-left override', '\u202E', /bidirectional control characters \(U\+202E\)/],
    ['left-to-right embedding', '\u202A', /bidirectional control characters \(U\+202A\)/],
    ['pop directional formatting', '\u202C', /bidirectional/],
    ['left-to-right isolate', '\u2066', /bidirectional control characters \(U\+2066\)/],
    ['pop directional isolate', '\u2069', /bidirectional/],
    ['zero-width space', '\u200B', /invisible characters \(U\+200B/],
    ['zero-width non-joiner', '\u200C', /invisible/],
    ['zero-width joiner', '\u200D', /invisible/],
    ['word joiner', '\u2060', /invisible/],
    ['byte order mark', '\uFEFF', /invisible characters \(U\+FEFF/],
  ];

  it.each(CLASSES)('refuses %s in a subject name, a text field, a person name and the decision document, naming each field', (_what, ch, message) => {
    const r = validate(
      'administrative-penalty-general',
      penaltyInput(
        { facts: `发布${ch}虚假广告`, legalRepresentative: `王${ch}五` },
        { subject: { code: ENTERPRISE, name: `杭州${ch}示例科技有限公司` }, decision: decision({ authority: `杭州市${ch}市场监督管理局` }) },
      ),
    );
    expect(r.record).toBeUndefined();
    for (const field of ['subject.name', 'fields.facts', 'fields.legalRepresentative', 'decision.authority'])
      expect(errorFor(r.errors, field)?.message, field).toMatch(message);
  });

  it('refuses a byte order mark at the start or the end of a name, where trimming would drop it', () => {
    for (const name of ['\uFEFF杭州示例科技有限公司', '杭州示例科技有限公司\uFEFF']) {
      const r = validate('administrative-penalty-general', penaltyInput({}, { subject: { code: ENTERPRISE, name } }));
      expect(errorFor(r.errors, 'subject.name')?.message).toMatch(/U\+FEFF/);
    }
  });

  it('accepts characters outside the Basic Multilingual Plane (a surrogate pair is well-formed): 𠮷', () => {
    const r = validate('administrative-penalty-general', penaltyInput({ facts: '𠮷野家' }, { subject: { code: ENTERPRISE, name: '杭州𠮷野家餐饮有限公司' } }));
    expect(r.errors).toEqual([]);
    expect(r.record?.subject.name).toBe('杭州𠮷野家餐饮有限公司');
  });

  it('stores names in NFC: a letter and a combining accent, or a CJK compatibility ideograph, become the composed or unified character', () => {
    const r = validate(
      'administrative-penalty-general',
      penaltyInput({ legalRepresentative: 'Jose\u0301 \uF900' }, { subject: { code: ENTERPRISE, name: 'Cafe\u0301 杭州\uF9F4有限公司' } }),
    );
    expect(r.errors).toEqual([]);
    expect(r.record?.subject.name).toBe('Caf\u00E9 杭州\u6797有限公司');
    expect(r.record?.fields.legalRepresentative).toBe('Jos\u00E9 \u8C48');
  });
});

// Money is yuan with at most two decimals, held as whole fen: an amount is exact or refused,
// never a binary fraction (1e-320 is not a fine; 0.1 + 0.2 is 0.30000000000000004, not 0.3).
describe('money as whole fen', () => {
  it('stores amounts with up to two decimals exactly: the stored number reads back as the decimal sent', () => {
    for (const text of ['0.1', '0.2', '0.3', '0.29', '19.99', '0.07', '1234567.89', '9999999999999.99', '10000000000000', '0']) {
      const r = validate('administrative-penalty-general', penaltyInput({ fineAmount: Number(text) }));
      expect(r.errors, text).toEqual([]);
      expect(String(r.record?.fields.fineAmount), text).toBe(text);
    }
  });

  it('refuses a denormal, a sum with a binary fraction, a negative, a non-finite and an absurd amount, naming the field', () => {
    for (const [fineAmount, message] of [
      [1e-320, /two decimals/],
      [0.1 + 0.2, /two decimals/],
      [5e-324, /two decimals/],
      [-0.01, /negative/],
      [Number.NaN, /a number/],
      [Number.NEGATIVE_INFINITY, /a number/],
      [1e300, /at most 10000000000000 yuan/],
      [10_000_000_000_000.01, /at most 10000000000000 yuan/],
    ] as const) {
      const r = validate('administrative-penalty-general', penaltyInput({ fineAmount }));
      expect(errorFor(r.errors, 'fields.fineAmount')?.message, String(fineAmount)).toMatch(message);
      expect(r.record).toBeUndefined();
    }
  });

  it('stores negative zero as zero', () => {
    expect(Object.is(validate('administrative-penalty-general', penaltyInput({ fineAmount: -0 })).record?.fields.fineAmount, 0)).toBe(true);
  });

  it('a pack cannot bound a money field by a sum that is not an amount in yuan within the platform bound', () => {
    for (const bound of [{ maximum: 0.001 }, { maximum: 1e14 }, { minimum: -1 }]) {
      const dir = copyPack();
      edit<{ items: CatalogueItem[] }>(dir, 'catalogue.yaml', (doc) => {
        const item = doc.items.find((i) => i.code === 'administrative-penalty-general')!;
        Object.assign(
          item.fields.find((f) => f.name === 'fineAmount')!,
          bound,
        );
      });
      expect(loadError(dir).message, JSON.stringify(bound)).toContain('money field fineAmount is bounded by');
    }
  });

  it("keeps to a field's own bounds, stated in yuan", () => {
    const item: CatalogueItem = {
      ...policy.item('administrative-penalty-general')!,
      fields: [{ name: 'fee', label: { zh: '费用', en: 'Fee' }, type: 'money', disclosure: 'public', minimum: 0.5, maximum: 1000.25 }],
    };
    const v = compileFieldsValidator(item);
    const check = (fee: unknown) => {
      const errors: FieldError[] = [];
      return { out: v({ fee }, CTX, errors), errors };
    };
    expect(check(1000.25).out?.values.fee).toBe(1000.25);
    expect(check(0.5).out?.values.fee).toBe(0.5);
    expect(check(1000.26).errors[0]?.message).toBe('must be at most 1000.25 yuan');
    expect(check(0.49).errors[0]?.message).toBe('must be at least 0.5 yuan');
  });
});

// ---------------------------------------------------------------- synthetic item
const SYNTHETIC: CatalogueItem = {
  code: 'synthetic',
  category: 'administrative-inspection',
  name: { zh: '测试', en: 'Test' },
  legalBasis: [{ instrument: { zh: '测试', en: 'Test' } }],
  suppliers: ['administrative-body'],
  subjectKinds: ['enterprise'],
  polarity: 'neutral',
  publicityClass: 'inspection-result',
  fields: [
    { name: 'flag', label: { zh: '标志', en: 'Flag' }, type: 'boolean', disclosure: 'public' },
    { name: 'score', label: { zh: '得分', en: 'Score' }, type: 'number', disclosure: 'public', minimum: 0, maximum: 100 },
    { name: 'partner', label: { zh: '伙伴', en: 'Partner' }, type: 'uscc', disclosure: 'public' },
    { name: 'note', label: { zh: '备注', en: 'Note' }, type: 'text', disclosure: 'public', required: true, maxLength: 10 },
    { name: 'personId', label: { zh: '身份证', en: 'Id' }, type: 'resident-id', disclosure: 'restricted' },
  ],
};

describe('field types on a synthetic item', () => {
  const validator = compileRecordValidator(SYNTHETIC);
  const input = (fields: Record<string, unknown>): RecordInput => ({
    subject: { code: ENTERPRISE, name: 'x' },
    decision: decision(),
    fields: { note: 'n', ...fields },
  });

  it('boolean, number and uscc fields', () => {
    const r = validator(input({ flag: false, score: 99.5, partner: '91440300708461136t' }), CTX);
    expect(r.errors).toEqual([]);
    expect(r.record?.fields).toEqual({ note: 'n', flag: false, score: 99.5, partner: '91440300708461136T' });
  });

  it('rejects a boolean given as text, a number out of range and an invalid code', () => {
    const r = validator(input({ flag: 'true', score: 101, partner: '914403001922038217' }), CTX);
    expect(errorFor(r.errors, 'fields.flag')?.message).toBe('must be true or false');
    expect(errorFor(r.errors, 'fields.score')?.message).toBe('must be at most 100');
    expect(errorFor(r.errors, 'fields.partner')?.message).toContain('position 18');
  });

  it('a uscc field accepts a bad check character only in lenient mode', () => {
    const r = validator(input({ partner: '914403001922038217' }), { ...CTX, lenientCodes: true });
    expect(r.errors).toEqual([]);
    expect(r.record?.fields.partner).toBe('914403001922038217');
  });

  it('compileFieldsValidator in partial mode checks only given fields; null removes optional ones', () => {
    const fv = compileFieldsValidator(SYNTHETIC);
    const errors: FieldError[] = [];
    expect(fv({ score: 5, flag: null }, CTX, errors, true)).toEqual({ values: { score: 5 }, removed: ['flag'] });
    expect(errors).toEqual([]);
    const errors2: FieldError[] = [];
    expect(fv({ note: null }, CTX, errors2, true)).toBeUndefined();
    expect(errors2).toEqual([{ field: 'fields.note', message: 'is required and cannot be removed' }]);
    const errors3: FieldError[] = [];
    expect(fv({ colour: 'red' }, CTX, errors3, true)).toBeUndefined();
    expect(errors3[0]?.field).toBe('fields.colour');
  });

  it('compileFieldsValidator in full mode requires required fields', () => {
    const fv = compileFieldsValidator(SYNTHETIC);
    const errors: FieldError[] = [];
    expect(fv({}, CTX, errors)).toBeUndefined();
    expect(errors).toEqual([{ field: 'fields.note', message: 'is required' }]);
  });

  it('a resident-id field of a synthetic item never stores the raw number', () => {
    const r = validator(input({ personId: PERSON }), CTX);
    expect(r.record?.fields.personId).toEqual({ masked: '1101**********002X', hash: createHmac('sha256', SECRET).update(PERSON).digest('hex') });
    expect(JSON.stringify(r)).not.toContain(PERSON);
  });

  it('the hash depends on the platform secret', () => {
    const a = validator(input({ personId: PERSON }), CTX).record?.fields.personId;
    const b = validator(input({ personId: PERSON }), { ...CTX, idHashSecret: 'other' }).record?.fields.personId;
    expect(a).not.toEqual(b);
  });

  it('an unknown field type fails at compile time', () => {
    const bad = { ...SYNTHETIC, fields: [{ name: 'x', label: { zh: 'x', en: 'x' }, type: 'biometric', disclosure: 'public' }] } as unknown as CatalogueItem;
    expect(() => compileRecordValidator(bad)).toThrow(/biometric/);
  });
});
