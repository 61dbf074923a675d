// Amounts of money: yuan with at most two decimals, checked as a whole number of fen (分) so that
// nothing depends on binary fractions. The stored form is the JSON number of yuan the agency
// sent, which equals its fen divided by 100 exactly for every amount within the bound (at most 15
// significant digits: the shortest decimal that reads back as the number is the decimal itself).
// Past events keep the form they were written in; only new input is checked.

/** The largest amount the platform stores, in fen: 10 trillion yuan, well inside exact integers. */
export const MAX_MONEY_FEN = 1_000_000_000_000_000;
export const MAX_MONEY_YUAN = MAX_MONEY_FEN / 100;

const YUAN = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/** The whole fen of an amount in yuan within `maxFen`, or why it is not one (in the words of a field error). */
export function parseYuan(v: unknown, maxFen = MAX_MONEY_FEN): { fen: number } | { error: string } {
  if (typeof v !== 'number' || !Number.isFinite(v)) return { error: 'must be an amount in yuan (a number)' };
  if (v < 0) return { error: 'must not be negative' };
  if (v > maxFen / 100) return { error: `must be at most ${formatYuan(maxFen)} yuan` };
  // String(v) is the shortest decimal that reads back as v: 0.29 stays '0.29', while 1e-320 and
  // 0.1 + 0.2 (0.30000000000000004) show the digits a two-decimal amount cannot have.
  const m = YUAN.exec(String(v));
  if (!m) return { error: 'must be an amount in yuan with at most two decimals' };
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > maxFen ? { error: `must be at most ${formatYuan(maxFen)} yuan` } : { fen };
}

/** The amount in yuan of a whole number of fen, as stored (exact within the bound). */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** Fen as a decimal amount in yuan, for messages: 123456 is '1234.56'. */
export function formatYuan(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`;
}
