// The embedded store runs each statement on the event loop's thread: between two statements of a
// long run (a day's export reads page after page), the loop comes round, so a timer or a request
// waits for one statement, not for the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import type { Queryable } from '../../src/store/database.ts';

describe('PGlite between statements', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open(null);
  });
  afterAll(async () => {
    await db.close();
  });

  /** How many of 20 statements had run when the event loop next came round (null: not before the last). */
  const timerFiredAfter = async (within: (run: (q: Queryable) => Promise<void>) => Promise<void>): Promise<number | null> => {
    let done = 0;
    let firedAfter: number | null = null;
    const timer = setImmediate(() => (firedAfter = done));
    await within(async (q) => {
      for (; done < 20; done++) await q.query('SELECT 1');
    });
    clearImmediate(timer);
    return firedAfter;
  };

  it('lets the event loop come round in a run of statements', async () => {
    expect(await timerFiredAfter((run) => run(db))).toBeLessThan(20);
  });

  it('lets the event loop come round in a run of statements inside a transaction', async () => {
    expect(await timerFiredAfter((run) => db.transaction(run))).toBeLessThan(20);
  });
});
