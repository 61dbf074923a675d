// The Merkle tree of a furnishing batch (RFC 9162 hashing, src/ledger/tlog): a leaf per line, in
// the batch's order, hashed from the line's canonical JSON. Only the right edge is kept (the roots
// of the perfect subtrees so far, one per level at most), so a batch of millions of lines holds a
// few dozen hashes, and no node is kept once merged.
import { emptyRoot, leafHashOfText, nodeHash } from '../../ledger/tlog/merkle.ts';

export class BatchTree {
  /** The roots of the perfect subtrees over the leaves so far, by level (undefined where none). */
  private readonly edge: Array<Buffer | undefined> = [];
  private count = 0;

  add(canonicalLine: string): void {
    this.addLeafHash(leafHashOfText(canonicalLine));
  }

  addLeafHash(leaf: Buffer): void {
    let hash = leaf;
    let level = 0;
    // A leaf completes one perfect subtree per trailing one bit of the count before it.
    for (let n = this.count; n & 1; n = Math.floor(n / 2), level++) {
      hash = nodeHash(this.edge[level]!, hash);
      this.edge[level] = undefined;
    }
    this.edge[level] = hash;
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** The Merkle Tree Hash of the leaves so far: the edge's roots folded from the smallest up. */
  root(): Buffer {
    let acc: Buffer | undefined;
    for (const h of this.edge) {
      if (h === undefined) continue;
      acc = acc === undefined ? h : nodeHash(h, acc);
    }
    return acc ?? Buffer.from(emptyRoot);
  }
}
