// The platform's sessions on a Citus coordinator start with CITUS_SESSION_OPTIONS: a statement
// over several shards of a worker runs its tasks over the one connection to that worker the
// session keeps, instead of connecting afresh for each such statement (pool size 16, one cached
// connection kept: every multi-shard write of a transaction opened new sessions on the workers).
// Counted by the workers' own session counters (pg_stat_database.sessions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { probeCitus, freshCitusStore, type CitusStore } from '../support/citus.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';

const citus = await probeCitus();

describe.runIf(citus.ok)('sessions on a Citus coordinator', () => {
  let store: CitusStore;
  let db: PostgresDatabase;

  beforeAll(async () => {
    store = await freshCitusStore();
    db = await PostgresDatabase.open(store.databaseUrl);
    await db.exec('CREATE TABLE t (k text, v int)');
    await db.query("SELECT create_distributed_table('t', 'k')");
  });
  afterAll(async () => {
    await db?.close();
    await store?.cleanup();
  });

  const workerSessions = async (): Promise<number> => {
    let total = 0;
    const name = new URL(store.databaseUrl).pathname.slice(1);
    for (const w of store.workers) {
      const c = new pg.Client({ host: w.host, port: w.port, user: 'postgres', database: name });
      await c.connect();
      try {
        // The counters are the statistics collector's, flushed by each session as it ends or idles.
        await c.query('SELECT pg_stat_clear_snapshot()');
        total += Number((await c.query<{ sessions: string }>('SELECT sessions FROM pg_stat_database WHERE datname = current_database()')).rows[0]!.sessions);
      } finally {
        await c.end();
      }
    }
    return total;
  };

  it('start with one connection a worker for a statement', async () => {
    expect(await db.query("SELECT current_setting('citus.max_adaptive_executor_pool_size') AS v")).toEqual([{ v: '1' }]);
    await db.transaction(async (tx) => {
      expect(await tx.query("SELECT current_setting('citus.max_adaptive_executor_pool_size') AS v")).toEqual([{ v: '1' }]);
    });
  });

  it('write over every shard, transaction after transaction, without connecting to the workers again', async () => {
    const keys = Array.from({ length: 64 }, (_, i) => `k${i}`);
    // The first transaction makes the session's connections to the workers.
    await db.transaction((tx) => tx.query('INSERT INTO t SELECT k, 0 FROM unnest($1::text[]) AS k', [keys]));
    const before = await workerSessions();
    for (let i = 1; i <= 10; i++) await db.transaction((tx) => tx.query('INSERT INTO t SELECT k, $2 FROM unnest($1::text[]) AS k', [keys, i]));
    // Our own counting sessions (one a worker for each count, ended before the next) are the rest.
    expect((await workerSessions()) - before).toBeLessThanOrEqual(store.workers.length);
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 64 * 11 }]);
  });
});
