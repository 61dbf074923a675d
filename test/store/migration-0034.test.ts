// Migration 0034 on a store holding feedback on checks: each feedback is given its check's
// subject, and feedback written after it names its subject. On both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { migrate } from '../../src/store/migrate.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';
import type { Database } from '../../src/store/database.ts';

describe.each(STORES)('migration 0034 on %s', (store) => {
  let location: StoreLocation;
  let db: Database;

  beforeAll(async () => {
    location = await freshStore(store);
    db = store === 'pglite' ? await PgliteDatabase.open(null) : await PostgresDatabase.open(location.databaseUrl!);
    await migrate(db, { upTo: 33 });
    for (const [id, subject] of [
      ['chk_a', 'subject-a'],
      ['chk_b', 'subject-b'],
    ]) {
      await db.query(
        `INSERT INTO check_log (check_id, subject_key, scenario, as_of, asked_at, asked_by, outcome, measures, policy_version)
         VALUES ($1, $2, 'high-consumption', '2026-11-20', '2026-11-20T02:00:00Z', 'agency:samr', 'allow', '{}', 'v1')`,
        [id, subject],
      );
    }
    await db.query(
      `INSERT INTO check_feedback (check_id, action, measures, reported_by, reported_at) VALUES ('chk_b', 'no-action-needed', '{}', 'samr', '2026-11-20T03:00:00Z')`,
    );
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await location?.cleanup();
  });

  it("gives stored feedback its check's subject, and requires a subject of new feedback", async () => {
    expect(await db.query('SELECT check_id, subject_key FROM check_feedback')).toEqual([{ check_id: 'chk_b', subject_key: 'subject-b' }]);
    await expect(
      db.query(
        `INSERT INTO check_feedback (check_id, action, measures, reported_by, reported_at) VALUES ('chk_a', 'no-action-needed', '{}', 'samr', '2026-11-20T03:00:00Z')`,
      ),
    ).rejects.toThrow(/subject_key/);
  });
});
