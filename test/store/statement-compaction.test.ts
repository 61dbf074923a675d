// Compaction of closed months (statement-compaction.ts), on every store it runs on: a month whose
// statements are no longer due is rewritten in borrower order, and nothing a reader sees changes.
// Its rows, their versions and every report are the same after; the partition keeps its bounds,
// indexes and append-only triggers; a restatement furnished after it, or while it copies, is
// stored and shown; a month still due is left as it is. The scheduler's daily work compacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, keyOf, loan, statement } from '../support/furnishing.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import { compactClosedMonths, compactMonth, isClosedMonth, statementMonths } from '../../src/features/credit-reporting/statement-compaction.ts';
import { accountsOf } from '../../src/features/credit-reporting/credit-report.store.ts';

const BORROWERS = [BORROWER, BORROWER_2, COMPANY];
const MONTHS = ['2026-08', '2026-09', '2026-10', '2026-11'];

describe('which months are closed', () => {
  it('closes a month on the first day of the second month after it, not before', () => {
    expect(isClosedMonth('2026-09', '2026-10-31')).toBe(false);
    expect(isClosedMonth('2026-09', '2026-11-01')).toBe(true);
    expect(isClosedMonth('2026-11', '2027-01-01')).toBe(true);
    expect(isClosedMonth('2026-11', '2026-12-31')).toBe(false);
  });
});

describe.each(STORES)('compaction of closed months on %s', (store) => {
  let t: TestPlatform;
  const banks: AgencyPrincipal[] = [];
  const furnish = (bank: AgencyPrincipal, month: string, values: readonly unknown[]) =>
    asActor({ type: 'agency', id: bank.code }, () =>
      t.platform.furnishing.furnish(
        bank,
        month,
        values.map((value, i) => ({ line: i + 1, value })),
      ),
    );
  const q = <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => t.platform.db.query<R>(sql, params);
  /** Every statement row, in key order, as text. */
  const rows = async () => (await q<{ r: string }>('SELECT s::text AS r FROM credit_statement s ORDER BY furnisher, account_id, month, seq')).map((r) => r.r);
  /** What each borrower's report reads: accounts with their months as of the end of November. */
  const reports = async () => Promise.all(BORROWERS.map(async (b) => accountsOf(t.platform.db, keyOf(b), 'borrower', '2026-11-30', [])));
  /** The borrower keys of a partition's rows in the order they lie on its pages. */
  const physical = async (partition: string) => (await q<{ k: string }>(`SELECT borrower_key AS k FROM ${partition} ORDER BY ctid`)).map((r) => r.k);
  const inBorrowerOrder = (keys: string[]) => keys.every((k, i) => i === 0 || Buffer.from(keys[i - 1]!) <= Buffer.from(k));
  const indexesOf = async (partition: string) =>
    (await q<{ i: string }>('SELECT indexname AS i FROM pg_indexes WHERE tablename = $1 ORDER BY indexname', [partition])).map((r) => r.i);

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    // Two lenders, each furnishing an account of every borrower: in each month's partition the
    // borrowers' statements lie lender after lender.
    for (const code of ['bank-a', 'bank-b']) banks.push((await addAgency(t.platform, code, 'commercial-bank')).principal);
    for (const [k, bank] of banks.entries()) {
      await furnish(bank, '2026-08', [
        consent(BORROWER),
        consent(BORROWER_2),
        ...BORROWERS.map((b, i) => (k === 0 ? loan(`L-${i}`, b) : card(`C-${i}`, b))),
        // The person was told before adverse information is furnished (art. 15).
        { kind: 'notice', account: k === 0 ? 'L-1' : 'C-1', notifiedOn: '2026-08-05', method: 'contract-clause' },
      ]);
      for (const month of MONTHS)
        await furnish(
          bank,
          month,
          BORROWERS.map((_, i) =>
            statement(k === 0 ? `L-${i}` : `C-${i}`, month, month === '2026-09' && i === 1 ? { daysPastDue: 12, amountPaid: 0, status: '1' } : {}),
          ),
        );
    }
    // A restatement of September by bank-a: a second version of one account-month.
    await furnish(banks[0]!, '2026-09', [statement('L-0', '2026-09', { balance: 140000 })]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('rewrites each closed month in borrower order, the rows and every report unchanged, and leaves months still due', async () => {
    const before = await rows();
    const reportsBefore = await reports();
    const indexesBefore = await indexesOf('credit_statement_y2026m09');
    // As furnished, a month's rows lie lender after lender, not by borrower.
    expect(inBorrowerOrder(await physical('credit_statement_y2026m09'))).toBe(false);

    const compacted = await compactClosedMonths(t.platform.db, '2026-11-20', () => new Date('2026-11-20T03:00:00Z'));
    expect(compacted).toEqual([
      { month: '2026-08', rows: 6 },
      { month: '2026-09', rows: 7 },
    ]);
    expect(await rows()).toEqual(before);
    expect(await reports()).toEqual(reportsBefore);
    for (const p of ['credit_statement_y2026m08', 'credit_statement_y2026m09']) expect(inBorrowerOrder(await physical(p))).toBe(true);
    expect(inBorrowerOrder(await physical('credit_statement_y2026m10'))).toBe(false);
    expect(await indexesOf('credit_statement_y2026m09')).toEqual(indexesBefore);
    expect((await statementMonths(t.platform.db)).map((m) => [m.month, m.compacted])).toEqual([
      ['2026-08', true],
      ['2026-09', true],
      ['2026-10', false],
      ['2026-11', false],
    ]);
    // Compacted once: a later run finds nothing to do.
    expect(await compactClosedMonths(t.platform.db, '2026-11-21', () => new Date())).toEqual([]);
    expect(await compactMonth(t.platform.db, '2026-09', () => new Date())).toBeNull();
  });

  it('keeps the partition a partition of the statements, append-only, with its bounds', async () => {
    const [bounds] = await q<{ b: string }>("SELECT pg_get_expr(c.relpartbound, c.oid) AS b FROM pg_class c WHERE c.relname = 'credit_statement_y2026m09'");
    expect(bounds!.b).toBe("FOR VALUES FROM ('2026-09-01') TO ('2026-10-01')");
    await expect(q("UPDATE credit_statement SET balance_fen = 1 WHERE month = '2026-09-01'")).rejects.toThrow();
    await expect(q("DELETE FROM credit_statement_y2026m09 WHERE month = '2026-09-01'")).rejects.toThrow();
    await expect(q('TRUNCATE credit_statement_y2026m09')).rejects.toThrow();
    await expect(
      q(
        `INSERT INTO credit_statement_y2026m09 (furnisher, account_id, month, seq, leaf, balance_fen, amount_due_fen, amount_paid_fen, days_past_due, status, borrower_key)
         VALUES ('bank-a', 'L-0', '2026-10-01', 99, 1, 1, 1, 1, 0, 'N', 'x')`,
      ),
    ).rejects.toThrow();
    expect(await q("SELECT 1 FROM pg_tables WHERE tablename LIKE 'credit_statement_%_c'")).toEqual([]);
  });

  it('stores and shows a restatement of a compacted month', async () => {
    await furnish(banks[1]!, '2026-08', [statement('C-2', '2026-08', { balance: 1234 })]);
    const [company] = await accountsOf(t.platform.db, keyOf(COMPANY), 'borrower', '2026-11-30', []).then((a) => a.filter((x) => x.account === 'C-2'));
    expect(company!.statements.find((s) => s.month === '2026-08')!.balanceFen).toBe(123400);
  });

  it("adds a batch committed while the month is copied, and the scheduler's daily work compacts", async () => {
    // October closes on the first of December; while it is copied, a restatement of it commits.
    t.clock.set(new Date('2026-12-01T02:00:00Z'));
    const statementsOf = async () => (await q<{ n: number }>("SELECT count(*)::int AS n FROM credit_statement WHERE month = '2026-10-01'"))[0]!.n;
    const n = await statementsOf();
    const compacted = await compactClosedMonths(t.platform.db, '2026-12-01', () => t.clock.now(), {
      beforeSwap: async () => void (await furnish(banks[0]!, '2026-10', [statement('L-1', '2026-10', { balance: 99 })])),
    });
    expect(compacted).toEqual([{ month: '2026-10', rows: n + 1 }]);
    expect(await statementsOf()).toBe(n + 1);
    const [loan1] = (await accountsOf(t.platform.db, keyOf(BORROWER_2), 'borrower', '2026-11-30', [])).filter((a) => a.account === 'L-1');
    expect(loan1!.statements.find((s) => s.month === '2026-10')!.balanceFen).toBe(9900);
    // November closes on the first of January: the tick's daily work compacts it then.
    expect((await t.platform.tick()).statementMonthsCompacted).toEqual([]);
    t.clock.set(new Date('2027-01-01T02:00:00Z'));
    expect((await t.platform.tick()).statementMonthsCompacted).toEqual(['2026-11']);
  });
});
