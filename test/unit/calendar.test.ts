// The working-day calendar, on the shipped pack's data (policy/cn-national/calendar.yaml) and on
// small synthetic calendars.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WorkingCalendar } from '../../src/domain/calendar.ts';
import { addDays, dayOfWeek } from '../../src/domain/dates.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';

const PACK = resolve(import.meta.dirname, '../../policy/cn-national');
let cal: WorkingCalendar;

beforeAll(() => {
  cal = loadPolicyPack(PACK).calendar;
});

describe('isWorkingDay on the 2026 calendar', () => {
  it('National Day: 1-7 October off, the make-up Saturday 10 October worked', () => {
    for (let d = '2026-10-01'; d <= '2026-10-07'; d = addDays(d, 1)) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay('2026-09-30')).toBe(true);
    expect(cal.isWorkingDay('2026-10-08')).toBe(true);
    expect(cal.isWorkingDay('2026-10-09')).toBe(true);
    expect(dayOfWeek('2026-10-10')).toBe(6);
    expect(cal.isWorkingDay('2026-10-10')).toBe(true);
    expect(cal.isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
  });

  it('Mid-Autumn: Friday 25 September off, Sunday 20 September worked', () => {
    expect(cal.isWorkingDay('2026-09-25')).toBe(false);
    expect(dayOfWeek('2026-09-20')).toBe(0);
    expect(cal.isWorkingDay('2026-09-20')).toBe(true);
  });

  it('Spring Festival: 15-23 February off, Saturdays 14 and 28 February worked', () => {
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addDays(d, 1)) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
    expect(cal.isWorkingDay('2026-02-21')).toBe(false);
  });

  it('ordinary weekdays work, ordinary weekends do not', () => {
    expect(cal.isWorkingDay('2026-11-20')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2026-11-23')).toBe(true); // Monday
  });
});

describe('addWorkingDays', () => {
  it('2026-09-30 + 3 working days = 2026-10-10, the make-up Saturday', () => {
    expect(cal.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
  });

  it('counts through National Day 2026 day by day', () => {
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-09-30', 2)).toBe('2026-10-09');
    expect(cal.addWorkingDays('2026-09-30', 4)).toBe('2026-10-12');
    expect(cal.addWorkingDays('2026-10-01', 1)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-09-24', 1)).toBe('2026-09-28'); // skips the Mid-Autumn Friday and the weekend
    expect(cal.addWorkingDays('2026-09-18', 1)).toBe('2026-09-20'); // Friday to the make-up Sunday
  });

  it('counts through Spring Festival 2026', () => {
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(cal.addWorkingDays('2026-02-12', 3)).toBe('2026-02-24');
    expect(cal.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
    expect(cal.addWorkingDays('2026-02-15', 1)).toBe('2026-02-24');
    expect(cal.addWorkingDays('2026-02-27', 1)).toBe('2026-02-28');
    expect(cal.addWorkingDays('2026-02-28', 1)).toBe('2026-03-02');
    expect(cal.addWorkingDays('2026-02-13', 10)).toBe('2026-03-05'); // 14, 24-28 Feb, 2-5 Mar
  });

  it('counts through the extended 2020 Spring Festival', () => {
    expect(cal.addWorkingDays('2020-01-23', 1)).toBe('2020-02-03');
  });

  it('across ordinary weekends: Friday + 3 is Wednesday, weekend days step to Monday', () => {
    expect(cal.addWorkingDays('2026-11-20', 3)).toBe('2026-11-25');
    expect(cal.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(cal.addWorkingDays('2026-11-21', 1)).toBe('2026-11-23');
    expect(cal.addWorkingDays('2026-11-22', 1)).toBe('2026-11-23');
    expect(cal.addWorkingDays('2026-11-16', 5)).toBe('2026-11-23');
    expect(cal.addWorkingDays('2026-11-20', 10)).toBe('2026-12-04');
  });

  it('crosses New Year into a year the pack does not cover (weekends only there)', () => {
    expect(cal.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01'); // a Friday, no 2027 holidays known
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04'); // 1-3 January 2026 off, Sunday 4 January worked
  });

  it('n = 0 gives the day itself when it is a working day, otherwise the next working day', () => {
    expect(cal.addWorkingDays('2026-11-20', 0)).toBe('2026-11-20');
    expect(cal.addWorkingDays('2026-11-21', 0)).toBe('2026-11-23');
    expect(cal.addWorkingDays('2026-10-01', 0)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-10-10', 0)).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-02-15', 0)).toBe('2026-02-24');
  });

  it('rejects a negative number of days', () => {
    expect(() => cal.addWorkingDays('2026-11-20', -1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after `from` up to and including `to`', () => {
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-09')).toBe(2);
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-07')).toBe(0);
    expect(cal.workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5);
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-28')).toBe(6);
  });

  it('is 0 when `to` is not after `from`', () => {
    expect(cal.workingDaysBetween('2026-11-20', '2026-11-20')).toBe(0);
    expect(cal.workingDaysBetween('2026-11-27', '2026-11-20')).toBe(0);
  });
});

describe('covers', () => {
  it('reports the years with published holidays', () => {
    for (const y of [2020, 2021, 2022, 2023, 2024, 2025, 2026]) expect(cal.covers(`${y}-06-15`), String(y)).toBe(true);
    expect(cal.covers('2019-12-31')).toBe(false);
    expect(cal.covers('2027-01-01')).toBe(false);
  });
});

describe('property: addWorkingDays and workingDaysBetween agree', () => {
  const date = fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('the result is a working day n working days later, and the day before it is n - 1', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 40 }), (from, n) => {
        const due = cal.addWorkingDays(from, n);
        expect(due > from).toBe(true);
        expect(cal.isWorkingDay(due)).toBe(true);
        expect(cal.workingDaysBetween(from, due)).toBe(n);
        expect(cal.workingDaysBetween(from, addDays(due, -1))).toBe(n - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('n = 0 is the first working day on or after the date', () => {
    fc.assert(
      fc.property(date, (from) => {
        const d = cal.addWorkingDays(from, 0);
        expect(d >= from).toBe(true);
        expect(cal.isWorkingDay(d)).toBe(true);
        expect(cal.workingDaysBetween(from, addDays(d, -1))).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('WorkingCalendar on synthetic data', () => {
  it('a make-up day wins over a holiday that lists the same date', () => {
    const c = new WorkingCalendar({ holidays: ['2026-06-06'], workingWeekends: ['2026-06-06'], coveredYears: [2026], weekend: [0, 6] });
    expect(c.isWorkingDay('2026-06-06')).toBe(true);
  });

  it('uses the configured weekend (Friday and Saturday)', () => {
    const c = new WorkingCalendar({ holidays: [], workingWeekends: [], coveredYears: [], weekend: [5, 6] });
    expect(c.isWorkingDay('2026-11-20')).toBe(false); // Friday
    expect(c.isWorkingDay('2026-11-22')).toBe(true); // Sunday
    expect(c.addWorkingDays('2026-11-19', 1)).toBe('2026-11-22');
    expect(c.covers('2026-01-01')).toBe(false);
  });

  it('a weekday holiday is not a working day', () => {
    const c = new WorkingCalendar({ holidays: ['2026-11-18'], workingWeekends: [], coveredYears: [2026], weekend: [0, 6] });
    expect(c.isWorkingDay('2026-11-18')).toBe(false);
    expect(c.addWorkingDays('2026-11-17', 1)).toBe('2026-11-19');
    expect(c.workingDaysBetween('2026-11-16', '2026-11-20')).toBe(3);
  });
});
