// The law (DOMAIN.md §2, natural persons narrowly): a person's identity number is shown only
// masked (1101**********002X). So nothing the platform sends may hold an unmasked number,
// whatever the request held: every route that takes a code or an identifier, every query
// parameter, every page, given a valid resident identity number, answers without it in any body
// or header (as written, in lower case, or percent-encoded).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, PERSON, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';

/** The legal representative's number in registration(): stored, and asked about too. */
const REPRESENTATIVE = '440524188001010014';
const NUMBERS = [PERSON, REPRESENTATIVE];
/** A number with a wrong check character (a typo): asked about too, for what it may set off. */
const TYPO = `${PERSON.slice(0, 17)}1`;

/** A court's decision naming a natural person: the person becomes a subject with a public profile. */
function defaulter() {
  return {
    item: 'judgment-defaulter',
    subject: { idNumber: PERSON, name: '李四' },
    decision: { number: '(2026)浙0106执9号', date: '2026-11-02', authority: '杭州市西湖区人民法院', basis: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条' },
    fields: {
      caseNumber: '(2026)浙0106执9号',
      executionBasis: '(2025)浙0106民初88号',
      basisIssuer: '杭州市西湖区人民法院',
      obligation: '支付货款人民币十万元',
      performance: 'not-performed',
      circumstances: ['able-but-refuses'],
      until: '2028-11-01',
    },
  };
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
}

describe.each(ALL_STORES)('no identity number echoed on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  const keys: Record<string, string> = {};
  let subjectCookie = '';
  let personCookie = '';
  const leaks: string[] = [];

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    const p = t.platform;
    const samr = await addAgency(p, 'samr-hangzhou', 'market-regulation');
    const court = await addAgency(p, 'court-xihu', 'court');
    keys.agency = samr.apiKey;
    keys.court = court.apiKey;
    server = await startServer(p, { host: '127.0.0.1', port: 0, scheduler: false });
    const filed = async (key: string, body: unknown) => {
      const r = await fetch(`${server.url}/v1/records`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status, await r.clone().text()).toBe(201);
    };
    await filed(samr.apiKey, [registration(ORG_A), penalty(1, { date: '2026-11-16' })]);
    await filed(court.apiKey, defaulter());
    await p.evaluations.evaluateAll();
    await asActor(ADMIN, async () => {
      await p.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' });
      await p.accounts.create({ username: 'li-si', role: 'subject', subjectKey: p.subjects.keyOf(PERSON), password: 'a long password' });
      await p.accounts.create({ username: 'admin', role: 'administrator', password: 'a long password' });
      await p.accounts.create({ username: 'auditor', role: 'auditor', password: 'a long password' });
    });
    for (const who of ['org-a', 'li-si', 'admin', 'auditor']) keys[who] = (await p.accounts.login(who, 'a long password')).token;
    subjectCookie = `xy_session=${encodeURIComponent(keys['org-a']!)}`;
    personCookie = `xy_session=${encodeURIComponent(keys['li-si']!)}`;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });
  beforeEach(() => {
    leaks.length = 0;
  });

  /** Sends a request and records every place an unmasked number shows in the answer. */
  async function send(label: string, path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text(): string; json(): any }> {
    const res = await fetch(server.url + path, { redirect: 'manual', ...init });
    const body = await res.text();
    const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
    for (const n of NUMBERS) {
      for (const form of [n, n.toLowerCase()]) {
        if (body.includes(form)) leaks.push(`${label} ${init.method ?? 'GET'} ${path} → ${res.status}: body holds ${form}`);
        if (headers.includes(form)) leaks.push(`${label} ${init.method ?? 'GET'} ${path} → ${res.status}: a header holds ${form}`);
      }
    }
    return { status: res.status, headers: res.headers, text: () => body, json: () => JSON.parse(body) };
  }

  const bearer = (who: string | null): Record<string, string> => (who ? { authorization: `Bearer ${keys[who]}` } : {});

  it('answers a person’s own routes with the number masked, and their pages work', async () => {
    const profile = await send('api', `/v1/subjects/${PERSON}`);
    expect(profile.status).toBe(200);
    expect(profile.json().subject.code).toBe('1101**********002X');
    const evaluations = await send('api', `/v1/evaluations/${PERSON}`);
    expect(evaluations.status).toBe(200);
    expect(evaluations.json().subject).toBe('1101**********002X');
    const page = await send('page', `/subjects/${PERSON}`);
    expect(page.status).toBe(200);
    const html = page.text();
    // The language switch leads back to the page without naming it.
    expect(html).toContain('href="?lang=en"');
    expect(html).toContain('1101**********002X');
    expect(leaks).toEqual([]);
  });

  it('never repeats a number given to any operation of the API, in its path or its query, whoever asks', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApi;
    let tried = 0;
    for (const [route, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const query = (op.parameters ?? []).filter((q) => q.in === 'query').map((q) => q.name);
        for (const n of [PERSON, PERSON.toLowerCase(), REPRESENTATIVE, TYPO]) {
          const path = route.replace(/\{[^}]+\}/g, n) + (query.length ? `?${query.map((q) => `${q}=${n}`).join('&')}` : '');
          for (const who of [null, 'agency', 'li-si', 'admin']) {
            if (method === 'delete' && route === '/v1/session' && who) continue; // it would end the sessions the other tests use
            const body = method === 'get' ? undefined : JSON.stringify({ subject: n, code: n, id: n, target: { type: 'record', id: n }, reasons: n, username: n });
            await send(`as ${who ?? 'public'}`, path, {
              method: method.toUpperCase(),
              headers: { ...bearer(who), ...(body ? { 'content-type': 'application/json' } : {}) },
              ...(body ? { body } : {}),
            });
            tried++;
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(200);
    expect(leaks).toEqual([]);
  });

  it('never repeats a number sent in a body meant for one: a check, a report, a search, an override', async () => {
    await send('check', '/v1/checks', {
      method: 'POST',
      headers: { ...bearer('agency'), 'content-type': 'application/json' },
      body: JSON.stringify({ subject: PERSON, scenario: 'procurement-bid' }),
    });
    await send('checks', '/v1/checks', {
      method: 'POST',
      headers: { ...bearer('agency'), 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ subject: PERSON, scenario: 'procurement-bid' })}\n${JSON.stringify({ subject: TYPO, scenario: 'procurement-bid' })}\nnull\n`,
    });
    const report = await send('report', '/v1/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: PERSON }) });
    expect(report.status).toBe(201);
    const code = report.json().code as string;
    for (const suffix of ['', '/html', '/verify']) await send('report', `/v1/reports/${code}${suffix}`);
    await send('search', `/v1/subjects?q=${PERSON}`);
    await send('search', `/v1/subjects?q=${PERSON}&kind=natural-person`);
    await send('override', `/v1/evaluations/${PERSON}/override`, {
      method: 'POST',
      headers: { ...bearer('admin'), 'content-type': 'application/json' },
      body: JSON.stringify({ scorecard: 'no-such-card', tier: 'A', reason: PERSON }),
    });
    await send('session', '/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: PERSON, password: 'x' }) });
    await send('record', '/v1/records', {
      method: 'POST',
      headers: { ...bearer('court'), 'content-type': 'application/json' },
      body: JSON.stringify({ ...defaulter(), fields: { ...defaulter().fields, obligation: 7 } }),
    });
    expect(leaks).toEqual([]);
  });

  it('never repeats a number in a page: paths, queries, forms, flash messages, the not-found page, a bad URL', async () => {
    const html = { accept: 'text/html' };
    const encoded = [...PERSON].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');
    const pages = [
      `/subjects/${PERSON}`,
      `/subjects/${PERSON.toLowerCase()}`,
      `/subjects/${encoded}`,
      `/subjects/${PERSON}?asOf=2026-11-19`,
      `/subjects/${PERSON}?asOf=${PERSON}`,
      `/subjects/${PERSON}?lang=en`,
      `/subjects/${REPRESENTATIVE}`,
      `/subjects/${TYPO}`,
      `/search?q=${TYPO}`,
      `/search?q=${PERSON}`,
      `/search?q=${encoded}`,
      `/lists/dishonest-judgment-defaulters?date=${PERSON}&after=${PERSON}`,
      `/lists/${PERSON}`,
      `/reports/new?subject=${PERSON}`,
      `/reports/new?subject=${PERSON}&scope=full`,
      `/reports/verify?code=${PERSON}`,
      `/no-such-page/${PERSON}`,
      `/subjects/${PERSON}%E0%A4%A`,
      `/docs/static/${PERSON}`,
      `/problems/${PERSON}`,
      `/login?lang=${PERSON}`,
    ];
    for (const path of pages) for (const cookie of ['', subjectCookie, personCookie]) await send('page', path, { headers: { ...html, ...(cookie ? { cookie } : {}) } });
    for (const path of [`/me?error=${PERSON}&ok=${PERSON}`, '/me', '/me/access-log', '/me/checks']) {
      for (const cookie of [subjectCookie, personCookie]) await send('own page', path, { headers: { ...html, cookie } });
    }
    // Forms: a login with a number for a name, the own page's forms with a number as the target, a report for a person.
    const pre = 'pre-session-token';
    const form = (body: Record<string, string>) => new URLSearchParams(body).toString();
    const posted = { 'content-type': 'application/x-www-form-urlencoded' };
    await send('form', '/login', { method: 'POST', headers: { ...posted, cookie: `xy_csrf=${pre}` }, body: form({ _csrf: pre, username: PERSON, password: 'wrong' }) });
    const csrf = (await t.platform.accounts.authenticate(keys['li-si']!)).csrfToken;
    for (const [path, body] of [
      ['/me/objections', { targetType: 'record', targetId: PERSON, reasons: PERSON }],
      ['/me/repairs', { targetType: 'list-entry', targetId: PERSON, evidence: PERSON, commitment: PERSON, signatory: PERSON }],
      ['/me/statements', { entryId: PERSON, statement: PERSON }],
    ] as const) {
      const r = await send('form', path, { method: 'POST', headers: { ...posted, cookie: personCookie }, body: form({ _csrf: csrf, ...body }) });
      expect(r.status, path).toBe(303);
      // And the page the browser is sent to.
      await send('form', r.headers.get('location')!, { headers: { ...html, cookie: personCookie } });
    }
    const issued = await send('form', '/reports/new', { method: 'POST', headers: { ...posted, cookie: `xy_csrf=${pre}` }, body: form({ _csrf: pre, subject: PERSON }) });
    expect(issued.status).toBe(303);
    await send('form', issued.headers.get('location')!, { headers: html });
    await send('form', '/reports/new', { method: 'POST', headers: { ...posted, cookie: `xy_csrf=${pre}` }, body: form({ _csrf: pre, subject: PERSON, scope: 'full' }) });
    expect(leaks).toEqual([]);
  });
});
