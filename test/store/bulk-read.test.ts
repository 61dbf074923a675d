// Reading rows as one text value (selectText) gives exactly what a plain SELECT gives, nulls,
// booleans, dates and JSON included, on both stores; a value that would shift the columns is
// refused rather than misread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { selectText } from '../../src/store/bulk-read.ts';

describe.each(STORES)('selectText on %s', (store) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await openTestPlatform(store);
    await t.platform.db.exec(`
      CREATE TABLE bulk_read_sample (k text, d date, b boolean, n int, j text);
      INSERT INTO bulk_read_sample VALUES
        ('b', '2026-01-02', true, 7, '{"a":"x\\\\ty \\"q\\""}'),
        ('a', NULL, false, NULL, NULL),
        ('c', '2025-12-31', NULL, -1, '[]');`);
  });
  afterAll(async () => t?.close());

  it('returns the rows of a plain SELECT, as text, in order, with nulls', async () => {
    const cols = ['k', 'd', 'b', 'n', 'j'];
    const rows = await selectText(t.platform.db, cols, 'FROM bulk_read_sample WHERE k <> $1', ['none'], 'k');
    expect(rows).toEqual([
      ['a', null, 'false', null, null],
      ['b', '2026-01-02', 'true', '7', '{"a":"x\\\\ty \\"q\\""}'],
      ['c', '2025-12-31', null, '-1', '[]'],
    ]);
    expect(JSON.parse(rows[1]![4]!)).toEqual({ a: 'x\\ty "q"' });
    const plain = await t.platform.db.query<Record<string, unknown>>('SELECT k, d::text AS d, b::text AS b, n::text AS n, j FROM bulk_read_sample ORDER BY k');
    expect(rows).toEqual(plain.map((r) => cols.map((c) => r[c] ?? null)));
  });

  it('returns nothing for no rows', async () => {
    expect(await selectText(t.platform.db, ['k'], 'FROM bulk_read_sample WHERE k = $1', ['none'], 'k')).toEqual([]);
  });

  it('refuses a value holding a tab instead of shifting the columns', async () => {
    await expect(selectText(t.platform.db, ['k', "k || E'\\t' || 'x'"], 'FROM bulk_read_sample WHERE k = $1', ['a'], 'k')).rejects.toThrow(/3 fields, not 2/);
  });
});
