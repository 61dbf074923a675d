// Appending events and projecting them in one step, inside the caller's transaction: the one
// way services change state.
import type { Queryable } from '../store/database.ts';
import { appendEvents, type PreparedAppend, type UnderLogs } from './ledger.ts';
import { projectEvents } from './projection.ts';
import type { LedgerEvent, NewEvent } from './events.ts';
import type { Actor } from '../kernel/principal.ts';

/** The channel on which every committed append is announced (delivered at commit). */
export const LEDGER_CHANNEL = 'xinyong_ledger';

/**
 * Appends events and projects them; `prepared`: the events as encoded before the transaction
 * (prepareAppend), if they were; `underLogs`: run once the append holds its logs (appendEvents).
 */
export async function appendAndProject(
  tx: Queryable,
  events: readonly NewEvent[],
  actor: Actor,
  at: Date,
  prepared?: PreparedAppend,
  underLogs?: UnderLogs,
): Promise<LedgerEvent[]> {
  const stored = await appendEvents(tx, events, actor, at, prepared, underLogs);
  await projectEvents(tx, stored);
  // Followers (the check index, in this and other processes) learn of the new events at commit.
  const last = stored.at(-1);
  if (last) await tx.query('SELECT pg_notify($1, $2)', [LEDGER_CHANNEL, `${last.log}/${last.index}`]);
  return stored;
}
