// Request bodies are taken exactly as their schemas say, on both stores: a JSON number or null
// where text belongs is refused, never turned into other text (a code sent as a number would
// otherwise lose digits and name a different subject); a property the schema does not name is
// refused, never ignored (a typo of `at` would otherwise check the wrong day); and every API
// body in the OpenAPI document is closed that way. Query strings stay text coerced to types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { ledgerCount } from '../support/ledger-rows.ts';

type Schema = Record<string, unknown>;

describe.each(ALL_STORES)('request validation on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0 });
    expect((await callJson(server.url, 'POST', '/v1/records', samr, registration(ORG_A))).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, body?: unknown) => callJson(server.url, method, path, samr, body);
  const counts = async () => ({
    events: await ledgerCount(t.platform.db),
    checks: (await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM check_log'))[0]!.n,
  });

  it('refuses a subject code sent as a JSON number instead of checking a subject it was rounded to', async () => {
    const before = await counts();
    const r = await fetch(`${server.url}/v1/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' },
      body: '{"subject": 914403001922038216, "scenario": "procurement-bid"}',
    });
    expect(r.status).toBe(422);
    expect(((await r.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['body.subject']);
    expect(await counts()).toEqual(before);
  });

  it('refuses a form body on every API route that takes a body, checking and storing nothing', async () => {
    const before = await counts();
    const form = (path: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: JSON.stringify({ subject: ORG_A, scenario: 'procurement-bid' }),
      });
    for (const path of ['/v1/checks', '/v1/records']) {
      const r = await form(path);
      expect(r.status, path).toBe(415);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await r.json()) as { type: string }).type).toBe('/problems/unsupported-media-type');
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a record whose code or decision number is a number, storing nothing, even with lenient codes', async () => {
    const before = await counts();
    const numeric = { ...penalty(1), subject: { ...penalty(1).subject, code: 914403001922038216 } };
    const r = await call('POST', '/v1/records?lenientCodes=true', numeric);
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body.errors)).toMatch(/subject\.code/);
    const number = { ...penalty(2), decision: { ...penalty(2).decision, number: 12345 } };
    expect((await call('POST', '/v1/records', number)).status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('names the line of each bad record in a JSON array, as in an NDJSON batch, and nothing but what is wrong', async () => {
    const before = await counts();
    const bad = { ...penalty(4), decision: { ...penalty(4).decision, date: '2026-13-01' } };
    const array = await call('POST', '/v1/records', [penalty(3), bad]);
    expect(array.status).toBe(422);
    expect(array.body.errors).toEqual([{ line: 2, field: 'decision.date', message: expect.any(String) }]);
    expect(array.body.errorCount).toBe(1);
    const one = await call('POST', '/v1/records', bad);
    expect(one.status).toBe(422);
    expect(one.body.errors).toEqual([{ line: 1, field: 'decision.date', message: expect.any(String) }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a property the schema does not name (a check with `asof` for `at`), and takes a null `at` as now', async () => {
    const before = await counts();
    const typo = await call('POST', '/v1/checks', { subject: ORG_A, scenario: 'procurement-bid', asof: '2020-01-01' });
    expect(typo.status).toBe(422);
    expect(typo.body.errors).toEqual([expect.objectContaining({ field: 'body.asof' })]);
    expect(await counts()).toEqual(before);
    const now = await call('POST', '/v1/checks', { subject: ORG_A, scenario: 'procurement-bid', at: null });
    expect(now.status).toBe(200);
  });

  it('still reads query parameters as text made typed: a number, a flag, a list given once', async () => {
    expect((await call('GET', `/v1/subjects?q=${ORG_A.slice(0, 8)}&limit=5&kind=enterprise`)).status).toBe(200);
    expect((await call('GET', '/v1/lists/dishonest-judgment-defaulters/changes?after=0&limit=10')).status).toBe(200);
  });

  it('closes every object of every API request body in the OpenAPI document, but for the catalogue fields of a record', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Schema;
    const components = ((doc.components as Schema)?.schemas ?? {}) as Record<string, Schema>;
    const open: string[] = [];
    const walk = (s: unknown, where: string, seen: Set<string>): void => {
      if (!s || typeof s !== 'object') return;
      if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${where}[${i}]`, seen));
      const o = s as Schema;
      if (typeof o.$ref === 'string') {
        const name = o.$ref.split('/').pop()!;
        if (!seen.has(name)) walk(components[name], `${where}→${name}`, new Set([...seen, name]));
        return;
      }
      if (o.type === 'object' && o.properties && o.additionalProperties !== false) open.push(where);
      for (const [k, v] of Object.entries(o)) {
        if (k === 'properties') for (const [p, ps] of Object.entries(v as Schema)) if (p !== 'fields') walk(ps, `${where}.${p}`, seen);
        if (['items', 'anyOf', 'oneOf', 'allOf'].includes(k)) walk(v, `${where}.${k}`, seen);
      }
    };
    let bodies = 0;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const content = (op.requestBody as Schema | undefined)?.content as Record<string, { schema: unknown }> | undefined;
        for (const [type, c] of Object.entries(content ?? {})) {
          if (!type.includes('json')) continue;
          bodies++;
          walk(c.schema, `${method.toUpperCase()} ${path}`, new Set());
        }
      }
    }
    expect(bodies).toBeGreaterThan(10);
    expect(open).toEqual([]);
  });
});
