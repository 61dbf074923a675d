// Proofs for outsiders, read from a log's tiles: that an event is in a log of a given size
// (inclusion), and that a log of one size is a prefix of the same log at a larger size
// (consistency). Each takes O(log n) node hashes, read in one round trip from at most a few tiles
// above the leaves and the blocks of the events whose leaves it needs (at most 256 events a leaf
// tile: the leaf hashes are not stored, but hashed from the events).
import { createHash, hash } from 'node:crypto';
import type { Queryable } from '../store/database.ts';
import { CompactRange, rangeNodes, type NodeId } from './tlog/compact-range.ts';
import { consistencyNodes, inclusionNodes, type ProofNodes } from './tlog/proof.ts';
import { tileForNode, TILE_WIDTH } from './tlog/tiles.ts';
import { HASH_SIZE, leafHashInPlace, nodeHash } from './tlog/merkle.ts';
import { blockPayloadBytes } from './blocks.ts';

export class ProofUnavailable extends Error {}

/** A stored block of a log: its first event's index and its bytes. */
interface StoredBlock {
  first: number;
  data: Uint8Array;
}

/**
 * The hashes of nodes complete in the log at `size`, in one statement: the tiles above the leaves
 * that hold them, each looked up by its key, and the blocks holding the events of every leaf tile
 * they need, whose leaves are hashed from those events (each lateral subquery, kept apart by its
 * LIMIT or OFFSET, is never turned into a join that scans every tile or block of the log).
 */
async function nodeHashes(q: Queryable, log: number, size: number, ids: readonly NodeId[]): Promise<Buffer[]> {
  const places = ids.map((id) => tileForNode(id, size));
  const wanted = [...new Map(places.map((p) => [`${p.tile.level}/${p.tile.index}`, p.tile])).values()];
  if (wanted.length === 0) return [];
  const stored = wanted.filter((t) => t.level > 0);
  const leafTiles = wanted.filter((t) => t.level === 0).map((t) => ({ index: t.index, from: t.index * TILE_WIDTH, to: Math.min((t.index + 1) * TILE_WIDTH, size) }));
  const rows = await q.query<{ level: number | null; idx: number; data: Uint8Array }>(
    `SELECT w.level, w.idx, t.hashes AS data FROM unnest($2::int[], $3::bigint[]) AS w(level, idx)
       CROSS JOIN LATERAL (SELECT hashes FROM ledger_tile WHERE log = $1 AND level = w.level AND idx = w.idx LIMIT 1) t
     UNION ALL
     SELECT NULL, b.first_idx, b.data FROM unnest($4::bigint[], $5::bigint[]) AS r(lo, hi)
       CROSS JOIN LATERAL (
         SELECT first_idx, data FROM ledger_block
          WHERE log = $1 AND first_idx < r.hi
            AND first_idx >= coalesce((SELECT max(first_idx) FROM ledger_block WHERE log = $1 AND first_idx <= r.lo), 0)
         OFFSET 0
       ) b`,
    [log, stored.map((t) => t.level), stored.map((t) => t.index), leafTiles.map((t) => t.from), leafTiles.map((t) => t.to)],
  );
  const tiles = new Map<string, Uint8Array>();
  const blocks = new Map<number, StoredBlock>();
  for (const r of rows) {
    if (r.level === null) blocks.set(r.idx, { first: r.idx, data: r.data });
    else tiles.set(`${r.level}/${r.idx}`, r.data);
  }
  if (leafTiles.length > 0) {
    const sorted = [...blocks.values()].sort((x, y) => x.first - y.first);
    for (const t of leafTiles) tiles.set(`0/${t.index}`, leafTile(log, t.from, t.to, sorted));
  }
  return places.map((p) => {
    const bytes = tiles.get(`${p.tile.level}/${p.tile.index}`);
    if (!bytes || bytes.length < (p.start + p.count) * HASH_SIZE) throw new ProofUnavailable(`log ${log} lacks tile ${p.tile.level}/${p.tile.index} of its tree at size ${size}`);
    return subtreeOfTile(bytes, p.start, p.count);
  });
}

/**
 * The root of the perfect subtree over `count` (a power of two) hashes of a tile from `start`,
 * hashed level by level. A proof's nodes in the tiles are the same for many proofs: roots over
 * many hashes are kept by those hashes' own digest (what they are, not where they are stored),
 * so a root is never served for other bytes than its own.
 */
function subtreeOfTile(tile: Uint8Array, start: number, count: number): Buffer {
  const bytes = Buffer.from(tile.buffer, tile.byteOffset + start * HASH_SIZE, count * HASH_SIZE);
  if (count === 1) return Buffer.from(bytes);
  const key = count >= SUBTREES_FROM ? `${count}/${hash('sha256', bytes, 'base64')}` : null;
  const kept = key === null ? undefined : subtrees.get(key);
  if (kept) return kept;
  let level: Buffer[] = [];
  for (let i = 0; i < count; i++) level.push(bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(nodeHash(level[i]!, level[i + 1]!));
    level = up;
  }
  const root = Buffer.from(level[0]!);
  if (key !== null) {
    subtrees.set(key, root);
    if (subtrees.size > SUBTREES_KEPT) subtrees.delete(subtrees.keys().next().value!);
  }
  return root;
}

const subtrees = new Map<string, Buffer>();
const SUBTREES_KEPT = 4096;
/** Below this many hashes, hashing them up costs less than keeping their root. */
const SUBTREES_FROM = 16;

/**
 * The leaf hashes of events [from, to) of a log (one leaf tile, or the part of it a tree of that
 * size has), hashed from the blocks that hold them (`blocks` in order; others are passed over).
 * Proofs against the latest checkpoint all need the same leaf tiles, so the hashes are kept by
 * the range and by the digest of the blocks' indexes and bytes: what the events are, not where
 * they are read from, so that hashes are never served for other events than their own (another
 * store, or a block altered behind the ledger's back, has other bytes). A range the blocks do
 * not hold exactly, each event once, has no leaves.
 */
function leafTile(log: number, from: number, to: number, blocks: readonly StoredBlock[]): Buffer {
  let lo = 0;
  while (lo + 1 < blocks.length && blocks[lo + 1]!.first <= from) lo++;
  let hi = lo;
  while (hi < blocks.length && blocks[hi]!.first < to) hi++;
  const own = blocks.slice(lo, hi);
  const digest = createHash('sha256');
  for (const b of own) digest.update(`${b.first}:${b.data.length}:`).update(b.data);
  const key = `${log}/${from}/${to}/${digest.digest('base64')}`;
  const kept = leafTiles.get(key);
  if (kept) return kept;
  const tile = Buffer.alloc((to - from) * HASH_SIZE);
  let next = from;
  for (const b of own) {
    if (b.first > next) break;
    // The events' bytes as stored, a newline between two, each hashed where it lies (the bytes
    // are this block's own, freshly decompressed: its separators can be given up).
    const bytes = blockPayloadBytes(b.data);
    for (let index = b.first, start = 0; start <= bytes.length && next < to; index++) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      if (index === next) leafHashInPlace(bytes, start, end).copy(tile, (next++ - from) * HASH_SIZE);
      start = end + 1;
    }
  }
  if (next < to) throw new ProofUnavailable(`log ${log} lacks events ${next} to ${to - 1}: no block holds them in order`);
  leafTiles.set(key, tile);
  if (leafTiles.size > LEAF_TILES_KEPT) leafTiles.delete(leafTiles.keys().next().value!);
  return tile;
}

const leafTiles = new Map<string, Buffer>();
const LEAF_TILES_KEPT = 256;

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
