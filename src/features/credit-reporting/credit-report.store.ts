// What a credit report reads, as of an instant: the current version (the highest seq, every
// batch received later left out by its (furnisher, seq)) of each account a subject borrows on or
// guarantees and of each of its months' statements, the inquiries into the subject, and how the
// subject is shown (a masked number or a code). Rows are never changed; "as of" only leaves out
// later ones. A borrower's accounts and statements are read by the borrower indexes (the
// statements one scan per month's partition), plans that hold without the tables' statistics,
// which PGlite never gathers.
import type { Queryable } from '../../store/database.ts';
import type { AccountInput, InquiryInput, StatementInput } from '../../domain/credit-reporting/report.ts';
import type { AccountType } from '../../domain/credit-reporting/standard.ts';
import { statementsWith } from '../../domain/credit-reporting/account-history.ts';
import {
  historiesHoldAny,
  historiesOf,
  historyMarks,
  monthsAfterHistories,
  statementInputOf,
  statementsAfterHistories,
  type AccountStatement,
} from './account-history.store.ts';
import { dateText } from '../../store/row-values.ts';

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The batches received after an instant, as 'furnisher\nseq': the versions a report as of that
 * instant leaves out (none for a report as of now). Batches are few beside their lines.
 */
export async function batchesAfter(q: Queryable, at: Date): Promise<string[]> {
  const rows = await q.query<{ furnisher: string; seq: string | number }>('SELECT furnisher, seq FROM furnishing_batch WHERE received_at > $1', [
    at.toISOString(),
  ]);
  return rows.map((r) => `${r.furnisher}\n${r.seq}`);
}

/**
 * The current version of every account whose current version names `subjectKey` (as borrower or
 * among the guarantors), newest version first among those received by the report's instant: a
 * borrower's accounts by the borrower index, in one query; a guarantor's, first which accounts
 * named it (credit_guarantee), then those accounts of each of their borrowers, one query per
 * borrower (each on the borrower's shard on a cluster). Most subjects guarantee nothing: the
 * second query is then not asked.
 */
async function currentAccounts(q: Queryable, subjectKey: string, later: readonly string[], role: 'borrower' | 'guarantor'): Promise<Row[]> {
  // Each borrower with the accounts to read (null: all of them).
  const byBorrower = new Map<string, string[] | null>();
  if (role === 'borrower') byBorrower.set(subjectKey, null);
  else
    for (const n of await q.query<{ furnisher: string; account_id: string; borrower_key: string }>(
      'SELECT DISTINCT furnisher, account_id, borrower_key FROM credit_guarantee WHERE guarantor_key = $1',
      [subjectKey],
    )) {
      const list = byBorrower.get(n.borrower_key) ?? [];
      list.push(`${n.furnisher}\n${n.account_id}`);
      byBorrower.set(n.borrower_key, list);
    }
  const rows: Row[] = [];
  for (const [borrower, accounts] of byBorrower) {
    rows.push(
      ...(await q.query(
        `SELECT v.*, coalesce(ag.name, v.furnisher) AS furnisher_name
           FROM (SELECT DISTINCT ON (a.furnisher, a.account_id) a.furnisher, a.account_id, a.borrower_key, a.borrower_masked, a.type, a.currency,
                        a.opened_on, a.limit_fen, a.principal_fen, a.term_months, a.guarantors
                   FROM credit_account a
                  WHERE a.borrower_key = $1 AND ($2::text[] IS NULL OR a.furnisher || E'\n' || a.account_id = ANY($2::text[]))
                    AND NOT (a.furnisher || E'\n' || a.seq = ANY($3::text[]))
                  ORDER BY a.furnisher, a.account_id, a.seq DESC) v
           LEFT JOIN agency ag ON ag.code = v.furnisher
          ORDER BY v.furnisher, v.account_id`,
        [borrower, accounts, later],
      )),
    );
  }
  if (byBorrower.size > 1)
    rows.sort(
      (a, b) =>
        byText(a.furnisher as string, b.furnisher as string) ||
        byText(a.account_id as string, b.account_id as string) ||
        byText(a.borrower_key as string, b.borrower_key as string),
    );
  return rows.filter((r) =>
    role === 'borrower' ? r.borrower_key === subjectKey : ((r.guarantors as Array<{ key: string }> | null) ?? []).some((g) => g.key === subjectKey),
  );
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/**
 * The current version of each month's statement of these accounts, up to `month` (YYYY-MM): one
 * query per borrower, naming its borrower key (the borrower's shard on a cluster), which reads
 * each month's partition by the borrower index once for all the borrower's accounts (on one page
 * in a compacted month, statement-compaction.ts). An account restated for another borrower before
 * furnishing refused it has each borrower's months apart, as its versions are.
 */
async function currentStatements(q: Queryable, accounts: readonly Row[], month: string, later: readonly string[]): Promise<Map<string, StatementInput[]>> {
  const out = new Map<string, StatementInput[]>();
  for (const [borrower, own] of groupBy(accounts, (a) => a.borrower_key as string)) {
    const rows = await q.query(
      `SELECT DISTINCT ON (s.furnisher, s.account_id, s.month) s.furnisher, s.account_id, to_char(s.month, 'YYYY-MM') AS month,
              s.balance_fen, s.amount_due_fen, s.amount_paid_fen, s.days_past_due, s.status, s.closed_on, s.written_off_fen
         FROM credit_statement s
        WHERE s.borrower_key = $1 AND s.month <= $2 AND s.furnisher || E'\n' || s.account_id = ANY($3::text[])
          AND NOT (s.furnisher || E'\n' || s.seq = ANY($4::text[]))
        ORDER BY s.furnisher, s.account_id, s.month, s.seq DESC`,
      [borrower, `${month}-01`, own.map((a) => `${a.furnisher as string}\n${a.account_id as string}`), later],
    );
    for (const r of rows) {
      const key = `${borrower}\n${r.furnisher}\n${r.account_id}`;
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push(statementInputOf(r));
    }
  }
  return out;
}

/**
 * The same as currentStatements, read from the accounts' histories (account-history.ts) with the
 * statements furnished since their build added from the months they are of; null when the
 * statements are to be read themselves: no histories of these accounts' furnishers, histories
 * that hold a batch received after the report's instant (a report as of an earlier day), or a
 * build swapped in between the reads (each is its own statement when the caller is not in a
 * transaction).
 */
async function statementsByHistories(
  q: Queryable,
  accounts: readonly Row[],
  month: string,
  later: readonly string[],
): Promise<Map<string, StatementInput[]> | null> {
  if (accounts.length === 0) return new Map();
  const furnishers = [...new Set(accounts.map((a) => a.furnisher as string))];
  const marks = await historyMarks(q, furnishers);
  if (marks.length === 0) return null;
  const markOf = new Map(marks.map((m) => [m.furnisher, m.seq]));
  const heldLater = later.filter((b) => {
    const [furnisher, seq] = b.split('\n');
    const mark = markOf.get(furnisher!);
    return mark !== undefined && Number(seq) <= mark;
  });
  if (heldLater.length > 0 && (await historiesHoldAny(q, marks, month, heldLater))) return null;
  const months = await monthsAfterHistories(q, furnishers, marks, month, later);
  const out = new Map<string, StatementInput[]>();
  for (const [borrower, own] of groupBy(accounts, (a) => a.borrower_key as string)) {
    const keys = own.map((a) => `${a.furnisher as string}\n${a.account_id as string}`);
    const read = await historiesOf(q, borrower, keys);
    if (read.builtAt !== marks[0]!.builtAt) return null;
    const histories = new Map(read.histories.map((h) => [`${h.furnisher}\n${h.accountId}`, h]));
    const newer = groupBy(await statementsAfterHistories(q, borrower, keys, months, marks, later), (s) => `${s.furnisher}\n${s.accountId}`);
    for (const key of keys) {
      const statements = statementsWith(histories.get(key) ?? null, (newer.get(key) ?? []).map(statementOnly)).filter((s) => s.month <= month);
      out.set(`${borrower}\n${key}`, statements);
    }
  }
  return out;
}

/** A statement without the account it was read with. */
const statementOnly = ({ borrowerKey: _b, furnisher: _f, accountId: _a, ...s }: AccountStatement): StatementInput => s;

/**
 * The accounts of a subject in a role, each with its statements up to the month of `asOf`, as
 * the store held them before the batches `later` (batchesAfter the end of the report's day).
 */
export async function accountsOf(
  q: Queryable,
  subjectKey: string,
  role: 'borrower' | 'guarantor',
  asOf: string,
  later: readonly string[],
): Promise<AccountInput[]> {
  const accounts = await currentAccounts(q, subjectKey, later, role);
  const month = asOf.slice(0, 7);
  const statements = (await statementsByHistories(q, accounts, month, later)) ?? (await currentStatements(q, accounts, month, later));
  return accounts.map((r) => ({
    furnisher: { code: r.furnisher as string, name: r.furnisher_name as string },
    account: r.account_id as string,
    type: r.type as AccountType,
    borrowerMasked: r.borrower_masked as string,
    currency: r.currency as string,
    openedOn: dateText(r.opened_on)!,
    limitFen: num(r.limit_fen),
    principalFen: num(r.principal_fen),
    termMonths: num(r.term_months),
    guarantorsMasked: ((r.guarantors as Array<{ masked: string }> | null) ?? []).map((g) => g.masked),
    statements: statements.get(`${r.borrower_key as string}\n${r.furnisher}\n${r.account_id}`) ?? [],
  }));
}

/** Inquiries into a subject made by the instant `at` and on a local date after `after`, newest first. */
export async function inquiriesInto(q: Queryable, subjectKey: string, after: string, at: Date): Promise<InquiryInput[]> {
  // A lender's inquiries, and the subject's own queries (本人查询: each own report it obtained).
  const rows = await q.query(
    `SELECT date, lender, name, purpose FROM (
       SELECT to_char(i.inquired_on, 'YYYY-MM-DD') AS date, i.lender, coalesce(ag.name, i.lender) AS name, i.purpose, i.inquired_at AS at, i.inquiry_id AS id
         FROM credit_inquiry i LEFT JOIN agency ag ON ag.code = i.lender
        WHERE i.subject_key = $1 AND i.inquired_on > $2 AND i.inquired_at <= $3
       UNION ALL
       SELECT to_char(o.served_on, 'YYYY-MM-DD'), 'self', '本人', 'own-query', o.served_at, o.period || '/' || o.ordinal
         FROM credit_own_report o
        WHERE o.subject_key = $1 AND o.served_on > $2 AND o.served_at <= $3
     ) i ORDER BY at DESC, id`,
    [subjectKey, after, at.toISOString()],
  );
  return rows.map((r) => ({ date: r.date as string, institution: { code: r.lender as string, name: r.name as string }, purpose: r.purpose as string }));
}

/** How the platform's credit data shows a subject: its masked number or code, or null when it holds none. */
export async function maskedSubject(q: Queryable, subjectKey: string): Promise<string | null> {
  const [r] = await q.query<{ masked: string }>(
    `SELECT masked FROM (
       (SELECT borrower_masked AS masked FROM credit_account WHERE borrower_key = $1 LIMIT 1)
       UNION ALL (SELECT subject_masked FROM credit_inquiry_consent WHERE subject_key = $1 LIMIT 1)
       UNION ALL (SELECT subject_masked FROM credit_inquiry WHERE subject_key = $1 LIMIT 1)
     ) m LIMIT 1`,
    [subjectKey],
  );
  return r?.masked ?? null;
}
