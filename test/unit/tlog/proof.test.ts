// Proofs made from stored nodes: for every tree size 1..70 and every leaf and every pair of
// sizes, the proof folded from the nodes a store holds is the one RFC 9162's recursive PATH and
// PROOF give, verifies against the tree head, and reads only nodes complete in that tree, a
// number of them logarithmic in its size.
import { describe, expect, it } from 'vitest';
import { CompactRange, type NodeId } from '../../../src/ledger/tlog/compact-range.ts';
import { leafHash, rootOf, verifyConsistency, verifyInclusion } from '../../../src/ledger/tlog/merkle.ts';
import { consistencyNodes, inclusionNodes, type ProofNodes } from '../../../src/ledger/tlog/proof.ts';
import { bitLength } from '../../../src/ledger/tlog/bits.ts';

const MAX = 70;
const leaves = Array.from({ length: MAX }, (_, i) => leafHash(Buffer.from(`record ${i}`)));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// The store: every node append reports, keyed by level and index.
const stored = new Map<string, Uint8Array>();
for (const node of CompactRange.empty().append(leaves)) stored.set(`${node.level}/${node.index}`, node.hash);

/** Fetches the proof's nodes from the store (only nodes complete in a tree of `size`) and folds them. */
function proofFromStore(nodes: ProofNodes, size: number): Uint8Array[] {
  const hashes = nodes.ids.map((id: NodeId) => {
    expect((id.index + 1) * 2 ** id.level, `node ${id.level}/${id.index} is complete in a tree of size ${size}`).toBeLessThanOrEqual(size);
    return stored.get(`${id.level}/${id.index}`)!;
  });
  return nodes.rehash(hashes);
}

const largestPowerOfTwoBelow = (n: number) => 2 ** (bitLength(n - 1) - 1);

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), over leaf hashes. */
function path(m: number, d: readonly Buffer[]): Buffer[] {
  if (d.length === 1) return [];
  const k = largestPowerOfTwoBelow(d.length);
  return m < k ? [...path(m, d.slice(0, k)), rootOf(d.slice(k))] : [...path(m - k, d.slice(k)), rootOf(d.slice(0, k))];
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], b), over leaf hashes; PROOF(m, D[n]) is SUBPROOF(m, D[n], true). */
function subproof(m: number, d: readonly Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [rootOf(d)];
  const k = largestPowerOfTwoBelow(d.length);
  return m <= k ? [...subproof(m, d.slice(0, k), b), rootOf(d.slice(k))] : [...subproof(m - k, d.slice(k), false), rootOf(d.slice(0, k))];
}

describe('inclusion proofs from stored nodes', () => {
  it('equal PATH(m, D[n]) and verify, for every leaf of every tree of 1..70 leaves, from at most 2 log2(n) + 2 nodes', () => {
    for (let size = 1; size <= MAX; size++) {
      const tree = leaves.slice(0, size);
      const root = rootOf(tree);
      for (let index = 0; index < size; index++) {
        const nodes = inclusionNodes(index, size);
        expect(nodes.ids.length).toBeLessThanOrEqual(2 * Math.log2(size) + 2);
        const proof = proofFromStore(nodes, size);
        expect(proof.map(hex), `leaf ${index} of ${size}`).toEqual(path(index, tree).map(hex));
        verifyInclusion(index, size, tree[index]!, proof, root);
      }
    }
  });

  it('fold the right edge into one ephemeral node only where the tree is imperfect', () => {
    expect(inclusionNodes(0, 8).ephemeral).toBeNull();
    expect(inclusionNodes(0, 8).ids).toEqual([
      { level: 0, index: 1 },
      { level: 1, index: 1 },
      { level: 2, index: 1 },
    ]);
    // In a tree of 7, leaf 1's uncle on the right covers leaves 4..6: stored as 4..5 and 6.
    const nodes = inclusionNodes(1, 7);
    expect(nodes.ids).toEqual([
      { level: 0, index: 0 },
      { level: 1, index: 1 },
      { level: 0, index: 6 },
      { level: 1, index: 2 },
    ]);
    expect(nodes.ephemeral).toEqual({ id: { level: 2, index: 1 }, begin: 2, end: 4 });
  });

  it('refuse a leaf outside the tree and hashes that do not match the ids', () => {
    expect(() => inclusionNodes(5, 5)).toThrow(RangeError);
    expect(() => inclusionNodes(-1, 5)).toThrow(RangeError);
    expect(() => inclusionNodes(0, 2 ** 53)).toThrow(RangeError);
    expect(() => inclusionNodes(1, 7).rehash([leaves[0]!])).toThrow(/4 node hashes/);
  });
});

describe('consistency proofs from stored nodes', () => {
  it('equal PROOF(m, D[n]) and verify, for every pair of tree sizes 1 <= m <= n <= 70', () => {
    const roots = Array.from({ length: MAX + 1 }, (_, n) => rootOf(leaves.slice(0, n)));
    for (let size2 = 1; size2 <= MAX; size2++) {
      for (let size1 = 1; size1 <= size2; size1++) {
        const nodes = consistencyNodes(size1, size2);
        expect(nodes.ids.length).toBeLessThanOrEqual(2 * Math.log2(size2) + 2);
        const proof = proofFromStore(nodes, size2);
        const expected = size1 === size2 ? [] : subproof(size1, leaves.slice(0, size2), true);
        expect(proof.map(hex), `${size1} to ${size2}`).toEqual(expected.map(hex));
        verifyConsistency(size1, size2, proof, roots[size1]!, roots[size2]!);
      }
    }
  });

  it('refuse sizes out of order and the empty tree', () => {
    expect(() => consistencyNodes(0, 4)).toThrow(RangeError);
    expect(() => consistencyNodes(5, 4)).toThrow(RangeError);
    expect(consistencyNodes(4, 4).ids).toEqual([]);
  });
});

describe('beyond 2^32 leaves', () => {
  // An inclusion proof of leaf m in a tree of n leaves has as many elements as the path from the
  // leaf up to the fork with the right edge, plus one for each left subtree above it.
  const proofLength = (m: number, n: number) => {
    const inner = bitLength(Number(BigInt(m) ^ BigInt(n - 1)));
    return inner + [...(BigInt(m) >> BigInt(inner)).toString(2)].filter((c) => c === '1').length;
  };

  it('names nodes complete in the tree, as many after folding as the proof has elements', () => {
    for (const [index, size] of [
      [2 ** 40 + 3, 2 ** 41 + 5],
      [2 ** 33 - 1, 2 ** 33],
      [0, 2 ** 52 + 1],
      [2 ** 52 - 7, 2 ** 52 + 2 ** 33 + 9],
    ] as const) {
      const nodes = inclusionNodes(index, size);
      for (const id of nodes.ids) expect((id.index + 1) * 2 ** id.level).toBeLessThanOrEqual(size);
      const folded = nodes.ephemeral ? nodes.ids.length - (nodes.ephemeral.end - nodes.ephemeral.begin) + 1 : nodes.ids.length;
      expect(folded, `leaf ${index} of ${size}`).toBe(proofLength(index, size));
    }
  });
});
