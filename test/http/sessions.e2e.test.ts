// Accounts over HTTP: lock-out after repeated failed logins (a problem document that says until
// when, the right password refused meanwhile, unlocked after the period); portal cookies are
// HttpOnly and SameSite, and Secure once the request arrived over TLS through a trusted proxy,
// never on the word of an untrusted header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { ORG_A, registration } from '../support/records.ts';

describe('sessions, lock-out and cookies over HTTP', () => {
  let t: TestPlatform;
  let server: RunningServer;
  let proxied: RunningServer;

  beforeAll(async () => {
    t = await openTestPlatform('pglite', '2026-11-20T02:00:00Z');
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
