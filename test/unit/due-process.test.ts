// Due process (src/domain/due-process.ts) with the shipped pack's calendar and rule versions:
// working-day deadlines across holidays and make-up days (notices, objections, repair), the
// repair conditions by publicity class and rule version (2019 notice, Order 58, Order 36), and
// who may decide what.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, type IsoDate } from '../../src/domain/dates.ts';
import {
  OBJECTION_STATES,
  REPAIR_STATES,
  canApplyForRepair,
  canDecideObjection,
  canDecideRepair,
  isOverdue,
  objectionDeadline,
  repairDecideBy,
  standingToObject,
  type ObjectionTargetFacts,
  type ObjectionOutcome,
  type ObjectionState,
  type RepairInput,
  type RepairTargetFacts,
  type TargetType,
} from '../../src/domain/due-process.ts';
import { proposeEntry, repairPossibleFrom, transition, type ListAction, type ListEntry } from '../../src/domain/lists.ts';
import { publicityWindow } from '../../src/domain/publicity.ts';
import type { WorkingCalendar } from '../../src/domain/calendar.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import type { Policy } from '../../src/domain/policy/policy.ts';

const PACK = resolve(import.meta.dirname, '../../policy/cn-national');
let policy: Policy;
let cal: WorkingCalendar;

beforeAll(() => {
  policy = loadPolicyPack(PACK);
  cal = policy.calendar;
});

const ORDER_36 = 'ndrc-order-36-2025';
const ORDER_58 = 'ndrc-order-58-2023';
const NOTICE_2019 = 'ndrc-notice-2019-527';

const GOOD_INPUT: RepairInput = {
  evidence: ['fine paid: receipt 2026-0001', 'rectification report accepted'],
  commitment: { text: 'We commit to keep the law and accept liability for any false statement.', signatory: 'Zhang San, legal representative' },
};

function facts(over: Partial<RepairTargetFacts> = {}): RepairTargetFacts {
  return { repairable: true, active: true, possibleFrom: null, pending: false, what: 'record rec_1 (京市监罚〔2026〕1号)', ...over };
}

// ---------------------------------------------------------------- notice deadlines
describe('notice deadlines in working days (list notify, 10 working days, real calendar)', () => {
  function noticeDeadline(servedOn: IsoDate): IsoDate {
    const def = policy.list('samr-serious-illegal')!;
    const e = proposeEntry({ entryId: 'e', def, subjectKey: 's', decidingAgency: 'a', basisRecords: ['r'], today: servedOn });
    const t = transition(e, { type: 'notify', facts: 'facts, basis, rights' }, { today: servedOn, def, calendar: cal });
    if (!t.ok) throw new Error(t.refusal.message);
    return t.entry.noticeDeadline!;
  }

  it.each<[string, IsoDate, IsoDate]>([
    // 09-30 (1); 10-01..07 National Day; 10-08 (2), 10-09 (3), Sat 10-10 make-up (4), 10-12..16 (5-9), Mon 10-19 (10)
    ['a Tuesday before National Day', '2026-09-29', '2026-10-19'],
    // an ordinary Friday: the weekend is skipped, two full weeks
    ['an ordinary Friday', '2026-03-06', '2026-03-20'],
    // Fri 09-18: Sun 09-20 make-up (1), 09-21..24 (2-5), 09-25..27 Mid-Autumn, 09-28..30 (6-8), National Day, 10-08 (9), 10-09 (10)
    ['a Friday before the Sunday make-up day, Mid-Autumn and National Day', '2026-09-18', '2026-10-09'],
    // served on a holiday: counting starts with the first working day after it
    ['National Day itself (Thursday 10-01)', '2026-10-01', '2026-10-20'],
    ['a Saturday inside the National Day holiday', '2026-10-03', '2026-10-20'],
    ['the last day of the holiday', '2026-10-07', '2026-10-20'],
    // served on the make-up Saturday: it is the service day and does not count
    ['the make-up Saturday 10-10', '2026-10-10', '2026-10-23'],
    // Spring Festival: Sat 02-14 make-up, 02-15..23 off, Sat 02-28 make-up
    ['Friday before Spring Festival', '2026-02-13', '2026-03-05'],
    // 02-24..27 (1-4), Sat 02-28 (5), 03-02..06 (6-10)
    ['inside Spring Festival', '2026-02-18', '2026-03-06'],
  ])('served on %s (%s) → deadline %s', (_what, servedOn, deadline) => {
    expect(noticeDeadline(servedOn)).toBe(deadline);
    expect(cal.isWorkingDay(deadline)).toBe(true);
    expect(cal.workingDaysBetween(servedOn, deadline)).toBe(10);
    expect(cal.workingDaysBetween(servedOn, addDays(deadline, -1))).toBe(9);
  });

  it('the deadline of a notice served on 2026-09-29 falls on a Monday, three weeks later in calendar days', () => {
    expect(dayOfWeek('2026-10-19')).toBe(1);
  });
});

// ---------------------------------------------------------------- objections
describe('objection deadlines', () => {
  it('the rule versions give the deciding authority 15 (baseline, 2019), 10 (Order 58) and 10 (Order 36) working days', () => {
    expect(policy.ruleVersionOn('2019-09-01').id).toBe(NOTICE_2019);
    expect(policy.ruleVersionOn('2019-09-01').objectionDeadlines.decidingAuthorityWorkingDays).toBe(15);
    expect(policy.ruleVersionOn('2026-03-31').id).toBe(ORDER_58);
    expect(policy.ruleVersionOn('2026-03-31').objectionDeadlines.decidingAuthorityWorkingDays).toBe(10);
    expect(policy.ruleVersionOn('2026-04-01').id).toBe(ORDER_36);
    expect(policy.ruleVersionOn('2026-04-01').objectionDeadlines.decidingAuthorityWorkingDays).toBe(10);
  });

  it.each<[string, IsoDate, IsoDate]>([
    // Order 36, 10 working days across National Day 2026
    ['filed before National Day 2026', '2026-09-29', '2026-10-19'],
    // Order 58, 10 working days across Spring Festival 2026: 02-13 (1), Sat 02-14 (2), 02-24..27 (3-6), Sat 02-28 (7), 03-02..04 (8-10)
    ['filed before Spring Festival 2026', '2026-02-12', '2026-03-04'],
    // 2019 notice, 15 working days across National Day 2020 (10-01..08 off, Sat 10-10 worked)
    // 09-29 (1), 09-30 (2), 10-09 (3), Sat 10-10 (4), 10-12..16 (5-9), 10-19..23 (10-14), 10-26 (15)
    ['filed before National Day 2020', '2020-09-28', '2020-10-26'],
    // filed on a holiday (New Year 2026: 01-01..03 off, Sunday 01-04 worked):
    // Sun 01-04 (1), 01-05..09 (2-6), 01-12..15 (7-10)
    ['filed on New Year 2026', '2026-01-01', '2026-01-15'],
  ])('%s (%s) → %s, under the version in force on the filing day', (_what, filedOn, deadline) => {
    const days = policy.ruleVersionOn(filedOn).objectionDeadlines.decidingAuthorityWorkingDays;
    expect(objectionDeadline(cal, filedOn, days)).toBe(deadline);
    expect(cal.workingDaysBetween(filedOn, deadline)).toBe(days);
  });

  it('filed on the day before a holiday, the deadline is a working day after it', () => {
    // 2025-12-31 Wed: Sun 01-04 (1), 01-05..09 (2-6)
    expect(objectionDeadline(cal, '2025-12-31', 6)).toBe('2026-01-09');
    expect(objectionDeadline(cal, '2025-12-31', 1)).toBe('2026-01-04');
  });

  it('isOverdue: only an open objection, only after the deadline day', () => {
    const deadline = '2026-10-19';
    expect(isOverdue({ state: 'open', deadline }, '2026-10-18')).toBe(false);
    expect(isOverdue({ state: 'open', deadline }, deadline)).toBe(false);
    expect(isOverdue({ state: 'open', deadline }, '2026-10-20')).toBe(true);
    for (const state of OBJECTION_STATES.filter((s) => s !== 'open')) {
      expect(isOverdue({ state, deadline }, '2027-01-01'), state).toBe(false);
    }
  });

  const OUTCOMES: ObjectionOutcome[] = ['maintained', 'corrected', 'withdrawn'];
  const TARGETS: TargetType[] = ['record', 'list-entry'];
  // prettier-ignore
  const DECIDE: Array<[ObjectionState, TargetType, ObjectionOutcome, 'ok' | 'wrong-state' | 'invalid']> = [
    ['open',       'record',     'maintained', 'ok'],
    ['open',       'record',     'corrected',  'ok'],
    ['open',       'record',     'withdrawn',  'ok'],
    ['open',       'list-entry', 'maintained', 'ok'],
    ['open',       'list-entry', 'corrected',  'invalid'],
    ['open',       'list-entry', 'withdrawn',  'ok'],
    ['maintained', 'record',     'maintained', 'wrong-state'],
    ['maintained', 'record',     'corrected',  'wrong-state'],
    ['maintained', 'record',     'withdrawn',  'wrong-state'],
    ['maintained', 'list-entry', 'maintained', 'wrong-state'],
    ['maintained', 'list-entry', 'corrected',  'wrong-state'],
    ['maintained', 'list-entry', 'withdrawn',  'wrong-state'],
    ['corrected',  'record',     'maintained', 'wrong-state'],
    ['corrected',  'record',     'corrected',  'wrong-state'],
    ['corrected',  'record',     'withdrawn',  'wrong-state'],
    ['corrected',  'list-entry', 'maintained', 'wrong-state'],
    ['corrected',  'list-entry', 'corrected',  'wrong-state'],
    ['corrected',  'list-entry', 'withdrawn',  'wrong-state'],
    ['withdrawn',  'record',     'maintained', 'wrong-state'],
    ['withdrawn',  'record',     'corrected',  'wrong-state'],
    ['withdrawn',  'record',     'withdrawn',  'wrong-state'],
    ['withdrawn',  'list-entry', 'maintained', 'wrong-state'],
    ['withdrawn',  'list-entry', 'corrected',  'wrong-state'],
    ['withdrawn',  'list-entry', 'withdrawn',  'wrong-state'],
  ];

  it('the canDecideObjection table covers every state x target x outcome', () => {
    expect(DECIDE.length).toBe(OBJECTION_STATES.length * TARGETS.length * OUTCOMES.length);
    expect(new Set(DECIDE.map(([s, t, o]) => `${s}|${t}|${o}`)).size).toBe(DECIDE.length);
  });

  it.each(DECIDE)('canDecideObjection: %s objection on a %s, outcome %s → %s', (state, type, outcome, expected) => {
    const c = canDecideObjection({ state, target: { type, id: 'x' } }, outcome);
    if (expected === 'ok') expect(c).toEqual({ ok: true });
    else {
      expect(c.ok).toBe(false);
      if (!c.ok) {
        expect(c.code).toBe(expected);
        expect(c.possibleFrom).toBeUndefined();
        if (expected === 'wrong-state') expect(c.message).toContain(state);
      }
    }
  });
});

// ---------------------------------------------------------------- repair deadlines
describe('repairDecideBy (platform + deciding authority working days)', () => {
  it('Order 36 gives 10 + 3 working days, Order 58 2 + 5, the 2019 notice 5 + 5', () => {
    expect(policy.ruleVersionOn('2026-04-01').repairDeadlines).toMatchObject({ platformWorkingDays: 10, decidingAuthorityWorkingDays: 3 });
    expect(policy.ruleVersionOn('2026-03-31').repairDeadlines).toMatchObject({ platformWorkingDays: 2, decidingAuthorityWorkingDays: 5 });
    expect(policy.ruleVersionOn('2020-01-01').repairDeadlines).toMatchObject({ platformWorkingDays: 5, decidingAuthorityWorkingDays: 5 });
  });

  // Spring Festival 2026: Sat 02-14 worked, 02-15..23 off, Sat 02-28 worked.
  it.each<[string, IsoDate, IsoDate]>([
    // 02-13 (1), Sat 02-14 (2), 02-24..27 (3-6), Sat 02-28 (7), 03-02..06 (8-12), Mon 03-09 (13)
    ['Thursday before the festival', '2026-02-12', '2026-03-09'],
    // Sat 02-14 (1), 02-24..27 (2-5), Sat 02-28 (6), 03-02..06 (7-11), 03-09 (12), 03-10 (13)
    ['Friday before the festival', '2026-02-13', '2026-03-10'],
    // applied on the make-up Saturday itself: it does not count
    ['the make-up Saturday 02-14', '2026-02-14', '2026-03-11'],
    ['the first day of the festival', '2026-02-15', '2026-03-11'],
    ['the last day of the festival', '2026-02-23', '2026-03-11'],
    // 02-25..27 (1-3), Sat 02-28 (4), 03-02..06 (5-9), 03-09..12 (10-13)
    ['the first working day after it', '2026-02-24', '2026-03-12'],
  ])('Order 36 deadlines, applied %s (%s) → %s', (_what, appliedOn, decideBy) => {
    const d = policy.ruleVersions.find((v) => v.id === ORDER_36)!.repairDeadlines;
    expect(repairDecideBy(cal, appliedOn, d)).toBe(decideBy);
    expect(cal.workingDaysBetween(appliedOn, decideBy)).toBe(13);
  });

  it('Order 36 across National Day 2026: applied 2026-09-29 → 13 working days → 2026-10-22', () => {
    expect(repairDecideBy(cal, '2026-09-29', { platformWorkingDays: 10, decidingAuthorityWorkingDays: 3 })).toBe('2026-10-22');
  });

  it('in February 2026 Order 58 was still in force: 7 working days end on the make-up Saturday 02-28', () => {
    const v = policy.ruleVersionOn('2026-02-12');
    expect(v.id).toBe(ORDER_58);
    expect(repairDecideBy(cal, '2026-02-12', v.repairDeadlines)).toBe('2026-02-28');
    expect(dayOfWeek('2026-02-28')).toBe(6);
  });

  it('the split between platform and authority does not matter, only the sum', () => {
    expect(repairDecideBy(cal, '2026-02-12', { platformWorkingDays: 3, decidingAuthorityWorkingDays: 10 })).toBe('2026-03-09');
  });

  it.each(REPAIR_STATES)('canDecideRepair on a %s application', (state) => {
    const c = canDecideRepair({ state });
    if (state === 'pending') expect(c).toEqual({ ok: true });
    else expect(c).toMatchObject({ ok: false, code: 'wrong-state' });
  });
});

// ---------------------------------------------------------------- repair conditions by class and rule version
describe('repair of penalty records: the first day repair can be applied for', () => {
  // [class, decision date, rule version, minimumEnd]
  // prettier-ignore
  const ROWS: Array<[string, IsoDate, string, IsoDate]> = [
    // 2019 notice (2019-07-01 .. 2023-04-30): general P3M, serious P6M
    ['penalty-general', '2020-03-15', NOTICE_2019, '2020-06-15'],
    ['penalty-serious', '2020-03-15', NOTICE_2019, '2020-09-15'],
    ['penalty-general', '2019-07-01', NOTICE_2019, '2019-10-01'],
    ['penalty-serious', '2019-07-01', NOTICE_2019, '2020-01-01'],
    ['penalty-general', '2023-04-30', NOTICE_2019, '2023-07-30'],
    ['penalty-serious', '2023-04-30', NOTICE_2019, '2023-10-30'],
    // Order 58 (2023-05-01 .. 2026-03-31): general P3M, serious P1Y
    ['penalty-general', '2023-05-01', ORDER_58, '2023-08-01'],
    ['penalty-serious', '2023-05-01', ORDER_58, '2024-05-01'],
    ['penalty-general', '2024-02-29', ORDER_58, '2024-05-29'],
    ['penalty-serious', '2024-02-29', ORDER_58, '2025-02-28'], // leap day + 1 year clamps to 28 February
    ['penalty-general', '2025-11-30', ORDER_58, '2026-02-28'], // 30 November + 3 months clamps to 28 February
    ['penalty-serious', '2025-11-30', ORDER_58, '2026-11-30'],
    ['penalty-general', '2026-03-31', ORDER_58, '2026-06-30'],
    ['penalty-serious', '2026-03-31', ORDER_58, '2027-03-31'],
    // Order 36 (from 2026-04-01): general P3M, serious P1Y
    ['penalty-general', '2026-04-01', ORDER_36, '2026-07-01'],
    ['penalty-serious', '2026-04-01', ORDER_36, '2027-04-01'],
    ['penalty-general', '2026-09-29', ORDER_36, '2026-12-29'],
    ['penalty-serious', '2026-09-29', ORDER_36, '2027-09-29'],
  ];

  it.each(ROWS)('%s decided %s (%s): repair from %s', (cls, decided, version, minimumEnd) => {
    const w = publicityWindow(policy.ruleVersions, cls, decided);
    expect(w.ruleVersion).toBe(version);
    expect(w.repairable).toBe(true);
    expect(w.published).toBe(true);
    expect(w.minimumEnd).toBe(minimumEnd);
    expect(w.end! > minimumEnd).toBe(true);
    const f = facts({ repairable: w.repairable, possibleFrom: w.minimumEnd });

    for (const early of [decided, addDays(minimumEnd, -1)]) {
      const c = canApplyForRepair(f, GOOD_INPUT, early);
      expect(c, early).toMatchObject({ ok: false, code: 'too-early', possibleFrom: minimumEnd });
      if (!c.ok) expect(c.message).toContain(minimumEnd);
    }
    expect(canApplyForRepair(f, GOOD_INPUT, minimumEnd)).toEqual({ ok: true });
    expect(canApplyForRepair(f, GOOD_INPUT, addDays(minimumEnd, 1))).toEqual({ ok: true });
    expect(canApplyForRepair(f, GOOD_INPUT, addDays(w.end!, -1))).toEqual({ ok: true });
  });

  it('through the catalogue items too (Policy.windowFor)', () => {
    expect(policy.windowFor('administrative-penalty-serious', '2020-03-15', {}).minimumEnd).toBe('2020-09-15');
    expect(policy.windowFor('administrative-penalty-serious', '2024-03-15', {}).minimumEnd).toBe('2025-03-15');
    expect(policy.windowFor('administrative-penalty-serious', '2026-05-15', {}).minimumEnd).toBe('2027-05-15');
    expect(policy.windowFor('administrative-penalty-general', '2026-05-15', {}).minimumEnd).toBe('2026-08-15');
  });

  it('the serious-class minimum doubled when Order 58 took effect: decided a day apart, repair half a year apart', () => {
    const before = publicityWindow(policy.ruleVersions, 'penalty-serious', '2023-04-30').minimumEnd!;
    const after = publicityWindow(policy.ruleVersions, 'penalty-serious', '2023-05-01').minimumEnd!;
    expect([before, after]).toEqual(['2023-10-30', '2024-05-01']);
  });
});

describe('classes that are not repairable', () => {
  // prettier-ignore
  const ROWS: Array<[string, IsoDate, string]> = [
    ['penalty-minor',    '2020-03-15', NOTICE_2019],
    ['penalty-minor',    '2024-03-15', ORDER_58],
    ['penalty-minor',    '2026-05-15', ORDER_36],
    ['registration',     '2020-03-15', NOTICE_2019],
    ['registration',     '2024-03-15', ORDER_58],
    ['registration',     '2026-05-15', ORDER_36],
    ['judgment-default', '2020-03-15', NOTICE_2019],
    ['judgment-default', '2024-03-15', ORDER_58],
    ['judgment-default', '2026-05-15', ORDER_36],
  ];

  it.each(ROWS)('%s decided %s (%s) → not-repairable, whatever the day and the input', (cls, decided, version) => {
    const w = publicityWindow(policy.ruleVersions, cls, decided, { until: '2030-01-01' });
    expect(w.ruleVersion).toBe(version);
    expect(w.repairable).toBe(false);
    const f = facts({ repairable: w.repairable, possibleFrom: w.minimumEnd, what: `a ${cls} record` });
    for (const day of [decided, addDays(decided, 400), '2035-01-01']) {
      const c = canApplyForRepair(f, GOOD_INPUT, day);
      expect(c, day).toMatchObject({ ok: false, code: 'not-repairable' });
      if (!c.ok) {
        expect(c.message).toContain(cls);
        expect(c.possibleFrom).toBeUndefined();
      }
    }
  });

  it('penalty-minor is never published at all under any version', () => {
    for (const d of ['2020-03-15', '2024-03-15', '2026-05-15']) expect(publicityWindow(policy.ruleVersions, 'penalty-minor', d).published).toBe(false);
  });
});

describe('canApplyForRepair: the other conditions', () => {
  const READY = '2027-01-01';
  const f = () => facts({ possibleFrom: '2026-12-01' });

  it.each<[string, RepairInput['commitment']]>([
    ['no text', { text: '', signatory: 'Zhang San' }],
    ['blank text', { text: '  \n ', signatory: 'Zhang San' }],
    ['no signatory', { text: 'We commit.', signatory: '' }],
    ['blank signatory', { text: 'We commit.', signatory: '\t' }],
    ['neither', { text: '', signatory: '' }],
  ])('commitment with %s → commitment-required', (_w, commitment) => {
    expect(canApplyForRepair(f(), { ...GOOD_INPUT, commitment }, READY)).toMatchObject({ ok: false, code: 'commitment-required' });
  });

  it.each<[string, string[]]>([
    ['no evidence', []],
    ['only blank evidence', ['', '   ', '\n']],
  ])('%s → evidence-required', (_w, evidence) => {
    expect(canApplyForRepair(f(), { ...GOOD_INPUT, evidence }, READY)).toMatchObject({ ok: false, code: 'evidence-required' });
  });

  it('one real piece of evidence among blanks is enough', () => {
    expect(canApplyForRepair(f(), { ...GOOD_INPUT, evidence: ['', 'receipt'] }, READY)).toEqual({ ok: true });
  });

  it('an application already pending → already-pending', () => {
    expect(canApplyForRepair(facts({ pending: true }), GOOD_INPUT, READY)).toMatchObject({ ok: false, code: 'already-pending' });
  });

  it('no longer public or listed → nothing-to-repair', () => {
    expect(canApplyForRepair(facts({ active: false }), GOOD_INPUT, READY)).toMatchObject({ ok: false, code: 'nothing-to-repair' });
  });

  it('no minimum period (possibleFrom null) → any day', () => {
    expect(canApplyForRepair(facts({ possibleFrom: null }), GOOD_INPUT, '2000-01-01')).toEqual({ ok: true });
  });

  // Which condition is reported when several fail: the most fundamental first.
  // prettier-ignore
  const PRECEDENCE: Array<[string, Partial<RepairTargetFacts>, Partial<RepairInput>, IsoDate, string]> = [
    ['everything wrong',                  { repairable: false, active: false, pending: true, possibleFrom: '2030-01-01' }, { evidence: [], commitment: { text: '', signatory: '' } }, READY, 'not-repairable'],
    ['repairable, all else wrong',        { active: false, pending: true, possibleFrom: '2030-01-01' },                  { evidence: [], commitment: { text: '', signatory: '' } }, READY, 'nothing-to-repair'],
    ['active, pending, early, no input',  { pending: true, possibleFrom: '2030-01-01' },                                 { evidence: [], commitment: { text: '', signatory: '' } }, READY, 'already-pending'],
    ['early, no input',                   { possibleFrom: '2030-01-01' },                                                { evidence: [], commitment: { text: '', signatory: '' } }, READY, 'too-early'],
    ['no commitment, no evidence',        { possibleFrom: '2026-01-01' },                                                { evidence: [], commitment: { text: '', signatory: '' } }, READY, 'commitment-required'],
    ['no evidence',                       { possibleFrom: '2026-01-01' },                                                { evidence: [] },                                          READY, 'evidence-required'],
  ];
  it.each(PRECEDENCE)('%s → %s', (_w, factsOver, inputOver, today, code) => {
    const c = canApplyForRepair(facts(factsOver), { ...GOOD_INPUT, ...inputOver }, today);
    expect(c).toMatchObject({ ok: false, code });
    if (!c.ok) expect(c.possibleFrom === undefined).toBe(code !== 'too-early');
  });
});

describe('repair of list entries', () => {
  function listedEntry(code: string, listedOn: IsoDate): ListEntry {
    const def = policy.list(code)!;
    let e: ListEntry = proposeEntry({ entryId: 'e', def, subjectKey: 's', decidingAgency: 'a', basisRecords: ['r'], today: listedOn });
    const steps: ListAction[] = [
      { type: 'notify', facts: 'facts' },
      { type: 'statement', statement: 'statement' },
      { type: 'decide', outcome: 'add', reasons: 'reasons' },
    ];
    for (const a of def.notice.required ? steps : steps.slice(2)) {
      // A court's list takes its decision as filed: the entry stands on a decision of that day.
      const t = transition(e, a, { today: listedOn, def, calendar: cal, decision: { decidedOn: listedOn, listedOn } });
      if (!t.ok) throw new Error(t.refusal.message);
      e = t.entry;
    }
    return e;
  }

  it.each<[string, IsoDate]>([
    ['samr-serious-illegal', '2027-09-29'],
    ['major-tax-violators', '2027-03-29'],
    ['procurement-serious-violations', '2027-09-29'],
    ['wage-arrears', '2027-09-29'],
    ['safety-production-serious', '2027-09-29'],
  ])('%s listed 2026-09-29: too early the day before %s, possible on it', (code, from) => {
    const def = policy.list(code)!;
    const e = listedEntry(code, '2026-09-29');
    expect(repairPossibleFrom(def, e)).toBe(from);
    const f = facts({ repairable: def.repairable, possibleFrom: repairPossibleFrom(def, e), what: `entry on ${code}` });
    expect(canApplyForRepair(f, GOOD_INPUT, addDays(from, -1))).toMatchObject({ ok: false, code: 'too-early', possibleFrom: from });
    expect(canApplyForRepair(f, GOOD_INPUT, from)).toEqual({ ok: true });
  });

  it.each(['dishonest-judgment-defaulters', 'abnormal-operations', 'a-grade-taxpayers', 'contract-keeping-enterprises'])(
    '%s: no repair (repairPossibleFrom null, not-repairable)',
    (code) => {
      const def = policy.list(code)!;
      const e = listedEntry(code, '2026-09-29');
      expect(repairPossibleFrom(def, e)).toBeNull();
      expect(canApplyForRepair(facts({ repairable: def.repairable, possibleFrom: null }), GOOD_INPUT, '2028-01-01')).toMatchObject({
        ok: false,
        code: 'not-repairable',
      });
    },
  );
});

// ---------------------------------------------------------------- who may object
// An objection marks a record disputed in public and must be decided, so only those with a
// legal interest may file one: the subject concerned, the deciding agency (its own review), and
// the agency kinds the pack states a legal interest for, with its basis. No one else.
describe('standing to object', () => {
  function target(item: string, over: Partial<ObjectionTargetFacts> = {}): ObjectionTargetFacts {
    return { subjectKey: 'S', decidingAgency: 'court-hangzhou', standing: policy.item(item)?.objectionStanding ?? [], what: `a record of ${item}`, ...over };
  }

  it('the subject concerned, about its own records only', () => {
    expect(standingToObject({ type: 'subject', subjectKey: 'S' }, target('administrative-penalty-general')).ok).toBe(true);
    const other = standingToObject({ type: 'subject', subjectKey: 'T' }, target('administrative-penalty-general'));
    expect(other).toMatchObject({ ok: false, code: 'no-standing' });
  });

  it('the deciding agency, reviewing its own decision', () => {
    expect(standingToObject({ type: 'agency', code: 'court-hangzhou', kind: 'court' }, target('administrative-penalty-general')).ok).toBe(true);
  });

  it('an agency of a kind the pack gives a legal interest in records of the item, with its legal basis; no other kind', () => {
    const standing = policy.item('contract-default-government')!.objectionStanding!;
    expect(standing).toEqual([expect.objectContaining({ agencyKinds: ['development-reform'], legalBasis: [expect.objectContaining({ reference: '国发〔2016〕76号' })] })]);
    expect(standingToObject({ type: 'agency', code: 'ndrc-zj', kind: 'development-reform' }, target('contract-default-government')).ok).toBe(true);
    const tax = standingToObject({ type: 'agency', code: 'tax-zj', kind: 'tax' }, target('contract-default-government'));
    expect(tax).toMatchObject({ ok: false, code: 'no-standing' });
    if (!tax.ok) expect(tax.message).toContain('development-reform');
  });

  it('an unrelated agency has none, even of the deciding kind', () => {
    for (const objector of [
      { type: 'agency' as const, code: 'samr-ningbo', kind: 'market-regulation' },
      { type: 'agency' as const, code: 'ndrc-zj', kind: 'development-reform' },
    ]) {
      const r = standingToObject(objector, target('administrative-penalty-general', { decidingAgency: 'samr-hangzhou' }));
      expect(r, objector.code).toMatchObject({ ok: false, code: 'no-standing' });
    }
  });

  it('nor does an administrator or auditor', () => {
    expect(standingToObject({ type: 'other' }, target('administrative-penalty-general')).ok).toBe(false);
  });

  it('every standing the shipped pack states names existing agency kinds and a legal basis', () => {
    const kinds = new Set(policy.agencyKinds.map((k) => k.code));
    const all = [...policy.items.flatMap((i) => i.objectionStanding ?? []), ...policy.lists.flatMap((l) => l.objectionStanding ?? [])];
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      for (const k of s.agencyKinds) expect(kinds.has(k), k).toBe(true);
      expect(s.legalBasis.length).toBeGreaterThan(0);
      expect(s.interest.trim()).not.toBe('');
    }
  });
});
