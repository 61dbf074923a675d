// The personal credit score in the reports, on every store: the person's own report at /me (JSON,
// its signed HTML and PDF) and a lender's inquiry answer carry the score as of the report's date
// with its version, points and four reasons; an enterprise's report has no score; a person without
// accounts is not scored, with the reason. The history gets a row whenever the score changes (an
// inquiry counted as hard, a later batch found by the scheduler's tick), and a report as of a past
// day shows the score of that day under the version then in force, whatever came later.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { callJson } from '../support/http.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, keyOf, loan, ndjson, statement } from '../support/furnishing.ts';
import { CreditReportService, NO_ANNOTATIONS } from '../../src/features/credit-reporting/credit-report.service.ts';
import { holdScoreOf, recordScore, scoreHistory } from '../../src/features/credit-reporting/personal-score-history.store.ts';
import { creditReportHtml } from '../../src/features/credit-reporting/credit-report-render.ts';
import type { Policy } from '../../src/domain/policy/policy.ts';
import type { PersonalScore } from '../../src/domain/credit-reporting/personal-score.ts';

/** A valid resident identity number no furnisher furnished. */
const STRANGER = '110101199003070011';

describe.each(ALL_STORES)('the personal credit score over HTTP on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let bank = '';
  let token = '';

  const furnish = async (month: string, lines: unknown[]) => {
    const res = await fetch(`${server.url}/v1/furnishing/batches?month=${month}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${bank}` },
      body: ndjson(lines),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  const inquire = (body: Record<string, unknown>) =>
    fetch(`${server.url}/v1/credit-inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bank}` },
      body: JSON.stringify(body),
    });
  const authorise = (body: Record<string, unknown>) =>
    callJson(server.url, 'POST', '/v1/credit-consents', bank, {
      subject: BORROWER,
      purposes: ['loan-approval'],
      signedOn: '2026-11-01',
      expiresOn: '2027-11-01',
      ...body,
    });
  const logIn = async () => {
    token = (await t.platform.accounts.login('person-a', 'password of a')).token;
  };
  const reportOf = (id: string, asOf: string) => t.platform.creditReports.report(keyOf(id), { asOf, months: 24 });
  const scored = (s: unknown) => {
    expect(s).toMatchObject({ scored: true });
    return s as PersonalScore;
  };

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    bank = (await addAgency(t.platform, 'bank-xihu', 'small-loan-company')).apiKey;
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    await furnish('2026-10', [
      consent(BORROWER),
      consent(BORROWER_2),
      loan('L-1'),
      card('C-1'),
      card('C-2', BORROWER_2),
      statement('L-1', '2026-10'),
      statement('C-1', '2026-10', { balance: 40000 }),
      statement('C-2', '2026-10'),
    ]);
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'person-a', role: 'subject', subjectKey: keyOf(BORROWER), password: 'password of a' }));
    await logIn();
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  it('shows the person their score at /me, with version, points and reasons, in the JSON and the signed HTML and PDF', async () => {
    const res = await callJson(server.url, 'GET', '/v1/me/credit-report', token);
    expect(res.status).toBe(200);
    const s = scored(res.body.report.score);
    expect(s).toMatchObject({ model: 'personal-credit-score@2026.1', effectiveFrom: '2026-01-01', asOf: '2026-11-20', range: { min: 300, max: 900 } });
    expect(s.attributes.map((a) => a.attribute)).toEqual([
      'worst-status-24m',
      'months-late-24m',
      'derogatory-accounts',
      'revolving-utilisation',
      'hard-inquiries-12m',
      'history-length',
      'credit-mix',
    ]);
    // 80% utilisation, a short history, two kinds of account: reasons with what would change them.
    expect(s.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['revolving-utilisation', 'history-length', 'credit-mix']));
    for (const r of s.reasons) expect(r.change.en).toMatch(/up to \d+ points/);
    expect(s.score + s.reasons.reduce((n, r) => n + r.lost, 0) + s.otherLost).toBe(900);
    expect(s.score).toBe(300 + s.attributes.reduce((n, a) => n + a.points, 0));
    expect(s.band.label.zh.length).toBeGreaterThan(0);
    // The JSON the API sends is the report the service computes, score and all.
    expect(res.body.report.score).toEqual(JSON.parse(JSON.stringify((await reportOf(BORROWER, '2026-11-20')).score)));

    const { signed } = res.body;
    const page = await (await fetch(server.url + signed.htmlPath, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(page).toContain('个人信用评分');
    expect(page).toContain(String(s.score));
    expect(page).toContain('personal-credit-score@2026.1');
    expect(page).toContain(s.reasons[0]!.change.zh);
    const pdf = await fetch(server.url + signed.pdfPath, { headers: { authorization: `Bearer ${token}` } });
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // The score served is the first of the person's history.
    const [row] = await scoreHistory(t.platform.db, keyOf(BORROWER));
    expect(row).toMatchObject({ n: 1, cause: 'own-report', asOf: '2026-11-20', score: s.score, model: s.model, reasons: s.reasons.map((r) => r.code) });
    if (store === 'citus') {
      // The history lies with the person's accounts, in the subjects' group, by subject_key.
      const placed = await t.platform.db.query<{ table: string; column: string; group: string }>(
        `SELECT logicalrelid::text AS table, column_to_column_name(logicalrelid, partkey) AS column, colocationid::text AS group
           FROM pg_dist_partition WHERE logicalrelid IN ('personal_score_history'::regclass, 'credit_account'::regclass) ORDER BY 1`,
      );
      expect(placed).toEqual([
        { table: 'credit_account', column: 'borrower_key', group: placed[0]!.group },
        { table: 'personal_score_history', column: 'subject_key', group: placed[0]!.group },
      ]);
    }
  });

  it("answers a lender's inquiry with the score and its reason codes, the hard inquiry counted, and records the change", async () => {
    const before = scored((await reportOf(BORROWER, '2026-11-20')).score);
    expect((await authorise({ reference: 'IC-1' })).status).toBe(201);
    const res = await inquire({ subject: BORROWER, purpose: 'loan-approval', consent: 'IC-1' });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status, JSON.stringify(body)).toBe(201);
    const s = scored(body.report.score);
    expect(s.attributes.find((a) => a.attribute === 'hard-inquiries-12m')!.value).toBe(1);
    // One hard inquiry is 10 points below none (personal-score.yaml: 60 for none, 50 for one):
    // none lost nothing and was no reason; one loses 10, a reason beside the three before it.
    const lostBefore = before.attributes.find((a) => a.attribute === 'hard-inquiries-12m')!.lost;
    expect(lostBefore).toBe(0);
    expect(before.reasons.map((r) => r.code)).not.toContain('hard-inquiries-12m');
    expect(s.reasons.find((r) => r.code === 'hard-inquiries-12m')).toMatchObject({ lost: lostBefore + 10 });
    expect(s.score).toBe(before.score - 10);
    const history = await scoreHistory(t.platform.db, keyOf(BORROWER));
    expect(history.map((h) => [h.n, h.cause, h.score])).toEqual([
      [2, 'inquiry', s.score],
      [1, 'own-report', before.score],
    ]);
  });

  it("gives an enterprise's report no score section at all, and a person without accounts 'not scored' with the reason", async () => {
    expect((await authorise({ reference: 'IC-CO', subject: COMPANY, purposes: ['guarantee-qualification'] })).status).toBe(201);
    const res = await inquire({ subject: COMPANY, purpose: 'guarantee-qualification', consent: 'IC-CO' });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(201);
    expect(body.report.identity.kind).toBe('organisation');
    expect('score' in body.report).toBe(false);
    expect(String(creditReportHtml(body.report, 'en'))).not.toContain('credit score');
    expect(await scoreHistory(t.platform.db, keyOf(COMPANY))).toEqual([]);

    const none = await reportOf(STRANGER, '2026-11-20');
    expect(none.score).toEqual({ scored: false, asOf: '2026-11-20', reason: 'no-accounts' });
    const html = String(creditReportHtml(none, 'en'));
    expect(html).toContain('Not scored: no credit account was opened by the report date.');
    expect(String(creditReportHtml(none, 'zh'))).toContain('未评分');
  });

  it('shows a past day the score of that day under the version then in force, after later data and a later version changed it', async () => {
    const then = scored((await reportOf(BORROWER, '2026-11-20')).score);
    // Five days on, the loan's November statement is 45 days late; the daily tick records the change.
    t.clock.set('2026-11-25T02:00:00Z');
    await logIn();
    await furnish('2026-11', [
      { kind: 'notice', account: 'L-1', notifiedOn: '2026-11-21', method: 'sms' },
      statement('L-1', '2026-11', { daysPastDue: 45, status: '2', amountPaid: 0 }),
      statement('C-1', '2026-11', { balance: 40000 }),
    ]);
    const tick = await t.platform.tick();
    expect(tick.personalScoresChanged).toBe(1);
    const now = scored((await reportOf(BORROWER, '2026-11-25')).score);
    expect(now.score).toBeLessThan(then.score);
    expect(now.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['worst-status-24m', 'months-late-24m']));
    expect(then.reasons.map((r) => r.code)).not.toContain('worst-status-24m');
    // A person no score was served about has no history: it begins with the first score served.
    expect(await scoreHistory(t.platform.db, keyOf(BORROWER_2))).toEqual([]);
    const [latest] = await scoreHistory(t.platform.db, keyOf(BORROWER));
    expect(latest).toMatchObject({ cause: 'rescoring', asOf: '2026-11-25', score: now.score });
    // The person reads the history at /me, newest first, as stored.
    const mine = await callJson(server.url, 'GET', '/v1/me/credit-score-history', token);
    expect(mine.status).toBe(200);
    expect(mine.body.history).toEqual(JSON.parse(JSON.stringify(await scoreHistory(t.platform.db, keyOf(BORROWER)))));
    expect(mine.body.history.map((h: { cause: string }) => h.cause)).toEqual(['rescoring', 'inquiry', 'own-report']);
    // Nothing changed since: another tick adds no row.
    expect((await t.platform.tick()).personalScoresChanged).toBe(0);
    // As of the 20th the report shows the score of that day, as the history recorded it then.
    const past = scored((await reportOf(BORROWER, '2026-11-20')).score);
    expect(past).toEqual(then);
    const history = await scoreHistory(t.platform.db, keyOf(BORROWER));
    expect(history.filter((h) => h.asOf === '2026-11-20')[0]!.score).toBe(past.score);

    // A version in force from the 22nd scores today under it and leaves the 20th under 2026.1.
    const policy = t.platform.policy;
    const current = policy.personalScorecards[0]!;
    const later = {
      ...current,
      version: '2026.2',
      effectiveFrom: '2026-11-22',
      base: current.base + 10,
      range: { min: current.range.min + 10, max: current.range.max + 10 },
    };
    const withLater = Object.create(policy, { personalScorecards: { value: [current, later] } }) as Policy;
    const reports = new CreditReportService(t.platform.db, withLater, t.clock, t.platform.subjects, NO_ANNOTATIONS);
    const pastUnderBoth = scored((await reports.report(keyOf(BORROWER), { asOf: '2026-11-20', months: 24 })).score);
    expect(pastUnderBoth).toEqual(then);
    const today = scored((await reports.report(keyOf(BORROWER), { asOf: '2026-11-25', months: 24 })).score);
    expect(today).toMatchObject({ model: 'personal-credit-score@2026.2', effectiveFrom: '2026-11-22', score: now.score + 10 });
  });

  it('records a change made by time alone: a year on, the hard inquiry no longer counts', async () => {
    const before = (await scoreHistory(t.platform.db, keyOf(BORROWER)))[0]!;
    t.clock.set('2027-11-21T02:00:00Z');
    expect((await t.platform.tick()).personalScoresChanged).toBe(1);
    const s = scored((await reportOf(BORROWER, '2027-11-21')).score);
    expect(s.attributes.find((a) => a.attribute === 'hard-inquiries-12m')!.value).toBe(0);
    expect(s.reasons.map((r) => r.code)).not.toContain('hard-inquiries-12m');
    const [latest] = await scoreHistory(t.platform.db, keyOf(BORROWER));
    expect(latest).toMatchObject({ n: before.n + 1, cause: 'rescoring', asOf: '2027-11-21', score: s.score, reasons: s.reasons.map((r) => r.code) });
  });

  it.skipIf(store === 'pglite')(
    "serves an inquiry the score it records, read once no other writer holds the person's score: a batch furnished while it waited counts",
    async () => {
      const key = keyOf(STRANGER);
      await furnish('2027-10', [consent(STRANGER), card('C-9', STRANGER), statement('C-9', '2027-10', { balance: 1000 })]);
      expect((await authorise({ reference: 'IC-9', subject: STRANGER, signedOn: '2027-11-01', expiresOn: '2028-11-01' })).status).toBe(201);
      // Another writer of the history (the daily rescoring, say) holds the person's score.
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let holding!: () => void;
      const held = new Promise<void>((r) => (holding = r));
      const other = t.platform.db.transaction(async (tx) => {
        await holdScoreOf(tx, key);
        holding();
        await released;
      });
      await held;
      const answer = inquire({ subject: STRANGER, purpose: 'loan-approval', consent: 'IC-9' });
      try {
        // The inquiry waits for the score (PostgreSQL's lock table shows it waiting) ...
        const waiting = async () =>
          (
            await t.platform.db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_locks
                WHERE locktype = 'advisory' AND classid = 7262024 AND objid = hashtext($1)::oid AND objsubid = 2 AND NOT granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
              [key],
            )
          )[0]!.n;
        for (let tries = 0; (await waiting()) === 0; tries++) {
          expect(tries, 'the inquiry never waited for the score another writer held').toBeLessThan(400);
          await new Promise((r) => setTimeout(r, 50));
        }
        // ... while the card's November is furnished 45 days late; then the other writer commits.
        await furnish('2027-11', [
          { kind: 'notice', account: 'C-9', notifiedOn: '2027-11-10', method: 'sms' },
          statement('C-9', '2027-11', { balance: 1000, daysPastDue: 45, status: '2', amountPaid: 0 }),
        ]);
      } finally {
        release();
        await other;
      }
      const res = await answer;
      const body = (await res.json()) as Record<string, any>;
      expect(res.status, JSON.stringify(body)).toBe(201);
      const s = scored(body.report.score);
      expect(s.attributes.find((a) => a.attribute === 'months-late-24m')!.value).toBe(1);
      // The score served is the one recorded, and the one a report read afterwards computes.
      const [row] = await scoreHistory(t.platform.db, key);
      expect(row).toMatchObject({ n: 1, cause: 'inquiry', score: s.score, band: s.band.band, reasons: s.reasons.map((r) => r.code) });
      expect(scored((await reportOf(STRANGER, '2027-11-21')).score)).toEqual(s);
    },
  );

  it('serves the history a page of 100 rows at a time, newest first, with a link to the older rows', async () => {
    const key = keyOf(BORROWER_2);
    await asActor(ADMIN, () => t.platform.accounts.create({ username: 'person-b', role: 'subject', subjectKey: key, password: 'password of b' }));
    const own = (await t.platform.accounts.login('person-b', 'password of b')).token;
    const start = t.clock.now().getTime();
    for (let i = 0; i < 150; i++) {
      const reason = i % 2 === 0 ? 'no-accounts' : 'no-scorecard';
      expect(await recordScore(t.platform.db, key, { scored: false, asOf: '2027-11-21', reason }, 'rescoring', new Date(start + i * 1000))).toBe(true);
    }
    const first = await callJson(server.url, 'GET', '/v1/me/credit-score-history', own);
    expect(first.status).toBe(200);
    expect(first.body.history.map((h: { n: number }) => h.n)).toEqual(Array.from({ length: 100 }, (_, i) => 150 - i));
    expect(first.body.next).toBe('/v1/me/credit-score-history?before=51');
    const second = await callJson(server.url, 'GET', first.body.next, own);
    expect(second.status).toBe(200);
    expect(second.body.history.map((h: { n: number }) => h.n)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    expect(second.body.next).toBeNull();
    // Both pages are the stored rows, newest first.
    expect([...first.body.history, ...second.body.history]).toEqual(JSON.parse(JSON.stringify(await scoreHistory(t.platform.db, key, 200))));
    // A cursor out of range, below 1 or past the column's integer, is bad input, not a failure.
    for (const before of ['0', '3000000000']) {
      const bad = await callJson(server.url, 'GET', `/v1/me/credit-score-history?before=${before}`, own);
      expect(bad.status, before).toBe(422);
      expect(bad.body.type).toMatch(/validation-failed$/);
    }
  });
});
