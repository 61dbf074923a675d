// Proofs for outsiders, read from a log's tiles: that an event is in a log of a given size
// (inclusion), and that a log of one size is a prefix of the same log at a larger size
// (consistency). Each takes O(log n) node hashes, read from at most a few tiles in one round trip
// (and, for the leaves of a log's last, partial tile, from at most 256 of its events).
import type { Queryable } from '../store/database.ts';
import { CompactRange, rangeNodes, type NodeId } from './tlog/compact-range.ts';
import { consistencyNodes, inclusionNodes, type ProofNodes } from './tlog/proof.ts';
import { hashFromTile, tileForNode, TILE_WIDTH } from './tlog/tiles.ts';
import { HASH_SIZE, leafHashOfText } from './tlog/merkle.ts';
import { eventsInRange } from './blocks.ts';

export class ProofUnavailable extends Error {}

/** The hashes of nodes complete in the log at `size`, from its tiles. */
async function nodeHashes(q: Queryable, log: number, size: number, ids: readonly NodeId[]): Promise<Buffer[]> {
  const places = ids.map((id) => tileForNode(id, size));
  const wanted = [...new Map(places.map((p) => [`${p.tile.level}/${p.tile.index}`, p.tile])).values()];
  if (wanted.length === 0) return [];
  const rows = await q.query<{ level: number; idx: number; hashes: Uint8Array }>(
    'SELECT t.level, t.idx, t.hashes FROM unnest($2::int[], $3::bigint[]) AS w(level, idx) JOIN ledger_tile t ON t.log = $1 AND t.level = w.level AND t.idx = w.idx',
    [log, wanted.map((t) => t.level), wanted.map((t) => t.index)],
  );
  const tiles = new Map<string, Uint8Array>(rows.map((r) => [`${r.level}/${r.idx}`, r.hashes]));
  // A log's last leaf tile is not stored until it is full: its leaves are hashed from their events.
  for (const t of wanted) {
    const key = `${t.level}/${t.index}`;
    if (t.level !== 0 || tiles.has(key)) continue;
    const from = t.index * TILE_WIDTH;
    const events = await eventsInRange(q, log, from, Math.min(from + TILE_WIDTH, size));
    tiles.set(key, Buffer.concat(events.map((e) => leafHashOfText(e.payload))));
  }
  return places.map((p) => {
    const bytes = tiles.get(`${p.tile.level}/${p.tile.index}`);
    if (!bytes || bytes.length < (p.start + p.count) * HASH_SIZE) throw new ProofUnavailable(`log ${log} lacks tile ${p.tile.level}/${p.tile.index} of its tree at size ${size}`);
    return hashFromTile(bytes, p.start, p.count);
  });
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
