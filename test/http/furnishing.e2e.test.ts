// Furnishing over HTTP end to end on both stores, with a furnisher's API key: NDJSON and CSV
// batches, idempotent resubmission, a refused batch's problem document, and the permissions of
// furnishers and of the agencies that are not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { PROBLEMS } from '../../src/kernel/problems.ts';
import { ledgerCount } from '../support/ledger-rows.ts';
import { penalty } from '../support/records.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, consentRef, expectedRoot, loan, ndjson, statement } from '../support/furnishing.ts';

describe.each(ALL_STORES)('furnishing over HTTP on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let bankKey: string;
  let samrKey: string;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    bankKey = (await addAgency(t.platform, 'bank-xihu', 'small-loan-company')).apiKey;
    samrKey = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const post = (path: string, body: string, contentType: string, key: string | null = bankKey) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
  const get = (path: string, key: string | null = bankKey) => fetch(server.url + path, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  async function expectProblem(res: Response, status: number, code: keyof typeof PROBLEMS) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ type: `/problems/${code}`, status, title: PROBLEMS[code].title });
    return body;
  }

  const batch = [
    consent(BORROWER),
    consent(BORROWER_2),
    loan('L-1'),
    card('C-1', BORROWER_2),
    statement('L-1', '2026-10'),
    statement('C-1', '2026-10', { balance: 900, amountDue: 90, amountPaid: 90 }),
  ];

  it('takes an NDJSON batch from a furnisher as one ledger event, and the same batch again as a duplicate', async () => {
    const events = await ledgerCount(t.platform.db);
    const res = await post('/v1/furnishing/batches?month=2026-10', ndjson(batch), 'application/x-ndjson');
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ furnisher: 'bank-xihu', month: '2026-10', seq: 1, lines: 6, duplicate: false, root: expectedRoot(batch) });
    expect(await ledgerCount(t.platform.db)).toBe(events + 1);
    const again = await post('/v1/furnishing/batches?month=2026-10', ndjson(batch), 'application/x-ndjson');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ batchId: body.batchId, duplicate: true });
    expect(await ledgerCount(t.platform.db)).toBe(events + 1);
  });

  it('takes a CSV batch, typing each cell by its item', async () => {
    const csv = [
      'kind,account,type,borrower,currency,openedOn,principal,termMonths,guarantors,month,balance,amountDue,amountPaid,daysPastDue,status',
      `account,L-5,non-revolving-loan,91330100716105852F,CNY,2026-01-15,500000,24,${BORROWER_2},,,,,,`,
      'statement,L-5,,,,,,,,2026-10,480000,21000,21000,0,N',
    ].join('\n');
    const res = await post('/v1/furnishing/batches?month=2026-10', csv, 'text/csv');
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, any>;
    expect(body.counts).toEqual({ account: 1, consent: 0, notice: 0, statement: 1 });
    expect(body.root).toBe(
      expectedRoot([
        {
          kind: 'account',
          account: 'L-5',
          type: 'non-revolving-loan',
          borrower: '91330100716105852F',
          currency: 'CNY',
          openedOn: '2026-01-15',
          principal: 500000,
          termMonths: 24,
          guarantors: [BORROWER_2],
        },
        { kind: 'statement', account: 'L-5', month: '2026-10', balance: 480000, amountDue: 21000, amountPaid: 21000, daysPastDue: 0, status: 'N' },
      ]),
    );
  });

  it('refuses a batch restating an account for another borrower with its own problem, as NDJSON or CSV, and stores nothing', async () => {
    const events = await ledgerCount(t.platform.db);
    const message = (account: string) =>
      `account ${account} was furnished before for another borrower; an account's borrower never changes: close this account and open a new account for the new borrower`;
    const ndjsonBody = await expectProblem(
      await post('/v1/furnishing/batches?month=2026-10', ndjson([statement('L-1', '2026-10'), loan('L-1', BORROWER_2)]), 'application/x-ndjson'),
      422,
      'account-borrower-changed',
    );
    expect(ndjsonBody).toMatchObject({ errorCount: 1, errors: [{ line: 2, field: 'borrower', message: message('L-1') }] });
    // L-5 was furnished for an enterprise (the CSV batch above).
    const csv = [
      'kind,account,type,borrower,currency,openedOn,principal,termMonths,consent',
      `account,L-5,non-revolving-loan,${BORROWER_2},CNY,2026-01-15,500000,24,${consentRef(BORROWER_2)}`,
    ].join('\n');
    const csvBody = await expectProblem(await post('/v1/furnishing/batches?month=2026-10', csv, 'text/csv'), 422, 'account-borrower-changed');
    expect(csvBody).toMatchObject({ errorCount: 1, errors: [{ line: 2, field: 'borrower', message: message('L-5') }] });
    expect(await ledgerCount(t.platform.db)).toBe(events);
  });

  it('refuses a batch with a bad line with a problem naming every bad line and field, and stores nothing', async () => {
    const events = await ledgerCount(t.platform.db);
    const lines = `${ndjson([loan('L-7'), statement('L-7', '2026-10', { daysPastDue: 3 })])}{not json\n${ndjson([{ kind: 'account', account: 'L-8', religion: 'x' }])}`;
    const body = await expectProblem(await post('/v1/furnishing/batches?month=2026-10', lines, 'application/x-ndjson'), 422, 'validation-failed');
    expect(body.errorCount).toBe(body.errors.length);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { line: 2, field: 'status', message: 'status N does not agree with 3 days past due' },
        { line: 3, field: '', message: expect.stringContaining('not valid JSON') },
        { line: 4, field: 'religion', message: expect.stringContaining('not an item of the data standard') },
      ]),
    );
    expect(await ledgerCount(t.platform.db)).toBe(events);
  });

  it('needs the reporting month', async () => {
    await expectProblem(await post('/v1/furnishing/batches', ndjson(batch), 'application/x-ndjson'), 422, 'validation-failed');
    await expectProblem(await post('/v1/furnishing/batches?month=2026-13', ndjson(batch), 'application/x-ndjson'), 422, 'validation-failed');
  });

  it('lets only furnishers furnish, and furnishers file no records', async () => {
    await expectProblem(await post('/v1/furnishing/batches?month=2026-10', ndjson(batch), 'application/x-ndjson', null), 401, 'unauthenticated');
    await expectProblem(await post('/v1/furnishing/batches?month=2026-10', ndjson(batch), 'application/x-ndjson', samrKey), 403, 'not-a-furnisher');
    await expectProblem(await get('/v1/furnishing/batches', samrKey), 403, 'not-a-furnisher');
    await expectProblem(await post('/v1/records', JSON.stringify(penalty(1)), 'application/json', bankKey), 403, 'item-not-permitted');
  });

  it("answers the furnisher's batches and every version of an account-month", async () => {
    await post(
      '/v1/furnishing/batches?month=2026-10',
      ndjson([statement('C-1', '2026-10', { balance: 950, amountDue: 95, amountPaid: 95 })]),
      'application/x-ndjson',
    );
    const batches = (await (await get('/v1/furnishing/batches')).json()) as { batches: Array<{ seq: number }> };
    expect(batches.batches.map((b) => b.seq)).toEqual([1, 2, 3]);
    const res = await get('/v1/furnishing/accounts/C-1/statements/2026-10');
    expect(res.status).toBe(200);
    const { versions } = (await res.json()) as { versions: Array<{ seq: number; line: { balance: number } }> };
    expect(versions.map((v) => [v.seq, v.line.balance])).toEqual([
      [1, 900],
      [3, 950],
    ]);
  });

  it("refuses a person's account and a person guarantor without their written consent to furnishing (art. 29), storing nothing", async () => {
    const events = await ledgerCount(t.platform.db);
    const PERSON = '110101199003070011';
    const lines = [loan('L-30', PERSON, { consent: undefined }), loan('L-31', COMPANY, { guarantors: [PERSON] }), loan('L-32', COMPANY)];
    const body = await expectProblem(await post('/v1/furnishing/batches?month=2026-10', ndjson(lines), 'application/x-ndjson'), 422, 'validation-failed');
    expect(body.errors).toEqual([
      { line: 1, field: 'consent', message: expect.stringContaining('art. 29') },
      { line: 2, field: 'guarantors', message: expect.stringMatching(/^guarantor 1101\*{10}0011 .*\(art\. 29\)$/) },
    ]);
    expect(await ledgerCount(t.platform.db)).toBe(events);
    // With the person's consent in the batch, the same lines are taken.
    const res = await post('/v1/furnishing/batches?month=2026-10', ndjson([consent(PERSON), loan('L-30', PERSON), ...lines.slice(1)]), 'application/x-ndjson');
    expect(res.status).toBe(201);
    expect(((await res.json()) as Record<string, any>).counts).toEqual({ account: 3, consent: 1, notice: 0, statement: 0 });
  });
});
