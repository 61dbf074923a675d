// COPY in and out on both stores. Rows arrive as written (escapes, nulls, arrays, large batches).
// A COPY that fails (a bad column, a bad row, a bad last row of several MB) stores nothing, says
// why, and leaves the connection usable (on PostgreSQL the same server process goes on serving);
// inside a transaction it rolls back with the rest. A COPY out that fails part-way leaves nothing
// behind for the next one. On PostgreSQL the COPY is sent in one write without waiting for the
// server's go-ahead, so the failure paths are the ones to prove. The tests run in order on one table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { openDatabase } from '../../src/store/open.ts';
import type { Database } from '../../src/store/database.ts';
import { copyRows } from '../../src/store/copy.ts';

describe.each(ALL_STORES)('COPY in and out on %s', (store) => {
  let loc: StoreLocation;
  let db: Database;
  const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_sample'))[0]!.n;
  // On PostgreSQL, the server process behind the one pooled connection: the pool would replace a
  // broken connection quietly, so "the connection goes on" means this stays the same.
  const backend = async () => (store !== 'pglite' ? (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid : 0);
  let firstBackend = 0;

  beforeAll(async () => {
    loc = await freshStore(store);
    // poolSize 1: every statement after a failed COPY runs on the very connection that failed.
    db = await openDatabase({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl, poolSize: 1 });
    await db.exec('CREATE TABLE copy_sample (k text PRIMARY KEY, d date, tags text[], note text)');
    firstBackend = await backend();
  });
  afterAll(async () => {
    await db?.close();
    await loc?.cleanup();
  });

  it('stores the rows as given, escapes, nulls and arrays included', async () => {
    await db.copyIn(
      'copy_sample',
      ['k', 'd', 'tags', 'note'],
      copyRows([
        ['a', '2026-01-02', '{x,y}', 'tab\there\nnew line \\ back'],
        ['b', null, '{}', null],
        ['c', '2025-12-31', '{"with space"}', '中文 名称'],
      ]),
    );
    const rows = await db.query('SELECT k, d, tags, note FROM copy_sample ORDER BY k');
    expect(rows).toEqual([
      { k: 'a', d: '2026-01-02', tags: ['x', 'y'], note: 'tab\there\nnew line \\ back' },
      { k: 'b', d: null, tags: [], note: null },
      { k: 'c', d: '2025-12-31', tags: ['with space'], note: '中文 名称' },
    ]);
  });

  it('stores a large batch whole (several MB in one COPY)', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`big-${i}`, null, '{}', 'x'.repeat(200) + i]);
    await db.copyIn('copy_sample', ['k', 'd', 'tags', 'note'], copyRows(rows));
    expect(await count()).toBe(20_003);
    const [last] = await db.query<{ note: string }>("SELECT note FROM copy_sample WHERE k = 'big-19999'");
    expect(last!.note).toBe('x'.repeat(200) + 19999);
  });

  it('rejects a COPY naming a column that does not exist, stores nothing, and the connection goes on', async () => {
    await expect(db.copyIn('copy_sample', ['k', 'nope'], 'z\t1\n')).rejects.toThrow(/column "nope"/);
    expect(await count()).toBe(20_003);
    await db.copyIn('copy_sample', ['k'], 'after-1\n');
    expect(await count()).toBe(20_004);
    expect(await backend()).toBe(firstBackend);
  });

  it('rejects a batch with a bad row without storing its good rows, and the connection goes on', async () => {
    const text = copyRows([
      ['good-1', '2026-01-01', '{}', null],
      ['good-2', 'not a date', '{}', null],
      ['good-3', null, '{}', null],
    ]);
    await expect(db.copyIn('copy_sample', ['k', 'd', 'tags', 'note'], text)).rejects.toThrow(/date/);
    await expect(db.copyIn('copy_sample', ['k'], 'a\n')).rejects.toThrow(/duplicate key/);
    expect(await db.query("SELECT k FROM copy_sample WHERE k LIKE 'good-%'")).toEqual([]);
    expect(await count()).toBe(20_004);
    await db.copyIn('copy_sample', ['k'], 'after-2\n');
    expect(await count()).toBe(20_005);
    expect(await backend()).toBe(firstBackend);
  });

  it('rejects a multi-MB batch whose last row is bad, stores none of it, and the connection goes on', async () => {
    const rows: unknown[][] = Array.from({ length: 20_000 }, (_, i) => [`late-${i}`, null, '{}', 'y'.repeat(200)]);
    rows.push(['late-bad', 'not a date', '{}', null]);
    await expect(db.copyIn('copy_sample', ['k', 'd', 'tags', 'note'], copyRows(rows))).rejects.toThrow(/date/);
    expect(await db.query("SELECT k FROM copy_sample WHERE k LIKE 'late-%' LIMIT 1")).toEqual([]);
    expect(await count()).toBe(20_005);
    expect(await backend()).toBe(firstBackend);
  });

  it('inside a transaction: a failed COPY rolls back what the transaction wrote before it', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.copyIn('copy_sample', ['k'], 'tx-1\ntx-2\n');
        await tx.copyIn('copy_sample', ['k'], 'tx-3\ntx-1\n');
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await db.query("SELECT k FROM copy_sample WHERE k LIKE 'tx-%'")).toEqual([]);
    await db.transaction(async (tx) => {
      await tx.copyIn('copy_sample', ['k'], 'tx-4\n');
      await tx.copyIn('copy_sample', ['k'], 'tx-5\n');
    });
    expect((await db.query<{ k: string }>("SELECT k FROM copy_sample WHERE k LIKE 'tx-%' ORDER BY k")).map((r) => r.k)).toEqual(['tx-4', 'tx-5']);
    expect(await backend()).toBe(firstBackend);
  });

  it("inside a transaction: a failed COPY's own error comes from the next statement, the commit, or a catch around both, and nothing is stored", async () => {
    // The next statement: it reports the COPY's error, not "current transaction is aborted".
    await expect(
      db.transaction(async (tx) => {
        await tx.copyIn('copy_sample', ['k'], 'pipe-1\na\n');
        await tx.query('SELECT 1');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    // The commit: a COPY with nothing after it still fails the transaction (COMMIT alone would answer ROLLBACK quietly).
    await expect(db.transaction((tx) => tx.copyIn('copy_sample', ['k', 'd'], 'pipe-2\tnot a date\n'))).rejects.toThrow(/date/);
    // A COPY after a failed one is refused with the first one's error.
    await expect(
      db.transaction(async (tx) => {
        await tx.copyIn('copy_sample', ['k'], 'pipe-3\na\n');
        await tx.query('SELECT 1').catch(() => undefined);
        await tx.copyIn('copy_sample', ['k'], 'pipe-4\n');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    // Statements read what the COPYs before them wrote.
    const seen = await db.transaction(async (tx) => {
      await tx.copyIn('copy_sample', ['k'], 'pipe-5\npipe-6\n');
      return (await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM copy_sample WHERE k LIKE 'pipe-%'"))[0]!.n;
    });
    expect(seen).toBe(2);
    expect((await db.query<{ k: string }>("SELECT k FROM copy_sample WHERE k LIKE 'pipe-%' ORDER BY k")).map((r) => r.k)).toEqual(['pipe-5', 'pipe-6']);
    expect(await backend()).toBe(firstBackend);
  });

  it('a COPY out that fails part-way leaves nothing for the next COPY out', async () => {
    // Rows go out until the division fails at the 50,000th: the failure comes after output was written.
    await expect(db.copyOut('SELECT CASE WHEN i < 50000 THEN i ELSE 1 / (i - i) END FROM generate_series(1, 100000) AS i')).rejects.toThrow(/division by zero/);
    expect(await db.copyOut('SELECT 42')).toBe('42\n');
    await expect(
      db.transaction(async (tx) => {
        await expect(tx.copyOut('SELECT CASE WHEN i < 50000 THEN i ELSE 1 / (i - i) END FROM generate_series(1, 100000) AS i')).rejects.toThrow(
          /division by zero/,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow(/roll back/);
    expect(await db.copyOut('SELECT 43')).toBe('43\n');
  });

  // node-postgres's query_timeout exists only on PostgreSQL.
  if (store !== 'pglite')
    it('leaves no query_timeout timer behind when the URL sets one', async () => {
      const url = new URL(loc.databaseUrl!);
      url.searchParams.set('query_timeout', '600000');
      const timed = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
      try {
        const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
        const before = timers();
        for (let i = 0; i < 5; i++) await timed.copyIn('copy_sample', ['k'], `timed-${i}\n`);
        await expect(timed.copyIn('copy_sample', ['nope'], 'x\n')).rejects.toThrow(/column "nope"/);
        // node-postgres arms a timer per query; each COPY must clear its own (six were left before).
        expect(timers() - before).toBeLessThan(3);
        expect((await timed.query<{ n: number }>("SELECT count(*)::int AS n FROM copy_sample WHERE k LIKE 'timed-%'"))[0]!.n).toBe(5);
      } finally {
        await timed.close();
      }
    });
});
