// A person's prior written consent to furnishing their credit information (art. 29 of the
// Regulation, DOMAIN.md sec. 9), as the batch rules hold it: an account line about a person cites
// a consent in force, given by that person, whose scope includes furnishing; every person named as
// guarantor has given one to the furnisher; an enterprise needs none. And a pack whose consents
// cannot express furnishing does not load.
import { describe, expect, it } from 'vitest';
import { failing, PACK } from '../support/pack-edits.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { LineStandard, validateLine, type FurnishedLine } from '../../src/domain/credit-reporting/lines.ts';
import { checkBatch, referencesOf, type FurnishedBefore, type RecordedConsent } from '../../src/domain/credit-reporting/batch.ts';
import { hashResidentId } from '../../src/domain/ids/resident-id.ts';
import { personKey } from '../../src/domain/records.ts';
import { accountLines } from '../../src/synthetic/furnishing.ts';

type Obj = Record<string, any>;
const TODAY = '2026-11-20' as const;
const SECRET = 's';
const PERSON = '11010519491231002X';
const OTHER = '440524188001010014';
const COMPANY = '91330100716105852F';
const keyOf = (id: string) => personKey(hashResidentId(id, SECRET));

const std = new LineStandard(loadPolicyPack(PACK).furnishing);
const ctx = { today: TODAY, idHashSecret: SECRET, month: '2026-11' };
const valid = (raw: Obj): FurnishedLine => {
  const r = validateLine(std, raw, ctx);
  expect(r.errors).toEqual([]);
  return r.line!;
};
const loan = (borrower: string, more: Obj = {}) =>
  valid({ kind: 'account', account: 'A1', type: 'non-revolving-loan', borrower, currency: 'CNY', openedOn: '2025-01-05', principal: 1000, termMonths: 12, ...more });
const consent = (person: string, more: Obj = {}) => valid({ kind: 'consent', reference: 'K-1', borrower: person, scope: ['furnishing'], signedOn: '2025-01-01', ...more });
const before = (consents: Record<string, RecordedConsent> = {}): FurnishedBefore => ({
  unknownAccounts: new Set(),
  borrowerKinds: new Map(),
  noticed: new Set(),
  consents: new Map(Object.entries(consents)),
});
const check = (lines: FurnishedLine[], b = before()) => checkBatch(std, lines.map((value, i) => ({ line: i + 1, value })), b, TODAY);

describe("a person's account line cites their written consent to furnishing (art. 29)", () => {
  it('without a consent reference, the line is refused on its consent field citing art. 29', () => {
    const r = validateLine(std, { kind: 'account', account: 'A1', type: 'credit-card', borrower: PERSON, currency: 'CNY', openedOn: '2025-01-05', limit: 10 }, ctx);
    expect(r.errors).toEqual([{ field: 'consent', message: expect.stringContaining('art. 29') }]);
  });
  it("an enterprise's account needs none", () => {
    expect(check([loan(COMPANY)])).toEqual([]);
  });
  it('a consent in force, of the borrower, whose scope includes furnishing: accepted, from the batch or recorded before', () => {
    expect(check([consent(PERSON), loan(PERSON, { consent: 'K-1' })])).toEqual([]);
    expect(check([loan(PERSON, { consent: 'K-1' })], before({ 'K-1': { borrowerKey: keyOf(PERSON), scope: ['furnishing'], signedOn: '2025-01-01', expiresOn: TODAY } }))).toEqual([]);
  });
  const refused = (lines: FurnishedLine[], message: string, b = before()) =>
    expect(check(lines, b)).toEqual([{ line: lines.length, field: 'consent', message: expect.stringMatching(new RegExp(`${message}.*\\(art\\. 29\\)$`)) }]);
  it('refuses a consent never recorded', () => {
    refused([loan(PERSON, { consent: 'K-1' })], 'no recorded written consent K-1');
  });
  it("refuses another person's consent", () => {
    refused([consent(OTHER), loan(PERSON, { consent: 'K-1' })], 'another person');
  });
  it('refuses a consent expired yesterday, recorded or in the batch', () => {
    refused([consent(PERSON, { expiresOn: '2026-11-19' }), loan(PERSON, { consent: 'K-1' })], 'expired on 2026-11-19');
    refused([loan(PERSON, { consent: 'K-1' })], 'expired', before({ 'K-1': { borrowerKey: keyOf(PERSON), scope: ['furnishing'], signedOn: '2025-01-01', expiresOn: '2026-11-19' } }));
  });
  it('refuses a recorded consent signed after today', () => {
    refused([loan(PERSON, { consent: 'K-1' })], 'signed after today', before({ 'K-1': { borrowerKey: keyOf(PERSON), scope: ['furnishing'], signedOn: '2026-11-21', expiresOn: null } }));
  });
  it('refuses a consent whose scope lacks furnishing, though it covers the amounts the line carries', () => {
    refused([consent(PERSON, { scope: ['income'] }), loan(PERSON, { consent: 'K-1', declaredIncome: 5 })], 'does not cover furnishing');
  });
  it("a consent to furnishing does not cover a consent-gated amount (art. 14 still holds)", () => {
    expect(check([consent(PERSON), loan(PERSON, { consent: 'K-1', declaredIncome: 5 })])).toEqual([
      { line: 2, field: 'consent', message: 'consent K-1 does not cover income (art. 14)' },
    ]);
  });
});

describe('a person named as guarantor has given the furnisher their written consent to furnishing (art. 29)', () => {
  const guaranteed = loan(COMPANY, { guarantors: [COMPANY, PERSON] });
  const refused = (lines: FurnishedLine[], b = before()) =>
    expect(check(lines, b)).toEqual([{ line: 1, field: 'guarantors', message: expect.stringMatching(/^guarantor 1101\*{10}002X .*\(art\. 29\)$/) }]);
  const recorded = (c: Partial<RecordedConsent>) => before({ R: { borrowerKey: keyOf(PERSON), scope: ['furnishing'], signedOn: '2025-01-01', expiresOn: null, ...c } });
  it('refuses a person guarantor without one; an enterprise guarantor needs none', () => {
    refused([guaranteed]);
    expect(check([loan(COMPANY, { guarantors: [COMPANY] })])).toEqual([]);
  });
  it("refuses another person's consent, an expired one, one signed after today, one whose scope lacks furnishing", () => {
    refused([guaranteed], recorded({ borrowerKey: keyOf(OTHER) }));
    refused([guaranteed], recorded({ expiresOn: '2026-11-19' }));
    refused([guaranteed], recorded({ signedOn: '2026-11-21' }));
    refused([guaranteed], recorded({ scope: ['income', 'tax'] }));
    refused([guaranteed, consent(PERSON, { expiresOn: '2026-11-19' })]);
  });
  it('accepts one in force, recorded before or in the batch (after the account line too)', () => {
    expect(check([guaranteed], recorded({ expiresOn: TODAY }))).toEqual([]);
    expect(check([guaranteed, consent(PERSON)])).toEqual([]);
  });
  it("names each person guarantor without consent, by masked number", () => {
    const two = loan(COMPANY, { guarantors: [PERSON, OTHER] });
    expect(check([two, consent(PERSON)])).toEqual([{ line: 1, field: 'guarantors', message: expect.stringContaining('4405**********0014') }]);
  });
  it("the batch asks for the consents of its person guarantors, once each, and of no enterprise", () => {
    const lines = [guaranteed, loan(COMPANY, { account: 'A2', guarantors: [PERSON, OTHER] })].map((value, i) => ({ line: i + 1, value }));
    expect(referencesOf(lines).guarantors.sort()).toEqual([keyOf(PERSON), keyOf(OTHER)].sort());
  });
});

describe('the standard offers the consent to furnishing', () => {
  it('the shipped pack cites art. 29 for the consent scope, which lists furnishing', () => {
    const scope = loadPolicyPack(PACK).furnishing.lines.find((l) => l.kind === 'consent')!.fields.find((f) => f.name === 'scope')!;
    expect(scope.values).toContain('furnishing');
    expect(scope.legalBasis.map((b) => b.articles)).toContain('29');
  });
  it('a pack whose consent scope leaves out furnishing does not load', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) => {
      const scope = doc.lines.find((l: Obj) => l.kind === 'consent').fields.find((f: Obj) => f.name === 'scope');
      scope.values = scope.values.filter((v: string) => v !== 'furnishing');
    });
    expect(err.problems.some((p) => p.includes('item scope') && p.includes('furnishing'))).toBe(true);
  });
});

describe('the synthetic lender', () => {
  it("furnishes each person borrower's consent to furnishing with their account, so its batches pass", () => {
    const raw = Array.from({ length: 300 }, (_, i) => accountLines(7, i)).flat();
    const lines = raw.map((r, i) => ({ line: i + 1, value: valid(r) }));
    const people = lines.filter((l) => l.value.kind === 'account' && (l.value.values.borrower as { kind: string }).kind === 'person');
    expect(people.length).toBeGreaterThan(250);
    expect(lines.filter((l) => l.value.kind === 'consent')).toHaveLength(people.length);
    expect(checkBatch(std, lines, before(), TODAY)).toEqual([]);
  });
});
