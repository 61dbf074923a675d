// Proofs for outsiders, read from a log's tiles: that an event is in a log of a given size
// (inclusion), and that a log of one size is a prefix of the same log at a larger size
// (consistency). Each takes O(log n) node hashes, read in one round trip from at most a few tiles
// above the leaves, the rows of level-4 nodes of the leaf tiles it reaches into, and the blocks of
// the events whose leaves it needs: the leaf hashes are not stored, but hashed from the events of
// a group of 16, and the nodes of levels 4 to 7 are made from the stored level-4 nodes. Where a
// leaf tile's level-4 nodes are missing or are not those of the tree above them, its 256 events
// are hashed instead.
import { createHash, hash } from 'node:crypto';
import type { Queryable } from '../store/database.ts';
import { CompactRange, rangeNodes, type NodeId } from './tlog/compact-range.ts';
import { consistencyNodes, inclusionNodes, type ProofNodes } from './tlog/proof.ts';
import { tileForNode, TILE_WIDTH, type Tile } from './tlog/tiles.ts';
import { HASH_SIZE, leafHashInPlace, nodeHash } from './tlog/merkle.ts';
import { blockPayloadBytes } from './blocks.ts';
import { GROUP_ROW_LEVEL, GROUP_WIDTH, GROUPS_PER_TILE } from './log-tree.ts';
import { logKeysOf, onLogShard } from './placement.ts';

export class ProofUnavailable extends Error {}

/** A stored block of a log: its first event's index and its bytes. */
export interface StoredBlock {
  first: number;
  data: Uint8Array;
}

/** A leaf tile a proof reaches into: its events in the tree of the proof's size, and what it needs of them. */
interface LeafTileNeed {
  index: number;
  from: number;
  to: number;
  /** Nodes of levels 4 to 7, made from the tile's level-4 nodes. */
  nodes: boolean;
  /** The groups (by number in the log) whose leaves it needs, for nodes of levels 0 to 3. */
  groups: Set<number>;
}

/** The hashes a proof takes from a leaf tile: its level-4 nodes, and the leaves of the groups it needs. */
interface LeafTileHashes {
  nodes: Uint8Array | null;
  leaves: (group: number) => Buffer;
}

const tileKey = (t: Pick<Tile, 'level' | 'index'>) => `${t.level}/${t.index}`;

/**
 * The hashes of nodes complete in the log at `size`, in one statement: the tiles above the leaves
 * that hold them and the rows of level-4 nodes of the leaf tiles they reach into, each looked up
 * by its key, and the blocks holding the events of every group whose leaves they need, or of the
 * whole leaf tile where its row of level-4 nodes is missing or too short (each lateral subquery,
 * kept apart by its LIMIT or OFFSET, is never turned into a join that scans every tile or block of
 * the log).
 */
async function nodeHashes(q: Queryable, log: number, size: number, ids: readonly NodeId[]): Promise<Buffer[]> {
  const places = ids.map((id) => tileForNode(id, size));
  if (places.length === 0) return [];
  const stored = new Map<string, Pick<Tile, 'level' | 'index'>>();
  const leafTiles = new Map<number, LeafTileNeed>();
  for (const p of places) {
    if (p.tile.level > 0) {
      stored.set(tileKey(p.tile), p.tile);
      continue;
    }
    let need = leafTiles.get(p.tile.index);
    if (!need) {
      const from = p.tile.index * TILE_WIDTH;
      leafTiles.set(p.tile.index, (need = { index: p.tile.index, from, to: from + p.tile.width, nodes: false, groups: new Set() }));
    }
    if (p.count >= GROUP_WIDTH) need.nodes = true;
    else need.groups.add(Math.floor((need.from + p.start) / GROUP_WIDTH));
  }
  // Per leaf tile needing nodes: its row, and the tile holding its level-8 node when it is full
  // (what the row is checked against); per group needing leaves, its events' range (and an empty
  // range for a tile that needs none, which the statement widens to the tile's where its row is
  // missing or short).
  const ranges = { lo: [] as number[], hi: [] as number[], tile: [] as number[], need: [] as number[], end: [] as number[] };
  const range = (need: LeafTileNeed, lo: number, hi: number) => {
    ranges.lo.push(lo);
    ranges.hi.push(hi);
    ranges.tile.push(need.index);
    ranges.need.push(need.nodes ? groupsIn(need) * HASH_SIZE : 0);
    ranges.end.push(need.to);
  };
  for (const need of leafTiles.values()) {
    if (need.nodes) {
      stored.set(`${GROUP_ROW_LEVEL}/${need.index}`, { level: GROUP_ROW_LEVEL, index: need.index });
      if (need.to - need.from === TILE_WIDTH) {
        const above = tileForNode({ level: 8, index: need.index }, size).tile;
        stored.set(tileKey(above), above);
      }
      if (need.groups.size === 0) range(need, need.from, need.from);
    }
    for (const g of need.groups) range(need, g * GROUP_WIDTH, Math.min((g + 1) * GROUP_WIDTH, need.to));
  }
  const wanted = [...stored.values()];
  // On Citus shards, the log's key sends the whole statement to its shard.
  const shard = onLogShard(await logKeysOf(q), log, 9);
  const rows = await q.query<{ level: number | null; idx: number; data: Uint8Array }>(
    `SELECT w.level, w.idx, t.hashes AS data FROM unnest($2::int[], $3::bigint[]) AS w(level, idx)
       CROSS JOIN LATERAL (SELECT hashes FROM ledger_tile WHERE log = $1 AND level = w.level AND idx = w.idx${shard.sql} LIMIT 1) t
     UNION ALL
     SELECT NULL, b.first_idx, b.data FROM unnest($4::bigint[], $5::bigint[], $6::bigint[], $7::int[], $8::bigint[]) AS r(lo, hi, tile, need, tile_end)
       CROSS JOIN LATERAL (
         SELECT CASE WHEN held THEN r.lo ELSE r.tile * ${TILE_WIDTH} END AS lo, CASE WHEN held THEN r.hi ELSE r.tile_end END AS hi
           FROM (SELECT r.need = 0 OR EXISTS (
                   SELECT 1 FROM ledger_tile WHERE log = $1 AND level = ${GROUP_ROW_LEVEL} AND idx = r.tile AND octet_length(hashes) >= r.need${shard.sql}
                 ) AS held) h
       ) x
       CROSS JOIN LATERAL (
         SELECT first_idx, data FROM ledger_block
          WHERE log = $1 AND first_idx < x.hi AND x.lo < x.hi${shard.sql}
            AND first_idx >= coalesce((SELECT max(first_idx) FROM ledger_block WHERE log = $1 AND first_idx <= x.lo${shard.sql}), 0)
         OFFSET 0
       ) b`,
    [log, wanted.map((t) => t.level), wanted.map((t) => t.index), ranges.lo, ranges.hi, ranges.tile, ranges.need, ranges.end, ...shard.params],
  );
  const tiles = new Map<string, Uint8Array>();
  const blocks = new Map<number, StoredBlock>();
  for (const r of rows) {
    if (r.level === null) blocks.set(r.idx, { first: r.idx, data: r.data });
    else tiles.set(`${r.level}/${r.idx}`, r.data);
  }
  const sorted = [...blocks.values()].sort((x, y) => x.first - y.first);
  const made = new Map<number, LeafTileHashes>();
  for (const need of leafTiles.values()) made.set(need.index, await leafTileHashes(q, log, need, tiles, sorted));
  return places.map((p) => {
    if (p.tile.level === 0) {
      const hashes = made.get(p.tile.index)!;
      if (p.count >= GROUP_WIDTH) return subtreeOfTile(hashes.nodes!, p.start / GROUP_WIDTH, p.count / GROUP_WIDTH);
      const group = Math.floor(p.start / GROUP_WIDTH);
      return subtreeOfTile(hashes.leaves(p.tile.index * GROUPS_PER_TILE + group), p.start - group * GROUP_WIDTH, p.count);
    }
    const bytes = tiles.get(tileKey(p.tile));
    if (!bytes || bytes.length < (p.start + p.count) * HASH_SIZE) throw new ProofUnavailable(`log ${log} lacks tile ${p.tile.level}/${p.tile.index} of its tree at size ${size}`);
    return subtreeOfTile(bytes, p.start, p.count);
  });
}

/** How many level-4 nodes a leaf tile has in the tree: its whole groups. */
const groupsIn = (need: Pick<LeafTileNeed, 'from' | 'to'>) => Math.floor((need.to - need.from) / GROUP_WIDTH);

/**
 * A leaf tile's level-4 nodes (where the proof needs them) and its groups' leaves. The stored row
 * of level-4 nodes is taken when it is the tree's: a full tile's nodes must hash to the level-8
 * node stored above them. Otherwise the tile's events are hashed whole: the statement read their
 * blocks where the row is missing or short; where it is there but wrong, they are read now.
 */
async function leafTileHashes(q: Queryable, log: number, need: LeafTileNeed, tiles: Map<string, Uint8Array>, blocks: readonly StoredBlock[]): Promise<LeafTileHashes> {
  const groupLeaves = (from: readonly StoredBlock[]) => (group: number) =>
    leavesOf(log, group * GROUP_WIDTH, Math.min((group + 1) * GROUP_WIDTH, need.to), from);
  if (!need.nodes) return { nodes: null, leaves: groupLeaves(blocks) };
  const row = tiles.get(`${GROUP_ROW_LEVEL}/${need.index}`);
  const held = row !== undefined && row.length >= groupsIn(need) * HASH_SIZE;
  if (held && isTreeRow(row, need, tiles)) return { nodes: row, leaves: groupLeaves(blocks) };
  const own = held ? await readBlocks(q, log, need.from, need.to) : blocks;
  const leaves = leavesOf(log, need.from, need.to, own);
  return { nodes: rootsBySixteen(leaves), leaves: (group) => leaves.subarray((group * GROUP_WIDTH - need.from) * HASH_SIZE, (Math.min((group + 1) * GROUP_WIDTH, need.to) - need.from) * HASH_SIZE) };
}

/** Whether a full leaf tile's row of level-4 nodes hashes to the level-8 node stored above it (a partial tile's has none above it). */
function isTreeRow(row: Uint8Array, need: LeafTileNeed, tiles: Map<string, Uint8Array>): boolean {
  if (need.to - need.from < TILE_WIDTH) return true;
  const above = tiles.get(`1/${Math.floor(need.index / TILE_WIDTH)}`);
  const at = (need.index % TILE_WIDTH) * HASH_SIZE;
  if (!above || above.length < at + HASH_SIZE) return false;
  return subtreeOfTile(row, 0, GROUPS_PER_TILE).equals(Buffer.from(above.buffer, above.byteOffset + at, HASH_SIZE));
}

/** The blocks holding a log's events [from, to), in order. */
export async function readBlocks(q: Queryable, log: number, from: number, to: number): Promise<StoredBlock[]> {
  const shard = onLogShard(await logKeysOf(q), log, 4);
  const rows = await q.query<{ first_idx: number; data: Uint8Array }>(
    `SELECT first_idx, data FROM ledger_block
      WHERE log = $1 AND first_idx < $3${shard.sql}
        AND first_idx >= coalesce((SELECT max(first_idx) FROM ledger_block WHERE log = $1 AND first_idx <= $2${shard.sql}), 0)
      ORDER BY first_idx`,
    [log, from, to, ...shard.params],
  );
  return rows.map((r) => ({ first: r.first_idx, data: r.data }));
}

/** The roots of each whole run of 16 hashes of `hashes` (one after another): of a leaf tile's leaves, its level-4 nodes; of those, its level-8 node. */
export function rootsBySixteen(hashes: Uint8Array): Buffer {
  const count = Math.floor(hashes.length / HASH_SIZE / GROUP_WIDTH);
  const out = Buffer.alloc(count * HASH_SIZE);
  for (let g = 0; g < count; g++) perfectRoot(hashes, g * GROUP_WIDTH, GROUP_WIDTH).copy(out, g * HASH_SIZE);
  return out;
}

/** The root of the perfect subtree over `count` (a power of two) hashes of `bytes` from `start`, hashed level by level. */
function perfectRoot(bytes: Uint8Array, start: number, count: number): Buffer {
  const own = Buffer.from(bytes.buffer, bytes.byteOffset + start * HASH_SIZE, count * HASH_SIZE);
  if (count === 1) return Buffer.from(own);
  let level: Buffer[] = [];
  for (let i = 0; i < count; i++) level.push(own.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(nodeHash(level[i]!, level[i + 1]!));
    level = up;
  }
  return Buffer.from(level[0]!);
}

/**
 * The root of the perfect subtree over `count` (a power of two) hashes of a tile from `start`. A
 * proof's nodes in the tiles are the same for many proofs: roots over many hashes are kept by
 * those hashes' own digest (what they are, not where they are stored), so a root is never served
 * for other bytes than its own.
 */
function subtreeOfTile(tile: Uint8Array, start: number, count: number): Buffer {
  if (count < SUBTREES_FROM) return perfectRoot(tile, start, count);
  const key = `${count}/${hash('sha256', Buffer.from(tile.buffer, tile.byteOffset + start * HASH_SIZE, count * HASH_SIZE), 'base64')}`;
  const kept = subtrees.get(key);
  if (kept) return kept;
  const root = perfectRoot(tile, start, count);
  subtrees.set(key, root);
  if (subtrees.size > SUBTREES_KEPT) subtrees.delete(subtrees.keys().next().value!);
  return root;
}

const subtrees = new Map<string, Buffer>();
const SUBTREES_KEPT = 4096;
/** Below this many hashes, hashing them up costs less than keeping their root. */
const SUBTREES_FROM = 16;

/**
 * The leaf hashes of events [from, to) of a log (a group of 16, a leaf tile, or the part of one a
 * tree of that size has), hashed from the blocks that hold them (`blocks` in order; others are
 * passed over). Proofs against the latest checkpoint all need the same leaves, so the hashes are
 * kept by the range and by the digest of the blocks' indexes and bytes: what the events are, not
 * where they are read from, so that hashes are never served for other events than their own
 * (another store, or a block altered behind the ledger's back, has other bytes). A range the
 * blocks do not hold exactly, each event once, has no leaves.
 */
export function leavesOf(log: number, from: number, to: number, blocks: readonly StoredBlock[]): Buffer {
  let lo = 0;
  while (lo + 1 < blocks.length && blocks[lo + 1]!.first <= from) lo++;
  let hi = lo;
  while (hi < blocks.length && blocks[hi]!.first < to) hi++;
  const own = blocks.slice(lo, hi);
  const digest = createHash('sha256');
  for (const b of own) digest.update(`${b.first}:${b.data.length}:`).update(b.data);
  const key = `${log}/${from}/${to}/${digest.digest('base64')}`;
  const kept = leafRanges.get(key);
  if (kept) return kept;
  const leaves = hashLeaves(log, from, to, own);
  leafRanges.set(key, leaves);
  if (leafRanges.size > LEAF_RANGES_KEPT) leafRanges.delete(leafRanges.keys().next().value!);
  return leaves;
}

const leafRanges = new Map<string, Buffer>();
const LEAF_RANGES_KEPT = 1024;

/** The leaf hashes of events [from, to) of a log, hashed from the blocks that hold them (in order, the one holding `from` first). */
export function hashLeaves(log: number, from: number, to: number, own: readonly StoredBlock[]): Buffer {
  const leaves = Buffer.alloc((to - from) * HASH_SIZE);
  let next = from;
  for (const b of own) {
    if (b.first > next) break;
    // The events' bytes as stored, a newline between two, each hashed where it lies (the bytes
    // are this block's own, freshly decompressed: its separators can be given up).
    const bytes = blockPayloadBytes(b.data);
    for (let index = b.first, start = 0; start <= bytes.length && next < to; index++) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      if (index === next) leafHashInPlace(bytes, start, end).copy(leaves, (next++ - from) * HASH_SIZE);
      start = end + 1;
    }
  }
  if (next < to) throw new ProofUnavailable(`log ${log} lacks events ${next} to ${to - 1}: no block holds them in order`);
  return leaves;
}

async function proofOf(q: Queryable, log: number, size: number, nodes: ProofNodes): Promise<Buffer[]> {
  return nodes.rehash(await nodeHashes(q, log, size, nodes.ids)).map((h) => Buffer.from(h));
}

/** The inclusion proof of event `index` of a log in its tree of `size` events. */
export function inclusionProof(q: Queryable, log: number, index: number, size: number): Promise<Buffer[]> {
  return proofOf(q, log, size, inclusionNodes(index, size));
}

/** The inclusion proof of event `index` of a log in its tree of `size` events, with the event's leaf hash, in one read. */
export async function inclusionWithLeaf(q: Queryable, log: number, index: number, size: number): Promise<{ leafHash: Buffer; proof: Buffer[] }> {
  const nodes = inclusionNodes(index, size);
  const leaf: NodeId = { level: 0, index };
  const hashes = await nodeHashes(q, log, size, [leaf, ...nodes.ids]);
  return { leafHash: hashes[0]!, proof: nodes.rehash(hashes.slice(1)).map((h) => Buffer.from(h)) };
}

/** The consistency proof of a log from `size1` to `size2` events (none from an empty log). */
export async function consistencyProof(q: Queryable, log: number, size1: number, size2: number): Promise<Buffer[]> {
  if (size1 === 0) return [];
  return proofOf(q, log, size2, consistencyNodes(size1, size2));
}

/** The right edge of a log's tree at `size` (what a later append extends), from its tiles. */
export async function edgeAt(q: Queryable, log: number, size: number): Promise<CompactRange> {
  return CompactRange.of(size, await nodeHashes(q, log, size, rangeNodes(0, size)));
}

/** The leaf hash of event `index` of a log, as its tree holds it. */
export async function storedLeafHash(q: Queryable, log: number, index: number): Promise<Buffer> {
  const [hash] = await nodeHashes(q, log, index + 1, [{ level: 0, index }]);
  return hash!;
}
