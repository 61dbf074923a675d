// Bad input gets a clear problem (4xx) and changes nothing; it never makes the platform fail
// (500). Each class of request that once did, on both stores: a cookie that does not decode, a
// `null` line in a batch of checks, a date that does not exist, a cursor past what the ledger can
// count, a control character in a parameter, a path that climbs out of the documentation's
// folder, a URL that does not decode. And the query parameters work as documented: a list
// parameter given once is a list of one.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { ledgerCount } from '../support/ledger-rows.ts';

describe.each(ALL_STORES)('hostile inputs on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  let session: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    const r = await fetch(`${server.url}/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' },
      body: JSON.stringify([registration(ORG_A), registration(ORG_B, '深圳示例有限公司'), penalty(1, { severity: 'serious', date: '2026-11-02' })]),
    });
    expect(r.status).toBe(201);
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' }));
    session = (await t.platform.accounts.login('org-a', 'a long password')).token;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  /** A request sent as written: the path is not normalised (fetch would resolve `..`). */
  function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
    const u = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = http.request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  const ledger = () => ledgerCount(t.platform.db);
  const problem = (body: string) => JSON.parse(body) as { type: string; status: number; detail: string; errors?: Array<{ field: string }> };

  it('reads a cookie that does not decode as absent: every portal page answers, and the session still counts', async () => {
    const pages = ['/', '/search?q=杭州', `/subjects/${ORG_A}`, '/lists', '/lists/samr-serious-illegal', '/catalogue', '/measures', '/statistics', '/login', '/reports/verify', '/reports/new'];
    for (const path of pages) {
      for (const cookie of ['a=%', 'xy_lang=%E0%A4%A; a=%zz', `a=%; xy_session=${encodeURIComponent(session)}`]) {
        const r = await raw(encodeURI(path), { cookie, accept: 'text/html' });
        expect(r.status, `${path} with ${cookie}`).toBe(200);
      }
    }
    const me = await raw('/me', { cookie: `a=%; xy_session=${encodeURIComponent(session)}` });
    expect(me.status).toBe(200);
    expect(me.body).toContain('杭州示例科技有限公司');
    // A session cookie that itself does not decode is no session: the login page, not a failure.
    expect((await raw('/me', { cookie: 'xy_session=%' })).status).toBe(303);
  });

  it('answers each line of a batch of checks on its own: a null line is refused alone, the others are answered', async () => {
    const good = JSON.stringify({ subject: ORG_A, scenario: 'procurement-bid' });
    const res = await fetch(`${server.url}/v1/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/x-ndjson' },
      body: ['null', good, '[]', ' null ', '1', '"x"', 'true', good, 'null\r'].join('\n') + '\n',
    });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; result?: { checkId: string }; error?: { type: string } });
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lines.filter((l) => l.result).map((l) => l.line)).toEqual([2, 8]);
    for (const l of lines.filter((x) => !x.result)) expect(l.error?.type, `line ${l.line}`).toBe('/problems/validation-failed');
    // A single check whose JSON body is null is a problem too.
    const one = await fetch(`${server.url}/v1/checks`, { method: 'POST', headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' }, body: 'null' });
    expect([400, 422]).toContain(one.status);
  });

  it('refuses a day that does not exist, never reading it as another (2026-02-30 is not 2 March), on profiles, evaluations and reports', async () => {
    const before = await ledger();
    const bad = ['2026-13-01', '0000-00-00', '2026-02-30', '2026-02-29', '2026-04-31', '9999-99-99', '2026-02-30T00:00:00Z', '2026-02-28T24:00:00Z', '2026-02-28T12:60:00Z', '2026-02-28T12:00:00'];
    for (const asOf of bad) {
      for (const path of [`/v1/subjects/${ORG_A}?asOf=${encodeURIComponent(asOf)}`, `/v1/evaluations/${ORG_A}?asOf=${encodeURIComponent(asOf)}`]) {
        const r = await raw(path);
        expect(r.status, path).toBe(422);
        expect(problem(r.body).type).toBe('/problems/validation-failed');
        expect(problem(r.body).errors?.[0]?.field).toBe('asOf');
      }
      const report = await fetch(`${server.url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: ORG_A, asOf }) });
      expect(report.status, `report as of ${asOf}`).toBe(422);
      // A credit check at such a day is refused too: it is no day, not the first of March.
      const check = await fetch(`${server.url}/v1/checks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subject: ORG_A, scenario: 'procurement-bid', at: asOf }),
      });
      expect(check.status, `check at ${asOf}`).toBe(422);
      expect(((await check.json()) as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('at');
      // The page ignores what it cannot read and shows today.
      expect((await raw(`/subjects/${ORG_A}?asOf=${encodeURIComponent(asOf)}`, { accept: 'text/html' })).status).toBe(200);
    }
    expect(await ledger()).toBe(before);
    // Real days and instants are read as written: the last day of February is that day, not a day
    // of March (the subject was filed in November, so the platform held nothing then).
    for (const asOf of ['2026-02-28', '2024-02-29', '2026-11-20T23:59:59+08:00', '2026-11-20T01:59:59.999Z']) {
      for (const path of [`/v1/subjects/${ORG_A}?asOf=${encodeURIComponent(asOf)}`, `/v1/evaluations/${ORG_A}?asOf=${encodeURIComponent(asOf)}`]) {
        const r = await raw(path);
        expect([200, 404], `${path}: ${r.body}`).toContain(r.status);
      }
    }
    const february = problem((await raw(`/v1/subjects/${ORG_A}?asOf=2026-02-28`)).body);
    expect(february.type).toBe('/problems/subject-not-found');
    expect(february.detail).toContain('on 2026-02-28T15:59:59.999Z');
    const today = JSON.parse((await raw(`/v1/subjects/${ORG_A}?asOf=2026-11-20`)).body) as { date: string };
    expect(today.date).toBe('2026-11-20');
  });

  it('refuses a change-feed cursor that is not one the feed gave: a number (2^53 and above too) with 422, a forged position with 400', async () => {
    for (const after of ['9223372036854775807', '9223372036854775808', String(2 ** 53), '1e400', 'Infinity', '99999999999999999999999']) {
      const r = await raw(`/v1/lists/samr-serious-illegal/changes?after=${after}`);
      expect(r.status, after).toBe(422);
      expect(problem(r.body).errors?.[0]?.field).toBe('querystring.after');
    }
    for (const path of ['/v1/lists/samr-serious-illegal/changes?limit=1e400', '/v1/lists/samr-serious-illegal/entries?limit=-Infinity', '/v1/subjects?q=x&limit=1e999']) {
      const r = await raw(path);
      expect(r.status, path).toBe(422);
      expect(problem(r.body).errors?.[0]?.field).toBe('querystring.limit');
    }
    // A position whose count reaches 2^53, or names more logs than the ledger has.
    for (const after of [`p${Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x10]).toString('base64url')}`, `p${Buffer.alloc(100).toString('base64url')}`]) {
      const r = await raw(`/v1/lists/samr-serious-illegal/changes?after=${after}`);
      expect(r.status, after).toBe(400);
      expect(problem(r.body).type).toBe('/problems/invalid-cursor');
    }
    expect((await raw(`/v1/lists/samr-serious-illegal/changes?after=p${Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]).toString('base64url')}`)).status).toBe(200);
  });

  it('refuses a control character in any path or query parameter (a NUL in a cursor), API and portal alike', async () => {
    for (const c of ['%00', '%0A', '%1F', '%7F', 'abc%00def']) {
      for (const path of [
        `/v1/lists/samr-serious-illegal/entries?after=${c}`,
        `/lists/samr-serious-illegal?after=${c}`,
        `/v1/list-entries/${c}`,
        `/v1/subjects?q=${c}`,
        `/search?q=${c}`,
        `/v1/subjects/${c}`,
        `/subjects/${c}`,
        `/reports/verify?code=${c}`,
      ]) {
        const r = await raw(path, { accept: 'text/html' });
        expect(r.status, path).toBe(422);
        expect(problem(r.body)).toMatchObject({ type: '/problems/validation-failed' });
      }
    }
  });

  it('answers 404 for a path that climbs out of the documentation’s folder, and 400 for a URL that does not decode', async () => {
    for (const path of [
      '/docs/static/../../package.json',
      '/docs/static/%2e%2e/%2e%2e/package.json',
      '/docs/static/..%5c..%5cpackage.json',
      '/docs/static/..',
      '/docs/static/..%2f..%2fpackage.json',
      '/docs/static/....//....//etc/passwd',
    ]) {
      const r = await raw(path);
      expect(r.status, path).toBe(404);
      expect(r.type, path).toMatch(/^application\/problem\+json/);
      expect(r.body).not.toContain('"name": "xinyong"');
    }
    const bad = await raw('/subjects/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(problem(bad.body).type).toBe('/problems/malformed-request');
  });

  it('refuses a control character in a portal form field (a NUL no browser sends) on the page, and files nothing', async () => {
    const before = await ledger();
    const csrf = (await t.platform.accounts.authenticate(session)).csrfToken;
    const recordId = (await t.platform.db.query<{ record_id: string }>("SELECT record_id FROM credit_record_view WHERE item LIKE 'administrative-penalty%'"))[0]!.record_id;
    const post = (path: string, cookie: string, body: Record<string, string>) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    const own = `xy_session=${encodeURIComponent(session)}`;
    for (const [path, body] of [
      ['/me/objections', { targetType: 'record', targetId: `${recordId}\u0000`, reasons: '事实不符' }],
      ['/me/objections', { targetType: 'record', targetId: recordId, reasons: '事实\u0000不符' }],
      ['/me/statements', { entryId: '\u0000', statement: '申辩' }],
      ['/me/repairs', { targetType: 'record', targetId: recordId, evidence: '凭证\u0000', commitment: '承诺', signatory: '王五' }],
    ] as const) {
      const r = await post(path, own, { _csrf: csrf, ...body });
      expect(r.status, path).toBe(303);
      // Sent back naming the field (a text the API's schema refuses as spoofing says so in its words).
      expect(decodeURIComponent(r.headers.get('location') ?? ''), path).toMatch(/^\/me\?error=\w+: (must not contain control characters|must match format)/);
    }
    for (const [path, body] of [
      ['/login', { username: 'org-a\u0000', password: 'a long password' }],
      ['/reports/new', { subject: `${ORG_A}\u0000` }],
    ] as const) {
      const r = await post(path, 'xy_csrf=pre', { _csrf: 'pre', ...body });
      expect(r.status, path).toBe(422);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await r.text()).toContain('must not contain control characters');
    }
    // Line breaks and tabs in a text area are text.
    const filed = await post('/me/objections', own, { _csrf: csrf, targetType: 'record', targetId: recordId, reasons: '第一，事实不符；\r\n\t第二，证据不足。' });
    expect(filed.headers.get('location')).toBe('/me?ok=objection');
    expect(await ledger()).toBe(before + 1);
  });

  it('answers no problem type for a name of the catalogue object’s own machinery (/problems/__proto__)', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const r = await raw(`/problems/${name}`);
      expect(r.status, name).toBe(404);
      expect(problem(r.body).type).toBe('/problems/not-found');
    }
    expect((await raw('/problems/not-found')).status).toBe(200);
  });

  it('answers a request Node’s parser refuses with a problem document, not a bare 400', async () => {
    const u = new URL(server.url);
    const send = (request: Buffer) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(u.port), u.hostname, () => socket.end(request));
        let answer = '';
        socket.setEncoding('utf8');
        socket.on('data', (c: string) => (answer += c));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    for (const request of [
      Buffer.concat([Buffer.from('GET /v1/subjects?q='), Buffer.from('杭'.repeat(4), 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]),
      Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      Buffer.from('NOT HTTP AT ALL\r\n\r\n'),
    ]) {
      const answer = await send(request);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(problem(answer.slice(answer.indexOf('\r\n\r\n') + 4)).type).toBe('/problems/malformed-request');
    }
    // A HEAD request's answer has headers only.
    const head = await send(Buffer.concat([Buffer.from('HEAD /reports/new?lang='), Buffer.from('２０２６', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.endsWith('\r\n\r\n')).toBe(true);
  });

  it('takes a list parameter once or repeated, as documented: GET /v1/subjects?kind=enterprise', async () => {
    const once = await raw(`/v1/subjects?q=${encodeURIComponent('杭州')}&kind=enterprise`);
    expect(once.status, once.body).toBe(200);
    const results = (JSON.parse(once.body) as { results: Array<{ kind: string; code: string }> }).results;
    expect(results.map((r) => r.code)).toContain(ORG_A);
    expect(results.every((r) => r.kind === 'enterprise')).toBe(true);
    const none = await raw(`/v1/subjects?q=${encodeURIComponent('杭州')}&kind=natural-person`);
    expect((JSON.parse(none.body) as { results: unknown[] }).results).toEqual([]);
    expect((await raw(`/v1/subjects?q=${encodeURIComponent('杭州')}&kind=enterprise&kind=individual-business`)).status).toBe(200);
    const wrong = await raw(`/v1/subjects?q=${encodeURIComponent('杭州')}&kind=planet`);
    expect(wrong.status).toBe(422);
    expect(problem(wrong.body).errors?.[0]?.field).toMatch(/^querystring\.kind/);
  });
});
