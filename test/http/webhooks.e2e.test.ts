// Webhooks on every store, with the example receiver (examples/webhook-receiver.ts) as the
// subscriber's endpoint: a list's change is delivered signed, and taken; a tampered signature is
// refused by the receiver; an endpoint that fails is retried with exponential backoff, each
// attempt visible, until it answers, or for 24 hours and then no more; a replay from a cursor
// sends the same events (the same ids) again, which the receiver drops; another agency sees none
// of it; an ended subscription sends nothing. The dispatcher runs when the test says (runOnce),
// on the test's clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, registration, abnormal } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { refusal, startReceiver, type Receiver } from '../../examples/webhook-receiver.ts';
import { isPrivateAddress, signature, signature as sign } from '../../src/features/webhooks/webhook.service.ts';

const LIST = 'abnormal-operations';

describe('the Standard Webhooks signature', () => {
  it("is the specification's test vector", () => {
    expect(signature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });
});

describe('webhook endpoints', () => {
  it('may not be on loopback, private, link-local, shared or unique-local addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '114.114.114.114', '2400:3200::1']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('are refused at registration when the URL names such an address, or is plain http', async () => {
    const t = await openTestPlatform('pglite');
    try {
      const { principal } = await addAgency(t.platform, 'samr-hangzhou', 'market-regulation');
      for (const url of [
        'https://127.0.0.1/hook',
        'https://10.0.0.7/hook',
        'https://[::1]/hook',
        'https://[::ffff:127.0.0.1]/hook',
        'https://localhost/hook',
        'http://hooks.example.com/hook',
        'https://u:p@hooks.example.com/hook',
      ])
        await expect(t.platform.webhooks.register(principal, { url, lists: [LIST] }), url).rejects.toMatchObject({ code: 'validation-failed' });
      expect((await t.platform.webhooks.register(principal, { url: 'https://hooks.example.com/hook', lists: [LIST] })).id).toMatch(/^whk_/);
    } finally {
      await t.close();
    }
  });
});

describe.each(ALL_STORES)('webhooks on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let receiver: Receiver;
  let samr: string;
  let other: string;
  let subscription: { id: string; secret: string };
  const entryOf: Record<string, string> = {};

  beforeAll(async () => {
    // The example receiver listens on the loopback address, which only this setting allows.
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { webhookAllowPrivate: true });
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    other = (await addAgency(t.platform, 'tax-hangzhou', 'tax')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    const call = (method: string, path: string, body?: unknown) => callJson(server.url, method, path, samr, body);
    await call('POST', '/v1/records', [registration(ORG_A), registration(ORG_B, '深圳示例有限公司')]);
    expect((await call('POST', '/v1/records', [abnormal(ORG_A, 1), abnormal(ORG_B, 2)])).status).toBe(201);
    for (const code of [ORG_A, ORG_B]) {
      const [e] = await t.platform.db.query<{ entry_id: string }>('SELECT entry_id FROM list_entry WHERE subject_key = $1 AND list = $2', [code, LIST]);
      entryOf[code] = e!.entry_id;
    }
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, body?: unknown, token = samr) => callJson(server.url, method, path, token, body);
  const decide = async (code: string) => {
    const r = await call('POST', `/v1/list-entries/${entryOf[code]}/decision`, { outcome: 'add', reasons: '未按期报送年度报告。' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const deliveries = async () => (await call('GET', `/v1/webhooks/${subscription.id}/deliveries`)).body.deliveries as Array<Record<string, any>>;
  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

  it('delivers a list change, signed, to the subscribed endpoint', async () => {
    // The receiver learns the secret from the subscription; it is started on the test's clock.
    const placeholder = await startReceiver('whsec_', 0, nowSeconds);
    const url = placeholder.url;
    await placeholder.close();
    const made = await call('POST', '/v1/webhooks', { url, lists: [LIST] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    subscription = made.body as { id: string; secret: string };
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    receiver = await startReceiver(subscription.secret, Number(new URL(url).port), nowSeconds);

    await decide(ORG_A);
    await t.platform.webhooks.runOnce();
    expect(receiver.refused).toEqual([]);
    expect(receiver.events).toEqual([
      {
        id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
        type: 'list.entry.listed',
        subscription: subscription.id,
        list: LIST,
        change: expect.objectContaining({
          entryId: entryOf[ORG_A],
          status: 'listed',
          entry: expect.objectContaining({ subject: { code: ORG_A, name: '杭州示例科技有限公司' } }),
        }),
      },
    ]);
    const [d] = await deliveries();
    expect(d).toMatchObject({ seq: 1, state: 'delivered', attempts: 1, lastStatus: 204, lastError: null, deliveredAt: '2026-11-20T02:00:00.000Z' });
    expect(d!.eventId).toBe((receiver.events[0] as { id: string }).id);
    // Nothing new: nothing more is sent.
    await t.platform.webhooks.runOnce();
    expect(receiver.events).toHaveLength(1);
  });

  it('has the example receiver refuse a tampered signature, a changed body and a stale timestamp', async () => {
    const body = JSON.stringify({ id: 'evt_x', type: 'list.entry.listed' });
    const ts = nowSeconds();
    const headers = (s: string, at = ts) => ({ 'webhook-id': 'evt_x', 'webhook-timestamp': String(at), 'webhook-signature': s });
    expect(refusal(subscription.secret, headers(sign(subscription.secret, 'evt_x', ts, body)), body, ts)).toBeNull();
    const tampered = sign(subscription.secret, 'evt_x', ts, body).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(refusal(subscription.secret, headers(tampered), body, ts)).toBe('no signature matches');
    expect(refusal(subscription.secret, headers(sign(subscription.secret, 'evt_x', ts, body)), body.replace('listed', 'ended'), ts)).toBe(
      'no signature matches',
    );
    expect(refusal(subscription.secret, headers(sign(subscription.secret, 'evt_x', ts - 301, body), ts - 301), body, ts)).toBe('timestamp too far from now');
    // Over the wire: a forged delivery is answered 400 and taken for nothing.
    const res = await fetch(receiver.url, { method: 'POST', headers: { ...headers(tampered), 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(receiver.events).toHaveLength(1);
  });

  it('retries an endpoint that fails, after 30 seconds, then 1 minute, each attempt visible', async () => {
    receiver.failNext.push(500, 503);
    await decide(ORG_B);
    await t.platform.webhooks.runOnce();
    let d = (await deliveries())[1]!;
    expect(d).toMatchObject({ seq: 2, state: 'pending', attempts: 1, lastStatus: 500, lastError: 'answered 500', nextAttemptAt: '2026-11-20T02:00:30.000Z' });
    // Not yet due: nothing is sent.
    await t.platform.webhooks.runOnce();
    expect((await deliveries())[1]!.attempts).toBe(1);
    t.clock.set('2026-11-20T02:00:30Z');
    await t.platform.webhooks.runOnce();
    d = (await deliveries())[1]!;
    expect(d).toMatchObject({ state: 'pending', attempts: 2, lastStatus: 503, nextAttemptAt: '2026-11-20T02:01:30.000Z' });
    t.clock.set('2026-11-20T02:01:30Z');
    await t.platform.webhooks.runOnce();
    expect((await deliveries())[1]).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 204, deliveredAt: '2026-11-20T02:01:30.000Z' });
    expect(receiver.events.map((e) => (e as { change: { entryId: string } }).change.entryId)).toEqual([entryOf[ORG_A], entryOf[ORG_B]]);
  });

  it('gives up after 24 hours of failures, and a replay from a cursor sends the same events again', async () => {
    const removed = await call('POST', `/v1/list-entries/${entryOf[ORG_A]}/removal`, { reason: 'corrected', reasons: '已补报年度报告。' });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    receiver.failNext.push(...new Array<number>(100).fill(503));
    await t.platform.webhooks.runOnce();
    const waits: number[] = [];
    for (let d = (await deliveries())[2]!; d.state === 'pending'; d = (await deliveries())[2]!) {
      waits.push((Date.parse(d.nextAttemptAt) - t.clock.now().getTime()) / 1000);
      t.clock.set(d.nextAttemptAt);
      await t.platform.webhooks.runOnce();
    }
    // 30 s, doubling, at most an hour apart, until a retry would fall past the 24 hours.
    expect(waits.slice(0, 8)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600]);
    const failed = (await deliveries())[2]!;
    expect(failed).toMatchObject({ state: 'failed', nextAttemptAt: null, lastStatus: 503 });
    expect(failed.attempts).toBe(waits.length + 1);
    expect(Date.parse(failed.lastAttemptAt) - Date.parse(failed.queuedAt)).toBeLessThanOrEqual(24 * 3600_000);
    expect(Date.parse(failed.lastAttemptAt) + 3600_000 - Date.parse(failed.queuedAt)).toBeGreaterThan(24 * 3600_000);

    receiver.failNext.length = 0;
    const replay = await call('POST', `/v1/webhooks/${subscription.id}/replay`, { after: 1 });
    expect(replay.body).toEqual({ requeued: 2 });
    await t.platform.webhooks.runOnce();
    const all = await deliveries();
    expect(all.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    // The ended entry arrives once; the replayed one the receiver had is dropped by its id.
    expect(receiver.events.map((e) => (e as { type: string }).type)).toEqual(['list.entry.listed', 'list.entry.listed', 'list.entry.ended']);
    expect(new Set(all.map((d) => d.eventId)).size).toBe(3);
  });

  it("shows an agency none of another's subscriptions, and sends nothing for an ended one", async () => {
    expect((await call('GET', '/v1/webhooks', undefined, other)).body).toEqual({ subscriptions: [] });
    expect((await call('GET', `/v1/webhooks/${subscription.id}/deliveries`, undefined, other)).status).toBe(404);
    expect((await call('POST', `/v1/webhooks/${subscription.id}/replay`, { after: 0 }, other)).status).toBe(404);
    expect((await call('POST', '/v1/webhooks', { url: 'https://user:secret@example.com/hook', lists: [LIST] })).status).toBe(422);
    expect((await call('POST', '/v1/webhooks', { url: 'https://example.com/hook', lists: ['no-such-list'] })).status).toBe(404);
    const ended = await call('DELETE', `/v1/webhooks/${subscription.id}`);
    expect(ended.body.endedAt).toBe(t.clock.now().toISOString());
    // An ended subscription is replayed no more: nothing is left pending for no one.
    expect((await call('POST', `/v1/webhooks/${subscription.id}/replay`, { after: 0 })).status).toBe(409);
    expect((await deliveries()).map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    await decide(ORG_A).catch(() => undefined);
    const removed = await call('POST', `/v1/list-entries/${entryOf[ORG_B]}/removal`, { reason: 'corrected', reasons: '已补报年度报告。' });
    expect(removed.status).toBe(200);
    await t.platform.webhooks.runOnce();
    expect(await deliveries()).toHaveLength(3);
    expect(receiver.events).toHaveLength(3);
  });
});
