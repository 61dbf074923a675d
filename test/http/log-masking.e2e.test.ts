// The law (DOMAIN.md §2): a person's identity number is kept as a keyed hash and shown only
// masked, and the server's log is no exception. A request naming a person by number (in its
// path or query, or in an address that does not decode) is logged with the number masked at the
// default level, and so is an error whose message quotes the request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ALL_STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { PERSON } from '../support/records.ts';
import { buildApp } from '../../src/app/http/app.ts';

const MASKED = '1101**********002X';

describe.each(ALL_STORES)('the server log on %s', (store) => {
  let t: TestPlatform;
  let app: FastifyInstance;
  let base: string;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { logLevel: 'info' });
    app = await buildApp(t.platform, { logStream: { write: (line: string) => void lines.push(line) } });
    // A failure whose message quotes the request, as a driver's error quotes the values it was given.
    app.get('/test-failure/:code', async (request) => {
      throw new Error(`the store refused ${(request.params as { code: string }).code} at ${request.url}`);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('logs every request with the identity number in its address masked, at the default level', async () => {
    const paths = [
      `/v1/subjects/${PERSON}`,
      `/subjects/${PERSON}`,
      `/subjects/${PERSON.toLowerCase()}`,
      `/v1/evaluations/${PERSON}?asOf=${PERSON}`,
      `/search?q=${PERSON}`,
      `/v1/subjects?q=${PERSON}`,
      `/subjects/${PERSON}%E0%A4%A`,
    ];
    for (const path of paths) await (await fetch(base + path, { headers: { accept: 'text/html' } })).arrayBuffer();
    const requests = lines.map((l) => JSON.parse(l) as { msg?: string; url?: string; level: number }).filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(paths.length - 1);
    expect(requests.every((l) => l.level === 30)).toBe(true);
    expect(requests.map((l) => l.url)).toContain(`/v1/subjects/${MASKED}`);
    expect(lines.join('')).not.toContain(PERSON);
    expect(lines.join('').toLowerCase()).not.toContain(PERSON.toLowerCase());
  });

  it('masks the number in an error the platform logs for a failed request', async () => {
    const res = await fetch(`${base}/test-failure/${PERSON}?again=${PERSON}`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain(PERSON);
    const failure = lines.map((l) => JSON.parse(l) as { level: number; err?: { message: string; stack: string } }).find((l) => l.level === 50 && l.err);
    expect(failure?.err?.message).toContain(`the store refused ${MASKED}`);
    expect(lines.join('')).not.toContain(PERSON);
  });
});
