// The policy pack in force is itself a fact of the ledger: when the platform starts with a pack
// that differs from the last one recorded, it appends policy.published, so every later decision
// can be read beside the rules it was taken under.
import type { Database } from '../store/database.ts';
import type { Policy } from '../domain/policy/policy.ts';
import { ADVISORY_LOCK, SYSTEM_ACTOR } from '../kernel/constants.ts';
import { appendEvents } from './ledger.ts';

/** Appends policy.published when the loaded pack differs from the last one recorded; true if it did. */
export async function recordPolicyVersion(db: Database, policy: Policy, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.ledger]);
    const last = await tx.query<{ payload: string }>("SELECT payload FROM ledger_event WHERE type = 'policy.published' ORDER BY seq DESC LIMIT 1");
    const lastDigest = last[0] ? (JSON.parse(last[0].payload) as { data: { digest: string } }).data.digest : null;
    if (lastDigest === policy.digest) return false;
    await appendEvents(
      tx,
      [
        {
          type: 'policy.published',
          subject: null,
          data: { digest: policy.digest, effectiveFrom: policy.manifest.effectiveFrom, pack: policy.manifest.id, version: policy.manifest.version },
        },
      ],
      SYSTEM_ACTOR,
      at,
    );
    return true;
  });
}
