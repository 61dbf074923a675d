// The working-day calendar: weekends, public holidays and make-up working days (调休), which
// Chinese deadlines for notices, objections and repair are counted in. The data comes from the
// policy pack; years the pack does not cover fall back to plain weekdays and are reported.
import { addDays, dayOfWeek, type IsoDate } from './dates.ts';

export interface CalendarData {
  /** Days off that would otherwise be working days. */
  holidays: readonly IsoDate[];
  /** Weekend days that are working days (make-up days). */
  workingWeekends: readonly IsoDate[];
  /** Years for which holidays are published; outside them only weekends count. */
  coveredYears: readonly number[];
  /** Days of the week that are rest days, 0 = Sunday ... 6 = Saturday. */
  weekend: readonly number[];
}

export class WorkingCalendar {
  private readonly holidays: Set<IsoDate>;
  private readonly workingWeekends: Set<IsoDate>;
  private readonly covered: Set<number>;
  private readonly weekend: Set<number>;

  constructor(data: CalendarData) {
    this.holidays = new Set(data.holidays);
    this.workingWeekends = new Set(data.workingWeekends);
    this.covered = new Set(data.coveredYears);
    this.weekend = new Set(data.weekend);
  }

  isWorkingDay(date: IsoDate): boolean {
    if (this.workingWeekends.has(date)) return true;
    if (this.holidays.has(date)) return false;
    return !this.weekend.has(dayOfWeek(date));
  }

  /** Whether the published holidays cover this date's year (otherwise only weekends are known). */
  covers(date: IsoDate): boolean {
    return this.covered.has(Number(date.slice(0, 4)));
  }

  /**
   * The date n working days after `from`, not counting `from` itself: a notice served on a
   * Friday with 3 working days to answer is due on Wednesday. n = 0 gives `from` itself when it
   * is a working day, otherwise the next working day.
   */
  addWorkingDays(from: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number of at least 0, not ${n}`);
    let d = from;
    if (n === 0) {
      while (!this.isWorkingDay(d)) d = addDays(d, 1);
      return d;
    }
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }
}
