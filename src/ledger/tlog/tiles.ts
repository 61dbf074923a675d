// C2SP tlog-tiles addressing: a tree's node hashes served as tiles of height 8, each up to 256
// hashes wide. Tile N of level L holds the nodes of tree level 8L numbered N*256 .. N*256+255;
// the levels between are hashed from them. Here: tile paths (`tile/<L>/x001/x234/067[.p/<W>]`),
// which tile holds a node, which tiles a tree has and which change as it grows.
import type { NodeId } from './compact-range.ts';
import { HASH_SIZE, rootOf } from './merkle.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;
const MAX_TILE_LEVEL = 63;

/** A tile: `width` hashes of tree level 8 * level, from number index * 256. Width 256 is a full tile. */
export interface Tile {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** An entry bundle: the entries of the leaves of the level-0 tile of the same index and width. */
export interface EntryBundle {
  readonly index: number;
  readonly width: number;
}

/** `tile/<L>/<N>`, with `.p/<W>` for a partial tile. */
export function tilePath(tile: Tile): string {
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > MAX_TILE_LEVEL)
    throw new RangeError(`tile level ${tile.level} is not 0..${MAX_TILE_LEVEL}`);
  return `tile/${tile.level}/${indexAndWidth(tile)}`;
}

/** `tile/entries/<N>`, with `.p/<W>` for a partial bundle. */
export function entryBundlePath(bundle: EntryBundle): string {
  return `tile/entries/${indexAndWidth(bundle)}`;
}

/** The tile a path names; throws unless the path is exactly as tilePath writes it. */
export function parseTilePath(path: string): Tile {
  const m = /^tile\/(0|[1-9][0-9]?)\/(.+)$/.exec(path);
  if (!m || Number(m[1]) > MAX_TILE_LEVEL) throw new RangeError(`${JSON.stringify(path)} is not a tile path`);
  return { level: Number(m[1]), ...parseIndexAndWidth(m[2]!, path) };
}

/** The entry bundle a path names; throws unless the path is exactly as entryBundlePath writes it. */
export function parseEntryBundlePath(path: string): EntryBundle {
  const m = /^tile\/entries\/(.+)$/.exec(path);
  if (!m) throw new RangeError(`${JSON.stringify(path)} is not an entry bundle path`);
  return parseIndexAndWidth(m[1]!, path);
}

// The index as zero-padded groups of three digits, all but the last led by `x`, so that tiles
// sit in a file system without a name being both a file and a folder.
function indexAndWidth({ index, width }: { index: number; width: number }): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`tile index ${index} is not a count`);
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new RangeError(`tile width ${width} is not 1..${TILE_WIDTH}`);
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  const n = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return width === TILE_WIDTH ? n : `${n}.p/${width}`;
}

function parseIndexAndWidth(text: string, path: string): { index: number; width: number } {
  const m = /^((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([0-9]+))?$/.exec(text);
  const index = m ? Number(`${m[1]!.replace(/[x/]/g, '')}${m[2]}`) : NaN;
  const width = m?.[3] === undefined ? TILE_WIDTH : Number(m[3]);
  // Only the one spelling tilePath writes names a tile: no leading zero groups, no zeros before
  // the width, no `.p/256` or `.p/0`, no index past 2^53.
  if (!m || !Number.isSafeInteger(index) || indexAndWidthOrNull(index, width) !== text) throw new RangeError(`${JSON.stringify(path)} does not name a tile`);
  return { index, width };
}

function indexAndWidthOrNull(index: number, width: number): string | null {
  try {
    return indexAndWidth({ index, width });
  } catch {
    return null;
  }
}

/** Where a node's hash is: the tile of tree level 8 * floor(level / 8) under it, at the width the tree of `size` leaves has, and which of its hashes the node covers. */
export function tileForNode(node: NodeId, size: number): { tile: Tile; start: number; count: number } {
  if ((node.index + 1) * 2 ** node.level > size) throw new RangeError(`node ${node.level}/${node.index} is not complete in a tree of size ${size}`);
  const level = Math.floor(node.level / TILE_HEIGHT);
  const count = 2 ** (node.level - level * TILE_HEIGHT);
  const first = node.index * count;
  const index = Math.floor(first / TILE_WIDTH);
  const hashesAtLevel = Math.floor(size / TILE_WIDTH ** level);
  return { tile: { level, index, width: Math.min(TILE_WIDTH, hashesAtLevel - index * TILE_WIDTH) }, start: first % TILE_WIDTH, count };
}

/** The node a tileForNode answer names, hashed from the tile's bytes (its hashes one after another). */
export function hashFromTile(tileBytes: Uint8Array, start: number, count: number): Buffer {
  if (tileBytes.length % HASH_SIZE !== 0 || (start + count) * HASH_SIZE > tileBytes.length)
    throw new RangeError(`a tile of ${tileBytes.length} bytes has no hashes ${start}..${start + count - 1}`);
  const hashes = Array.from({ length: count }, (_, i) => tileBytes.subarray((start + i) * HASH_SIZE, (start + i + 1) * HASH_SIZE));
  return rootOf(hashes);
}

/** For each tile level of a tree of `size` leaves: how many full tiles it has and the width of its partial tile (0 if none). */
export function tileCounts(size: number): { level: number; fullTiles: number; partialWidth: number }[] {
  const counts: { level: number; fullTiles: number; partialWidth: number }[] = [];
  for (let level = 0, hashes = size; hashes > 0; level++, hashes = Math.floor(hashes / TILE_WIDTH)) {
    counts.push({ level, fullTiles: Math.floor(hashes / TILE_WIDTH), partialWidth: hashes % TILE_WIDTH });
  }
  return counts;
}

/** Every tile of a tree of `size` leaves, level by level, the partial tile of a level last. */
export function* tilesOf(size: number): Generator<Tile> {
  yield* newTiles(0, size);
}

/**
 * The tiles a log writes as it grows from oldSize to newSize leaves: those of the larger tree that
 * the smaller one lacks or has narrower. A partial tile of the smaller tree stays as it is.
 */
export function* newTiles(oldSize: number, newSize: number): Generator<Tile> {
  if (!(Number.isSafeInteger(oldSize) && Number.isSafeInteger(newSize) && 0 <= oldSize && oldSize <= newSize))
    throw new RangeError(`a tree does not grow from ${oldSize} to ${newSize}`);
  for (let level = 0; level <= MAX_TILE_LEVEL; level++) {
    const oldHashes = Math.floor(oldSize / TILE_WIDTH ** level);
    const newHashes = Math.floor(newSize / TILE_WIDTH ** level);
    if (newHashes === 0) return;
    for (let index = Math.floor(oldHashes / TILE_WIDTH); index * TILE_WIDTH < newHashes; index++) {
      const width = Math.min(TILE_WIDTH, newHashes - index * TILE_WIDTH);
      if (index * TILE_WIDTH + width > oldHashes) yield { level, index, width };
    }
  }
}
