// The property every published checkpoint must have, checked over all the checkpoints a store
// holds: each note verifies with a published key and states the sizes stored beside it, and for
// every pair of checkpoints i < j every log's size is non-decreasing and the log's consistency
// proof from i to j (read from the tiles, as GET /v1/log/proofs/consistency serves it) verifies
// against the roots the two notes state. Throws naming the first checkpoint or pair that fails.
import type { Queryable } from '../../src/store/database.ts';
import { headOfCheckpoint } from '../../src/ledger/checkpoints.ts';
import type { LedgerHead } from '../../src/ledger/head.ts';
import { consistencyProof } from '../../src/ledger/proofs.ts';
import { openCheckpoint } from '../../src/ledger/tlog/checkpoint.ts';
import { emptyRoot, verifyConsistency } from '../../src/ledger/tlog/merkle.ts';
import { newVerifier } from '../../src/ledger/tlog/note.ts';

export interface PublishedCheckpoint {
  id: number;
  sizes: number[];
  note: string;
  head: LedgerHead;
}

export class ForkFound extends Error {
  override name = 'ForkFound';
}

/** Every stored checkpoint, in order, opened with the verifier keys; checks the property over all pairs. */
export async function checkCheckpoints(q: Queryable, origin: string, verifierKeys: readonly string[]): Promise<{ checkpoints: PublishedCheckpoint[]; proofs: number }> {
  const verifiers = verifierKeys.map((k) => newVerifier(k));
  const rows = await q.query<{ id: number; sizes: number[]; note: string }>('SELECT id, sizes, note FROM ledger_checkpoint ORDER BY id');
  const checkpoints = rows.map((r, i) => {
    const id = Number(r.id);
    if (id !== i + 1) throw new ForkFound(`checkpoint ${id} follows checkpoint ${i}: checkpoints are numbered from 1 without gaps`);
    const { text } = openCheckpoint(r.note, origin, verifiers);
    const { head } = headOfCheckpoint(text);
    const sizes = r.sizes.map(Number);
    if (head.logs.map((l) => l.size).join() !== sizes.join()) throw new ForkFound(`checkpoint ${id} is stored with sizes ${sizes} but its note states ${head.logs.map((l) => l.size)}`);
    for (const l of head.logs) if (l.size === 0 && l.root !== emptyRoot.toString('base64')) throw new ForkFound(`checkpoint ${id}: empty log ${l.log} has a root other than the empty tree's`);
    return { id, sizes, note: r.note, head };
  });
  let proofs = 0;
  for (let i = 0; i < checkpoints.length; i++) {
    for (let j = i + 1; j < checkpoints.length; j++) {
      const a = checkpoints[i]!;
      const b = checkpoints[j]!;
      for (const earlier of a.head.logs) {
        const later = b.head.logs[earlier.log]!;
        const where = `log ${earlier.log} from checkpoint ${a.id} (size ${earlier.size}, root ${earlier.root}) to checkpoint ${b.id} (size ${later.size}, root ${later.root})`;
        if (later.size < earlier.size) throw new ForkFound(`${where}: the log shrank`);
        if (earlier.size === 0) continue; // nothing to prove from the empty tree
        try {
          const proof = await consistencyProof(q, earlier.log, earlier.size, later.size);
          verifyConsistency(earlier.size, later.size, proof, Buffer.from(earlier.root, 'base64'), Buffer.from(later.root, 'base64'));
        } catch (err) {
          throw new ForkFound(`${where}: ${(err as Error).message}`);
        }
        proofs++;
      }
    }
  }
  return { checkpoints, proofs };
}
