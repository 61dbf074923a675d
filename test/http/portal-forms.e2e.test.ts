// The portal's forms validate their bodies at the edge, and a browser never gets JSON back: a
// form of the subject's own page that breaks a rule goes back to /me naming the field (nothing
// filed), a login or logout body that fails its schema gets a page; the CSRF check still comes
// first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, penalty, registration } from '../support/records.ts';
import { callJson } from '../support/http.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';

describe('the portal forms', () => {
  let t: TestPlatform;
  let server: RunningServer;
  let recordId: string;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    t = await openTestPlatform('pglite', '2026-11-20T02:00:00Z');
    const samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    const filed = await callJson(server.url, 'POST', '/v1/records', samr, [registration(ORG_A), penalty(1, { date: '2026-11-16' })]);
    recordId = filed.body.records[1].recordId;
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'hz-example', role: 'subject', subjectKey: ORG_A, password: 'correct horse battery' }));
    // Log in through the form, as a browser does.
    const form = await fetch(`${server.url}/login`);
    const pre = /xy_csrf=([^;]+)/.exec(form.headers.getSetCookie().join('\n'))![1]!;
    const login = await post('/login', `xy_csrf=${pre}`, { _csrf: decodeURIComponent(pre), username: 'hz-example', password: 'correct horse battery' });
    expect(login.status).toBe(303);
    const session = /xy_session=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))![1]!;
    cookie = `xy_session=${session}`;
    csrf = (await t.platform.accounts.authenticate(decodeURIComponent(session))).csrfToken;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  function post(path: string, cookies: string | null, body?: Record<string, string> | string, type = 'application/x-www-form-urlencoded') {
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...(cookies ? { cookie: cookies } : {}), ...(body !== undefined ? { 'content-type': type } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : new URLSearchParams(body).toString() } : {}),
    });
  }

  const errorOf = (res: Response) => decodeURIComponent(res.headers.get('location') ?? '');
  const objections = async () => (await t.platform.db.query('SELECT 1 FROM objection')).length;

  it('sends a form that breaks a rule back to /me with the field and why, and files nothing', async () => {
    const blank = await post('/me/objections', cookie, { _csrf: csrf, targetType: 'record', targetId: recordId, reasons: '   ' });
    expect(blank.status).toBe(303);
    expect(errorOf(blank)).toBe('/me?error=reasons: must not be blank');
    const type = await post('/me/objections', cookie, { _csrf: csrf, targetType: 'subject', targetId: recordId, reasons: '事实不符' });
    expect(errorOf(type)).toBe('/me?error=targetType: is not one of the values allowed');
    const missing = await post('/me/repairs', cookie, { _csrf: csrf, evidence: '凭证' });
    expect(errorOf(missing)).toMatch(/^\/me\?error=target(Type|Id): is required$/);
    expect(await objections()).toBe(0);
    // The same form, valid, is filed.
    const filed = await post('/me/objections', cookie, { _csrf: csrf, targetType: 'record', targetId: recordId, reasons: '事实不符' });
    expect(filed.headers.get('location')).toBe('/me?ok=objection');
    expect(await objections()).toBe(1);
  });

  it("holds a form's request to the API's own schema: an evidence line longer than the API allows is refused, nothing filed", async () => {
    const before = await objections();
    const long = await post('/me/objections', cookie, { _csrf: csrf, targetType: 'record', targetId: recordId, reasons: '事实不符', evidence: 'x'.repeat(2001) });
    expect(long.status).toBe(303);
    expect(errorOf(long)).toMatch(/^\/me\?error=the objection is not valid: evidence\.0: .*2000/);
    expect(await objections()).toBe(before);
  });

  it('checks the CSRF token before the body', async () => {
    const forged = await post('/me/objections', cookie, { targetType: 'nope' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await forged.text()).toContain('（CSRF 校验未通过）');
  });

  it('answers a login or logout body that fails its schema with a page, not JSON', async () => {
    const login = await post('/login', null, JSON.stringify({ username: 'hz-example', password: { not: 'a string' } }), 'application/json');
    expect(login.status).toBe(422);
    expect(login.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await login.text()).toContain('password: must be string');
    expect(login.headers.getSetCookie().some((c) => c.startsWith('xy_session='))).toBe(false);
    const logout = await post('/logout', cookie);
    expect(logout.status).toBe(422);
    expect(logout.headers.get('content-type')).toMatch(/^text\/html/);
    // The session lives on.
    expect((await fetch(`${server.url}/me`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
  });
});
