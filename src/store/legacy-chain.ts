// The single hash chain of earlier releases (table ledger_event): each event's hash is
// SHA-256(previous hash || payload), from 32 zero bytes. A store written by them is converted
// into the ledger's logs when it is opened (ledger/upgrade.ts); its chain is checked whole before
// the migration that makes the logs, so a broken chain leaves the store as its release left it.
import { createHash } from 'node:crypto';
import type { Queryable } from '../store/database.ts';

export interface ChainEvent {
  seq: number;
  type: string;
  subjectKey: string | null;
  recordedAt: Date;
  payload: string;
}

export type ChainCheck =
  | { intact: true; events: number; head: string }
  | { intact: false; events: number; firstBroken: { seq: number; reason: string } };

const PAGE = 10_000;

export class ChainBrokenError extends Error {}

/** Refuses (ChainBrokenError) a store whose chain of an earlier release does not verify. */
export async function refuseBrokenChain(q: Queryable): Promise<void> {
  if (!(await hasChain(q))) return;
  const check = await checkChain(q);
  if (!check.intact) {
    throw new ChainBrokenError(
      `the ledger of this store (written by an earlier release) is broken at event ${check.firstBroken.seq}: ${check.firstBroken.reason}; it is not converted, and the store is left as it was`,
    );
  }
}

/** Whether the store still has the chain of an earlier release. */
export async function hasChain(q: Queryable): Promise<boolean> {
  const [row] = await q.query<{ t: string | null }>("SELECT to_regclass('ledger_event')::text AS t");
  return row?.t != null;
}

/** The chain's events in order, a page at a time. */
export async function* chainEvents(q: Queryable): AsyncGenerator<ChainEvent[]> {
  let after = 0;
  for (;;) {
    const rows = await q.query<{ seq: number; type: string; subject_key: string | null; recorded_at: Date; payload: string }>(
      'SELECT seq, type, subject_key, recorded_at, payload FROM ledger_event WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, PAGE],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({ seq: r.seq, type: r.type, subjectKey: r.subject_key, recordedAt: new Date(r.recorded_at), payload: r.payload }));
    after = rows[rows.length - 1]!.seq;
    if (rows.length < PAGE) return;
  }
}

/**
 * Recomputes the whole chain: the first event whose stored hash, previous hash, position or
 * columns disagree with its payload and the chain before it is named.
 */
export async function checkChain(q: Queryable): Promise<ChainCheck> {
  let prev = Buffer.alloc(32);
  let expectedSeq = 1;
  let after = 0;
  for (;;) {
    const rows = await q.query<{ seq: number; type: string; subject_key: string | null; recorded_at: Date; payload: string; prev_hash: string; hash: string }>(
      `SELECT seq, type, subject_key, recorded_at, payload, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash
       FROM ledger_event WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, PAGE],
    );
    for (const row of rows) {
      const broken = (reason: string): ChainCheck => ({ intact: false, events: expectedSeq - 1, firstBroken: { seq: row.seq, reason } });
      if (row.seq !== expectedSeq) return broken(`expected event ${expectedSeq} here, found ${row.seq}: an event is missing`);
      if (row.prev_hash !== prev.toString('hex')) return broken('its previous hash does not match the hash of the event before it');
      const computed = createHash('sha256').update(prev).update(row.payload, 'utf8').digest();
      if (computed.toString('hex') !== row.hash) return broken('its hash does not match its content: the event was altered');
      let parsed: { seq?: unknown; type?: unknown; subject?: unknown; at?: unknown };
      try {
        parsed = JSON.parse(row.payload) as typeof parsed;
      } catch {
        return broken('its payload is not JSON');
      }
      if (parsed.seq !== row.seq || parsed.type !== row.type || parsed.subject !== (row.subject_key ?? null)) {
        return broken('its columns (seq, type or subject) disagree with its hashed payload');
      }
      if (new Date(parsed.at as string).getTime() !== new Date(row.recorded_at).getTime()) return broken('its recorded time disagrees with its hashed payload');
      prev = computed;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }
  return { intact: true, events: expectedSeq - 1, head: prev.toString('hex') };
}
