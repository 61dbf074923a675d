// What a bulk score of every person reads besides the account histories (account-history.store.ts):
// the persons' accounts and the hard inquiries into them, for a range of borrower keys at a time.
import type { Queryable } from '../../store/database.ts';
import type { AccountType } from '../../domain/credit-reporting/standard.ts';

/** An account's current version as a score reads it. */
export interface ScoredAccountRow {
  borrowerKey: string;
  furnisher: string;
  accountId: string;
  type: AccountType;
  openedOn: string;
  limitFen: number | null;
}

/** The current version of every account of the borrowers after `after` up to `through` (null: to the last), in borrower order. */
export async function accountsBetween(q: Queryable, after: string, through: string | null): Promise<ScoredAccountRow[]> {
  const rows = await q.query<{
    borrower_key: string;
    furnisher: string;
    account_id: string;
    type: AccountType;
    opened_on: string;
    limit_fen: string | number | null;
  }>(
    `SELECT DISTINCT ON (borrower_key, furnisher, account_id) borrower_key, furnisher, account_id, type, to_char(opened_on, 'YYYY-MM-DD') AS opened_on, limit_fen
       FROM credit_account WHERE borrower_key > $1 AND ($2::text IS NULL OR borrower_key <= $2)
      ORDER BY borrower_key, furnisher, account_id, seq DESC`,
    [after, through],
  );
  return rows.map((r) => ({
    borrowerKey: r.borrower_key,
    furnisher: r.furnisher,
    accountId: r.account_id,
    type: r.type,
    openedOn: r.opened_on,
    limitFen: r.limit_fen === null ? null : Number(r.limit_fen),
  }));
}

/**
 * The lenders' inquiries with these purposes into the subjects after `after` up to `through` (null: to the last), on
 * a local date after `since`, made by the instant `at`. A person's own queries are never hard
 * inquiries, so they are not read.
 */
export async function inquiriesBetween(
  q: Queryable,
  after: string,
  through: string | null,
  purposes: readonly string[],
  since: string,
  at: Date,
): Promise<Array<{ subjectKey: string; date: string; lender: string; purpose: string }>> {
  const rows = await q.query<{ subject_key: string; date: string; lender: string; purpose: string }>(
    `SELECT subject_key, to_char(inquired_on, 'YYYY-MM-DD') AS date, lender, purpose FROM credit_inquiry
      WHERE subject_key > $1 AND ($2::text IS NULL OR subject_key <= $2) AND purpose = ANY($3::text[]) AND inquired_on > $4 AND inquired_at <= $5`,
    [after, through, purposes, since, at.toISOString()],
  );
  return rows.map((r) => ({ subjectKey: r.subject_key, date: r.date, lender: r.lender, purpose: r.purpose }));
}
