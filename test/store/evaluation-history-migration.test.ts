// Migration 0035 on a store holding evaluation history: each subject and scorecard's rows are
// numbered 1, 2, ... in the order of their ids, the key is (subject_key, scorecard, n), the
// history still refuses change, and the evaluation writers' lock has its one row. On both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { migrate } from '../../src/store/migrate.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';
import type { Database } from '../../src/store/database.ts';

describe.each(STORES)('migration 0035 on %s', (store) => {
  let location: StoreLocation;
  let db: Database;

  beforeAll(async () => {
    location = await freshStore(store);
    db = store === 'pglite' ? await PgliteDatabase.open(null) : await PostgresDatabase.open(location.databaseUrl!);
    await migrate(db, { upTo: 34 });
    // Rows of two subjects and two scorecards, added in turns, so that each pair's ids have gaps.
    const rows: Array<[string, string, string, string | null, boolean]> = [
      ['subject-b', 'card-1', '2026-11-01', 'A', false],
      ['subject-a', 'card-1', '2026-11-01', 'B', false],
      ['subject-a', 'card-2', '2026-11-01', 'C', false],
      ['subject-a', 'card-1', '2026-11-02', 'A', false],
      ['subject-b', 'card-1', '2026-11-03', null, true],
      ['subject-a', 'card-1', '2026-11-04', 'D', false],
    ];
    for (const [subject, card, day, tier, ended] of rows) {
      await db.query(
        `INSERT INTO evaluation_history (subject_key, scorecard, recorded_at, version, evaluated_on, eligible, score, tier, tier_reason, factors, ended)
         VALUES ($1, $2, $3::date, 'v1', $3::date, $4, NULL, $5, NULL, '[]', $6)`,
        [subject, card, day, !ended, tier, ended],
      );
    }
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await location?.cleanup();
  });

  it("numbers each subject and scorecard's rows in the order they were added", async () => {
    expect(await db.query('SELECT subject_key, scorecard, n, tier, ended FROM evaluation_history ORDER BY subject_key, scorecard, n')).toEqual([
      { subject_key: 'subject-a', scorecard: 'card-1', n: 1, tier: 'B', ended: false },
      { subject_key: 'subject-a', scorecard: 'card-1', n: 2, tier: 'A', ended: false },
      { subject_key: 'subject-a', scorecard: 'card-1', n: 3, tier: 'D', ended: false },
      { subject_key: 'subject-a', scorecard: 'card-2', n: 1, tier: 'C', ended: false },
      { subject_key: 'subject-b', scorecard: 'card-1', n: 1, tier: 'A', ended: false },
      { subject_key: 'subject-b', scorecard: 'card-1', n: 2, tier: null, ended: true },
    ]);
  });

  it('keys the history by subject, scorecard and number, and keeps it append-only', async () => {
    const [key] = await db.query<{ def: string }>(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'evaluation_history'::regclass AND contype = 'p'",
    );
    expect(key!.def).toBe('PRIMARY KEY (subject_key, scorecard, n)');
    expect(await db.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'evaluation_history' AND column_name = 'id'")).toEqual([]);
    await expect(
      db.query(
        `INSERT INTO evaluation_history (subject_key, scorecard, n, recorded_at, version, evaluated_on, eligible, factors)
         VALUES ('subject-a', 'card-1', 3, now(), 'v1', '2026-11-05', true, '[]')`,
      ),
    ).rejects.toThrow(/duplicate key/);
    await expect(db.query("UPDATE evaluation_history SET tier = 'E'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM evaluation_history')).rejects.toThrow(/append-only/);
  });

  it("has the evaluation writers' lock, one row", async () => {
    expect(await db.query('SELECT id FROM evaluation_writer')).toEqual([{ id: true }]);
    await expect(db.query('INSERT INTO evaluation_writer VALUES (false)')).rejects.toThrow(/check constraint/);
  });
});
