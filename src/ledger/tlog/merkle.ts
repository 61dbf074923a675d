// Merkle tree hashing and proof verification of RFC 9162 (Certificate Transparency 2.0, the
// hashing of RFC 6962): the leaf and node hashes, the tree head MTH, and the verification of
// inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs, each refusal naming its reason.
import { hash } from 'node:crypto';
import { isPowerOfTwo } from './bits.ts';

/** Bytes in a SHA-256 hash: every leaf hash, node hash, proof element and root. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

// Hashing a prefix and the input in one call is faster than streaming them through a Hash, so
// each goes into a scratch buffer first. The scratch is reused: hashing is synchronous.
let leafScratch = Buffer.alloc(1024);
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = NODE_PREFIX;

/** The leaf hash of an entry: SHA-256(0x00 || entry). */
export function leafHash(entry: Uint8Array): Buffer {
  if (entry.length + 1 > leafScratch.length) leafScratch = Buffer.alloc(2 ** Math.ceil(Math.log2(entry.length + 1)));
  leafScratch[0] = LEAF_PREFIX;
  leafScratch.set(entry, 1);
  return hash('sha256', leafScratch.subarray(0, entry.length + 1), 'buffer');
}

/** The leaf hash of an entry given as text: SHA-256(0x00 || its UTF-8 bytes). */
export function leafHashOfText(entry: string): Buffer {
  const most = 1 + 3 * entry.length;
  if (most > leafScratch.length) leafScratch = Buffer.alloc(2 ** Math.ceil(Math.log2(most)));
  leafScratch[0] = LEAF_PREFIX;
  const n = leafScratch.write(entry, 1, 'utf8');
  return hash('sha256', leafScratch.subarray(0, n + 1), 'buffer');
}

/**
 * The leaf hash of the entry `bytes[start, end)` whose byte before it (a separator, when `start`
 * is not 0) the caller gives up: it becomes the leaf prefix, so that the entry is hashed where it
 * lies (an entry at 0 is copied).
 */
export function leafHashInPlace(bytes: Buffer, start: number, end: number): Buffer {
  if (start === 0) return leafHash(bytes.subarray(0, end));
  bytes[start - 1] = LEAF_PREFIX;
  return hash('sha256', bytes.subarray(start - 1, end), 'buffer');
}

/** The hash of an interior node: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) throw new RangeError(`a node's children are ${HASH_SIZE}-byte hashes`);
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeScratch, 'buffer');
}

/** The root of the empty tree: SHA-256 of nothing. */
export const emptyRoot: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

/**
 * The Merkle Tree Hash of a list of leaf hashes, written as RFC 9162 §2.1.1 defines it: the
 * left subtree holds the largest power of two leaves smaller than the whole. It is the reference
 * every faster way of computing a root is tested against.
 */
export function rootOf(leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return Buffer.from(emptyRoot);
  const mth = (start: number, n: number): Buffer => {
    if (n === 1) return Buffer.from(leafHashes[start]!);
    let k = 1;
    while (k * 2 < n) k *= 2;
    return nodeHash(mth(start, k), mth(start + k, n - k));
  };
  return mth(0, leafHashes.length);
}

/** Why a proof was refused. */
export type ProofFailure =
  | 'invalid-size' // a tree size or leaf index is not a non-negative safe integer
  | 'index-out-of-range' // the leaf index is not below the tree size
  | 'sizes-out-of-order' // the first tree is larger than the second
  | 'empty-tree' // a consistency proof from the empty tree proves nothing
  | 'bad-hash-size' // a leaf hash or proof element is not 32 bytes
  | 'wrong-proof-size' // the proof has too few or too many elements for the sizes
  | 'root-mismatch'; // the proof leads to a root other than the one given

export class ProofError extends Error {
  constructor(
    readonly reason: ProofFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ProofError';
  }
}

const isTreeCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

function checkHashes(what: string, hashes: readonly Uint8Array[]): void {
  const i = hashes.findIndex((h) => h.length !== HASH_SIZE);
  if (i >= 0) throw new ProofError('bad-hash-size', `${what}[${i}] is ${hashes[i]!.length} bytes, not ${HASH_SIZE}`);
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

/**
 * Checks that the leaf hash at leafIndex is in the tree of treeSize leaves whose root is root
 * (RFC 9162 §2.1.3.2); throws a ProofError naming the reason if not.
 */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  if (!isTreeCount(leafIndex) || !isTreeCount(treeSize))
    throw new ProofError('invalid-size', `leaf index ${leafIndex} or tree size ${treeSize} is not a count`);
  if (leafIndex >= treeSize) throw new ProofError('index-out-of-range', `leaf index ${leafIndex} is not below tree size ${treeSize}`);
  checkHashes('leaf hash', [leaf]);
  checkHashes('proof', proof);
  checkHashes('root', [root]);
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0)
      throw new ProofError('wrong-proof-size', `the proof of leaf ${leafIndex} in ${treeSize} has more than the ${proof.length - 1} elements it needs`);
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError('wrong-proof-size', `the proof of leaf ${leafIndex} in ${treeSize} has too few elements (${proof.length})`);
  if (!same(r, root)) throw new ProofError('root-mismatch', `the proof of leaf ${leafIndex} leads to a root other than the tree's of size ${treeSize}`);
}

/**
 * Checks that the tree of size2 leaves with root2 extends the tree of size1 leaves with root1
 * (RFC 9162 §2.1.4.2); throws a ProofError naming the reason if not. Equal sizes need an empty
 * proof and equal roots (at size 0, the empty tree's root). A proof from the empty tree to a
 * larger one is refused as meaningless: every tree extends the empty tree, and a caller who
 * holds an empty checkpoint need check nothing.
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  if (!isTreeCount(size1) || !isTreeCount(size2)) throw new ProofError('invalid-size', `tree size ${size1} or ${size2} is not a count`);
  if (size1 > size2) throw new ProofError('sizes-out-of-order', `tree size ${size1} is larger than ${size2}: a log never shrinks`);
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofError('wrong-proof-size', `trees of equal size ${size1} need an empty proof, not ${proof.length} elements`);
    if (!same(root1, root2)) throw new ProofError('root-mismatch', `two trees of size ${size1} have different roots`);
    if (size1 === 0 && !same(root1, emptyRoot)) throw new ProofError('root-mismatch', 'the root of the empty tree is SHA-256 of nothing');
    return;
  }
  if (size1 === 0) throw new ProofError('empty-tree', `a consistency proof from the empty tree to size ${size2} proves nothing`);
  if (proof.length === 0) throw new ProofError('wrong-proof-size', `the proof from size ${size1} to ${size2} is empty`);
  checkHashes('proof', proof);
  checkHashes('roots', [root1, root2]);

  // When size1 is a power of two, the old root is itself a node of the new tree and the proof
  // starts above it.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError('wrong-proof-size', `the proof from size ${size1} to ${size2} has more elements than it needs (${proof.length})`);
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError('wrong-proof-size', `the proof from size ${size1} to ${size2} has too few elements (${proof.length})`);
  if (!same(fr, root1)) throw new ProofError('root-mismatch', `the proof leads to a tree of size ${size1} other than the one given`);
  if (!same(sr, root2)) throw new ProofError('root-mismatch', `the proof leads to a tree of size ${size2} other than the one given`);
}
