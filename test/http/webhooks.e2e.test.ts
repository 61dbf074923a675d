// Webhooks on every store, with the example receiver (examples/webhook-receiver.ts) as the
// subscriber's endpoint: a list's change is delivered signed, and taken; a tampered signature is
// refused by the receiver; an endpoint that fails is retried with exponential backoff, each
// attempt visible, until it answers, or for 24 hours and then no more; a replay from a cursor
// sends the same events (the same ids) again, which the receiver drops; another agency sees none
// of it; an ended subscription sends nothing. A watch of subjects delivers each later change of a
// record about them that the public can see on the change's day (before or after it) as a thin
// event, and nothing about an unpublished, expired or withdrawn record, nor an unwatched subject,
// nor (even from the start) a subject's earlier records. The dispatcher runs when the test says
// (runOnce), on the test's clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, PERSON, registration, abnormal, penalty } from '../support/records.ts';
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

describe.each(ALL_STORES)('watches of subjects on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let receiver: Receiver;
  let samr: string;
  let court: string;
  let watch: { id: string; secret: string };
  /** The watch's position at registration, as stored. */
  let registeredAt: string;
  /** The subject key of the watched person. */
  let personKey: string;
  const recordOf: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { webhookAllowPrivate: true });
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    court = (await addAgency(t.platform, 'court-xihu', 'court')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    // A's and B's records before any watch: a watch from now never delivers them.
    const filed = await call('POST', '/v1/records', [registration(ORG_A), registration(ORG_B, '深圳示例有限公司'), penalty(1, { code: ORG_A })]);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    recordOf.earlier = filed.body.records[2].recordId;
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, body?: unknown, token: string | null = samr) => callJson(server.url, method, path, token, body);
  const file = async (submission: unknown, token = samr) => {
    const r = await call('POST', '/v1/records', submission, token);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.records[0].recordId as string;
  };
  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);
  const changes = () => (receiver.events as Array<{ change: { event: string; recordId: string } }>).map((e) => [e.change.event, e.change.recordId]);
  /** The watch's changes queued, in order (seq), from the `from`-th on: the receiver takes a run's events in any order. */
  const changesSince = async (from: number) =>
    ((await call('GET', `/v1/webhooks/${watch.id}/deliveries?limit=1000`)).body.deliveries as Array<{ event: { change: { event: string; recordId: string } } }>)
      .slice(from)
      .map((d) => [d.event.change.event, d.event.change.recordId]);
  /** A session of ORG_A's subject account (made by the withdrawal's test), on the test's clock now. */
  const signIn = async () => (await call('POST', '/v1/session', { username: 'hz-example', password: 'correct horse battery' }, null)).body.token as string;
  const delivered = async () => ((await call('GET', `/v1/webhooks/${watch.id}/deliveries?limit=1000`)).body.deliveries as unknown[]).length;
  /** A correction of a penalty's decision date (n: its decision number), which moves its publicity window. */
  const redate = async (recordId: string, n: number, date: string) => {
    const r = await call('POST', `/v1/records/${recordId}/corrections`, { reason: '决定日期录入错误', decision: penalty(n, { date }).decision });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };

  it('refuses an invalid identifier, or a subscription that names nothing, with 422, and stores nothing', async () => {
    const bad = await call('POST', '/v1/webhooks', { url: 'https://hooks.example.com/hook', subjects: [ORG_A, 'not-a-code'] });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ type: expect.stringContaining('validation-failed'), errors: [{ field: 'subjects.1' }] });
    for (const body of [{}, { lists: [] }, { lists: [], subjects: [] }]) {
      const empty = await call('POST', '/v1/webhooks', { url: 'https://hooks.example.com/hook', ...body });
      expect(empty.status, JSON.stringify(body)).toBe(422);
      expect(empty.body.type).toContain('validation-failed');
    }
    expect((await call('GET', '/v1/webhooks')).body).toEqual({ subscriptions: [] });
    expect(await t.platform.db.query('SELECT id FROM webhook_subscription')).toEqual([]);
  });

  it("delivers a watched subject's published record filed after registration, signed and thin, and nothing else", async () => {
    const placeholder = await startReceiver('whsec_', 0, nowSeconds);
    const url = placeholder.url;
    await placeholder.close();
    // A subject the platform does not know yet (the person) may be watched: records may come.
    const made = await call('POST', '/v1/webhooks', { url, subjects: [ORG_A, PERSON, ORG_A] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ lists: [], subjects: [ORG_A, '1101**********002X'], endedAt: null });
    expect(JSON.stringify(made.body)).not.toContain(PERSON);
    watch = made.body as { id: string; secret: string };
    receiver = await startReceiver(watch.secret, Number(new URL(url).port), nowSeconds);
    const [stored] = await t.platform.db.query<{ watch_cursor: string }>('SELECT watch_cursor FROM webhook_subscription WHERE id = $1', [watch.id]);
    registeredAt = stored!.watch_cursor;

    // From now: A's earlier records are not delivered.
    await t.platform.webhooks.runOnce();
    expect(receiver.events).toEqual([]);

    recordOf.published = await file(penalty(2, { code: ORG_A }));
    recordOf.other = await file(penalty(3, { code: ORG_B }));
    // A minor penalty's class publishes nothing: no event reveals that it exists.
    recordOf.hidden = await file(penalty(4, { code: ORG_A, severity: 'minor' }));
    await t.platform.webhooks.runOnce();
    expect(receiver.refused).toEqual([]);
    expect(receiver.events).toEqual([
      {
        id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
        type: 'subject.record.changed',
        subscription: watch.id,
        subject: { code: ORG_A },
        change: { event: 'record.filed', recordId: recordOf.published, log: expect.any(Number), index: expect.any(Number), at: '2026-11-20T02:00:00.000Z' },
      },
    ]);
    const [d] = (await call('GET', `/v1/webhooks/${watch.id}/deliveries`)).body.deliveries as Array<Record<string, any>>;
    expect(d).toMatchObject({ seq: 1, state: 'delivered', lastStatus: 204, event: receiver.events[0] });
    // The event is where the ledger holds the filing.
    const { log, index } = (receiver.events[0] as { change: { log: number; index: number } }).change;
    const [held] = await t.platform.db.query<{ record_id: string; filed_index: string | number }>(
      'SELECT record_id, filed_index FROM credit_record WHERE subject_key = $1 AND filed_index = $2',
      [ORG_A, index],
    );
    expect(held?.record_id).toBe(recordOf.published);
    expect(log).toBeGreaterThan(0);
  });

  it("delivers a correction and a withdrawal of the watched subject's published record, and no correction of its unpublished one", async () => {
    const corrected = await call('POST', `/v1/records/${recordOf.published}/corrections`, { reason: '金额录入错误', fields: { fineAmount: 20000 } });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const hidden = await call('POST', `/v1/records/${recordOf.hidden}/corrections`, { reason: '事实表述有误', fields: { facts: '发布引人误解的广告' } });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(200);
    expect((await call('POST', `/v1/records/${recordOf.other}/corrections`, { reason: '金额录入错误', fields: { fineAmount: 1 } })).status).toBe(200);
    await t.platform.webhooks.runOnce();
    expect(changes()).toEqual([
      ['record.filed', recordOf.published],
      ['record.corrected', recordOf.published],
    ]);

    // The subject objects, and the agency withdraws the record.
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'hz-example', role: 'subject', subjectKey: ORG_A, password: 'correct horse battery' }));
    const objection = await call('POST', '/v1/objections', { target: { type: 'record', id: recordOf.published }, reasons: '处罚决定已被撤销' }, await signIn());
    expect(objection.status, JSON.stringify(objection.body)).toBe(201);
    const decided = await call('POST', `/v1/objections/${objection.body.objectionId}/decision`, { outcome: 'withdrawn', reasons: '处罚决定已被撤销。' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await t.platform.webhooks.runOnce();
    expect(changes()).toEqual([
      ['record.filed', recordOf.published],
      ['record.corrected', recordOf.published],
      ['record.withdrawn', recordOf.published],
    ]);
    expect(receiver.refused).toEqual([]);
    expect(JSON.stringify(receiver.events)).not.toContain(recordOf.hidden);
  });

  it('delivers a watched person under the masked number, and logs each event as shown to the agency', async () => {
    await file(
      {
        item: 'judgment-defaulter',
        subject: { idNumber: PERSON, name: '李四' },
        decision: {
          number: '(2026)浙0106执9号',
          date: '2026-11-02',
          authority: '杭州市西湖区人民法院',
          basis: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条',
        },
        fields: {
          caseNumber: '(2026)浙0106执9号',
          executionBasis: '(2025)浙0106民初88号',
          basisIssuer: '杭州市西湖区人民法院',
          obligation: '支付货款人民币十万元',
          performance: 'not-performed',
          circumstances: ['able-but-refuses'],
          until: '2028-11-01',
        },
      },
      court,
    );
    const [person] = await t.platform.db.query<{ subject_key: string }>("SELECT DISTINCT subject_key FROM credit_record WHERE subject_key LIKE 'p:%'");
    personKey = person!.subject_key;
    const logged = (await t.platform.accessLog.of(personKey)).length;
    await t.platform.webhooks.runOnce();
    const last = receiver.events.at(-1) as { subject: { code: string }; change: { event: string } };
    expect(last).toMatchObject({ subject: { code: '1101**********002X' }, change: { event: 'record.filed' } });
    expect(JSON.stringify(receiver.events)).not.toContain(PERSON);
    const log = await t.platform.accessLog.of(person!.subject_key);
    expect(log.length).toBe(logged + 1);
    expect(log[0]).toMatchObject({ actor: 'agency:samr-hangzhou', action: 'a change of a public record delivered to a watch', detail: watch.id });
  });

  it('queues nothing twice: a second run, and a run from the registration position again, add no delivery and log no view again', async () => {
    const before = (await call('GET', `/v1/webhooks/${watch.id}/deliveries`)).body.deliveries as Array<{ eventId: string }>;
    expect(before).toHaveLength(4);
    const logged = (await t.platform.accessLog.of(personKey)).length;
    expect((await t.platform.webhooks.queue()).queued).toBe(0);
    // Even read again from the start of the watch, each change has the id it had: none is queued again.
    await t.platform.db.query('UPDATE webhook_subscription SET watch_cursor = $2 WHERE id = $1', [watch.id, registeredAt]);
    await t.platform.webhooks.runOnce();
    const after = (await call('GET', `/v1/webhooks/${watch.id}/deliveries`)).body.deliveries as Array<{ eventId: string; state: string }>;
    expect(after.map((d) => d.eventId)).toEqual(before.map((d) => d.eventId));
    expect(after.every((d) => d.state === 'delivered')).toBe(true);
    expect(receiver.events).toHaveLength(4);
    // The person's filing was read again, and queued no event: its view is not logged twice.
    expect(await t.platform.accessLog.of(personKey)).toHaveLength(logged);
  });

  it('delivers a change when the record is public on its day before it or after it: corrections into and out of the window', async () => {
    const from = await delivered();
    // A general penalty is public for a year from its decision: one of June 2026 is, one of June 2025 no longer.
    recordOf.moving = await file(penalty(10, { code: ORG_A, date: '2026-06-01' }));
    recordOf.late = await file(penalty(11, { code: ORG_A, date: '2025-06-01' }));
    recordOf.stale = await file(penalty(13, { code: ORG_A, date: '2025-05-01' }));
    await t.platform.webhooks.runOnce();
    // Filed after its window closed, a record the public never saw yields no event, though its class publishes.
    expect(await changesSince(from)).toEqual([['record.filed', recordOf.moving]]);

    // Out of the window: public before the correction, not after; into it: not before, public after.
    await redate(recordOf.moving, 10, '2025-06-01');
    await redate(recordOf.late, 11, '2026-03-01');
    await t.platform.webhooks.runOnce();
    expect(await changesSince(from)).toEqual([
      ['record.filed', recordOf.moving],
      ['record.corrected', recordOf.moving],
      ['record.corrected', recordOf.late],
    ]);
    expect(receiver.refused).toEqual([]);
  });

  it('delivers the end of a publicity by expiry, and nothing about the record after it: neither a correction nor a withdrawal', async () => {
    const from = await delivered();
    // Public until 2026-12-01 (a year from its decision).
    recordOf.expiring = await file(penalty(12, { code: ORG_A, date: '2025-12-01' }));
    await t.platform.webhooks.runOnce();
    expect(await changesSince(from)).toEqual([['record.filed', recordOf.expiring]]);

    // On its last day nothing ends; on 2026-12-01 (Beijing) the daily run ends its publicity, and
    // those of the records whose windows a correction or a late filing closed before.
    t.clock.set('2026-11-30T15:00:00Z');
    expect((await t.platform.tick()).publicityEnded).toBe(2);
    t.clock.set('2026-12-01T02:00:00Z');
    expect((await t.platform.tick()).publicityEnded).toBe(1);
    const ended = await t.platform.db.query<{ record_id: string; publicity_ended_on: string }>(
      "SELECT record_id, publicity_ended_on::text AS publicity_ended_on FROM credit_record WHERE subject_key = $1 AND publicity_end_reason = 'expiry' ORDER BY record_id",
      [ORG_A],
    );
    expect(new Map(ended.map((r) => [r.record_id, r.publicity_ended_on]))).toEqual(
      new Map([
        [recordOf.moving, '2026-06-01'],
        [recordOf.stale, '2026-05-01'],
        [recordOf.expiring, '2026-12-01'],
      ]),
    );
    await t.platform.webhooks.runOnce();
    // Only the expiry of a record the public saw until it ended: the other two were out of their
    // windows from the day they were filed or corrected.
    expect(await changesSince(from)).toEqual([
      ['record.filed', recordOf.expiring],
      ['record.publicity-ended', recordOf.expiring],
    ]);

    // Its publicity ended, the record is as hidden as one never published: a correction and a
    // withdrawal of it are not delivered.
    const corrected = await call('POST', `/v1/records/${recordOf.expiring}/corrections`, { reason: '金额录入错误', fields: { fineAmount: 30000 } });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const objection = await call('POST', '/v1/objections', { target: { type: 'record', id: recordOf.expiring }, reasons: '处罚决定已被撤销' }, await signIn());
    expect(objection.status, JSON.stringify(objection.body)).toBe(201);
    const decided = await call('POST', `/v1/objections/${objection.body.objectionId}/decision`, { outcome: 'withdrawn', reasons: '处罚决定已被撤销。' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await t.platform.webhooks.runOnce();
    expect(await changesSince(from)).toEqual([
      ['record.filed', recordOf.expiring],
      ['record.publicity-ended', recordOf.expiring],
    ]);
    // The ledger holds both, after the expiry.
    const later = await t.platform.db.query<{ status: string; version: number }>('SELECT status, version FROM credit_record WHERE record_id = $1', [
      recordOf.expiring,
    ]);
    expect(later).toEqual([{ status: 'withdrawn', version: 2 }]);
    expect(receiver.refused).toEqual([]);
  });

  it("watches subjects from the registration on even from the start: none of the subject's earlier records is delivered", async () => {
    const agency = await t.platform.agencies.authenticate(samr);
    const fromStart = await t.platform.webhooks.register(agency, { url: 'https://hooks.example.com/hook', subjects: [ORG_A], lists: [LIST], from: 'start' });
    const fromNow = await t.platform.webhooks.register(agency, { url: 'https://hooks.example.com/hook', subjects: [ORG_A] });
    const stored = await t.platform.db.query<{ id: string; cursors: string[]; watch_cursor: string }>(
      'SELECT id, cursors, watch_cursor FROM webhook_subscription WHERE id = ANY($1::text[])',
      [[fromStart.id, fromNow.id]],
    );
    const byId = new Map(stored.map((r) => [r.id, r]));
    // The list's feed from its start; the watch from the ledger's head, as one registered from now.
    expect(byId.get(fromStart.id)!.cursors).toEqual(['0']);
    expect(byId.get(fromStart.id)!.watch_cursor).toBe(byId.get(fromNow.id)!.watch_cursor);
    expect((await t.platform.webhooks.queue()).failures).toEqual([]);
    const shown = async () =>
      (await t.platform.webhooks.deliveries(agency, fromStart.id)).deliveries
        .map((d) => d.event as { type: string; change: { event: string; recordId: string } })
        .filter((e) => e.type === 'subject.record.changed')
        .map((e) => [e.change.event, e.change.recordId]);
    // Not the records public now (earlier, late), nor those no longer public (withdrawn, expired, repaired).
    expect(await shown()).toEqual([]);

    // A later change is.
    const next = await file(penalty(14, { code: ORG_A, date: '2026-11-25' }));
    expect((await t.platform.webhooks.queue()).failures).toEqual([]);
    expect(await shown()).toEqual([['record.filed', next]]);
    await t.platform.webhooks.end(agency, fromStart.id);
    await t.platform.webhooks.end(agency, fromNow.id);
  });
});
