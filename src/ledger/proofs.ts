// Proofs for outsiders, read from a log's tiles: that an event is in a log of a given size
// (inclusion), and that a log of one size is a prefix of the same log at a larger size
// (consistency). Each takes O(log n) node hashes, read in one round trip from at most a few tiles
// (and, for the leaves of a log's last, partial tile, from the blocks of at most 256 events).
import { hash } from 'node:crypto';
import type { Queryable } from '../store/database.ts';
import { CompactRange, rangeNodes, type NodeId } from './tlog/compact-range.ts';
import { consistencyNodes, inclusionNodes, type ProofNodes } from './tlog/proof.ts';
import { tileForNode, TILE_WIDTH } from './tlog/tiles.ts';
import { HASH_SIZE, leafHashOfText, nodeHash } from './tlog/merkle.ts';
import { decodeBlock } from './blocks.ts';

export class ProofUnavailable extends Error {}

/**
 * The hashes of nodes complete in the log at `size`, from its tiles, in one statement: with
 * them, the blocks holding the leaf tile that is partial at `size`, whose leaves are hashed from
 * their events unless the tile has been stored since (the log grew past it). Each tile is looked
 * up by its key (the lateral subquery, kept apart by its LIMIT, is never turned into a join that
 * scans every tile of the log).
 */
async function nodeHashes(q: Queryable, log: number, size: number, ids: readonly NodeId[]): Promise<Buffer[]> {
  const places = ids.map((id) => tileForNode(id, size));
  const wanted = [...new Map(places.map((p) => [`${p.tile.level}/${p.tile.index}`, p.tile])).values()];
  if (wanted.length === 0) return [];
  const partial = wanted.find((t) => t.level === 0 && (t.index + 1) * TILE_WIDTH > size);
  const from = partial ? partial.index * TILE_WIDTH : null;
  const rows = await q.query<{ level: number | null; idx: number; data: Uint8Array }>(
    `SELECT w.level, w.idx, t.hashes AS data FROM unnest($2::int[], $3::bigint[]) AS w(level, idx)
       CROSS JOIN LATERAL (SELECT hashes FROM ledger_tile WHERE log = $1 AND level = w.level AND idx = w.idx LIMIT 1) t
     UNION ALL
     SELECT NULL, b.first_idx, b.data FROM ledger_block b
      WHERE $4::bigint IS NOT NULL AND b.log = $1 AND b.first_idx < $5
        AND b.first_idx >= coalesce((SELECT max(first_idx) FROM ledger_block WHERE log = $1 AND first_idx <= $4), 0)`,
    [log, wanted.map((t) => t.level), wanted.map((t) => t.index), from, from === null ? null : Math.min(from + TILE_WIDTH, size)],
  );
  const tiles = new Map<string, Uint8Array>();
  const blocks: Array<{ first: number; data: Uint8Array }> = [];
  for (const r of rows) {
    if (r.level === null) blocks.push({ first: r.idx, data: r.data });
    else tiles.set(`${r.level}/${r.idx}`, r.data);
  }
  if (partial && from !== null && !tiles.has(`0/${partial.index}`)) tiles.set(`0/${partial.index}`, partialLeafTile(log, from, Math.min(from + TILE_WIDTH, size), blocks));
  return places.map((p) => {
    const bytes = tiles.get(`${p.tile.level}/${p.tile.index}`);
    if (!bytes || bytes.length < (p.start + p.count) * HASH_SIZE) throw new ProofUnavailable(`log ${log} lacks tile ${p.tile.level}/${p.tile.index} of its tree at size ${size}`);
    return subtreeOfTile(bytes, p.start, p.count);
  });
}

/**
 * The root of the perfect subtree over `count` (a power of two) hashes of a tile from `start`,
 * hashed level by level. A proof's nodes in the tiles above the leaves are the same for many
 * proofs: roots over many hashes are kept by those hashes' own digest (what they are, not where
 * they are stored), so a root is never served for other bytes than its own.
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
 * The leaf hashes of events [from, to) of a log, hashed from the blocks that hold them. Proofs
 * against the latest checkpoint all need the same partial tile, so the hashes are kept by the
 * blocks' own bytes (blocks never change: the same bytes hold the same events) and the range.
 */
function partialLeafTile(log: number, from: number, to: number, blocks: Array<{ first: number; data: Uint8Array }>): Buffer {
  const sorted = blocks.sort((x, y) => x.first - y.first);
  const key = `${log}/${from}/${to}/${hash('sha256', Buffer.concat(sorted.map((b) => b.data)), 'base64')}`;
  const kept = partialTiles.get(key);
  if (kept) return kept;
  const leaves: Buffer[] = [];
  for (const b of sorted) {
    decodeBlock(b.data).forEach((payload, i) => {
      if (b.first + i >= from && b.first + i < to) leaves.push(leafHashOfText(payload));
    });
  }
  const tile = Buffer.concat(leaves);
  partialTiles.set(key, tile);
  if (partialTiles.size > PARTIAL_TILES_KEPT) partialTiles.delete(partialTiles.keys().next().value!);
  return tile;
}

const partialTiles = new Map<string, Buffer>();
const PARTIAL_TILES_KEPT = 256;

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
