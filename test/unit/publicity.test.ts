// Publicity windows under the rule versions of the shipped pack (policy/cn-national/publicity.yaml):
// the version is chosen by decision date, windows are [start, end).
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PublicityRuleError, isPublicOn, publicityWindow, resolveRuleVersions, ruleVersionOn, type ResolvedRuleVersion } from '../../src/domain/publicity.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import type { Policy } from '../../src/domain/policy/policy.ts';
import type { RuleVersion } from '../../src/domain/policy/schema.ts';

const PACK = resolve(import.meta.dirname, '../../policy/cn-national');
let policy: Policy;
let versions: readonly ResolvedRuleVersion[];

beforeAll(() => {
  policy = loadPolicyPack(PACK);
  versions = resolveRuleVersions(policy.publicity.ruleVersions);
});

describe('resolveRuleVersions', () => {
  it('orders versions by effective date whatever the file order', () => {
    const reversed = resolveRuleVersions([...policy.publicity.ruleVersions].reverse());
    const ids = ['platform-baseline', 'ndrc-notice-2019-527', 'ndrc-order-58-2023', 'ndrc-order-36-2025'];
    expect(reversed.map((v) => v.id)).toEqual(ids);
    expect(versions.map((v) => v.id)).toEqual(ids);
    expect(versions.map((v) => v.effectiveFrom)).toEqual(['1949-10-01', '2019-07-01', '2023-05-01', '2026-04-01']);
  });

  it('later versions inherit the classes they do not restate', () => {
    const order36 = versions.find((v) => v.id === 'ndrc-order-36-2025')!;
    for (const c of policy.publicity.classes) expect(order36.classes.has(c.code), c.code).toBe(true);
    expect(order36.classes.get('registration')?.window).toBe('indefinite');
    // contract-default was restated by Order 58 (minimum P1Y) and Order 36 inherits that.
    expect(order36.classes.get('contract-default')?.minimum).toBe('P1Y');
    const notice2019 = versions.find((v) => v.id === 'ndrc-notice-2019-527')!;
    expect(notice2019.classes.get('contract-default')?.minimum).toBe('P6M');
  });

  it('a restated class replaces the inherited rule', () => {
    const byId = (id: string) => versions.find((v) => v.id === id)!;
    expect(byId('ndrc-notice-2019-527').classes.get('penalty-serious')?.minimum).toBe('P6M');
    expect(byId('ndrc-order-58-2023').classes.get('penalty-serious')?.minimum).toBe('P1Y');
    expect(byId('ndrc-order-36-2025').repairDeadlines).toEqual({ platformWorkingDays: 10, decidingAuthorityWorkingDays: 3, verified: false });
  });

  it('works on a minimal synthetic pair of versions', () => {
    const v = (id: string, from: string, classes: RuleVersion['classes']): RuleVersion => ({
      id,
      title: { zh: id, en: id },
      effectiveFrom: from,
      legalBasis: [{ instrument: { zh: 'x', en: 'x' } }],
      repairDeadlines: { platformWorkingDays: 1, decidingAuthorityWorkingDays: 1, verified: true },
      objectionDeadlines: { decidingAuthorityWorkingDays: 10, verified: true },
      classes,
    });
    const resolved = resolveRuleVersions([
      v('b', '2020-01-01', { a: { window: 'fixed', maximum: 'P2Y', repairable: true } }),
      v('a', '2010-01-01', { a: { window: 'fixed', maximum: 'P1Y', repairable: true }, b: { window: 'none', repairable: false } }),
    ]);
    expect(resolved.map((r) => r.id)).toEqual(['a', 'b']);
    expect(resolved[1]!.classes.get('a')?.maximum).toBe('P2Y');
    expect(resolved[1]!.classes.get('b')?.window).toBe('none');
    // The earlier version is not changed by the later one.
    expect(resolved[0]!.classes.get('a')?.maximum).toBe('P1Y');
  });
});

describe('ruleVersionOn: boundaries', () => {
  const cases: Array<[string, string]> = [
    ['1949-10-01', 'platform-baseline'],
    ['2019-06-30', 'platform-baseline'],
    ['2019-07-01', 'ndrc-notice-2019-527'],
    ['2023-04-30', 'ndrc-notice-2019-527'],
    ['2023-05-01', 'ndrc-order-58-2023'],
    ['2026-03-31', 'ndrc-order-58-2023'],
    ['2026-04-01', 'ndrc-order-36-2025'],
    ['2030-01-01', 'ndrc-order-36-2025'],
  ];
  for (const [date, id] of cases) {
    it(`${date} -> ${id}`, () => expect(ruleVersionOn(versions, date)?.id).toBe(id));
  }

  it('no version before the first', () => {
    expect(ruleVersionOn(versions, '1949-09-30')).toBeUndefined();
    expect(() => publicityWindow(versions, 'penalty-general', '1949-09-30')).toThrow(PublicityRuleError);
  });
});

describe('publicityWindow: penalties at the version boundaries', () => {
  const cases: Array<{ date: string; version: string; general: [string, string]; serious: [string, string] }> = [
    { date: '2019-06-30', version: 'platform-baseline', general: ['2019-09-30', '2020-06-30'], serious: ['2019-12-30', '2022-06-30'] },
    { date: '2019-07-01', version: 'ndrc-notice-2019-527', general: ['2019-10-01', '2020-07-01'], serious: ['2020-01-01', '2022-07-01'] },
    { date: '2023-04-30', version: 'ndrc-notice-2019-527', general: ['2023-07-30', '2024-04-30'], serious: ['2023-10-30', '2026-04-30'] },
    { date: '2023-05-01', version: 'ndrc-order-58-2023', general: ['2023-08-01', '2024-05-01'], serious: ['2024-05-01', '2026-05-01'] },
    { date: '2026-03-31', version: 'ndrc-order-58-2023', general: ['2026-06-30', '2027-03-31'], serious: ['2027-03-31', '2029-03-31'] },
    { date: '2026-04-01', version: 'ndrc-order-36-2025', general: ['2026-07-01', '2027-04-01'], serious: ['2027-04-01', '2029-04-01'] },
  ];

  for (const c of cases) {
    it(`decided ${c.date}: ${c.version}`, () => {
      const general = publicityWindow(versions, 'penalty-general', c.date);
      expect(general).toEqual({
        class: 'penalty-general',
        ruleVersion: c.version,
        published: true,
        repairable: true,
        start: c.date,
        minimumEnd: c.general[0],
        end: c.general[1],
      });
      const serious = publicityWindow(versions, 'penalty-serious', c.date);
      expect(serious).toEqual({
        class: 'penalty-serious',
        ruleVersion: c.version,
        published: true,
        repairable: true,
        start: c.date,
        minimumEnd: c.serious[0],
        end: c.serious[1],
      });
      // The same through the policy, by catalogue item.
      expect(policy.windowFor('administrative-penalty-general', c.date, {})).toEqual(general);
      expect(policy.windowFor('administrative-penalty-serious', c.date, {})).toEqual(serious);
    });
  }

  it('serious minimum is six months under the 2019 notice and one year from Order 58', () => {
    expect(publicityWindow(versions, 'penalty-serious', '2023-04-30').minimumEnd).toBe('2023-10-30');
    expect(publicityWindow(versions, 'penalty-serious', '2023-05-01').minimumEnd).toBe('2024-05-01');
  });

  it('penalty-minor is never published, under every version', () => {
    for (const date of ['1990-01-01', '2019-06-30', '2019-07-01', '2023-05-01', '2026-04-01', '2030-12-31']) {
      const w = publicityWindow(versions, 'penalty-minor', date);
      expect(w).toMatchObject({ published: false, start: null, end: null, minimumEnd: null, repairable: false });
      expect(isPublicOn(w, date)).toBe(false);
      expect(policy.windowFor('administrative-penalty-minor', date, {}).published).toBe(false);
    }
  });

  it('counts months with end-of-month clamping', () => {
    expect(publicityWindow(versions, 'penalty-general', '2024-02-29').end).toBe('2025-02-28');
    expect(publicityWindow(versions, 'penalty-serious', '2023-08-31')).toMatchObject({ minimumEnd: '2024-08-31', end: '2026-08-31' });
    expect(publicityWindow(versions, 'penalty-general', '2025-11-30').minimumEnd).toBe('2026-02-28');
  });

  it('contract-default minimum changes with Order 58 and is inherited by Order 36', () => {
    expect(publicityWindow(versions, 'contract-default', '2023-04-30').minimumEnd).toBe('2023-10-30');
    expect(publicityWindow(versions, 'contract-default', '2023-05-01').minimumEnd).toBe('2024-05-01');
    expect(publicityWindow(versions, 'contract-default', '2026-06-01')).toMatchObject({
      ruleVersion: 'ndrc-order-36-2025',
      minimumEnd: '2027-06-01',
      end: '2029-06-01',
    });
  });

  it('a class the version does not define is an error naming it', () => {
    expect(() => publicityWindow(versions, 'social-score', '2026-06-01')).toThrow(PublicityRuleError);
    expect(() => publicityWindow(versions, 'social-score', '2026-06-01')).toThrow(/social-score/);
  });
});

describe('publicityWindow: windows that end on a field', () => {
  const decided = '2026-06-01';

  it('judgment-default ends the day after `until` (列入期限至 names the last listed day) within the five-year cap', () => {
    const w = publicityWindow(versions, 'judgment-default', decided, { until: '2028-06-01' });
    expect(w).toMatchObject({ published: true, start: decided, end: '2028-06-02', repairable: false });
  });

  it('judgment-default is capped at its maximum (P5Y)', () => {
    expect(publicityWindow(versions, 'judgment-default', decided, { until: '2040-01-01' }).end).toBe('2031-06-01');
    expect(publicityWindow(versions, 'judgment-default', decided, { until: '2031-06-02' }).end).toBe('2031-06-01');
    expect(publicityWindow(versions, 'judgment-default', decided, { until: '2031-06-01' }).end).toBe('2031-06-01');
  });

  it('defaults to the maximum when the field is absent or not a date', () => {
    expect(publicityWindow(versions, 'judgment-default', decided, {}).end).toBe('2031-06-01');
    expect(publicityWindow(versions, 'judgment-default', decided).end).toBe('2031-06-01');
    expect(publicityWindow(versions, 'judgment-default', decided, { until: 'soon' }).end).toBe('2031-06-01');
    expect(publicityWindow(versions, 'judgment-default', decided, { until: '2028-02-30' }).end).toBe('2031-06-01');
  });

  it('abnormal-operations ends on removedOn, capped at P3Y, maximum when absent', () => {
    expect(publicityWindow(versions, 'abnormal-operations', decided, { removedOn: '2026-09-01' }).end).toBe('2026-09-01');
    expect(publicityWindow(versions, 'abnormal-operations', decided, { removedOn: '2035-01-01' }).end).toBe('2029-06-01');
    expect(publicityWindow(versions, 'abnormal-operations', decided, {}).end).toBe('2029-06-01');
    expect(policy.windowFor('abnormal-operations', decided, {}).end).toBe('2029-06-01');
  });

  it('an end field before the decision date gives an empty window starting and ending on the decision date', () => {
    const w = publicityWindow(versions, 'judgment-default', decided, { until: '2025-01-01' });
    expect(w.end).toBe(decided);
    expect(isPublicOn(w, decided)).toBe(false);
  });

  it('serious-list: minimum P1Y, capped at P3Y', () => {
    const w = publicityWindow(versions, 'serious-list', decided, { until: '2030-01-01' });
    expect(w).toMatchObject({ minimumEnd: '2027-06-01', end: '2029-06-01', repairable: true });
  });

  it('a licence (no maximum) stays public through validUntil, and is indefinite without it', () => {
    expect(publicityWindow(versions, 'licence', decided, { validUntil: '2031-12-31' }).end).toBe('2032-01-01');
    const open = publicityWindow(versions, 'licence', decided, {});
    expect(open).toMatchObject({ published: true, start: decided, end: null });
    expect(isPublicOn(open, '2099-01-01')).toBe(true);
  });

  it('registration is indefinite and never repairable', () => {
    const w = publicityWindow(versions, 'registration', '2015-03-02');
    expect(w).toMatchObject({ published: true, start: '2015-03-02', end: null, minimumEnd: null, repairable: false });
    expect(isPublicOn(w, '2200-01-01')).toBe(true);
    expect(isPublicOn(w, '2015-03-01')).toBe(false);
  });
});

describe('isPublicOn', () => {
  it('is public from the start to the day before the end; the end is exclusive', () => {
    const w = publicityWindow(versions, 'penalty-general', '2026-06-01');
    expect(w.end).toBe('2027-06-01');
    expect(isPublicOn(w, '2026-05-31')).toBe(false);
    expect(isPublicOn(w, '2026-06-01')).toBe(true);
    expect(isPublicOn(w, '2026-12-31')).toBe(true);
    expect(isPublicOn(w, '2027-05-31')).toBe(true);
    expect(isPublicOn(w, '2027-06-01')).toBe(false);
    expect(isPublicOn(w, '2028-01-01')).toBe(false);
  });

  it('an unpublished window is never public', () => {
    expect(isPublicOn({ published: false, start: '2026-01-01', end: null }, '2026-06-01')).toBe(false);
    expect(isPublicOn({ published: true, start: null, end: null }, '2026-06-01')).toBe(false);
  });
});
