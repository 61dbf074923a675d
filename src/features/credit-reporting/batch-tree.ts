// The Merkle tree of a furnishing batch (RFC 9162 hashing): a leaf per line, in the batch's
// order, hashed from the line's canonical JSON. Grown on its right edge, so a batch of millions of
// lines keeps a few dozen hashes in memory, not one per line.
import { CompactRange } from '../../ledger/tlog/compact-range.ts';
import { leafHashOfText } from '../../ledger/tlog/merkle.ts';

const PENDING = 4096;

export class BatchTree {
  private readonly edge = CompactRange.empty();
  private pending: Buffer[] = [];

  add(canonicalLine: string): void {
    this.pending.push(leafHashOfText(canonicalLine));
    if (this.pending.length >= PENDING) this.flush();
  }

  get size(): number {
    return this.edge.size + this.pending.length;
  }

  root(): Buffer {
    this.flush();
    return this.edge.root();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.edge.append(this.pending);
    this.pending = [];
  }
}
