// Evaluations as of a past instant, on both stores: the history gains a row only when a result
// decides differently (from a refresh or from a full run), a view as of an earlier instant equals
// what the platform showed live at that instant (the overrides then in force included), a signed
// report as of a past day carries the tier of that day, and the history refuses change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, penalty, registration } from '../support/records.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { copyPack, edit } from '../support/pack-edits.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { EvaluationService } from '../../src/features/evaluation/evaluation.service.ts';

const CARD = 'public-credit-comprehensive';

interface Shown {
  scorecard: string;
  date: string;
  tier?: string | null;
  effectiveTier?: string | null;
  override?: { tier: string } | null;
  [k: string]: unknown;
}

describe.each(ALL_STORES)('evaluation history on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let samr: string;
  /** What GET /v1/evaluations/ORG_A showed live, by instant, to the administrator and to the public. */
  const live: Array<{ at: string; full: Shown[]; pub: Shown[] }> = [];

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'admin', role: 'administrator', password: 'a long password' }));
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown) => callJson(server.url, method, path, token, body);
  const historyRows = async () => (await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evaluation_history'))[0]!.n;
  const rowsOf = (subject: string) =>
    t.platform.db.query<{ scorecard: string; tier: string | null; evaluated_on: string }>(
      'SELECT scorecard, tier, evaluated_on FROM evaluation_history WHERE subject_key = $1 AND scorecard = $2 ORDER BY n',
      [subject, CARD],
    );
  /** A fresh session each time: the clock moves by days, and sessions expire. */
  const admin = async (): Promise<string> => (await call('POST', '/v1/session', null, { username: 'admin', password: 'a long password' })).body.token;
  const rowsOfCard = (subject: string, card: string) =>
    t.platform.db.query<{ tier: string | null; evaluated_on: string; ended: boolean }>(
      'SELECT tier, evaluated_on, ended FROM evaluation_history WHERE subject_key = $1 AND scorecard = $2 ORDER BY n',
      [subject, card],
    );
  const view = async (who: 'admin' | null, asOf?: string) => {
    const token = who === 'admin' ? await admin() : null;
    const r = await call('GET', `/v1/evaluations/${ORG_A}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`, token);
    expect(r.status).toBe(200);
    return r.body.evaluations as Shown[];
  };
  const remember = async () => {
    live.push({ at: t.platform.clock.now().toISOString(), full: await view('admin'), pub: await view(null) });
  };
  const tierOf = (shown: Shown[]) => shown.find((e) => e.scorecard === CARD);
  /**
   * A view as of an instant decides as the live one did (tier, eligibility, reason, version,
   * override). The score and factors are those of the evaluation that set the result, on its
   * date, not the day's decayed ones: a score moving within its tier adds no history.
   */
  const decidesAlike = (a: Shown[], b: Shown[]) => {
    const decision = ({ date: _d, score: _s, factors: _f, ...e }: Shown) => e;
    expect(a.map(decision)).toEqual(b.map(decision));
  };

  it('records a result when it first appears and again only when it decides differently', async () => {
    await call('POST', '/v1/records', samr, [registration(ORG_A), registration(ORG_B, '深圳示例有限公司')]);
    await t.platform.evaluations.evaluateAll();
    const first = await historyRows();
    const evaluated = (await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evaluation'))[0]!.n;
    expect(first).toBe(evaluated);
    expect(tierOf(await view('admin'))?.tier).toBe('A');
    await remember(); // 2026-11-20

    // The next day's full run finds nothing different: no row, though every result is re-dated.
    t.clock.set('2026-11-21T02:00:00Z');
    await t.platform.evaluations.evaluateAll();
    expect(await historyRows()).toBe(first);
    expect(tierOf(await view('admin'))?.date).toBe('2026-11-21');
    await remember(); // 2026-11-21

    // A serious penalty filed on the 22nd changes the tier through the incremental path.
    t.clock.set('2026-11-22T02:00:00Z');
    await call('POST', '/v1/records', samr, [penalty(7, { severity: 'serious', date: '2026-11-15', fields: { penaltyTypes: ['licence-revocation'] } })]);
    await t.platform.evaluations.catchUp();
    const after = tierOf(await view('admin'))!;
    expect(after.tier).not.toBe('A');
    expect((await rowsOf(ORG_A)).map((r) => r.tier)).toEqual(['A', after.tier]);
    await remember(); // 2026-11-22
    // Refreshing again changes nothing.
    await t.platform.evaluations.refresh([ORG_A]);
    expect((await rowsOf(ORG_A)).length).toBe(2);
  });

  it('records a change that a full run finds itself, once', async () => {
    // Filed while the server does not follow the ledger: the next full run is the first to evaluate it.
    await t.platform.evaluations.stop();
    t.clock.set('2026-11-23T02:00:00Z');
    await call('POST', '/v1/records', samr, [
      penalty(8, { code: ORG_B, severity: 'serious', date: '2026-11-16', fields: { penaltyTypes: ['licence-revocation'] } }),
    ]);
    await t.platform.evaluations.evaluateAll();
    const rows = await rowsOf(ORG_B);
    expect(rows.map((r) => r.tier)[0]).toBe('A');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ evaluated_on: '2026-11-23' });
    await t.platform.evaluations.catchUp();
    expect(await rowsOf(ORG_B)).toHaveLength(2);
    await t.platform.evaluations.follow();
  });

  it('does not record a result a full run read before a change that a refresh had already recorded', async () => {
    await call('POST', '/v1/records', samr, [registration(ORG_C, '深圳另一有限公司')]);
    await t.platform.evaluations.catchUp();
    expect((await rowsOf(ORG_C)).map((r) => r.tier)).toEqual(['A']);
    // While the run reads, a penalty is filed and the follower re-evaluates the subject at once:
    // the run's own result for it is older than the refresh's.
    const evals = t.platform.evaluations;
    const read = evals.read.bind(evals);
    let filed = false;
    evals.read = async (q, where) => {
      const text = await read(q, where);
      if (!filed && 'from' in where && text.subjects.includes(ORG_C)) {
        filed = true;
        await call('POST', '/v1/records', samr, [
          penalty(9, { code: ORG_C, severity: 'serious', date: '2026-11-20', fields: { penaltyTypes: ['licence-revocation'] } }),
        ]);
        await evals.catchUp();
      }
      return text;
    };
    try {
      await evals.evaluateAll();
    } finally {
      evals.read = read;
    }
    expect(filed).toBe(true);
    const tiers = (await rowsOf(ORG_C)).map((r) => r.tier);
    expect(tiers).toHaveLength(2);
    expect(tiers[1]).not.toBe('A');
  });

  it('shows, as of an earlier instant, what it showed then, overrides included', async () => {
    // An override on the 24th, lifted on the 25th.
    t.clock.set('2026-11-24T02:00:00Z');
    expect((await call('POST', `/v1/evaluations/${ORG_A}/override`, await admin(), { scorecard: CARD, tier: 'B', reason: '复核认定' })).status).toBe(200);
    await remember(); // 2026-11-24, overridden
    expect(tierOf(live.at(-1)!.full)?.effectiveTier).toBe('B');
    t.clock.set('2026-11-25T02:00:00Z');
    expect((await call('POST', `/v1/evaluations/${ORG_A}/override`, await admin(), { scorecard: CARD, lift: true, reason: '撤销复核' })).status).toBe(200);
    await remember(); // 2026-11-25, lifted
    t.clock.set('2026-11-27T02:00:00Z');

    for (const shown of live) {
      decidesAlike(await view('admin', shown.at), shown.full);
      decidesAlike(await view(null, shown.at), shown.pub);
    }
    // A date means the end of that day; the day the shown result was computed stays with it.
    const onThe21st = tierOf(await view('admin', '2026-11-21'))!;
    expect(onThe21st).toMatchObject({ tier: 'A', date: '2026-11-20', score: 100, override: null });
    expect(tierOf(await view('admin', '2026-11-24'))).toMatchObject({ effectiveTier: 'B', override: { tier: 'B' } });
    expect(tierOf(await view('admin', '2026-11-25'))?.override).toBeNull();
    // The portal's profile as of a day shows that day's tier beside that day's records.
    const portal = async (q: string) => (await fetch(`${server.url}/subjects/${ORG_A}${q}`)).text();
    expect(await portal('?asOf=2026-11-21')).toContain('公共信用综合评价：A（优）');
    expect(await portal('')).not.toContain('公共信用综合评价：A（');
    // Before anything was evaluated there is nothing to show.
    expect(await view('admin', '2026-11-19')).toEqual([]);
    // The future means now.
    decidesAlike(await view('admin', '2027-01-01'), await view('admin'));
    expect((await call('GET', `/v1/evaluations/${ORG_A}?asOf=yesterday`, await admin())).status).toBe(422);
  });

  it('signs a report as of a past day with the tier of that day', async () => {
    const issued = await t.platform.reports.issue(ORG_A, { scope: 'public', lang: 'zh', asOf: new Date('2026-11-21T12:00:00+08:00') });
    const past = (await t.platform.reports.get(issued.code)).content.evaluations.find((e) => e.scorecard === CARD)!;
    expect(past).toMatchObject({ tier: 'A', date: '2026-11-20', overridden: false });
    const overridden = await t.platform.reports.issue(ORG_A, { scope: 'full', lang: 'zh', asOf: new Date('2026-11-24T12:00:00+08:00') });
    const then = (await t.platform.reports.get(overridden.code)).content.evaluations.find((e) => e.scorecard === CARD)!;
    expect(then).toMatchObject({ tier: 'B', overridden: true });
    const now = await t.platform.reports.issue(ORG_A, { scope: 'public', lang: 'zh' });
    const today = (await t.platform.reports.get(now.code)).content.evaluations.find((e) => e.scorecard === CARD)!;
    expect(today.overridden).toBe(false);
    expect(today.tier === 'A').toBe(false);
  });

  it('ends a result that is no longer computed, and starts it again when it is', async () => {
    // The tax authority grades ORG_A, so it has a tax credit grade (which mirrors that filing).
    const taxAgency = (await addAgency(t.platform, 'tax-hangzhou', 'tax')).apiKey;
    const graded = await call('POST', '/v1/records', taxAgency, [
      {
        item: 'tax-credit-grade',
        subject: { code: ORG_A, name: '杭州示例科技有限公司' },
        decision: { number: '杭税信〔2026〕7号', date: '2026-11-26', authority: '国家税务总局杭州市税务局', basis: '《纳税缴费信用管理办法》' },
        fields: { evaluationYear: 2025, grade: 'B', validUntil: '2027-11-30' },
      },
    ]);
    expect(graded.status).toBe(201);
    await t.platform.evaluations.catchUp();
    // The pack without the tax scorecard: a full run under it shows no tax grade for anyone.
    const dir = copyPack();
    edit<{ scorecards: Array<{ code: string }> }>(dir, 'scorecards.yaml', (doc) => {
      doc.scorecards = doc.scorecards.filter((c) => c.code !== 'tax-credit');
    });
    const without = new EvaluationService(t.platform.db, loadPolicyPack(dir), t.platform.clock, t.platform.subjects, t.platform.accessLog);
    const tax = () => rowsOfCard(ORG_A, 'tax-credit');
    t.clock.set('2026-11-28T02:00:00Z');
    expect((await tax()).at(-1)).toMatchObject({ ended: false, tier: 'B' });
    await without.evaluateAll();
    expect((await tax()).at(-1)).toMatchObject({ ended: true, tier: null, evaluated_on: '2026-11-28' });
    const byCard = async (asOf: string) => (await view('admin', asOf)).map((e) => e.scorecard).sort();
    expect(await byCard('2026-11-27')).toContain('tax-credit');
    expect(await byCard('2026-11-28')).not.toContain('tax-credit');
    // Back under the shipped pack, the tax grade is computed (and recorded) again; a refresh under
    // the other pack ends it again, for the subject it re-evaluates.
    t.clock.set('2026-11-29T02:00:00Z');
    await t.platform.evaluations.evaluateAll();
    expect((await tax()).at(-1)).toMatchObject({ ended: false, evaluated_on: '2026-11-29' });
    expect(await byCard('2026-11-29')).toContain('tax-credit');
    t.clock.set('2026-11-30T02:00:00Z');
    await without.refresh([ORG_A]);
    expect((await tax()).at(-1)).toMatchObject({ ended: true, evaluated_on: '2026-11-30' });
    expect(await byCard('2026-11-30')).not.toContain('tax-credit');
    await without.refresh([ORG_A]);
    expect((await tax()).filter((r) => r.ended)).toHaveLength(2);
    await t.platform.evaluations.refresh([ORG_A]);
  });

  it("lists a subject's history, newest first, for those who may see its evaluations in full", async () => {
    const token = await admin();
    const r = await call('GET', `/v1/evaluations/${ORG_A}/history`, token);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(JSON.parse(JSON.stringify({ subject: ORG_A, history: await t.platform.evaluations.history(ORG_A) })));
    const comprehensive = r.body.history.filter((h: { scorecard: string }) => h.scorecard === CARD);
    expect(comprehensive.map((h: { tier: string }) => h.tier).at(-1)).toBe('A');
    expect(comprehensive[0].tier).not.toBe('A');
    const recorded = r.body.history.map((h: { recordedAt: string }) => h.recordedAt);
    expect([...recorded].sort().reverse()).toEqual(recorded);
    expect(r.body.history.some((h: { ended: boolean }) => h.ended)).toBe(true);
    expect((await call('GET', `/v1/evaluations/${ORG_A}/history`, null)).status).toBe(401);
    const log = await t.platform.accessLog.of(ORG_A);
    expect(log[0]).toMatchObject({ actor: 'administrator:admin', action: 'read the evaluation history' });
  });

  it('refuses to change the history', async () => {
    await expect(t.platform.db.query("UPDATE evaluation_history SET tier = 'A'")).rejects.toThrow(/append-only/);
    await expect(t.platform.db.query('DELETE FROM evaluation_history')).rejects.toThrow(/append-only/);
  });
});
