// The account histories (account-history.ts), on every store they are built on: a report read
// from the histories, with what was furnished since their build added, is the report read from
// the statements themselves, whatever comes after the build (restatements of months it took in,
// months after it, a lender new since), as of today and as of an earlier instant; a build takes
// in the months compacted since the last and the restatements since; a build that cannot take the
// histories from their readers leaves them as they were; the scheduler's daily work builds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, furnishAs, keyOf, loan, statement } from '../support/furnishing.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import type { Queryable } from '../../src/store/database.ts';
import { compactClosedMonths } from '../../src/features/credit-reporting/statement-compaction.ts';
import { buildAccountHistories } from '../../src/features/credit-reporting/account-history.ts';
import { historiesOf, historyMarks } from '../../src/features/credit-reporting/account-history.store.ts';
import { accountsOf } from '../../src/features/credit-reporting/credit-report.store.ts';
import { packHistory, unpackHistory } from '../../src/domain/credit-reporting/account-history.ts';

const BORROWERS = [BORROWER, BORROWER_2, COMPANY];
const MONTHS = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

/** A month's statement of borrower i's account, with some adverse months, a closing and a write-off among them. */
function statementOf(account: string, i: number, month: string) {
  if (i === 1 && month === '2026-07') return statement(account, month, { daysPastDue: 12, amountPaid: 0, status: '1' });
  if (i === 1 && month === '2026-08') return statement(account, month, { daysPastDue: 43, amountPaid: 0, status: '2' });
  if (i === 2 && account.startsWith('C') && month === '2026-09')
    return statement(account, month, { balance: 0, amountDue: 0, amountPaid: 0, status: 'C', closedOn: '2026-09-14' });
  if (i === 2 && account.startsWith('C') && month > '2026-09') return null;
  if (i === 0 && account.startsWith('L') && month === '2026-10')
    return statement(account, month, { daysPastDue: 200, amountPaid: 0, status: 'B', writtenOff: 150000.5 });
  return statement(account, month);
}

describe.each(STORES)('account histories on %s', (store) => {
  let t: TestPlatform;
  const banks: AgencyPrincipal[] = [];
  const furnish = (bank: AgencyPrincipal, month: string, values: readonly unknown[]) => furnishAs(t.platform, bank, month, values);
  const q = <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => t.platform.db.query<R>(sql, params);
  /** What each borrower's report reads (accounts with their months) as of a day, batches `later` left out. */
  const reports = (db: Queryable, asOf: string, later: string[] = []) =>
    Promise.all(BORROWERS.flatMap((b) => (['borrower', 'guarantor'] as const).map(async (role) => accountsOf(db, keyOf(b), role, asOf, later))));
  /** The same read from the statements themselves: the build's marks removed in a transaction rolled back. */
  const fromStatements = async (asOf: string, later: string[] = []) => {
    let out: Awaited<ReturnType<typeof reports>> = [];
    await t.platform.db
      .transaction(async (tx) => {
        await tx.exec('DELETE FROM credit_history_build');
        out = await reports(tx, asOf, later);
        throw new Error('rolled back');
      })
      .catch((err: unknown) => {
        if (!(err instanceof Error) || err.message !== 'rolled back') throw err;
      });
    return out;
  };
  const histories = async () => (await q<{ n: number }>('SELECT count(*)::int AS n FROM credit_account_history'))[0]!.n;
  const marks = async () => (await historyMarks(t.platform.db)).map(({ builtAt: _, ...m }) => m).sort((a, b) => (a.furnisher < b.furnisher ? -1 : 1));
  /** Every history, as text, in key order. */
  const allHistories = async () =>
    (await q<{ r: string }>('SELECT h::text AS r FROM credit_account_history h ORDER BY borrower_key, furnisher, account_id')).map((r) => r.r);
  const build = (at: string, options: Parameters<typeof buildAccountHistories>[2] = {}) => buildAccountHistories(t.platform.db, () => new Date(at), options);

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    for (const code of ['bank-a', 'bank-b']) banks.push((await addAgency(t.platform, code, 'commercial-bank')).principal);
    for (const [k, bank] of banks.entries()) {
      await furnish(bank, '2026-06', [
        consent(BORROWER),
        consent(BORROWER_2),
        ...BORROWERS.map((b, i) => (k === 0 ? loan(`L-${i}`, b) : card(`C-${i}`, b))),
        // The company's loan, which both persons guarantee.
        ...(k === 0 ? [loan('L-G', COMPANY, { guarantors: [BORROWER, BORROWER_2] })] : []),
        // The persons were told before adverse information is furnished (art. 15).
        { kind: 'notice', account: k === 0 ? 'L-1' : 'C-1', notifiedOn: '2026-06-05', method: 'contract-clause' },
        { kind: 'notice', account: k === 0 ? 'L-0' : 'C-0', notifiedOn: '2026-06-05', method: 'contract-clause' },
      ]);
      for (const month of MONTHS)
        await furnish(bank, month, [
          ...BORROWERS.flatMap((_, i) => statementOf(k === 0 ? `L-${i}` : `C-${i}`, i, month) ?? []),
          ...(k === 0 ? [statement('L-G', month)] : []),
        ]);
    }
    // A restatement of July by bank-a: a second version of an account-month.
    await furnish(banks[0]!, '2026-07', [statement('L-0', '2026-07', { balance: 140000 })]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('builds nothing before a month is compacted', async () => {
    expect(await build('2026-11-20T03:00:00Z')).toBeNull();
    expect(await histories()).toBe(0);
  });

  it('takes in the compacted months, one history an account, and a report reads the same', async () => {
    const today = await fromStatements('2026-11-30');
    // As of before the restatement of July (bank-a's 8th batch) and bank-b's November (its 7th).
    const earlier = await fromStatements('2026-11-30', ['bank-a\n8', 'bank-b\n7']);
    expect(earlier).not.toEqual(today);
    // As on 20 October: June to August no longer due, September's files all in (October's not yet).
    await compactClosedMonths(t.platform.db, '2026-10-20', () => new Date('2026-11-20T03:00:00Z'));
    // A borrower a part: the build reads and writes in several parts.
    const built = await build('2026-11-20T04:00:00Z', { part: 1 });
    expect(built).toEqual({ throughMonth: '2026-09', months: ['2026-06', '2026-07', '2026-08', '2026-09'], accounts: 7, statements: 28 });
    expect(await histories()).toBe(7);
    expect(await marks()).toEqual([
      { furnisher: 'bank-a', seq: 8, throughMonth: '2026-09' },
      { furnisher: 'bank-b', seq: 7, throughMonth: '2026-09' },
    ]);
    // Each history holds the current statements of the months it took in, no later month, packed
    // by the server as the domain packs them: closings, write-offs and days past due among them.
    for (const [i, b] of BORROWERS.entries())
      for (const account of today[2 * i]!) {
        const [own] = (await historiesOf(t.platform.db, keyOf(b), [`${account.furnisher.code}\n${account.account}`])).histories;
        expect(unpackHistory(own!)).toEqual(account.statements.filter((s) => s.month <= '2026-09'));
        expect(own).toMatchObject(packHistory(account.statements.filter((s) => s.month <= '2026-09'))!);
      }
    const statuses = (await q<{ s: string }>('SELECT statuses AS s FROM credit_account_history ORDER BY borrower_key, furnisher, account_id')).map((r) => r.s);
    expect(statuses.sort()).toEqual(['N12N', 'N12N', 'NNNC', 'NNNN', 'NNNN', 'NNNN', 'NNNN']);
    expect(today[0]!.find((a) => a.account === 'L-0')!.statements.find((s) => s.month === '2026-07')!.balanceFen).toBe(14_000_000);
    expect(await reports(t.platform.db, '2026-11-30')).toEqual(today);
    expect(await reports(t.platform.db, '2026-11-30', ['bank-a\n8', 'bank-b\n7'])).toEqual(earlier);
    expect(await reports(t.platform.db, '2026-08-31')).toEqual(await fromStatements('2026-08-31'));
    // Built once: the next run finds no month compacted since.
    expect(await build('2026-11-20T05:00:00Z')).toBeNull();
  });

  it('reads the histories: a history altered by hand shows in the report', async () => {
    const key = keyOf(BORROWER_2);
    const before = await reports(t.platform.db, '2026-11-30');
    await t.platform.db
      .transaction(async (tx) => {
        await tx.query(
          "UPDATE credit_account_history SET statuses = overlay(statuses placing '3' from 2 for 1) WHERE borrower_key = $1 AND account_id = 'L-1'",
          [key],
        );
        const altered = await accountsOf(tx, key, 'borrower', '2026-11-30', []);
        expect(altered.find((a) => a.account === 'L-1')!.statements.find((s) => s.month === '2026-07')!.status).toBe('3');
        throw new Error('rolled back');
      })
      .catch((err: unknown) => {
        if (!(err instanceof Error) || err.message !== 'rolled back') throw err;
      });
    expect(await reports(t.platform.db, '2026-11-30')).toEqual(before);
  });

  it('adds what is furnished after the build: restatements of months it took in, later months, a lender new since', async () => {
    // bank-b restates August of borrower 2's card (in the history), then September again.
    await furnish(banks[1]!, '2026-08', [statement('C-1', '2026-08', { daysPastDue: 0, status: 'N', balance: 123.45 })]);
    await furnish(banks[1]!, '2026-09', [statement('C-1', '2026-09', { balance: 99 })]);
    // A lender new since the build furnishes an account with months the build took in and later.
    const bankC = (await addAgency(t.platform, 'bank-c', 'commercial-bank')).principal;
    banks.push(bankC);
    await furnish(bankC, '2026-07', [consent(BORROWER), loan('X-0', BORROWER, { openedOn: '2026-07-02' }), statement('X-0', '2026-07')]);
    await furnish(bankC, '2026-08', [statement('X-0', '2026-08', { balance: 149000 })]);
    await furnish(bankC, '2026-11', [statement('X-0', '2026-11', { balance: 147000 })]);
    const today = await fromStatements('2026-11-30');
    expect(today[0]!.map((a) => a.account)).toContain('X-0');
    expect(today[2]!.find((a) => a.account === 'C-1')!.statements.find((s) => s.month === '2026-08')!.balanceFen).toBe(12_345);
    expect(await reports(t.platform.db, '2026-11-30')).toEqual(today);
    // As of before bank-b's restatements: read from the statements, as the histories hold nothing newer.
    expect(await reports(t.platform.db, '2026-11-30', ['bank-b\n8', 'bank-b\n9'])).toEqual(await fromStatements('2026-11-30', ['bank-b\n8', 'bank-b\n9']));
    // As of before a batch the histories hold (bank-a's restatement of July): read from the statements too.
    expect(await reports(t.platform.db, '2026-11-30', ['bank-a\n8'])).toEqual(await fromStatements('2026-11-30', ['bank-a\n8']));
  });

  it('takes in the next compacted month with the restatements since, and a new lender', async () => {
    const today = await fromStatements('2026-12-31');
    // As on 5 November: October's files all in.
    await compactClosedMonths(t.platform.db, '2026-11-05', () => new Date('2026-12-05T03:00:00Z'));
    const built = await build('2026-12-05T04:00:00Z');
    expect(built).toMatchObject({ throughMonth: '2026-10', months: ['2026-07', '2026-08', '2026-09', '2026-10'] });
    expect(await histories()).toBe(8);
    expect(await marks()).toEqual([
      { furnisher: 'bank-a', seq: 8, throughMonth: '2026-10' },
      { furnisher: 'bank-b', seq: 9, throughMonth: '2026-10' },
      { furnisher: 'bank-c', seq: 3, throughMonth: '2026-10' },
    ]);
    const [x] = (await historiesOf(t.platform.db, keyOf(BORROWER), ['bank-c\nX-0'])).histories;
    expect(unpackHistory(x!).map((s) => s.month)).toEqual(['2026-07', '2026-08']);
    expect(await reports(t.platform.db, '2026-12-31')).toEqual(today);
    expect(await reports(t.platform.db, '2026-11-30')).toEqual(await fromStatements('2026-11-30'));
  });

  it.runIf(store === 'postgres')('leaves the histories as they were when a reader holds them through every attempt', async () => {
    await furnish(banks[0]!, '2026-11', [statement('L-2', '2026-11', { balance: 1 })]);
    await compactClosedMonths(t.platform.db, '2027-01-05', () => new Date('2027-01-05T03:00:00Z'));
    const before = await marks();
    const historiesBefore = await allHistories();
    const reader = new pg.Client({ connectionString: t.location.databaseUrl! });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM credit_account_history');
      const deferred = await buildAccountHistories(t.platform.db, () => new Date('2027-01-05T04:00:00Z'), { lockWaitMs: 20, attempts: 2, pauseMs: 10 });
      expect(deferred).toBe('deferred');
      expect(await marks()).toEqual(before);
      expect(await allHistories()).toEqual(historiesBefore);
      expect((await q("SELECT to_regclass('credit_account_history_next') IS NULL AS gone"))[0]!.gone).toBe(true);
    } finally {
      await reader.query('ROLLBACK');
      await reader.end();
    }
    const today = await fromStatements('2027-01-31');
    expect(await build('2027-01-05T05:00:00Z')).toMatchObject({ throughMonth: '2026-11' });
    expect(await reports(t.platform.db, '2027-01-31')).toEqual(today);
  });

  it('is built by the daily work after the compaction', async () => {
    t.clock.set(new Date('2027-02-03T02:00:00Z'));
    const result = await t.platform.tick();
    expect(result.statementMonthsCompacted).toEqual(store === 'postgres' ? [] : ['2026-11']);
    expect(result.accountHistoriesThrough).toBe(store === 'postgres' ? null : '2026-11');
    expect(result.accountHistoryBuildFailed).toBeNull();
    expect(await reports(t.platform.db, '2027-02-28')).toEqual(await fromStatements('2027-02-28'));
  });

  it.runIf(store === 'postgres')('a build that waited for another builds nothing over the histories the other swapped in', async () => {
    t.clock.set(new Date('2027-03-05T02:00:00Z'));
    await furnish(banks[0]!, '2026-12', [...BORROWERS.map((_, i) => statement(`L-${i}`, '2026-12')), statement('L-G', '2026-12')]);
    await compactClosedMonths(t.platform.db, '2027-03-05', () => new Date('2027-03-05T03:00:00Z'));
    let second: Promise<unknown> | null = null;
    const first = await build('2027-03-05T04:00:00Z', {
      // The second build begins while the first is about to swap, and waits for it.
      beforeSwap: async () => {
        second = build('2027-03-05T04:00:01Z');
        for (let i = 0; i < 500; i++) {
          const [w] = await q<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
          if (w!.n > 0) return;
          await new Promise((r) => setTimeout(r, 10));
        }
        throw new Error('the second build never waited for the first');
      },
    });
    expect(first).toMatchObject({ throughMonth: '2026-12' });
    const swapped = await allHistories();
    expect(await second).toBeNull();
    expect(await allHistories()).toEqual(swapped);
    expect(swapped).toHaveLength(8);
    expect(await reports(t.platform.db, '2027-03-31')).toEqual(await fromStatements('2027-03-31'));
  });

  it('reads the statements when a build is swapped in between the reads of a report', async () => {
    t.clock.set(new Date('2027-04-05T02:00:00Z'));
    await furnish(banks[0]!, '2027-01', [...BORROWERS.map((_, i) => statement(`L-${i}`, '2027-01', { balance: 900 + i })), statement('L-G', '2027-01')]);
    await compactClosedMonths(t.platform.db, '2027-04-05', () => new Date('2027-04-05T03:00:00Z'));
    const db = t.platform.db;
    let built: unknown = null;
    // A reader outside a transaction, a build swapped in right after it read the marks.
    const swapping: Queryable = {
      query: async (sql, params) => {
        const rows = await db.query(sql, params);
        if (built === null && /^SELECT furnisher, seq, to_char\(through_month/.test(sql.trim())) built = await build('2027-04-05T04:00:00Z');
        return rows as never;
      },
      exec: (sql) => db.exec(sql),
      copyIn: (table, columns, text) => db.copyIn(table, columns, text),
      copyOut: (query) => db.copyOut(query),
    };
    const read = await accountsOf(swapping, keyOf(BORROWER), 'borrower', '2027-04-30', []);
    expect(built).toMatchObject({ throughMonth: '2027-01' });
    expect(read).toEqual((await fromStatements('2027-04-30'))[0]);
    expect(read.find((a) => a.account === 'L-0')!.statements.at(-1)).toMatchObject({ month: '2027-01', balanceFen: 90_000 });
  });
});
