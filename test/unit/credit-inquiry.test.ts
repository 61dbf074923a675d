// Inquiry purposes and authorisations (Regulation arts. 18, 20): the pack's closed list and its
// load-time rules, and when a cited authorisation allows an inquiry — from the day signed through
// its expiresOn day, not from the day withdrawn, for the purposes it names, for its lender and
// subject alone.
import { describe, expect, it } from 'vitest';
import { failing, PACK } from '../support/pack-edits.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { consentFailure, INQUIRY_PURPOSES, type InquiryConsent } from '../../src/domain/credit-reporting/inquiry.ts';
import { addDays } from '../../src/domain/dates.ts';

type Obj = Record<string, any>;

describe("the pack's inquiry purposes", () => {
  const policy = loadPolicyPack(PACK);
  it('are the closed list, each labelled in Chinese and English with its legal basis', () => {
    expect(policy.furnishing.inquiryPurposes.map((p) => p.code)).toEqual([
      'loan-approval',
      'credit-card-approval',
      'guarantee-qualification',
      'post-loan-management',
      'own-query',
    ]);
    for (const p of policy.furnishing.inquiryPurposes) {
      expect(p.label.zh.length && p.label.en.length).toBeTruthy();
      expect(p.legalBasis.length).toBeGreaterThan(0);
    }
    const lenders = policy.furnishing.inquiryPurposes.filter((p) => p.inquirer === 'lender');
    expect(lenders.every((p) => p.legalBasis.some((b) => b.articles === '18'))).toBe(true);
  });
  it('let only post-loan management rest on the open account, and the own query only to the subject', () => {
    const by = new Map(policy.furnishing.inquiryPurposes.map((p) => [p.code, p]));
    expect(by.get('post-loan-management')).toMatchObject({ inquirer: 'lender', authority: 'written-or-own-open-account' });
    expect(by.get('own-query')).toMatchObject({ inquirer: 'subject', authority: 'none' });
    for (const c of ['loan-approval', 'credit-card-approval', 'guarantee-qualification'] as const)
      expect(by.get(c)).toMatchObject({ inquirer: 'lender', authority: 'written' });
  });

  const purpose = (doc: Obj, code: string) => doc.inquiryPurposes.find((p: Obj) => p.code === code);
  it('refuse a purpose outside the enumeration', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) => doc.inquiryPurposes.push({ ...purpose(doc, 'loan-approval'), code: 'pre-employment-review' }));
    expect(err.problems.some((p) => p.includes('inquiryPurposes'))).toBe(true);
  });
  it('refuse a lender purpose without a written authorisation', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) => (purpose(doc, 'loan-approval').authority = 'none'));
    expect(err.problems).toContainEqual(expect.stringContaining("inquiry purpose loan-approval: a lender's inquiry needs the subject's written authorisation"));
  });
  it('refuse the open account for any purpose but post-loan management', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) => (purpose(doc, 'credit-card-approval').authority = 'written-or-own-open-account'));
    expect(err.problems).toContainEqual(expect.stringContaining("only post-loan management may rest on the lender's own open account"));
  });
  it('refuse the own query to a lender', () => {
    const err = failing<Obj>('furnishing.yaml', (doc) => (purpose(doc, 'own-query').inquirer = 'lender'));
    expect(err.problems).toContainEqual(expect.stringContaining("the own query is the subject's alone"));
  });
  it('refuse a purpose defined twice, and a pack without purposes', () => {
    expect(failing<Obj>('furnishing.yaml', (doc) => doc.inquiryPurposes.push(purpose(doc, 'loan-approval'))).problems).toContainEqual(
      expect.stringContaining('inquiry purpose loan-approval: is defined twice'),
    );
    expect(failing<Obj>('furnishing.yaml', (doc) => delete doc.inquiryPurposes).problems.length).toBeGreaterThan(0);
  });
  it('leave pre-employment review out of the enumeration', () => {
    expect(INQUIRY_PURPOSES as readonly string[]).not.toContain('pre-employment-review');
  });
});

describe('whether an authorisation allows an inquiry', () => {
  const consent: InquiryConsent = {
    lender: 'bank-a',
    reference: 'IC-1',
    subjectKey: 'p:abc',
    purposes: ['loan-approval', 'post-loan-management'],
    signedOn: '2026-03-01',
    expiresOn: '2026-06-30',
    withdrawnOn: null,
  };
  const ask = { lender: 'bank-a', subjectKey: 'p:abc', purpose: 'loan-approval' };

  it('holds from the day signed through its expiresOn day, and not the day before or after', () => {
    expect(consentFailure(consent, ask, '2026-02-28')).toBe('not-yet-signed');
    expect(consentFailure(consent, ask, '2026-03-01')).toBeNull();
    expect(consentFailure(consent, ask, '2026-06-30')).toBeNull();
    expect(consentFailure(consent, ask, '2026-07-01')).toBe('expired');
  });
  it('holds on every day of its term and none outside it', () => {
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1))
      expect(consentFailure(consent, ask, d) === null, d).toBe(d >= consent.signedOn && d <= consent.expiresOn);
  });
  it('no longer holds from the day withdrawn', () => {
    const w = { ...consent, withdrawnOn: '2026-04-10' };
    expect(consentFailure(w, ask, '2026-04-09')).toBeNull();
    expect(consentFailure(w, ask, '2026-04-10')).toBe('withdrawn');
  });
  it('covers only its purposes, its subject, and its lender (another lender learns only that it knows none)', () => {
    expect(consentFailure(consent, { ...ask, purpose: 'credit-card-approval' }, '2026-04-01')).toBe('purpose-not-covered');
    expect(consentFailure(consent, { ...ask, subjectKey: 'p:other' }, '2026-04-01')).toBe('other-subject');
    expect(consentFailure(consent, { ...ask, lender: 'bank-b' }, '2026-04-01')).toBe('unknown');
    expect(consentFailure(undefined, ask, '2026-04-01')).toBe('unknown');
  });
});
