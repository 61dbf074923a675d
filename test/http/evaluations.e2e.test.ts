// Evaluation and tiered supervision end to end on both stores: evaluations explain themselves to
// the record, the public sees only published tiers, incremental evaluation equals a full run,
// an override is visible and never silent and shows the label of the tier it sets, and a draw
// recomputed from its seed is identical. (The tax credit grade, which mirrors the tax authority's
// filings: tax-grade.e2e.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { ledgerCount } from '../support/ledger-rows.ts';
import { buildUscc } from '../../src/domain/ids/uscc.ts';

const MORE = Array.from({ length: 30 }, (_, i) => buildUscc('9', '1', '330106', `8${String(2000000 + i * 31).slice(0, 7)}`));

describe.each(ALL_STORES)('evaluations over HTTP on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  let adminToken: string;
  let subjectToken: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);
  const settle = () => t.platform.evaluations.catchUp();
  const dump = () =>
    t.platform.db.query('SELECT subject_key, scorecard, version, evaluated_on, eligible, score, tier, tier_reason, factors FROM evaluation ORDER BY 1, 2');

  it('evaluates every applicable scorecard and explains each factor to the record', async () => {
    await call('POST', '/v1/records', samr, [registration(ORG_A), registration(ORG_B, '深圳示例有限公司'), registration(ORG_C, '深圳另一有限公司')]);
    const filed = await call('POST', '/v1/records', samr, [
      penalty(1, { date: '2026-10-01' }),
      penalty(2, { severity: 'serious', date: '2026-09-01', fields: { penaltyTypes: ['fine', 'licence-revocation'] } }),
    ]);
    const [general, serious] = filed.body.records.map((r: { recordId: string }) => r.recordId);
    const run = await t.platform.evaluations.evaluateAll();
    expect(run.subjects).toBe(3);
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' }));
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'admin', role: 'administrator', password: 'a long password' }));
    subjectToken = (await call('POST', '/v1/session', null, { username: 'org-a', password: 'a long password' })).body.token;
    adminToken = (await call('POST', '/v1/session', null, { username: 'admin', password: 'a long password' })).body.token;

    const mine = await call('GET', `/v1/evaluations/${ORG_A}`, subjectToken);
    const comprehensive = mine.body.evaluations.find((e: { scorecard: string }) => e.scorecard === 'public-credit-comprehensive');
    expect(comprehensive).toMatchObject({ eligible: true, version: '2026.1' });
    const byCode = Object.fromEntries(comprehensive.factors.map((f: { code: string }) => [f.code, f]));
    expect(byCode['serious-penalties'].records).toEqual([serious]);
    expect(byCode['general-penalties'].records).toEqual([general]);
    expect(byCode['serious-penalties'].contribution).toBeLessThan(0);
    expect(byCode['fines'].records.sort()).toEqual([general, serious].sort());
    const sum = comprehensive.factors.reduce((n: number, f: { contribution: number }) => n + f.contribution, 100);
    expect(comprehensive.score).toBeCloseTo(sum, 3);
    expect(comprehensive.factorNames['serious-penalties'].zh).toBe('严重失信行政处罚');
    const clean = await call('GET', `/v1/evaluations/${ORG_B}`, adminToken);
    const cleanCard = clean.body.evaluations.find((e: { scorecard: string }) => e.scorecard === 'public-credit-comprehensive');
    expect(cleanCard).toMatchObject({ score: 100, tier: 'A' });
    // Every factor of the scorecard is explained, those with nothing to count included, in the scorecard's order.
    const card = t.platform.policy.scorecard('public-credit-comprehensive')!;
    const codes = card.kind === 'computed' ? card.factors.map((f) => f.code) : [];
    for (const e of [comprehensive, cleanCard]) expect(e.factors.map((f: { code: string }) => f.code)).toEqual(codes);
    expect(cleanCard.factors.every((f: { value: number; records: string[] }) => f.value === 0 && f.records.length === 0)).toBe(true);
  });

  it('shows the public only published tiers, never scores or factors', async () => {
    const pub = await call('GET', `/v1/evaluations/${ORG_A}`, null);
    const byCard = Object.fromEntries(pub.body.evaluations.map((e: { scorecard: string }) => [e.scorecard, e]));
    expect(byCard['public-credit-comprehensive']).toMatchObject({ published: true });
    expect(byCard['public-credit-comprehensive'].tier).toMatch(/^[ABCD]$/);
    expect(byCard['public-credit-comprehensive']).not.toHaveProperty('score');
    expect(byCard['public-credit-comprehensive']).not.toHaveProperty('factors');
    // The tax authority graded none of them: no tax grade at all (DOMAIN.md §7), not a computed A.
    expect(byCard).not.toHaveProperty('tax-credit');
  });

  it('re-evaluates incrementally as events arrive, and incremental equals a full run', async () => {
    await t.platform.evaluations.follow(60_000);
    for (let i = 0; i < MORE.length; i++) {
      await call('POST', '/v1/records', samr, [
        registration(MORE[i]!, `测试企业${i}`),
        ...(i % 3 === 0 ? [penalty(100 + i, { code: MORE[i]!, date: '2026-08-01' })] : []),
      ]);
    }
    await settle();
    // The new subjects are already evaluated, by the follower alone.
    const n = await t.platform.db.query<{ n: number }>('SELECT count(DISTINCT subject_key)::int AS n FROM evaluation');
    expect(n[0]!.n).toBe(3 + MORE.length);
    // A correction re-evaluates its subject promptly.
    const [rec] = await t.platform.db.query<{ record_id: string }>(
      "SELECT record_id FROM credit_record_view WHERE subject_key = $1 AND item = 'administrative-penalty-general'",
      [MORE[0]],
    );
    const before = (await t.platform.evaluations.of(MORE[0]!)).find((e) => e.scorecard === 'public-credit-comprehensive')!;
    await call('POST', `/v1/records/${rec!.record_id}/corrections`, samr, { reason: '金额更正', fields: { fineAmount: 500000 } });
    await settle();
    const after = (await t.platform.evaluations.of(MORE[0]!)).find((e) => e.scorecard === 'public-credit-comprehensive')!;
    expect(after.score!).toBeLessThan(before.score!);
    const incremental = await dump();
    await t.platform.evaluations.evaluateAll();
    expect(await dump()).toEqual(incremental);
  });

  it('writes the same rows in small slices scored by a worker thread as in one slice scored in process', async () => {
    const whole = await dump();
    const run = await t.platform.evaluations.evaluateAll(undefined, { slice: 7, worker: true });
    expect(run.subjects).toBe(3 + MORE.length);
    expect(await dump()).toEqual(whole);
  });

  it('leaves no subject stale that changed while a full run read it', async () => {
    // A filing lands between a slice's read and its write (the follower stopped, so only the run
    // itself can catch it): the run ends by re-evaluating the subject it touched.
    const evals = t.platform.evaluations;
    await evals.stop();
    const read = evals.read.bind(evals);
    let target: string | null = null;
    let recordId = '';
    evals.read = async (q, where) => {
      const text = await read(q, where);
      if (target === null && 'from' in where) {
        target = text.subjects.split('\t')[0]!;
        const filed = await call('POST', '/v1/records', samr, [penalty(900, { code: target, severity: 'serious', date: '2026-11-01' })]);
        recordId = filed.body.records[0].recordId;
      }
      return text;
    };
    try {
      await evals.evaluateAll(undefined, { slice: 7 });
    } finally {
      evals.read = read;
    }
    expect(target).not.toBeNull();
    const afterRun = await dump();
    await evals.evaluateAll();
    expect(afterRun).toEqual(await dump());
    const card = (await evals.of(target!)).find((e) => e.scorecard === 'public-credit-comprehensive')!;
    expect(card.factors.find((f) => f.code === 'serious-penalties')!.records).toContain(recordId);
    await evals.follow(60_000);
  });

  it('lets a full run and incremental refreshes overlap without a conflict or a stale result', async () => {
    const full = await dump();
    const everyone = [ORG_A, ORG_B, ORG_C, ...MORE];
    // Two full runs and refreshes of overlapping subjects at once (the daily run meeting the follower).
    await Promise.all([
      t.platform.evaluations.evaluateAll(),
      t.platform.evaluations.refresh(everyone.slice(0, 20)),
      t.platform.evaluations.refresh(everyone.slice(10)),
      t.platform.evaluations.evaluateAll(),
    ]);
    expect(await dump()).toEqual(full);
  });

  it('keeps an override visible in the explanation, by whom and why, and can lift it', async () => {
    const denied = await call('POST', `/v1/evaluations/${ORG_A}/override`, subjectToken, { scorecard: 'public-credit-comprehensive', tier: 'A', reason: 'x' });
    expect(denied.status).toBe(403);
    const noReason = await call('POST', `/v1/evaluations/${ORG_A}/override`, adminToken, { scorecard: 'public-credit-comprehensive', tier: 'B' });
    expect(noReason.status).toBe(422);
    const ok = await call('POST', `/v1/evaluations/${ORG_A}/override`, adminToken, {
      scorecard: 'public-credit-comprehensive',
      tier: 'B',
      reason: '复核认定处罚已整改到位',
    });
    expect(ok.status).toBe(200);
    // The override answers the evaluations in full: a view beyond the public, in the subject's access log.
    expect((await t.platform.accessLog.of(ORG_A))[0]).toMatchObject({
      actor: 'administrator:admin',
      action: 'read the evaluations in full',
      detail: 'after overriding public-credit-comprehensive',
    });
    const mine = await call('GET', `/v1/evaluations/${ORG_A}`, subjectToken);
    const e = mine.body.evaluations.find((x: { scorecard: string }) => x.scorecard === 'public-credit-comprehensive');
    expect(e.override).toMatchObject({ tier: 'B', reason: '复核认定处罚已整改到位', actor: 'administrator:admin' });
    expect(e.effectiveTier).toBe('B');
    const pub = await call('GET', `/v1/evaluations/${ORG_A}`, null);
    expect(pub.body.evaluations.find((x: { scorecard: string }) => x.scorecard === 'public-credit-comprehensive')).toMatchObject({
      tier: 'B',
      overridden: true,
    });
    expect(await ledgerCount(t.platform.db, 'evaluation.overridden')).toBe(1);
    const lifted = await call('POST', `/v1/evaluations/${ORG_A}/override`, adminToken, {
      scorecard: 'public-credit-comprehensive',
      lift: true,
      reason: '复核结束',
    });
    expect(lifted.body.evaluations.find((x: { scorecard: string }) => x.scorecard === 'public-credit-comprehensive').override).toBeNull();
  });

  it("shows an overridden tier with the label of the tier it sets, never the computed tier's: on the API, the public page, the own page and a report", async () => {
    // ORG_B is clean: computed A, 优 / Excellent. An administrator sets C, 中 / Fair.
    const card = 'public-credit-comprehensive';
    const fair = { zh: '中', en: 'Fair' };
    const pick = (body: Record<string, any>) => (body.evaluations as Array<{ scorecard: string }>).find((e) => e.scorecard === card);
    expect(pick((await call('GET', `/v1/evaluations/${ORG_B}`, null)).body)).toMatchObject({ tier: 'A', tierLabel: { zh: '优', en: 'Excellent' } });
    const set = await call('POST', `/v1/evaluations/${ORG_B}/override`, adminToken, { scorecard: card, tier: 'C', reason: '核查认定' });
    expect(set.status).toBe(200);
    expect(pick(set.body)).toMatchObject({ tier: 'A', effectiveTier: 'C', effectiveTierLabel: fair });
    expect(pick((await call('GET', `/v1/evaluations/${ORG_B}`, null)).body)).toMatchObject({ tier: 'C', tierLabel: fair, overridden: true });
    expect(pick((await call('GET', `/v1/evaluations/${ORG_B}`, samr)).body)).toMatchObject({ effectiveTier: 'C', effectiveTierLabel: fair });
    const zh = await (await fetch(`${server.url}/subjects/${ORG_B}`)).text();
    expect(zh).toContain('公共信用综合评价：C（中）');
    expect(zh).not.toContain('（优）');
    expect(await (await fetch(`${server.url}/subjects/${ORG_B}?lang=en`)).text()).toContain('Public credit comprehensive evaluation：C（Fair）');
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'org-b', role: 'subject', subjectKey: ORG_B, password: 'a long password' }));
    const own = (await call('POST', '/v1/session', null, { username: 'org-b', password: 'a long password' })).body.token as string;
    const me = await (await fetch(`${server.url}/me`, { headers: { cookie: `xy_session=${encodeURIComponent(own)}` } })).text();
    expect(me).toContain('公共信用综合评价：C（中）');
    const issued = await call('POST', '/v1/reports', null, { subject: ORG_B });
    const report = (await call('GET', `/v1/reports/${issued.body.code}`, null)).body.content;
    expect(report.evaluations.find((e: { scorecard: string }) => e.scorecard === card)).toMatchObject({ tier: 'C', tierLabel: fair, overridden: true });
    expect(await (await fetch(`${server.url}/v1/reports/${issued.body.code}/html`)).text()).toContain('C 中');
    await call('POST', `/v1/evaluations/${ORG_B}/override`, adminToken, { scorecard: card, lift: true, reason: '核查结束' });
  });

  it('answers evaluations on the wire exactly as the service gives them, in full, to the public and after an override', async () => {
    // The answers are serialized by their documented schemas, which would silently drop a field
    // they leave out.
    const p = t.platform;
    const asJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    const agency = { kind: 'agency' as const, agency: await p.agencies.authenticate(samr) };
    const admin = { kind: 'account' as const, account: await p.accounts.authenticate(adminToken) };
    const keys = await p.db.query<{ subject_key: string }>("SELECT DISTINCT subject_key FROM evaluation WHERE subject_key NOT LIKE 'p:%' ORDER BY 1");
    expect(keys.length).toBeGreaterThan(1);
    for (const { subject_key: key } of keys) {
      const full = await call('GET', `/v1/evaluations/${key}`, samr);
      expect(full.body).toEqual(asJson({ subject: key, evaluations: await p.evaluations.view(agency, key) }));
      expect(full.body.evaluations[0]).toHaveProperty('factors');
      const pub = await call('GET', `/v1/evaluations/${key}`, null);
      expect(pub.body).toEqual(asJson({ subject: key, evaluations: await p.evaluations.view(null, key) }));
      expect(pub.body.evaluations[0]).not.toHaveProperty('score');
    }
    const overridden = await call('POST', `/v1/evaluations/${ORG_A}/override`, adminToken, {
      scorecard: 'public-credit-comprehensive',
      tier: 'C',
      reason: '核查',
    });
    expect(overridden.status).toBe(200);
    expect(overridden.body).toEqual(asJson({ evaluations: await p.evaluations.view(admin, ORG_A) }));
    expect(overridden.body.evaluations.find((x: { scorecard: string }) => x.scorecard === 'public-credit-comprehensive')).toMatchObject({
      effectiveTier: 'C',
      override: { tier: 'C', reason: '核查' },
    });
    await call('POST', `/v1/evaluations/${ORG_A}/override`, adminToken, { scorecard: 'public-credit-comprehensive', lift: true, reason: '核查结束' });
  });

  it('draws inspections by tier from a published seed, and anyone can recompute the same draw', async () => {
    const denied = await call('POST', '/v1/inspections/draws', subjectToken, { seed: '2026-11-20 lottery 07 12 33' });
    expect(denied.status).toBe(403);
    const made = await call('POST', '/v1/inspections/draws', adminToken, {
      seed: '2026-11-20 lottery 07 12 33',
      inspectors: [{ id: 'inspector-1', conflicts: [ORG_A] }, { id: 'inspector-2', excludedDivisions: ['330106'] }, { id: 'inspector-3' }],
    });
    expect(made.status).toBe(201);
    expect(made.body.populationSize).toBe(3 + MORE.length);
    for (const [tier, s] of Object.entries(made.body.perTier as Record<string, { population: number; selected: number; rate: number }>)) {
      expect(s.selected, tier).toBe(Math.ceil(s.rate * s.population));
    }
    for (const s of made.body.selected) {
      if (s.subject === ORG_A) expect(s.inspector).not.toBe('inspector-1');
      if (s.subject.slice(2, 8) === '330106') expect(s.inspector).not.toBe('inspector-2');
    }
    const verify = await call('GET', `/v1/inspections/draws/${made.body.drawId}/verify`, null);
    expect(verify.body).toMatchObject({ identical: true, populationIntact: true, recomputed: made.body.selected.length });
    const again = await call('POST', '/v1/inspections/draws', adminToken, { seed: '2026-11-20 lottery 07 12 33' });
    expect(again.status).toBe(409);
    expect(await ledgerCount(t.platform.db, 'inspection.drawn')).toBe(1);
  });
});
