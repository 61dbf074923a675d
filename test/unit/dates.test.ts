// Calendar-date arithmetic on ISO strings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addPeriod,
  compareDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  isIsoDate,
  isPeriod,
  latestStartRunOutBy,
  localDate,
  parsePeriod,
  periodAtMost,
} from '../../src/domain/dates.ts';

describe('isIsoDate', () => {
  it('accepts real dates', () => {
    for (const d of ['2026-01-01', '2024-02-29', '2000-02-29', '1949-10-01', '2026-12-31']) expect(isIsoDate(d), d).toBe(true);
  });

  it('rejects impossible dates and other forms', () => {
    for (const d of [
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-1',
      '20260101',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      '',
      'yesterday',
    ]) {
      expect(isIsoDate(d), d).toBe(false);
    }
  });

  it('rejects values that are not strings', () => {
    for (const v of [20260101, null, undefined, new Date('2026-01-01'), ['2026-01-01']]) expect(isIsoDate(v)).toBe(false);
  });
});

describe('daysInMonth', () => {
  it('knows month lengths and leap years', () => {
    expect(daysInMonth(2026, 1)).toBe(31);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
});

describe('addDays, daysBetween, dayOfWeek, compareDates', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-06-01', 0)).toBe('2026-06-01');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('daysBetween is signed', () => {
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-06-10', '2026-06-01')).toBe(-9);
    expect(daysBetween('2026-06-01', '2026-06-01')).toBe(0);
  });

  it('dayOfWeek: 0 is Sunday', () => {
    expect(dayOfWeek('2026-10-01')).toBe(4); // Thursday
    expect(dayOfWeek('2026-10-10')).toBe(6); // Saturday
    expect(dayOfWeek('2026-02-15')).toBe(0); // Sunday
    expect(dayOfWeek('1949-10-01')).toBe(6); // Saturday
  });

  it('compareDates orders dates', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareDates('2026-01-02', '2026-01-01')).toBe(1);
    expect(compareDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(compareDates('2025-12-31', '2026-01-01')).toBe(-1);
  });

  it('property: addDays and daysBetween are inverse', () => {
    const date = fc
      .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const e = addDays(d, n);
        expect(isIsoDate(e)).toBe(true);
        expect(daysBetween(d, e)).toBe(n);
        expect(addDays(e, -n)).toBe(d);
      }),
    );
  });
});

describe('addMonths', () => {
  it('clamps the day to the end of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
  });

  it('crosses years both ways', () => {
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    expect(addMonths('2026-06-01', 0)).toBe('2026-06-01');
    expect(addMonths('2026-06-01', 36)).toBe('2029-06-01');
  });
});

describe('periods', () => {
  it('parsePeriod reads years, months and days', () => {
    expect(parsePeriod('P3M')).toEqual({ years: 0, months: 3, days: 0 });
    expect(parsePeriod('P1Y')).toEqual({ years: 1, months: 0, days: 0 });
    expect(parsePeriod('P10D')).toEqual({ years: 0, months: 0, days: 10 });
    expect(parsePeriod('P2Y6M3D')).toEqual({ years: 2, months: 6, days: 3 });
  });

  it('parsePeriod rejects what is not a period', () => {
    for (const p of ['P', '3M', 'P1W', 'PT1H', 'P1M1Y', 'P-1Y', 'p1y', '']) expect(() => parsePeriod(p), p).toThrow(RangeError);
  });

  it('isPeriod', () => {
    expect(isPeriod('P6M')).toBe(true);
    expect(isPeriod('P')).toBe(false);
    expect(isPeriod('P1W')).toBe(false);
    expect(isPeriod(6)).toBe(false);
  });

  it('addPeriod adds months (clamped) then days', () => {
    expect(addPeriod('2026-06-01', 'P1Y')).toBe('2027-06-01');
    expect(addPeriod('2026-06-01', 'P3M')).toBe('2026-09-01');
    expect(addPeriod('2026-08-31', 'P6M')).toBe('2027-02-28');
    expect(addPeriod('2026-06-01', 'P1Y2M3D')).toBe('2027-08-04');
    expect(addPeriod('2026-06-01', { years: 0, months: 0, days: 30 })).toBe('2026-07-01');
  });

  it('periodAtMost compares by the date each reaches', () => {
    expect(periodAtMost('P3M', 'P1Y')).toBe(true);
    expect(periodAtMost('P1Y', 'P12M')).toBe(true);
    expect(periodAtMost('P12M', 'P1Y')).toBe(true);
    expect(periodAtMost('P1Y', 'P6M')).toBe(false);
    expect(periodAtMost('P3Y', 'P2Y11M')).toBe(false);
  });
});

describe('localDate', () => {
  it('gives the local date of an instant in a time zone', () => {
    const instant = new Date('2026-03-31T16:30:00Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-04-01');
    expect(localDate(instant, 'UTC')).toBe('2026-03-31');
    expect(localDate(new Date('2026-03-31T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-03-31');
    expect(localDate(new Date('2026-01-01T04:59:59Z'), 'America/New_York')).toBe('2025-12-31');
  });

  it('throws for an unknown time zone', () => {
    expect(() => localDate(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('latestStartRunOutBy', () => {
  // The scheduler narrows its query for escalations with it: a start it excludes would be an
  // escalation that never falls due.
  const periods = ['P1D', 'P30D', 'P1M', 'P2M', 'P3M', 'P6M', 'P11M30D', 'P1Y', 'P1Y1M1D', 'P1Y6M', 'P2Y', 'P3Y', 'P5Y'];

  it('is on or after every start from which the period has run out by the date, from every day of four years', () => {
    for (const period of periods) {
      for (let start = '2023-01-01'; start < '2027-01-01'; start = addDays(start, 1)) {
        // The first day the period has run out, and a later one: the bound holds from both.
        const due = addPeriod(start, period);
        expect(latestStartRunOutBy(due, period) >= start, `${start} + ${period} = ${due}`).toBe(true);
        expect(latestStartRunOutBy(addDays(due, 17), period) >= start).toBe(true);
      }
    }
  });

  it('holds from any start and any later date, over two centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 73000 }), fc.integer({ min: 0, max: 400 }), fc.constantFrom(...periods), (offset, later, period) => {
        const start = addDays('1950-01-01', offset);
        expect(latestStartRunOutBy(addDays(addPeriod(start, period), later), period) >= start).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
