// C2SP tlog-tiles addressing: the spec's examples of paths and of the tiles a tree has, the
// tile contents its formula defines, each node found in its tile, and the tiles growth writes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRange } from '../../../src/ledger/tlog/compact-range.ts';
import { leafHash, rootOf } from '../../../src/ledger/tlog/merkle.ts';
import {
  entryBundlePath,
  hashFromTile,
  newTiles,
  parseEntryBundlePath,
  parseTilePath,
  tileCounts,
  tileForNode,
  tilePath,
  tilesOf,
  type Tile,
} from '../../../src/ledger/tlog/tiles.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('tile paths', () => {
  it('encode the index in groups of three digits, all but the last led by x (the spec: 1234067 is x001/x234/067)', () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 2, index: 0, width: 256 })).toBe('tile/2/000');
    expect(tilePath({ level: 1, index: 1000, width: 256 })).toBe('tile/1/x001/000');
    expect(tilePath({ level: 63, index: 2 ** 53 - 1, width: 1 })).toBe('tile/63/x009/x007/x199/x254/x740/991.p/1');
  });

  it('mark a partial tile with .p/<W>, W from 1 to 255; entry bundles live under tile/entries', () => {
    expect(tilePath({ level: 0, index: 273, width: 112 })).toBe('tile/0/273.p/112');
    expect(entryBundlePath({ index: 1234067, width: 256 })).toBe('tile/entries/x001/x234/067');
    expect(entryBundlePath({ index: 273, width: 112 })).toBe('tile/entries/273.p/112');
    expect(() => tilePath({ level: 0, index: 0, width: 0 })).toThrow(RangeError);
    expect(() => tilePath({ level: 0, index: 0, width: 257 })).toThrow(RangeError);
    expect(() => tilePath({ level: 64, index: 0, width: 256 })).toThrow(RangeError);
  });

  it('parse back to the tile they name', () => {
    const tiles: Tile[] = [
      { level: 0, index: 1234067, width: 256 },
      { level: 1, index: 0, width: 17 },
      { level: 2, index: 1000, width: 255 },
      { level: 63, index: 2 ** 53 - 1, width: 1 },
    ];
    for (const t of tiles) expect(parseTilePath(tilePath(t))).toEqual(t);
    expect(parseEntryBundlePath('tile/entries/x001/x234/067.p/9')).toEqual({ index: 1234067, width: 9 });
  });

  it('refuse every other spelling: leading zeros, groups without x, full width written out, levels past 63, indices past 2^53', () => {
    for (const path of [
      'tile/0/67',
      'tile/0/0067',
      'tile/00/067',
      'tile/01/067',
      'tile/64/000',
      'tile/0/x000/067',
      'tile/0/001/234',
      'tile/0/x001/x234',
      'tile/0/067.p/0',
      'tile/0/067.p/007',
      'tile/0/067.p/256',
      'tile/0/067/',
      '/tile/0/067',
      'tile/entries/067',
      'tile/0/x009/x007/x199/x254/x740/992',
    ]) {
      expect(() => parseTilePath(path), path).toThrow(RangeError);
    }
    expect(() => parseEntryBundlePath('tile/0/067')).toThrow(RangeError);
    expect(() => parseEntryBundlePath('tile/entries/067.p/256')).toThrow(RangeError);
  });
});

describe('the tiles of a tree', () => {
  it('of 70,000 leaves: 273 full level-0 tiles and one of width 112, one full level-1 tile and one of width 17, one level-2 tile of width 1 (the spec)', () => {
    expect(tileCounts(70_000)).toEqual([
      { level: 0, fullTiles: 273, partialWidth: 112 },
      { level: 1, fullTiles: 1, partialWidth: 17 },
      { level: 2, fullTiles: 0, partialWidth: 1 },
    ]);
    const tiles = [...tilesOf(70_000)];
    expect(tiles).toHaveLength(273 + 1 + 1 + 1 + 1);
    expect(tiles.filter((t) => t.width < 256).map(tilePath)).toEqual(['tile/0/273.p/112', 'tile/1/001.p/17', 'tile/2/000.p/1']);
  });

  it('of 256 leaves: one full level-0 tile and a level-1 tile of width 1 (the spec)', () => {
    expect([...tilesOf(256)].map(tilePath)).toEqual(['tile/0/000', 'tile/1/000.p/1']);
    expect([...tilesOf(0)]).toEqual([]);
  });

  it('growth writes exactly the tiles the larger tree has and the smaller lacks', () => {
    fc.assert(
      fc.property(fc.nat(200_000), fc.nat(200_000), (a, b) => {
        const [oldSize, newSize] = a <= b ? [a, b] : [b, a];
        const before = new Set([...tilesOf(oldSize)].map(tilePath));
        const expected = [...tilesOf(newSize)].map(tilePath).filter((p) => !before.has(p));
        expect([...newTiles(oldSize, newSize)].map(tilePath)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('tile contents', () => {
  // Two full level-0 tiles and more, so that level 1 has hashes of whole tiles.
  const SIZE = 256 * 3 + 5;
  const leaves = Array.from({ length: SIZE }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
  const nodes = new Map(
    CompactRange.empty()
      .append(leaves)
      .map((n) => [`${n.level}/${n.index}`, n.hash]),
  );

  /** A tile as a log serves it: the nodes of tree level 8L from N*256, width of them. */
  const tileBytes = (t: Tile) => Buffer.concat(Array.from({ length: t.width }, (_, i) => nodes.get(`${t.level * 8}/${t.index * 256 + i}`)!));

  it('hash i of tile n at level l is MTH(D[(n*256 + i) * 256^l : (n*256 + i + 1) * 256^l]) (the spec)', () => {
    const level1 = [...tilesOf(SIZE)].find((t) => t.level === 1)!;
    expect(level1).toEqual({ level: 1, index: 0, width: 3 });
    const bytes = tileBytes(level1);
    for (let i = 0; i < 3; i++) expect(hex(bytes.subarray(i * 32, (i + 1) * 32))).toBe(hex(rootOf(leaves.slice(i * 256, (i + 1) * 256))));
  });

  it('every node complete in the tree is found in its tile at the width the tree has', () => {
    for (const [key, hash] of nodes) {
      const [level, index] = key.split('/').map(Number) as [number, number];
      const { tile, start, count } = tileForNode({ level, index }, SIZE);
      expect([...tilesOf(SIZE)].map(tilePath)).toContain(tilePath(tile));
      expect(hex(hashFromTile(tileBytes(tile), start, count)), key).toBe(hex(hash));
    }
  });

  it('a node not yet complete has no tile', () => {
    expect(() => tileForNode({ level: 3, index: 96 }, SIZE)).toThrow(RangeError);
    expect(() => hashFromTile(Buffer.alloc(64), 1, 2)).toThrow(RangeError);
  });
});
