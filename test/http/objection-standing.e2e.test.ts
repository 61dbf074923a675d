// Who may object, end to end on both stores. An objection marks its record or entry disputed in
// public and must be decided by the deciding agency, so only those with a legal interest may
// file one: the subject concerned, the deciding agency (reviewing its own decision), and an
// agency of a kind the pack states a legal interest for (catalogue.yaml / lists.yaml
// `objectionStanding`, each with its legal basis: here the development and reform department
// for records of a government body's default on its commitments to businesses, 国发〔2016〕76号).
// An unrelated agency is refused with 403 and changes nothing: the record is not disputed and
// the subject can still object. Each party has at most one objection open on a target, so an
// agency's objection never stands in the subject's way, and the objecting agency reads its own
// objection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { ledgerCount } from '../support/ledger-rows.ts';
import { buildUscc } from '../../src/domain/ids/uscc.ts';

const GOVERNMENT = buildUscc('1', '1', '330100', '0025431X'); // a state organ

function governmentDefault(n: number) {
  return {
    item: 'contract-default-government',
    subject: { code: GOVERNMENT, name: '某区人民政府' },
    decision: { number: `(2026)浙01民终${n}号`, date: '2026-10-12', authority: '杭州市中级人民法院', basis: '《优化营商环境条例》第三十一条' },
    fields: { counterparty: '杭州示例科技有限公司', contractName: '道路养护服务合同', finding: 'court-judgment', amountOwed: 1200000 },
  };
}

describe.each(ALL_STORES)('who may object, over HTTP on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  const key: Record<string, string> = {};
  let penaltyId: string;
  let entryId: string;
  let defaultId: string;
  let subjectA: string;
  let government: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    for (const [code, kind] of [
      ['samr-hangzhou', 'market-regulation'],
      ['samr-ningbo', 'market-regulation'],
      ['court-hangzhou', 'court'],
      ['ndrc-zhejiang', 'development-reform'],
      ['tax-zhejiang', 'tax'],
    ] as const) {
      key[code] = (await addAgency(t.platform, code, kind)).apiKey;
    }
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    const filed = await call('POST', '/v1/records', key['samr-hangzhou']!, [registration(ORG_A), penalty(1, { date: '2026-11-02' }), penalty(2, { severity: 'serious', date: '2026-11-16' })]);
    expect(filed.status).toBe(201);
    penaltyId = filed.body.records[1].recordId;
    entryId = (await call('GET', '/v1/agency/queue', key['samr-hangzhou']!)).body.toNotify[0].entryId;
    const court = await call('POST', '/v1/records', key['court-hangzhou']!, governmentDefault(1));
    expect(court.status, JSON.stringify(court.body)).toBe(201);
    defaultId = court.body.records[0].recordId;
    await asActor(ADMIN, async () => {
      await t.platform.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'org a password' });
      await t.platform.accounts.create({ username: 'district', role: 'subject', subjectKey: GOVERNMENT, password: 'district password' });
    });
    subjectA = (await call('POST', '/v1/session', null, { username: 'org-a', password: 'org a password' })).body.token;
    government = (await call('POST', '/v1/session', null, { username: 'district', password: 'district password' })).body.token;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);
  const ledgerLength = () => ledgerCount(t.platform.db);
  const disputed = async (code: string, recordId: string) =>
    (await call('GET', `/v1/subjects/${code}`, null)).body.records.find((r: { recordId: string }) => r.recordId === recordId).disputed as boolean;

  it("refuses an unrelated agency's objection to another agency's record as if there were no such record, and changes nothing", async () => {
    const before = await ledgerLength();
    // Answered exactly as an unknown id: no oracle of which records exist, who decided them, or whether they stand.
    const unknown = await call('POST', '/v1/objections', key['samr-ningbo']!, { target: { type: 'record', id: 'rec_000000000000000000000000' }, reasons: '该处罚有误' });
    expect(unknown.status).toBe(404);
    for (const agency of ['samr-ningbo', 'tax-zhejiang', 'court-hangzhou', 'ndrc-zhejiang']) {
      const r = await call('POST', '/v1/objections', key[agency]!, { target: { type: 'record', id: penaltyId }, reasons: '该处罚有误' });
      expect(r.status, agency).toBe(404);
      expect(r.body.type).toBe('/problems/record-not-found');
      expect(r.body.detail).toBe(unknown.body.detail.replace('rec_000000000000000000000000', penaltyId));
    }
    const entry = await call('POST', '/v1/objections', key['samr-ningbo']!, { target: { type: 'list-entry', id: entryId }, reasons: '不应列入' });
    expect(entry.status).toBe(404);
    expect(entry.body.type).toBe('/problems/list-entry-not-found');
    expect(await ledgerLength()).toBe(before);
    expect(await t.platform.db.query('SELECT 1 FROM objection')).toEqual([]);
    expect(await disputed(ORG_A, penaltyId)).toBe(false);
  });

  it("takes the subject's own objection, which marks the record disputed", async () => {
    const r = await call('POST', '/v1/objections', subjectA, { target: { type: 'record', id: penaltyId }, reasons: '处罚事实认定有误' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ state: 'open', decidingAgency: 'samr-hangzhou', filedBy: expect.stringMatching(/^subject:/) });
    expect(await disputed(ORG_A, penaltyId)).toBe(true);
    const entry = await call('POST', '/v1/objections', subjectA, { target: { type: 'list-entry', id: entryId }, reasons: '不应列入' });
    expect(entry.status).toBe(201);
  });

  it('takes the objection of an agency the pack gives a legal interest, which reads it; others may not read it', async () => {
    const r = await call('POST', '/v1/objections', key['ndrc-zhejiang']!, { target: { type: 'record', id: defaultId }, reasons: '欠款已于判决后支付' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ state: 'open', decidingAgency: 'court-hangzhou', filedBy: 'agency:ndrc-zhejiang' });
    const id = r.body.objectionId as string;
    expect(await disputed(GOVERNMENT, defaultId)).toBe(true);
    const own = await call('GET', `/v1/objections/${id}`, key['ndrc-zhejiang']!);
    expect(own.status).toBe(200);
    expect(own.body).toEqual(r.body);
    expect((await call('GET', `/v1/objections/${id}`, key['court-hangzhou']!)).status).toBe(200);
    for (const agency of ['samr-ningbo', 'tax-zhejiang']) expect((await call('GET', `/v1/objections/${id}`, key[agency]!)).status, agency).toBe(403);
    // Only the kinds the pack names: a tax bureau has no standing on this record.
    const tax = await call('POST', '/v1/objections', key['tax-zhejiang']!, { target: { type: 'record', id: defaultId }, reasons: 'x' });
    expect(tax.status).toBe(404);
    // The agency's open objection does not stand in the way of the subject's own.
    const mine = await call('POST', '/v1/objections', government, { target: { type: 'record', id: defaultId }, reasons: '合同已解除' });
    expect(mine.status).toBe(201);
    const again = await call('POST', '/v1/objections', key['ndrc-zhejiang']!, { target: { type: 'record', id: defaultId }, reasons: '再次' });
    expect(again.status).toBe(409);
    expect(again.body.refusal).toMatchObject({ code: 'already-open', objectionId: id });
    const queue = await call('GET', '/v1/agency/queue', key['court-hangzhou']!);
    expect(queue.body.objections.map((o: { objectionId: string }) => o.objectionId).sort()).toEqual([id, mine.body.objectionId].sort());
  });

  it('decides each objection; once one withdraws the record, the other can only be maintained', async () => {
    const open = (await call('GET', '/v1/agency/queue', key['court-hangzhou']!)).body.objections as Array<{ objectionId: string; filedBy: string }>;
    const [first, second] = open;
    const withdrawn = await call('POST', `/v1/objections/${first!.objectionId}/decision`, key['court-hangzhou']!, { outcome: 'withdrawn', reasons: '经核实，欠款已付清。' });
    expect(withdrawn.status).toBe(200);
    const refused = await call('POST', `/v1/objections/${second!.objectionId}/decision`, key['court-hangzhou']!, { outcome: 'withdrawn', reasons: '同上' });
    expect(refused.status).toBe(409);
    expect(refused.body.refusal).toMatchObject({ code: 'withdrawn' });
    const maintained = await call('POST', `/v1/objections/${second!.objectionId}/decision`, key['court-hangzhou']!, {
      outcome: 'maintained',
      reasons: '记录已因另一异议撤回。',
    });
    expect(maintained.status).toBe(200);
    expect(await ledgerCount(t.platform.db, 'record.withdrawn')).toBe(1);
  });

  it('the deciding agency may object to its own record (its own review)', async () => {
    const r = await call('POST', '/v1/objections', key['samr-hangzhou']!, { target: { type: 'record', id: penaltyId }, reasons: '复核发现金额有误' });
    expect(r.status).toBe(201);
  });
});
