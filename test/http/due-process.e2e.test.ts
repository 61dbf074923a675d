// The due-process flow end to end over HTTP, on both stores: a record is filed, its subject is
// proposed for a list, notified, states its case and is listed; an objection is refused; repair
// applied too early is refused with the date; applied in time and approved, publicity ends, and
// the day before still shows the record as of then. Who may object at all is in
// objection-standing.e2e.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { ledgerCount, ledgerEvents } from '../support/ledger-rows.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import type { Queryable } from '../../src/store/database.ts';
import { addDays } from '../../src/domain/dates.ts';

/** The projection tables, each with its rows' key. */
const TABLES = { subject: 'subject_key', credit_record: 'record_id', list_entry: 'entry_id', objection: 'objection_id', repair_application: 'repair_id' };
async function dump(q: Queryable) {
  const out: Record<string, unknown[]> = {};
  for (const [t, key] of Object.entries(TABLES)) out[t] = await q.query(`SELECT * FROM ${t} ORDER BY ${key}`);
  return out;
}

describe.each(ALL_STORES)('due process over HTTP on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  let other: string;
  let subjectToken: string;
  let recordId: string;
  let entryId: string;
  let objectionId: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z'); // a Friday
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    other = (await addAgency(t.platform, 'samr-ningbo', 'market-regulation')).apiKey;
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'dp-admin', role: 'administrator', password: 'admin password here' }));
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);

  it('files a serious penalty, and the inclusion rule proposes (never lists) its subject', async () => {
    const filed = await call('POST', '/v1/records', samr, [registration(ORG_A), penalty(1, { severity: 'serious', date: '2026-11-16' })]);
    expect(filed.status).toBe(201);
    recordId = filed.body.records[1].recordId;
    const queue = await call('GET', '/v1/agency/queue', samr);
    expect(queue.body.toNotify).toHaveLength(1);
    expect(queue.body.toNotify[0]).toMatchObject({ list: 'samr-serious-illegal', state: 'proposed', subjectKey: ORG_A });
    entryId = queue.body.toNotify[0].entryId;
    const lists = await call('GET', '/v1/lists/samr-serious-illegal/entries', null);
    expect(lists.body.entries).toHaveLength(0);
  });

  it("validates each request body at the edge: a lifecycle step's body by the schema of the step in its path", async () => {
    const fields = (r: { body: { errors?: Array<{ field: string }> } }) => (r.body.errors ?? []).map((e) => e.field).sort();
    const wrongStep = await call('POST', `/v1/list-entries/${entryId}/decision`, samr, { facts: 'a notice sent as a decision' });
    expect(wrongStep.status).toBe(422);
    expect(wrongStep.body.type).toBe('/problems/validation-failed');
    expect(fields(wrongStep)).toEqual(['body.outcome', 'body.reasons']);
    const blank = await call('POST', `/v1/list-entries/${entryId}/notice`, samr, { facts: '   ' });
    expect(blank.status).toBe(422);
    expect(fields(blank)).toEqual(['body.facts']);
    const reason = await call('POST', `/v1/list-entries/${entryId}/removal`, samr, { reason: 'no-such-reason', reasons: '撤销' });
    expect(reason.status).toBe(422);
    expect(fields(reason)[0]).toBe('body.reason');
    const until = await call('POST', `/v1/list-entries/${entryId}/extension`, samr, { until: '2031-02-30', reasons: '延长' });
    expect(until.status).toBe(422);
    expect(fields(until)).toEqual(['body.until']);
    const unknownStep = await call('POST', `/v1/list-entries/${entryId}/approval`, samr, { reasons: 'x' });
    expect(unknownStep.status).toBe(422);
    expect(fields(unknownStep)).toContain('params.step');
    const objection = await call('POST', '/v1/objections', samr, { reasons: 'x' });
    expect(objection.status).toBe(422);
    expect(fields(objection)).toEqual(['body.target']);
    const session = await call('POST', '/v1/session', null, { username: 'nobody' });
    expect(session.status).toBe(422);
    expect(fields(session)).toEqual(['body.password']);
    // Nothing was recorded: the entry is still only proposed.
    expect((await call('GET', `/v1/list-entries/${entryId}`, samr)).body.state).toBe('proposed');
  });

  it("answers an entry not yet public, to whoever may not see it, exactly as an entry that does not exist", async () => {
    // Only the deciding agency acts on an entry, and until it is in force only its subject, the
    // deciding agency and the oversight roles see it: which entries are proposed, and which agency
    // decides them, is not for anyone else to learn by guessing ids.
    const unknown = 'ent_000000000000000000000000';
    expect((await call('POST', '/v1/records', samr, [registration(ORG_B, '深圳示例有限公司')])).status).toBe(201);
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'sz-stranger', role: 'subject', subjectKey: ORG_B, password: 'stranger password' }));
    const stranger = await t.platform.accounts.login('sz-stranger', 'stranger password');
    const ledgerLength = () => ledgerCount(t.platform.db);
    const before = await ledgerLength();
    const answer = async (method: string, path: (id: string) => string, token: string | null, body?: unknown) => {
      const known = await call(method, path(entryId), token, body);
      const none = await call(method, path(unknown), token, body);
      expect(none.status).toBe(404);
      expect({ status: known.status, type: known.body.type, detail: known.body.detail }).toEqual({
        status: none.status,
        type: none.body.type,
        detail: none.body.detail.replace(unknown, entryId),
      });
    };
    for (const [step, body] of [
      ['notice', { facts: '告知' }],
      ['decision', { outcome: 'drop', reasons: '不予列入' }],
      ['removal', { reason: 'decision-revoked', reasons: '撤销' }],
      ['statement', { statement: '代为陈述' }],
    ] as const) {
      await answer('POST', (id) => `/v1/list-entries/${id}/${step}`, other, body);
    }
    await answer('POST', (id) => `/v1/list-entries/${id}/statement`, stranger.token, { statement: '申辩' });
    await answer('GET', (id) => `/v1/list-entries/${id}`, other);
    await answer('GET', (id) => `/v1/list-entries/${id}`, stranger.token);
    await answer('GET', (id) => `/v1/list-entries/${id}`, null);
    // The portal's statement form sends back the same words for either.
    const state = async (id: string) => {
      const posted = await fetch(`${server.url}/me/statements`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: `xy_session=${encodeURIComponent(stranger.token)}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: stranger.csrfToken, entryId: id, statement: '申辩' }).toString(),
      });
      expect(posted.status).toBe(303);
      return decodeURIComponent(posted.headers.get('location') ?? '');
    };
    expect(await state(entryId)).toBe((await state(unknown)).replace(unknown, entryId));
    // An administrator sees every entry in full, so it is refused the deciding agency's step by name.
    const admin = (await call('POST', '/v1/session', null, { username: 'dp-admin', password: 'admin password here' })).body.token as string;
    const byAdmin = await call('POST', `/v1/list-entries/${entryId}/notice`, admin, { facts: '告知' });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.type).toBe('/problems/forbidden');
    expect(await ledgerLength()).toBe(before);
    expect((await call('GET', `/v1/list-entries/${entryId}`, samr)).body.state).toBe('proposed');
  });

  it('refuses to list without notice, and during the notice period says from when it can', async () => {
    const early = await call('POST', `/v1/list-entries/${entryId}/decision`, samr, { outcome: 'add', reasons: '严重违法' });
    expect(early.status).toBe(409);
    expect(early.type).toMatch(/problem\+json/);
    expect(early.body).toMatchObject({ type: '/problems/step-refused', refusal: { code: 'notice-required' } });
    // Another agency may not see the proposed entry: answered as if there were none.
    const notOwner = await call('POST', `/v1/list-entries/${entryId}/notice`, other, { facts: 'x' });
    expect(notOwner.status).toBe(404);
    const notice = await call('POST', `/v1/list-entries/${entryId}/notice`, samr, {
      facts: '当事人发布虚假广告，受到吊销营业执照处罚，拟列入严重违法失信名单；可于期限内陈述申辩。',
    });
    expect(notice.status).toBe(200);
    // Ten working days from Friday 2026-11-20.
    expect(notice.body).toMatchObject({ state: 'notified', noticeServedOn: '2026-11-20', noticeDeadline: '2026-12-04' });
    const running = await call('POST', `/v1/list-entries/${entryId}/decision`, samr, { outcome: 'add', reasons: '严重违法' });
    expect(running.status).toBe(409);
    expect(running.body.refusal).toMatchObject({ code: 'notice-period-running', possibleFrom: '2026-12-05' });
  });

  it('lets the subject log in and state its case, then the agency lists it', async () => {
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'hz-example', role: 'subject', subjectKey: ORG_A, password: 'correct horse battery' }));
    const bad = await call('POST', '/v1/session', null, { username: 'hz-example', password: 'wrong password!' });
    expect(bad.status).toBe(401);
    const login = await call('POST', '/v1/session', null, { username: 'hz-example', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    subjectToken = login.body.token;
    // The subject states its case from its portal page, which offers the form until the deadline.
    const cookie = `xy_session=${encodeURIComponent(subjectToken)}`;
    const page = await (await fetch(`${server.url}/me`, { headers: { cookie } })).text();
    expect(page).toContain(`name="entryId" value="${entryId}"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const posted = await fetch(`${server.url}/me/statements`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, entryId, statement: '已整改，请求不予列入。' }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/me?ok=statement');
    const stated = await call('GET', `/v1/list-entries/${entryId}`, samr);
    expect(stated.body).toMatchObject({ state: 'statement-received', statementOn: '2026-11-20' });
    // Once stated, the form is gone; objection remains open to it.
    const after = await (await fetch(`${server.url}/me`, { headers: { cookie } })).text();
    expect(after).not.toContain('data-statement-open');
    expect(after).toContain(`name="targetType" value="list-entry" /><input type="hidden" name="targetId" value="${entryId}"`);
    const decided = await call('POST', `/v1/list-entries/${entryId}/decision`, samr, { outcome: 'add', reasons: '陈述申辩理由不成立' });
    expect(decided.body).toMatchObject({ state: 'in-force', listedOn: '2026-11-20', until: '2029-11-20' });
    const list = await call('GET', '/v1/lists/samr-serious-illegal/entries', null);
    expect(list.body.entries.map((e: { subject: { code: string } }) => e.subject.code)).toEqual([ORG_A]);
    const profile = await call('GET', `/v1/subjects/${ORG_A}`, null);
    expect(profile.body.listEntries).toMatchObject([{ list: 'samr-serious-illegal', area: 'fair-competition-and-social-order', disputed: false }]);
  });

  it('records an objection, shows the record disputed, and refuses the objection', async () => {
    const denied = await call('POST', '/v1/objections', null, { target: { type: 'record', id: recordId }, reasons: 'x' });
    expect(denied.status).toBe(401);
    const filed = await call('POST', '/v1/objections', subjectToken, {
      target: { type: 'record', id: recordId },
      reasons: '处罚事实认定有误',
      evidence: ['整改报告'],
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ state: 'open', deadline: '2026-12-04', decidingAgency: 'samr-hangzhou', overdue: false });
    objectionId = filed.body.objectionId;
    const duplicate = await call('POST', '/v1/objections', subjectToken, { target: { type: 'record', id: recordId }, reasons: '再次异议' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.refusal).toEqual({ code: 'already-open', objectionId, deadline: '2026-12-04' });
    const profile = await call('GET', `/v1/subjects/${ORG_A}`, null);
    expect(profile.body.records.find((r: { recordId: string }) => r.recordId === recordId).disputed).toBe(true);
    const queue = await call('GET', '/v1/agency/queue', samr);
    expect(queue.body.objections.map((o: { objectionId: string }) => o.objectionId)).toEqual([objectionId]);
    const wrongAgency = await call('POST', `/v1/objections/${objectionId}/decision`, other, { outcome: 'maintained', reasons: 'x' });
    expect(wrongAgency.status).toBe(403);
    const decided = await call('POST', `/v1/objections/${objectionId}/decision`, samr, { outcome: 'maintained', reasons: '事实清楚，证据确凿' });
    expect(decided.body).toMatchObject({ state: 'maintained', decidedOn: '2026-11-20' });
    const again = await call('GET', `/v1/subjects/${ORG_A}`, null);
    expect(again.body.records.find((r: { recordId: string }) => r.recordId === recordId).disputed).toBe(false);
  });

  it('refuses repair applied too early, with the date it becomes possible', async () => {
    const early = await call('POST', '/v1/repairs', subjectToken, {
      target: { type: 'record', id: recordId },
      evidence: ['罚款缴纳凭证'],
      commitment: { text: '本单位承诺……', signatory: '王五' },
    });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ type: '/problems/repair-refused', refusal: { code: 'too-early', possibleFrom: '2027-11-16' } });
    expect(early.body.detail).toContain('2027-11-16');
  });

  it('accepts a complete application in time, and approval ends publicity without deleting anything', async () => {
    t.clock.set('2027-11-17T02:00:00Z');
    subjectToken = (await call('POST', '/v1/session', null, { username: 'hz-example', password: 'correct horse battery' })).body.token;
    const noCommitment = await call('POST', '/v1/repairs', subjectToken, {
      target: { type: 'record', id: recordId },
      evidence: ['罚款缴纳凭证'],
      commitment: { text: '', signatory: '' },
    });
    expect(noCommitment.body.refusal).toMatchObject({ code: 'commitment-required' });
    const applied = await call('POST', '/v1/repairs', subjectToken, {
      target: { type: 'record', id: recordId },
      evidence: ['罚款缴纳凭证', '整改完成报告'],
      commitment: { text: '本单位承诺所提交材料真实有效，并依法履行义务。', signatory: '王五（法定代表人）' },
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ state: 'pending', appliedOn: '2027-11-17', decidingAgency: 'samr-hangzhou' });
    const twice = await call('POST', '/v1/repairs', subjectToken, {
      target: { type: 'record', id: recordId },
      evidence: ['x'],
      commitment: { text: 'x', signatory: 'x' },
    });
    expect(twice.body.refusal).toMatchObject({ code: 'already-pending' });
    expect(twice.body.detail).toContain(applied.body.repairId);
    const profile = await call('GET', `/v1/subjects/${ORG_A}`, null);
    expect(profile.body.records.find((r: { recordId: string }) => r.recordId === recordId).underRepair).toBe(true);
    const approved = await call('POST', `/v1/repairs/${applied.body.repairId}/decision`, samr, { outcome: 'approved', reasons: '已履行全部义务' });
    expect(approved.body).toMatchObject({ state: 'approved', decidedOn: '2027-11-17' });
    const after = await call('GET', `/v1/subjects/${ORG_A}`, null);
    expect(after.body.records.map((r: { recordId: string }) => r.recordId)).not.toContain(recordId);
    const before = await call('GET', `/v1/subjects/${ORG_A}?asOf=2027-11-16`, null);
    expect(before.body.records.map((r: { recordId: string }) => r.recordId)).toContain(recordId);
    // The subject still sees the record, marked as ended by repair.
    const me = await call('GET', '/v1/me', subjectToken);
    const own = me.body.records.find((r: { recordId: string }) => r.recordId === recordId);
    expect(own).toMatchObject({ publicNow: false, publicityEndedOn: '2027-11-17', publicityEndReason: 'repair', status: 'active' });
    expect(JSON.stringify(me.body)).not.toMatch(/"hash"/);
    expect((await t.platform.db.query('SELECT 1 FROM credit_record WHERE record_id = $1', [recordId])).length).toBe(1);
  });

  it('ends a listing by itself at its expiry, and answers who was listed on a past day', async () => {
    t.clock.set('2029-11-21T02:00:00Z');
    const ticked = await t.platform.tick();
    expect(ticked.entriesExpired).toBe(1);
    const now = await call('GET', '/v1/lists/samr-serious-illegal/entries', null);
    expect(now.body.entries).toHaveLength(0);
    const then = await call('GET', '/v1/lists/samr-serious-illegal/entries?date=2028-06-01', null);
    expect(then.body.entries.map((e: { entryId: string }) => e.entryId)).toEqual([entryId]);
    const entry = await call('GET', `/v1/list-entries/${entryId}`, samr);
    expect(entry.body).toMatchObject({ state: 'removed', removalReason: 'expiry', removedOn: '2029-11-20' });
  });

  it('keeps the subject to its own records: no objections or repairs about others', async () => {
    subjectToken = (await call('POST', '/v1/session', null, { username: 'hz-example', password: 'correct horse battery' })).body.token;
    await call('POST', '/v1/records', samr, [registration(ORG_B, '深圳示例有限公司'), penalty(2, { code: ORG_B, date: '2029-11-01' })]);
    const [other] = await t.platform.db.query<{ record_id: string }>(
      "SELECT record_id FROM credit_record_view WHERE subject_key = $1 AND item <> 'registration-basics'",
      [ORG_B],
    );
    // Without standing, a target is answered as if it did not exist (no oracle of what exists).
    const objection = await call('POST', '/v1/objections', subjectToken, { target: { type: 'record', id: other!.record_id }, reasons: 'x' });
    expect(objection.status).toBe(404);
    const repair = await call('POST', '/v1/repairs', subjectToken, {
      target: { type: 'record', id: other!.record_id },
      evidence: ['x'],
      commitment: { text: 'x', signatory: 'x' },
    });
    expect(repair.status).toBe(403);
  });

  it("serves notice with the decision on a list without a period to state one's case, so nothing is listed without notice", async () => {
    const filed = await call('POST', '/v1/records', samr, {
      item: 'abnormal-operations',
      subject: { code: ORG_C, name: '深圳示例贸易有限公司' },
      decision: { number: '深市监异〔2029〕1号', date: '2029-11-01', authority: '深圳市市场监督管理局', basis: '《企业信息公示暂行条例》第十七条' },
      fields: { reason: 'annual-report-not-filed' },
    });
    expect(filed.status).toBe(201);
    const [proposed] = await t.platform.db.query<{ entry_id: string }>(
      "SELECT entry_id FROM list_entry WHERE subject_key = $1 AND list = 'abnormal-operations' AND state = 'proposed'",
      [ORG_C],
    );
    const decided = await call('POST', `/v1/list-entries/${proposed!.entry_id}/decision`, samr, { outcome: 'add', reasons: '未按期报送年度报告。' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ state: 'in-force', noticeServedOn: '2029-11-21', noticeDeadline: '2029-11-21' });
    const events = await ledgerEvents(t.platform.db, (e) => e.data.entryId === proposed!.entry_id);
    expect(events.map((e) => e.type)).toEqual(['list.proposed', 'list.notified', 'list.decided']);
  });

  it('answers entries, objections, repairs, the queue and escalations on the wire exactly as the services hold them', async () => {
    // The responses are serialized by their documented schemas, which would silently drop a field
    // they leave out: every field the services give must arrive.
    const p = t.platform;
    const login = await call('POST', '/v1/session', null, { username: 'dp-admin', password: 'admin password here' });
    const admin = login.body.token as string;
    const principal = { kind: 'account' as const, account: await p.accounts.authenticate(admin) };
    const asJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    const entries = await p.db.query<{ entry_id: string }>('SELECT entry_id FROM list_entry ORDER BY entry_id');
    const objections = await p.db.query<{ objection_id: string }>('SELECT objection_id FROM objection ORDER BY objection_id');
    const repairs = await p.db.query<{ repair_id: string }>('SELECT repair_id FROM repair_application ORDER BY repair_id');
    expect(entries.length).toBeGreaterThan(1);
    expect(objections.length).toBeGreaterThan(0);
    expect(repairs.length).toBeGreaterThan(0);
    for (const { entry_id } of entries) {
      const wire = await call('GET', `/v1/list-entries/${entry_id}`, admin);
      expect(wire.body).toEqual(asJson(await p.lists.get(entry_id)));
    }
    // The public view of an entry in force, to anyone.
    const [inForce] = await p.db.query<{ entry_id: string }>("SELECT entry_id FROM list_entry WHERE state = 'in-force' ORDER BY entry_id LIMIT 1");
    const publicView = await call('GET', `/v1/list-entries/${inForce!.entry_id}`, null);
    expect(publicView.body).toEqual(asJson(p.subjects.entryView(await p.lists.get(inForce!.entry_id))));
    for (const { objection_id } of objections) {
      const wire = await call('GET', `/v1/objections/${objection_id}`, admin);
      expect(wire.body).toEqual(asJson(await p.objections.get(principal, objection_id)));
    }
    for (const { repair_id } of repairs) {
      const wire = await call('GET', `/v1/repairs/${repair_id}`, admin);
      expect(wire.body).toEqual(asJson(await p.repairs.get(principal, repair_id)));
    }
    const queue = await call('GET', '/v1/agency/queue', samr);
    expect(queue.body.objections).toEqual(asJson(await p.objections.queue('samr-hangzhou')));
    expect(queue.body.repairs).toEqual(asJson(await p.repairs.queue('samr-hangzhou')));
    for (const e of [...queue.body.toNotify, ...queue.body.awaitingStatement, ...queue.body.readyToDecide]) {
      const full = await p.lists.get(e.entryId);
      expect(e).toEqual({
        entryId: full.entryId,
        list: full.list,
        subjectKey: full.subjectKey,
        state: full.state,
        noticeDeadline: full.noticeDeadline,
        proposedOn: full.proposedOn,
      });
    }
    const escalations = await call('GET', '/v1/escalations', admin);
    expect(escalations.body).toEqual(asJson({ objections: await p.objections.overdue(), repairs: await p.repairs.overdue() }));
  });

  it("escalates an objection to a list entry left past its deadline; upheld, it ends the listing through the list's own rules", async () => {
    const [entry] = await t.platform.db.query<{ entry_id: string }>(
      "SELECT entry_id FROM list_entry WHERE subject_key = $1 AND list = 'abnormal-operations' AND state = 'in-force'",
      [ORG_C],
    );
    // Another market regulator has no legal interest in the entry (answered as if there were none); the subject objects.
    expect((await call('POST', '/v1/objections', other, { target: { type: 'list-entry', id: entry!.entry_id }, reasons: '该企业已于期限内报送年度报告' })).status).toBe(404);
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'sz-trade', role: 'subject', subjectKey: ORG_C, password: 'sz trade password' }));
    const orgC = (await call('POST', '/v1/session', null, { username: 'sz-trade', password: 'sz trade password' })).body.token as string;
    const filed = await call('POST', '/v1/objections', orgC, { target: { type: 'list-entry', id: entry!.entry_id }, reasons: '本企业已于期限内报送年度报告' });
    expect(filed.status).toBe(201);
    const id = filed.body.objectionId as string;
    const login = async () => (await call('POST', '/v1/session', null, { username: 'dp-admin', password: 'admin password here' })).body.token as string;
    let admin = await login();
    const open = await call('GET', '/v1/escalations', admin);
    expect(open.body.objections.map((o: { objectionId: string }) => o.objectionId)).not.toContain(id);
    t.clock.set(`${addDays(filed.body.deadline, 1)}T02:00:00Z`);
    admin = await login(); // the session has expired meanwhile
    const overdue = await call('GET', '/v1/escalations', admin);
    expect(overdue.body.objections.find((o: { objectionId: string }) => o.objectionId === id)).toMatchObject({
      overdue: true,
      decidingAgency: 'samr-hangzhou',
    });
    const decided = await call('POST', `/v1/objections/${id}/decision`, samr, { outcome: 'withdrawn', reasons: '经核实，异议成立。' });
    expect(decided.status).toBe(200);
    expect(decided.body.state).toBe('withdrawn');
    const after = await call('GET', `/v1/list-entries/${entry!.entry_id}`, samr);
    expect(after.body).toMatchObject({ state: 'removed', removalReason: 'objection-upheld', removedOn: addDays(filed.body.deadline, 1) });
    expect((await call('GET', '/v1/escalations', admin)).body.objections).toEqual([]);
  });

  it('decides objections to a record as corrected (a new version) or withdrawn (no longer public), both in the ledger', async () => {
    const [r] = await t.platform.db.query<{ record_id: string }>(
      "SELECT record_id FROM credit_record_view WHERE subject_key = $1 AND item = 'administrative-penalty-general'",
      [ORG_B],
    );
    const id = r!.record_id;
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'sz-example', role: 'subject', subjectKey: ORG_B, password: 'sz example password' }));
    const orgB = (await call('POST', '/v1/session', null, { username: 'sz-example', password: 'sz example password' })).body.token as string;
    const object = async () =>
      (await call('POST', '/v1/objections', orgB, { target: { type: 'record', id }, reasons: '罚款金额有误' })).body.objectionId as string;
    const corrected = await call('POST', `/v1/objections/${await object()}/decision`, samr, {
      outcome: 'corrected',
      reasons: '经复核，罚款金额更正。',
      correction: { fields: { fineAmount: 1000 } },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.state).toBe('corrected');
    const profile = await call('GET', `/v1/subjects/${ORG_B}`, null);
    const shown = profile.body.records.find((x: { recordId: string }) => x.recordId === id);
    expect(shown.fields.fineAmount).toBe(1000);
    expect(shown.disputed).toBe(false);
    const withdrawn = await call('POST', `/v1/objections/${await object()}/decision`, samr, { outcome: 'withdrawn', reasons: '处罚决定已被撤销。' });
    expect(withdrawn.body.state).toBe('withdrawn');
    const after = await call('GET', `/v1/subjects/${ORG_B}`, null);
    expect(after.body.records.map((x: { recordId: string }) => x.recordId)).not.toContain(id);
    const events = await ledgerEvents(t.platform.db, (e) => e.data.recordId === id);
    expect(events.map((e) => e.type)).toEqual(['record.filed', 'record.corrected', 'record.withdrawn']);
    // Nothing is deleted: the record is still there, withdrawn.
    expect((await t.platform.db.query('SELECT status FROM credit_record WHERE record_id = $1', [id]))[0]).toEqual({ status: 'withdrawn' });
  });

  // Notice before listing, on every list but one whose deciding authority gives notice by its own
  // procedure (a court's: its decision is filed as the listing, SPC provisions art. 5).
  it('has a notice event before every decision to list, over the whole ledger', async () => {
    const listOf = new Map(
      (await t.platform.db.query<{ entry_id: string; list: string }>('SELECT entry_id, list FROM list_entry')).map((e) => [e.entry_id, e.list]),
    );
    const rows = (await ledgerEvents(t.platform.db, (e) => e.type === 'list.notified' || e.type === 'list.decided')).flatMap((e) => {
      const entry = e.data.entryId as string;
      const list = listOf.get(entry);
      return list === undefined ? [] : [{ entry, list, type: e.type, outcome: e.data.outcome ?? null }];
    });
    const notified = new Set<string>();
    let listed = 0;
    for (const r of rows) {
      if (t.platform.policy.list(r.list)!.inForceFromDecision) continue;
      if (r.type === 'list.notified') notified.add(r.entry);
      else if (r.outcome === 'add') {
        listed++;
        expect(notified.has(r.entry), `entry ${r.entry} listed without notice`).toBe(true);
      }
    }
    expect(listed).toBeGreaterThanOrEqual(2);
  });

  it('keeps an intact chain, and rebuilt projections equal the incremental ones', async () => {
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
    const incremental = await dump(t.platform.db);
    expect(incremental.list_entry!.length).toBe(2);
    expect(incremental.objection!.length).toBe(4);
    expect(incremental.repair_application!.length).toBe(1);
    await t.platform.rebuild();
    expect(await dump(t.platform.db)).toEqual(incremental);
  });
});
