// Inquiries end to end on both stores (Regulation arts. 18, 20): a lender records the subject's
// written authorisation, inquires, and receives the credit report; without a valid authorisation
// for the purpose it is refused with a problem document and nothing is recorded. The expiry day,
// another lender's or subject's authorisation, a purpose not covered, a withdrawal, and the
// post-loan exception on the lender's own open account, both ways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { PROBLEMS } from '../../src/kernel/problems.ts';
import { ledgerCount, ledgerEvents } from '../support/ledger-rows.ts';
import { logOf, placementOf } from '../../src/ledger/ledger.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import { scoreHistory } from '../../src/features/credit-reporting/personal-score-history.store.ts';
import { BORROWER, BORROWER_2, COMPANY, consent, keyOf, loan, ndjson, statement } from '../support/furnishing.ts';

describe.each(ALL_STORES)('credit inquiries over HTTP on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let bankA: string;
  let bankB: string;
  let samr: string;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    bankA = (await addAgency(t.platform, 'bank-a', 'small-loan-company')).apiKey;
    bankB = (await addAgency(t.platform, 'bank-b', 'commercial-bank')).apiKey;
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0 });
    // bank-a holds an open loan of BORROWER and a settled one of BORROWER_2; bank-b holds nothing.
    const res = await post(
      '/v1/furnishing/batches?month=2026-10',
      ndjson([
        consent(BORROWER),
        consent(BORROWER_2),
        loan('L-1'),
        loan('L-2', BORROWER_2),
        statement('L-1', '2026-10'),
        statement('L-2', '2026-10', { balance: 0, amountDue: 0, amountPaid: 0, status: 'C', closedOn: '2026-10-15' }),
      ]),
      bankA,
      'application/x-ndjson',
    );
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  function post(path: string, body: unknown, key: string | null, contentType = 'application/json') {
    return fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }
  const get = (path: string, key: string) => fetch(server.url + path, { headers: { authorization: `Bearer ${key}` } });
  const inquire = (body: Record<string, unknown>, key = bankA) => post('/v1/credit-inquiries', body, key);
  const authorise = (body: Record<string, unknown>, key = bankA) =>
    post('/v1/credit-consents', { subject: BORROWER, purposes: ['loan-approval'], signedOn: '2026-11-01', expiresOn: '2027-11-01', ...body }, key);

  async function expectProblem(res: Response, status: number, code: keyof typeof PROBLEMS) {
    const body = (await res.json()) as Record<string, any>;
    expect(res.status, JSON.stringify(body)).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ type: `/problems/${code}`, status, title: PROBLEMS[code].title });
    expect(body.report).toBeUndefined();
    return body;
  }

  const inquiryCount = async () => Number((await t.platform.db.query<{ n: number }>('SELECT count(*) AS n FROM credit_inquiry'))[0]!.n);

  /** Runs a refused request and checks that it recorded nothing: no inquiry row, no ledger event. */
  async function refusedWithNothingRecorded(res: Promise<Response>, status: number, code: keyof typeof PROBLEMS) {
    const [inquiries, events] = [await inquiryCount(), await ledgerCount(t.platform.db)];
    const body = await expectProblem(await res, status, code);
    expect(await inquiryCount()).toBe(inquiries);
    expect(await ledgerCount(t.platform.db)).toBe(events);
    return body;
  }

  it('refuses an inquiry without an authorisation, recording nothing', async () => {
    const body = await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'loan-approval' }), 403, 'consent-required');
    expect(body.detail).toContain('art. 18');
    expect(JSON.stringify(body)).not.toContain(BORROWER);
  });

  it('records an authorisation once, as an event on the subject log, the number masked', async () => {
    const events = await ledgerCount(t.platform.db, 'credit.consent-recorded');
    const res = await authorise({ reference: 'IC-1' });
    expect(res.status).toBe(201);
    const { consent: c } = (await res.json()) as Record<string, any>;
    expect(c).toMatchObject({ reference: 'IC-1', subject: '1101**********002X', subjectKind: 'person', purposes: ['loan-approval'], withdrawnOn: null });
    expect(await ledgerCount(t.platform.db, 'credit.consent-recorded')).toBe(events + 1);
    const [row] = await t.platform.db.query('SELECT subject_key FROM credit_inquiry_consent WHERE reference = $1', ['IC-1']);
    expect(row!.subject_key).toBe(keyOf(BORROWER));
    // The same again is answered as it was; other content under the reference is refused.
    expect((await authorise({ reference: 'IC-1' })).status).toBe(200);
    await expectProblem(await authorise({ reference: 'IC-1', purposes: ['loan-approval', 'credit-card-approval'] }), 409, 'credit-consent-conflict');
    await expectProblem(await authorise({ reference: 'IC-X', purposes: ['own-query'] }), 422, 'validation-failed');
    await expectProblem(await authorise({ reference: 'IC-X', signedOn: '2026-11-21' }), 422, 'validation-failed');
    expect(await ledgerCount(t.platform.db, 'credit.consent-recorded')).toBe(events + 1);
  });

  it('answers 201 with the report once the inquiry is on record, and the inquiry shows in the report', async () => {
    const events = await ledgerCount(t.platform.db, 'credit.inquiry');
    const res = await inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-1' });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.inquiry).toMatchObject({ date: '2026-11-20', purpose: 'loan-approval', consent: 'IC-1', openAccount: null, subject: '1101**********002X' });
    expect(await ledgerCount(t.platform.db, 'credit.inquiry')).toBe(events + 1);
    const report = body.report;
    expect(report.identity).toEqual({ kind: 'person', masked: '1101**********002X', name: null });
    expect(report.accounts.flatMap((s: any) => s.accounts.map((a: any) => a.account))).toEqual(['L-1']);
    expect(report.inquiries).toEqual([
      {
        date: '2026-11-20',
        institution: { code: 'bank-a', name: 'bank-a agency' },
        purpose: 'loan-approval',
        purposeLabel: { zh: '贷款审批', en: 'Loan approval' },
      },
    ]);
    expect(report.summary.inquiries).toEqual({ lastYear: 1, lastTwoYears: 1 });
    expect(JSON.stringify(body)).not.toContain(BORROWER);
    // The view is in the person's access log, by the lender.
    const log = await t.platform.accessLog.of(keyOf(BORROWER));
    expect(log.some((e) => e.actor === 'agency:bank-a' && e.detail === 'loan-approval')).toBe(true);
    // The lender lists its own inquiries; another lender sees none of them.
    const mine = (await (await get('/v1/credit-inquiries', bankA)).json()) as { inquiries: Array<{ id: string }> };
    expect(mine.inquiries.map((i) => i.id)).toContain(body.inquiry.id);
    expect(((await (await get('/v1/credit-inquiries', bankB)).json()) as { inquiries: unknown[] }).inquiries).toEqual([]);
  });

  it('sends the report and the lists in full, as the services give them (the response schemas drop nothing)', async () => {
    const res = await inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-1', months: 60 });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(201);
    expect(body.report.months).toBe(60);
    const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    expect(body.report).toEqual(roundTrip(await t.platform.creditReports.report(keyOf(BORROWER), { asOf: '2026-11-20', months: 60 })));
    const principal = await t.platform.agencies.authenticate(bankA);
    expect(await (await get('/v1/credit-consents', bankA)).json()).toEqual(roundTrip({ consents: await t.platform.creditConsents.list(principal) }));
    expect(await (await get('/v1/credit-inquiries', bankA)).json()).toEqual(roundTrip({ inquiries: await t.platform.creditInquiries.inquiries(principal) }));
  });

  it('holds an authorisation through its expiresOn day and not the day after (local time)', async () => {
    expect((await authorise({ reference: 'IC-EXP', expiresOn: '2026-11-20' })).status).toBe(201);
    try {
      t.clock.set('2026-11-20T15:59:59Z'); // 23:59:59 on 20 November in Beijing
      expect((await inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-EXP' })).status).toBe(201);
      t.clock.set('2026-11-20T16:00:00Z'); // 00:00 on 21 November
      const body = await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-EXP' }), 403, 'consent-not-valid');
      expect(body.reason).toBe('expired');
    } finally {
      t.clock.set('2026-11-20T02:00:00Z');
    }
  });

  it('refuses an authorisation signed after today', async () => {
    expect((await authorise({ reference: 'IC-TODAY', signedOn: '2026-11-20' })).status).toBe(201);
    try {
      t.clock.set('2026-11-19T12:00:00Z');
      const body = await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-TODAY' }), 403, 'consent-not-valid');
      expect(body.reason).toBe('not-yet-signed');
    } finally {
      t.clock.set('2026-11-20T02:00:00Z');
    }
  });

  it('refuses a purpose the authorisation does not cover, another subject, and another lender (as unknown)', async () => {
    let body = await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'credit-card-approval', consent: 'IC-1' }), 403, 'consent-not-valid');
    expect(body.reason).toBe('purpose-not-covered');
    body = await refusedWithNothingRecorded(inquire({ subject: BORROWER_2, purpose: 'loan-approval', consent: 'IC-1' }), 403, 'consent-not-valid');
    expect(body.reason).toBe('other-subject');
    body = await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-1' }, bankB), 403, 'consent-not-valid');
    expect(body.reason).toBe('unknown');
    body = await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-NONE' }), 403, 'consent-not-valid');
    expect(body.reason).toBe('unknown');
  });

  it('refuses after a withdrawal, from the day withdrawn', async () => {
    expect((await authorise({ reference: 'IC-W' })).status).toBe(201);
    expect((await inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-W' })).status).toBe(201);
    const res = await post('/v1/credit-consents/IC-W/withdrawal', {}, bankA);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Record<string, any>).consent.withdrawnOn).toBe('2026-11-20');
    const body = await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-W' }), 403, 'consent-not-valid');
    expect(body.reason).toBe('withdrawn');
    await expectProblem(await post('/v1/credit-consents/IC-W/withdrawal', {}, bankB), 404, 'credit-consent-not-found');
  });

  it("allows post-loan management without an authorisation only on the lender's own open account", async () => {
    const res = await inquire({ subject: BORROWER, purpose: 'post-loan-management' });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.inquiry).toMatchObject({ purpose: 'post-loan-management', consent: null, openAccount: 'L-1' });
    // BORROWER_2's loan at bank-a is settled; bank-b holds no account of BORROWER.
    await refusedWithNothingRecorded(inquire({ subject: BORROWER_2, purpose: 'post-loan-management' }), 403, 'consent-required');
    await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'post-loan-management' }, bankB), 403, 'consent-required');
    // Any other purpose needs the authorisation even with the open account.
    await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'credit-card-approval' }), 403, 'consent-required');
  });

  it('refuses the own query to a lender, an unknown purpose, a bad identity and an agency that is no lender', async () => {
    await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'own-query' }), 403, 'purpose-not-permitted');
    const unknown = await refusedWithNothingRecorded(
      inquire({ subject: BORROWER, purpose: 'pre-employment-review', consent: 'IC-1' }),
      422,
      'validation-failed',
    );
    expect(unknown.errors).toEqual([{ field: 'purpose', message: expect.any(String) }]);
    const bad = await refusedWithNothingRecorded(
      inquire({ subject: '110105194912310021', purpose: 'loan-approval', consent: 'IC-1' }),
      422,
      'validation-failed',
    );
    expect(bad.errors).toEqual([{ field: 'subject', message: expect.any(String) }]);
    await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-1' }, samr), 403, 'not-a-furnisher');
    await expectProblem(await authorise({ reference: 'IC-S' }, samr), 403, 'not-a-furnisher');
  });

  it("answers an enterprise's report with its code", async () => {
    expect((await authorise({ reference: 'IC-CO', subject: COMPANY, purposes: ['guarantee-qualification'] })).status).toBe(201);
    const res = await inquire({ subject: COMPANY, purpose: 'guarantee-qualification', consent: 'IC-CO' });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.report.identity).toMatchObject({ kind: 'organisation', masked: COMPANY });
  });

  it('gives no report when the inquiry cannot be written', async () => {
    // One statement a call: Citus refuses a script of several that touches a distributed table.
    await t.platform.db.exec(`CREATE FUNCTION test_refuse_inquiry() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the store refuses'; END; $$`);
    await t.platform.db.exec('CREATE TRIGGER test_refuse_inquiry BEFORE INSERT ON credit_inquiry FOR EACH ROW EXECUTE FUNCTION test_refuse_inquiry()');
    try {
      await refusedWithNothingRecorded(inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-1' }), 500, 'internal-error');
    } finally {
      await t.platform.db.exec('DROP TRIGGER test_refuse_inquiry ON credit_inquiry');
      await t.platform.db.exec('DROP FUNCTION test_refuse_inquiry()');
    }
    expect((await inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-1' })).status).toBe(201);
  });

  it("proves what was authorised and asked: events on the subject's log, in a ledger that verifies", async () => {
    const key = keyOf(BORROWER);
    const log = logOf(key, await placementOf(t.platform.db));
    const events = await ledgerEvents(t.platform.db, (e) => e.type.startsWith('credit.') && e.subject === key);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.log === log && e.actor.type === 'agency')).toBe(true);
    expect(events.find((e) => e.type === 'credit.consent-recorded')?.data).toEqual({
      lender: 'bank-a',
      reference: 'IC-1',
      purposes: ['loan-approval'],
      signedOn: '2026-11-01',
      expiresOn: '2027-11-01',
    });
    const [row] = await t.platform.db.query('SELECT inquiry_id, log, event_index FROM credit_inquiry WHERE subject_key = $1 ORDER BY inquired_at LIMIT 1', [
      key,
    ]);
    const inquiry = events.find((e) => e.type === 'credit.inquiry' && e.data.inquiryId === row!.inquiry_id)!;
    expect([inquiry.log, inquiry.idx]).toEqual([Number(row!.log), Number(row!.event_index)]);
    expect(JSON.stringify(events)).not.toContain(BORROWER);
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
  });

  it('keeps authorisations and inquiries from being changed or deleted', async () => {
    for (const sql of [
      'UPDATE credit_inquiry SET purpose = purpose',
      'DELETE FROM credit_inquiry',
      'DELETE FROM credit_inquiry_consent',
      'TRUNCATE credit_inquiry_consent_withdrawal CASCADE',
    ])
      await expect(t.platform.db.query(sql)).rejects.toThrow(/never changed in place or deleted/);
  });
  it('records the score an inquiry serves with the inquiry: a history write that fails refuses the inquiry and records nothing', async () => {
    expect((await authorise({ subject: BORROWER_2, reference: 'IC-H' })).status).toBe(201);
    const history = () => scoreHistory(t.platform.db, keyOf(BORROWER_2));
    expect(await history()).toEqual([]);
    // The history refuses the inquiry's row, as a failing write would.
    await t.platform.db.exec("ALTER TABLE personal_score_history ADD CONSTRAINT test_no_inquiry_rows CHECK (cause <> 'inquiry') NOT VALID");
    try {
      await refusedWithNothingRecorded(inquire({ subject: BORROWER_2, purpose: 'loan-approval', consent: 'IC-H' }), 500, 'internal-error');
    } finally {
      await t.platform.db.exec('ALTER TABLE personal_score_history DROP CONSTRAINT test_no_inquiry_rows');
    }
    expect(await history()).toEqual([]);
    expect((await t.platform.accessLog.of(keyOf(BORROWER_2))).filter((e) => e.actor === 'agency:bank-a')).toEqual([]);
    // Written, the inquiry and its score's row are both there, the row as the report scores it.
    const inquiries = await inquiryCount();
    const res = await inquire({ subject: BORROWER_2, purpose: 'loan-approval', consent: 'IC-H' });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(await inquiryCount()).toBe(inquiries + 1);
    const rows = await history();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cause: 'inquiry', scored: body.report.score.scored, score: body.report.score.score ?? null, asOf: '2026-11-20' });
    expect(rows[0]!.reasons).toEqual((body.report.score.reasons ?? []).map((r: { code: string }) => r.code));
  });
});
