// A tax credit grade is the tax authority's decision (DOMAIN.md §7): the platform shows the grade
// the authority filed (its latest tax credit grade record in force, with the date of its decision
// and the legal basis) and nothing where it filed none; it never computes a grade of its own and
// never overrides the authority's. End to end on both stores: the API in full and to the public,
// as of past days, the history, the portal's profile and own page, a signed report, an inspection
// draw by the grade.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, penalty, registration } from '../support/records.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { ledgerCount } from '../support/ledger-rows.ts';
import { copyPack, edit } from '../support/pack-edits.ts';
import { populationDigest } from '../../src/features/evaluation/draw.ts';

const CARD = 'tax-credit';
const NAME_A = '杭州示例科技有限公司';
const NAME_B = '深圳示例有限公司';
const NAME_C = '深圳示例贸易有限公司';

/** A tax credit grade as the tax authority files it. */
function taxGrade(code: string, name: string, n: number, grade: string, date: string, validUntil: string) {
  return {
    item: 'tax-credit-grade',
    subject: { code, name },
    decision: { number: `杭税信〔${date.slice(0, 4)}〕${n}号`, date, authority: '国家税务总局杭州市税务局', basis: '《纳税缴费信用管理办法》' },
    fields: { evaluationYear: Number(date.slice(0, 4)) - 1, grade, validUntil },
  };
}

interface Shown {
  scorecard: string;
  [k: string]: unknown;
}

describe.each(ALL_STORES)("the tax credit grade is the tax authority's, as filed, on %s", (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  let tax: string;
  let gradeB = '';
  let gradeA = '';

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-03-02T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    tax = (await addAgency(t.platform, 'tax-hangzhou', 'tax')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'admin', role: 'administrator', password: 'a long password' }));
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);
  /** A fresh session each time: the clock moves by months, and sessions expire. */
  const session = async (username: string): Promise<string> =>
    (await call('POST', '/v1/session', null, { username, password: 'a long password' })).body.token as string;
  const evaluations = async (code: string, token: string | null, asOf?: string): Promise<Shown[]> => {
    const r = await call('GET', `/v1/evaluations/${code}${asOf ? `?asOf=${asOf}` : ''}`, token);
    expect(r.status).toBe(200);
    return r.body.evaluations as Shown[];
  };
  const taxOf = async (code: string, token: string | null, asOf?: string) => (await evaluations(code, token, asOf)).find((e) => e.scorecard === CARD);
  const page = async (path: string, cookie?: string) => (await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} })).text();
  /** What the evaluations decide and why (a full run re-dates every result; the follower those it touches). */
  const dump = () => t.platform.db.query('SELECT subject_key, scorecard, version, eligible, score, tier, tier_reason, factors FROM evaluation ORDER BY 1, 2');

  it('shows no tax credit grade for a company the tax authority never graded: not in full, not to the public, not on the page', async () => {
    await call('POST', '/v1/records', samr, [registration(ORG_A, NAME_A), registration(ORG_B, NAME_B), penalty(1, { date: '2026-02-01' })]);
    await t.platform.evaluations.evaluateAll();
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' }));
    // The platform's other evaluation is there; a tax grade is not (a computed score showed A).
    expect((await evaluations(ORG_A, tax)).map((e) => e.scorecard)).toEqual(['public-credit-comprehensive']);
    expect(await taxOf(ORG_A, null)).toBeUndefined();
    expect(await taxOf(ORG_B, null)).toBeUndefined();
    expect(await page(`/subjects/${ORG_B}`)).not.toContain('纳税缴费信用');
    const rows = await t.platform.db.query("SELECT 1 FROM evaluation WHERE scorecard = 'tax-credit'");
    expect(rows).toEqual([]);
  });

  it('shows the grade the tax authority filed, B as B, with the date of its decision, its record and the legal basis', async () => {
    t.clock.set('2026-04-02T02:00:00Z');
    const filed = await call('POST', '/v1/records', tax, [
      taxGrade(ORG_A, NAME_A, 11, 'B', '2026-04-01', '2027-03-31'),
      taxGrade(ORG_B, NAME_B, 12, 'A', '2026-04-01', '2027-03-31'),
    ]);
    expect(filed.status).toBe(201);
    gradeB = filed.body.records[0].recordId;
    await t.platform.evaluations.catchUp();

    const full = await taxOf(ORG_A, tax);
    expect(full).toMatchObject({
      tier: 'B',
      tierLabel: { zh: 'B级', en: 'B' },
      effectiveTier: 'B',
      effectiveTierLabel: { zh: 'B级', en: 'B' },
      score: null,
      factors: [],
      override: null,
      filed: { record: gradeB, item: 'tax-credit-grade', decisionDate: '2026-04-01' },
    });
    expect((full!.legalBasis as Array<{ instrument: { zh: string } }>)[0]!.instrument.zh).toBe('纳税缴费信用管理办法');
    // The tax authority publishes A grades only: the public learns nothing of a B.
    expect(await taxOf(ORG_A, null)).toMatchObject({ tier: null, tierLabel: null, published: false, filed: null });
    const a = await taxOf(ORG_B, null);
    expect(a).toMatchObject({ tier: 'A', tierLabel: { zh: 'A级', en: 'A' }, published: true, filed: { decisionDate: '2026-04-01' } });
    expect((a!.legalBasis as Array<{ instrument: { zh: string } }>)[0]!.instrument.zh).toBe('纳税缴费信用管理办法');
    expect(a).not.toHaveProperty('score');
    // The profile shows the public grade with its date; the subject's own page shows its B.
    expect(await page(`/subjects/${ORG_B}`)).toContain('纳税缴费信用级别：A（A级）（评定于 2026-04-01）');
    expect(await page(`/subjects/${ORG_A}`)).not.toContain('纳税缴费信用级别：B');
    const own = await page('/me', `xy_session=${encodeURIComponent(await session('org-a'))}`);
    expect(own).toContain('纳税缴费信用级别：B（B级）（评定于 2026-04-01）');
  });

  it('replaces an earlier grade by a later one from the date of its decision, and shows none as of a day before the first', async () => {
    t.clock.set('2026-09-02T02:00:00Z');
    const filed = await call('POST', '/v1/records', tax, [taxGrade(ORG_A, NAME_A, 31, 'A', '2026-09-01', '2027-08-31')]);
    gradeA = filed.body.records[0].recordId;
    await t.platform.evaluations.catchUp();
    expect(await taxOf(ORG_A, tax)).toMatchObject({ tier: 'A', filed: { record: gradeA, decisionDate: '2026-09-01' } });
    expect(await taxOf(ORG_A, null)).toMatchObject({ tier: 'A', published: true, filed: { decisionDate: '2026-09-01' } });
    // As of past days: the B then in force, and before it nothing.
    expect(await taxOf(ORG_A, tax, '2026-08-31')).toMatchObject({ tier: 'B', filed: { record: gradeB, decisionDate: '2026-04-01' } });
    expect(await taxOf(ORG_A, tax, '2026-03-31')).toBeUndefined();
    expect(await taxOf(ORG_A, null, '2026-03-31')).toBeUndefined();
    // The history holds both grades, newest first, each with its record.
    const history = await call('GET', `/v1/evaluations/${ORG_A}/history`, tax);
    expect(history.status).toBe(200);
    const rows = (history.body.history as Array<{ scorecard: string; tier: string; filed: { record: string } | null; ended: boolean }>).filter(
      (h) => h.scorecard === CARD,
    );
    expect(rows.map((h) => [h.tier, h.filed?.record, h.ended])).toEqual([
      ['A', gradeA, false],
      ['B', gradeB, false],
    ]);
  });

  it('computes the same rows in a full run as by following the ledger', async () => {
    const incremental = await dump();
    await t.platform.evaluations.evaluateAll();
    expect(await dump()).toEqual(incremental);
  });

  it("refuses to override the tax authority's grade, and records nothing", async () => {
    const admin = await session('admin');
    const refused = await call('POST', `/v1/evaluations/${ORG_A}/override`, admin, { scorecard: CARD, tier: 'C', reason: '复核' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ refusal: { code: 'authority-grade', item: 'tax-credit-grade' } });
    expect(await ledgerCount(t.platform.db, 'evaluation.overridden')).toBe(0);
    expect(await taxOf(ORG_A, tax)).toMatchObject({ tier: 'A', effectiveTier: 'A', override: null });
  });

  it('signs a public report with the published grade and its label', async () => {
    const issued = await call('POST', '/v1/reports', null, { subject: ORG_B });
    expect(issued.status).toBe(201);
    const content = (await call('GET', `/v1/reports/${issued.body.code}`, null)).body.content;
    expect(content.evaluations.find((e: Shown) => e.scorecard === CARD)).toMatchObject({ tier: 'A', tierLabel: { zh: 'A级', en: 'A' }, published: true });
    expect(content.legalBases.some((b: { kind: string; code: string }) => b.kind === 'scorecard' && b.code === CARD)).toBe(true);
  });

  it('shows no grade once the last one filed is no longer in force, and ends it in the history', async () => {
    // ORG_B's grade was valid until 2027-03-31; ORG_A's until 2027-08-31.
    t.clock.set('2027-04-02T02:00:00Z');
    await t.platform.evaluations.evaluateAll();
    expect(await taxOf(ORG_B, tax)).toBeUndefined();
    expect(await taxOf(ORG_A, tax)).toMatchObject({ tier: 'A', filed: { record: gradeA } });
    const ended = await t.platform.db.query<{ ended: boolean }>('SELECT ended FROM evaluation_history WHERE subject_key = $1 AND scorecard = $2 ORDER BY n', [
      ORG_B,
      CARD,
    ]);
    expect(ended.map((r) => r.ended)).toEqual([false, true]);
    expect(await taxOf(ORG_B, null, '2027-03-01')).toMatchObject({ tier: 'A' });
  });
});

// A store evaluated before the tax card mirrored the authority's grade holds results the platform
// computed under the same code: in the history (as-of reads, the history itself), and in the
// table until the next run. None is ever shown as the tax authority's grade: for those days there
// is none, now and as of then, and the history lists neither it nor its end; the grade the
// authority filed shows from its filing.
describe.each(ALL_STORES)('a tax score the platform computed before it mirrored the grade, on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let gradeB = '';

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-03-02T02:00:00Z');
    const samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    await asActor({ type: 'agency', id: samr.code }, () => t.platform.intake.submit(samr, [{ line: 1, value: registration(ORG_A, NAME_A) }]));
    await t.platform.evaluations.evaluateAll();
    // What the computed tax card (version 2025.7, a score and its factors) wrote then.
    const computed = [ORG_A, CARD, '2025.7', '2026-03-02', true, 100, 'A', null, '[]'];
    await t.platform.db.query(
      `INSERT INTO evaluation_history (subject_key, scorecard, n, recorded_at, version, evaluated_on, eligible, score, tier, tier_reason, factors, ended)
       SELECT $1, $2, coalesce(max(n), 0) + 1, '2026-03-02T02:00:00Z', $3, $4, $5, $6, $7, $8, $9, false
       FROM evaluation_history WHERE subject_key = $1 AND scorecard = $2`,
      computed,
    );
    await t.platform.db.query(
      'INSERT INTO evaluation (subject_key, scorecard, version, evaluated_on, eligible, score, tier, tier_reason, factors) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      computed,
    );
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'org-a', role: 'subject', subjectKey: ORG_A, password: 'a long password' }));
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const historyRows = () =>
    t.platform.db.query<{ version: string; tier: string | null; ended: boolean }>(
      'SELECT version, tier, ended FROM evaluation_history WHERE subject_key = $1 AND scorecard = $2 ORDER BY n',
      [ORG_A, CARD],
    );
  const taxNow = async () => (await t.platform.evaluations.of(ORG_A)).find((e) => e.scorecard === CARD);
  const taxAsOf = async (day: string) => (await t.platform.evaluations.of(ORG_A, new Date(`${day}T23:59:59+08:00`))).find((e) => e.scorecard === CARD);
  const publicAsOf = async (day: string) =>
    ((await t.platform.evaluations.view(null, ORG_A, new Date(`${day}T23:59:59+08:00`))) as Shown[]).find((e) => e.scorecard === CARD);

  it('shows no tax credit grade while only the computed score is stored: not now, not as of that day, not to the public', async () => {
    t.clock.set('2026-03-20T02:00:00Z');
    expect(await taxNow()).toBeUndefined();
    expect(await taxAsOf('2026-03-10')).toBeUndefined();
    expect(await publicAsOf('2026-03-10')).toBeUndefined();
  });

  it('ends the computed result in a full run, as the tax authority has filed no grade', async () => {
    t.clock.set('2026-03-21T02:00:00Z');
    await t.platform.evaluations.evaluateAll();
    expect(await taxNow()).toBeUndefined();
    expect(await historyRows()).toEqual([
      { version: '2025.7', tier: 'A', ended: false },
      { version: '2025.7', tier: null, ended: true },
    ]);
  });

  it('shows the grade the tax authority files from its filing, and still none as of the days before', async () => {
    t.clock.set('2026-04-02T02:00:00Z');
    const tax = (await addAgency(t.platform, 'tax-hangzhou', 'tax')).principal;
    const filed = await asActor({ type: 'agency', id: tax.code }, () =>
      t.platform.intake.submit(tax, [{ line: 1, value: taxGrade(ORG_A, NAME_A, 11, 'B', '2026-04-01', '2027-03-31') }]),
    );
    gradeB = filed.records[0]!.recordId;
    await t.platform.evaluations.catchUp();
    expect(await taxNow()).toMatchObject({ tier: 'B', score: null, filed: { record: gradeB, decisionDate: '2026-04-01' } });
    t.clock.set('2026-05-02T02:00:00Z');
    expect(await taxAsOf('2026-04-30')).toMatchObject({ tier: 'B', filed: { record: gradeB } });
    expect(await taxAsOf('2026-03-31')).toBeUndefined();
  });

  it("lists in the history only the grade the tax authority filed, not the computed score nor its end: in the API and on the subject's own page", async () => {
    const token = (await callJson(server.url, 'POST', '/v1/session', null, { username: 'org-a', password: 'a long password' })).body.token as string;
    const history = await callJson(server.url, 'GET', `/v1/evaluations/${ORG_A}/history`, token);
    expect(history.status).toBe(200);
    const rows = (
      history.body.history as Array<{ scorecard: string; tier: string | null; score: number | null; filed: { record: string } | null; ended: boolean }>
    )
      .filter((h) => h.scorecard === CARD)
      .map((h) => [h.tier, h.score, h.filed?.record, h.ended]);
    expect(rows).toEqual([['B', null, gradeB, false]]);
    // The page's history table: one tax credit row, the filed B (the computed A and its end are not there).
    const page = await (await fetch(`${server.url}/me`, { headers: { cookie: `xy_session=${encodeURIComponent(token)}` } })).text();
    const historyTable = page.slice(page.indexOf('评价变化记录'));
    const taxRows = [...historyTable.matchAll(/<tr>(?:(?!<\/tr>)[\s\S])*纳税缴费信用级别(?:(?!<\/tr>)[\s\S])*<\/tr>/g)].map((m) =>
      m[0].replace(/<[^>]+>|\s+/g, ' ').trim(),
    );
    expect(taxRows).toHaveLength(1);
    expect(taxRows[0]).toContain('B（B级）');
    expect(taxRows[0]).toContain('2025.7.1');
  });
});

// Under a pack whose inspections are drawn by the tax credit grade, a draw's population holds the
// grades the tax authority filed and nothing else: a score the platform computed under the tax
// card's code (kept in the table until the next full run) is no grade of anyone's, so a subject
// the authority never graded is not drawn as an A. The draw stays reproducible from its kept
// population, whose digest is in the ledger event.
describe.each(ALL_STORES)('an inspection draw by the tax credit grade, with a computed tax score still stored, on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;

  beforeAll(async () => {
    const dir = copyPack();
    edit<{ supervision: { scorecard: string } }>(dir, 'scorecards.yaml', (doc) => {
      doc.supervision.scorecard = CARD;
    });
    t = await openTestPlatform(store, '2026-04-02T02:00:00Z', { policyDir: dir });
    const samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    const tax = (await addAgency(t.platform, 'tax-hangzhou', 'tax')).principal;
    await asActor({ type: 'agency', id: samr.code }, () =>
      t.platform.intake.submit(samr, [
        { line: 1, value: registration(ORG_A, NAME_A) },
        { line: 2, value: registration(ORG_B, NAME_B) },
      ]),
    );
    await t.platform.evaluations.evaluateAll();
    // What the computed tax card (version 2025.7, a score and its factors) left in the table for ORG_A.
    await t.platform.db.query(
      `INSERT INTO evaluation (subject_key, scorecard, version, evaluated_on, eligible, score, tier, tier_reason, factors)
       VALUES ($1, $2, '2025.7', '2026-04-01', true, 100, 'A', null, '[]')`,
      [ORG_A, CARD],
    );
    await asActor({ type: 'agency', id: tax.code }, () =>
      t.platform.intake.submit(tax, [{ line: 1, value: taxGrade(ORG_B, NAME_B, 41, 'D', '2026-04-01', '2027-03-31') }]),
    );
    await t.platform.evaluations.catchUp();
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'admin', role: 'administrator', password: 'a long password' }));
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  it('draws from the filed grades only, keeps that population and records its digest', async () => {
    const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);
    const admin = (await call('POST', '/v1/session', null, { username: 'admin', password: 'a long password' })).body.token as string;
    const made = await call('POST', '/v1/inspections/draws', admin, { seed: '2026-04-02 lottery 03 17 29' });
    expect(made.status).toBe(201);
    const population = [{ subject: ORG_B, tier: 'D' }];
    expect(made.body).toMatchObject({ scorecard: CARD, populationSize: 1, populationDigest: populationDigest(population) });
    expect(made.body.perTier).toEqual({ D: { population: 1, selected: 1, rate: 0.8 } });
    expect(made.body.selected).toEqual([{ subject: ORG_B, tier: 'D', inspector: null }]);
    const kept = await t.platform.db.query('SELECT subject_key AS subject, tier FROM draw_population WHERE draw_id = $1', [made.body.drawId]);
    expect(kept).toEqual(population);
    expect((await call('GET', `/v1/inspections/draws/${made.body.drawId}`, null)).body.populationDigest).toBe(populationDigest(population));
    const verify = await call('GET', `/v1/inspections/draws/${made.body.drawId}/verify`, null);
    expect(verify.body).toMatchObject({ identical: true, populationIntact: true, recomputed: 1, recorded: 1 });
  });
});

// The tax authority grades per evaluation year; two grades it decided the same day are ordered by
// the year they are for, then by which it filed later, never by how their record ids sort.
describe.each(ALL_STORES)('of two tax credit grades decided the same day, on %s', (store) => {
  let t: TestPlatform;
  let tax: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-04-02T02:00:00Z');
    const samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    tax = (await addAgency(t.platform, 'tax-hangzhou', 'tax')).principal;
    await asActor({ type: 'agency', id: samr.code }, () =>
      t.platform.intake.submit(samr, [
        { line: 1, value: registration(ORG_B, NAME_B) },
        { line: 2, value: registration(ORG_C, NAME_C) },
      ]),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const file = async (...records: unknown[]): Promise<string[]> => {
    const r = await asActor({ type: 'agency', id: tax.code }, () =>
      t.platform.intake.submit(
        tax,
        records.map((value, i) => ({ line: i + 1, value })),
      ),
    );
    await t.platform.evaluations.catchUp();
    return r.records.map((x) => x.recordId!);
  };
  const taxOf = async (code: string) => (await t.platform.evaluations.of(code)).find((e) => e.scorecard === CARD);

  it('the grade for the later evaluation year is in force, though filed first', async () => {
    const [for2025, for2024] = await file(taxGrade(ORG_B, NAME_B, 21, 'C', '2026-04-01', '2027-03-31'), {
      ...taxGrade(ORG_B, NAME_B, 24, 'A', '2026-04-01', '2027-03-31'),
      fields: { evaluationYear: 2024, grade: 'A', validUntil: '2027-03-31' },
    });
    // (Their record ids sort the other way.)
    expect(for2024! > for2025!).toBe(true);
    expect(await taxOf(ORG_B)).toMatchObject({ tier: 'C', filed: { record: for2025, decisionDate: '2026-04-01' } });
  });

  it('of two grades for the same year, the one filed later is in force', async () => {
    const [first] = await file(taxGrade(ORG_C, NAME_C, 25, 'D', '2026-04-01', '2027-03-31'));
    const [then] = await file(taxGrade(ORG_C, NAME_C, 22, 'B', '2026-04-01', '2027-03-31'));
    expect(first! > then!).toBe(true);
    expect(await taxOf(ORG_C)).toMatchObject({ tier: 'B', filed: { record: then } });
  });

  it('a full run decides as the ledger was followed', async () => {
    const before = [await taxOf(ORG_B), await taxOf(ORG_C)].map((e) => e?.filed);
    await t.platform.evaluations.evaluateAll();
    expect([await taxOf(ORG_B), await taxOf(ORG_C)].map((e) => e?.filed)).toEqual(before);
  });
});
