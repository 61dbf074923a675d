// What a bulk score of every person reads, for a range of borrower keys at a time: the persons'
// accounts, from the index by borrower alone (migration 42), their histories (migration 41), plain
// ones without their figures, and the hard inquiries into them.
import type { Queryable } from '../../store/database.ts';
import type { AccountType } from '../../domain/credit-reporting/standard.ts';
import type { StoredHistory } from './account-history.store.ts';

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
    limit_fen: number | null;
  }>(
    `SELECT DISTINCT ON (borrower_key, furnisher, account_id) borrower_key, furnisher, account_id, type, opened_on, limit_fen
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
    limitFen: r.limit_fen,
  }));
}

/** An account history as a score reads it: plain (its last balance, no figures) where the build marked it so, else whole. */
export type ScoredHistory = Omit<StoredHistory, 'figures'> & ({ plainLastBalanceFen: number; figures: null } | { plainLastBalanceFen: null; figures: string });

/** The histories of the borrowers after `after` up to `through` (null: to the last), in borrower order. */
export async function scoredHistoriesBetween(q: Queryable, after: string, through: string | null): Promise<ScoredHistory[]> {
  const rows = await q.query<{
    borrower_key: string;
    furnisher: string;
    account_id: string;
    first_month: string;
    statuses: string;
    balance: number | null;
    figures: string | null;
  }>(
    `SELECT borrower_key, furnisher, account_id, first_month, statuses, plain_last_balance_fen AS balance,
            CASE WHEN plain_last_balance_fen IS NULL THEN figures END AS figures
       FROM credit_account_history WHERE borrower_key > $1 AND ($2::text IS NULL OR borrower_key <= $2)
      ORDER BY borrower_key, furnisher, account_id`,
    [after, through],
  );
  return rows.map((r) => {
    const held = { borrowerKey: r.borrower_key, furnisher: r.furnisher, accountId: r.account_id, firstMonth: r.first_month.slice(0, 7), statuses: r.statuses };
    return r.balance === null ? { ...held, plainLastBalanceFen: null, figures: r.figures! } : { ...held, plainLastBalanceFen: r.balance, figures: null };
  });
}

/** The figures of the account histories of the accounts keyed 'borrower\nfurnisher\naccount', by key. */
export async function historyFiguresOf(q: Queryable, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await q.query<{ key: string; figures: string }>(
    `SELECT borrower_key || E'\\n' || furnisher || E'\\n' || account_id AS key, figures FROM credit_account_history
      WHERE (borrower_key, furnisher, account_id) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
    [0, 1, 2].map((i) => keys.map((k) => k.split('\n')[i]!)),
  );
  return new Map(rows.map((r) => [r.key, r.figures]));
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
