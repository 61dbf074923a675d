// The Merkle tree of a furnishing batch (RFC 9162 hashing, src/ledger/tlog): a leaf per line, in
// the batch's order, hashed from the line's canonical JSON. Only the right edge is kept (the roots
// of the perfect subtrees so far, one per level at most), so a batch of millions of lines holds a
// few dozen hashes, and no node is kept once merged.
//
// A month-end batch hashes millions of leaves and as many interior nodes, so the hashing avoids
// what costs most per call beside SHA-256 itself: a new Buffer for every digest. Hashes are held
// as 32-character latin1 strings (one character per byte); a leaf is hashed from the text
// '\0' + line, which node:crypto encodes as UTF-8 (0x00 followed by the line's UTF-8 bytes); an
// interior node from a scratch buffer holding 0x01 and its children's bytes.
import { hash } from 'node:crypto';
import { emptyRoot } from '../../ledger/tlog/merkle.ts';

const nodeScratch = Buffer.alloc(65);
nodeScratch[0] = 0x01;

/** SHA-256(0x00 || the line's UTF-8 bytes), as latin1 text. */
function leafText(canonicalLine: string): string {
  return hash('sha256', `\0${canonicalLine}`, 'binary');
}

/** SHA-256(0x01 || left || right), each a hash as latin1 text. */
function nodeText(left: string, right: string): string {
  nodeScratch.write(left + right, 1, 'latin1');
  return hash('sha256', nodeScratch, 'binary');
}

export class BatchTree {
  /** The roots of the perfect subtrees over the leaves so far, by level ('' where none). */
  private readonly edge: string[] = [];
  private count = 0;

  add(canonicalLine: string): void {
    this.addLeafText(leafText(canonicalLine));
  }

  addLeafHash(leaf: Uint8Array): void {
    if (leaf.length !== 32) throw new RangeError('a leaf hash is 32 bytes');
    this.addLeafText(Buffer.from(leaf).toString('latin1'));
  }

  private addLeafText(leaf: string): void {
    let h = leaf;
    let level = 0;
    // A leaf completes one perfect subtree per trailing one bit of the count before it.
    for (let n = this.count; n & 1; n = Math.floor(n / 2), level++) {
      h = nodeText(this.edge[level]!, h);
      this.edge[level] = '';
    }
    this.edge[level] = h;
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** The Merkle Tree Hash of the leaves so far: the edge's roots folded from the smallest up. */
  root(): Buffer {
    let acc = '';
    for (const h of this.edge) {
      if (h === '') continue;
      acc = acc === '' ? h : nodeText(h, acc);
    }
    return acc === '' ? Buffer.from(emptyRoot) : Buffer.from(acc, 'latin1');
  }
}
