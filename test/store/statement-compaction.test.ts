// Compaction of closed months (statement-compaction.ts), on every store it runs on: a month whose
// statements are no longer due is rewritten in borrower order, and nothing a reader sees changes.
// Its rows, their versions and every report are the same after; the partition keeps its bounds,
// indexes and append-only triggers; a restatement furnished after it, or while it copies, is
// stored and shown; a month still due is left as it is. The scheduler's daily work compacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, furnishAs, keyOf, loan, statement } from '../support/furnishing.ts';
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

  it("closes an ended month earlier once each lender of the month before's month-end files has sent one of it", () => {
    // The lenders of each month's month-end files: batches of the month received after it ended.
    const monthEnd = new Map([
      ['2026-09', new Set(['bank-a', 'bank-b'])],
      ['2026-10', new Set(['bank-a', 'bank-b', 'bank-c'])],
      ['2026-11', new Set(['bank-a', 'bank-c'])],
    ]);
    // October's files are all in (and a new lender's besides): closed once October has ended.
    expect(isClosedMonth('2026-10', '2026-10-31', monthEnd)).toBe(false);
    expect(isClosedMonth('2026-10', '2026-11-01', monthEnd)).toBe(true);
    // bank-b sent October's and not yet November's: November stays open until it is no longer due.
    expect(isClosedMonth('2026-11', '2026-12-20', monthEnd)).toBe(false);
    expect(isClosedMonth('2026-11', '2027-01-01', monthEnd)).toBe(true);
    // A month after one without month-end files (the first, or after a gap) closes by the date alone.
    expect(isClosedMonth('2026-09', '2026-10-05', monthEnd)).toBe(false);
    expect(isClosedMonth('2026-09', '2026-11-01', monthEnd)).toBe(true);
    // A month without month-end files is not closed early.
    expect(isClosedMonth('2026-12', '2027-01-05', monthEnd)).toBe(false);
    // Without the lenders, by the date alone.
    expect(isClosedMonth('2026-10', '2026-11-01')).toBe(false);
  });
});

describe.each(STORES)('compaction of closed months on %s', (store) => {
  let t: TestPlatform;
  const banks: AgencyPrincipal[] = [];
  const furnish = (bank: AgencyPrincipal, month: string, values: readonly unknown[]) => furnishAs(t.platform, bank, month, values);
  const q = <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => t.platform.db.query<R>(sql, params);
  /** Every statement row, in key order, as text. */
  const rows = async () => (await q<{ r: string }>('SELECT s::text AS r FROM credit_statement s ORDER BY furnisher, account_id, month, seq')).map((r) => r.r);
  /** What each borrower's report reads: accounts with their months as of the end of November. */
  const reports = async (later: string[] = []) => Promise.all(BORROWERS.map(async (b) => accountsOf(t.platform.db, keyOf(b), 'borrower', '2026-11-30', later)));
  /** Reports as of before bank-a's restatement of September (its sixth batch) and before bank-b's October. */
  const EARLIER = ['bank-a\n6', 'bank-b\n4', 'bank-b\n5'];
  const constraintsOf = async (partition: string) =>
    (await q<{ c: string }>('SELECT conname AS c FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY conname', [partition])).map((r) => r.c);
  const recorded = async () =>
    (await q<{ m: string; n: number }>("SELECT to_char(month, 'YYYY-MM') AS m, rows::int AS n FROM credit_statement_compaction ORDER BY month")).map((r) => [
      r.m,
      r.n,
    ]);
  const countOf = async (month: string) =>
    (await q<{ n: number }>('SELECT count(*)::int AS n FROM credit_statement WHERE month = $1::date', [`${month}-01`]))[0]!.n;
  /** The borrower keys of a partition's rows in the order they lie on its pages. */
  const physical = async (partition: string) => (await q<{ k: string }>(`SELECT borrower_key AS k FROM ${partition} ORDER BY ctid`)).map((r) => r.k);
  const inBorrowerOrder = (keys: string[]) => keys.every((k, i) => i === 0 || keys[i - 1]! <= k);
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
    const earlierBefore = await reports(EARLIER);
    const indexesBefore = await indexesOf('credit_statement_y2026m09');
    const constraintsBefore = await constraintsOf('credit_statement_y2026m09');
    // The as-of reports differ from today's: the restatement and October are left out.
    expect(earlierBefore).not.toEqual(reportsBefore);
    // As furnished, a month's rows lie lender after lender, not by borrower.
    expect(inBorrowerOrder(await physical('credit_statement_y2026m09'))).toBe(false);

    const compacted = await compactClosedMonths(t.platform.db, '2026-11-20', () => new Date('2026-11-20T03:00:00Z'));
    // August and September are no longer due; October has ended with both lenders' files in.
    expect(compacted).toEqual([
      { month: '2026-08', rows: 6 },
      { month: '2026-09', rows: 7 },
      { month: '2026-10', rows: 6 },
    ]);
    expect(await rows()).toEqual(before);
    expect(await reports()).toEqual(reportsBefore);
    expect(await reports(EARLIER)).toEqual(earlierBefore);
    expect(await recorded()).toEqual([
      ['2026-08', await countOf('2026-08')],
      ['2026-09', await countOf('2026-09')],
      ['2026-10', await countOf('2026-10')],
    ]);
    for (const p of ['credit_statement_y2026m08', 'credit_statement_y2026m09', 'credit_statement_y2026m10'])
      expect(inBorrowerOrder(await physical(p))).toBe(true);
    // November has not ended: still as furnished.
    expect(inBorrowerOrder(await physical('credit_statement_y2026m11'))).toBe(false);
    expect(await indexesOf('credit_statement_y2026m09')).toEqual(indexesBefore);
    expect(await constraintsOf('credit_statement_y2026m09')).toEqual(constraintsBefore);
    // Each index of the partition is the statements table's index's, as a furnished month's are.
    const attached = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_index x JOIN pg_inherits i ON i.inhrelid = x.indexrelid
        WHERE x.indrelid = 'credit_statement_y2026m09'::regclass`,
    );
    expect(attached[0]!.n).toBe(indexesBefore.length);
    expect((await statementMonths(t.platform.db)).map((m) => [m.month, m.compacted])).toEqual([
      ['2026-08', true],
      ['2026-09', true],
      ['2026-10', true],
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

  it.runIf(store === 'postgres')(
    'leaves a month to the next run while the statements table stays busy, holding no reader long and keeping no copy',
    async () => {
      // A reader holds the statements table through both attempts: the swap gives up, rolled back.
      const reader = new pg.Client({ connectionString: t.location.databaseUrl });
      await reader.connect();
      try {
        await reader.query('BEGIN');
        await reader.query("SELECT count(*) FROM credit_statement WHERE month = '2026-11-01'");
        const before = await rows();
        expect(await compactMonth(t.platform.db, '2026-11', () => new Date(), { attempts: 2, lockWaitMs: 50, pauseMs: 0 })).toBe('deferred');
        expect(await rows()).toEqual(before);
        expect(await q("SELECT 1 FROM pg_tables WHERE tablename LIKE 'credit\\_statement\\_%\\_c'")).toEqual([]);
        expect((await statementMonths(t.platform.db)).find((m) => m.month === '2026-11')!.compacted).toBe(false);
      } finally {
        await reader.query('ROLLBACK');
        await reader.end();
      }
    },
  );

  it('stores and shows a restatement of a compacted month', async () => {
    await furnish(banks[1]!, '2026-08', [statement('C-2', '2026-08', { balance: 1234 })]);
    const [company] = await accountsOf(t.platform.db, keyOf(COMPANY), 'borrower', '2026-11-30', []).then((a) => a.filter((x) => x.account === 'C-2'));
    expect(company!.statements.find((s) => s.month === '2026-08')!.balanceFen).toBe(123400);
  });

  it("adds a batch committed while the month is copied, and the scheduler's daily work compacts", async () => {
    // November's files came in during November, so none is a month-end file: November closes on
    // the first of January, and while it is copied a restatement of it commits.
    t.clock.set(new Date('2027-01-01T02:00:00Z'));
    const statementsOf = async () => (await q<{ n: number }>("SELECT count(*)::int AS n FROM credit_statement WHERE month = '2026-11-01'"))[0]!.n;
    const n = await statementsOf();
    // On a server, a reader of another month's partition meanwhile holds nothing the swap needs.
    const reader = t.location.databaseUrl ? new pg.Client({ connectionString: t.location.databaseUrl }) : null;
    await reader?.connect();
    await reader?.query('BEGIN');
    await reader?.query('SELECT count(*) FROM credit_statement_y2026m08');
    expect(await compactClosedMonths(t.platform.db, '2026-12-31', () => t.clock.now())).toEqual([]);
    const compacted = await compactClosedMonths(t.platform.db, '2027-01-01', () => t.clock.now(), {
      beforeSwap: async () => void (await furnish(banks[0]!, '2026-11', [statement('L-1', '2026-11', { balance: 99 })])),
      attempts: 2,
      lockWaitMs: 50,
      pauseMs: 0,
    }).finally(async () => {
      await reader?.query('ROLLBACK');
      await reader?.end();
    });
    expect(compacted).toEqual([{ month: '2026-11', rows: n + 1 }]);
    expect(await statementsOf()).toBe(n + 1);
    const [loan1] = (await accountsOf(t.platform.db, keyOf(BORROWER_2), 'borrower', '2026-11-30', [])).filter((a) => a.account === 'L-1');
    expect(loan1!.statements.find((s) => s.month === '2026-11')!.balanceFen).toBe(9900);
    // December's month-end files, in January. bank-a's restatement of November, received in
    // January, makes it a lender of November's month-end files: until bank-a sends December's,
    // the tick's daily work leaves December; the day it does, December is compacted, before it is
    // no longer due (the first of February).
    t.clock.set(new Date('2027-01-04T02:00:00Z'));
    await furnish(
      banks[1]!,
      '2026-12',
      BORROWERS.map((_, i) => statement(`C-${i}`, '2026-12')),
    );
    expect((await t.platform.tick()).statementMonthsCompacted).toEqual([]);
    t.clock.set(new Date('2027-01-05T02:00:00Z'));
    await furnish(
      banks[0]!,
      '2026-12',
      BORROWERS.map((_, i) => statement(`L-${i}`, '2026-12')),
    );
    expect((await t.platform.tick()).statementMonthsCompacted).toEqual(['2026-12']);
  });
});
