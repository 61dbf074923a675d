// Accounts over HTTP: lock-out after repeated failed logins (a problem document that says until
// when, the right password refused meanwhile, unlocked after the period); portal cookies are
// HttpOnly and SameSite, and Secure once the request arrived over TLS through a trusted proxy,
// never on the word of an untrusted header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { ORG_A, registration } from '../support/records.ts';

describe('sessions, lock-out and cookies over HTTP', () => {
  let t: TestPlatform;
  let server: RunningServer;
  let proxied: RunningServer;

  beforeAll(async () => {
    // The account lock alone, at a threshold of five: the client throttle (tested below) is off here.
    t = await openTestPlatform('pglite', '2026-11-20T02:00:00Z', { loginFailuresToLock: 5, loginAttemptsPerClient: 0 });
    const samr = await addAgency(t.platform, 'samr-hangzhou', 'market-regulation');
    await asActor({ type: 'agency', id: 'samr-hangzhou' }, () => t.platform.intake.submit(samr.principal, [{ line: 1, value: registration(ORG_A) }]));
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'hz-example', role: 'subject', subjectKey: ORG_A, password: 'correct horse battery' }));
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    t.platform.config.trustProxy = true; // read when a server is built
    proxied = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    t.platform.config.trustProxy = false;
  });
  afterAll(async () => {
    await proxied?.stop();
    await server?.stop();
    await t?.close();
  });

  const login = (password: string) => callJson(server.url, 'POST', '/v1/session', null, { username: 'hz-example', password });

  it('locks the account after five failed logins, refuses even the right password, and says until when', async () => {
    for (let i = 0; i < 4; i++) expect((await login('wrong')).status).toBe(401);
    const fifth = await login('wrong');
    expect(fifth.body).toMatchObject({ type: '/problems/invalid-credentials', status: 401 });
    const locked = await login('correct horse battery');
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ type: '/problems/account-locked', lockedUntil: '2026-11-20T02:15:00.000Z' });
    t.clock.set('2026-11-20T02:16:00Z');
    const ok = await login('correct horse battery');
    expect(ok.status).toBe(200);
    expect(ok.body.token).toMatch(/^xys\./);
  });

  it('counts failures again from zero after a successful login', async () => {
    for (let i = 0; i < 4; i++) expect((await login('wrong')).status).toBe(401);
    expect((await login('correct horse battery')).status).toBe(200);
    expect((await login('wrong')).status).toBe(401);
    expect((await login('correct horse battery')).status).toBe(200);
  });

  const cookiesOf = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/login`, { headers });
    await res.arrayBuffer();
    return res.headers.getSetCookie();
  };

  it('sets HttpOnly, SameSite cookies, without Secure over plain HTTP', async () => {
    const cookies = await cookiesOf(server.url);
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) {
      expect(c).toMatch(/; HttpOnly/);
      expect(c).toMatch(/; SameSite=Lax/);
      expect(c).not.toMatch(/; Secure/);
    }
  });

  it('marks cookies Secure behind a trusted TLS proxy, and ignores the header from anyone else', async () => {
    const trusted = await cookiesOf(proxied.url, { 'x-forwarded-proto': 'https' });
    const untrusted = await cookiesOf(server.url, { 'x-forwarded-proto': 'https' });
    expect(trusted.length).toBeGreaterThan(0); // else the loops below would assert nothing
    expect(untrusted.length).toBeGreaterThan(0);
    for (const c of trusted) expect(c).toMatch(/; Secure/);
    for (const c of untrusted) expect(c).not.toMatch(/; Secure/);
  });
});

// A per-client throttle before the account lock (OWASP Authentication Cheat Sheet, "Account
// Lockout"): a stranger at one address hammering an account is refused with 429 and Retry-After
// long before the account could lock, the owner at another address logs in, and failures from
// many addresses still lock the account. The client is the address a trusted proxy forwards
// (XINYONG_TRUST_PROXY), so each test request can come "from" anywhere. Small limits (3 failures
// per address, a lock at 7) keep the number of password hashes low; the configuration holds any
// limits to the same rule (test/unit/login-limits.test.ts).
describe.each(ALL_STORES)('login throttle per client address over HTTP on %s', (store) => {
  let t: TestPlatform;
  let proxied: RunningServer;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { trustProxy: true, loginAttemptsPerClient: 3, loginFailuresToLock: 7 });
    const samr = await addAgency(t.platform, 'samr-hangzhou', 'market-regulation');
    await asActor({ type: 'agency', id: 'samr-hangzhou' }, () => t.platform.intake.submit(samr.principal, [{ line: 1, value: registration(ORG_A) }]));
    for (const username of ['owner-1', 'owner-2'])
      await asActor(ADMIN, () => t.platform.accounts.create({ username, role: 'subject', subjectKey: ORG_A, password: 'correct horse battery' }));
    proxied = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
  });
  afterAll(async () => {
    await proxied?.stop();
    await t?.close();
  });

  const loginFrom = async (address: string, username: string, password: string) => {
    const res = await fetch(`${proxied.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username, password }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, any> };
  };

  it('throttles a stranger at one address with 429 and Retry-After before the account locks; the owner at another address still logs in', async () => {
    const { loginAttemptsPerClient, loginFailuresToLock } = t.platform.config;
    expect(loginFailuresToLock).toBeGreaterThan(2 * loginAttemptsPerClient);
    for (let i = 0; i < loginAttemptsPerClient; i++) expect((await loginFrom('203.0.113.9', 'owner-1', 'wrong')).status).toBe(401);
    const refused = await loginFrom('203.0.113.9', 'owner-1', 'wrong');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Even the right password: the address has spent its budget.
    expect((await loginFrom('203.0.113.9', 'owner-1', 'correct horse battery')).status).toBe(429);
    const owner = await loginFrom('198.51.100.7', 'owner-1', 'correct horse battery');
    expect(owner.status).toBe(200);
    expect(owner.body.token).toMatch(/^xys\./);
  });

  it('locks the account against failures spread over many addresses, each within its budget, and says when to try again', async () => {
    const { loginAttemptsPerClient, loginFailuresToLock } = t.platform.config;
    for (let i = 0; i < loginFailuresToLock; i++) {
      const address = `100.64.${Math.floor(i / loginAttemptsPerClient)}.1`;
      expect((await loginFrom(address, 'owner-2', 'wrong')).status).toBe(401);
    }
    const locked = await loginFrom('198.51.100.8', 'owner-2', 'correct horse battery');
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ type: '/problems/account-locked', lockedUntil: '2026-11-20T02:15:00.000Z' });
    expect(locked.retryAfter).toBe('900');
  });

  it('throttles the login form of the portal per address too, with a page that says so and when to try again', async () => {
    const address = '203.0.113.77';
    const form = await fetch(`${proxied.url}/login`, { headers: { 'x-forwarded-for': address } });
    await form.arrayBuffer();
    const pre = decodeURIComponent(/xy_csrf=([^;]+)/.exec(form.headers.getSetCookie().join('\n'))![1]!);
    const post = async (password: string) => {
      const res = await fetch(`${proxied.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `xy_csrf=${encodeURIComponent(pre)}; xy_lang=en`, 'x-forwarded-for': address },
        body: new URLSearchParams({ _csrf: pre, username: 'owner-1', password }).toString(),
      });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
    };
    for (let i = 0; i < t.platform.config.loginAttemptsPerClient; i++) expect((await post('wrong')).status).toBe(401);
    const refused = await post('correct horse battery');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.text).toContain('Too many failed logins from this address');
    expect((await loginFrom('198.51.100.9', 'owner-1', 'correct horse battery')).status).toBe(200);
  });
});
