// What a bulk score of every person reads: the bounds of its parts; for a range of borrower keys at
// a time, the persons' score inputs (migration 47), and for those the build did not hold all of
// (or all, where none are built) the accounts, from the index by borrower alone
// (migration 42), their histories (migration 41), plain ones without their figures, and the hard
// inquiries into them; and once, the borrowers with an account version after the build's marks.
import type { Queryable } from '../../store/database.ts';
import type { AccountType } from '../../domain/credit-reporting/standard.ts';
import type { HistoryMark, StoredHistory } from './account-history.store.ts';

/** An account's current version as a score reads it. */
export interface ScoredAccountRow {
  borrowerKey: string;
  furnisher: string;
  accountId: string;
  type: AccountType;
  openedOn: string;
  limitFen: number | null;
}

/** The borrowers after `after` up to `through` (null: to the last), as a condition on `borrower_key` with its parameters from $1. */
const between = (after: string, through: string | null) => ({
  where: 'borrower_key > $1 AND ($2::text IS NULL OR borrower_key <= $2)',
  params: [after, through],
});

/** The borrowers `keys`, as such a condition. */
const among = (keys: readonly string[]) => ({ where: 'borrower_key = ANY($1::text[])', params: [keys] });

/** The current version of every account of the borrowers after `after` up to `through` (null: to the last), in borrower order. */
export function accountsBetween(q: Queryable, after: string, through: string | null): Promise<ScoredAccountRow[]> {
  return accountsWhere(q, between(after, through));
}

/** The current version of every account of the borrowers `keys`, in borrower order. */
export function accountsAmong(q: Queryable, keys: readonly string[]): Promise<ScoredAccountRow[]> {
  return accountsWhere(q, among(keys));
}

async function accountsWhere(q: Queryable, borrowers: { where: string; params: unknown[] }): Promise<ScoredAccountRow[]> {
  const rows = await q.query<{
    borrower_key: string;
    furnisher: string;
    account_id: string;
    type: AccountType;
    opened_on: string;
    limit_fen: number | null;
  }>(
    `SELECT DISTINCT ON (borrower_key, furnisher, account_id) borrower_key, furnisher, account_id, type, opened_on, limit_fen
       FROM credit_account WHERE ${borrowers.where}
      ORDER BY borrower_key, furnisher, account_id, seq DESC`,
    borrowers.params,
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
export function scoredHistoriesBetween(q: Queryable, after: string, through: string | null): Promise<ScoredHistory[]> {
  return scoredHistoriesWhere(q, between(after, through));
}

/** The histories of the borrowers `keys`, in borrower order. */
export function scoredHistoriesAmong(q: Queryable, keys: readonly string[]): Promise<ScoredHistory[]> {
  return scoredHistoriesWhere(q, among(keys));
}

async function scoredHistoriesWhere(q: Queryable, borrowers: { where: string; params: unknown[] }): Promise<ScoredHistory[]> {
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
       FROM credit_account_history WHERE ${borrowers.where}
      ORDER BY borrower_key, furnisher, account_id`,
    borrowers.params,
  );
  return rows.map((r) => {
    const held = { borrowerKey: r.borrower_key, furnisher: r.furnisher, accountId: r.account_id, firstMonth: r.first_month.slice(0, 7), statuses: r.statuses };
    return r.balance === null ? { ...held, plainLastBalanceFen: null, figures: r.figures! } : { ...held, plainLastBalanceFen: r.balance, figures: null };
  });
}

/** A person's score input as the last build wrote it (domain/credit-reporting/score-input.ts). */
export interface ScoreInputRow {
  borrowerKey: string;
  accounts: string;
}

/** Whether the last build wrote score inputs (a build before migration 47 wrote none, nor does one of organisations alone). */
export async function scoreInputsBuilt(q: Queryable): Promise<boolean> {
  const [r] = await q.query<{ built: boolean }>('SELECT EXISTS (SELECT 1 FROM credit_score_input) AS built');
  return r!.built;
}

/** The score inputs of the persons after `after` up to `through` (null: to the last), in borrower order. */
export async function scoreInputsBetween(q: Queryable, after: string, through: string | null): Promise<ScoreInputRow[]> {
  const b = between(after, through);
  const rows = await q.query<{ borrower_key: string; accounts: string }>(
    `SELECT borrower_key, accounts FROM credit_score_input WHERE ${b.where} ORDER BY borrower_key`,
    b.params,
  );
  return rows.map((r) => ({ borrowerKey: r.borrower_key, accounts: r.accounts }));
}

/**
 * The upper bound of the next part of the persons with a score input after `after` ('' from the
 * first): the key of the `size`th after it, or null when fewer are left.
 */
export async function scoreInputsBound(q: Queryable, after: string, size: number): Promise<string | null> {
  const rows = await q.query<{ key: string }>(
    'SELECT borrower_key AS key FROM credit_score_input WHERE borrower_key > $1 ORDER BY borrower_key OFFSET $2 LIMIT 1',
    [after, size - 1],
  );
  return rows[0]?.key ?? null;
}

/**
 * The borrowers with an account version the marks' build did not see: of a batch after its
 * furnisher's mark, or of a furnisher without one. Read from the batches after the marks, by
 * the accounts' index by batch: they are few beside the accounts.
 */
export async function borrowersWithAccountsAfter(q: Queryable, marks: readonly HistoryMark[]): Promise<Set<string>> {
  const rows = await q.query<{ borrower_key: string }>(
    `SELECT DISTINCT a.borrower_key FROM furnishing_batch b
       LEFT JOIN unnest($1::text[], $2::bigint[]) AS h(furnisher, seq) ON h.furnisher = b.furnisher
       JOIN credit_account a ON a.furnisher = b.furnisher AND a.seq = b.seq
      WHERE h.furnisher IS NULL OR b.seq > h.seq`,
    [marks.map((m) => m.furnisher), marks.map((m) => m.seq)],
  );
  return new Set(rows.map((r) => r.borrower_key));
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
