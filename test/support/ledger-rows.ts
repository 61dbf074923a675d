// The ledger's events as rows, for tests that look at what was recorded (the store keeps them
// in compressed blocks, ledger/blocks.ts), and the means to rewrite them as someone who holds
// the database could, for tests of what the audit and the witnesses catch.
import type { Queryable } from '../../src/store/database.ts';
import { BLOCK_COLUMNS, BLOCK_EVENTS, blockCopyLines, eventsInRange, subjectOfPayload, typeOfPayload } from '../../src/ledger/blocks.ts';
import { logSizes } from '../../src/ledger/ledger.ts';
import { logKeysOf } from '../../src/ledger/placement.ts';

export interface EventRow {
  log: number;
  idx: number;
  type: string;
  subject_key: string | null;
  recorded_at: Date;
  payload: string;
}

/** Every event the ledger holds, as rows in log and index order (past each log's head too). */
export async function ledgerRows(q: Queryable, keep: (row: EventRow) => boolean = () => true): Promise<EventRow[]> {
  const sizes = await logSizes(q);
  const out: EventRow[] = [];
  for (let log = 0; log < sizes.length; log++) {
    for (const e of await eventsInRange(q, log, 0, Number.MAX_SAFE_INTEGER)) {
      const row: EventRow = {
        log,
        idx: e.index,
        type: typeOfPayload(e.payload),
        subject_key: subjectOfPayload(e.payload),
        recorded_at: new Date((JSON.parse(e.payload) as { at: string }).at),
        payload: e.payload,
      };
      if (keep(row)) out.push(row);
    }
  }
  return out;
}

/** An event's canonical bytes parsed, with its position: for tests that look into its actor and data. */
export interface ParsedEvent {
  log: number;
  idx: number;
  type: string;
  subject: string | null;
  at: string;
  actor: { id: string; type: string };
  data: Record<string, unknown>;
}

/** Every event the ledger holds, parsed, in log and index order (those `keep` keeps). */
export async function ledgerEvents(q: Queryable, keep: (event: ParsedEvent) => boolean = () => true): Promise<ParsedEvent[]> {
  const rows = await ledgerRows(q);
  return rows.map((r) => ({ log: r.log, idx: r.idx, ...(JSON.parse(r.payload) as Omit<ParsedEvent, 'log' | 'idx'>) })).filter(keep);
}

/** How many events the ledger holds (of one type). */
export async function ledgerCount(q: Queryable, type?: string): Promise<number> {
  return (await ledgerRows(q, (r) => type === undefined || r.type === type)).length;
}

/**
 * Replaces a log's stored events with these (by index; an index left out is an event deleted),
 * with the ledger's append-only triggers off for the caller's transaction. The log's tiles and
 * head are left as they are.
 */
export async function replaceLogEvents(tx: Queryable, log: number, events: ReadonlyArray<{ index: number; payload: string }>): Promise<void> {
  // On Citus shards (ledger/placement.ts) the workers hold the rows: the setting must reach them.
  const keys = await logKeysOf(tx);
  if (keys) await tx.query("SET LOCAL citus.propagate_set_commands = 'local'");
  await tx.query("SET LOCAL session_replication_role = 'replica'");
  await tx.query('DELETE FROM ledger_block WHERE log = $1', [log]);
  const sorted = [...events].sort((a, b) => a.index - b.index);
  let text = '';
  for (let i = 0; i < sorted.length;) {
    // A run of consecutive indexes, in blocks as the ledger writes them.
    let j = i + 1;
    while (j < sorted.length && j - i < BLOCK_EVENTS && sorted[j]!.index === sorted[j - 1]!.index + 1) j++;
    text += blockCopyLines(
      log,
      sorted[i]!.index,
      sorted.slice(i, j).map((e) => ({ subject: subjectOfPayload(e.payload), payload: e.payload })),
    );
    i = j;
  }
  // On Citus shards each row names its log's key.
  if (text && keys) await tx.copyIn('ledger_block', ['log_key', ...BLOCK_COLUMNS], text.replace(/^(?=.)/gm, `${keys[log]}\t`));
  else if (text) await tx.copyIn('ledger_block', BLOCK_COLUMNS, text);
}

/** Rewrites one event's stored bytes in place (triggers off for the caller's transaction). */
export async function rewriteEvent(tx: Queryable, log: number, index: number, payload: string): Promise<void> {
  const events = (await eventsInRange(tx, log, 0, Number.MAX_SAFE_INTEGER)).map((e) => ({ index: e.index, payload: e.index === index ? payload : e.payload }));
  if (!events.some((e) => e.index === index)) throw new Error(`log ${log} has no event ${index}`);
  await replaceLogEvents(tx, log, events);
}
