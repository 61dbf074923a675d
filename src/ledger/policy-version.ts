// The policy pack in force is itself a fact of the ledger: when the platform starts with a pack
// that differs from the last one recorded, it appends policy.published, so every later decision
// can be read beside the rules it was taken under.
import type { Database } from '../store/database.ts';
import type { Policy } from '../domain/policy/policy.ts';
import { SYSTEM_ACTOR } from '../kernel/constants.ts';
import { appendEvents, lastPlatformEvent, takeLogs } from './ledger.ts';

/** Appends policy.published when the loaded pack differs from the last one recorded; true if it did. */
export async function recordPolicyVersion(db: Database, policy: Policy, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Two servers starting at once: the second waits for the first's event, then sees it.
    await takeLogs(tx, [null]);
    const last = await lastPlatformEvent(tx, 'policy.published');
    if (last?.type === 'policy.published' && last.data.digest === policy.digest) return false;
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
