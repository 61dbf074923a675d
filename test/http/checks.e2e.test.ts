// Credit checks end to end on both stores: a court lists a defaulting company; checks of the
// company and of its legal representative explain every measure with its trigger and legal
// basis; rewards are suppressed while a restriction applies; checks at past instants answer as
// the platform would have then; every check is logged, fed back and counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { buildUscc } from '../../src/domain/ids/uscc.ts';

const LEGAL_REP = '440524188001010014'; // the legal representative in registration()

function judgment(n: number, code = ORG_A) {
  return {
    item: 'judgment-defaulter',
    subject: { code, name: '杭州示例科技有限公司' },
    decision: {
      number: `(2026)浙0106执${n}号`,
      date: '2026-11-02',
      authority: '杭州市西湖区人民法院',
      basis: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条',
    },
    fields: {
      caseNumber: `(2026)浙0106执${n}号`,
      executionBasis: '(2025)浙0106民初88号',
      basisIssuer: '杭州市西湖区人民法院',
      obligation: '支付货款人民币十万元',
      performance: 'not-performed',
      circumstances: ['able-but-refuses'],
      until: '2028-11-01',
      legalRepresentative: '王五',
      legalRepresentativeId: LEGAL_REP,
    },
  };
}

function aGrade(code: string) {
  return {
    item: 'tax-a-grade-taxpayer',
    subject: { code, name: '纳税人' },
    decision: { number: `浙税信〔2026〕A-${code.slice(-4)}`, date: '2026-04-30', authority: '国家税务总局浙江省税务局', basis: '《纳税缴费信用管理办法》' },
    fields: { evaluationYear: 2025, validUntil: '2027-04-30' },
  };
}

describe.each(ALL_STORES)('credit checks over HTTP on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let court: string;
  let samr: string;
  let tax: string;
  let checkId: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    court = (await addAgency(t.platform, 'court-xihu', 'court')).apiKey;
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    tax = (await addAgency(t.platform, 'tax-zhejiang', 'tax')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);
  const check = (subject: string, scenario: string, at?: string) => call('POST', '/v1/checks', samr, { subject, scenario, ...(at ? { at } : {}) });
  /** A value as JSON would carry it (what a response serialized without a schema holds). */
  const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
  /** The index follows the ledger; wait until it has seen everything committed so far. */
  const settle = () => t.platform.checks.index.catchUp();

  it('publishes at least 25 measures and a closed set of scenarios', async () => {
    const m = await call('GET', '/v1/measures', null);
    expect(m.body.measures.length).toBeGreaterThanOrEqual(25);
    expect(m.body.measures.filter((x: { code: string }) => x.code.startsWith('hc-'))).toHaveLength(9);
    expect(m.body.conflictResolution.order).toEqual(['prohibit', 'restrict', 'enhanced-scrutiny', 'priority', 'simplified-procedure']);
    // Serialized by the documented schema, the list loses nothing of the pack.
    expect(m.body.measures).toEqual(roundTrip(t.platform.policy.measures));
    expect(m.body.conflictResolution).toEqual(roundTrip(t.platform.policy.conflictResolution));
    const s = await call('GET', '/v1/scenarios', null);
    expect(s.body.scenarios).toEqual(roundTrip(t.platform.policy.scenarios));
    expect(s.body.scenarios.map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining([
        'procurement-bid',
        'licence-application',
        'subsidy-application',
        'appointment',
        'bond-issuance',
        'high-consumption',
        'inspection-planning',
      ]),
    );
    const bad = await check(ORG_A, 'social-score');
    expect(bad.status).toBe(422);
  });

  it('finds nothing on a clean subject', async () => {
    await call('POST', '/v1/records', samr, [registration(ORG_A), registration(ORG_B, '深圳示例有限公司')]);
    await settle();
    const r = await check(ORG_A, 'procurement-bid');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      outcome: 'none',
      measures: [],
      subject: { code: ORG_A, kind: 'enterprise' },
      scenario: 'procurement-bid',
      policyVersion: 'cn-national@2026.11',
    });
    expect(r.body.checkId).toMatch(/^chk_/);
  });

  it('explains the measures on a listed judgment defaulter, with triggers and legal bases', async () => {
    // The court decides and files on 10 December; its decision is the listing (SPC provisions art. 5).
    t.clock.set('2026-12-10T02:00:00Z');
    await call('POST', '/v1/records', court, { ...judgment(1), decision: { ...judgment(1).decision, date: '2026-12-10' } });
    const [listing] = await t.platform.db.query<{ entry_id: string }>("SELECT entry_id FROM list_entry WHERE list = 'dishonest-judgment-defaulters'");
    const entryId = listing!.entry_id;
    await settle();

    const hc = await check(ORG_A, 'high-consumption');
    expect(hc.body.outcome).toBe('prohibit');
    expect(hc.body.measures).toHaveLength(9);
    for (const m of hc.body.measures) {
      expect(m.legalBasis.length).toBeGreaterThan(0);
      expect(m.implementingAuthority.zh).toBeTruthy();
      expect(m.triggers.length).toBeGreaterThan(0);
    }
    const listed = hc.body.measures[0].triggers.find((x: { type: string }) => x.type === 'list-entry');
    expect(listed).toMatchObject({ type: 'list-entry', id: entryId, source: 'dishonest-judgment-defaulters', listedOn: '2026-12-10', disputed: false });
    expect(listed.legalBasis[0].reference).toBe('法释〔2017〕7号');

    const bid = await check(ORG_A, 'procurement-bid');
    expect(bid.body.outcome).toBe('prohibit');
    expect(bid.body.measures.map((m: { code: string }) => m.code)).toEqual(['bidding-exclusion-defaulters']);
    const licence = await check(ORG_A, 'licence-application');
    expect(licence.body).toMatchObject({ outcome: 'none', measures: [] });
  });

  it('reaches the legal representative of the defaulting company through the role the records name', async () => {
    const person = await check(LEGAL_REP, 'high-consumption');
    expect(person.body.subject).toMatchObject({ code: '4405**********0014', kind: 'natural-person' });
    expect(person.body.outcome).toBe('prohibit');
    expect(person.body.measures.length).toBe(9);
    expect(person.body.measures[0].via).toEqual({ subject: ORG_A, role: 'legal-representative' });
    const appointment = await check(LEGAL_REP, 'appointment');
    expect(appointment.body.measures.map((m: { code: string }) => m.code)).toEqual(['defaulter-legal-rep-appointment']);
    // A measure that does not extend to legal representatives stays with the company.
    const bid = await check(LEGAL_REP, 'procurement-bid');
    expect(bid.body.outcome).toBe('none');
  });

  it('suppresses rewards while a restriction applies, and grants them otherwise', async () => {
    await call('POST', '/v1/records', tax, [aGrade(ORG_A), aGrade(ORG_B)]);
    for (const code of [ORG_A, ORG_B]) {
      const queue = await call('GET', '/v1/agency/queue', tax);
      const e = queue.body.toNotify.find((x: { subjectKey: string }) => x.subjectKey === code);
      await call('POST', `/v1/list-entries/${e.entryId}/decision`, tax, { outcome: 'add', reasons: '年度评价为A级' });
    }
    await settle();
    const clean = await check(ORG_B, 'subsidy-application');
    expect(clean.body).toMatchObject({ outcome: 'priority', measures: [{ code: 'a-grade-subsidy-priority', suppressed: false }] });
    const listed = await check(ORG_A, 'subsidy-application');
    expect(listed.body.outcome).toBe('prohibit');
    expect(listed.body.measures.map((m: { code: string; suppressed: boolean }) => [m.code, m.suppressed])).toEqual([
      ['subsidy-exclusion', false],
      ['a-grade-subsidy-priority', true],
    ]);
  });

  it('answers at a past instant as the platform would have then', async () => {
    const before = await check(ORG_A, 'high-consumption', '2026-12-01');
    expect(before.body).toMatchObject({ outcome: 'none', date: '2026-12-01' });
    const on = await check(ORG_A, 'high-consumption', '2026-12-10T09:30:00+08:00');
    expect(on.body.outcome).toBe('prohibit');
    const future = await check(ORG_A, 'high-consumption', '2030-01-01');
    expect(future.status).toBe(422);
  });

  it('lifts the measures when the listing is removed, and still answers for the day before', async () => {
    t.clock.set('2027-01-15T02:00:00Z');
    const [entry] = await t.platform.db.query<{ entry_id: string }>("SELECT entry_id FROM list_entry WHERE list = 'dishonest-judgment-defaulters'");
    const removed = await call('POST', `/v1/list-entries/${entry!.entry_id}/removal`, court, { reason: 'performance', reasons: '已全部履行' });
    expect(removed.body.state).toBe('removed');
    await settle();
    expect((await check(ORG_A, 'high-consumption')).body.outcome).toBe('none');
    expect((await check(ORG_A, 'high-consumption', '2027-01-14')).body.outcome).toBe('prohibit');
    expect((await check(LEGAL_REP, 'high-consumption')).body.outcome).toBe('none');
  });

  it('answers a batch of checks as NDJSON, one result per line', async () => {
    const body = [
      { subject: ORG_A, scenario: 'procurement-bid', at: '2026-12-20' },
      { subject: ORG_B, scenario: 'inspection-planning' },
      { subject: 'nonsense', scenario: 'procurement-bid' },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const res = await fetch(`${server.url}/v1/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(res.headers.get('content-type')).toMatch(/ndjson/);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(lines[0].result.outcome).toBe('prohibit');
    expect(lines[1].result).toMatchObject({ outcome: 'simplified-procedure', measures: [{ code: 'trustworthy-fewer-inspections' }] });
    expect(lines[2].error.type).toBe('/problems/invalid-identifier');
  });

  it('logs every check, takes feedback from the asking agency, and publishes statistics', async () => {
    const r = await check(ORG_A, 'procurement-bid', '2026-12-20');
    checkId = r.body.checkId;
    const wrong = await call('POST', `/v1/checks/${checkId}/feedback`, court, { action: 'measures-applied', measures: ['bidding-exclusion-defaulters'] });
    expect(wrong.status).toBe(403);
    const fb = await call('POST', `/v1/checks/${checkId}/feedback`, samr, {
      action: 'measures-applied',
      measures: ['bidding-exclusion-defaulters'],
      note: '取消投标资格',
    });
    expect(fb.status).toBe(201);
    const twice = await call('POST', `/v1/checks/${checkId}/feedback`, samr, { action: 'no-action-needed' });
    expect(twice.status).toBe(409);
    const stats = await call('GET', '/v1/statistics/measures', null);
    expect(stats.body.measuresApplied).toEqual([{ measure: 'bidding-exclusion-defaulters', times: 1 }]);
    expect(stats.body.asOf).toBe(t.clock.now().toISOString());
    // One count serves for a minute: a check logged meanwhile shows in the next count.
    const counted = (body: Record<string, unknown>) => (body.checks as Array<{ checks: number }>).reduce((n, c) => n + c.checks, 0);
    const later = await check(ORG_B, 'procurement-bid');
    const again = await call('GET', '/v1/statistics/measures', null);
    expect(again.body).toEqual(stats.body);
    const logged = await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM check_log');
    expect(counted(stats.body)).toBe(logged[0]!.n - 1);
    // Feedback reported here starts a new count.
    expect((await call('POST', `/v1/checks/${later.body.checkId}/feedback`, samr, { action: 'no-action-needed' })).status).toBe(201);
    const fresh = await call('GET', '/v1/statistics/measures', null);
    expect(counted(fresh.body)).toBe(logged[0]!.n);
    expect(logged[0]!.n).toBeGreaterThanOrEqual(15);
    await expect(t.platform.db.query('DELETE FROM check_log')).rejects.toThrow(/append-only/);
  });

  it('sends every part of the answer: the JSON on the wire equals the check computed from the database', async () => {
    // The answer is serialized by its response schema; a field the schema missed would vanish.
    const penalised = buildUscc('9', '1', '330106', '7654321X');
    await call('POST', '/v1/records', samr, {
      item: 'administrative-penalty-serious',
      subject: { code: penalised, name: '杭州受罚贸易有限公司' },
      decision: { number: '杭市监罚〔2026〕88号', date: '2026-11-05', authority: '杭州市市场监督管理局', basis: '《中华人民共和国产品质量法》第四十九条' },
      fields: { penaltyTypes: ['licence-revocation'], violatedProvision: '第四十九条', facts: '生产销售不合格产品' },
    });
    await settle();
    const cases: Array<[string, string, string?]> = [
      [ORG_A, 'high-consumption'], // list-entry triggers
      [ORG_A, 'subsidy-application'], // a suppressed reward
      [LEGAL_REP, 'high-consumption'], // measures reaching a person through a role
      [penalised, 'licence-application'], // record triggers with their decision documents
      [ORG_A, 'high-consumption', '2026-12-01'], // a past instant
    ];
    const triggerTypes = new Set<string>();
    for (const [subject, scenario, at] of cases) {
      const wire = await check(subject, scenario, at);
      expect(wire.status).toBe(200);
      const computed = await t.platform.checks.checkFromDatabase({ subject, scenario, ...(at ? { at } : {}) });
      expect({ ...wire.body, checkId: undefined }).toEqual(roundTrip({ ...computed, checkId: undefined }));
      for (const m of wire.body.measures) for (const tr of m.triggers) triggerTypes.add(tr.type);
    }
    expect([...triggerTypes].sort()).toEqual(['list-entry', 'record']);
  });

  it('shows the subject the checks run about it', async () => {
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' }));
    const login = await call('POST', '/v1/session', null, { username: 'org-a', password: 'a long password' });
    const mine = await call('GET', '/v1/me/checks', login.body.token);
    expect(mine.body.checks.length).toBeGreaterThan(5);
    expect(mine.body.checks.find((c: { checkId: string }) => c.checkId === checkId)).toMatchObject({
      askedBy: 'agency:samr-hangzhou',
      scenario: 'procurement-bid',
      feedbackAction: 'measures-applied',
    });
    for (const c of mine.body.checks) {
      expect(Object.keys(c).sort()).toEqual(['asOf', 'askedAt', 'askedBy', 'checkId', 'feedbackAction', 'measures', 'outcome', 'scenario']);
      expect(new Date(c.askedAt).toISOString()).toBe(c.askedAt);
    }
    expect(mine.body.checks.some((c: { feedbackAction: string | null }) => c.feedbackAction === null)).toBe(true);
    const denied = await call('POST', '/v1/checks', login.body.token, { subject: ORG_B, scenario: 'procurement-bid' });
    expect(denied.status).toBe(403);
  });

  it("logs every view of a natural person: the public profile and the public list page, the public's views included", async () => {
    const person = '11010519491231002X';
    const filed = await call('POST', '/v1/records', court, { ...judgment(90), subject: { idNumber: person, name: '李四' } });
    expect(filed.status).toBe(201);
    const [entry] = await t.platform.db.query<{ entry_id: string; subject_key: string }>(
      "SELECT entry_id, subject_key FROM list_entry WHERE list = 'dishonest-judgment-defaulters' AND subject_key LIKE 'p:%'",
    );
    // The court's filed decision is the listing: in force at once.
    expect((await call('GET', `/v1/list-entries/${entry!.entry_id}`, court)).body.state).toBe('in-force');
    // This identity number would also pass as a code with a failing check character: it must resolve to the person.
    expect(t.platform.subjects.keyOf(person)).toBe(entry!.subject_key);
    expect((await check(person, 'high-consumption')).body.subject).toMatchObject({ code: '1101**********002X', kind: 'natural-person' });
    const before = (await t.platform.accessLog.of(entry!.subject_key)).length;
    const profile = await call('GET', `/v1/subjects/${person}`, null);
    expect(profile.status, JSON.stringify(profile.body)).toBe(200);
    expect(profile.body.subject.code).toBe('1101**********002X');
    const log = await t.platform.accessLog.of(entry!.subject_key);
    expect(log.length).toBe(before + 1);
    expect(log[0]).toMatchObject({ actor: 'subject:public', action: 'viewed the public profile' });
    // The list page shows the person, masked; the view is logged for the person too.
    const list = await call('GET', '/v1/lists/dishonest-judgment-defaulters/entries', null);
    expect(list.body.entries.map((e: { subject: { code: string } }) => e.subject.code)).toContain('1101**********002X');
    expect(JSON.stringify(list.body)).not.toContain(person);
    const after = await t.platform.accessLog.of(entry!.subject_key);
    expect(after.length).toBe(before + 2);
    expect(after[0]).toMatchObject({ actor: 'subject:public', action: 'viewed on a public list', detail: `dishonest-judgment-defaulters ${list.body.date}` });
  });
});
