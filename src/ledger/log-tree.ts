// Each log is a Merkle tree over its events (RFC 9162 hashing: the leaf is the event's payload).
// A log's row keeps the tree's right edge, from which its root follows; the tree's nodes above
// the leaves are kept as C2SP tlog-tiles (tile level L holds the nodes of tree level 8L, 256 to a
// tile), from which any proof is read in a few rows. The leaf hashes themselves are not stored:
// they are a function of the events, which the blocks hold. Between the two, the tree's level-4
// nodes (each over a group of 16 events) are kept, 16 to a leaf tile, so that a proof hashes the
// 16 leaves of its event's group rather than the 256 of its leaf tile (proofs.ts), and the audit
// names an altered event to within its group. A row changes once per 16 events and grows in place.
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

/** The tree level whose nodes are stored between the leaves and the first tile level: a node over 16 events. */
export const GROUP_HEIGHT = 4;
/** Events in a group: the leaves under a level-4 node. */
export const GROUP_WIDTH = 2 ** GROUP_HEIGHT;
/** Level-4 nodes under a leaf tile. */
export const GROUPS_PER_TILE = TILE_WIDTH / GROUP_WIDTH;
/**
 * The `level` of the ledger_tile rows that hold level-4 nodes: row `idx` holds those under leaf
 * tile `idx` (16 when the tile is full, 512 bytes). C2SP tile levels are never negative, so the
 * rows stand apart from the tiles; -4 for the tree level they hold (migration 30).
 */
export const GROUP_ROW_LEVEL = -GROUP_HEIGHT;

/** The ledger_tile row holding a completed node that is stored, or null for a node that is not. */
export function rowOfNode(level: number, index: number): { level: number; idx: number } | null {
  if (level === GROUP_HEIGHT) return { level: GROUP_ROW_LEVEL, idx: Math.floor(index / GROUPS_PER_TILE) };
  if (level > 0 && level % TILE_HEIGHT === 0) return { level: level / TILE_HEIGHT, idx: Math.floor(index / TILE_WIDTH) };
  return null;
}

/** The edge of an empty log. */
export const EMPTY_EDGE = CompactRange.empty().toBytes();

/**
 * Appends leaves, by their leaf hashes, to logs whose rows the caller holds (takeLogs): the
 * nodes they complete at the stored levels (rowOfNode) go into their rows and their heads
 * (with the instant of each log's last new leaf) into their rows; `heads` is updated to the new
 * heads. With the logs' keys (a store on Citus shards), every row written names its log's key
 * as a constant, so that Citus sends each statement to the shards of those logs alone.
 */
export async function extendLogs(
  tx: Queryable,
  heads: Map<number, LogHead>,
  leaves: ReadonlyMap<number, readonly Buffer[]>,
  lastAt: ReadonlyMap<number, string>,
  keys: readonly string[] | null = null,
): Promise<void> {
  const tiles = { log: [] as number[], level: [] as number[], idx: [] as number[], hashes: [] as string[] };
  for (const [log, hashes] of leaves) {
    const head = heads.get(log)!;
    const range = CompactRange.fromBytes(head.edge);
    const completed = range.append(hashes);
    // The completed nodes of the stored levels, in index order within each level: runs of one row.
    let run: { level: number; idx: number; parts: Uint8Array[] } | null = null;
    const flush = () => {
      if (!run) return;
      tiles.log.push(log);
      tiles.level.push(run.level);
      tiles.idx.push(run.idx);
      tiles.hashes.push(Buffer.concat(run.parts).toString('hex'));
      run = null;
    };
    const byLevel = completed.filter((n) => n.level >= GROUP_HEIGHT).sort((a, b) => a.level - b.level || a.index - b.index);
    for (const n of byLevel) {
      const row = rowOfNode(n.level, n.index);
      if (!row) continue;
      const { level, idx } = row;
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
  if (tiles.log.length > 0 && keys) {
    // Rows as values, which Citus routes row by row (rows selected from unnest would pass
    // through the coordinator).
    const params: unknown[] = [];
    const values = tiles.log.map((log, i) => {
      params.push(keys[log], log, tiles.level[i], tiles.idx[i], tiles.hashes[i]);
      const n = params.length;
      return `($${n - 4}, $${n - 3}::smallint, $${n - 2}::smallint, $${n - 1}::bigint, decode($${n}, 'hex'))`;
    });
    await tx.query(
      `INSERT INTO ledger_tile (log_key, log, level, idx, hashes) VALUES ${values.join(', ')}
       ON CONFLICT (log_key, log, level, idx) DO UPDATE SET hashes = ledger_tile.hashes || EXCLUDED.hashes`,
      params,
    );
  } else if (tiles.log.length > 0) {
    // A partial row grows at its end: its log's writers take turns, so nothing else writes it
    // meanwhile.
    await tx.query(
      `INSERT INTO ledger_tile (log, level, idx, hashes)
       SELECT log, level, idx, decode(h, 'hex') FROM unnest($1::int[], $2::int[], $3::bigint[], $4::text[]) AS t(log, level, idx, h)
       ON CONFLICT (log, level, idx) DO UPDATE SET hashes = ledger_tile.hashes || EXCLUDED.hashes`,
      [tiles.log, tiles.level, tiles.idx, tiles.hashes],
    );
  }
  const changed = [...leaves.keys()].map((log) => heads.get(log)!);
  if (keys) {
    // Rows as values, which Citus sends to their shards (in parallel when several), each the
    // head of a log whose row the caller holds (docs/scaling.md says why not one UPDATE). Every
    // log's head row is made when the store is laid out, so each row must update one: a row
    // inserted means a key that is not its log's, and the statement is undone by the throw.
    const params: unknown[] = [];
    const values = changed.map((h) => {
      params.push(keys[h.log], h.log, h.size, h.lastAt!.toISOString(), h.edge.toString('hex'));
      const n = params.length;
      return `($${n - 4}, $${n - 3}::smallint, $${n - 2}::bigint, $${n - 1}::timestamptz, decode($${n}, 'hex'))`;
    });
    const written = await tx.query<{ log: number; updated: boolean }>(
      `INSERT INTO ledger_log (log_key, log, size, last_at, edge) VALUES ${values.join(', ')}
       ON CONFLICT (log_key, log) DO UPDATE SET size = EXCLUDED.size, last_at = EXCLUDED.last_at, edge = EXCLUDED.edge
       RETURNING log, xmax <> 0 AS updated`,
      params,
    );
    const inserted = written.filter((r) => !r.updated).map((r) => r.log);
    if (inserted.length > 0 || written.length !== changed.length) {
      throw new Error(`the heads of logs ${inserted.join(', ') || '(some)'} were not found by their keys: the ledger's log keys do not match its rows`);
    }
    return;
  }
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
