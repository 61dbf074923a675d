// The SQL of written authorisations to inquire (migration 0023): recorded once per lender and
// reference, withdrawn at most once, never changed.
import type { Queryable } from '../../store/database.ts';
import type { InquiryConsent } from '../../domain/credit-reporting/inquiry.ts';
import { dateText } from '../../store/row-values.ts';

export interface ConsentRow extends InquiryConsent {
  subjectKind: 'person' | 'organisation';
  subjectMasked: string;
  recordedAt: string;
  event: { log: number; index: number };
}

const SELECT = `SELECT c.lender, c.reference, c.subject_key, c.subject_kind, c.subject_masked, c.purposes,
                       to_char(c.signed_on, 'YYYY-MM-DD') AS signed_on, to_char(c.expires_on, 'YYYY-MM-DD') AS expires_on,
                       to_char(w.withdrawn_on, 'YYYY-MM-DD') AS withdrawn_on, c.recorded_at, c.log, c.event_index
                  FROM credit_inquiry_consent c
                  LEFT JOIN credit_inquiry_consent_withdrawal w ON w.subject_key = c.subject_key AND w.lender = c.lender AND w.reference = c.reference`;

function consentOf(r: Record<string, unknown>): ConsentRow {
  return {
    lender: r.lender as string,
    reference: r.reference as string,
    subjectKey: r.subject_key as string,
    subjectKind: r.subject_kind as 'person' | 'organisation',
    subjectMasked: r.subject_masked as string,
    purposes: r.purposes as string[],
    signedOn: dateText(r.signed_on)!,
    expiresOn: dateText(r.expires_on)!,
    withdrawnOn: dateText(r.withdrawn_on),
    recordedAt: new Date(r.recorded_at as string | Date).toISOString(),
    event: { log: Number(r.log), index: Number(r.event_index) },
  };
}

/**
 * A lender's authorisation by its reference, with its withdrawal if any. With `subjectKey`, the
 * subject's own is looked for first (on a cluster, in the subject's shard alone), then any.
 */
export async function consentByReference(q: Queryable, lender: string, reference: string, subjectKey?: string): Promise<ConsentRow | undefined> {
  if (subjectKey !== undefined) {
    const [own] = await q.query(`${SELECT} WHERE c.subject_key = $3 AND c.lender = $1 AND c.reference = $2`, [lender, reference, subjectKey]);
    if (own) return consentOf(own);
  }
  const rows = await q.query(`${SELECT} WHERE c.lender = $1 AND c.reference = $2`, [lender, reference]);
  return rows[0] ? consentOf(rows[0]) : undefined;
}

/** A lender's authorisations, newest first. */
export async function consentsOf(q: Queryable, lender: string, limit: number): Promise<ConsentRow[]> {
  return (await q.query(`${SELECT} WHERE c.lender = $1 ORDER BY c.recorded_at DESC, c.reference LIMIT $2`, [lender, limit])).map(consentOf);
}

export async function insertConsent(tx: Queryable, c: ConsentRow): Promise<void> {
  await tx.query(
    `INSERT INTO credit_inquiry_consent (lender, reference, subject_key, subject_kind, subject_masked, purposes, signed_on, expires_on, recorded_at, log, event_index)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [c.lender, c.reference, c.subjectKey, c.subjectKind, c.subjectMasked, [...c.purposes], c.signedOn, c.expiresOn, c.recordedAt, c.event.log, c.event.index],
  );
}

export async function insertWithdrawal(
  tx: Queryable,
  w: { subjectKey: string; lender: string; reference: string; withdrawnOn: string; recordedAt: string; log: number; index: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO credit_inquiry_consent_withdrawal (subject_key, lender, reference, withdrawn_on, recorded_at, log, event_index) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [w.subjectKey, w.lender, w.reference, w.withdrawnOn, w.recordedAt, w.log, w.index],
  );
}

/**
 * Holds a lender's reference until the transaction ends: one recording of it at a time. On a
 * cluster the lock is the coordinator's, which every server talks to, and a reference is unique
 * per lender through it: the authorisations are keyed by subject there.
 */
export async function lockReference(tx: Queryable, lender: string, reference: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CONSENT_LOCK, `${lender}\n${reference}`]);
}

/** Advisory lock (first key) of a lender's authorisation reference. */
const CONSENT_LOCK = 7262023;
