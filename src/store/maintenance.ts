// Store maintenance the platform runs on itself: a liveness probe, fresh planner statistics, and
// the reuse of the space that updated and deleted rows leave behind.
import type { Database, Queryable } from './database.ts';

/** Resolves when the store answers a statement; rejects when it does not. */
export async function ping(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}

/** Fresh planner statistics and a visibility map after a bulk load (outside any transaction). */
export async function vacuumAnalyze(db: Database): Promise<void> {
  await db.exec('VACUUM (ANALYZE)');
}

/**
 * Makes the space of row versions that updates and deletes left behind reusable, and moves the
 * entries waiting in GIN indexes' pending lists into the indexes proper (outside any
 * transaction). PostgreSQL's autovacuum does this by itself as time passes; the embedded store
 * has no such daemon, so without it every update would grow the store for good.
 */
export async function reclaimDeadRows(db: Database): Promise<void> {
  await db.exec('VACUUM');
}
