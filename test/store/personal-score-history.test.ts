// The personal score history's writer on every store: a row only when the score changes, and a
// change recorded by one writer while another holds the next row uncommitted is added after it,
// not lost (the inquiry beside the daily rescoring); the rescoring runs once a local day under the
// scheduler's lease, however often the scheduler runs; a row's instant never goes back as n grows;
// the rescoring of a person waits for a writer that holds the person's score and reads after it.
// PGlite runs one transaction at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { holdScoreOf, recordScore, scoreHistory } from '../../src/features/credit-reporting/personal-score-history.store.ts';
import { rescorePersons } from '../../src/features/credit-reporting/personal-score-rescoring.ts';
import type { Queryable } from '../../src/store/database.ts';
import { Scheduler } from '../../src/features/scheduler/scheduler.ts';
import type { TickResult } from '../../src/features/scheduler/tick.ts';
import type { NoScore, PersonalScore } from '../../src/domain/credit-reporting/personal-score.ts';

const AT = new Date('2026-11-20T02:00:00Z');
const scoreOf = (score: number, reasons: PersonalScore['reasons'][number]['code'][] = ['history-length']): PersonalScore => ({
  scored: true,
  model: 'personal-credit-score@2026.1',
  effectiveFrom: '2026-01-01',
  asOf: '2026-11-20',
  score,
  range: { min: 300, max: 900 },
  band: { band: 'B', label: { zh: '良好', en: 'Good' } },
  attributes: [],
  reasons: reasons.map((code) => ({ code, lost: 10, text: { zh: '', en: '' }, change: { zh: '', en: '' } })),
  otherLost: 0,
});
const unscored: NoScore = { scored: false, asOf: '2026-11-20', reason: 'no-accounts' };

describe.each(ALL_STORES)('the personal score history on %s', (store) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await openTestPlatform(store, AT.toISOString());
  });
  afterAll(async () => {
    await t?.close();
  });
  const rows = async (key: string) => (await scoreHistory(t.platform.db, key)).map((r) => [r.n, r.cause, r.scored, r.score, r.reasons, r.notScored]);

  it('adds a row only when the score, its reasons or why unscored change', async () => {
    const db = t.platform.db;
    expect(await recordScore(db, 'p-1', unscored, 'own-report', AT)).toBe(true);
    expect(await recordScore(db, 'p-1', unscored, 'rescoring', AT)).toBe(false);
    expect(await recordScore(db, 'p-1', scoreOf(700), 'inquiry', AT)).toBe(true);
    expect(await recordScore(db, 'p-1', scoreOf(700), 'rescoring', AT)).toBe(false);
    expect(await recordScore(db, 'p-1', scoreOf(700, ['credit-mix']), 'rescoring', AT)).toBe(true);
    expect(await rows('p-1')).toEqual([
      [3, 'rescoring', true, 700, ['credit-mix'], null],
      [2, 'inquiry', true, 700, ['history-length'], null],
      [1, 'own-report', false, null, [], 'no-accounts'],
    ]);
  });

  it.skipIf(store === 'pglite')('adds a change after the row another writer holds uncommitted, instead of losing it', async () => {
    const db = t.platform.db;
    expect(await recordScore(db, 'p-2', scoreOf(650), 'own-report', AT)).toBe(true);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedRow = new Promise<void>((r) => (inserted = r));
    const holder = db.transaction(async (tx) => {
      expect(await recordScore(tx, 'p-2', scoreOf(640), 'inquiry', AT)).toBe(true);
      inserted();
      await held;
    });
    await insertedRow;
    // The other writer reads the latest row (n = 1: the held one is uncommitted), and the holder
    // commits before its insert goes out: it takes n = 2 too, finds it taken, and must look again.
    const other = db.transaction((tx) => {
      let first = true;
      const q = Object.create(tx, {
        query: {
          value: async (sql: string, params?: unknown[]) => {
            if (first && sql.includes('INSERT INTO personal_score_history')) {
              first = false;
              release();
              await holder;
            }
            return tx.query(sql, params);
          },
        },
      }) as Queryable;
      return recordScore(q, 'p-2', scoreOf(630), 'rescoring', AT);
    });
    expect(await other).toBe(true);
    expect(await rows('p-2')).toEqual([
      [3, 'rescoring', true, 630, ['history-length'], null],
      [2, 'inquiry', true, 640, ['history-length'], null],
      [1, 'own-report', true, 650, ['history-length'], null],
    ]);
  });

  it('rescores once a local day under the scheduler lease: a second run that day leaves it, the next day rescores', async () => {
    const { platform, clock } = t;
    const db = platform.db;
    const ticks: TickResult[] = [];
    const errors: unknown[] = [];
    // A run as a server's scheduler makes it: it takes the lease (a new holder each time, as after
    // a restart), runs once and gives the lease up.
    const run = async () => {
      const s = new Scheduler(
        db,
        clock,
        { leaseMs: 30_000, everyMs: 0 },
        async (g) => void ticks.push((await platform.scheduledRun(g)).tick),
        (e) => errors.push(e),
      );
      await s.beat();
      await s.idle();
      await s.stop();
    };
    // The person has no accounts: a recorded score differs from what the rescoring computes.
    clock.set('2026-11-21T01:00:00Z');
    expect(await recordScore(db, 'p-3', scoreOf(700), 'inquiry', clock.now())).toBe(true);
    await run();
    expect((await rows('p-3'))[0]).toEqual([2, 'rescoring', false, null, [], 'no-accounts']);
    // An hour later the latest row differs again; the day's rescoring is done, so it stays.
    clock.set('2026-11-21T02:00:00Z');
    expect(await recordScore(db, 'p-3', scoreOf(690), 'inquiry', clock.now())).toBe(true);
    await run();
    expect((await rows('p-3'))[0]).toEqual([3, 'inquiry', true, 690, ['history-length'], null]);
    // The next local day rescores again.
    clock.set('2026-11-22T01:00:00Z');
    await run();
    expect((await rows('p-3'))[0]).toEqual([4, 'rescoring', false, null, [], 'no-accounts']);
    expect(ticks.map((r) => [r.date, r.personalScoresChanged > 0])).toEqual([
      ['2026-11-21', true],
      ['2026-11-21', false],
      ['2026-11-22', true],
    ]);
    expect(errors).toEqual([]);
  });

  it('adds no score computed before the latest row was recorded', async () => {
    const db = t.platform.db;
    const later = new Date(AT.getTime() + 60_000);
    expect(await recordScore(db, 'p-4', scoreOf(700), 'inquiry', later)).toBe(true);
    expect(await recordScore(db, 'p-4', scoreOf(650), 'rescoring', AT)).toBe(false);
    expect(await recordScore(db, 'p-4', scoreOf(650), 'rescoring', later)).toBe(true);
    expect((await scoreHistory(db, 'p-4')).map((r) => [r.n, r.score, r.recordedAt])).toEqual([
      [2, 650, later.toISOString()],
      [1, 700, later.toISOString()],
    ]);
  });

  it('reads each person as of their turn in the rescoring: an inquiry recorded after it began is not put below an older score', async () => {
    const { platform, clock } = t;
    const db = platform.db;
    clock.set('2026-11-23T01:00:00Z');
    expect(await recordScore(db, 'q-inquired', scoreOf(710), 'own-report', clock.now())).toBe(true);
    const began = clock.now();
    let written = false;
    // The rescoring's first transaction (the first person's) begins; a second later, before the
    // person's turn, their inquiry is recorded (the interleaving made explicit: the write goes in
    // the rescoring's own transaction, which PGlite's single connection needs).
    const changed = await rescorePersons(db, platform.policy, '2026-11-23', clock, {
      hold: async (tx) => {
        if (written) return;
        written = true;
        clock.advance(1000);
        expect(await recordScore(tx, 'q-inquired', scoreOf(700), 'inquiry', clock.now())).toBe(true);
      },
    });
    expect(changed).toBeGreaterThan(0);
    const history = await scoreHistory(db, 'q-inquired');
    expect(history.map((r) => [r.n, r.cause, r.score, r.notScored])).toEqual([
      [3, 'rescoring', null, 'no-accounts'],
      [2, 'inquiry', 700, null],
      [1, 'own-report', 710, null],
    ]);
    expect(history.map((r) => r.recordedAt)).toEqual([
      new Date(began.getTime() + 1000).toISOString(),
      new Date(began.getTime() + 1000).toISOString(),
      began.toISOString(),
    ]);
  });

  it.skipIf(store === 'pglite')("rescores a person only once it holds the person's score, and reads after it", async () => {
    const { platform, clock } = t;
    const db = platform.db;
    clock.set('2026-11-24T01:00:00Z');
    expect(await recordScore(db, 'r-held', scoreOf(720), 'own-report', clock.now())).toBe(true);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    // An inquiry holds the person's score and records a score a minute on, then commits.
    const inquiry = db.transaction(async (tx) => {
      await holdScoreOf(tx, 'r-held');
      holding();
      await released;
      clock.advance(60_000);
      expect(await recordScore(tx, 'r-held', scoreOf(705), 'inquiry', clock.now())).toBe(true);
    });
    await held;
    const rescoring = rescorePersons(db, platform.policy, '2026-11-24', clock);
    try {
      const waiting = async () =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks
              WHERE locktype = 'advisory' AND classid = 7262024 AND objid = hashtext('r-held')::oid AND objsubid = 2 AND NOT granted
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          )
        )[0]!.n;
      for (let tries = 0; (await waiting()) === 0; tries++) {
        expect(tries, "the rescoring never waited for the person's score").toBeLessThan(400);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      release();
      await inquiry;
    }
    await rescoring;
    // The rescoring read after the inquiry's row, so its own row comes after it, not lost below it.
    expect((await scoreHistory(db, 'r-held')).map((r) => [r.n, r.cause, r.score, r.notScored])).toEqual([
      [3, 'rescoring', null, 'no-accounts'],
      [2, 'inquiry', 705, null],
      [1, 'own-report', 720, null],
    ]);
  });
});
