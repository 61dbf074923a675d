// Batch screening on every store, as a compliance officer screening a customer book uses it: a
// name finds organisations ranked and explained, each with its list entries in force and the
// measures of the scenario; a code is screened exactly; a person's identity number is screened
// and never shown; a bad line is answered in its place; each match is a credit check, logged
// before the answer; more than 10,000 lines, an unknown scenario and a subject's own account are
// refused with nothing logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, registration, abnormal } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';

const PERSON = '11010519491231002X';

describe.each(ALL_STORES)('batch screening on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    const call = (method: string, path: string, body?: unknown) => callJson(server.url, method, path, samr, body);
    await call('POST', '/v1/records', [registration(ORG_A), registration(ORG_B, '深圳示例有限公司'), registration(ORG_C, '深圳另一有限公司')]);
    expect((await call('POST', '/v1/records', abnormal(ORG_A, 1))).status).toBe(201);
    const [e] = await t.platform.db.query<{ entry_id: string }>("SELECT entry_id FROM list_entry WHERE subject_key = $1 AND list = 'abnormal-operations'", [
      ORG_A,
    ]);
    expect((await call('POST', `/v1/list-entries/${e!.entry_id}/decision`, { outcome: 'add', reasons: '未按期报送年度报告。' })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const screen = async (lines: unknown[], query = 'scenario=inspection-planning', token = samr) => {
    const res = await fetch(`${server.url}/v1/screening?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      text,
      lines: res.ok
        ? text
            .trimEnd()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, any>)
        : [],
    };
  };
  const logged = async () => Number((await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM check_log'))[0]!.n);

  it('answers each line in its order: ranked, explained matches with their list entries and measures, each a logged check', async () => {
    const before = await logged();
    const r = await screen([
      { ref: 'C-1', name: '杭州示例' },
      { ref: 'C-2', code: ORG_B },
      { ref: 'C-3', code: PERSON },
      { ref: 'C-4' },
      { ref: 'C-5', name: '示例' },
    ]);
    expect(r.status, r.text).toBe(200);
    expect(r.type).toMatch(/^application\/x-ndjson/);
    expect(r.lines.map((l) => [l.line, l.ref])).toEqual([
      [1, 'C-1'],
      [2, 'C-2'],
      [3, 'C-3'],
      [4, 'C-4'],
      [5, 'C-5'],
    ]);

    const [byName, byCode, person, bad, broad] = r.lines;
    expect(byName!.query).toEqual({ name: '杭州示例' });
    expect(byName!.matches[0]).toMatchObject({ rank: 1, code: ORG_A, name: '杭州示例科技有限公司', kind: 'enterprise', matched: 'name' });
    expect(byName!.matches[0].why).toContain('name');
    expect(byName!.matches[0].lists.map((e: { list: string; listedOn: string }) => [e.list, e.listedOn])).toEqual([['abnormal-operations', '2026-11-20']]);
    expect(byName!.matches[0].check).toMatchObject({ outcome: 'enhanced-scrutiny', measures: [{ code: 'inspection-increase' }] });
    expect(byName!.matches[0].check.measures[0].triggers[0]).toMatchObject({ type: 'list-entry', source: 'abnormal-operations' });

    expect(byCode!.matches).toEqual([
      expect.objectContaining({
        rank: 1,
        code: ORG_B,
        name: '深圳示例有限公司',
        matched: 'code',
        lists: [],
        check: expect.objectContaining({ outcome: 'none', measures: [] }),
      }),
    ]);

    // The person: screened by the number, shown masked, never named, the number nowhere in the answer.
    expect(person!.matches).toEqual([expect.objectContaining({ code: '1101**********002X', name: null, kind: 'natural-person', matched: 'code' })]);
    expect(r.text).not.toContain(PERSON);

    expect(bad).toEqual({ line: 4, ref: 'C-4', error: { type: '/problems/validation-failed', detail: 'a line gives a code or a name: one of them' } });
    // Every organisation whose name holds the query (ORG_C's does not), ranked.
    expect(broad!.matches.map((m: { code: string }) => m.code).sort()).toEqual([ORG_A, ORG_B].sort());
    expect(broad!.matches.map((m: { rank: number }) => m.rank)).toEqual(broad!.matches.map((_: unknown, i: number) => i + 1));

    // One logged check per match, with its id in the answer.
    const matches = r.lines.flatMap((l) => l.matches ?? []);
    expect(await logged()).toBe(before + matches.length);
    const ids = matches.map((m: { check: { checkId: string } }) => m.check.checkId);
    const rows = await t.platform.db.query<{ check_id: string }>('SELECT check_id FROM check_log WHERE check_id = ANY($1::text[])', [ids]);
    expect(rows).toHaveLength(ids.length);
  });

  it('takes a JSON array too, keeps to the limit, and masks an identity number typed as a name', async () => {
    const res = await fetch(`${server.url}/v1/screening?scenario=inspection-planning&limit=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: '示例' }, { name: PERSON }]),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const [broad, typed] = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(broad!.matches).toHaveLength(1);
    expect(typed!.query).toEqual({ name: '1101**********002X' });
    expect(text).not.toContain(PERSON);
    // A good query beside a bad line: the lines are answered, the bad one in its place.
    const mixed = await fetch(`${server.url}/v1/screening?scenario=inspection-planning&limit=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: '示例' }, { name: 1 }]),
    });
    const answered = (await mixed.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(mixed.status).toBe(200);
    expect(answered[0]!.matches).toHaveLength(1);
    expect(answered[1]!.error.type).toBe('/problems/validation-failed');
  });

  it('refuses more than 10,000 lines, an unknown scenario and a subject, logging nothing', async () => {
    const before = await logged();
    const tooMany = await screen(Array.from({ length: 10_001 }, (_, i) => ({ code: ORG_A, ref: String(i) })));
    expect(tooMany.status).toBe(413);
    expect(JSON.parse(tooMany.text).type).toBe('/problems/payload-too-large');
    const unknown = await screen([{ name: '杭州示例' }], 'scenario=no-such-scenario');
    expect(unknown.status).toBe(422);
    // At most ten matches a line, whatever the body: a bad line does not let a bad query through.
    expect((await screen([{ name: '杭州示例' }], 'scenario=inspection-planning&limit=100')).status).toBe(422);
    const array = await fetch(`${server.url}/v1/screening?scenario=inspection-planning&limit=100`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: '杭州示例' }, { name: 1 }]),
    });
    expect(array.status).toBe(422);
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' }));
    const session = await callJson(server.url, 'POST', '/v1/session', null, { username: 'org-a', password: 'a long password' });
    const own = await screen([{ name: '杭州示例' }], 'scenario=inspection-planning', session.body.token);
    expect(own.status).toBe(403);
    expect(await logged()).toBe(before);
  });
});
