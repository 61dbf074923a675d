// The right edge of a growing Merkle tree (RFC 9162 hashing): the roots of the perfect subtrees
// that cover leaves [0, size), largest first, a compact range as transparency-dev/merkle's
// compact.Range keeps it. Appending completes perfect subtrees; append returns every node it
// completes so a store keeps them for proofs, and the edge alone fits in one row (toBytes).
import { bitLength, onesCount, trailingZeros, xor } from './bits.ts';
import { emptyRoot, HASH_SIZE, nodeHash } from './merkle.ts';

/**
 * A node of the tree: the root of the perfect subtree over leaves [index * 2^level,
 * (index + 1) * 2^level). Level 0 holds the leaf hashes.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export interface TreeNode extends NodeId {
  readonly hash: Uint8Array;
}

/**
 * The nodes of the fewest perfect subtrees that cover leaves [begin, end), left to right: on the
 * left side rising in level, on the right side falling (transparency-dev/merkle's RangeNodes).
 */
export function rangeNodes(begin: number, end: number): NodeId[] {
  if (!(Number.isSafeInteger(begin) && Number.isSafeInteger(end) && 0 <= begin && begin <= end))
    throw new RangeError(`[${begin}, ${end}) is not a range of leaves`);
  let left = 0;
  let right = end;
  if (begin > 0) {
    // Only the nodes strictly below the point where the paths to leaves begin - 1 and end part
    // lie inside the range: those to the right of the first path and to the left of the second.
    const bits = 2 ** (bitLength(xor(begin - 1, end)) - 1);
    left = bits - 1 - ((begin - 1) % bits);
    right = end % bits;
  }
  const ids: NodeId[] = [];
  let pos = begin;
  while (left > 0) {
    const level = trailingZeros(left);
    const size = 2 ** level;
    ids.push({ level, index: pos / size });
    pos += size;
    left -= size;
  }
  while (right > 0) {
    const level = bitLength(right) - 1;
    const size = 2 ** level;
    ids.push({ level, index: pos / size });
    pos += size;
    right -= size;
  }
  return ids;
}

const SIZE_BYTES = 8;

export class CompactRange {
  private constructor(
    private treeSize: number,
    /** The roots of the perfect subtrees over [0, treeSize), largest (leftmost) first. */
    private readonly edge: Uint8Array[],
  ) {}

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** The edge of a tree of the given size from its subtree roots, largest first. */
  static of(size: number, hashes: readonly Uint8Array[]): CompactRange {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`tree size ${size} is not a count`);
    if (hashes.length !== onesCount(size))
      throw new RangeError(`a tree of size ${size} has ${onesCount(size)} perfect subtrees on its edge, not ${hashes.length}`);
    if (hashes.some((h) => h.length !== HASH_SIZE)) throw new RangeError(`the edge holds ${HASH_SIZE}-byte hashes`);
    return new CompactRange(size, [...hashes]);
  }

  /** The edge written by toBytes: the size as 8 bytes big-endian, then the subtree roots. */
  static fromBytes(bytes: Uint8Array): CompactRange {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    if (buf.length < SIZE_BYTES || (buf.length - SIZE_BYTES) % HASH_SIZE !== 0) {
      throw new RangeError(`a compact range is ${SIZE_BYTES} bytes of size and whole ${HASH_SIZE}-byte hashes, not ${buf.length} bytes`);
    }
    const size = buf.readBigUInt64BE(0);
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`tree size ${size} is beyond 2^53`);
    const hashes: Buffer[] = [];
    for (let at = SIZE_BYTES; at < buf.length; at += HASH_SIZE) hashes.push(Buffer.from(buf.subarray(at, at + HASH_SIZE)));
    return CompactRange.of(Number(size), hashes);
  }

  get size(): number {
    return this.treeSize;
  }

  /** The roots of the perfect subtrees over [0, size), largest first; their ids are rangeNodes(0, size). */
  get hashes(): readonly Uint8Array[] {
    return this.edge;
  }

  copy(): CompactRange {
    return new CompactRange(this.treeSize, [...this.edge]);
  }

  /**
   * Appends leaf hashes and returns every node they complete, each leaf among them, lower nodes
   * before the parents made from them.
   */
  append(leafHashes: readonly Uint8Array[]): TreeNode[] {
    if (!Number.isSafeInteger(this.treeSize + leafHashes.length)) throw new RangeError('a tree of 2^53 leaves is beyond this log');
    const completed: TreeNode[] = [];
    for (const leaf of leafHashes) {
      if (leaf.length !== HASH_SIZE) throw new RangeError(`a leaf hash is ${HASH_SIZE} bytes, not ${leaf.length}`);
      let index = this.treeSize;
      let level = 0;
      let hash = leaf;
      completed.push({ level, index, hash });
      // A right child (odd index) completes its parent with the left sibling on the edge.
      while (index % 2 === 1) {
        hash = nodeHash(this.edge.pop()!, hash);
        index = (index - 1) / 2;
        level++;
        completed.push({ level, index, hash });
      }
      this.edge.push(hash);
      this.treeSize++;
    }
    return completed;
  }

  /** The tree head: the edge folded from the right. */
  root(): Buffer {
    if (this.edge.length === 0) return Buffer.from(emptyRoot);
    let hash: Buffer = Buffer.from(this.edge[this.edge.length - 1]!);
    for (let i = this.edge.length - 2; i >= 0; i--) hash = nodeHash(this.edge[i]!, hash);
    return hash;
  }

  toBytes(): Buffer {
    const out = Buffer.alloc(SIZE_BYTES + this.edge.length * HASH_SIZE);
    out.writeBigUInt64BE(BigInt(this.treeSize), 0);
    this.edge.forEach((h, i) => out.set(h, SIZE_BYTES + i * HASH_SIZE));
    return out;
  }
}
