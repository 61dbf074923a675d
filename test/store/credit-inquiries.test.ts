// The credit report's reads on both stores: the current version of each account-month (the
// highest seq) among the batches received by the report's date, the five-year end of adverse
// information applied to the report while the rows stay, guarantees given, inquiries of the last
// two years, public records from the platform's own ledger with their legal basis, and an
// organisation's name from the platform's subjects.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { lockWaiters } from '../support/lock-waits.ts';
import { addAgency, asActor, openTestPlatform, TEST_SECRET, type TestPlatform } from '../support/platform.ts';
import { BORROWER, BORROWER_2, COMPANY, consent, keyOf, loan, statement } from '../support/furnishing.ts';
import { penalty, registration } from '../support/records.ts';
import { ledgerCount } from '../support/ledger-rows.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import type { CreditReport } from '../../src/domain/credit-reporting/report.ts';
import { takeLogs } from '../../src/ledger/ledger.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';
import { ConsentService } from '../../src/features/credit-reporting/consent.service.ts';

const NOW = '2026-11-20T02:00:00Z';

describe.each(ALL_STORES)('the credit report on %s', (store) => {
  let t: TestPlatform;
  let bank: AgencyPrincipal;
  let bank2: AgencyPrincipal;
  let samr: AgencyPrincipal;
  const as = <T>(a: AgencyPrincipal, fn: () => Promise<T>) => asActor({ type: 'agency', id: a.code }, fn);
  const furnish = (a: AgencyPrincipal, month: string, lines: Array<Record<string, unknown>>) =>
    as(a, () =>
      t.platform.furnishing.furnish(
        a,
        month,
        lines.map((value, i) => ({ line: i + 1, value })),
      ),
    );
  const report = (id: string, asOf: string, months: 24 | 60 = 24): Promise<CreditReport> => t.platform.creditReports.report(keyOf(id), { asOf, months });
  const accountsOf = (r: CreditReport) => r.accounts.flatMap((s) => s.accounts);

  beforeAll(async () => {
    t = await openTestPlatform(store, '2020-06-15T02:00:00Z');
    bank = (await addAgency(t.platform, 'bank-xihu', 'small-loan-company')).principal;
    bank2 = (await addAgency(t.platform, 'bank-qiantang', 'commercial-bank')).principal;
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    // In June 2020: BORROWER's loan L-Z was settled with assets on 10 May 2020 (adverse, status Z),
    // after the person was told (art. 15).
    await furnish(bank, '2020-04', [
      consent(BORROWER, { signedOn: '2019-01-05' }),
      consent(BORROWER_2, { signedOn: '2019-01-05' }),
      loan('L-Z', BORROWER, { openedOn: '2019-01-10' }),
      { kind: 'notice', account: 'L-Z', notifiedOn: '2020-04-01', method: 'letter' },
      statement('L-Z', '2020-04', { daysPastDue: 45, status: '2' }),
    ]);
    await furnish(bank, '2020-05', [
      statement('L-Z', '2020-05', { balance: 0, amountDue: 0, amountPaid: 0, daysPastDue: 0, status: 'Z', closedOn: '2020-05-10' }),
    ]);
    t.clock.set(NOW);
    // In November 2026: an open loan of BORROWER, and a company's loan guaranteed by BORROWER_2.
    await furnish(bank, '2026-09', [loan('L-1'), statement('L-1', '2026-09'), loan('L-G', COMPANY, { guarantors: [BORROWER_2] })]);
    await furnish(bank, '2026-10', [statement('L-1', '2026-10')]);
    t.clock.set('2026-11-20T03:00:00Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the current version of an account-month, among the batches received by the report date', async () => {
    // Restated an hour later: September was 12 days late.
    await furnish(bank, '2026-09', [
      { kind: 'notice', account: 'L-1', notifiedOn: '2026-09-20', method: 'sms' },
      statement('L-1', '2026-09', { daysPastDue: 12, status: '1' }),
    ]);
    const grid = (r: CreditReport) => accountsOf(r).find((a) => a.account === 'L-1')!.grid;
    const now = await report(BORROWER, '2026-11-20');
    expect(grid(now).slice(-3)).toEqual([
      { month: '2026-09', status: '1', daysPastDue: 12 },
      { month: '2026-10', status: 'N', daysPastDue: 0 },
      { month: '2026-11', status: null, daysPastDue: null },
    ]);
    expect(grid(now)).toHaveLength(24);
    expect(grid(await report(BORROWER, '2026-11-20', 60))).toHaveLength(60);
    expect(now.summary.worstStatus24).toBe('1');
    // As of the day before, neither the loan nor its restatement had been furnished.
    expect(accountsOf(await report(BORROWER, '2026-11-19')).map((a) => a.account)).toEqual(['L-Z']);
  });

  it('stops showing adverse information five years after the conduct ended, keeping the rows (art. 16)', async () => {
    const lz = async (asOf: string) => accountsOf(await report(BORROWER, asOf)).find((a) => a.account === 'L-Z')!;
    // Ended on the closing day, 10 May 2020: shown through 9 May 2025, gone on 10 May 2025.
    expect((await lz('2025-05-09')).latest).toMatchObject({ month: '2020-05', status: 'Z', daysPastDue: 0 });
    const gone = await lz('2025-05-10');
    expect(gone.latest).toMatchObject({ month: '2020-05', status: null, daysPastDue: null });
    expect(gone.state).toBe('closed');
    expect(JSON.stringify(gone)).not.toMatch(/"status":"[1-7GDZB]"/);
    // The rows and the ledger keep it.
    const rows = await t.platform.db.query("SELECT status FROM credit_statement WHERE account_id = 'L-Z' ORDER BY month");
    expect(rows.map((r) => r.status)).toEqual(['2', 'Z']);
    expect(await ledgerCount(t.platform.db, 'furnishing.batch')).toBeGreaterThanOrEqual(4);
  });

  it('lists the guarantees a subject gave, and the guaranteed amount', async () => {
    const r = await report(BORROWER_2, '2026-11-20');
    expect(r.guarantees).toEqual([
      expect.objectContaining({ furnisher: { code: 'bank-xihu', name: 'bank-xihu agency' }, account: 'L-G', borrower: COMPANY, amount: 200000, state: 'open' }),
    ]);
    expect(r.summary.guaranteesGiven).toEqual({ count: 1, amount: 200000 });
    expect(accountsOf(r)).toEqual([]);
  });

  it('shows inquiries of the last two years by the report date, newest first', async () => {
    const c = { reference: 'IC-R', subject: BORROWER, purposes: ['loan-approval'], signedOn: '2026-11-20', expiresOn: '2026-12-31' };
    await as(bank2, () => t.platform.creditConsents.record(bank2, c));
    await as(bank2, () => t.platform.creditInquiries.inquire(bank2, { subject: BORROWER, purpose: 'loan-approval', consent: 'IC-R' }));
    const r = await report(BORROWER, '2026-11-20');
    expect(r.inquiries).toEqual([
      {
        date: '2026-11-20',
        institution: { code: 'bank-qiantang', name: 'bank-qiantang agency' },
        purpose: 'loan-approval',
        purposeLabel: { zh: '贷款审批', en: 'Loan approval' },
      },
    ]);
    expect((await report(BORROWER, '2026-11-19')).inquiries).toEqual([]);
    // Two years on, the day it falls out of the report (inquiries after the same day two years before).
    t.clock.set('2028-11-21T03:00:00Z');
    try {
      expect((await report(BORROWER, '2028-11-19')).summary.inquiries).toEqual({ lastYear: 0, lastTwoYears: 1 });
      expect((await report(BORROWER, '2028-11-20')).summary.inquiries).toEqual({ lastYear: 0, lastTwoYears: 0 });
    } finally {
      t.clock.set('2026-11-20T03:00:00Z');
    }
  });

  it("carries an organisation's name and its public records in publicity, each with its legal basis", async () => {
    await as(samr, () =>
      t.platform.intake.submit(samr, [
        { line: 1, value: registration(COMPANY, '杭州示例科技有限公司') },
        { line: 2, value: penalty(1, { code: COMPANY }) },
      ]),
    );
    const r = await report(COMPANY, '2026-11-20');
    expect(r.identity).toEqual({ kind: 'organisation', masked: COMPANY, name: '杭州示例科技有限公司' });
    expect(accountsOf(r).map((a) => a.account)).toEqual(['L-G']);
    expect(r.publicRecords.records).toHaveLength(1);
    expect(r.publicRecords.records[0]).toMatchObject({ kind: 'administrative-penalty', item: 'administrative-penalty-general', agency: 'samr-hangzhou' });
    expect(r.publicRecords.records[0]!.legalBasis.length).toBeGreaterThan(0);
    // As of before the decision was filed, the ledger held none of it.
    expect((await report(COMPANY, '2026-11-19')).publicRecords.records).toEqual([]);
  });

  it('refuses a report date after today and a grid other than 24 or 60 months', async () => {
    await expect(report(BORROWER, '2026-11-21')).rejects.toMatchObject({ code: 'validation-failed' });
    await expect(t.platform.creditReports.report(keyOf(BORROWER), { asOf: '2026-11-20', months: 36 as 24 })).rejects.toMatchObject({
      code: 'validation-failed',
    });
  });
  // A withdrawal that commits while an inquiry waits for the subject's log is seen by the inquiry:
  // it holds the log before it reads the authorisation. The subject's log is held by a third
  // transaction; the withdrawal queues for it first, the inquiry second. The withdrawal's
  // connection waits 100 ms before flushing its commit (commit_delay): on Citus that is after its
  // worker has committed, so an inquiry let through by the log's row on the worker alone would read
  // the authorisation before the withdrawal is seen. PGlite runs one transaction at a time.
  it.runIf(store !== 'pglite')('refuses an inquiry on an authorisation withdrawn while the inquiry waited for the subject (art. 18)', async () => {
    const c = { reference: 'IC-RACE', subject: BORROWER_2, purposes: ['loan-approval'], signedOn: '2026-11-20', expiresOn: '2026-12-31' };
    await as(bank2, () => t.platform.creditConsents.record(bank2, c));
    const slowCommits = new URL(t.location.databaseUrl!);
    slowCommits.searchParams.set('options', '-c commit_delay=100000 -c commit_siblings=0');
    const slowDb = await PostgresDatabase.open(slowCommits.toString(), { max: 1 });
    onTestFinished(() => slowDb.close());
    const consents = new ConsentService(slowDb, t.platform.policy, t.clock, TEST_SECRET);
    const waiting = async (n: number) => {
      for (;;) {
        if ((await lockWaiters(t.platform.db, store)) >= n) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const settled = <T>(work: Promise<T>) => work.then((v) => v, (e: unknown) => e);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const holder = t.platform.db.transaction(async (tx) => {
      await takeLogs(tx, [keyOf(BORROWER_2)]);
      await released;
    });
    const before = await ledgerCount(t.platform.db);
    const withdrawal = settled(as(bank2, () => consents.withdraw(bank2, 'IC-RACE')));
    await waiting(1);
    const inquiry = settled(as(bank2, () => t.platform.creditInquiries.inquire(bank2, { subject: BORROWER_2, purpose: 'loan-approval', consent: 'IC-RACE' })));
    await waiting(2);
    release();
    await holder;
    expect(await withdrawal).toMatchObject({ reference: 'IC-RACE', withdrawnOn: '2026-11-20' });
    expect(await inquiry).toMatchObject({ code: 'consent-not-valid', extensions: { reason: 'withdrawn' } });
    // The withdrawal's event only: no inquiry was recorded.
    expect(await ledgerCount(t.platform.db)).toBe(before + 1);
  });
});
