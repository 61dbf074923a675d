// The statements of the account histories (migration 41; account-history.ts builds them, the
// credit report reads them): the build's marks, a borrower's histories, the statements a build
// takes in or a reader adds, and the swap of a new set of histories for the old.
import type { Queryable } from '../../store/database.ts';
import type { PackedHistory } from '../../domain/credit-reporting/account-history.ts';
import type { StatementInput } from '../../domain/credit-reporting/report-input.ts';
import type { RepaymentStatus } from '../../domain/credit-reporting/standard.ts';
import { holdAlone, type LockWait } from './statement-compaction.store.ts';
import { dateText } from '../../store/row-values.ts';

const BUILD_LOCK = 7262026;
const NEXT = 'credit_account_history_next';
const NEXT_INPUTS = 'credit_score_input_next';
const COLUMNS = ['borrower_key', 'furnisher', 'account_id', 'first_month', 'statuses', 'figures', 'plain_last_balance_fen'] as const;

/** A build's mark for one furnisher: its last batch the build saw, and the last month it took in (YYYY-MM). */
export interface HistoryMark {
  furnisher: string;
  seq: number;
  throughMonth: string;
  /** The build's instant: the same in every mark of a build, and another in the next build's. */
  builtAt: string;
}

/** An account's history as read: its borrower, account and packed months. */
export interface StoredHistory extends PackedHistory {
  borrowerKey: string;
  furnisher: string;
  accountId: string;
}

/** A history as a build writes it: with its last month's balance where every month is scored from its status alone (null otherwise). */
export interface BuiltHistory extends StoredHistory {
  plainLastBalanceFen: number | null;
}

/** A statement as read for a history, with its account. */
export interface AccountStatement extends StatementInput {
  borrowerKey: string;
  furnisher: string;
  accountId: string;
}

/** The marks of the last build, of these furnishers (all, when none are named). */
export async function historyMarks(q: Queryable, furnishers?: readonly string[]): Promise<HistoryMark[]> {
  const rows = await q.query<{ furnisher: string; seq: string | number; through: string; built_at: string }>(
    `SELECT furnisher, seq, to_char(through_month, 'YYYY-MM') AS through, built_at::text AS built_at FROM credit_history_build
      WHERE $1::text[] IS NULL OR furnisher = ANY($1::text[])`,
    [furnishers ?? null],
  );
  return rows.map((r) => ({ furnisher: r.furnisher, seq: Number(r.seq), throughMonth: r.through, builtAt: r.built_at }));
}

/** Marks as a query's parameters: furnishers, batch sequences and months (first days), for `unnest`. */
const markParams = (marks: readonly HistoryMark[]) => [marks.map((m) => m.furnisher), marks.map((m) => m.seq), marks.map((m) => `${m.throughMonth}-01`)];

/**
 * The histories of a borrower's accounts named 'furnisher\naccount' (null: all of them), with the
 * instant of the build they are of (null: none), read together in one statement: a reader
 * compares it with the marks it read before, which a build's swap may have replaced since.
 */
export async function historiesOf(
  q: Queryable,
  borrowerKey: string,
  accounts: readonly string[] | null,
): Promise<{ builtAt: string | null; histories: StoredHistory[] }> {
  const rows = await q.query(
    `SELECT b.built_at::text AS built_at, h.borrower_key, h.furnisher, h.account_id, to_char(h.first_month, 'YYYY-MM') AS first_month, h.statuses, h.figures
       FROM (SELECT max(built_at) AS built_at FROM credit_history_build) b
       LEFT JOIN credit_account_history h
         ON h.borrower_key = $1 AND ($2::text[] IS NULL OR h.furnisher || E'\\n' || h.account_id = ANY($2::text[]))`,
    [borrowerKey, accounts],
  );
  return { builtAt: (rows[0]?.built_at as string | null) ?? null, histories: rows.filter((r) => r.borrower_key !== null).map(storedHistory) };
}

function storedHistory(r: Record<string, unknown>): StoredHistory {
  return {
    borrowerKey: r.borrower_key as string,
    furnisher: r.furnisher as string,
    accountId: r.account_id as string,
    firstMonth: r.first_month as string,
    statuses: r.statuses as string,
    figures: r.figures as string,
  };
}

/** A statement row's figures as a report reads them (month as YYYY-MM, amounts in fen). */
export function statementInputOf(r: Record<string, unknown>): StatementInput {
  return {
    month: r.month as string,
    balanceFen: Number(r.balance_fen),
    amountDueFen: Number(r.amount_due_fen),
    amountPaidFen: Number(r.amount_paid_fen),
    daysPastDue: Number(r.days_past_due),
    status: r.status as RepaymentStatus,
    closedOn: dateText(r.closed_on),
    writtenOffFen: r.written_off_fen === null || r.written_off_fen === undefined ? null : Number(r.written_off_fen),
  };
}

function accountStatement(r: Record<string, unknown>): AccountStatement {
  return { borrowerKey: r.borrower_key as string, furnisher: r.furnisher as string, accountId: r.account_id as string, ...statementInputOf(r) };
}

/** The columns of a statement as accountStatement reads them, of the statements aliased s. */
const STATEMENT_COLUMNS = `s.borrower_key, s.furnisher, s.account_id, to_char(s.month, 'YYYY-MM') AS month, s.balance_fen, s.amount_due_fen,
       s.amount_paid_fen, s.days_past_due, s.status, s.closed_on, s.written_off_fen`;

/**
 * The months (YYYY-MM) a reader of these furnishers' histories (null: every furnisher's) adds statements from, up to
 * `month`: those after a build's last month, and those of batches after the furnisher's mark (a
 * furnisher without one: all its batches); batches received after the reader's instant (`later`,
 * 'furnisher\nseq') left out.
 */
export async function monthsAfterHistories(
  q: Queryable,
  furnishers: readonly string[] | null,
  marks: readonly HistoryMark[],
  month: string,
  later: readonly string[],
): Promise<string[]> {
  const rows = await q.query<{ month: string }>(
    `SELECT DISTINCT to_char(b.month, 'YYYY-MM') AS month FROM (
       SELECT b.furnisher, b.seq, b.month FROM furnishing_batch b
        WHERE ($1::text[] IS NULL OR b.furnisher = ANY($1::text[])) AND NOT (b.furnisher = ANY($2::text[])) AND b.month <= $5::date
       UNION ALL
       SELECT b.furnisher, b.seq, b.month FROM unnest($2::text[], $3::bigint[], $4::date[]) AS h(furnisher, seq, through)
         JOIN furnishing_batch b ON b.furnisher = h.furnisher AND b.month > h.through AND b.month <= $5::date
       UNION ALL
       SELECT b.furnisher, b.seq, b.month FROM unnest($2::text[], $3::bigint[], $4::date[]) AS h(furnisher, seq, through)
         JOIN furnishing_batch b ON b.furnisher = h.furnisher AND b.seq > h.seq AND b.month <= h.through AND b.month <= $5::date
     ) b WHERE NOT (b.furnisher || E'\\n' || b.seq = ANY($6::text[]))
     ORDER BY 1`,
    [furnishers, ...markParams(marks), `${month}-01`, later],
  );
  return rows.map((r) => r.month);
}

/**
 * Whether any of the batches `later` ('furnisher\nseq') is one the marks' histories hold of a
 * month a report up to `month` shows: a batch up to its furnisher's mark, of a month up to the
 * build's last and to `month`.
 */
export async function historiesHoldAny(q: Queryable, marks: readonly HistoryMark[], month: string, later: readonly string[]): Promise<boolean> {
  const [r] = await q.query<{ held: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM unnest($1::text[], $2::bigint[], $3::date[]) AS h(furnisher, seq, through)
         JOIN furnishing_batch b ON b.furnisher = h.furnisher AND b.seq <= h.seq AND b.month <= h.through AND b.month <= $4::date
        WHERE b.furnisher || E'\\n' || b.seq = ANY($5::text[])) AS held`,
    [...markParams(marks), `${month}-01`, later],
  );
  return r!.held;
}

/**
 * The current version, among the statements the histories of `marks` do not hold, of each month
 * in `months` of the accounts of the borrowers the condition on `s.borrower_key` names (from $7
 * on): a month after the build's last, or of a batch after the furnisher's mark (a furnisher
 * without one: any); batches received after the reader's instant (`later`) left out.
 */
async function statementsNotHeld(
  q: Queryable,
  borrowers: string,
  params: readonly unknown[],
  months: readonly string[],
  marks: readonly HistoryMark[],
  later: readonly string[],
): Promise<AccountStatement[]> {
  if (months.length === 0) return [];
  const rows = await q.query(
    `SELECT DISTINCT ON (s.borrower_key, s.furnisher, s.account_id, s.month) ${STATEMENT_COLUMNS}
       FROM credit_statement s LEFT JOIN unnest($3::text[], $4::bigint[], $5::date[]) AS h(furnisher, seq, through) ON h.furnisher = s.furnisher
      WHERE ${borrowers} AND s.month = ANY($1::date[]) AND NOT (s.furnisher || E'\\n' || s.seq = ANY($2::text[]))
        AND (h.furnisher IS NULL OR s.month > h.through OR s.seq > h.seq)
      ORDER BY s.borrower_key, s.furnisher, s.account_id, s.month, s.seq DESC`,
    [months.map((m) => `${m}-01`), later, ...markParams(marks), ...params],
  );
  return rows.map(accountStatement);
}

/** statementsNotHeld of one borrower's accounts named 'furnisher\naccount'. */
export function statementsAfterHistories(
  q: Queryable,
  borrowerKey: string,
  accounts: readonly string[],
  months: readonly string[],
  marks: readonly HistoryMark[],
  later: readonly string[],
): Promise<AccountStatement[]> {
  return statementsNotHeld(q, `s.borrower_key = $6 AND s.furnisher || E'\\n' || s.account_id = ANY($7::text[])`, [borrowerKey, accounts], months, marks, later);
}

/** statementsNotHeld of every account of the borrowers after `after` up to `through` (null: to the last). */
export function statementsAfterHistoriesBetween(
  q: Queryable,
  after: string,
  through: string | null,
  months: readonly string[],
  marks: readonly HistoryMark[],
): Promise<AccountStatement[]> {
  return statementsNotHeld(q, 's.borrower_key > $6 AND ($7::text IS NULL OR s.borrower_key <= $7)', [after, through], months, marks, []);
}

/**
 * Holds the build against another until the transaction ends, and answers whether the histories
 * the transaction's snapshot sees are still the live ones: a build that committed while this one
 * waited for the lock swapped in a table the snapshot cannot read (it would seem empty), and this
 * one is then not to build.
 */
export async function holdBuild(tx: Queryable): Promise<boolean> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [BUILD_LOCK]);
  // Taking the table resolves its name in the catalogue as it is now (a name held from before
  // the wait is looked up again); pg_class read as a table follows the snapshot, in which the
  // live table is unless it was made since.
  await tx.exec('LOCK TABLE credit_account_history IN ACCESS SHARE MODE');
  const [r] = await tx.query<{ current: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_class WHERE oid = 'credit_account_history'::regclass) AS current");
  return r!.current;
}

/**
 * Holds the marks and the histories against a build's swap until the transaction ends: asked for
 * before any statement that takes the transaction's snapshot (only SET may come before it), so
 * that the snapshot, taken by the next, sees the live ones. Taken in the swap's order.
 */
export async function holdHistories(tx: Queryable): Promise<void> {
  await tx.exec(`LOCK TABLE ${HELD_TOGETHER} IN ACCESS SHARE MODE`);
}

/** The tables a build swaps in together, in the order a reader and the swap take them: the marks first. */
const HELD_TOGETHER = 'credit_history_build, credit_account_history, credit_score_input';

/** Each furnisher's last batch, as the transaction sees them. */
export async function lastBatches(tx: Queryable): Promise<Array<{ furnisher: string; seq: number }>> {
  const rows = await tx.query<{ furnisher: string; seq: string | number }>('SELECT furnisher, max(seq) AS seq FROM furnishing_batch GROUP BY furnisher');
  return rows.map((r) => ({ furnisher: r.furnisher, seq: Number(r.seq) }));
}

/**
 * The months up to the last build's (`through`, YYYY-MM) of batches after the furnishers' marks
 * (a furnisher without one: all its batches): restatements, which a build takes in besides the
 * months after `through`.
 */
export async function restatedMonths(tx: Queryable, through: string): Promise<string[]> {
  const rows = await tx.query<{ month: string }>(
    `SELECT DISTINCT to_char(b.month, 'YYYY-MM') AS month FROM furnishing_batch b
       LEFT JOIN credit_history_build h ON h.furnisher = b.furnisher
      WHERE b.month <= $1::date AND b.seq > coalesce(h.seq, 0) ORDER BY 1`,
    [`${through}-01`],
  );
  return rows.map((r) => r.month);
}

/** Makes the tables a build writes its histories and the score's inputs into, empty and without indexes (a stopped build's are dropped first). */
export async function beginNextHistories(tx: Queryable): Promise<void> {
  await tx.exec(`DROP TABLE IF EXISTS ${NEXT}, ${NEXT_INPUTS}`);
  await tx.exec(`CREATE TABLE ${NEXT} (LIKE credit_account_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  await tx.exec(`CREATE TABLE ${NEXT_INPUTS} (LIKE credit_score_input INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
}

/**
 * The upper bound of the next part of the borrowers after `after` ('' from the first): the key
 * of the `size`th borrower after it among the accounts' borrowers, or null when fewer are left.
 */
export async function borrowersBound(tx: Queryable, after: string, size: number): Promise<string | null> {
  const rows = await tx.query<{ key: string }>(
    'SELECT DISTINCT borrower_key AS key FROM credit_account WHERE borrower_key > $1 ORDER BY borrower_key LIMIT $2',
    [after, size],
  );
  return rows.length < size ? null : rows.at(-1)!.key;
}

/** The histories of the borrowers after `after` up to `through` (null: to the last). */
export async function historiesBetween(tx: Queryable, after: string, through: string | null): Promise<StoredHistory[]> {
  const rows = await tx.query(
    `SELECT borrower_key, furnisher, account_id, to_char(first_month, 'YYYY-MM') AS first_month, statuses, figures
       FROM credit_account_history WHERE borrower_key > $1 AND ($2::text IS NULL OR borrower_key <= $2)`,
    [after, through],
  );
  return rows.map(storedHistory);
}

/** A part of the histories a build takes in, packed by the server: the months it holds listed without gaps. */
export interface TakenIn {
  borrowerKey: string;
  furnisher: string;
  accountId: string;
  /** The months, ascending (YYYY-MM), with a status and a figures field each. */
  months: string[];
  statuses: string;
  figures: string;
}

/**
 * A month's figures as domain/credit-reporting/account-history.ts packs them, of the statements
 * aliased s: `balance/due/paid/daysPastDue`, then `/closedOn` when closed, `/closedOn/writtenOff`
 * when written off.
 */
const FIGURES = `s.balance_fen::text || '/' || s.amount_due_fen::text || '/' || s.amount_paid_fen::text || '/' || s.days_past_due::text ||
       CASE WHEN s.written_off_fen IS NOT NULL THEN '/' || coalesce(to_char(s.closed_on, 'YYYY-MM-DD'), '') || '/' || s.written_off_fen::text
            WHEN s.closed_on IS NOT NULL THEN '/' || to_char(s.closed_on, 'YYYY-MM-DD') ELSE '' END`;

/**
 * What a build takes in for the borrowers after `after` up to `through` (null: to the last), of
 * `months`, packed by the server an account a row: the current version of each month, among every
 * version of a month after the last build's (`since`, null: none before) and, of a month up to
 * it, those of batches after the furnisher's mark.
 */
export async function takenInBetween(
  tx: Queryable,
  after: string,
  through: string | null,
  months: readonly string[],
  since: string | null,
): Promise<TakenIn[]> {
  if (months.length === 0) return [];
  const rows = await tx.query<{ borrower_key: string; furnisher: string; account_id: string; months: string; statuses: string; figures: string }>(
    `SELECT c.borrower_key, c.furnisher, c.account_id, string_agg(c.month, ',' ORDER BY c.month) AS months,
            string_agg(c.status, '' ORDER BY c.month) AS statuses, string_agg(c.figures, ';' ORDER BY c.month) AS figures
       FROM (SELECT DISTINCT ON (s.borrower_key, s.furnisher, s.account_id, s.month)
                    s.borrower_key, s.furnisher, s.account_id, to_char(s.month, 'YYYY-MM') AS month, s.status, ${FIGURES} AS figures
               FROM credit_statement s LEFT JOIN credit_history_build h ON h.furnisher = s.furnisher
              WHERE s.borrower_key > $1 AND ($2::text IS NULL OR s.borrower_key <= $2) AND s.month = ANY($3::date[])
                AND ($4::date IS NULL OR s.month > $4::date OR s.seq > coalesce(h.seq, 0))
              ORDER BY s.borrower_key, s.furnisher, s.account_id, s.month, s.seq DESC) c
      GROUP BY c.borrower_key, c.furnisher, c.account_id`,
    [after, through, months.map((m) => `${m}-01`), since === null ? null : `${since}-01`],
  );
  return rows.map((r) => ({
    borrowerKey: r.borrower_key,
    furnisher: r.furnisher,
    accountId: r.account_id,
    months: r.months.split(','),
    statuses: r.statuses,
    figures: r.figures,
  }));
}

/** Writes histories into the build's table. */
export async function writeNextHistories(tx: Queryable, histories: readonly BuiltHistory[]): Promise<void> {
  if (histories.length === 0) return;
  const text = histories
    .map((h) =>
      [...[h.borrowerKey, h.furnisher, h.accountId, `${h.firstMonth}-01`, h.statuses, h.figures].map(copyField), h.plainLastBalanceFen ?? '\\N'].join('\t'),
    )
    .join('\n');
  await tx.copyIn(NEXT, COLUMNS, `${text}\n`);
}

/** Writes persons' score inputs (domain/credit-reporting/score-input.ts) into the build's table. */
export async function writeNextScoreInputs(tx: Queryable, inputs: ReadonlyArray<{ borrowerKey: string; accounts: string }>): Promise<void> {
  if (inputs.length === 0) return;
  const text = inputs.map((i) => `${copyField(i.borrowerKey)}\t${copyField(i.accounts)}`).join('\n');
  await tx.copyIn(NEXT_INPUTS, ['borrower_key', 'accounts'], `${text}\n`);
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
function copyField(v: string): string {
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * Replaces the histories and the score's inputs with the build's, indexed, and the marks with its
 * own, once it holds them alone (holdAlone: a reader or a scan of them finishes first, and
 * readers that come meanwhile wait). Returns false, holding nothing new, when they stayed busy.
 */
export async function swapInHistories(tx: Queryable, marks: readonly HistoryMark[], at: Date, wait: LockWait): Promise<boolean> {
  await tx.exec(`ALTER TABLE ${NEXT} ADD CONSTRAINT ${NEXT}_pkey PRIMARY KEY (borrower_key, furnisher, account_id)`);
  await tx.exec(`ALTER TABLE ${NEXT_INPUTS} ADD CONSTRAINT ${NEXT_INPUTS}_pkey PRIMARY KEY (borrower_key)`);
  // The marks first, as a reader takes them.
  if (!(await holdAlone(tx, HELD_TOGETHER, wait))) return false;
  await tx.exec('DROP TABLE credit_account_history, credit_score_input');
  await tx.exec(`ALTER TABLE ${NEXT} RENAME TO credit_account_history`);
  await tx.exec(`ALTER INDEX ${NEXT}_pkey RENAME TO credit_account_history_pkey`);
  await tx.exec(`ALTER TABLE ${NEXT_INPUTS} RENAME TO credit_score_input`);
  await tx.exec(`ALTER INDEX ${NEXT_INPUTS}_pkey RENAME TO credit_score_input_pkey`);
  await tx.exec('DELETE FROM credit_history_build');
  if (marks.length > 0)
    await tx.query(
      `INSERT INTO credit_history_build (furnisher, seq, through_month, built_at)
       SELECT furnisher, seq, through::date, $4 FROM unnest($1::text[], $2::bigint[], $3::text[]) AS m(furnisher, seq, through)`,
      [marks.map((m) => m.furnisher), marks.map((m) => m.seq), marks.map((m) => `${m.throughMonth}-01`), at.toISOString()],
    );
  return true;
}

/** Freezes the new histories and score inputs and gathers their statistics: read, never changed, until the next build replaces them. */
export async function vacuumHistories(q: Queryable): Promise<void> {
  await q.exec('VACUUM (FREEZE, ANALYZE) credit_account_history, credit_score_input');
}
