// A furnishing batch's tree keeps only its right edge; its root is RFC 9162's Merkle Tree Hash of
// the leaves, as the reference rootOf computes it, for every size (property).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BatchTree } from '../../src/features/credit-reporting/batch-tree.ts';
import { leafHashOfText, rootOf } from '../../src/ledger/tlog/merkle.ts';

describe('the batch tree', () => {
  it('has the root of RFC 9162 for every size from 0 to 300', () => {
    const tree = new BatchTree();
    const leaves: Buffer[] = [];
    expect(tree.root()).toEqual(rootOf([]));
    for (let i = 0; i < 300; i++) {
      tree.add(`line ${i}`);
      leaves.push(leafHashOfText(`line ${i}`));
      expect(tree.root(), `size ${i + 1}`).toEqual(rootOf(leaves));
    }
  });
  it('has the root of RFC 9162 for any lines (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 200 }), (lines) => {
        const tree = new BatchTree();
        for (const l of lines) tree.add(l);
        return tree.root().equals(rootOf(lines.map(leafHashOfText))) && tree.size === lines.length;
      }),
    );
  });
  it('hashes any text as its UTF-8 bytes, lone surrogates and NUL included, and takes leaf hashes as they are (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 70 }), (lines) => {
        const tree = new BatchTree();
        const byHash = new BatchTree();
        const leaves = lines.map(leafHashOfText);
        for (const l of lines) tree.add(l);
        for (const h of leaves) byHash.addLeafHash(h);
        const root = rootOf(leaves);
        return tree.root().equals(root) && byHash.root().equals(root);
      }),
    );
    expect(() => new BatchTree().addLeafHash(Buffer.alloc(31))).toThrow(RangeError);
  });
});
