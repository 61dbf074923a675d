// Documented responses on both stores: a route with a response schema sends only what the schema
// names, so for each one the JSON on the wire must equal what the service gives, in full (a
// field the schema missed would silently vanish). And every JSON operation of the OpenAPI
// document declares its success response, except the few listed here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';

const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe.each(ALL_STORES)('documented responses on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  let subjectToken: string;
  let adminToken: string;
  let recordId: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'auditor', role: 'auditor', password: 'a long password' }));
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);
  const login = async (username: string) => {
    const r = await call('POST', '/v1/session', null, { username, password: 'a long password' });
    expect(r.status).toBe(200);
    return r;
  };

  it('sends a subject everything about itself: records, a list entry, an objection and an overdue repair', async () => {
    const filed = await call('POST', '/v1/records', samr, [registration(ORG_A), penalty(1, { severity: 'serious', date: '2026-11-16' })]);
    expect(filed.status).toBe(201);
    recordId = filed.body.records[1].recordId;
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' }));
    const session = await login('org-a');
    subjectToken = session.body.token;
    expect(session.body).toEqual({ token: subjectToken, expiresAt: expect.any(String), role: 'subject', subject: ORG_A });
    expect(new Date(session.body.expiresAt).toISOString()).toBe(session.body.expiresAt);
    expect((await call('POST', '/v1/objections', subjectToken, { target: { type: 'record', id: recordId }, reasons: '事实有误' })).status).toBe(201);
    // A year on, a repair application, left undecided past its deadline.
    t.clock.set('2027-11-17T02:00:00Z');
    subjectToken = (await login('org-a')).body.token;
    const applied = await call('POST', '/v1/repairs', subjectToken, {
      target: { type: 'record', id: recordId },
      evidence: ['罚款缴纳凭证'],
      commitment: { text: '本单位承诺所提交材料真实有效。', signatory: '王五' },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    t.clock.set('2027-12-31T02:00:00Z');
    subjectToken = (await login('org-a')).body.token;
    adminToken = (await login('auditor')).body.token;

    const own = roundTrip(await t.platform.subjects.ownView(ORG_A)) as {
      records: unknown[];
      listEntries: unknown[];
      objections: Array<{ overdue: boolean }>;
      repairs: Array<{ overdue: boolean }>;
    };
    expect(own.records).toHaveLength(2);
    expect(own.listEntries).toHaveLength(1);
    expect(own.objections).toHaveLength(1);
    expect(own.repairs.map((r) => r.overdue)).toEqual([true]);
    const me = await call('GET', '/v1/me', subjectToken);
    expect(me.status).toBe(200);
    expect(me.body).toEqual(own);
    const record = await call('GET', `/v1/subjects/${ORG_A}/record`, adminToken);
    expect(record.body).toEqual(own);
  });

  it('sends the access log, search results, lists and repair eligibility as the services give them', async () => {
    const log = await call('GET', `/v1/subjects/${ORG_A}/access-log`, subjectToken);
    expect(log.body).toEqual(roundTrip({ entries: await t.platform.accessLog.of(ORG_A) }));
    expect(log.body.entries.length).toBeGreaterThan(0); // the auditor's read of the full record

    const found = await call('GET', `/v1/subjects?q=${encodeURIComponent('杭州示例')}`, null);
    const hits = await t.platform.search.search('杭州示例', { limit: 10 });
    expect(hits.length).toBeGreaterThan(0);
    expect(found.body).toEqual({ query: '杭州示例', results: hits.map(({ code, name, kind, score, matched }) => ({ code, name, kind, score, matched })) });

    expect((await call('GET', '/v1/lists', null)).body).toEqual(roundTrip({ lists: await t.platform.lists.summaries() }));
    for (const def of t.platform.policy.lists) expect((await call('GET', `/v1/lists/${def.code}`, null)).body).toEqual(roundTrip(def));

    const eligibility = await call('GET', `/v1/repairs/eligibility?type=record&id=${recordId}`, subjectToken);
    expect(eligibility.body).toEqual(roundTrip(await t.platform.repairs.eligibility({ type: 'record', id: recordId }, ORG_A)));
    expect(eligibility.body).toMatchObject({ ok: false, code: expect.any(String) });
  });

  it('answers an issued report with its code, digest and links', async () => {
    const issued = await call('POST', '/v1/reports', null, { subject: ORG_A });
    expect(issued.status).toBe(201);
    const stored = await t.platform.reports.get(issued.body.code);
    const c = encodeURIComponent(stored.code);
    expect(issued.body).toEqual({
      code: stored.code,
      scope: 'public',
      lang: 'zh',
      issuedAt: stored.issuedAt,
      asOf: stored.asOf,
      digest: stored.digest,
      keyId: stored.keyId,
      verifyUrl: `/v1/reports/${c}/verify`,
      jsonUrl: `/v1/reports/${c}`,
      htmlUrl: `/v1/reports/${c}/html`,
      pdfUrl: `/v1/reports/${c}/pdf`,
      portalVerifyUrl: `/reports/verify?code=${c}`,
    });
  });

  it('sends the policy, health, the signing keys, a stored report and its verification as they are', async () => {
    const p = t.platform.policy;
    expect((await call('GET', '/v1/catalogue', null)).body).toEqual(
      roundTrip({ policyVersion: p.version, pack: p.manifest, decisionDisclosure: p.decisionDisclosure, agencyKinds: p.agencyKinds, items: p.items }),
    );
    expect((await call('GET', '/v1/publicity-rules', null)).body).toEqual(
      roundTrip({ policyVersion: p.version, timeZone: p.manifest.timeZone, ...p.publicity }),
    );
    expect((await call('GET', '/v1/scorecards', null)).body).toEqual(
      roundTrip({ policyVersion: p.version, scorecards: p.scorecards, supervision: p.supervision }),
    );
    expect((await call('GET', '/healthz', null)).body).toEqual({ status: 'ok', store, policyVersion: p.version });
    expect((await call('GET', '/v1/reports/public-key', null)).body).toEqual(roundTrip(t.platform.reports.publicKey()));

    const issued = await call('POST', '/v1/reports', subjectToken, { subject: ORG_A, scope: 'full', lang: 'en' });
    const stored = await t.platform.reports.get(issued.body.code);
    const json = await call('GET', `/v1/reports/${issued.body.code}`, subjectToken);
    expect(json.body).toEqual(
      roundTrip({
        code: stored.code,
        scope: stored.scope,
        lang: stored.lang,
        issuedAt: stored.issuedAt,
        asOf: stored.asOf,
        digest: stored.digest,
        signature: stored.signature,
        keyId: stored.keyId,
        verifyUrl: issued.body.verifyUrl,
        jsonUrl: issued.body.jsonUrl,
        htmlUrl: issued.body.htmlUrl,
        pdfUrl: issued.body.pdfUrl,
        portalVerifyUrl: issued.body.portalVerifyUrl,
        content: stored.content,
      }),
    );
    expect((await call('GET', `/v1/reports/${issued.body.code}/verify`, null)).body).toEqual(roundTrip(await t.platform.reports.verify(issued.body.code)));
    const unknown = await call('GET', '/v1/reports/XY-AAAA-AAAA-AAAA/verify', null);
    expect(unknown.body).toEqual(roundTrip(await t.platform.reports.verify('XY-AAAA-AAAA-AAAA')));
    expect(unknown.body.valid).toBe(false);
    // The renderings are not JSON.
    const html = await fetch(`${server.url}/v1/reports/${issued.body.code}/html`, { headers: { authorization: `Bearer ${subjectToken}` } });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toMatch(/^<!doctype html>/i);
  });

  it('sends an inspection draw and its verification as recorded', async () => {
    await t.platform.evaluations.evaluateAll();
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'admin', role: 'administrator', password: 'a long password' }));
    const admin = (await login('admin')).body.token;
    const made = await call('POST', '/v1/inspections/draws', admin, { seed: 'lottery 01 02 03', inspectors: [{ id: 'i-1', conflicts: [ORG_A] }] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const recorded = await t.platform.inspections.get(made.body.drawId);
    const { perTier, ...rest } = made.body;
    expect(rest).toEqual(roundTrip(recorded));
    expect(Object.keys(perTier).length).toBeGreaterThan(0);
    expect((await call('GET', `/v1/inspections/draws/${made.body.drawId}`, null)).body).toEqual(roundTrip(recorded));
    expect((await call('GET', `/v1/inspections/draws/${made.body.drawId}/verify`, null)).body).toEqual(
      roundTrip(await t.platform.inspections.verify(made.body.drawId)),
    );
  });

  it('documents the success response of every operation', async () => {
    const doc = (await call('GET', '/openapi.json', null)).body as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
    };
    const undocumented: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
        const described = ok.some(([code, r]) => code === '204' || Object.values(r.content ?? {}).some((c) => c.schema && Object.keys(c.schema).length > 0));
        if (!described) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
