// Appending events and projecting them in one step, inside the caller's transaction: the one
// way services change state.
import type { Queryable } from '../store/database.ts';
import { appendEvents } from './ledger.ts';
import { projectEvents } from './projection.ts';
import type { Actor, LedgerEvent, NewEvent } from './events.ts';

export async function record(tx: Queryable, events: readonly NewEvent[], actor: Actor, at: Date): Promise<LedgerEvent[]> {
  const stored = await appendEvents(tx, events, actor, at);
  await projectEvents(tx, stored);
  return stored;
}
