// The transparency log's storage: a ledger entry's bytes (read through the ledger's blocks), and
// the witnesses' cosignatures of checkpoints (one per witness per checkpoint; a newer one replaces it).
import type { Queryable } from '../../store/database.ts';
import { eventAt, subjectOfPayload } from '../../ledger/blocks.ts';

export interface EntryRow {
  subject: string | null;
  /** The leaf bytes: the event's canonical JSON. */
  payload: string;
}

/** A ledger entry's canonical bytes and subject, read through the ledger's blocks (ledger/blocks.ts). */
export async function entryAt(q: Queryable, log: number, index: number): Promise<EntryRow | null> {
  const event = await eventAt(q, log, index);
  return event ? { subject: subjectOfPayload(event.payload), payload: event.payload } : null;
}

export interface StoredCosignature {
  witness: string;
  /** The signature line's base64: the key ID and the cosignature. */
  signature: string;
}

export async function cosignaturesOf(q: Queryable, checkpointId: number): Promise<StoredCosignature[]> {
  return q.query<{ witness: string; signature: string }>('SELECT witness, signature FROM ledger_cosignature WHERE checkpoint_id = $1 ORDER BY witness', [
    checkpointId,
  ]);
}

export async function saveCosignature(q: Queryable, checkpointId: number, c: StoredCosignature, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO ledger_cosignature (checkpoint_id, witness, signature, received_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (checkpoint_id, witness) DO UPDATE SET signature = EXCLUDED.signature, received_at = EXCLUDED.received_at`,
    [checkpointId, c.witness, c.signature, at.toISOString()],
  );
}
