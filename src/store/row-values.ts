// Values of a row as the drivers return them, in the forms the domain reads.

/** A date column as YYYY-MM-DD (the drivers give a date as a Date or as text), or null. */
export const dateText = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
