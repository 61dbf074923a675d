// The platform's sessions on a Citus coordinator start with CITUS_SESSION_OPTIONS: a statement
// over several shards of a worker runs its tasks over the one connection to that worker the
// session keeps, instead of connecting afresh for each such statement (pool size 16, one cached
// connection kept: every multi-shard write of a transaction opened new sessions on the workers).
// Counted by Citus's statistic counters (citus_stat_counters), switched on in the counted transactions only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  // Citus's own counters of the coordinator's connections to the workers, kept only by
  // transactions that switch them on: the maintenance daemon's connections (deadlock detection,
  // two-phase recovery) and other tests' sessions are not counted.
  const connections = async (): Promise<{ made: number; reused: number }> => {
    const [row] = await db.query<{ made: string; reused: string }>(
      'SELECT connection_establishment_succeeded AS made, connection_reused AS reused FROM citus_stat_counters WHERE name = current_database()',
    );
    return { made: Number(row!.made), reused: Number(row!.reused) };
  };
  const countedInsert = (keys: string[], v: number) =>
    db.transaction(async (tx) => {
      await tx.exec('SET LOCAL citus.enable_stat_counters = on');
      await tx.query('INSERT INTO t SELECT k, $2 FROM unnest($1::text[]) AS k', [keys, v]);
    });

  it('start with one connection a worker for a statement', async () => {
    expect(await db.query("SELECT current_setting('citus.max_adaptive_executor_pool_size') AS v")).toEqual([{ v: '1' }]);
    await db.transaction(async (tx) => {
      expect(await tx.query("SELECT current_setting('citus.max_adaptive_executor_pool_size') AS v")).toEqual([{ v: '1' }]);
    });
  });

  it("start with it beside the options the URL names, the URL's own winning where both name a setting", async () => {
    const withOptions = (options: string) => {
      const u = new URL(store.databaseUrl);
      u.searchParams.set('options', options);
      return u.toString();
    };
    const settings = "SELECT current_setting('citus.max_adaptive_executor_pool_size') AS pool, current_setting('statement_timeout') AS timeout";
    const own = await PostgresDatabase.open(withOptions('-c statement_timeout=54321'));
    try {
      expect(await own.query(settings)).toEqual([{ pool: '1', timeout: '54321ms' }]);
      expect(await own.transaction((tx) => tx.query(settings))).toEqual([{ pool: '1', timeout: '54321ms' }]);
    } finally {
      await own.close();
    }
    const theirs = await PostgresDatabase.open(withOptions('-c citus.max_adaptive_executor_pool_size=3'));
    try {
      expect(await theirs.query(settings)).toEqual([{ pool: '3', timeout: '0' }]);
    } finally {
      await theirs.close();
    }
  });

  it('write over every shard, transaction after transaction, without connecting to the workers again', async () => {
    const keys = Array.from({ length: 64 }, (_, i) => `k${i}`);
    // The first transaction makes whatever connections to the workers the session lacks, one a worker at most.
    const start = await connections();
    await countedInsert(keys, 0);
    const warmed = await connections();
    expect(warmed.made - start.made).toBeLessThanOrEqual(store.workers.length);
    for (let i = 1; i <= 10; i++) await countedInsert(keys, i);
    const after = await connections();
    expect(after.made - warmed.made).toBe(0);
    // The counters were on: the ten transactions reached the workers over the connections kept.
    expect(after.reused - warmed.reused).toBeGreaterThanOrEqual(10);
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 64 * 11 }]);
  });
});
