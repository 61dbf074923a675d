// The level-4 nodes that a log written before migration 30 lacks, hashed from its events and
// stored as appends store them (log-tree.ts). Its leaf tiles are filled from the last down, a
// batch at a time: the last first, since appends extend the row of a partial leaf tile in place
// and must find it there; each batch lowers the log's count in ledger_level4_fill in its own
// transaction, so that a fill stopped midway resumes where it stood. A full tile's nodes are
// stored only when they hash to the level-8 node above them: the nodes of altered events are
// never stored as the tree's (proofs hash that tile whole, and the audit names it).
import type { Queryable } from '../store/database.ts';
import { hashLeaves, ProofUnavailable, readBlocks, rootsBySixteen } from './proofs.ts';
import { HASH_SIZE } from './tlog/merkle.ts';
import { TILE_WIDTH } from './tlog/tiles.ts';
import { GROUP_ROW_LEVEL } from './log-tree.ts';
import { logKeysOf } from './placement.ts';

/** What a batch did: tiles filled, full tiles passed over (their nodes are not the tree's), and whether any log has tiles left. */
export interface FillBatch {
  filled: number;
  refused: number;
  more: boolean;
}

/**
 * Fills up to `tilesPerLog` leaf tiles of each log that lacks level-4 nodes, from its highest
 * unfilled tile down. The logs' rows are held meanwhile, so that their last leaf tiles do not grow.
 */
export async function fillLevel4Batch(q: Queryable, tilesPerLog: number): Promise<FillBatch> {
  // A store laid out on Citus shards is made after migration 30, with nothing to fill (and
  // Citus runs no locking read over several shards).
  const keys = await logKeysOf(q);
  const pending = await q.query<{ log: number; tiles: number | string }>(`SELECT log, tiles FROM ledger_level4_fill ORDER BY log${keys ? '' : ' FOR UPDATE'}`);
  if (pending.length === 0) return { filled: 0, refused: 0, more: false };
  if (keys) throw new Error('a store laid out on Citus shards lacks level-4 nodes that only a store written before migration 30 lacks');
  const sizes = new Map(
    (
      await q.query<{ log: number; size: number | string }>('SELECT log, size FROM ledger_log WHERE log = ANY($1::int[]) ORDER BY log FOR UPDATE', [
        pending.map((p) => p.log),
      ])
    ).map((r) => [r.log, Number(r.size)]),
  );
  const rows = { log: [] as number[], idx: [] as number[], hashes: [] as string[] };
  let filled = 0;
  let refused = 0;
  let more = false;
  for (const p of pending) {
    const tiles = Number(p.tiles);
    const lo = Math.max(0, tiles - tilesPerLog);
    const size = sizes.get(p.log) ?? 0;
    const from = lo * TILE_WIDTH;
    const to = Math.min(tiles * TILE_WIDTH, size);
    const leaves = await leavesByTile(q, p.log, from, to);
    const above = await q.query<{ idx: number | string; hashes: Uint8Array }>('SELECT idx, hashes FROM ledger_tile WHERE log = $1 AND level = 1 AND idx BETWEEN $2 AND $3', [
      p.log,
      Math.floor(lo / TILE_WIDTH),
      Math.floor((tiles - 1) / TILE_WIDTH),
    ]);
    const level8 = new Map(above.map((t) => [Number(t.idx), t.hashes]));
    for (let tile = lo; tile < tiles && tile * TILE_WIDTH < to; tile++) {
      const own = leaves[tile - lo];
      if (!own) {
        refused++;
        continue;
      }
      const nodes = rootsBySixteen(own);
      if (own.length === TILE_WIDTH * HASH_SIZE) {
        const stored = level8.get(Math.floor(tile / TILE_WIDTH));
        const at = (tile % TILE_WIDTH) * HASH_SIZE;
        if (!stored || stored.length < at + HASH_SIZE || !rootsBySixteen(nodes).equals(Buffer.from(stored.buffer, stored.byteOffset + at, HASH_SIZE))) {
          refused++;
          continue;
        }
      }
      if (nodes.length === 0) continue;
      rows.log.push(p.log);
      rows.idx.push(tile);
      rows.hashes.push(nodes.toString('hex'));
      filled++;
    }
    if (lo > 0) {
      await q.query('UPDATE ledger_level4_fill SET tiles = $2 WHERE log = $1', [p.log, lo]);
      more = true;
    } else {
      await q.query('DELETE FROM ledger_level4_fill WHERE log = $1', [p.log]);
    }
  }
  if (rows.log.length > 0) {
    // What the events hash to replaces whatever an append may have written of the tile's row.
    await q.query(
      `INSERT INTO ledger_tile (log, level, idx, hashes)
       SELECT log, ${GROUP_ROW_LEVEL}, idx, decode(h, 'hex') FROM unnest($1::int[], $2::bigint[], $3::text[]) AS t(log, idx, h)
       ON CONFLICT (log, level, idx) DO UPDATE SET hashes = EXCLUDED.hashes`,
      [rows.log, rows.idx, rows.hashes],
    );
  }
  return { filled, refused, more };
}

/**
 * The leaf hashes of events [from, to) of a log, by leaf tile from the one holding `from`: a
 * tile whose events cannot be read (a block missing, out of order or not inflating) has none, and
 * is left unfilled for the audit to name, while the store still opens.
 */
async function leavesByTile(q: Queryable, log: number, from: number, to: number): Promise<Array<Buffer | null>> {
  const tiles: Array<Buffer | null> = [];
  if (from >= to) return tiles;
  const whole = await unlessUnreadable(async () => hashLeaves(log, from, to, await readBlocks(q, log, from, to)));
  for (let f = from; f < to; f += TILE_WIDTH) {
    const t = Math.min(f + TILE_WIDTH, to);
    tiles.push(whole ? whole.subarray((f - from) * HASH_SIZE, (t - from) * HASH_SIZE) : await unlessUnreadable(async () => hashLeaves(log, f, t, await readBlocks(q, log, f, t))));
  }
  return tiles;
}

/** What `read` answers, or null when the events it reads cannot be read (not when the store fails). */
async function unlessUnreadable(read: () => Promise<Buffer>): Promise<Buffer | null> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ProofUnavailable || (typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('Z_'))) return null;
    throw err;
  }
}
