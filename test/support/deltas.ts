// Applying an export's delta file to an older export file, as a consumer does following the
// delta's documentation: each operation by its line's key, the result in key order.
import { expect } from 'vitest';

/** How a consumer reads a line's key from a file's line (NDJSON and CSV as the export writes them). */
export type KeyOf = (line: string) => string;

/** Applies a delta to a file; `csv` when both have a header row (the delta's is `op,` and the file's). */
export function applyDelta(file: string, delta: string, keyOf: KeyOf, csv: boolean): string {
  const lines = file.split('\n').filter((l) => l !== '');
  const header = csv ? lines.shift()! : null;
  const byKey = new Map(lines.map((l) => [keyOf(l), l]));
  const ops = delta.split('\n').filter((l) => l !== '');
  if (csv) expect(ops.shift()).toBe(`op,${header}`);
  for (const op of ops) {
    let kind: string;
    let line: string;
    if (csv) [kind, line] = [op.slice(0, op.indexOf(',')), op.slice(op.indexOf(',') + 1)];
    else {
      const parsed = JSON.parse(op) as { op: string; entity: unknown };
      [kind, line] = [parsed.op, JSON.stringify(parsed.entity)];
    }
    if (kind === 'DEL') expect(byKey.delete(keyOf(line))).toBe(true);
    else byKey.set(keyOf(line), line);
  }
  const sorted = [...byKey.keys()].sort().map((k) => byKey.get(k)!);
  return [...(header ? [header] : []), ...sorted].map((l) => `${l}\n`).join('');
}

/** A CSV line's first column (a key the export writes first, which holds no comma). */
export const firstColumn: KeyOf = (line) => line.slice(0, line.indexOf(','));
