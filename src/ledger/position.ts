// A position in the ledger: how many events of each log (log 0 first) come before it. Feeds and
// followers keep one, because the logs grow independently: no single number says what a reader
// has seen without skipping events that commit later in another log. Outside the platform a
// position travels as an opaque cursor: `p` and the counts as unsigned LEB128, base64url.

/** How many events of each log (log 0 first) come before the position; a missing log counts 0. */
export type LedgerPosition = number[];

const MAX_CURSOR_LENGTH = 4096;

/** The further of two positions in each log. */
export function furthest(a: LedgerPosition, b: LedgerPosition): LedgerPosition {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, log) => Math.max(a[log] ?? 0, b[log] ?? 0));
}

export function encodeCursor(position: LedgerPosition): string {
  const bytes: number[] = [];
  for (const n of position) {
    let v = n;
    while (v >= 0x80) {
      bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    bytes.push(v);
  }
  return `p${Buffer.from(bytes).toString('base64url')}`;
}

/**
 * The position a cursor encodes, for a ledger of `logs` logs, or null when it is not one this
 * ledger could have given: not `p` and base64url, a count of 2^53 or more, more logs than it has.
 */
export function decodeCursor(cursor: string, logs: number): LedgerPosition | null {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^p[A-Za-z0-9_-]*$/.test(cursor)) return null;
  const bytes = Buffer.from(cursor.slice(1), 'base64url');
  if (bytes.toString('base64url') !== cursor.slice(1)) return null;
  const position: LedgerPosition = [];
  let value = 0;
  let scale = 1;
  for (const b of bytes) {
    value += (b & 0x7f) * scale;
    if (value > Number.MAX_SAFE_INTEGER) return null;
    if (b & 0x80) {
      scale *= 0x80;
      continue;
    }
    position.push(value);
    value = 0;
    scale = 1;
  }
  if (scale !== 1 || position.length > logs) return null;
  while (position.length < logs) position.push(0);
  return position;
}
