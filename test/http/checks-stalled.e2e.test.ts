// A credit check is answered only once it is logged. When the store stops answering (here
// another session holds the check log's table), checks, single and NDJSON batches alike, are
// refused after the configured wait with a 503 problem and Retry-After instead of hanging, and
// are answered again once the store answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { stallCheckLog } from '../support/check-log.ts';

describe.each(ALL_STORES)('credit checks while the store is stalled, on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { checkWaitSeconds: 1 });
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const check = () => callJson(server.url, 'POST', '/v1/checks', samr, { subject: ORG_A, scenario: 'procurement-bid' });
  const logged = async () => (await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM check_log'))[0]!.n;

  it('refuses with 503 store-unavailable and Retry-After after its wait, and answers again once the store does', async () => {
    expect((await check()).status).toBe(200);
    const before = await logged();
    const release = await stallCheckLog(t.platform.db);
    try {
      const single = await check();
      expect(single.status).toBe(503);
      expect(single.type).toMatch(/^application\/problem\+json/);
      expect(single.body).toMatchObject({ type: '/problems/store-unavailable', status: 503 });
      expect(single.body.detail).toContain('within 1 s');
      expect(single.headers.get('retry-after')).toBe('5');

      const batch = await fetch(`${server.url}/v1/checks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/x-ndjson' },
        body: `${JSON.stringify({ subject: ORG_A, scenario: 'procurement-bid' })}\n${JSON.stringify({ subject: ORG_A, scenario: 'licence-application' })}`,
      });
      expect(batch.status).toBe(503);
      expect(batch.headers.get('retry-after')).toBe('5');
      expect(((await batch.json()) as { type: string }).type).toBe('/problems/store-unavailable');
    } finally {
      await release();
    }
    const again = await check();
    expect(again.status).toBe(200);
    expect(again.body.checkId).toMatch(/^chk_/);
    // The answered check is logged; so may be the refused ones whose write had begun (the
    // agency did ask), never more than were asked.
    const after = await logged();
    expect(after).toBeGreaterThanOrEqual(before + 1);
    expect(after).toBeLessThanOrEqual(before + 4);
    const rows = await t.platform.db.query('SELECT 1 FROM check_log WHERE check_id = $1', [again.body.checkId]);
    expect(rows).toHaveLength(1);
  });
});
