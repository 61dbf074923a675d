// Reading rows as COPY text (selectText) gives exactly what a plain SELECT gives, nulls,
// booleans, dates, JSON, tabs, newlines and backslashes included, on both stores; literals
// quote whatever they are given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { literal, selectText, splitCopy } from '../../src/store/bulk-read.ts';

describe.each(ALL_STORES)('selectText on %s', (store) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await openTestPlatform(store);
    await t.platform.db.exec(`
      CREATE TABLE bulk_read_sample (k text, d date, b boolean, n int, j text);
      INSERT INTO bulk_read_sample VALUES
        ('b', '2026-01-02', true, 7, '{"a":"x\\\\ty \\"q\\""}'),
        ('a', NULL, false, NULL, NULL),
        ('c', '2025-12-31', NULL, -1, '[]'),
        ('d', NULL, NULL, NULL, E'tab\\there\\nnewline \\\\N back\\\\slash');`);
  });
  afterAll(async () => t?.close());

  it('returns the rows of a plain SELECT, as text, in order, with nulls', async () => {
    const cols = ['k', 'd', 'b', 'n', 'j'];
    const rows = await selectText(t.platform.db, cols, `FROM bulk_read_sample WHERE k <> ${literal('none')}`, 'k');
    expect(rows).toEqual([
      ['a', null, 'f', null, null],
      ['b', '2026-01-02', 't', '7', '{"a":"x\\\\ty \\"q\\""}'],
      ['c', '2025-12-31', null, '-1', '[]'],
      ['d', null, null, null, 'tab\there\nnewline \\N back\\slash'],
    ]);
    expect(JSON.parse(rows[1]![4]!)).toEqual({ a: 'x\\ty "q"' });
    const plain = await t.platform.db.query<Record<string, unknown>>('SELECT k, d::text AS d, b::text AS b, n::text AS n, j FROM bulk_read_sample ORDER BY k');
    const asCopy = (v: unknown) => (v === 'true' ? 't' : v === 'false' ? 'f' : (v ?? null));
    expect(rows).toEqual(plain.map((r) => cols.map((c) => asCopy(r[c]))));
  });

  it('returns nothing for no rows', async () => {
    expect(await selectText(t.platform.db, ['k'], `FROM bulk_read_sample WHERE k = ${literal('none')}`, 'k')).toEqual([]);
  });

  it('reads values with quotes and backslashes through literals, and arrays of them', async () => {
    const odd = ["it's", 'back\\slash', "both \\' here"];
    const rows = await selectText(t.platform.db, ['x'], `FROM unnest(${literal(odd)}) AS x`, 'x');
    expect(rows.map((r) => r[0])).toEqual([...odd].sort((a, b) => (a < b ? -1 : 1)));
    const one = await selectText(t.platform.db, ['x'], `FROM (SELECT ${literal("it's \\ ok")} AS x) s WHERE x IS NOT ${literal(null)}`, 'x');
    expect(one).toEqual([["it's \\ ok"]]);
  });

  it('refuses text whose rows do not have the expected fields', () => {
    expect(() => splitCopy('a\tb\n', 3)).toThrow(/2 fields, not 3/);
    expect(splitCopy('', 2)).toEqual([]);
    expect(splitCopy('\\N\t\n', 2)).toEqual([[null, '']]);
  });
});
