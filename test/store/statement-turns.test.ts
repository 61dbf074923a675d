// Statements asked for on one connection without waiting for the ones before them: a
// transaction's pipelined COPYs and the statements after them, LISTENs on several channels at
// once, check-log writes that overlap. Each runs in the order asked, after the one before it,
// and sees what that one wrote; the store queues them itself, so node-postgres is never asked
// to (its queue is deprecated and goes in pg 9): the file runs as under --throw-deprecation, and
// every statement handed to a node-postgres client while it has one in flight, or before the
// server is ready again after an error, is noted and fails the test.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { openDatabase } from '../../src/store/open.ts';
import type { Database, Queryable } from '../../src/store/database.ts';

// Under node --throw-deprecation the flag is set already, and read-only.
const throwing = process.throwDeprecation === true;
beforeAll(() => {
  if (!throwing) process.throwDeprecation = true;
});
afterAll(() => {
  if (!throwing) process.throwDeprecation = false;
});

// node-postgres's deprecation notice comes only when its queue already holds one statement; this
// notes the first one queued too, and one sent before the ReadyForQuery that follows an error (a
// new client's first statement, which the pool sends as the connection opens, is node-postgres's own).
const queuedOnClient: string[] = [];
const clientQuery = pg.Client.prototype.query;
type ClientState = { _connected: boolean; _queryable: boolean; _activeQuery: unknown; _queryQueue: unknown[]; readyForQuery: boolean; hasExecuted: boolean };
beforeAll(() => {
  pg.Client.prototype.query = function (this: pg.Client & ClientState, ...args: Parameters<typeof clientQuery>) {
    if (this._connected && this._queryable && (this._activeQuery || this._queryQueue.length > 0 || (!this.readyForQuery && this.hasExecuted))) {
      const config = args[0] as unknown;
      const text = typeof config === 'string' ? config : String((config as { text?: string })?.text ?? config?.constructor?.name);
      queuedOnClient.push(text.slice(0, 60));
    }
    return clientQuery.apply(this, args);
  } as typeof clientQuery;
});
afterAll(() => {
  pg.Client.prototype.query = clientQuery;
});
afterEach(() => {
  const queued = queuedOnClient.splice(0);
  expect(queued, 'statements handed to a client that was busy').toEqual([]);
});

// PGlite's words for it, and ours.
const ENDED = /transaction is closed|transaction has ended/i;

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

  it('fails a transaction whose statement failed though fn caught the error, and commits nothing', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.exec("INSERT INTO turn_sample (k) VALUES ('caught-1')");
        await tx.exec("INSERT INTO turn_sample (k) VALUES ('caught-1')").catch(() => undefined);
        return 'done';
      }),
    ).rejects.toThrow();
    await expect(
      db.transaction(async (tx) => {
        await tx.copyIn('turn_sample', ['k'], 'caught-2\n');
        await tx.copyIn('turn_sample', ['k'], 'caught-2\n');
        await tx.query('SELECT 1').catch(() => undefined);
        await tx.exec("INSERT INTO turn_sample (k) VALUES ('caught-3')").catch(() => undefined);
      }),
    ).rejects.toThrow();
    expect(await db.query("SELECT k FROM turn_sample WHERE k LIKE 'caught-%'")).toEqual([]);
  });

  it('refuses a statement asked for after the transaction’s COMMIT or ROLLBACK, and runs none of it', async () => {
    let committed!: Queryable;
    await db.transaction(async (tx) => {
      committed = tx;
      await tx.exec("INSERT INTO turn_sample (k) VALUES ('ended-1')");
    });
    await expect(committed.exec("INSERT INTO turn_sample (k) VALUES ('ended-2')")).rejects.toThrow(ENDED);
    await expect(committed.copyIn('turn_sample', ['k'], 'ended-3\n')).rejects.toThrow(ENDED);
    // A statement that a branch of the transaction asks for once the transaction has failed, while
    // an earlier one is still in flight (its answer comes after the ROLLBACK is asked for).
    let late: { outcome: Promise<unknown> } | undefined;
    await expect(
      db.transaction(async (tx) => {
        void tx
          .query('SELECT 1')
          .catch(() => undefined)
          .then(() => {
            const outcome = tx.exec("INSERT INTO turn_sample (k) VALUES ('ended-4')");
            // Handled here, so that its refusal is not unhandled before the test awaits it below.
            outcome.catch(() => undefined);
            late = { outcome };
          });
        throw new Error('the transaction fails');
      }),
    ).rejects.toThrow('the transaction fails');
    await expect.poll(() => late).toBeDefined();
    await expect(late!.outcome).rejects.toThrow(ENDED);
    expect((await db.query<{ k: string }>("SELECT k FROM turn_sample WHERE k LIKE 'ended-%' ORDER BY k")).map((r) => r.k)).toEqual(['ended-1']);
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

describe.skipIf(!STORES.includes('postgres'))('notifications after the listening session is lost on postgres', () => {
  let loc: StoreLocation;
  let db: Database;

  beforeAll(async () => {
    loc = await freshStore('postgres');
    db = await openDatabase({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl, poolSize: 2 });
  });
  afterAll(async () => {
    await db?.close();
    await loc?.cleanup();
  });

  it('hears every channel again when listen() makes the session anew before the reconnection does', async () => {
    const heard = new Set<string>();
    const early = ['lost_a', 'lost_b', 'lost_c'];
    await Promise.all(early.map((c) => db.listen(c, (p) => heard.add(`${c}:${p}`))));
    await Promise.all(early.map((c) => db.notify(c, 'before')));
    await expect.poll(() => heard.size, { timeout: 10_000 }).toBe(early.length);

    const [session] = await db.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()",
    );
    const store = db as unknown as { listenClient: unknown };
    const lost = store.listenClient;
    await db.query('SELECT pg_terminate_backend($1)', [session!.pid]);
    // Once the store has seen its session go (its reconnection waits a second), listen() anew.
    await expect.poll(() => store.listenClient !== lost, { timeout: 10_000 }).toBe(true);
    await db.listen('lost_d', (p) => heard.add(`lost_d:${p}`));

    const all = [...early, 'lost_d'];
    await Promise.all(all.map((c) => db.notify(c, 'after')));
    await expect.poll(() => all.filter((c) => heard.has(`${c}:after`)), { timeout: 10_000 }).toEqual(all);
  });
});
