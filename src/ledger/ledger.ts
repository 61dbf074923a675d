// Appending to the ledger and reading it back. Appends are serialised by an advisory lock held
// until the transaction ends, so concurrent writers (even in other processes on one PostgreSQL)
// extend one unbroken chain.
import type { Queryable } from '../store/database.ts';
import { copyText } from '../store/copy.ts';
import { canonicalJson } from '../kernel/canonical-json.ts';
import { chainHash, GENESIS_HASH } from './hash-chain.ts';
import type { LedgerEvent, NewEvent } from './events.ts';
import type { Actor } from '../kernel/principal.ts';
import { ADVISORY_LOCK } from '../kernel/constants.ts';


interface EventRow {
  seq: number;
  payload: string;
  prev_hash: string;
  hash: string;
  [k: string]: unknown;
}

export interface Head {
  seq: number;
  hash: string;
}

/**
 * Appends events in order inside the caller's transaction and returns them as stored. All
 * events of one call share the recording instant `at`, or the last event's if that is later:
 * recorded instants never decrease along the ledger, whatever the order in which concurrent
 * writers (or processes with clocks slightly apart) took theirs, so a read as of an instant is
 * always a prefix of the ledger.
 */
export async function appendEvents(tx: Queryable, events: readonly NewEvent[], actorIn: Actor, at: Date): Promise<LedgerEvent[]> {
  if (events.length === 0) return [];
  const actor: Actor = { id: actorIn.id, type: actorIn.type };
  const actorJsons = new Map<Actor, string>();
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.ledger]);
  const [last] = await tx.query<{ seq: number; hash: string; recorded_at: Date }>(
    "SELECT seq, encode(hash, 'hex') AS hash, recorded_at FROM ledger_event ORDER BY seq DESC LIMIT 1",
  );
  let seq = last?.seq ?? 0;
  let prev: Buffer = last ? Buffer.from(last.hash, 'hex') : GENESIS_HASH;
  const lastAt = last ? new Date(last.recorded_at) : at;
  const atIso = (lastAt > at ? lastAt : at).toISOString();
  const atJson = JSON.stringify(atIso);
  const actorJson = canonicalJson(actor);
  const n = events.length;
  const stored = new Array<LedgerEvent>(n);
  let text = '';
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    seq += 1;
    const own = e.actor ? { id: e.actor.id, type: e.actor.type } : actor;
    const event = { actor: own, at: atIso, data: e.data, seq, subject: e.subject, type: e.type } as LedgerEvent;
    // The canonical form of the event, assembled around the data's canonical form (keys in
    // sorted order: actor, at, data, seq, subject, type); equal to canonicalJson(event).
    let ownJson = actorJson;
    if (e.actor) {
      ownJson = actorJsons.get(e.actor) ?? canonicalJson(own);
      actorJsons.set(e.actor, ownJson);
    }
    const payload = `{"actor":${ownJson},"at":${atJson},"data":${e.dataJson ?? canonicalJson(e.data)},"seq":${seq},"subject":${JSON.stringify(e.subject)},"type":${JSON.stringify(e.type)}}`;
    const hash = chainHash(prev, payload);
    text += `${seq}\t${e.type}\t${e.subject === null ? '\\N' : copyText(e.subject)}\t${atIso}\t${copyText(payload)}\t\\\\x${prev.toString('hex')}\t\\\\x${hash.toString('hex')}\n`;
    stored[i] = event;
    prev = hash;
  }
  await tx.copyIn('ledger_event', ['seq', 'type', 'subject_key', 'recorded_at', 'payload', 'prev_hash', 'hash'], text);
  return stored;
}

export function parseEvent(payload: string): LedgerEvent {
  return JSON.parse(payload) as LedgerEvent;
}

/** Reads events after a sequence number, in order, a page at a time. */
export async function* readEvents(q: Queryable, options: { after?: number; pageSize?: number; until?: number } = {}): AsyncGenerator<LedgerEvent[]> {
  let after = options.after ?? 0;
  const pageSize = options.pageSize ?? 5000;
  const until = options.until ?? Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await q.query<{ seq: number; payload: string }>('SELECT seq, payload FROM ledger_event WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3', [
      after,
      until,
      pageSize,
    ]);
    if (rows.length === 0) return;
    yield rows.map((r) => parseEvent(r.payload));
    after = rows[rows.length - 1]!.seq;
    if (rows.length < pageSize) return;
  }
}

/** One subject's events recorded up to an instant, in order (for as-of reads). */
export async function subjectEvents(q: Queryable, subjectKey: string, until?: Date): Promise<LedgerEvent[]> {
  const rows = until
    ? await q.query<{ payload: string }>('SELECT payload FROM ledger_event WHERE subject_key = $1 AND recorded_at <= $2 ORDER BY seq', [
        subjectKey,
        until.toISOString(),
      ])
    : await q.query<{ payload: string }>('SELECT payload FROM ledger_event WHERE subject_key = $1 ORDER BY seq', [subjectKey]);
  return rows.map((r) => parseEvent(r.payload));
}

export type VerifyResult =
  { intact: true; events: number; head: Head } | { intact: false; events: number; head: Head; firstBroken: { seq: number; reason: string } };

/**
 * Recomputes the whole chain. Reports the first event whose stored hash, previous hash,
 * position or columns disagree with its payload and the chain before it.
 */
export async function verifyLedger(q: Queryable, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let expectedPrev: Buffer = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let after = 0;
  const pageSize = 10_000;
  for (;;) {
    const rows = await q.query<EventRow>(
      `SELECT seq, type, subject_key, recorded_at, payload, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash
       FROM ledger_event WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, pageSize],
    );
    for (const row of rows) {
      const broken = (reason: string): VerifyResult => ({
        intact: false,
        events: count,
        head: { seq: row.seq, hash: row.hash },
        firstBroken: { seq: row.seq, reason },
      });
      if (row.seq !== expectedSeq) return broken(`expected event ${expectedSeq} here, found ${row.seq}: an event is missing`);
      if (row.prev_hash !== expectedPrev.toString('hex')) return broken('its previous hash does not match the hash of the event before it');
      const computed = chainHash(expectedPrev, row.payload);
      if (computed.toString('hex') !== row.hash) return broken('its hash does not match its content: the event was altered');
      let parsed: LedgerEvent;
      try {
        parsed = parseEvent(row.payload);
      } catch {
        return broken('its payload is not JSON');
      }
      if (parsed.seq !== row.seq || parsed.type !== row.type || parsed.subject !== (row.subject_key ?? null)) {
        return broken('its columns (seq, type or subject) disagree with its hashed payload');
      }
      if (new Date(parsed.at).getTime() !== new Date(row.recorded_at as string | Date).getTime()) {
        return broken('its recorded time disagrees with its hashed payload');
      }
      expectedPrev = computed;
      expectedSeq++;
      count++;
    }
    onProgress?.(count);
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!.seq;
  }
  return { intact: true, events: count, head: { seq: count, hash: expectedPrev.toString('hex') } };
}

/** When the last event was recorded (null for an empty ledger). */
export async function lastRecordedAt(q: Queryable): Promise<Date | null> {
  const [head] = await q.query<{ at: Date | null }>('SELECT max(recorded_at) AS at FROM ledger_event');
  return head?.at ? new Date(head.at) : null;
}

/** How many events of one type the ledger holds. */
export async function countEvents(q: Queryable, type: LedgerEvent['type']): Promise<number> {
  const [row] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_event WHERE type = $1', [type]);
  return row!.n;
}
