// Furnishing on both stores (financial credit reporting, issue 21): a batch is validated whole,
// stored all or nothing as one ledger event whose Merkle root equals the root recomputed from the
// stored lines; a person's account and a person guarantor need the person's recorded written
// consent to furnishing (art. 29), consent-gated amounts one that covers them (art. 14); only furnishers furnish and
// furnishers file no records; resubmission is idempotent; a restated month is a new version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ledgerCount, ledgerEvents } from '../support/ledger-rows.ts';
import { penalty } from '../support/records.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, consentRef, expectedRoot, keyOf, loan, refusal, statement } from '../support/furnishing.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import type { FurnishingLineInput } from '../../src/features/credit-reporting/furnishing.service.ts';
import type { Queryable } from '../../src/store/database.ts';

const numbered = (values: readonly unknown[]): FurnishingLineInput[] => values.map((value, i) => ({ line: i + 1, value }));

describe.each(ALL_STORES)('furnishing on %s', (store) => {
  let t: TestPlatform;
  let bank: AgencyPrincipal;
  let samr: AgencyPrincipal;
  const furnish = (month: string, values: readonly unknown[], who: AgencyPrincipal = bank) =>
    asActor({ type: 'agency', id: who.code }, () => t.platform.furnishing.furnish(who, month, numbered(values)));
  /** Holds the append-only triggers off for the rest of the transaction, on every node of a cluster too. */
  const behindTheTriggers = async (tx: Queryable) => {
    if (store === 'citus') await tx.query("SET LOCAL citus.propagate_set_commands = 'local'");
    await tx.query('SET LOCAL session_replication_role = replica');
  };
  const count = async (table: string) => Number((await t.platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    bank = (await addAgency(t.platform, 'bank-hangzhou', 'commercial-bank')).principal;
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
  });
  afterAll(async () => {
    await t?.close();
  });

  const october = [
    consent(BORROWER),
    consent(BORROWER_2),
    loan('L-1'),
    card('C-1', BORROWER_2),
    loan('L-2', COMPANY, { guarantors: [BORROWER_2] }),
    statement('L-1', '2026-10'),
    statement('C-1', '2026-10', { balance: 1200, amountDue: 120, amountPaid: 120 }),
    statement('L-2', '2026-10', { balance: 0, amountDue: 0, amountPaid: 0, status: 'C', closedOn: '2026-10-28' }),
  ];

  it('stores a valid batch as its rows and ONE ledger event whose root is the root over the stored lines', async () => {
    const events = await ledgerCount(t.platform.db);
    const r = await furnish('2026-10', october);
    expect(r).toMatchObject({
      furnisher: 'bank-hangzhou',
      month: '2026-10',
      seq: 1,
      lines: 8,
      duplicate: false,
      counts: { account: 3, statement: 3, notice: 0, consent: 2 },
    });
    expect(await ledgerCount(t.platform.db)).toBe(events + 1);
    const [event] = await ledgerEvents(t.platform.db, (e) => e.type === 'furnishing.batch');
    expect(event).toMatchObject({ subject: null, actor: { type: 'agency', id: 'bank-hangzhou' } });
    expect(event!.data).toMatchObject({ batchId: r.batchId, furnisher: 'bank-hangzhou', month: '2026-10', lines: 8, root: r.root });
    // The root, computed here from the lines as sent, is the root in the ledger ...
    expect(r.root).toBe(expectedRoot(october));
    // ... and the audit recomputes it from the stored rows.
    expect(await t.platform.furnishing.verifyBatch(r.batchId)).toMatchObject({ intact: true, lines: 8 });
    expect(await count('credit_account')).toBe(3);
    expect(await count('credit_statement')).toBe(3);
    // The month's partition was made in the batch's transaction.
    const [p] = await t.platform.db.query<{ t: string | null }>("SELECT to_regclass('credit_statement_y2026m10')::text AS t");
    expect(p!.t).toBe('credit_statement_y2026m10');
    // The identity number is stored as its keyed hash and masked, never as it is.
    const rows = await t.platform.db.query<{ borrower_key: string; borrower_masked: string; guarantors: unknown }>(
      "SELECT borrower_key, borrower_masked, guarantors FROM credit_account WHERE account_id IN ('L-1', 'L-2') ORDER BY account_id",
    );
    expect(rows[0]).toMatchObject({ borrower_key: expect.stringMatching(/^p:[0-9a-f]{40}$/), borrower_masked: '1101**********002X' });
    expect(JSON.stringify(rows)).not.toContain(BORROWER);
    expect(JSON.stringify(rows)).not.toContain(BORROWER_2);
  });

  it('resubmitting the same batch is idempotent: the same batch, no new event, no new rows', async () => {
    const events = await ledgerCount(t.platform.db);
    const again = await furnish('2026-10', october);
    expect(again).toMatchObject({ duplicate: true, seq: 1 });
    expect(again.root).toBe(expectedRoot(october));
    expect(await ledgerCount(t.platform.db)).toBe(events);
    expect(await count('credit_statement')).toBe(3);
  });

  it('stores nothing when one line is bad, and lists every bad line and field', async () => {
    const events = await ledgerCount(t.platform.db);
    const before = [await count('credit_account'), await count('credit_statement')];
    const err = await refusal(
      furnish('2026-11', [
        loan('L-9'),
        statement('L-9', '2026-11'),
        statement('L-1', '2026-11', { daysPastDue: 40, status: '1' }),
        statement('NOPE', '2026-11'),
      ]),
    );
    expect(err.code).toBe('validation-failed');
    expect(err.extensions.errors).toEqual([
      { line: 3, field: 'status', message: 'status 1 does not agree with 40 days past due' },
      { line: 4, field: 'account', message: expect.stringContaining('has not been furnished') },
    ]);
    expect(await ledgerCount(t.platform.db)).toBe(events);
    expect([await count('credit_account'), await count('credit_statement')]).toEqual(before);
  });

  it('lists at most 200 bad lines, with the count of them all', async () => {
    const bad = Array.from({ length: 250 }, (_, i) => statement(`X-${i}`, '2026-11', { status: 'Q' }));
    const err = await refusal(furnish('2026-11', bad));
    expect((err.extensions.errors as unknown[]).length).toBe(200);
    expect(err.extensions.errorCount).toBeGreaterThanOrEqual(250);
  });

  it("refuses a person's adverse statement before the notice (art. 15), and takes it with the notice", async () => {
    const late = statement('L-1', '2026-11', { daysPastDue: 12, status: '1', amountPaid: 0 });
    const err = await refusal(furnish('2026-11', [late]));
    expect(err.extensions.errors).toEqual([{ line: 1, field: 'status', message: expect.stringContaining('art. 15') }]);
    const r = await furnish('2026-11', [{ kind: 'notice', account: 'L-1', notifiedOn: '2026-11-05', method: 'sms' }, late]);
    expect(r.counts).toMatchObject({ notice: 1, statement: 1 });
  });

  it('accepts income and other consent-gated amounts only under a recorded written consent that covers them', async () => {
    const withIncome = loan('L-20', BORROWER, { declaredIncome: 360000, consent: 'CONSENT-7' });
    // No consent recorded: refused.
    let err = await refusal(furnish('2026-11', [withIncome]));
    expect(err.extensions.errors).toEqual([{ line: 1, field: 'consent', message: expect.stringContaining('no recorded written consent CONSENT-7') }]);
    // The person's consent to furnishing alone does not cover income.
    err = await refusal(furnish('2026-11', [loan('L-20', BORROWER, { declaredIncome: 360000 })]));
    expect(err.extensions.errors).toEqual([{ line: 1, field: 'consent', message: `consent ${consentRef(BORROWER)} does not cover income (art. 14)` }]);
    // An organisation's account citing no consent at all: refused.
    err = await refusal(furnish('2026-11', [loan('L-20', COMPANY, { declaredIncome: 360000 })]));
    expect(err.extensions.errors).toEqual([{ line: 1, field: 'consent', message: expect.stringContaining('art. 14') }]);
    // A consent for tax amounts does not cover income.
    const taxOnly = { kind: 'consent', reference: 'CONSENT-7', borrower: BORROWER, scope: ['furnishing', 'tax'], signedOn: '2026-10-01' };
    err = await refusal(furnish('2026-11', [taxOnly, withIncome]));
    expect(err.extensions.errors).toEqual([{ line: 2, field: 'consent', message: expect.stringContaining('does not cover income') }]);
    // Another person's consent does not count.
    err = await refusal(furnish('2026-11', [{ ...taxOnly, borrower: BORROWER_2, scope: ['furnishing', 'income'] }, withIncome]));
    expect(err.extensions.errors).toEqual([{ line: 2, field: 'consent', message: expect.stringContaining('another person') }]);
    // The person's consent to income: accepted, and a later batch may cite the recorded consent.
    await furnish('2026-11', [{ ...taxOnly, scope: ['furnishing', 'income', 'tax'] }, withIncome]);
    const r = await furnish('2026-11', [loan('L-21', BORROWER, { declaredTax: 9000, consent: 'CONSENT-7' })]);
    expect(r.counts.account).toBe(1);
    expect(await t.platform.furnishing.verifyBatch(r.batchId)).toMatchObject({ intact: true });
  });

  it("furnishes a person's account only under the person's recorded written consent to furnishing, in force today (art. 29); an enterprise's needs none", async () => {
    const lender = (await addAgency(t.platform, 'bank-shaoxing', 'small-loan-company')).principal;
    const unchanged = async () => [await ledgerCount(t.platform.db), await count('credit_account'), await count('credit_furnishing_consent')];
    const before = await unchanged();
    const refused = async (values: unknown[], line: number, message: string) => {
      const err = await refusal(furnish('2026-11', values, lender));
      expect(err.code).toBe('validation-failed');
      expect(err.extensions.errors).toEqual([{ line, field: 'consent', message: expect.stringContaining(message) }]);
      expect(err.extensions.errors).toEqual([{ line, field: 'consent', message: expect.stringContaining('art. 29') }]);
      expect(await unchanged()).toEqual(before);
    };
    // No consent cited; a consent never recorded; another person's; expired yesterday; one to income alone.
    await refused([loan('P-1', BORROWER_2, { consent: undefined })], 1, 'is required');
    await refused([loan('P-1', BORROWER_2)], 1, `no recorded written consent ${consentRef(BORROWER_2)}`);
    await refused([consent(BORROWER), loan('P-1', BORROWER_2, { consent: consentRef(BORROWER) })], 2, 'another person');
    await refused([consent(BORROWER_2, { expiresOn: '2026-11-19' }), loan('P-1', BORROWER_2)], 2, 'expired on 2026-11-19');
    await refused([consent(BORROWER_2, { scope: ['income'] }), loan('P-1', BORROWER_2, { declaredIncome: 1 })], 2, 'does not cover furnishing');
    // Expiring today, it is still in force: stored, and a later batch cites the recorded consent.
    const r = await furnish('2026-11', [consent(BORROWER_2, { expiresOn: '2026-11-20' }), loan('P-1', BORROWER_2)], lender);
    expect(r.counts).toMatchObject({ consent: 1, account: 1 });
    await furnish('2026-11', [card('P-2', BORROWER_2)], lender);
    expect((await t.platform.furnishing.accountHistory(lender, 'P-2')).length).toBe(1);
    // An enterprise's account cites no consent.
    await furnish('2026-11', [loan('E-1', COMPANY)], lender);
    expect((await t.platform.furnishing.accountHistory(lender, 'E-1')).length).toBe(1);
  });

  it('names a person as guarantor only under their recorded written consent to furnishing, in force today (art. 29)', async () => {
    const lender = (await addAgency(t.platform, 'bank-jiaxing', 'small-loan-company')).principal;
    const guaranteed = loan('G-1', COMPANY, { guarantors: [COMPANY, BORROWER] });
    const refusedAs = async (masked: string) => {
      const events = await ledgerCount(t.platform.db);
      const accounts = await count('credit_account');
      const err = await refusal(furnish('2026-11', [guaranteed], lender));
      expect(err.extensions.errors).toEqual([
        { line: 1, field: 'guarantors', message: expect.stringMatching(new RegExp(`^guarantor ${masked.replaceAll('*', '\\*')} .*\\(art\\. 29\\)$`)) },
      ]);
      expect([await ledgerCount(t.platform.db), await count('credit_account')]).toEqual([events, accounts]);
    };
    // No consent of the guarantor; the borrower's own (an enterprise) counts for nothing here.
    await refusedAs('1101**********002X');
    // Recorded consents of the guarantor that do not hold: expired, and to income alone.
    await furnish(
      '2026-11',
      [consent(BORROWER, { reference: 'OLD', expiresOn: '2026-11-19' }), consent(BORROWER, { reference: 'INC', scope: ['income'] })],
      lender,
    );
    await refusedAs('1101**********002X');
    // Another bank's consent from the same person does not count for this one.
    await furnish('2026-11', [consent(BORROWER, { reference: 'ELSEWHERE' })], bank);
    await refusedAs('1101**********002X');
    // A consent to furnishing recorded by this lender, then withdrawn by its later version: the current version governs.
    await furnish('2026-11', [consent(BORROWER, { reference: 'GONE' })], lender);
    await furnish('2026-11', [consent(BORROWER, { reference: 'GONE', scope: ['income'] })], lender);
    await refusedAs('1101**********002X');
    // With the guarantor's consent in the same batch: stored.
    const r = await furnish('2026-11', [guaranteed, consent(BORROWER, { reference: 'G-OK' })], lender);
    expect(r.counts).toMatchObject({ account: 1, consent: 1 });
    // A recorded consent is found by the person in later batches; a second person guarantor without one is refused.
    await furnish('2026-11', [loan('G-2', COMPANY, { guarantors: [BORROWER] })], lender);
    const err = await refusal(furnish('2026-11', [loan('G-3', COMPANY, { guarantors: [BORROWER, BORROWER_2] })], lender));
    expect(err.extensions.errors).toEqual([{ line: 1, field: 'guarantors', message: expect.stringContaining('4405**********0014') }]);
  });

  it('only a furnisher furnishes, and a furnisher files no public-credit records', async () => {
    const err = await refusal(furnish('2026-10', october, samr));
    expect(err.code).toBe('not-a-furnisher');
    const filed = await refusal(asActor({ type: 'agency', id: bank.code }, () => t.platform.intake.submit(bank, [{ line: 1, value: penalty(1) }])));
    expect(filed.code).toBe('item-not-permitted');
  });

  it('a restated account-month is a new version; the earlier one stays readable and both batches stay proven', async () => {
    const first = await t.platform.furnishing.statementHistory(bank, 'C-1', '2026-10');
    expect(first).toHaveLength(1);
    const restated = await furnish('2026-10', [statement('C-1', '2026-10', { balance: 1250, amountDue: 125, amountPaid: 125 })]);
    expect(restated.seq).toBeGreaterThan(1);
    const versions = await t.platform.furnishing.statementHistory(bank, 'C-1', '2026-10');
    expect(versions.map((v) => v.line.balance)).toEqual([1200, 1250]);
    expect(versions.map((v) => v.seq)).toEqual([1, restated.seq]);
    // Nothing is changed in place: the database refuses it.
    await expect(t.platform.db.query("UPDATE credit_statement SET balance_fen = 0 WHERE account_id = 'C-1'")).rejects.toThrow(/never changed in place/);
    for (const b of await t.platform.furnishing.verifyAll()) expect(b, b.batchId).toMatchObject({ intact: true });
  });

  it('the audit names a batch whose stored rows were altered behind the database', async () => {
    const r = await furnish('2026-09', [card('C-9', BORROWER_2), statement('C-9', '2026-09', { balance: 10, amountDue: 10, amountPaid: 10 })]);
    await t.platform.db.transaction(async (tx) => {
      await behindTheTriggers(tx);
      await tx.query("UPDATE credit_statement SET balance_fen = 99 WHERE account_id = 'C-9'");
    });
    expect(await t.platform.furnishing.verifyBatch(r.batchId)).toMatchObject({ intact: false, problem: expect.stringContaining('root') });
  });

  it("the audit names a batch holding a statement of another month than its own (a row added under the batch's version)", async () => {
    const r = await furnish('2026-09', [card('C-10', BORROWER_2), statement('C-10', '2026-09', { balance: 10, amountDue: 10, amountPaid: 10 })]);
    expect(await t.platform.furnishing.verifyBatch(r.batchId)).toMatchObject({ intact: true });
    // Inserting is not refused by the triggers: the row claims to be line 1 of the batch, in October's partition.
    await t.platform.db.query(
      `INSERT INTO credit_statement (furnisher, account_id, month, seq, leaf, balance_fen, amount_due_fen, amount_paid_fen, days_past_due, status, borrower_key)
       VALUES ($1, 'C-10', '2026-10-01', $2, 1, 0, 0, 0, 0, 'N', $3)`,
      [bank.code, r.seq, keyOf(BORROWER_2)],
    );
    expect(await t.platform.furnishing.verifyBatch(r.batchId)).toMatchObject({ intact: false, problem: expect.stringContaining('2026-10') });
  });

  it("a furnisher neither furnishes onto another furnisher's accounts and consents nor reads them", async () => {
    const other = (await addAgency(t.platform, 'bank-ningbo', 'consumer-finance-company')).principal;
    // bank-hangzhou's account C-1 and consent CONSENT-7 are unknown to bank-ningbo.
    let err = await refusal(furnish('2026-10', [statement('C-1', '2026-10', { balance: 1, amountDue: 1, amountPaid: 1 })], other));
    expect(err.extensions.errors).toEqual([{ line: 1, field: 'account', message: expect.stringContaining('has not been furnished') }]);
    err = await refusal(furnish('2026-11', [{ kind: 'notice', account: 'L-1', notifiedOn: '2026-11-05', method: 'sms' }], other));
    expect(err.extensions.errors).toEqual([{ line: 1, field: 'account', message: expect.stringContaining('has not been furnished') }]);
    err = await refusal(furnish('2026-11', [loan('L-1', BORROWER, { declaredIncome: 360000, consent: 'CONSENT-7' })], other));
    expect(err.extensions.errors).toEqual([{ line: 1, field: 'consent', message: expect.stringContaining('no recorded written consent') }]);
    // Its own account of the same identifier is its own: bank-hangzhou's notice for L-1 does not count for it.
    await furnish('2026-11', [consent(BORROWER), loan('L-1')], other);
    err = await refusal(furnish('2026-11', [statement('L-1', '2026-11', { daysPastDue: 12, status: '1', amountPaid: 0 })], other));
    expect(err.extensions.errors).toEqual([{ line: 1, field: 'status', message: expect.stringContaining('art. 15') }]);
    expect(await t.platform.furnishing.statementHistory(other, 'C-1', '2026-10')).toEqual([]);
    expect((await t.platform.furnishing.accountHistory(other, 'L-1')).map((v) => v.seq)).toEqual([1]);
    expect((await t.platform.furnishing.batches(other)).map((b) => b.furnisher)).toEqual(['bank-ningbo']);
  });

  it("a month's partition of the statements refuses TRUNCATE as the statements table does", async () => {
    await furnish('2026-06', [card('C-12', BORROWER_2), statement('C-12', '2026-06', { balance: 10, amountDue: 10, amountPaid: 10 })]);
    await expect(t.platform.db.query('TRUNCATE credit_statement_y2026m06')).rejects.toThrow(/never changed in place/);
    expect(await t.platform.furnishing.statementHistory(bank, 'C-12', '2026-06')).toHaveLength(1);
  });

  it.runIf(store !== 'pglite')("a new month's batch makes its partition without waiting for the statements' readers (nor holding them up)", async () => {
    // A reader of the statements holds its lock until released.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reading!: () => void;
    const read = new Promise<void>((resolve) => (reading = resolve));
    const reader = t.platform.db.transaction(async (tx) => {
      await tx.query('SELECT count(*) FROM credit_statement');
      reading();
      await released;
    });
    await read;
    // Either the batch ends, or it is found waiting for a lock on the statements table.
    let done = false;
    const batch = furnish('2026-05', [card('C-13', BORROWER_2), statement('C-13', '2026-05', { balance: 10, amountDue: 10, amountPaid: 10 })]).finally(
      () => (done = true),
    );
    const blocked = (async () => {
      while (!done) {
        const [w] = await t.platform.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'credit_statement'::regclass",
        );
        if (w!.n > 0) return 'blocked';
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return 'done';
    })();
    const outcome = await Promise.race([batch.then(() => 'done'), blocked]);
    release();
    await reader;
    await batch;
    expect(outcome).toBe('done');
  });

  it("the audit names a furnisher's batch whose row was deleted before its later ones", async () => {
    const other = (await addAgency(t.platform, 'bank-wenzhou', 'small-loan-company')).principal;
    const first = await furnish('2026-04', [consent(BORROWER_2), card('W-1', BORROWER_2)], other);
    await furnish('2026-04', [card('W-2', BORROWER_2)], other);
    await t.platform.db.transaction(async (tx) => {
      await behindTheTriggers(tx);
      await tx.query('DELETE FROM furnishing_batch WHERE batch_id = $1', [first.batchId]);
    });
    const broken = (await t.platform.furnishing.verifyAll()).filter((b) => !b.intact && b.furnisher === 'bank-wenzhou');
    expect(broken).toEqual([
      expect.objectContaining({
        furnisher: 'bank-wenzhou',
        problem: expect.stringMatching(new RegExp(`^batch ${first.seq} of bank-wenzhou is missing: its ledger event at 0/\\d+`)),
      }),
    ]);
  });

  it("the audit names a furnisher's last batch whose row and lines were deleted", async () => {
    const other = (await addAgency(t.platform, 'bank-lishui', 'small-loan-company')).principal;
    await furnish('2026-04', [consent(BORROWER_2), card('L-1', BORROWER_2)], other);
    const last = await furnish('2026-05', [card('L-2', BORROWER_2)], other);
    await t.platform.db.transaction(async (tx) => {
      await behindTheTriggers(tx);
      await tx.query('DELETE FROM credit_account WHERE furnisher = $1 AND seq = $2', ['bank-lishui', last.seq]);
      await tx.query('DELETE FROM furnishing_batch WHERE batch_id = $1', [last.batchId]);
    });
    const broken = (await t.platform.furnishing.verifyAll()).filter((b) => !b.intact && b.furnisher === 'bank-lishui');
    expect(broken).toEqual([
      expect.objectContaining({ batchId: last.batchId, lines: 1, problem: expect.stringContaining(`batch ${last.seq} of bank-lishui is missing`) }),
    ]);
  });

  it('the audit names batches whose versions (seq) were swapped, though each reads lines like its own', async () => {
    const a = await furnish('2026-07', [card('C-11', BORROWER_2)]);
    const b = await furnish('2026-08', [card('C-11', BORROWER_2)]);
    await t.platform.db.transaction(async (tx) => {
      await behindTheTriggers(tx);
      await tx.query('UPDATE furnishing_batch SET seq = -1 WHERE batch_id = $1', [a.batchId]);
      await tx.query('UPDATE furnishing_batch SET seq = $1 WHERE batch_id = $2', [a.seq, b.batchId]);
      await tx.query('UPDATE furnishing_batch SET seq = $1 WHERE batch_id = $2', [b.seq, a.batchId]);
    });
    for (const id of [a.batchId, b.batchId])
      expect(await t.platform.furnishing.verifyBatch(id)).toMatchObject({ intact: false, problem: expect.stringContaining('disagrees with its ledger event') });
  });
});
