// The furnishing data standard in the pack (financial credit reporting): what art. 14 of the
// Regulation forbids cannot be expressed, consent-gated amounts need a consent item, furnishers are
// agency kinds of their own class; and the rules of one line, with the repayment status agreeing
// with the days past due over the whole space.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { failing } from '../support/pack-edits.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { PACK } from '../support/pack-edits.ts';
import {
  REPAYMENT_STATUSES,
  overdueBucket,
  runningStatus,
  statusAgreesWithDaysPastDue,
  forbiddenInformationIn,
} from '../../src/domain/credit-reporting/standard.ts';
import { LineStandard, validateLine, canonicalLineObject, canonicalLineJson } from '../../src/domain/credit-reporting/lines.ts';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { accountLines, statementLine } from '../../src/synthetic/furnishing.ts';
import { checkBatch } from '../../src/domain/credit-reporting/batch.ts';

type Obj = Record<string, any>;
const basis = [{ instrument: { zh: '某办法', en: 'Some measures' } }];

describe('the shipped furnishing standard', () => {
  const policy = loadPolicyPack(PACK);
  it('loads, with every line and item citing its legal basis', () => {
    expect(policy.furnishing.lines.map((l) => l.kind).sort()).toEqual(['account', 'consent', 'notice', 'statement']);
    for (const l of policy.furnishing.lines) {
      expect(l.legalBasis.length).toBeGreaterThan(0);
      for (const f of l.fields) expect(f.legalBasis.length, `${l.kind}.${f.name}`).toBeGreaterThan(0);
    }
  });
  it('makes licensed lenders furnishers, and no authority one', () => {
    for (const k of ['commercial-bank', 'consumer-finance-company', 'small-loan-company']) expect(policy.isFurnisherKind(k)).toBe(true);
    for (const k of ['market-regulation', 'court', 'tax']) expect(policy.isFurnisherKind(k)).toBe(false);
    expect(policy.itemsForAgencyKind('commercial-bank')).toEqual([]);
  });
});

describe('a pack that names what art. 14 forbids does not load, and the error names the item', () => {
  const cases: Array<[string, Obj]> = [
    ['religion', { name: 'religion', label: { zh: '宗教信仰', en: 'Religion' }, type: 'enum', values: ['a', 'b'], category: 'borrower' }],
    ['geneMarkers', { name: 'geneMarkers', label: { zh: '基因标记', en: 'Gene markers' }, type: 'identifier', category: 'borrower' }],
    ['fingerprintHash', { name: 'fingerprintHash', label: { zh: '指纹', en: 'Fingerprint' }, type: 'identifier', category: 'borrower' }],
    ['bloodType', { name: 'bloodType', label: { zh: '血型', en: 'Blood type' }, type: 'enum', values: ['A', 'B'], category: 'borrower' }],
    ['diagnosis', { name: 'chronic', label: { zh: '疾病史', en: 'Chronic disease' }, type: 'boolean', category: 'borrower' }],
  ];
  for (const [what, field] of cases) {
    it(`refuses ${what}`, () => {
      const err = failing<Obj>('furnishing.yaml', (doc) => doc.lines.find((l: Obj) => l.kind === 'account').fields.push({ ...field, legalBasis: basis }));
      const named = err.problems.filter((p) => p.includes(`item ${field.name}`) && p.includes('art. 14'));
      expect(named, err.message).toHaveLength(1);
    });
  }
  it('refuses a category outside the fixed enumeration (there is none for health)', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) =>
      doc.lines[0].fields.push({ name: 'x1', label: { zh: '甲', en: 'X' }, type: 'boolean', category: 'medical', legalBasis: basis }),
    );
    expect(err.problems.some((p) => p.includes('x1') && p.includes('art. 14'))).toBe(true);
  });
  it('names forbidden words in Chinese and English, and passes ordinary ones', () => {
    expect(forbiddenInformationIn('宗教信仰')).toBe('religious belief');
    expect(forbiddenInformationIn('Medical history')).toBe('disease and medical history');
    expect(forbiddenInformationIn('Declared annual income')).toBeUndefined();
  });
});

describe('other rules of the standard at load', () => {
  it('a consent-gated amount needs a consent item on its line', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) =>
      doc.lines.find((l: Obj) => l.kind === 'statement').fields.push({ name: 'salary', label: { zh: '工资', en: 'Salary' }, type: 'money', category: 'income', legalBasis: basis }),
    );
    expect(err.problems.some((p) => p.includes('line statement, item salary') && p.includes('consent'))).toBe(true);
  });
  it('a consent-gated amount goes on account lines alone, whose consent the batch checks (a consent item elsewhere is checked by nothing)', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) =>
      doc.lines
        .find((l: Obj) => l.kind === 'statement')
        .fields.push(
          { name: 'consent', label: { zh: '同意', en: 'Consent' }, type: 'identifier', category: 'consent', legalBasis: basis },
          { name: 'salary', label: { zh: '工资', en: 'Salary' }, type: 'money', category: 'income', legalBasis: basis },
        ),
    );
    expect(err.problems.some((p) => p.includes('line statement, item salary') && p.includes('account lines'))).toBe(true);
  });
  it('a pack giving fewer own reports free a year than the two of art. 17 does not load', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) => (doc.ownReports.freePerYear = 1));
    expect(err.problems.some((p) => p.includes('furnishing.yaml') && p.includes('ownReports.freePerYear'))).toBe(true);
  });
  it('an item without a legal basis does not load', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) => delete doc.lines[0].fields[0].legalBasis);
    expect(err.problems.some((p) => p.includes('furnishing.yaml') && p.includes('legalBasis'))).toBe(true);
  });
  it('a furnisher kind supplying a catalogue item does not load', () => {
    const err = failing<Obj>('catalogue.yaml', (doc) => doc.items[0].suppliers.push('commercial-bank'));
    expect(err.problems.some((p) => p.includes("supplier 'commercial-bank' is a furnisher"))).toBe(true);
  });
  it('a furnisher that is not of the furnisher class does not load', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) => doc.furnishers.push('tax'));
    expect(err.problems.some((p) => p.includes("furnisher 'tax'"))).toBe(true);
  });
  it('a standard without the status codes the platform reads does not load', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) => {
      const status = doc.lines.find((l: Obj) => l.kind === 'statement').fields.find((f: Obj) => f.name === 'status');
      status.values = status.values.filter((v: string) => v !== 'B');
    });
    expect(err.problems.some((p) => p.includes('item status') && p.includes('B'))).toBe(true);
  });
});

describe('repayment status and days past due (DOMAIN.md sec. 9)', () => {
  it('N, C and * mean nothing overdue; 1-7 are the 30-day buckets; G, D, Z, B, # bind no days (property over the space)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REPAYMENT_STATUSES), fc.integer({ min: 0, max: 40_000 }), (status, days) => {
        const agrees = statusAgreesWithDaysPastDue(status, days);
        if (status === 'N' || status === 'C' || status === '*') return agrees === (days === 0);
        if (/^[1-7]$/.test(status)) {
          const n = Number(status);
          const lo = (n - 1) * 30 + 1;
          const hi = n === 7 ? Infinity : n * 30;
          return agrees === (days >= lo && days <= hi);
        }
        return agrees;
      }),
      { numRuns: 5000 },
    );
  });
  it('every number of days agrees with exactly one running status, the one runningStatus gives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (days) => {
        const running = ['N', '1', '2', '3', '4', '5', '6', '7'].filter((s) => statusAgreesWithDaysPastDue(s, days));
        return running.length === 1 && running[0] === runningStatus(days);
      }),
    );
  });
  it('at the edges: 30 is bucket 1, 31 bucket 2, 180 bucket 6, 181 bucket 7', () => {
    expect([1, 30, 31, 60, 61, 180, 181, 10_000].map(overdueBucket)).toEqual([1, 1, 2, 2, 3, 6, 7, 7]);
    expect(statusAgreesWithDaysPastDue('N', -1)).toBe(false);
    expect(statusAgreesWithDaysPastDue('B', 0.5)).toBe(false);
  });
});

describe('one line against the standard', () => {
  const policy = loadPolicyPack(PACK);
  const std = new LineStandard(policy.furnishing);
  const ctx = { today: '2026-11-20' as const, idHashSecret: 's', month: '2026-10' };
  const account = {
    kind: 'account',
    account: 'A1',
    type: 'non-revolving-loan',
    borrower: '11010519491231002X',
    currency: 'CNY',
    openedOn: '2025-01-05',
    principal: 120000,
    termMonths: 36,
    consent: 'K-1',
  };
  const organisation = '91330100716105852F';
  it('stores a person by keyed hash and masked number, never the number itself', () => {
    const r = validateLine(std, account, ctx);
    expect(r.errors).toEqual([]);
    const canonical = JSON.stringify(canonicalLineObject(std, r.line!));
    expect(canonical).not.toContain('11010519491231002X');
    expect(r.line!.values.borrower).toMatchObject({ kind: 'person', masked: '1101**********002X' });
    expect(canonicalLineObject(std, r.line!)).toMatchObject({ principal: 120000, borrower: expect.stringMatching(/^p:[0-9a-f]{40}$/) });
  });
  it('refuses an identity number whose check character fails', () => {
    expect(validateLine(std, { ...account, borrower: '110105194912310021' }, ctx).errors).toEqual([{ field: 'borrower', message: expect.stringContaining('neither') }]);
  });
  it('refuses an item the standard does not define (the schema is closed)', () => {
    expect(validateLine(std, { ...account, religion: 'x' }, ctx).errors).toEqual([{ field: 'religion', message: expect.stringContaining('not an item') }]);
  });
  it('needs a consent reference for a consent-gated amount, and accepts it with one', () => {
    const org = { ...account, borrower: organisation, consent: undefined };
    expect(validateLine(std, org, ctx).errors).toEqual([]);
    expect(validateLine(std, { ...org, declaredIncome: 300000 }, ctx).errors).toEqual([{ field: 'consent', message: expect.stringContaining('art. 14') }]);
    expect(validateLine(std, { ...org, declaredIncome: 300000, consent: 'C-1' }, ctx).errors).toEqual([]);
  });
  it("needs a consent reference on every account line about a person (art. 29), gated amount or not", () => {
    expect(validateLine(std, { ...account, consent: undefined }, ctx).errors).toEqual([{ field: 'consent', message: expect.stringContaining('art. 29') }]);
    expect(validateLine(std, { ...account, consent: undefined, declaredIncome: 300000 }, ctx).errors).toEqual([{ field: 'consent', message: expect.stringContaining('art. 29') }]);
  });
  it('refuses a status that disagrees with the days past due', () => {
    const st = { kind: 'statement', account: 'A1', month: '2026-10', balance: 1000, amountDue: 100, amountPaid: 0, daysPastDue: 45, status: '1' };
    expect(validateLine(std, st, ctx).errors).toEqual([{ field: 'status', message: 'status 1 does not agree with 45 days past due' }]);
    expect(validateLine(std, { ...st, status: '2' }, ctx).errors).toEqual([]);
  });
  it("a person's adverse statement needs the notice first (art. 15); an organisation's does not", () => {
    const acc = validateLine(std, account, ctx).line!;
    const org = validateLine(std, { ...account, account: 'A2', borrower: organisation, consent: undefined }, ctx).line!;
    const consent = validateLine(std, { kind: 'consent', reference: 'K-1', borrower: '11010519491231002X', scope: ['furnishing'], signedOn: '2025-01-01' }, ctx).line!;
    const late = (a: string) => validateLine(std, { kind: 'statement', account: a, month: '2026-10', balance: 1000, amountDue: 100, amountPaid: 0, daysPastDue: 10, status: '1' }, ctx).line!;
    const notice = validateLine(std, { kind: 'notice', account: 'A1', notifiedOn: '2026-10-15', method: 'sms' }, ctx).line!;
    const none = { unknownAccounts: new Set<string>(), borrowerKinds: new Map(), noticed: new Set<string>(), consents: new Map() };
    const lines = [acc, org, late('A1'), late('A2'), consent].map((value, i) => ({ line: i + 1, value }));
    expect(checkBatch(std, lines, none, '2026-11-20')).toEqual([{ line: 3, field: 'status', message: expect.stringContaining('art. 15') }]);
    expect(checkBatch(std, [...lines, { line: 6, value: notice }], none, '2026-11-20')).toEqual([]);
  });
  it('a consent runs until its expiry, which lies ahead of today; an expired one covers nothing', () => {
    const consent = { kind: 'consent', reference: 'K-1', borrower: '11010519491231002X', scope: ['furnishing', 'income'], signedOn: '2026-09-01' };
    const running = validateLine(std, { ...consent, expiresOn: '2027-09-01' }, ctx);
    expect(running.errors).toEqual([]);
    // Other dates stay no later than today.
    expect(validateLine(std, { ...consent, signedOn: '2026-11-21' }, ctx).errors).toEqual([{ field: 'signedOn', message: expect.stringContaining('after today') }]);
    const withIncome = validateLine(std, { ...account, declaredIncome: 300000, consent: 'K-1' }, ctx).line!;
    const none = { unknownAccounts: new Set<string>(), borrowerKinds: new Map(), noticed: new Set<string>(), consents: new Map() };
    expect(checkBatch(std, [{ line: 1, value: running.line! }, { line: 2, value: withIncome }], none, '2026-11-20')).toEqual([]);
    const expired = validateLine(std, { ...consent, expiresOn: '2026-11-19' }, ctx).line!;
    expect(checkBatch(std, [{ line: 1, value: expired }, { line: 2, value: withIncome }], none, '2026-11-20')).toEqual([
      { line: 2, field: 'consent', message: expect.stringContaining('expired') },
    ]);
  });
});

describe('the canonical form of a line', () => {
  const policy = loadPolicyPack(PACK);
  const std = new LineStandard(policy.furnishing);
  const ctx = { today: '2026-12-02' as const, idHashSecret: 's', month: '2026-11' };
  it('written directly in key order, is the canonical JSON of the line (property over synthetic lines)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1000 }), (i, seed) => {
        const raw = [...accountLines(seed, i), statementLine(seed, i, '2026-11')];
        raw.push({ ...raw.find((l) => l.kind === 'account')!, declaredIncome: 1234.5, consent: 'C-1' });
        for (const r of raw) {
          const line = validateLine(std, r, ctx).line!;
          if (canonicalLineJson(std, line) !== canonicalJson(canonicalLineObject(std, line))) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
