// Each log is a Merkle tree over its events (RFC 9162 hashing: the leaf is the event's payload).
// A log's row keeps the tree's right edge, from which its root follows; the tree's nodes are
// kept as C2SP tlog-tiles (tile level L holds the nodes of tree level 8L, 256 to a tile), from
// which any proof is read in a few rows. A tile of leaf hashes is written once, when full (the
// leaves of the last, partial one are hashed from their events when needed): rewriting it at
// every append would leave a dead copy of up to 8 KB behind each one. Higher tiles, which
// change once per 256 events, grow in place.
import type { Queryable } from '../store/database.ts';
import { CompactRange } from './tlog/compact-range.ts';
import { leafHashOfText } from './tlog/merkle.ts';
import { TILE_HEIGHT, TILE_WIDTH } from './tlog/tiles.ts';
import { eventsInRange } from './blocks.ts';

/** A log's head as its row holds it. */
export interface LogHead {
  log: number;
  size: number;
  lastAt: Date | null;
  /** The tree's right edge (CompactRange.toBytes). */
  edge: Buffer;
}

/** The edge of an empty log. */
export const EMPTY_EDGE = CompactRange.empty().toBytes();

/**
 * Appends leaves, by their leaf hashes, to logs whose rows the caller holds (takeLogs): their nodes go into the tiles
 * and their heads (with the instant of each log's last new leaf) into their rows; `heads` is
 * updated to the new heads.
 */
export async function extendLogs(
  tx: Queryable,
  heads: Map<number, LogHead>,
  leaves: ReadonlyMap<number, readonly Buffer[]>,
  lastAt: ReadonlyMap<number, string>,
): Promise<void> {
  const tiles = { log: [] as number[], level: [] as number[], idx: [] as number[], hashes: [] as string[] };
  for (const [log, hashes] of leaves) {
    const head = heads.get(log)!;
    const range = CompactRange.fromBytes(head.edge);
    // The leaf tiles this append fills, each written whole: the leaves already in the log come
    // from the memory of its partial tile, or are hashed from their events.
    const tileStart = Math.floor(range.size / TILE_WIDTH) * TILE_WIDTH;
    const newSize = range.size + hashes.length;
    const edgeKey = head.edge.toString('base64');
    if (tileStart + TILE_WIDTH <= newSize) {
      const earlier = partialLeaves.get(edgeKey) ?? (await eventsInRange(tx, log, tileStart, range.size)).map((e) => leafHashOfText(e.payload));
      if (earlier.length !== range.size - tileStart) throw new Error(`log ${log} lacks events before its head (${range.size})`);
      const all = [...earlier, ...hashes];
      for (let t = tileStart; t + TILE_WIDTH <= newSize; t += TILE_WIDTH) {
        tiles.log.push(log);
        tiles.level.push(0);
        tiles.idx.push(t / TILE_WIDTH);
        tiles.hashes.push(Buffer.concat(all.slice(t - tileStart, t - tileStart + TILE_WIDTH)).toString('hex'));
      }
    }
    const partial = newSize % TILE_WIDTH;
    const before = partialLeaves.get(edgeKey) ?? (range.size === tileStart ? [] : undefined);
    partialLeaves.delete(edgeKey);
    const completed = range.append(hashes);
    if (partial > 0 && (partial <= hashes.length || before)) {
      rememberPartialLeaves(range.toBytes().toString('base64'), partial <= hashes.length ? hashes.slice(-partial) : [...before!, ...hashes]);
    }
    // The completed nodes of the tiled levels, in index order within each level: runs of one tile.
    let run: { level: number; idx: number; parts: Uint8Array[] } | null = null;
    const flush = () => {
      if (!run) return;
      tiles.log.push(log);
      tiles.level.push(run.level);
      tiles.idx.push(run.idx);
      tiles.hashes.push(Buffer.concat(run.parts).toString('hex'));
      run = null;
    };
    const byLevel = completed.filter((n) => n.level > 0 && n.level % TILE_HEIGHT === 0).sort((a, b) => a.level - b.level || a.index - b.index);
    for (const n of byLevel) {
      const level = n.level / TILE_HEIGHT;
      const idx = Math.floor(n.index / TILE_WIDTH);
      if (!run || run.level !== level || run.idx !== idx) {
        flush();
        run = { level, idx, parts: [] };
      }
      run.parts.push(n.hash);
    }
    flush();
    head.size = range.size;
    head.edge = range.toBytes();
    const at = new Date(lastAt.get(log)!);
    if (!head.lastAt || at > head.lastAt) head.lastAt = at;
  }
  if (tiles.log.length > 0) {
    // A partial tile above the leaves grows at its end: its log's writers take turns, so nothing
    // else writes it meanwhile. A leaf tile is only ever written whole.
    await tx.query(
      `INSERT INTO ledger_tile (log, level, idx, hashes)
       SELECT log, level, idx, decode(h, 'hex') FROM unnest($1::int[], $2::int[], $3::bigint[], $4::text[]) AS t(log, level, idx, h)
       ON CONFLICT (log, level, idx) DO UPDATE SET hashes = ledger_tile.hashes || EXCLUDED.hashes`,
      [tiles.log, tiles.level, tiles.idx, tiles.hashes],
    );
  }
  const changed = [...leaves.keys()].map((log) => heads.get(log)!);
  await tx.query(
    `UPDATE ledger_log AS l SET size = u.size, last_at = u.at, edge = decode(u.edge, 'hex')
     FROM unnest($1::int[], $2::bigint[], $3::timestamptz[], $4::text[]) AS u(log, size, at, edge) WHERE l.log = u.log`,
    [changed.map((h) => h.log), changed.map((h) => h.size), changed.map((h) => h.lastAt!.toISOString()), changed.map((h) => h.edge.toString('hex'))],
  );
}

/**
 * The leaf hashes of a log's last, partial tile, by the log's edge when they were taken (an edge
 * determines its tree, so an entry is right for any store whose log has that edge): a writer
 * that fills the tile then need not read them back from the events. Entries of transactions
 * that rolled back are never asked for again; the oldest go first.
 */
const partialLeaves = new Map<string, Buffer[]>();
const PARTIAL_LEAVES_KEPT = 1024;

function rememberPartialLeaves(edge: string, leaves: Buffer[]): void {
  partialLeaves.set(edge, leaves);
  if (partialLeaves.size > PARTIAL_LEAVES_KEPT) partialLeaves.delete(partialLeaves.keys().next().value!);
}

/** A log's root from its edge. */
export function rootOf(head: Pick<LogHead, 'edge'>): Buffer {
  return CompactRange.fromBytes(head.edge).root();
}
