// Verifying the ledger: every log is recomputed from its events (in parallel, as many at once
// as the store serves), each event checked against its row (position, type, subject, log,
// instant) and its leaf hash against the stored tree, and each log's root against its head and,
// at the size a signed checkpoint states, against that checkpoint's root. The first bad event of
// each log is named; the ledger's head (every log's size and root, and the root over them that a
// checkpoint signs) is what an outsider compares with what was published. From a saved
// checkpoint (`since`), only the growth after it is recomputed: the tree at the saved size must
// have the saved root, and every later event must extend it.
import type { Database, Queryable } from '../store/database.ts';
import { CompactRange } from './tlog/compact-range.ts';
import { HASH_SIZE, leafHash } from './tlog/merkle.ts';
import { logOf, partitionsOf } from './ledger.ts';
import { TILE_WIDTH } from './tlog/tiles.ts';
import { edgeAt } from './proofs.ts';
import { ledgerHead, type LedgerHead } from './head.ts';

const PAGE = 10_000;

export interface BrokenEvent {
  log: number;
  index: number;
  reason: string;
}

export type VerifyResult =
  | { intact: true; events: number; head: LedgerHead }
  | { intact: false; events: number; head: LedgerHead; firstBroken: BrokenEvent; broken: BrokenEvent[] };

interface Row {
  idx: number;
  type: string;
  subject_key: string | null;
  recorded_at: Date;
  payload: string;
  [k: string]: unknown;
}

/** A log's size and root as a checkpoint states them. */
interface SignedState {
  size: number;
  root: Buffer;
}

/**
 * Recomputes one log, from the start or from a saved state; returns its recomputed size and
 * root, or its first bad event. `signed`: the state a checkpoint signed, which the log must pass.
 */
async function verifyLog(
  q: Queryable,
  log: number,
  partitions: number,
  onEvents: (n: number) => void,
  since: SignedState | null,
  signed: SignedState | null,
): Promise<{ size: number; root: Buffer } | BrokenEvent> {
  const [head] = await q.query<{ size: number; edge: Uint8Array }>('SELECT size, edge FROM ledger_log WHERE log = $1', [log]);
  let range = CompactRange.empty();
  let lastAt = -Infinity;
  if (since && since.size > 0) {
    if (since.size > head!.size) return { log, index: head!.size, reason: `the log holds ${head!.size} events, fewer than the ${since.size} of the saved checkpoint: it was rolled back` };
    range = await edgeAt(q, log, since.size);
    if (!range.root().equals(since.root)) return { log, index: since.size - 1, reason: "the log's tree at the saved checkpoint's size has another root: the log was rewritten" };
    const [prev] = await q.query<{ recorded_at: Date }>('SELECT recorded_at FROM ledger_entry WHERE log = $1 AND idx = $2', [log, since.size - 1]);
    lastAt = prev ? new Date(prev.recorded_at).getTime() : -Infinity;
  }
  let tile: Buffer | null = null;
  const checkSigned = (): BrokenEvent | null =>
    signed && range.size === signed.size && !range.root().equals(signed.root)
      ? { log, index: signed.size - 1, reason: "the log's root at the size the latest checkpoint states is not the root it signed" }
      : null;
  if (signed && signed.size < range.size) return { log, index: range.size - 1, reason: 'the latest checkpoint states fewer events than the saved one: it is not an extension of it' };
  const bad = checkSigned();
  if (bad) return bad;
  for (let from = range.size; ; from += PAGE) {
    const rows = await q.query<Row>('SELECT idx, type, subject_key, recorded_at, payload FROM ledger_entry WHERE log = $1 AND idx >= $2 ORDER BY idx LIMIT $3', [
      log,
      from,
      PAGE,
    ]);
    for (const [i, row] of rows.entries()) {
      const index = from + i;
      const broken = (reason: string): BrokenEvent => ({ log, index, reason });
      if (row.idx !== index) return broken(`expected event ${index} here, found ${row.idx}: an event is missing`);
      let parsed: { type?: unknown; subject?: unknown; at?: unknown };
      try {
        parsed = JSON.parse(row.payload) as typeof parsed;
      } catch {
        return broken('its payload is not JSON');
      }
      if (parsed.type !== row.type || parsed.subject !== (row.subject_key ?? null)) return broken('its columns (type or subject) disagree with its payload');
      if (logOf(row.subject_key, partitions) !== log) return broken(`its subject belongs to log ${logOf(row.subject_key, partitions)}, not this one`);
      const at = new Date(row.recorded_at).getTime();
      if (new Date(parsed.at as string).getTime() !== at) return broken('its recorded time disagrees with its payload');
      if (at < lastAt) return broken('it is recorded before the event before it');
      lastAt = at;
      const leaf = leafHash(Buffer.from(row.payload, 'utf8'));
      if (tile === null || index % TILE_WIDTH === 0) tile = await leafTile(q, log, Math.floor(index / TILE_WIDTH));
      const offset = (index % TILE_WIDTH) * HASH_SIZE;
      if (!tile || tile.length < offset + HASH_SIZE || !leaf.equals(tile.subarray(offset, offset + HASH_SIZE))) {
        return broken("its leaf hash is not the one in its log's tree: the event or the tree was altered");
      }
      range.append([leaf]);
      const wrong = checkSigned();
      if (wrong) return wrong;
    }
    onEvents(rows.length);
    if (rows.length < PAGE) break;
  }
  if (range.size < head!.size) return { log, index: range.size, reason: `the event is missing: the log's head says it has ${head!.size} events, and it holds ${range.size}` };
  if (signed && range.size < signed.size) return { log, index: range.size, reason: `the event is missing: the latest checkpoint states ${signed.size} events, and the log holds ${range.size}` };
  if (range.size > head!.size) return { log, index: head!.size, reason: `the log holds ${range.size} events, but its head says ${head!.size}: events were added behind it` };
  const root = range.root();
  if (!root.equals(CompactRange.fromBytes(head!.edge).root())) return { log, index: range.size - 1, reason: "the log's head root is not the root of its events" };
  return { size: range.size, root };
}

async function leafTile(q: Queryable, log: number, idx: number): Promise<Buffer | null> {
  const [row] = await q.query<{ hashes: Uint8Array }>('SELECT hashes FROM ledger_tile WHERE log = $1 AND level = 0 AND idx = $2', [log, idx]);
  return row ? Buffer.from(row.hashes) : null;
}

export interface VerifyOptions {
  onProgress?: (checked: number) => void;
  /** Check only the growth after this saved checkpoint's head. */
  since?: LedgerHead;
  /** The head the latest signed checkpoint states: each log must pass through it. */
  signed?: LedgerHead;
}

export async function verifyLedger(db: Database, options: VerifyOptions = {}): Promise<VerifyResult> {
  const { onProgress, since, signed } = options;
  const partitions = await partitionsOf(db);
  for (const h of [since, signed]) {
    if (h && h.logs.length !== partitions + 1) throw new RangeError(`the checkpoint names ${h.logs.length} logs; this ledger has ${partitions + 1}`);
  }
  const stateOf = (h: LedgerHead | undefined, log: number): SignedState | null =>
    h ? { size: h.logs[log]!.size, root: Buffer.from(h.logs[log]!.root, 'base64') } : null;
  let events = 0;
  const count = (n: number) => {
    events += n;
    onProgress?.(events);
  };
  const results = new Array<{ size: number; root: Buffer } | BrokenEvent>(partitions + 1);
  let next = 0;
  const worker = async () => {
    for (let log = next++; log <= partitions; log = next++) results[log] = await verifyLog(db, log, partitions, count, stateOf(since, log), stateOf(signed, log));
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(db.poolSize, partitions + 1)) }, worker));
  const head = await ledgerHead(db);
  const broken = results.filter((r): r is BrokenEvent => 'reason' in r);
  if (broken.length > 0) return { intact: false, events, head, firstBroken: broken[0]!, broken };
  return { intact: true, events, head };
}
