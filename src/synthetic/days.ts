// Calendar arithmetic on day numbers (days since 1970-01-01) for the generator: integer maths
// (Howard Hinnant's civil-date algorithms) and a table of ISO strings, so that no record needs
// a Date object or a regular expression.

const FIRST_YEAR = 1940;
const LAST_YEAR = 2110;

/** Day number of a civil date (month 1-12). */
export function dayOf(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number: [year, month 1-12, day]. */
export function civil(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const BASE = dayOf(FIRST_YEAR, 1, 1);
const END = dayOf(LAST_YEAR, 12, 31);
let isoTable: string[] | undefined;
let compactTable: string[] | undefined;
let yearTable: Int16Array | undefined;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function buildTables(): void {
  const iso: string[] = new Array(END - BASE + 1);
  const compact: string[] = new Array(END - BASE + 1);
  const years = new Int16Array(END - BASE + 1);
  for (let z = BASE; z <= END; z++) {
    const [y, m, d] = civil(z);
    years[z - BASE] = y;
    const mm = pad2(m);
    const dd = pad2(d);
    iso[z - BASE] = `${y}-${mm}-${dd}`;
    compact[z - BASE] = `${y}${mm}${dd}`;
  }
  isoTable = iso;
  compactTable = compact;
  yearTable = years;
}

function checkRange(z: number): void {
  if (z < BASE || z > END || !Number.isInteger(z)) throw new RangeError(`day ${z} is outside ${FIRST_YEAR}-${LAST_YEAR}`);
}

/** YYYY-MM-DD of a day number. */
export function iso(z: number): string {
  if (!isoTable) buildTables();
  checkRange(z);
  return isoTable![z - BASE]!;
}

/** YYYYMMDD of a day number (as in a resident identity number). */
export function compact(z: number): string {
  if (!compactTable) buildTables();
  checkRange(z);
  return compactTable![z - BASE]!;
}

/** Day number of a YYYY-MM-DD string (validated). */
export function parseIso(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`'${date}' is not a date YYYY-MM-DD`);
  const z = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  const [y, mo, d] = civil(z);
  if (y !== Number(m[1]) || mo !== Number(m[2]) || d !== Number(m[3])) throw new RangeError(`'${date}' is not a real date`);
  return z;
}

export function yearOf(z: number): number {
  if (!yearTable) buildTables();
  const y = yearTable![z - BASE];
  return y === undefined ? civil(z)[0] : y;
}

/** Adds calendar months, clamping the day to the end of a shorter month. */
export function addMonths(z: number, months: number): number {
  const [y, m, d] = civil(z);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const last = civil(dayOf(nm === 12 ? ny + 1 : ny, nm === 12 ? 1 : nm + 1, 1) - 1)[2];
  return dayOf(ny, nm, Math.min(d, last));
}

export function addYears(z: number, years: number): number {
  return addMonths(z, years * 12);
}
