// Months as whole numbers (year × 12 + month − 1), so that the borrower generator steps through
// them with plain arithmetic, and their YYYY-MM and YYYY-MM-DD forms.

/** The number of a month YYYY-MM. */
export function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The month YYYY-MM of a month number. */
export function monthOf(n: number): string {
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** A day (1-28) of a month number, YYYY-MM-DD. */
export function dayOfMonth(n: number, day: number): string {
  return `${monthOf(n)}-${String(day).padStart(2, '0')}`;
}
