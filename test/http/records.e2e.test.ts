// The HTTP API end to end on both stores: a real server on a free port, real requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { PROBLEMS } from '../../src/kernel/problems.ts';
import { ledgerCount, ledgerRows } from '../support/ledger-rows.ts';

describe.each(ALL_STORES)('HTTP API on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samrKey: string;
  let taxKey: string;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    samrKey = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    taxKey = (await addAgency(t.platform, 'tax-hangzhou', 'tax')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const post = (path: string, body: string, contentType: string, key: string | null = samrKey) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
  const ndjson = (values: unknown[]) => `${values.map((v) => JSON.stringify(v)).join('\n')}\n`;
  const count = () => ledgerCount(t.platform.db);

  async function expectProblem(res: Response, status: number, code: keyof typeof PROBLEMS) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: `/problems/${code}`, status, title: PROBLEMS[code].title });
    expect(typeof body.detail).toBe('string');
    return body;
  }

  it('answers /healthz and serves the OpenAPI 3.1 document and its reference page', async () => {
    const h = await fetch(`${server.url}/healthz`);
    expect(await h.json()).toMatchObject({ status: 'ok', store });
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/records', '/v1/records/{recordId}/corrections', '/v1/subjects/{code}', '/v1/catalogue', '/healthz']),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'RecordSubmission', 'PublicProfile']));
    const ui = await fetch(`${server.url}/docs/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('publishes the catalogue with legal bases', async () => {
    const res = await fetch(`${server.url}/v1/catalogue`);
    const body = (await res.json()) as { items: Array<{ code: string; legalBasis: unknown[] }> };
    expect(body.items.length).toBeGreaterThanOrEqual(20);
    for (const item of body.items) expect(item.legalBasis.length).toBeGreaterThan(0);
  });

  it('requires a valid agency key to file', async () => {
    await expectProblem(await post('/v1/records', JSON.stringify(penalty(1)), 'application/json', null), 401, 'unauthenticated');
    await expectProblem(
      await post('/v1/records', JSON.stringify(penalty(1)), 'application/json', 'xyk.AAAAAAAAAAAA.' + 'a'.repeat(43)),
      401,
      'invalid-credentials',
    );
    await expectProblem(await post('/v1/records', JSON.stringify(penalty(1)), 'application/json', 'nonsense'), 401, 'invalid-credentials');
  });

  it('files one JSON record, then treats the same filing as a duplicate', async () => {
    const first = await post('/v1/records', JSON.stringify(registration(ORG_A)), 'application/json');
    expect(first.status).toBe(201);
    const body = (await first.json()) as { created: number; records: Array<{ recordId: string; status: string }> };
    expect(body.created).toBe(1);
    const again = await post('/v1/records', JSON.stringify(registration(ORG_A)), 'application/json');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: 0, duplicates: 1, records: [{ recordId: body.records[0]!.recordId, status: 'duplicate' }] });
  });

  it('files an NDJSON batch atomically', async () => {
    const res = await post('/v1/records', ndjson([penalty(1), penalty(2, { severity: 'serious' }), penalty(3, { code: ORG_B })]), 'application/x-ndjson');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ created: 3, duplicates: 0 });
  });

  it('refuses a batch with a bad line with a problem naming the line and field, storing nothing', async () => {
    const before = await count();
    const lines = ndjson([penalty(10), penalty(11, { fields: { penaltyTypes: ['public-shaming'] } }), penalty(12)]) + '{"item": \n';
    const res = await post('/v1/records', lines, 'application/x-ndjson');
    const problem = await expectProblem(res, 422, 'validation-failed');
    expect(problem.errors).toEqual([
      {
        line: 2,
        field: 'fields.penaltyTypes',
        message: "'public-shaming' is not one of fine, confiscation-of-illegal-gains, confiscation-of-property, licence-suspension, qualification-downgrade",
      },
      { line: 4, field: '', message: expect.stringMatching(/^not valid JSON/) },
    ]);
    expect(problem.detail).toMatch(/^2 lines of the submission failed validation; the first is line 2, fields\.penaltyTypes/);
    expect(await count()).toBe(before);
  });

  it('refuses a property its schema does not name, as JSON and in an NDJSON line, storing nothing (never drops it silently)', async () => {
    const before = await count();
    const extra = { ...penalty(20), subject: { ...penalty(20).subject, religion: '某' } };
    const json = await expectProblem(await post('/v1/records', JSON.stringify(extra), 'application/json'), 422, 'validation-failed');
    expect(JSON.stringify(json.errors)).toMatch(/religion/);
    const lines = await expectProblem(await post('/v1/records', ndjson([penalty(21), extra]), 'application/x-ndjson'), 422, 'validation-failed');
    expect(lines.errors).toEqual([expect.objectContaining({ line: 2 })]);
    expect(JSON.stringify(lines.errors)).toMatch(/religion/);
    expect(await count()).toBe(before);
  });

  it('refuses items outside the agency scope with 403, and conflicting refilings with 409', async () => {
    const taxRes = await post('/v1/records', JSON.stringify(penalty(50)), 'application/json', taxKey);
    expect(taxRes.status).toBe(201); // tax authorities may file administrative penalties
    const court = { ...penalty(51), item: 'judgment-defaulter' };
    await expectProblem(await post('/v1/records', JSON.stringify(court), 'application/json', taxKey), 403, 'item-not-permitted');
    await expectProblem(await post('/v1/records', JSON.stringify(penalty(1, { fields: { fineAmount: 99 } })), 'application/json'), 409, 'record-conflict');
  });

  it('maps malformed bodies and media types to problem documents', async () => {
    await expectProblem(await post('/v1/records', '{"item":', 'application/json'), 400, 'malformed-request');
    await expectProblem(await post('/v1/records', 'item,subject', 'text/csv'), 415, 'unsupported-media-type');
    await expectProblem(await post('/v1/records', '"just a string"', 'application/json'), 400, 'malformed-request');
    await expectProblem(await fetch(`${server.url}/v1/nothing-here`), 404, 'not-found');
  });

  it('corrects a record through the API and keeps the earlier version in the ledger', async () => {
    const list = (await (await post('/v1/records', JSON.stringify(penalty(60)), 'application/json')).json()) as { records: Array<{ recordId: string }> };
    const id = list.records[0]!.recordId;
    const res = await post(`/v1/records/${id}/corrections`, JSON.stringify({ reason: '金额录入错误', fields: { fineAmount: 20000 } }), 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ recordId: id, version: 2, fields: { fineAmount: 20000 } });
    // Another agency's record is not there for it, exactly as an unknown one (no oracle of which records exist).
    const other = await expectProblem(
      await post(`/v1/records/${id}/corrections`, JSON.stringify({ reason: 'x', fields: { fineAmount: 1 } }), 'application/json', taxKey),
      404,
      'record-not-found',
    );
    expect(other.detail).toBe(`there is no record ${id}`);
    await expectProblem(
      await post(`/v1/records/${id}/corrections`, JSON.stringify({ fields: { fineAmount: 1 } }), 'application/json'),
      422,
      'validation-failed',
    );
    await expectProblem(
      await post('/v1/records/rec_000/corrections', JSON.stringify({ reason: 'x', fields: { fineAmount: 1 } }), 'application/json'),
      404,
      'record-not-found',
    );
    const own = await fetch(`${server.url}/v1/records/${id}`, { headers: { authorization: `Bearer ${samrKey}` } });
    expect(await own.json()).toMatchObject({ version: 2 });
    const payloads = await ledgerRows(t.platform.db, (r) => r.payload.includes(id));
    expect(payloads.map((p) => JSON.parse(p.payload).type)).toEqual(['record.filed', 'record.corrected']);
  });

  it("answers another agency's record exactly as one that does not exist (404): a record's existence is not another agency's to learn", async () => {
    const filed = (await (await post('/v1/records', JSON.stringify(penalty(61)), 'application/json')).json()) as { records: Array<{ recordId: string }> };
    const id = filed.records[0]!.recordId;
    const unknown = `rec_${'0'.repeat(24)}`;
    const viewsBefore = (await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM access_log'))[0]!.n;
    const other = await fetch(`${server.url}/v1/records/${id}`, { headers: { authorization: `Bearer ${taxKey}` } });
    const none = await fetch(`${server.url}/v1/records/${unknown}`, { headers: { authorization: `Bearer ${taxKey}` } });
    const a = await expectProblem(other, 404, 'record-not-found');
    const b = await expectProblem(none, 404, 'record-not-found');
    // The two answers differ only in the identifier asked for.
    expect(String(a.detail).replace(id, 'ID')).toBe(String(b.detail).replace(unknown, 'ID'));
    expect(a.instance).toBe(`/v1/records/${id}`);
    // Nothing was seen, so nothing is in the access log.
    expect((await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM access_log'))[0]!.n).toBe(viewsBefore);
    // The agency that filed it reads it.
    expect((await fetch(`${server.url}/v1/records/${id}`, { headers: { authorization: `Bearer ${samrKey}` } })).status).toBe(200);
  });

  it("shows a subject's public profile with only public fields, and as of a past instant", async () => {
    const res = await fetch(`${server.url}/v1/subjects/${ORG_A}`);
    expect(res.status).toBe(200);
    const profile = (await res.json()) as {
      subject: { name: string };
      records: Array<{ item: string; fields: Record<string, unknown>; legalBasis: unknown[] }>;
    };
    expect(profile.subject.name).toBe('杭州示例科技有限公司');
    const reg = profile.records.find((r) => r.item === 'registration-basics')!;
    expect(reg.fields).not.toHaveProperty('legalRepresentativeId');
    expect(reg.legalBasis.length).toBeGreaterThan(0);
    expect(JSON.stringify(profile)).not.toMatch(/440524188001010014|"hash"/);
    const past = await fetch(`${server.url}/v1/subjects/${ORG_A}?asOf=2020-01-01`);
    await expectProblem(past, 404, 'subject-not-found');
    await expectProblem(await fetch(`${server.url}/v1/subjects/914403001922038217`), 400, 'invalid-identifier');
    await expectProblem(await fetch(`${server.url}/v1/subjects/${ORG_A}?asOf=yesterday`), 422, 'validation-failed');
  });

  it('finds subjects by code, code prefix, name fragment, pinyin and initials, best match first', async () => {
    const search = async (q: string, extra = '') => {
      const res = await fetch(`${server.url}/v1/subjects?q=${encodeURIComponent(q)}${extra}`);
      expect(res.status, q).toBe(200);
      return ((await res.json()) as { results: Array<{ code: string; name: string; kind: string; matched: string }> }).results;
    };
    expect((await search(ORG_A))[0]).toMatchObject({ code: ORG_A, name: '杭州示例科技有限公司', kind: 'enterprise', matched: 'code' });
    expect((await search(ORG_A.slice(0, 8))).map((r) => r.code)).toContain(ORG_A);
    for (const q of ['示例', '杭州示例', 'hangzhoushili', 'hzsl', '杭州示例科技有限公司', 'HZSL']) {
      expect(
        (await search(q)).map((r) => r.code),
        q,
      ).toContain(ORG_A);
    }
    expect(await search('完全无关的名称')).toEqual([]);
    expect(await search('示例', '&limit=1')).toHaveLength(1);
    const empty = await fetch(`${server.url}/v1/subjects?q=`);
    expect(empty.status).toBeGreaterThanOrEqual(400);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');
  });

  it('carries a request id and documents every problem type', async () => {
    const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const page = await fetch(`${server.url}/problems/record-conflict`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('409');
  });
});
