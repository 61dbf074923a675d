// The SQL of inquiries (migration 0023): one row per inquiry answered, never changed.
import type { Queryable } from '../../store/database.ts';

export interface InquiryRow {
  inquiryId: string;
  lender: string;
  subjectKey: string;
  subjectKind: 'person' | 'organisation';
  subjectMasked: string;
  purpose: string;
  consent: string | null;
  openAccount: string | null;
  at: string;
  /** The local date of the inquiry. */
  date: string;
  event: { log: number; index: number };
}

export async function insertInquiry(tx: Queryable, r: InquiryRow): Promise<void> {
  await tx.query(
    `INSERT INTO credit_inquiry (inquiry_id, lender, subject_key, subject_kind, subject_masked, purpose, consent, open_account, inquired_at, inquired_on, log, event_index)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [r.inquiryId, r.lender, r.subjectKey, r.subjectKind, r.subjectMasked, r.purpose, r.consent, r.openAccount, r.at, r.date, r.event.log, r.event.index],
  );
}

/** A lender's own inquiries, newest first. */
export async function inquiriesBy(q: Queryable, lender: string, limit: number): Promise<InquiryRow[]> {
  const rows = await q.query(
    `SELECT inquiry_id, lender, subject_key, subject_kind, subject_masked, purpose, consent, open_account, inquired_at,
            to_char(inquired_on, 'YYYY-MM-DD') AS inquired_on, log, event_index
       FROM credit_inquiry WHERE lender = $1 ORDER BY inquired_at DESC, inquiry_id LIMIT $2`,
    [lender, limit],
  );
  return rows.map((r) => ({
    inquiryId: r.inquiry_id as string,
    lender: r.lender as string,
    subjectKey: r.subject_key as string,
    subjectKind: r.subject_kind as 'person' | 'organisation',
    subjectMasked: r.subject_masked as string,
    purpose: r.purpose as string,
    consent: r.consent as string | null,
    openAccount: r.open_account as string | null,
    at: new Date(r.inquired_at as string | Date).toISOString(),
    date: r.inquired_on as string,
    event: { log: Number(r.log), index: Number(r.event_index) },
  }));
}
