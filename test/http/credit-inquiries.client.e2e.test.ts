// A lender's system on the generated client (clients/typescript), end to end on both stores: it
// furnishes, records a written authorisation, inquires and receives the report, lists what it
// did, withdraws the authorisation and is refused; the person reads the inquiry in their own
// report. Every call goes through the client's typed paths, bodies and answers, so a change to
// the API that breaks the client breaks this suite (by type check or by assertion).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXinyongClient, type Problem, type XinyongClient, type operations } from '../../clients/typescript/src/index.ts';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { ledgerCount } from '../support/ledger-rows.ts';
import { BORROWER, consent, keyOf, loan, statement } from '../support/furnishing.ts';

type BatchLines = operations['furnishBatch']['requestBody']['content']['application/json'];

describe.each(ALL_STORES)("a lender's system on the generated client, on %s", (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let lender: XinyongClient;
  let otherLender: XinyongClient;
  let inquiryId: string;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    const bankA = (await addAgency(t.platform, 'bank-a', 'small-loan-company')).apiKey;
    const bankB = (await addAgency(t.platform, 'bank-b', 'commercial-bank')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    lender = createXinyongClient({ baseUrl: server.url, token: bankA });
    otherLender = createXinyongClient({ baseUrl: server.url, token: bankB });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const inquiryCount = async () => Number((await t.platform.db.query<{ n: number }>('SELECT count(*) AS n FROM credit_inquiry'))[0]!.n);

  it('furnishes a month as a JSON array of lines', async () => {
    const lines = [consent(BORROWER), loan('L-1'), statement('L-1', '2026-10')] as unknown as BatchLines;
    const { data, error, response } = await lender.POST('/v1/furnishing/batches', { params: { query: { month: '2026-10' } }, body: lines });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ furnisher: 'bank-a', month: '2026-10', seq: 1, lines: 3, duplicate: false });
  });

  it('is refused an inquiry without an authorisation, with a typed problem, and nothing is recorded', async () => {
    const [inquiries, events] = [await inquiryCount(), await ledgerCount(t.platform.db)];
    const { data, error, response } = await lender.POST('/v1/credit-inquiries', { body: { subject: BORROWER, purpose: 'loan-approval' } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem: Problem = error!;
    expect(problem).toMatchObject({ type: '/problems/consent-required', status: 403 });
    expect(problem.detail).toContain('art. 18');
    expect([await inquiryCount(), await ledgerCount(t.platform.db)]).toEqual([inquiries, events]);
  });

  it('records the written authorisation once, the number masked', async () => {
    const body = { reference: 'IC-1', subject: BORROWER, purposes: ['loan-approval' as const], signedOn: '2026-11-01', expiresOn: '2027-11-01' };
    const first = await lender.POST('/v1/credit-consents', { body });
    expect(first.response.status).toBe(201);
    expect(first.data!.consent).toMatchObject({ reference: 'IC-1', subject: '1101**********002X', purposes: ['loan-approval'], withdrawnOn: null });
    const again = await lender.POST('/v1/credit-consents', { body });
    expect(again.response.status).toBe(200);
    expect(again.data!.consent).toEqual(first.data!.consent);
  });

  it('inquires and receives the report, which shows the inquiry', async () => {
    const { data, response } = await lender.POST('/v1/credit-inquiries', { body: { subject: BORROWER, purpose: 'loan-approval', consent: 'IC-1' } });
    expect(response.status).toBe(201);
    inquiryId = data!.inquiry.id;
    expect(data!.inquiry).toMatchObject({ date: '2026-11-20', purpose: 'loan-approval', consent: 'IC-1', subject: '1101**********002X' });
    expect(data!.report.identity).toEqual({ kind: 'person', masked: '1101**********002X', name: null });
    expect(data!.report.accounts.flatMap((s) => s.accounts.map((a) => a.account))).toEqual(['L-1']);
    expect(data!.report.inquiries.map((i) => [i.date, i.institution.code, i.purpose])).toEqual([['2026-11-20', 'bank-a', 'loan-approval']]);
  });

  it("lists the lender's own authorisations and inquiries, and none of another lender's", async () => {
    const consents = await lender.GET('/v1/credit-consents');
    expect(consents.data!.consents.map((c) => c.reference)).toEqual(['IC-1']);
    const inquiries = await lender.GET('/v1/credit-inquiries');
    expect(inquiries.data!.inquiries.map((i) => i.id)).toEqual([inquiryId]);
    expect((await otherLender.GET('/v1/credit-inquiries')).data!.inquiries).toEqual([]);
  });

  it('withdraws the authorisation, and the next inquiry on it is refused as withdrawn', async () => {
    const withdrawn = await lender.POST('/v1/credit-consents/{reference}/withdrawal', { params: { path: { reference: 'IC-1' } } });
    expect(withdrawn.response.status).toBe(200);
    expect(withdrawn.data!.consent.withdrawnOn).toBe('2026-11-20');
    const refused = await lender.POST('/v1/credit-inquiries', { body: { subject: BORROWER, purpose: 'loan-approval', consent: 'IC-1' } });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ type: '/problems/consent-not-valid', reason: 'withdrawn' });
    const elsewhere = await otherLender.POST('/v1/credit-consents/{reference}/withdrawal', { params: { path: { reference: 'IC-1' } } });
    expect(elsewhere.error).toMatchObject({ type: '/problems/credit-consent-not-found', status: 404 });
  });

  it('shows the person who asked, when and why, in their own report', async () => {
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'person-a', role: 'subject', subjectKey: keyOf(BORROWER), password: 'password of a' }));
    const anonymous = createXinyongClient({ baseUrl: server.url });
    const session = await anonymous.POST('/v1/session', { body: { username: 'person-a', password: 'password of a' } });
    expect(session.response.status).toBe(200);
    const person = createXinyongClient({ baseUrl: server.url, token: session.data!.token });
    const own = await person.GET('/v1/me/credit-report');
    expect(own.response.status).toBe(200);
    // Their own query is on record too, newest first.
    expect(own.data!.report.inquiries.map((i) => [i.date, i.institution.code, i.purpose])).toEqual([
      ['2026-11-20', 'self', 'own-query'],
      ['2026-11-20', 'bank-a', 'loan-approval'],
    ]);
    expect((await person.DELETE('/v1/session')).response.status).toBe(204);
    expect((await person.GET('/v1/me/credit-report')).response.status).toBe(401);
  });
});
