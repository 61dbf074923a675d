// Store maintenance the platform runs on itself: a liveness probe and fresh planner statistics.
import type { Database, Queryable } from './database.ts';

/** Resolves when the store answers a statement; rejects when it does not. */
export async function ping(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}

/** Fresh planner statistics and a visibility map after a bulk load (outside any transaction). */
export async function vacuumAnalyze(db: Database): Promise<void> {
  await db.exec('VACUUM (ANALYZE)');
}
