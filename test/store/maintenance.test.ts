// Reclaiming dead rows on both stores: a table whose rows are all updated again and again stays
// near the size of two versions of them when the space is reclaimed between rounds (as the
// platform does daily on the embedded store, and a seed does as its months pass), where it grows
// by a full copy each round without it; and the planner gains statistics for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { openDatabase } from '../../src/store/open.ts';
import type { Database } from '../../src/store/database.ts';
import { vacuumAnalyze } from '../../src/store/maintenance.ts';

describe.each(ALL_STORES)('reclaiming dead rows on %s', (store) => {
  let loc: StoreLocation;
  let db: Database;
  const ROWS = 4000;
  const ROUNDS = 6;
  const STATES = ['notified', 'listed', 'ended'];

  beforeAll(async () => {
    loc = await freshStore(store);
    db = await openDatabase({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl });
  });
  afterAll(async () => {
    await db?.close();
    await loc?.cleanup();
  });

  /** Bytes of a table with its indexes after each of `ROUNDS` updates of every row, reclaiming after each round or not. */
  async function churn(table: string, reclaim: boolean): Promise<number[]> {
    // Autovacuum (on a PostgreSQL that runs it) would reclaim the table it is compared with meanwhile.
    await db.exec(`CREATE TABLE ${table} (k int PRIMARY KEY, state text NOT NULL, tags text[] NOT NULL, note text NOT NULL) WITH (autovacuum_enabled = off)`);
    await db.exec(`CREATE INDEX ${table}_state ON ${table} (state, k)`);
    await db.exec(`CREATE INDEX ${table}_tags ON ${table} USING gin (tags)`);
    await db.query(
      `INSERT INTO ${table} SELECT i, 'proposed', ARRAY['t' || (i % 97), 'u' || (i % 89)], repeat('x', 120) FROM generate_series(1, $1) AS i`,
      [ROWS],
    );
    const sizes: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // An entry's way through a workflow: its state and its tags change, its size does not.
      await db.query(`UPDATE ${table} SET state = $2, tags = ARRAY['t' || ((k + $1::int) % 97), 'u' || ((k + $1::int) % 89)]`, [round, STATES[round % STATES.length]]);
      if (reclaim) await vacuumAnalyze(db);
      sizes.push((await db.query<{ n: number }>(`SELECT pg_total_relation_size('${table}')::bigint AS n`))[0]!.n);
    }
    return sizes;
  }

  it('stops a table that is updated round after round from growing', async () => {
    const kept = await churn('churn_reclaimed', true);
    const grown = await churn('churn_left', false);
    // Left alone, every round adds a full copy of the rows and their index entries.
    for (let round = 1; round < ROUNDS; round++) expect(grown[round]! - grown[round - 1]!).toBeGreaterThan(grown[0]! / 4);
    // Reclaimed, once the first rounds' dead versions are there to reuse, later rounds add next
    // to nothing (an index's emptied pages return to use a vacuum later than a heap's).
    const last = ROUNDS - 1;
    expect(kept[last]! - kept[2]!).toBeLessThan((grown[last]! - grown[2]!) / 5);
    expect(grown[last]!).toBeGreaterThan(kept[last]! * 2);
    // The planner has statistics for the table that was maintained, none for the other.
    const statistics = async (table: string) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stats WHERE tablename = $1', [table]))[0]!.n;
    expect(await statistics('churn_reclaimed')).toBeGreaterThan(0);
    expect(await statistics('churn_left')).toBe(0);
  });
});
