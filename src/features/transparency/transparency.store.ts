// The transparency log's storage: a ledger entry's bytes (read through the ledger's blocks), and
// the witnesses' cosignatures of checkpoints (one per witness per checkpoint; a newer one replaces it, an older one never does).
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
  /** The signature line's base64: the key ID and the cosignature (its 8-byte time, then the Ed25519 signature). */
  signature: string;
}

/**
 * The cosignatures kept on any checkpoint of the same head as `checkpoint` (the head signed again
 * by a newer key: one text, several notes), each with its checkpoint's note so the caller keeps
 * those of the same text. Checkpoints of one head are consecutive, so the bounds are found by the
 * primary key, each reading the one checkpoint before or after the run.
 */
export async function cosignaturesOfHead(q: Queryable, checkpoint: { id: number; sizes: readonly number[] }): Promise<Array<StoredCosignature & { note: string }>> {
  return q.query<{ witness: string; signature: string; note: string }>(
    `SELECT c.witness, c.signature, k.note FROM ledger_cosignature c JOIN ledger_checkpoint k ON k.id = c.checkpoint_id
      WHERE c.checkpoint_id > COALESCE((SELECT max(id) FROM ledger_checkpoint WHERE id < $1 AND sizes <> $2::bigint[]), 0)
        AND c.checkpoint_id < COALESCE((SELECT min(id) FROM ledger_checkpoint WHERE id > $1 AND sizes <> $2::bigint[]), 9223372036854775807)
      ORDER BY c.witness, c.checkpoint_id DESC`,
    [checkpoint.id, checkpoint.sizes],
  );
}

/**
 * Keeps a witness's cosignature of a checkpoint; one it already holds from the same witness key
 * with a later time stays (bytes 1-4 of the signature are the key ID, 5-12 the big-endian time, so
 * bytea order is time order). Returns whether this one was kept.
 */
export async function saveCosignature(q: Queryable, checkpointId: number, c: StoredCosignature, at: Date): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO ledger_cosignature (checkpoint_id, witness, signature, received_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (checkpoint_id, witness) DO UPDATE SET signature = EXCLUDED.signature, received_at = EXCLUDED.received_at
       WHERE substring(decode(ledger_cosignature.signature, 'base64') FROM 1 FOR 4) <> substring(decode(EXCLUDED.signature, 'base64') FROM 1 FOR 4)
          OR substring(decode(ledger_cosignature.signature, 'base64') FROM 5 FOR 8) <= substring(decode(EXCLUDED.signature, 'base64') FROM 5 FOR 8)
     RETURNING checkpoint_id`,
    [checkpointId, c.witness, c.signature, at.toISOString()],
  );
  return rows.length > 0;
}
