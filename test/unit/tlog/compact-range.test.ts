// The right edge of a growing tree: its root is the RFC 9162 tree head of the leaves appended so
// far, however they are batched; append reports exactly the perfect subtrees that became
// complete, each with its hash; the edge survives its serialisation and refuses a corrupt one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRange, rangeNodes, type NodeId } from '../../../src/ledger/tlog/compact-range.ts';
import { leafHash, rootOf } from '../../../src/ledger/tlog/merkle.ts';

const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The hash of a perfect subtree, from the reference tree head of its leaves. */
const subtreeHash = ({ level, index }: NodeId) => hex(rootOf(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level)));

/** Every perfect subtree whose last leaf is in [from, to): those an append of those leaves completes. */
function completedBetween(from: number, to: number): string[] {
  const ids: string[] = [];
  for (let level = 0; 2 ** level <= to; level++) {
    for (let index = 0; (index + 1) * 2 ** level <= to; index++) {
      const end = (index + 1) * 2 ** level;
      if (end > from) ids.push(`${level}/${index}`);
    }
  }
  return ids.sort();
}

/** The fewest aligned power-of-two blocks covering [begin, end), taken greedily from the left. */
function naiveDecomposition(begin: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  for (let pos = begin; pos < end;) {
    let level = 0;
    while (pos % 2 ** (level + 1) === 0 && pos + 2 ** (level + 1) <= end) level++;
    ids.push({ level, index: pos / 2 ** level });
    pos += 2 ** level;
  }
  return ids;
}

describe('rangeNodes', () => {
  it('covers [begin, end) with the fewest perfect subtrees, left to right', () => {
    for (let end = 0; end <= 70; end++)
      for (let begin = 0; begin <= end; begin++) expect(rangeNodes(begin, end), `[${begin}, ${end})`).toEqual(naiveDecomposition(begin, end));
  });

  it('works past 2^32 leaves', () => {
    expect(rangeNodes(0, 2 ** 40 + 5)).toEqual([
      { level: 40, index: 0 },
      { level: 2, index: 2 ** 38 },
      { level: 0, index: 2 ** 40 + 4 },
    ]);
    expect(rangeNodes(2 ** 33 - 1, 2 ** 33 + 2)).toEqual([
      { level: 0, index: 2 ** 33 - 1 },
      { level: 1, index: 2 ** 32 },
    ]);
  });
});

describe('CompactRange', () => {
  it('after each leaf, its root is the tree head and its edge holds the roots of rangeNodes(0, size)', () => {
    const range = CompactRange.empty();
    expect(hex(range.root())).toBe(hex(rootOf([])));
    for (let n = 1; n <= leaves.length; n++) {
      range.append([leaves[n - 1]!]);
      expect(range.size).toBe(n);
      expect(hex(range.root()), `size ${n}`).toBe(hex(rootOf(leaves.slice(0, n))));
      expect(range.hashes.map(hex)).toEqual(rangeNodes(0, n).map(subtreeHash));
    }
  });

  it('whatever the batching, append returns exactly the perfect subtrees completed, lower ones first, each with its hash', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { maxLength: 12 }), (batchSizes) => {
        const range = CompactRange.empty();
        let size = 0;
        for (const n of batchSizes) {
          const batch = leaves.slice(size, size + n);
          const completed = range.append(batch);
          const to = size + batch.length;
          expect(completed.map((c) => `${c.level}/${c.index}`).sort()).toEqual(completedBetween(size, to));
          for (const c of completed) expect(hex(c.hash)).toBe(subtreeHash(c));
          // A parent comes after both its children.
          const at = new Map(completed.map((c, i) => [`${c.level}/${c.index}`, i]));
          for (const c of completed.filter((c) => c.level > 0)) {
            for (const child of [2 * c.index, 2 * c.index + 1]) {
              const i = at.get(`${c.level - 1}/${child}`);
              if (i !== undefined) expect(i).toBeLessThan(at.get(`${c.level}/${c.index}`)!);
            }
          }
          size = to;
          expect(hex(range.root())).toBe(hex(rootOf(leaves.slice(0, size))));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips through toBytes: 8 bytes of size, then one hash per perfect subtree', () => {
    for (const n of [0, 1, 2, 3, 7, 8, 100, 255, 256, 300]) {
      const range = CompactRange.empty();
      range.append(leaves.slice(0, n));
      const bytes = range.toBytes();
      expect(bytes.length).toBe(8 + 32 * range.hashes.length);
      expect(bytes.readBigUInt64BE(0)).toBe(BigInt(n));
      const back = CompactRange.fromBytes(bytes);
      expect(back.size).toBe(n);
      expect(hex(back.root())).toBe(hex(range.root()));
      back.append(leaves.slice(n, n + 5));
      expect(hex(back.root())).toBe(hex(rootOf(leaves.slice(0, n + 5))));
    }
  });

  it('refuses bytes that are not an edge: cut short, a hash too many or too few, a size beyond 2^53', () => {
    const range = CompactRange.empty();
    range.append(leaves.slice(0, 7));
    const bytes = range.toBytes();
    expect(() => CompactRange.fromBytes(bytes.subarray(0, 7))).toThrow(RangeError);
    expect(() => CompactRange.fromBytes(bytes.subarray(0, bytes.length - 1))).toThrow(RangeError);
    expect(() => CompactRange.fromBytes(bytes.subarray(0, bytes.length - 32))).toThrow(/3 perfect subtrees/);
    expect(() => CompactRange.fromBytes(Buffer.concat([bytes, leaves[0]!]))).toThrow(/3 perfect subtrees/);
    const huge = Buffer.from(bytes);
    huge.writeBigUInt64BE(2n ** 60n + 7n, 0);
    expect(() => CompactRange.fromBytes(huge)).toThrow(/beyond 2\^53/);
    expect(() => range.append([Buffer.alloc(31)])).toThrow(RangeError);
  });

  it('a copy grows apart from its original', () => {
    const range = CompactRange.empty();
    range.append(leaves.slice(0, 5));
    const copy = range.copy();
    copy.append(leaves.slice(5, 9));
    expect(range.size).toBe(5);
    expect(hex(range.root())).toBe(hex(rootOf(leaves.slice(0, 5))));
    expect(hex(copy.root())).toBe(hex(rootOf(leaves.slice(0, 9))));
  });

  it('past 2^32 leaves, the node a leaf completes has the index of its level', () => {
    const size = 2 ** 40 - 1;
    const range = CompactRange.of(
      size,
      rangeNodes(0, size).map((_, i) => leaves[i]!),
    );
    const completed = range.append([leaves[299]!]);
    expect(completed.map(({ level, index }) => ({ level, index }))).toEqual(
      Array.from({ length: 41 }, (_, level) => ({ level, index: 2 ** (40 - level) - 1 })),
    );
    expect(range.hashes).toHaveLength(1);
  });
});
