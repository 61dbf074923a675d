// Proof generation from stored nodes (RFC 9162 §2.1.3 inclusion and §2.1.4 consistency proofs),
// as transparency-dev/merkle's proof.Inclusion, proof.Consistency and Nodes.Rehash do it: which
// perfect-subtree nodes a proof is made of, so a store fetches them all in one round trip, and how
// to fold those on the right edge of an imperfect tree into the one node there that no store
// holds (the "ephemeral" node). A proof takes O(log n) nodes.
import { bitLength, isPowerOfTwo, shiftLeft, shiftRight, trailingZeros, xor } from './bits.ts';
import { rangeNodes, type NodeId } from './compact-range.ts';
import { HASH_SIZE, nodeHash } from './merkle.ts';

export interface ProofNodes {
  /** The stored nodes the proof is made of, in order: fetch their hashes, then rehash. */
  readonly ids: readonly NodeId[];
  /**
   * ids[begin, end) cover the imperfect subtree whose root, the ephemeral node `id`, stands in
   * the proof; rehash folds them into it. Null when the proof needs no such node.
   */
  readonly ephemeral: { readonly id: NodeId; readonly begin: number; readonly end: number } | null;
  /** The proof, from the hashes of ids in their order. */
  rehash(hashes: readonly Uint8Array[]): Uint8Array[];
}

/** The nodes of the inclusion proof of leaf `index` in the tree of `size` leaves (0 <= index < size). */
export function inclusionNodes(index: number, size: number): ProofNodes {
  if (!isCount(index) || !isCount(size) || index >= size) throw new RangeError(`there is no leaf ${index} in a tree of size ${size}`);
  return skipFirst(nodesToRoot({ level: 0, index }, size));
}

/**
 * The nodes of the consistency proof from the tree of size1 leaves to the tree of size2
 * (0 < size1 <= size2). It is the inclusion proof, in the larger tree, of the largest perfect
 * subtree at the right end of the smaller tree, led by that subtree's root unless the smaller
 * tree is that very subtree (then the verifier holds its root already).
 */
export function consistencyNodes(size1: number, size2: number): ProofNodes {
  if (!isCount(size1) || !isCount(size2) || size1 === 0 || size1 > size2) throw new RangeError(`there is no consistency proof from size ${size1} to ${size2}`);
  if (size1 === size2) return proofNodes([], null);
  const level = trailingZeros(size1);
  const nodes = nodesToRoot({ level, index: shiftRight(size1 - 1, level) }, size2);
  return isPowerOfTwo(size1) ? skipFirst(nodes) : nodes;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/**
 * The node itself, then what proves it is in the tree of `size` leaves: the siblings on its path
 * up to the fork where that path leaves the path to the tree's right edge, then the nodes covering
 * the leaves right of the fork (which fold into the fork's sibling, the ephemeral node), then
 * those covering the leaves left of it, both lowest first.
 */
function nodesToRoot(node: NodeId, size: number): ProofNodes {
  const inner = bitLength(xor(node.index, shiftRight(size, node.level))) - 1;
  const fork: NodeId = { level: node.level + inner, index: shiftRight(node.index, inner) };
  const forkBegin = shiftLeft(fork.index, fork.level);
  const forkEnd = shiftLeft(fork.index + 1, fork.level);

  const ids: NodeId[] = [node];
  for (let n = node; n.level < fork.level; n = { level: n.level + 1, index: shiftRight(n.index, 1) }) ids.push(siblingOf(n));
  const begin = ids.length;
  ids.push(...rangeNodes(forkEnd, size).reverse());
  const end = ids.length;
  ids.push(...rangeNodes(0, forkBegin).reverse());
  return proofNodes(ids, begin < end ? { id: siblingOf(fork), begin, end } : null);
}

const siblingOf = ({ level, index }: NodeId): NodeId => ({ level, index: index % 2 === 0 ? index + 1 : index - 1 });

function skipFirst(nodes: ProofNodes): ProofNodes {
  const e = nodes.ephemeral;
  return proofNodes(nodes.ids.slice(1), e && { id: e.id, begin: e.begin - 1, end: e.end - 1 });
}

function proofNodes(ids: readonly NodeId[], ephemeral: ProofNodes['ephemeral']): ProofNodes {
  return {
    ids,
    ephemeral,
    rehash(hashes) {
      if (hashes.length !== ids.length) throw new RangeError(`the proof is made of ${ids.length} node hashes, not ${hashes.length}`);
      if (hashes.some((h) => h.length !== HASH_SIZE)) throw new RangeError(`node hashes are ${HASH_SIZE} bytes`);
      if (!ephemeral) return [...hashes];
      let folded = hashes[ephemeral.begin]!;
      for (let i = ephemeral.begin + 1; i < ephemeral.end; i++) folded = nodeHash(hashes[i]!, folded);
      return [...hashes.slice(0, ephemeral.begin), folded, ...hashes.slice(ephemeral.end)];
    },
  };
}
