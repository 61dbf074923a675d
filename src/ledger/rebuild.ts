// Rebuilding the projections: empty them (and every derived index listening to them) and replay
// the whole ledger through the same projection that maintains them incrementally, in one
// transaction, so readers see the old state or the new one and never a half-built one.
import type { Database, Queryable } from '../store/database.ts';
import { readEvents } from './ledger.ts';
import { clearProjections, projectEvents } from './projection.ts';

export async function rebuildProjections(db: Database, onProgress?: (events: number) => void): Promise<{ events: number }> {
  return db.transaction((tx) => replayLedger(tx, onProgress));
}

/** Empties the projections and replays the ledger into them, in the caller's transaction. */
export async function replayLedger(tx: Queryable, onProgress?: (events: number) => void): Promise<{ events: number }> {
  await clearProjections(tx);
  let n = 0;
  for await (const page of readEvents(tx, { pageSize: 10_000 })) {
    await projectEvents(tx, page);
    n += page.length;
    onProgress?.(n);
  }
  return { events: n };
}
