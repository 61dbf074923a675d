// Calendar dates as ISO strings (YYYY-MM-DD), the form every decision document and publicity
// window uses, and their arithmetic. Dates are local to the policy pack's time zone; instants
// (timestamps) are turned into local dates only through localDate().

export type IsoDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** An ISO 8601 instant with its offset: a real date, a time of day that exists, Z or ±hh:mm. */
const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Reads an instant strictly: every part must exist as written (2026-02-30T00:00Z is no day, not
 * 2 March), and the offset must be given, since a time without one names no instant.
 * Null when the text is not such an instant.
 */
export function parseIsoInstant(value: string): Date | null {
  const m = INSTANT_RE.exec(value);
  if (!m || !isIsoDate(m[1])) return null;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (m[5] !== undefined && (Number(m[5]) > 23 || Number(m[6]) > 59)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toUtc(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Adds calendar months; the day is clamped to the end of a shorter month (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const day = Math.min(d, daysInMonth(year, month + 1));
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of week, 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return toUtc(date).getUTCDay();
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** A period such as P3M, P1Y, P10D or P2Y6M (years, months and days only). */
export interface Period {
  years: number;
  months: number;
  days: number;
}

const PERIOD_RE = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/;

export function parsePeriod(text: string): Period {
  const m = PERIOD_RE.exec(text);
  if (!m || text === 'P') throw new RangeError(`'${text}' is not a period such as P3M, P1Y or P10D`);
  return { years: Number(m[1] ?? 0), months: Number(m[2] ?? 0), days: Number(m[3] ?? 0) };
}

export function isPeriod(text: unknown): boolean {
  return typeof text === 'string' && text !== 'P' && PERIOD_RE.test(text);
}

export function addPeriod(date: IsoDate, period: Period | string): IsoDate {
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  return addDays(addMonths(date, p.years * 12 + p.months), p.days);
}

/** The date a period before another. */
export function subtractPeriod(date: IsoDate, period: Period | string): IsoDate {
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  return addDays(addMonths(date, -(p.years * 12 + p.months)), -p.days);
}

/**
 * The latest start from which a period can have run out by a date: whenever addPeriod(start,
 * period) <= date, start <= this day. Months clamp at their end (31 January and a month is 28 or
 * 29 February), so subtracting the period from the date can land up to three days before such a
 * start, and three days are added back. A query narrows its rows with it; the exact test stays
 * addPeriod's.
 */
export function latestStartRunOutBy(date: IsoDate, period: Period | string): IsoDate {
  return addDays(subtractPeriod(date, period), 3);
}

// Month lengths differ, so P1M and P30D compare differently from different days: compare
// from every day of a leap year and of a common year.
const PERIOD_PROBES: IsoDate[] = (() => {
  const out: IsoDate[] = [];
  for (let d = '2023-01-01'; d < '2025-01-01'; d = addDays(d, 1)) out.push(d);
  return out;
})();

/** Whether period a never reaches past period b, from any start date. */
export function periodAtMost(a: Period | string, b: Period | string): boolean {
  return PERIOD_PROBES.every((from) => addPeriod(from, a) <= addPeriod(from, b));
}

const formatters = new Map<string, { format: Intl.DateTimeFormat; minute: number; date: IsoDate }>();

/**
 * The local calendar date of an instant in a time zone (the pack's, e.g. Asia/Shanghai).
 * Offsets change only on whole minutes, so the answer is remembered for the current minute:
 * the hot path (a check at "now") formats a date once a minute, not once a request.
 */
export function localDate(instant: Date, timeZone: string): IsoDate {
  let f = formatters.get(timeZone);
  if (!f) {
    f = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: NaN, date: '' };
    formatters.set(timeZone, f);
  }
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute !== f.minute) {
    f.date = f.format.format(instant);
    f.minute = minute;
  }
  return f.date;
}

let lastInstant = NaN;
let lastIso = '';

/**
 * toISOString, remembered for the last instant: the checks arriving in the same millisecond
 * share it, for their answer and their check-log line alike.
 */
export function isoInstant(d: Date): string {
  const t = d.getTime();
  if (t !== lastInstant) {
    lastIso = d.toISOString();
    lastInstant = t;
  }
  return lastIso;
}
