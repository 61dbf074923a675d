// Statements asked for on one connection without waiting for the ones before them: a
// transaction's pipelined COPYs and the statements after them, LISTENs on several channels at
// once, check-log writes that overlap. Each runs in the order asked, after the one before it,
// and sees what that one wrote; the store queues them itself, so node-postgres is never asked
// to (its queue is deprecated and goes in pg 9): the file runs as under --throw-deprecation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { openDatabase } from '../../src/store/open.ts';
import type { Database } from '../../src/store/database.ts';

// Under node --throw-deprecation the flag is set already, and read-only.
const throwing = process.throwDeprecation === true;
beforeAll(() => {
  if (!throwing) process.throwDeprecation = true;
});
afterAll(() => {
  if (!throwing) process.throwDeprecation = false;
});

describe.each(STORES)('statements in turn on one connection on %s', (store) => {
  let loc: StoreLocation;
  let db: Database;

  beforeAll(async () => {
    loc = await freshStore(store);
    db = await openDatabase({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl, poolSize: 2 });
    await db.exec('CREATE TABLE turn_sample (k text PRIMARY KEY)');
  });
  afterAll(async () => {
    await db?.close();
    await loc?.cleanup();
  });

  it('runs a transaction’s statements asked for all at once in the order asked, each seeing the ones before', async () => {
    const count = "SELECT count(*)::int AS n FROM turn_sample WHERE k LIKE 'turn-%'";
    const seen = await db.transaction(async (tx) => {
      const asked = [
        tx.copyIn('turn_sample', ['k'], 'turn-1\n'),
        tx.copyIn('turn_sample', ['k'], 'turn-2\nturn-3\n'),
        tx.query<{ n: number }>(count),
        tx.exec("INSERT INTO turn_sample (k) VALUES ('turn-4')"),
        tx.copyOut(count),
        tx.copyIn('turn_sample', ['k'], 'turn-5\n'),
        tx.copyIn('turn_sample', ['k'], 'turn-6\n'),
        tx.query<{ n: number }>(count),
      ] as const;
      const done = await Promise.all(asked);
      return [done[2][0]!.n, done[4], done[7][0]!.n];
    });
    expect(seen).toEqual([3, '4\n', 6]);
    expect((await db.query<{ k: string }>('SELECT k FROM turn_sample ORDER BY k')).map((r) => r.k)).toEqual([
      'turn-1',
      'turn-2',
      'turn-3',
      'turn-4',
      'turn-5',
      'turn-6',
    ]);
  });

  it('rolls back a transaction whose statement fails while others wait their turn, and the later ones run on nothing', async () => {
    const asked: Array<Promise<unknown>> = [];
    await expect(
      db.transaction(async (tx) => {
        asked.push(tx.copyIn('turn_sample', ['k'], 'fail-1\n'));
        asked.push(tx.exec("INSERT INTO turn_sample (k) VALUES ('turn-1')"));
        asked.push(tx.copyIn('turn_sample', ['k'], 'fail-2\n'));
        asked.push(tx.query('SELECT 1'));
        await Promise.all(asked);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await Promise.allSettled(asked);
    expect(await db.query("SELECT k FROM turn_sample WHERE k LIKE 'fail-%'")).toEqual([]);
    // The connection goes on serving transactions.
    await db.transaction((tx) => tx.copyIn('turn_sample', ['k'], 'after\n'));
    expect(await db.query("SELECT k FROM turn_sample WHERE k = 'after'")).toEqual([{ k: 'after' }]);
  });

  it('listens on several channels asked for at once, and hears each', async () => {
    const heard: string[] = [];
    const channels = ['turn_a', 'turn_b', 'turn_c', 'turn_d'];
    await Promise.all(channels.map((c) => db.listen(c, (p) => heard.push(`${c}:${p}`))));
    await Promise.all(channels.map((c) => db.notify(c, 'x')));
    await expect.poll(() => [...heard].sort(), { timeout: 10_000 }).toEqual(channels.map((c) => `${c}:x`));
  });

  it('writes overlapping check-log COPYs on their bounded connection one after another, all of them', async () => {
    await db.exec('CREATE TABLE turn_log (k text PRIMARY KEY)');
    const signal = new AbortController().signal;
    await Promise.all(Array.from({ length: 6 }, (_, i) => db.copyInWithin('turn_log', ['k'], `log-${i}\n`, 30_000, signal)));
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM turn_log'))[0]!.n).toBe(6);
  });
});
