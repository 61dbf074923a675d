// Each log is a Merkle tree over its events (RFC 9162 hashing: the leaf is the event's payload).
// A log's row keeps the tree's right edge, from which its root follows; the tree's nodes above
// the leaves are kept as C2SP tlog-tiles (tile level L holds the nodes of tree level 8L, 256 to a
// tile), from which any proof is read in a few rows. The leaf hashes themselves are not stored:
// they are a function of the events, which the blocks hold, and a proof hashes the 256 leaves of
// the tile it needs from them (proofs.ts). A tile above the leaves changes once per 256 events
// and grows in place.
import type { Queryable } from '../store/database.ts';
import { CompactRange } from './tlog/compact-range.ts';
import { TILE_HEIGHT, TILE_WIDTH } from './tlog/tiles.ts';

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
 * Appends leaves, by their leaf hashes, to logs whose rows the caller holds (takeLogs): the
 * nodes they complete at the tiled levels above the leaves go into the tiles and their heads
 * (with the instant of each log's last new leaf) into their rows; `heads` is updated to the new
 * heads.
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
    const completed = range.append(hashes);
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
    // A partial tile grows at its end: its log's writers take turns, so nothing else writes it
    // meanwhile.
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

/** A log's root from its edge. */
export function rootOf(head: Pick<LogHead, 'edge'>): Buffer {
  return CompactRange.fromBytes(head.edge).root();
}
