// The loaded Policy: item lookup, compiled validators, agency kinds, windows, local dates and
// disclosure levels, on the shipped pack.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import type { Policy } from '../../src/domain/policy/policy.ts';

const PACK = resolve(import.meta.dirname, '../../policy/cn-national');
let policy: Policy;

beforeAll(() => {
  policy = loadPolicyPack(PACK);
});

describe('Policy', () => {
  it('looks items up by code', () => {
    expect(policy.item('honour')?.category).toBe('honour');
    expect(policy.item('social-score')).toBeUndefined();
  });

  it('compiles each validator once and returns the same function afterwards', () => {
    const a = policy.validator('administrative-penalty-general');
    expect(typeof a).toBe('function');
    expect(policy.validator('administrative-penalty-general')).toBe(a);
    expect(policy.fieldsValidator('administrative-penalty-general')).toBe(policy.fieldsValidator('administrative-penalty-general'));
    expect(policy.validator('social-score')).toBeUndefined();
    expect(policy.fieldsValidator('social-score')).toBeUndefined();
  });

  it('its validator checks records of the item', () => {
    const r = policy.validator('honour')!(
      {
        subject: { code: '91330100716105852F', name: 'x' },
        decision: { number: 'n', date: '2026-06-01', authority: 'a', basis: 'b' },
        fields: { title: '诚信企业', level: 'provincial' },
      },
      { today: '2026-11-20', idHashSecret: 's' },
    );
    expect(r.errors).toEqual([]);
    expect(r.record?.item).toBe('honour');
  });

  it('lists the items an agency kind may supply', () => {
    const court = policy.itemsForAgencyKind('court');
    expect(court).toEqual(
      expect.arrayContaining(['judgment-defaulter', 'consumption-restriction', 'contract-default-government', 'contract-default-business']),
    );
    expect(court).not.toContain('administrative-licence');
    expect(court).not.toContain('tax-credit-grade');
    expect(policy.itemsForAgencyKind('tax')).toContain('tax-credit-grade');
    expect(policy.itemsForAgencyKind('no-such-kind')).toEqual([]);
  });

  it('windowFor uses the item publicity class and throws for an unknown item', () => {
    expect(policy.windowFor('commitment-breach', '2026-06-01', {})).toMatchObject({ class: 'penalty-general', end: '2027-06-01' });
    expect(() => policy.windowFor('social-score', '2026-06-01', {})).toThrow(/social-score/);
  });

  it('localDate is the date in the pack time zone (Asia/Shanghai)', () => {
    expect(policy.localDate(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
    expect(policy.localDate(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
  });

  it('reports disclosure levels of fields and of the decision document', () => {
    expect(policy.disclosureOf('registration-basics', 'legalRepresentativeId')).toBe('restricted');
    expect(policy.disclosureOf('registration-basics', 'address')).toBe('public');
    expect(policy.disclosureOf('tax-credit-grade', 'grade')).toBe('shared');
    expect(policy.disclosureOf('honour', 'decision.number')).toBe('public');
    expect(policy.disclosureOf('honour', 'decision.basis')).toBe('public');
    expect(policy.disclosureOf('honour', 'colour')).toBeUndefined();
    expect(policy.disclosureOf('social-score', 'x')).toBeUndefined();
  });

  it('resolves rule versions in date order', () => {
    expect(policy.ruleVersions.map((v) => v.effectiveFrom)).toEqual(['1949-10-01', '2019-07-01', '2023-05-01', '2026-04-01']);
  });

  it('builds the working-day calendar from holiday ranges and make-up days', () => {
    // Every day of each holiday range is a day off unless it is a listed make-up day.
    for (const y of policy.calendarPolicy.years) {
      for (const h of y.holidays) {
        for (let d = h.from; d <= h.to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
          expect(policy.calendar.isWorkingDay(d), `${h.name} ${d}`).toBe(y.workingWeekends.includes(d));
        }
      }
      for (const d of y.workingWeekends) expect(policy.calendar.isWorkingDay(d), d).toBe(true);
      expect(policy.calendar.covers(`${y.year}-07-01`)).toBe(true);
    }
  });
});
