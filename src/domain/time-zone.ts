// Converting local calendar dates of the pack's time zone back into instants.
import { addDays, localDate, type IsoDate } from './dates.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(instant: Date, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** The zone's offset from UTC in minutes at an instant (e.g. +480 for Asia/Shanghai). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = localParts(instant, timeZone);
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The local wall-clock time of an instant, as YYYY-MM-DD HH:MM:SS. */
export function localDateTime(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * The first instant of a local date. Found by bisection over the local date, which only grows
 * with time, so days whose midnight a clock change skips start at their first real instant.
 */
export function startOfLocalDay(date: IsoDate, timeZone: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  // No zone is more than 15 hours from UTC: the start lies within this range.
  let lo = midnightUtc - 15 * 3_600_000;
  let hi = midnightUtc + 15 * 3_600_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (localDate(new Date(mid), timeZone) >= date) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The last millisecond of a local date. */
export function endOfLocalDay(date: IsoDate, timeZone: string): Date {
  return new Date(startOfLocalDay(addDays(date, 1), timeZone).getTime() - 1);
}
