// Store maintenance the platform runs on itself: a liveness probe, and the reuse of the space
// that updated and deleted rows leave behind with fresh planner statistics.
import type { Database, Queryable } from './database.ts';

/** Resolves when the store answers a statement; rejects when it does not. */
export async function ping(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}

/**
 * Makes the space of row versions that updates and deletes left behind reusable, moves the
 * entries waiting in GIN indexes' pending lists into the indexes proper, and gives the planner
 * fresh statistics and a visibility map (outside any transaction). A server's autovacuum does
 * this as time passes where it is on; the embedded store has no such daemon, and without it
 * every update would grow the store for good and the planner would plan for tables it has
 * never looked at. Run after bulk loads, daily on the embedded store, and by a seed as its
 * simulated months pass.
 */
export async function vacuumAnalyze(db: Database): Promise<void> {
  await db.exec('VACUUM (ANALYZE)');
}
