// The authorisation matrix: every API endpoint and every page, tried as every role (the public,
// a subject, another subject, an agency officer in scope, one out of scope, an administrator, an
// auditor). Exactly the allowed roles succeed; the others get 401, 403 (or 404 where even the
// existence of the thing is not theirs to know, or a redirect to the login page). Every path of
// the OpenAPI document must appear here, so a new endpoint cannot slip past the matrix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';

const ROLES = ['public', 'subject', 'other-subject', 'agency-in-scope', 'agency-out-of-scope', 'administrator', 'auditor'] as const;
type Role = (typeof ROLES)[number];
const ALL: Role[] = [...ROLES];

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route as in the OpenAPI document, and the concrete URL. */
  route: string;
  url: () => string;
  allowed: Role[];
  body?: (role: Role) => unknown;
  /** Pages use the session cookie instead of a bearer token. */
  page?: boolean;
  /** Reading the resource sends a page elsewhere (303), which counts as allowed. */
  redirects?: boolean;
  /** A resource hidden from those who may not touch it: their 404 is the denial (no oracle of what exists). */
  hidden?: boolean;
  /** Sends the session cookie as well as (or instead of) a bearer token: report documents open from the portal. */
  cookie?: boolean;
  /** A portal form: posted with the session's CSRF token, or without a session the pre-session cookie's. */
  form?: () => Record<string, string>;
}

describe('authorisation matrix', () => {
  let t: TestPlatform;
  let server: RunningServer;
  const tokens: Partial<Record<Role, string>> = {};
  const csrf: Partial<Record<Role, string>> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Every role asks for every export from one address: more than a minute's share of them.
    t = await openTestPlatform('pglite', '2026-11-20T02:00:00Z', { exportsPerMinute: 1000 });
    const p = t.platform;
    const samr = await addAgency(p, 'samr-hangzhou', 'market-regulation');
    const court = await addAgency(p, 'court-xihu', 'court');
    tokens['agency-in-scope'] = samr.apiKey;
    tokens['agency-out-of-scope'] = court.apiKey;
    await asActor({ type: 'agency', id: 'samr-hangzhou' }, async () => {
      const r = await p.intake.submit(samr.principal, [
        { line: 1, value: registration(ORG_A) },
        { line: 2, value: registration(ORG_B, '深圳示例有限公司') },
        { line: 3, value: penalty(1, { severity: 'serious', date: '2026-11-02' }) },
        { line: 4, value: penalty(2, { date: '2026-06-01' }) },
      ]);
      ids.record = r.records[2]!.recordId;
      ids.general = r.records[3]!.recordId;
    });
    ids.entry = (await p.db.query<{ entry_id: string }>('SELECT entry_id FROM list_entry'))[0]!.entry_id;
    await asActor(ADMIN, async () => {
      await p.accounts.create({ username: 'subject-a', role: 'subject', subjectKey: ORG_A, password: 'password of a' });
      await p.accounts.create({ username: 'subject-b', role: 'subject', subjectKey: ORG_B, password: 'password of b' });
      await p.accounts.create({ username: 'admin', role: 'administrator', password: 'password of admin' });
      await p.accounts.create({ username: 'auditor', role: 'auditor', password: 'password of auditor' });
    });
    for (const [role, username, password] of [
      ['subject', 'subject-a', 'password of a'],
      ['other-subject', 'subject-b', 'password of b'],
      ['administrator', 'admin', 'password of admin'],
      ['auditor', 'auditor', 'password of auditor'],
    ] as const) {
      const s = await p.accounts.login(username, password);
      tokens[role] = s.token;
      csrf[role] = s.csrfToken;
    }
    const a = { kind: 'account' as const, account: await p.accounts.authenticate(tokens.subject!) };
    await asActor({ type: 'subject', id: 'a' }, async () => {
      ids.objection = (await p.objections.file(a, { target: { type: 'record', id: ids.record! }, reasons: '异议' })).objectionId;
      ids.repair = (
        await p.repairs.apply(a, { target: { type: 'record', id: ids.general! }, evidence: ['凭证'], commitment: { text: '承诺', signatory: '王五' } })
      ).repairId;
    });
    ids.check = (
      await asActor({ type: 'agency', id: 'samr-hangzhou' }, () =>
        p.checks.check({ kind: 'agency', agency: samr.principal }, { subject: ORG_A, scenario: 'procurement-bid' }),
      )
    ).checkId;
    await p.evaluations.evaluateAll();
    const admin = { kind: 'account' as const, account: await p.accounts.authenticate(tokens.administrator!) };
    ids.draw = (await asActor(ADMIN, () => p.inspections.run(admin, { seed: 'published seed 2026-11' }))).drawId;
    ids.publicReport = (await p.reports.issue(ORG_A, { scope: 'public', lang: 'zh' })).code;
    ids.fullReport = (await p.reports.issue(ORG_A, { scope: 'full', lang: 'zh' })).code;
    ids.webhook = (await p.webhooks.register(samr.principal, { url: 'https://hooks.example.com/a', lists: ['samr-serious-illegal'] })).id;
    server = await startServer(p, { host: '127.0.0.1', port: 0, scheduler: false });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const cases: Case[] = [
    { method: 'GET', route: '/healthz', url: () => '/healthz', allowed: ALL },
    { method: 'GET', route: '/v1/catalogue', url: () => '/v1/catalogue', allowed: ALL },
    { method: 'GET', route: '/v1/publicity-rules', url: () => '/v1/publicity-rules', allowed: ALL },
    { method: 'POST', route: '/v1/records', url: () => '/v1/records', allowed: ['agency-in-scope'], body: () => penalty(99) },
    // Furnishing is for furnishers (licensed lenders) alone: no role here is one (test/http/furnishing.e2e.test.ts has the furnisher).
    { method: 'POST', route: '/v1/furnishing/batches', url: () => '/v1/furnishing/batches?month=2026-10', allowed: [], body: () => [] },
    { method: 'GET', route: '/v1/furnishing/batches', url: () => '/v1/furnishing/batches', allowed: [] },
    { method: 'GET', route: '/v1/furnishing/accounts/{account}/statements/{month}', url: () => '/v1/furnishing/accounts/A-1/statements/2026-10', allowed: [] },
    // Authorisations to inquire and inquiries are for lenders alone: no role here is one (test/http/credit-inquiries.e2e.test.ts has them).
    {
      method: 'POST',
      route: '/v1/credit-consents',
      url: () => '/v1/credit-consents',
      allowed: [],
      body: () => ({ reference: 'IC-1', subject: ORG_A, purposes: ['loan-approval'], signedOn: '2026-11-01', expiresOn: '2027-11-01' }),
    },
    { method: 'GET', route: '/v1/credit-consents', url: () => '/v1/credit-consents', allowed: [] },
    { method: 'POST', route: '/v1/credit-consents/{reference}/withdrawal', url: () => '/v1/credit-consents/IC-1/withdrawal', allowed: [], body: () => ({}) },
    { method: 'POST', route: '/v1/credit-inquiries', url: () => '/v1/credit-inquiries', allowed: [], body: () => ({ subject: ORG_A, purpose: 'loan-approval', consent: 'IC-1' }) },
    { method: 'GET', route: '/v1/credit-inquiries', url: () => '/v1/credit-inquiries', allowed: [] },
    // The person's rights in credit reporting (test/http/credit-rights.e2e.test.ts has the furnisher and the borrowers).
    { method: 'GET', route: '/v1/me/credit-report', url: () => '/v1/me/credit-report', allowed: ['subject', 'other-subject'] },
    { method: 'GET', route: '/v1/me/credit-score-history', url: () => '/v1/me/credit-score-history', allowed: ['subject', 'other-subject'] },
    {
      method: 'POST',
      route: '/v1/me/credit-objections',
      url: () => '/v1/me/credit-objections',
      allowed: ['subject', 'other-subject'],
      body: () => ({ furnisher: 'bank-none', account: 'A-1', reason: '异议' }),
    },
    { method: 'GET', route: '/v1/me/credit-objections', url: () => '/v1/me/credit-objections', allowed: ['subject', 'other-subject'] },
    { method: 'PUT', route: '/v1/me/credit-statement', url: () => '/v1/me/credit-statement', allowed: ['subject', 'other-subject'], body: () => ({ text: '本人声明' }) },
    { method: 'GET', route: '/v1/furnishing/objections', url: () => '/v1/furnishing/objections', allowed: [] },
    {
      method: 'POST',
      route: '/v1/furnishing/objections/{id}/answer',
      url: () => `/v1/furnishing/objections/cob_${'0'.repeat(24)}/answer`,
      allowed: [],
      body: () => ({ outcome: 'rejected', explanation: '核实无误' }),
    },
    { method: 'GET', route: '/v1/credit-objections', url: () => '/v1/credit-objections', allowed: ['administrator', 'auditor'] },
    { method: 'GET', route: '/v1/records/{recordId}', url: () => `/v1/records/${ids.record}`, allowed: ['agency-in-scope'] },
    {
      method: 'POST',
      route: '/v1/records/{recordId}/corrections',
      url: () => `/v1/records/${ids.general}/corrections`,
      allowed: ['agency-in-scope'],
      hidden: true,
      body: () => ({ reason: '更正', fields: { fineAmount: 12345 } }),
    },
    { method: 'GET', route: '/v1/subjects', url: () => `/v1/subjects?q=${encodeURIComponent('杭州')}`, allowed: ALL },
    { method: 'GET', route: '/v1/subjects/{code}', url: () => `/v1/subjects/${ORG_A}`, allowed: ALL },
    { method: 'GET', route: '/v1/subjects/{code}/record', url: () => `/v1/subjects/${ORG_A}/record`, allowed: ['subject', 'administrator', 'auditor'] },
    { method: 'GET', route: '/v1/subjects/{code}/access-log', url: () => `/v1/subjects/${ORG_A}/access-log`, allowed: ['subject', 'auditor'] },
    { method: 'GET', route: '/v1/me', url: () => '/v1/me', allowed: ['subject', 'other-subject'] },
    { method: 'GET', route: '/v1/me/checks', url: () => '/v1/me/checks', allowed: ['subject', 'other-subject'] },
    { method: 'GET', route: '/v1/lists', url: () => '/v1/lists', allowed: ALL },
    { method: 'GET', route: '/v1/lists/{code}', url: () => '/v1/lists/samr-serious-illegal', allowed: ALL },
    { method: 'GET', route: '/v1/lists/{code}/entries', url: () => '/v1/lists/samr-serious-illegal/entries', allowed: ALL },
    { method: 'GET', route: '/v1/lists/{code}/changes', url: () => '/v1/lists/samr-serious-illegal/changes', allowed: ALL },
    { method: 'GET', route: '/v1/exports/lists/{code}', url: () => '/v1/exports/lists/samr-serious-illegal?date=2026-11-19', allowed: ALL },
    { method: 'GET', route: '/v1/exports/lists/{code}/manifest', url: () => '/v1/exports/lists/samr-serious-illegal/manifest?date=2026-11-19', allowed: ALL },
    { method: 'GET', route: '/v1/exports/lists/{code}/delta', url: () => '/v1/exports/lists/samr-serious-illegal/delta?from=2026-11-18&to=2026-11-19', allowed: ALL },
    { method: 'GET', route: '/v1/exports/records', url: () => '/v1/exports/records?date=2026-11-19', allowed: ALL },
    { method: 'GET', route: '/v1/exports/records/manifest', url: () => '/v1/exports/records/manifest?date=2026-11-19', allowed: ALL },
    { method: 'GET', route: '/v1/exports/records/delta', url: () => '/v1/exports/records/delta?from=2026-11-18&to=2026-11-19', allowed: ALL },
    {
      method: 'POST',
      route: '/v1/lists/{code}/entries',
      url: () => '/v1/lists/samr-serious-illegal/entries',
      allowed: ['agency-in-scope'],
      body: () => ({ basisRecords: [ids.record], reasons: '手动提请' }),
    },
    {
      method: 'GET',
      route: '/v1/list-entries/{id}',
      url: () => `/v1/list-entries/${ids.entry}`,
      allowed: ['subject', 'agency-in-scope', 'administrator', 'auditor'],
    },
    {
      method: 'POST',
      route: '/v1/list-entries/{id}/{step}',
      url: () => `/v1/list-entries/${ids.entry}/notice`,
      allowed: ['agency-in-scope'],
      // Proposed, the entry is hidden from those who may not see it in full: their 404 is the denial.
      hidden: true,
      body: () => ({ facts: '告知' }),
    },
    {
      method: 'POST',
      route: '/v1/list-entries/{id}/{step}',
      url: () => `/v1/list-entries/${ids.entry}/statement`,
      allowed: ['subject', 'agency-in-scope'],
      hidden: true,
      body: () => ({ statement: '申辩' }),
    },
    // The deciding agency's steps, in lifecycle order: list, extend (this list allows none: refused
    // for the state of the law, not for who asks), remove. Until the entry is in force, those who
    // may not see it are answered 404; once public, 403.
    ...(
      [
        ['decision', { outcome: 'add', reasons: '依法列入' }],
        ['extension', { until: '2031-01-01', reasons: '延长' }],
        ['removal', { reason: 'decision-revoked', reasons: '撤销' }],
      ] as const
    ).map(([step, body]): Case => ({
      method: 'POST',
      route: '/v1/list-entries/{id}/{step}',
      url: () => `/v1/list-entries/${ids.entry}/${step}`,
      allowed: ['agency-in-scope'],
      hidden: true,
      body: () => body,
    })),
    {
      method: 'POST',
      route: '/v1/objections',
      url: () => '/v1/objections',
      // The subject and the deciding agency; an agency with no legal interest in the record may not.
      allowed: ['subject', 'agency-in-scope'],
      hidden: true,
      body: () => ({ target: { type: 'record', id: ids.general }, reasons: '异议' }),
    },
    {
      method: 'GET',
      route: '/v1/objections/{id}',
      url: () => `/v1/objections/${ids.objection}`,
      allowed: ['subject', 'agency-in-scope', 'administrator', 'auditor'],
    },
    {
      method: 'POST',
      route: '/v1/objections/{id}/decision',
      url: () => `/v1/objections/${ids.objection}/decision`,
      allowed: ['agency-in-scope'],
      body: () => ({ outcome: 'maintained', reasons: '维持' }),
    },
    { method: 'GET', route: '/v1/repairs/eligibility', url: () => `/v1/repairs/eligibility?type=record&id=${ids.record}`, allowed: ['subject'] },
    {
      method: 'POST',
      route: '/v1/repairs',
      url: () => '/v1/repairs',
      allowed: ['subject'],
      body: () => ({ target: { type: 'record', id: ids.record }, evidence: ['凭证'], commitment: { text: '承诺', signatory: '王五' } }),
    },
    { method: 'GET', route: '/v1/repairs/{id}', url: () => `/v1/repairs/${ids.repair}`, allowed: ['subject', 'agency-in-scope', 'administrator', 'auditor'] },
    {
      method: 'POST',
      route: '/v1/repairs/{id}/decision',
      url: () => `/v1/repairs/${ids.repair}/decision`,
      allowed: ['agency-in-scope'],
      body: () => ({ outcome: 'refused', reasons: '材料不全' }),
    },
    { method: 'GET', route: '/v1/agency/queue', url: () => '/v1/agency/queue', allowed: ['agency-in-scope', 'agency-out-of-scope'] },
    { method: 'GET', route: '/v1/escalations', url: () => '/v1/escalations', allowed: ['administrator', 'auditor'] },
    { method: 'GET', route: '/v1/measures', url: () => '/v1/measures', allowed: ALL },
    { method: 'GET', route: '/v1/scenarios', url: () => '/v1/scenarios', allowed: ALL },
    {
      method: 'POST',
      route: '/v1/checks',
      url: () => '/v1/checks',
      allowed: ['agency-in-scope', 'agency-out-of-scope', 'administrator', 'auditor'],
      body: () => ({ subject: ORG_A, scenario: 'procurement-bid' }),
    },
    {
      method: 'POST',
      route: '/v1/webhooks',
      url: () => '/v1/webhooks',
      allowed: ['agency-in-scope', 'agency-out-of-scope'],
      body: () => ({ url: 'https://hooks.example.com/xinyong', lists: ['samr-serious-illegal'] }),
    },
    { method: 'GET', route: '/v1/webhooks', url: () => '/v1/webhooks', allowed: ['agency-in-scope', 'agency-out-of-scope'] },
    { method: 'GET', route: '/v1/webhooks/{id}/deliveries', url: () => `/v1/webhooks/${ids.webhook}/deliveries`, allowed: ['agency-in-scope'], hidden: true },
    {
      method: 'POST',
      route: '/v1/webhooks/{id}/replay',
      url: () => `/v1/webhooks/${ids.webhook}/replay`,
      allowed: ['agency-in-scope'],
      hidden: true,
      body: () => ({ after: 0 }),
    },
    { method: 'DELETE', route: '/v1/webhooks/{id}', url: () => `/v1/webhooks/${ids.webhook}`, allowed: ['agency-in-scope'], hidden: true },
    {
      method: 'POST',
      route: '/v1/screening',
      url: () => '/v1/screening?scenario=procurement-bid',
      allowed: ['agency-in-scope', 'agency-out-of-scope', 'administrator', 'auditor'],
      body: () => [{ code: ORG_A }],
    },
    {
      method: 'POST',
      route: '/v1/checks/{id}/feedback',
      url: () => `/v1/checks/${ids.check}/feedback`,
      allowed: ['agency-in-scope'],
      body: () => ({ action: 'no-action-needed' }),
    },
    { method: 'GET', route: '/v1/statistics/measures', url: () => '/v1/statistics/measures', allowed: ALL },
    { method: 'GET', route: '/v1/scorecards', url: () => '/v1/scorecards', allowed: ALL },
    { method: 'GET', route: '/v1/evaluations/{code}', url: () => `/v1/evaluations/${ORG_A}`, allowed: ALL },
    {
      method: 'GET',
      route: '/v1/evaluations/{code}/history',
      url: () => `/v1/evaluations/${ORG_A}/history`,
      allowed: ['subject', 'agency-in-scope', 'agency-out-of-scope', 'administrator', 'auditor'],
    },
    {
      method: 'POST',
      route: '/v1/evaluations/{code}/override',
      url: () => `/v1/evaluations/${ORG_A}/override`,
      allowed: ['administrator'],
      body: () => ({ scorecard: 'public-credit-comprehensive', tier: 'C', reason: '复核' }),
    },
    {
      method: 'POST',
      route: '/v1/inspections/draws',
      url: () => '/v1/inspections/draws',
      allowed: ['administrator'],
      body: () => ({ seed: 'another published seed' }),
    },
    { method: 'GET', route: '/v1/inspections/draws/{id}', url: () => `/v1/inspections/draws/${ids.draw}`, allowed: ALL },
    { method: 'GET', route: '/v1/inspections/draws/{id}/verify', url: () => `/v1/inspections/draws/${ids.draw}/verify`, allowed: ALL },
    { method: 'POST', route: '/v1/session', url: () => '/v1/session', allowed: ALL, body: () => ({ username: 'auditor', password: 'password of auditor' }) },
    { method: 'POST', route: '/v1/reports', url: () => '/v1/reports', allowed: ALL, body: () => ({ subject: ORG_A }) },
    { method: 'POST', route: '/v1/reports', url: () => '/v1/reports', allowed: ['subject'], body: () => ({ subject: ORG_A, scope: 'full' }) },
    { method: 'GET', route: '/v1/reports/public-key', url: () => '/v1/reports/public-key', allowed: ALL },
    // The transparency log is public: its checkpoint, keys, proofs and the platform log's entries;
    // a cosignature is judged by the witness key that signed it, not by credentials.
    { method: 'GET', route: '/v1/log/checkpoint', url: () => '/v1/log/checkpoint', allowed: ALL },
    { method: 'GET', route: '/v1/log/checkpoints/{id}', url: () => '/v1/log/checkpoints/1', allowed: ALL },
    { method: 'GET', route: '/v1/log/keys', url: () => '/v1/log/keys', allowed: ALL },
    { method: 'GET', route: '/v1/log/entries/{log}/{index}', url: () => '/v1/log/entries/0/0', allowed: ALL },
    { method: 'GET', route: '/v1/log/proofs/inclusion', url: () => '/v1/log/proofs/inclusion?log=0&index=0', allowed: ALL },
    { method: 'GET', route: '/v1/log/proofs/consistency', url: () => `/v1/log/proofs/consistency?from=${new Array(17).fill(0).join(',')}`, allowed: ALL },
    { method: 'POST', route: '/v1/log/cosignatures', url: () => '/v1/log/cosignatures', allowed: ALL, body: () => ({}) },
    ...(['', '/html', '/pdf'] as const).flatMap((suffix): Case[] => [
      { method: 'GET', route: `/v1/reports/{code}${suffix}`, url: () => `/v1/reports/${ids.publicReport}${suffix}`, allowed: ALL },
      { method: 'GET', route: `/v1/reports/{code}${suffix}`, url: () => `/v1/reports/${ids.fullReport}${suffix}`, allowed: ['subject'] },
      { method: 'GET', route: `/v1/reports/{code}${suffix}`, url: () => `/v1/reports/${ids.fullReport}${suffix}`, allowed: ['subject'], cookie: true },
    ]),
    { method: 'GET', route: '/v1/reports/{code}/verify', url: () => `/v1/reports/${ids.fullReport}/verify`, allowed: ALL },
    // Pages.
    ...[
      '/',
      '/search?q=杭州',
      `/subjects/${ORG_A}`,
      '/lists',
      '/lists/samr-serious-illegal',
      '/catalogue',
      '/measures',
      '/statistics',
      '/login',
      '/reports/verify',
    ].map((u): Case => ({ method: 'GET', route: u.split('?')[0]!, url: () => u, allowed: ALL, page: true })),
    // The report form: showing it changes nothing; posting it (with the form's CSRF token) issues the report.
    { method: 'GET', route: '/reports/new', url: () => `/reports/new?subject=${ORG_A}`, allowed: ALL, page: true },
    { method: 'POST', route: '/reports/new', url: () => '/reports/new', allowed: ALL, page: true, redirects: true, form: () => ({ subject: ORG_A }) },
    {
      method: 'POST',
      route: '/reports/new',
      url: () => '/reports/new',
      allowed: ['subject'],
      page: true,
      redirects: true,
      form: () => ({ subject: ORG_A, scope: 'full' }),
    },
    ...['/me', '/me/access-log', '/me/checks'].map((u): Case => ({ method: 'GET', route: u, url: () => u, allowed: ['subject', 'other-subject'], page: true })),
    // The credit rights' forms of the subject's own page.
    ...(
      [
        ['/me/credit-report', {}],
        ['/me/credit-objections', { furnisher: 'bank-none', account: 'A-1', reason: '异议' }],
        ['/me/credit-statement', { text: '本人声明' }],
      ] as const
    ).map(([u, form]): Case => ({ method: 'POST', route: u, url: () => u, allowed: ['subject', 'other-subject'], page: true, redirects: true, form: () => ({ ...form }) })),
  ];

  async function attempt(c: Case, role: Role): Promise<{ status: number; location: string | null }> {
    const token = tokens[role];
    const headers: Record<string, string> = {};
    if (c.page || c.cookie) {
      if (token?.startsWith('xys.')) headers.cookie = `xy_session=${encodeURIComponent(token)}`;
    } else if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (c.body) {
      body = JSON.stringify(c.body(role));
      headers['content-type'] = 'application/json';
    }
    if (c.form) {
      const token = headers.cookie ? csrf[role]! : 'pre-session';
      if (!headers.cookie) headers.cookie = `xy_csrf=${token}`;
      body = new URLSearchParams({ ...c.form(), _csrf: token }).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(server.url + c.url(), { method: c.method, headers, body, redirect: 'manual' });
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get('location') };
  }

  it('lets exactly the allowed roles through every endpoint and page', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      for (const role of ROLES) {
        const { status, location } = await attempt(c, role);
        const denied =
          status === 401 || status === 403 || (c.method === 'GET' && !c.page && status === 404) || (c.hidden === true && status === 404) || (c.page === true && status === 303 && location === '/login');
        const ok =
          c.method === 'GET' ? (status >= 200 && status < 300) || (c.redirects === true && status === 303 && location !== '/login') : !denied && status < 500;
        const allowed = c.allowed.includes(role);
        if (allowed ? !ok : !denied)
          wrong.push(
            `${c.method} ${c.url()}${c.cookie ? ' (cookie)' : ''} as ${role}: ${status}${location ? ` → ${location}` : ''} (expected ${allowed ? 'allowed' : 'denied'})`,
          );
      }
    }
    expect(wrong).toEqual([]);
  });

  it('covers every path of the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (key === 'DELETE /v1/session') continue; // logging out is open to anyone and changes nothing for others
        if (!covered.has(key)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares credentials in the OpenAPI document exactly where the public is turned away', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const wrong: string[] = [];
    for (const c of cases) {
      if (c.page) continue;
      const op = doc.paths[c.route]?.[c.method.toLowerCase()];
      if (!op) continue;
      // A route open to the public in some form (a public report, a public profile) need not demand credentials.
      const publicSomewhere = cases.some((o) => o.route === c.route && o.method === c.method && o.allowed.includes('public'));
      // Credentials are accepted where any are declared, and required unless one alternative is none ({}).
      const accepts = Array.isArray(op.security) && op.security.length > 0;
      const requires = accepts && !op.security!.some((r) => Object.keys(r as object).length === 0);
      if (!publicSomewhere && !accepts) wrong.push(`${c.method} ${c.route} turns the public away but declares no security`);
      if (publicSomewhere && requires && !cases.some((o) => o.route === c.route && o.method === c.method && !o.allowed.includes('public'))) {
        wrong.push(`${c.method} ${c.route} is open to everyone but declares security`);
      }
    }
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('keeps forms to the session that rendered them (CSRF) and accounts to their own subject', async () => {
    const form = (role: Role, token: string | undefined) =>
      fetch(`${server.url}/me/objections`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: `xy_session=${encodeURIComponent(tokens[role]!)}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token ?? '', targetType: 'record', targetId: ids.record!, reasons: '异议' }).toString(),
      });
    const forged = await form('subject', 'forged');
    expect(forged.status).toBe(403);
    // A browser posted it: the refusal is a page that says why, not JSON.
    expect(forged.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await forged.text()).toContain('CSRF');
    expect((await form('subject', undefined)).status).toBe(403);
    const other = await form('other-subject', csrf['other-subject']);
    expect(other.status).toBe(303);
    expect(decodeURIComponent(other.headers.get('location') ?? '')).toMatch(/error=there is no record /);
    const login = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: 'no cookie', username: 'subject-a', password: 'password of a' }).toString(),
    });
    expect(login.status).toBe(403);
  });
});
