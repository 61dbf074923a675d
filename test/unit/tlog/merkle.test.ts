// RFC 9162 hashing and proof verification: the Certificate Transparency reference tree heads,
// and every inclusion and consistency vector of transparency-dev/merkle, one test a file,
// the tampered ones (wantErr) refused.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyRoot, leafHash, leafHashInPlace, nodeHash, ProofError, rootOf, verifyConsistency, verifyInclusion } from '../../../src/ledger/tlog/merkle.ts';

// RFC 6962/9162 vectors from transparency-dev/merkle (Apache-2.0; see the README and LICENSE beside them).
const VECTORS = resolve(import.meta.dirname, '../../fixtures/merkle');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? jsonFiles(p) : f.endsWith('.json') ? [p] : [];
    })
    .sort();
}

const b64 = (s: string) => Buffer.from(s, 'base64');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// Sizes and indices in the vectors go up to 2^64 - 1, which JSON.parse rounds; such a value is
// above 2^53 either way, and the verifier refuses every count that is not a safe integer.
interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

function outcome(check: () => void): string {
  try {
    check();
    return 'verified';
  } catch (e) {
    if (e instanceof ProofError) return `refused: ${e.reason}`;
    throw e;
  }
}

// The Certificate Transparency reference leaves and the tree heads of their prefixes (RFC 6962
// test data, also in transparency-dev/merkle's testonly package).
const CT_ENTRIES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('RFC 9162 hashing', () => {
  it('the empty tree hashes to SHA-256 of nothing, a leaf to SHA-256(0x00 || entry), a node to SHA-256(0x01 || left || right)', () => {
    expect(hex(emptyRoot)).toBe(CT_ROOTS[0]);
    expect(hex(leafHash(Buffer.alloc(0)))).toBe(CT_ROOTS[1]);
    const [a, b] = CT_ENTRIES.slice(0, 2).map(leafHash);
    expect(hex(nodeHash(a!, b!))).toBe(CT_ROOTS[2]);
  });

  it('the tree head of every prefix of the reference leaves is the published one (the left subtree is the largest power of two)', () => {
    const leaves = CT_ENTRIES.map(leafHash);
    for (let n = 0; n <= leaves.length; n++) expect(hex(rootOf(leaves.slice(0, n))), `size ${n}`).toBe(CT_ROOTS[n]);
  });

  it('hashes entries longer than the scratch buffer and shorter ones after them alike', () => {
    const long = Buffer.alloc(5000, 7);
    const expected = (entry: Buffer) => createHash('sha256').update(Buffer.of(0)).update(entry).digest('hex');
    expect(hex(leafHash(long))).toBe(expected(long));
    expect(hex(leafHash(Buffer.from('ab')))).toBe(expected(Buffer.from('ab')));
  });
});

describe('leaf hashes of entries where they lie', () => {
  it('equal the leaf hash of each entry of newline-joined bytes, the first, a middle one, an empty one and the last', () => {
    const entries = ['{"a":1}', '{"b":"二"}', '', '{"c":[3]}'];
    const bytes = Buffer.from(entries.join('\n'), 'utf8');
    const hashes: Buffer[] = [];
    for (let start = 0; start <= bytes.length; ) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      hashes.push(leafHashInPlace(bytes, start, end));
      start = end + 1;
    }
    expect(hashes).toEqual(entries.map((e) => leafHash(Buffer.from(e, 'utf8'))));
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3.2): the vectors of transparency-dev/merkle', () => {
  const files = jsonFiles(join(VECTORS, 'inclusion'));
  it('are all there', () => expect(files.length).toBeGreaterThan(50));
  for (const file of files) {
    const v = read<InclusionVector>(file);
    it(`${relative(VECTORS, file)}: ${v.desc} is ${v.wantErr ? 'refused' : 'verified'}`, () => {
      const result = outcome(() => verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root)));
      if (v.wantErr) expect(result).toMatch(/^refused/);
      else expect(result).toBe('verified');
    });
  }
});

describe('consistency proofs (RFC 9162 §2.1.4.2): the vectors of transparency-dev/merkle', () => {
  const files = jsonFiles(join(VECTORS, 'consistency'));
  it('are all there', () => expect(files.length).toBeGreaterThan(50));
  for (const file of files) {
    const v = read<ConsistencyVector>(file);
    it(`${relative(VECTORS, file)}: ${v.desc} is ${v.wantErr ? 'refused' : 'verified'}`, () => {
      const result = outcome(() => verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2)));
      if (v.wantErr) expect(result).toMatch(/^refused/);
      else expect(result).toBe('verified');
    });
  }
});

describe('refusals name their reason', () => {
  const leaves = Array.from({ length: 7 }, (_, i) => leafHash(Buffer.of(i)));
  const root = rootOf(leaves);

  it('an index at or past the size, a count that is not a safe integer, a hash of the wrong length', () => {
    expect(outcome(() => verifyInclusion(7, 7, leaves[0]!, [], root))).toBe('refused: index-out-of-range');
    expect(outcome(() => verifyInclusion(2 ** 64 - 1, 2 ** 64, leaves[0]!, [], root))).toBe('refused: invalid-size');
    expect(outcome(() => verifyInclusion(0, 1, Buffer.alloc(31), [], root))).toBe('refused: bad-hash-size');
    expect(outcome(() => verifyConsistency(3, 2, [], root, root))).toBe('refused: sizes-out-of-order');
    expect(outcome(() => verifyConsistency(0, 2, [root], emptyRoot, root))).toBe('refused: empty-tree');
  });

  it('a one-leaf tree is proven by an empty proof; a root that is not the tree head is a mismatch', () => {
    expect(outcome(() => verifyInclusion(0, 1, leaves[0]!, [], leaves[0]!))).toBe('verified');
    expect(outcome(() => verifyInclusion(0, 1, leaves[0]!, [], root))).toBe('refused: root-mismatch');
    expect(outcome(() => verifyInclusion(0, 2, leaves[0]!, [], root))).toBe('refused: wrong-proof-size');
  });

  it('two empty trees are consistent only if both roots are the empty root', () => {
    expect(outcome(() => verifyConsistency(0, 0, [], emptyRoot, emptyRoot))).toBe('verified');
    expect(outcome(() => verifyConsistency(0, 0, [], root, root))).toBe('refused: root-mismatch');
  });
});
