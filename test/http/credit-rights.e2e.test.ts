// The person's rights in financial credit reporting over HTTP, on both stores: an account for a
// borrower only the furnished data knows; objections marked at once, queued for their furnisher
// alone, answered on the 20th day in time and on the 21st late, escalated by the scheduler on the
// 21st; the personal statement of 500 characters and not 501; the own report free twice in a
// calendar year, the third only with the stated fee accepted, free again on 1 January.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { ledgerCount, ledgerEvents } from '../support/ledger-rows.ts';
import { BORROWER, BORROWER_2, card, consent, keyOf, loan, ndjson, statement } from '../support/furnishing.ts';

/** A valid resident identity number that no furnisher furnished. */
const STRANGER = '110101199003070011';

describe.each(ALL_STORES)('credit rights over HTTP on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  const key: Record<string, string> = {};
  const token: Record<string, string> = {};
  let otherBatch = '';

  const call = (method: string, path: string, who: string | null, body?: unknown) =>
    callJson(server.url, method, path, who ? (token[who] ?? key[who]!) : null, body);
  const reportOf = (id: string, asOf: string) => t.platform.creditReports.report(keyOf(id), { asOf, months: 24 });
  const logins = [
    ['a', 'person-a', 'password of a'],
    ['b', 'person-b', 'password of b'],
    ['admin', 'admin', 'password of admin'],
  ] as const;
  const logIn = async () => {
    for (const [who, username, password] of logins) token[who] = (await t.platform.accounts.login(username, password)).token;
  };
  /** Moves the clock, and logs in again (sessions last 12 hours). */
  const at = async (instant: string) => {
    t.clock.set(instant);
    await logIn();
  };

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    const p = t.platform;
    key.bank = (await addAgency(p, 'bank-xihu', 'small-loan-company')).apiKey;
    key.other = (await addAgency(p, 'bank-other', 'commercial-bank')).apiKey;
    key.samr = (await addAgency(p, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(p, { host: '127.0.0.1', port: 0, scheduler: false });
    const furnish = async (who: string, lines: unknown[]) => {
      const res = await fetch(`${server.url}/v1/furnishing/batches?month=2026-10`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key[who]}` },
        body: ndjson(lines),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { batchId: string }).batchId;
    };
    await furnish('bank', [
      consent(BORROWER),
      consent(BORROWER_2),
      loan('L-1'),
      card('C-1', BORROWER_2),
      statement('L-1', '2026-10'),
      statement('C-1', '2026-10'),
    ]);
    otherBatch = await furnish('other', [consent(BORROWER), card('O-1'), statement('O-1', '2026-10')]);
    await asActor(ADMIN, async () => {
      await p.accounts.create({ username: 'person-a', role: 'subject', subjectKey: keyOf(BORROWER), password: 'password of a' });
      await p.accounts.create({ username: 'person-b', role: 'subject', subjectKey: keyOf(BORROWER_2), password: 'password of b' });
      await p.accounts.create({ username: 'admin', role: 'administrator', password: 'password of admin' });
    });
    await logIn();
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  it('gives a subject account to a borrower only the furnished data knows, never to a person it does not know', async () => {
    expect(await t.platform.subjects.exists(keyOf(BORROWER))).toBe(false);
    const refused = await asActor(ADMIN, () =>
      t.platform.accounts.create({ username: 'stranger', role: 'subject', subjectKey: keyOf(STRANGER), password: 'password of s' }).catch((e: unknown) => e),
    );
    expect(refused).toMatchObject({ code: 'subject-not-found' });
    const me = await call('GET', '/v1/me/credit-objections', 'a');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ objections: [] });
  });

  it("marks an objected item at once and queues it for its furnisher alone; another person's objection is invisible", async () => {
    const events = await ledgerCount(t.platform.db);
    const filed = await call('POST', '/v1/me/credit-objections', 'a', { furnisher: 'bank-xihu', account: 'L-1', month: '2026-10', reason: '十月已按时还款' });
    expect(filed.status).toBe(201);
    // Received on 20 November: the 20 days run to 10 December.
    expect(filed.body).toMatchObject({
      furnisher: 'bank-xihu',
      account: 'L-1',
      month: '2026-10',
      state: 'open',
      filedOn: '2026-11-20',
      dueOn: '2026-12-10',
      late: false,
    });
    const whole = await call('POST', '/v1/me/credit-objections', 'a', { furnisher: 'bank-xihu', account: 'L-1', reason: '该账户本金有误' });
    expect(whole.status).toBe(201);
    key.month = filed.body.objectionId;
    key.whole = whole.body.objectionId;
    expect(await ledgerCount(t.platform.db)).toBe(events + 2);

    // The mark is on the report at once, before any answer.
    const report = await reportOf(BORROWER, '2026-11-20');
    expect(report.disputes).toEqual([
      expect.objectContaining({ furnisher: 'bank-xihu', account: 'L-1', month: '2026-10', objection: key.month, dueOn: '2026-12-10', state: 'open' }),
      expect.objectContaining({ furnisher: 'bank-xihu', account: 'L-1', month: null, objection: key.whole, state: 'open' }),
    ]);
    // As of the day before it was filed, no mark.
    expect((await reportOf(BORROWER, '2026-11-19')).disputes).toEqual([]);

    // The same item again while unanswered: refused, nothing recorded.
    const again = await call('POST', '/v1/me/credit-objections', 'a', { furnisher: 'bank-xihu', account: 'L-1', month: '2026-10', reason: '再次' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/step-refused', refusal: { code: 'already-open', objectionId: key.month } });
    // Another person's account, or a month nothing was furnished for, is no item of theirs.
    expect((await call('POST', '/v1/me/credit-objections', 'b', { furnisher: 'bank-xihu', account: 'L-1', reason: '不是我的' })).body.type).toBe(
      '/problems/credit-account-not-found',
    );
    expect((await call('POST', '/v1/me/credit-objections', 'a', { furnisher: 'bank-xihu', account: 'L-1', month: '2026-09', reason: '九月' })).status).toBe(
      404,
    );
    expect(await ledgerCount(t.platform.db)).toBe(events + 2);

    // The furnisher's queue holds them, the borrower masked; another furnisher's holds none.
    const queue = await call('GET', '/v1/furnishing/objections', 'bank');
    expect(queue.body.objections.map((o: { objectionId: string }) => o.objectionId).sort()).toEqual([key.month, key.whole].sort());
    expect(queue.body.objections[0].borrower).toMatch(/^1101\*+002X$/);
    expect((await call('GET', '/v1/furnishing/objections', 'other')).body).toEqual({ objections: [] });
    expect((await call('GET', '/v1/furnishing/objections', 'samr')).body.type).toBe('/problems/not-a-furnisher');
    expect((await call('GET', '/v1/furnishing/objections', null)).status).toBe(401);
    // Person B sees none of A's; another furnisher cannot answer them (as if they did not exist).
    expect((await call('GET', '/v1/me/credit-objections', 'b')).body).toEqual({ objections: [] });
    const foreign = await call('POST', `/v1/furnishing/objections/${key.month}/answer`, 'other', { outcome: 'rejected', explanation: '不是我们的' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.type).toBe('/problems/credit-objection-not-found');
    // Subjects and the public do not answer.
    expect((await call('POST', `/v1/furnishing/objections/${key.month}/answer`, 'a', { outcome: 'rejected', explanation: 'x' })).status).toBe(403);
  });

  it('takes an answer on the 20th day as on time; on the 21st the scheduler escalates the unanswered one and a late answer is marked late', async () => {
    // The 20th day after receipt (local date 10 December): nothing escalates.
    await at('2026-12-10T15:59:59Z');
    expect((await t.platform.tick()).creditObjectionsEscalated).toBe(0);
    // A correction cites a batch of the furnisher's own, never another's.
    const cited = await call('POST', `/v1/furnishing/objections/${key.month}/answer`, 'bank', {
      outcome: 'upheld-corrected',
      explanation: '已更正',
      correctionBatch: otherBatch,
    });
    expect(cited.status).toBe(422);
    const onTime = await call('POST', `/v1/furnishing/objections/${key.month}/answer`, 'bank', { outcome: 'rejected', explanation: '经核实，十月逾期属实' });
    expect(onTime.status).toBe(200);
    expect(onTime.body).toMatchObject({ state: 'answered', answeredOn: '2026-12-10', outcome: 'rejected', late: false });
    expect((await call('POST', `/v1/furnishing/objections/${key.month}/answer`, 'bank', { outcome: 'rejected', explanation: '再答' })).status).toBe(409);

    // The 21st day (local 11 December, from 16:00 UTC on the 10th): the unanswered one escalates, dated that day.
    await at('2026-12-10T16:00:00Z');
    expect((await t.platform.tick()).creditObjectionsEscalated).toBe(1);
    expect((await t.platform.tick()).creditObjectionsEscalated).toBe(0);
    const mine = (await call('GET', '/v1/me/credit-objections', 'a')).body.objections as Array<Record<string, unknown>>;
    expect(mine.find((o) => o.objectionId === key.whole)).toMatchObject({ state: 'escalated', escalatedOn: '2026-12-11', late: true });
    expect(mine.find((o) => o.objectionId === key.month)).toMatchObject({ state: 'answered', late: false });
    const oversight = await call('GET', '/v1/credit-objections', 'admin');
    expect(oversight.body.objections.map((o: { objectionId: string }) => o.objectionId)).toEqual([key.whole]);
    expect((await call('GET', '/v1/credit-objections', 'a')).status).toBe(403);
    expect((await call('GET', '/v1/credit-objections', 'bank')).status).toBe(403);
    // The answered month has no mark any more; the escalated account keeps its mark.
    expect((await reportOf(BORROWER, '2026-12-11')).disputes).toEqual([expect.objectContaining({ objection: key.whole, state: 'escalated' })]);

    const late = await call('POST', `/v1/furnishing/objections/${key.whole}/answer`, 'bank', { outcome: 'upheld-corrected', explanation: '本金已更正' });
    expect(late.body).toMatchObject({ state: 'answered', answeredOn: '2026-12-11', escalatedOn: '2026-12-11', late: true });
    expect((await reportOf(BORROWER, '2026-12-11')).disputes).toEqual([]);

    // Every step is an event on the subject's own log.
    const steps = await ledgerEvents(t.platform.db, (e) => e.type.startsWith('credit-objection.'));
    expect(steps.map((e) => [e.type, e.subject])).toEqual(
      expect.arrayContaining([
        ['credit-objection.filed', keyOf(BORROWER)],
        ['credit-objection.answered', keyOf(BORROWER)],
        ['credit-objection.escalated', keyOf(BORROWER)],
      ]),
    );
    expect(steps).toHaveLength(5);
    expect(steps.find((e) => e.type === 'credit-objection.escalated')?.actor.type).toBe('system');
  });

  it('adds a personal statement of 500 characters, counting code points, and refuses 501 without changing anything', async () => {
    const cjk500 = '本'.repeat(500);
    const ok = await call('PUT', '/v1/me/credit-statement', 'a', { text: cjk500 });
    expect(ok.status).toBe(200);
    expect(ok.body.statement).toMatchObject({ text: cjk500, version: 1, addedOn: '2026-12-11' });
    const events = await ledgerCount(t.platform.db);
    const tooLong = await call('PUT', '/v1/me/credit-statement', 'a', { text: '本'.repeat(501) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({ type: '/problems/validation-failed', errors: [{ field: 'text', message: expect.stringContaining('500') }] });
    expect(await ledgerCount(t.platform.db)).toBe(events);
    expect((await reportOf(BORROWER, '2026-12-11')).statement).toEqual({ text: cjk500, addedOn: '2026-12-11' });
    // 500 characters outside the Basic Multilingual Plane are 1,000 UTF-16 units and still 500 characters.
    const astral = '𠀀'.repeat(500);
    const replaced = await call('PUT', '/v1/me/credit-statement', 'a', { text: astral });
    expect(replaced.body.statement).toMatchObject({ version: 2 });
    expect((await reportOf(BORROWER, '2026-12-11')).statement?.text).toBe(astral);
    expect((await call('PUT', '/v1/me/credit-statement', 'a', { text: `${astral}x` })).status).toBe(422);
    expect((await call('PUT', '/v1/me/credit-statement', 'bank', { text: '声明' })).status).toBe(403);
    expect((await call('PUT', '/v1/me/credit-statement', null, { text: '声明' })).status).toBe(401);
  });

  it('serves the own report free twice in a calendar year, the third only with the stated fee accepted, and free again from 1 January', async () => {
    await at('2026-12-31T15:00:00Z');
    const first = await call('GET', '/v1/me/credit-report', 'b');
    expect(first.status).toBe(200);
    expect(first.body.count).toEqual({ period: 2026, served: 1, freePerYear: 2, freeUsed: 1, freeRemaining: 1, feeCharged: 0, nextFee: 0, currency: 'CNY' });
    expect(first.body.report.accounts.flatMap((g: { accounts: Array<{ account: string }> }) => g.accounts.map((a) => a.account))).toEqual(['C-1']);
    expect(first.body.report.accounts[0].accounts[0].grid).toHaveLength(24);
    expect(first.body.report.identity).toMatchObject({ kind: 'person', masked: expect.stringMatching(/^4405\*+0014$/) });
    // The own query is itself an inquiry record the report shows.
    expect(first.body.report.inquiries).toEqual([expect.objectContaining({ date: '2026-12-31', purpose: 'own-query' })]);
    // Signed like every report: anyone holding the code verifies it; only the subject reads it.
    const { signed } = first.body;
    const verified = await call('GET', signed.verifyPath, null);
    expect(verified.body).toMatchObject({
      valid: true,
      code: signed.code,
      scope: 'full',
      subject: { kind: 'person', code: expect.stringMatching(/^4405\*+0014$/) },
      proofs: null,
    });
    const mine = await fetch(server.url + signed.htmlPath, { headers: { authorization: `Bearer ${token.b}` } });
    expect(mine.status).toBe(200);
    const page = await mine.text();
    expect(page).toContain('个人信用报告');
    expect(page).toContain(signed.code);
    expect(page).not.toContain(BORROWER_2);
    expect((await fetch(server.url + signed.htmlPath, { headers: { authorization: `Bearer ${token.a}` } })).status).toBe(403);
    expect((await fetch(server.url + signed.htmlPath)).status).toBe(401);
    const pdf = await fetch(server.url + signed.pdfPath, { headers: { authorization: `Bearer ${token.b}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const second = await call('GET', '/v1/me/credit-report', 'b');
    expect(second.body.count).toMatchObject({ served: 2, freeRemaining: 0, feeCharged: 0, nextFee: 10 });

    const events = await ledgerCount(t.platform.db);
    const third = await call('GET', '/v1/me/credit-report', 'b');
    expect(third.status).toBe(402);
    expect(third.body).toMatchObject({
      type: '/problems/fee-not-accepted',
      fee: { amount: 10, currency: 'CNY' },
      count: { served: 2, freeRemaining: 0, nextFee: 10 },
    });
    expect((await call('GET', '/v1/me/credit-report?acceptFee=false', 'b')).status).toBe(402);
    expect(await ledgerCount(t.platform.db)).toBe(events);
    const paid = await call('GET', '/v1/me/credit-report?acceptFee=true', 'b');
    expect(paid.status).toBe(200);
    expect(paid.body.count).toMatchObject({ served: 3, freeUsed: 2, freeRemaining: 0, feeCharged: 10, nextFee: 10 });
    expect(paid.body.report.inquiries.filter((i: { purpose: string }) => i.purpose === 'own-query')).toHaveLength(3);

    // 16:00 UTC on 31 December is midnight in China: a new calendar year, two free reports again.
    await at('2026-12-31T16:00:00Z');
    const newYear = await call('GET', '/v1/me/credit-report', 'b');
    expect(newYear.status).toBe(200);
    expect(newYear.body.count).toMatchObject({ period: 2027, served: 1, freeRemaining: 1, feeCharged: 0 });
    const own = await ledgerEvents(t.platform.db, (e) => e.type === 'credit-report.own-query');
    expect(own.map((e) => [e.subject, e.data.period, e.data.ordinal, e.data.feeYuan])).toEqual([
      [keyOf(BORROWER_2), 2026, 1, 0],
      [keyOf(BORROWER_2), 2026, 2, 0],
      [keyOf(BORROWER_2), 2026, 3, 10],
      [keyOf(BORROWER_2), 2027, 1, 0],
    ]);
    // Only the subject's own account has its own report.
    expect((await call('GET', '/v1/me/credit-report', 'bank')).status).toBe(403);
    expect((await call('GET', '/v1/me/credit-report', 'admin')).status).toBe(403);
    expect((await call('GET', '/v1/me/credit-report', null)).status).toBe(401);
  });

  it("shows a borrower's own page with the count, obtains the report through its form and shows it with its grid, objections and statement", async () => {
    const session = await t.platform.accounts.login('person-a', 'password of a');
    const cookie = `xy_session=${encodeURIComponent(session.token)}`;
    const page = async (lang: 'zh' | 'en') => {
      const res = await fetch(`${server.url}/me?lang=${lang}`, { headers: { cookie }, redirect: 'manual' });
      expect(res.status).toBe(200);
      return res.text();
    };
    const before = await page('zh');
    expect(before).toContain('我的征信');
    expect(before).toContain('2027 年已获取本人信用报告 0 次');
    expect(before).toContain('尚未获取过本人信用报告');
    const form = (path: string, fields: Record<string, string>) =>
      fetch(server.url + path, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, _csrf: session.csrfToken }).toString(),
        redirect: 'manual',
      });
    const obtained = await form('/me/credit-report', {});
    expect(obtained.status).toBe(303);
    expect(obtained.headers.get('location')).toBe('/me?ok=credit-report');
    // Without the session's CSRF token the form changes nothing.
    const forged = await fetch(`${server.url}/me/credit-report`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    const zh = await page('zh');
    expect(zh).toContain('2027 年已获取本人信用报告 1 次');
    expect(zh).toContain('信息概要');
    expect(zh).toMatch(/1101\*+002X/);
    expect(zh).not.toContain(BORROWER);
    // Two accounts, each with its 24-month grid ending in the report's month.
    expect(zh.match(/<td data-month="/g)).toHaveLength(48);
    expect(zh).toContain('data-month="2026-10">N</td>');
    expect(zh).toContain('异议成立，已更正（2026-12-11）');
    expect(zh).toContain('异议不成立（2026-12-10）');
    expect(zh).toContain('𠀀'.repeat(500));
    expect(zh).toContain('本人查询');
    const en = await page('en');
    expect(en).toContain('Repayment record (monthly)');
    expect(en).toContain('Inquiry records');
    // A refused objection comes back to the page with its reason.
    const refused = await form('/me/credit-objections', { furnisher: 'bank-xihu', account: 'C-1', reason: '不是我的' });
    expect(decodeURIComponent(refused.headers.get('location') ?? '')).toContain('there is no account C-1');
  });

  it("shows the person's own queries among the inquiry records of the report a lender obtains", async () => {
    const authorised = await call('POST', '/v1/credit-consents', 'other', {
      reference: 'IC-OWN',
      subject: BORROWER_2,
      purposes: ['loan-approval'],
      signedOn: '2026-12-31',
      expiresOn: '2027-12-31',
    });
    expect(authorised.status).toBe(201);
    const inquired = await call('POST', '/v1/credit-inquiries', 'other', { subject: BORROWER_2, purpose: 'loan-approval', consent: 'IC-OWN' });
    expect(inquired.status).toBe(201);
    const records = inquired.body.report.inquiries as Array<{ date: string; purpose: string; institution: { code: string } }>;
    // Three own reports in 2026 and one on 1 January 2027 (local time), then this inquiry.
    expect(records.filter((r) => r.purpose === 'own-query').map((r) => [r.date, r.institution.code])).toEqual([
      ['2027-01-01', 'self'],
      ['2026-12-31', 'self'],
      ['2026-12-31', 'self'],
      ['2026-12-31', 'self'],
    ]);
    expect(records.filter((r) => r.purpose === 'loan-approval')).toEqual([expect.objectContaining({ institution: expect.objectContaining({ code: 'bank-other' }) })]);
  });
});
