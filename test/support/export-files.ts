// An export as a consumer downloads it, its digest headers checked against its bytes; and a
// delta file applied to an older export file, as the delta's documentation says: each operation
// by its line's key, the result in key order.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';

export interface Download {
  status: number;
  headers: Headers;
  text: string;
}

export async function download(url: string): Promise<Download> {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The file's digest and length headers agree with its bytes. */
export function expectDigest(d: Download): void {
  const sha = createHash('sha256').update(d.text).digest();
  expect(d.headers.get('repr-digest')).toBe(`sha-256=:${sha.toString('base64')}:`);
  expect(d.headers.get('etag')).toBe(`"${sha.toString('hex')}"`);
  expect(Number(d.headers.get('content-length'))).toBe(Buffer.byteLength(d.text));
}

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
