// The scheduler's lease on every store: one holder at a time, renewed by its holder, taken over
// only once it has run out (time driven by a fixed clock, never waited for), given up at a stop;
// work begun under a lease stops at its next step once the lease is lost; and the daily
// evaluation's day is kept with the lease, so a new holder does not run it again. On PostgreSQL
// and Citus a takeover waits for a transaction that holds the lease to end, and the holder's
// renewal does not (on Citus the lease is a plain table of the coordinator), when a cluster answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { STORES, type AnyTestStore } from '../support/stores.ts';
import { probeCitus } from '../support/citus.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { holdsLease, markDailyEvaluation, readLease, releaseLease, takeLease } from '../../src/features/scheduler/lease.store.ts';
import { LeaseHeld, LeaseLost, Scheduler, SCHEDULER_LEASE, type LeaseGuard } from '../../src/features/scheduler/scheduler.ts';
import { ConfigError, loadConfig } from '../../src/kernel/config.ts';

const LEASE_MS = 30_000;
const LEASE_STORES: AnyTestStore[] = (await probeCitus()).ok ? [...STORES, 'citus'] : STORES;
/** The stores with servers of their own, where a transaction can wait for another's row lock. */
const SERVER_STORES = LEASE_STORES.filter((s) => s !== 'pglite');

describe.each(LEASE_STORES)('the scheduler lease on %s', (store) => {
  let t: TestPlatform;
  const at = (s: number) => new Date(Date.parse('2026-11-20T02:00:00Z') + s * 1000);

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has one holder at a time, renewed by it, taken over only after it runs out', async () => {
    const db = t.platform.db;
    const a = await takeLease(db, 'test-a', 'A', () => at(0), LEASE_MS);
    expect(a).toMatchObject({ holder: 'A', expiresAt: at(30) });
    expect(await takeLease(db, 'test-a', 'B', () => at(10), LEASE_MS)).toBeNull();
    const renewed = await takeLease(db, 'test-a', 'A', () => at(20), LEASE_MS);
    expect(renewed).toMatchObject({ holder: 'A', term: a!.term, expiresAt: at(50) });
    expect(await takeLease(db, 'test-a', 'B', () => at(49), LEASE_MS)).toBeNull();
    // A stops renewing (paused, or dead): B takes over at the expiry, in a new term.
    const b = await takeLease(db, 'test-a', 'B', () => at(50), LEASE_MS);
    expect(b).toMatchObject({ holder: 'B', term: a!.term + 1, expiresAt: at(80) });
    // A, back, neither renews nor holds it any more.
    expect(await takeLease(db, 'test-a', 'A', () => at(51), LEASE_MS)).toBeNull();
    expect(await db.transaction((tx) => holdsLease(tx, a!, at(51)))).toBe(false);
    expect(await db.transaction((tx) => holdsLease(tx, b!, at(51)))).toBe(true);
    expect(await db.transaction((tx) => holdsLease(tx, b!, at(80)))).toBe(false);
    // Given up, it is free at once: A takes it again, in a third term.
    await releaseLease(db, a!); // not A's any more: changes nothing
    expect(await readLease(db, 'test-a')).toMatchObject({ holder: 'B' });
    await releaseLease(db, b!);
    expect(await readLease(db, 'test-a')).toMatchObject({ holder: null, expiresAt: null });
    expect(await takeLease(db, 'test-a', 'A', () => at(52), LEASE_MS)).toMatchObject({ holder: 'A', term: a!.term + 2 });
  });

  it('keeps the day of the daily evaluation, written only by the holder', async () => {
    const db = t.platform.db;
    const a = (await takeLease(db, 'test-b', 'A', () => at(0), LEASE_MS))!;
    expect(a.dailyEvaluationOn).toBeNull();
    expect(await markDailyEvaluation(db, a, '2026-11-20', at(1))).toBe(true);
    expect(await markDailyEvaluation(db, { ...a, holder: 'B' }, '2026-11-21', at(1))).toBe(false);
    expect(await markDailyEvaluation(db, a, '2026-11-21', at(30))).toBe(false); // run out
    const b = await takeLease(db, 'test-b', 'B', () => at(30), LEASE_MS);
    expect(b!.dailyEvaluationOn).toBe('2026-11-20');
  });

  it('makes the lease of migration 32 free in a new store', async () => {
    expect(await readLease(t.platform.db, SCHEDULER_LEASE)).toMatchObject({ holder: null, dailyEvaluationOn: null });
  });

  it('runs the work in the holder only; a holder paused past its lease stops before its next step', async () => {
    const db = t.platform.db;
    const clock = t.clock;
    const steps: string[] = [];
    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    let aStepped!: () => void;
    const aStep1 = new Promise<void>((r) => (aStepped = r));
    let outcome: unknown;
    const work = (name: string, pause: boolean) => async (guard: LeaseGuard) => {
      try {
        await db.transaction(async (tx) => {
          await guard.hold(tx);
          steps.push(`${name} step 1`);
        });
        if (pause) aStepped();
        if (pause) await paused;
        await db.transaction(async (tx) => {
          await guard.hold(tx);
          steps.push(`${name} step 2`);
        });
      } catch (err) {
        outcome = err;
        throw err;
      }
    };
    const errors: unknown[] = [];
    const a = new Scheduler(db, clock, { leaseMs: LEASE_MS, everyMs: 0, holder: 'server-a' }, work('a', true), (e) => errors.push(e));
    const b = new Scheduler(db, clock, { leaseMs: LEASE_MS, everyMs: 0, holder: 'server-b' }, work('b', false), (e) => errors.push(e));
    await a.beat();
    await b.beat();
    expect([a.holding, b.holding]).toEqual([true, false]);
    // a is paused within its run (after its first step) past the lease; b takes over and runs.
    await aStep1;
    clock.advance(LEASE_MS);
    await b.beat();
    await b.idle();
    expect(b.holding).toBe(true);
    release();
    await a.idle();
    expect(outcome).toBeInstanceOf(LeaseLost);
    expect(steps).toEqual(['a step 1', 'b step 1', 'b step 2']);
    // a learns it at its next beat, and runs nothing more.
    await a.beat();
    expect(a.holding).toBe(false);
    await b.stop();
    await a.stop();
    expect(await readLease(db, SCHEDULER_LEASE)).toMatchObject({ holder: null });
    expect(errors).toEqual([]);
  });

  it('runs again at once when a run found the lease run out and the holder renewed the same term', async () => {
    const db = t.platform.db;
    const clock = t.clock;
    let runs = 0;
    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    let outcome: unknown;
    const work = async (guard: LeaseGuard) => {
      runs += 1;
      if (runs > 1) return;
      await paused;
      try {
        guard.check();
      } catch (err) {
        outcome = err;
        throw err;
      }
    };
    const errors: unknown[] = [];
    const s = new Scheduler(db, clock, { leaseMs: LEASE_MS, everyMs: 3_600_000, holder: 'server-c' }, work, (e) => errors.push(e));
    await s.beat();
    const term = (await readLease(db, SCHEDULER_LEASE))!.term;
    // The run outlasts the lease by the holder's own clock, no one takes it over meanwhile.
    clock.advance(LEASE_MS);
    release();
    await s.idle();
    expect(outcome).toBeInstanceOf(LeaseLost);
    await s.beat();
    await s.idle();
    expect((await readLease(db, SCHEDULER_LEASE))!.term).toBe(term);
    expect(runs).toBe(2);
    await s.stop();
    expect(errors).toEqual([]);
  });
});

describe.each(LEASE_STORES)("a one-off run of the scheduler (the CLI's tick) on %s", (store) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("takes the lease, refused while a server's scheduler holds it, and gives it up; the day's work runs once", async () => {
    const { platform, clock } = t;
    const db = platform.db;
    const errors: unknown[] = [];
    let serverRuns = 0;
    const server = new Scheduler(
      db,
      clock,
      { leaseMs: LEASE_MS, everyMs: 0, holder: 'server-d' },
      async () => void serverRuns++,
      (e) => errors.push(e),
    );
    await server.beat();
    await server.idle();
    expect([server.holding, serverRuns]).toEqual([true, 1]);
    const refused = await platform.scheduleOnce('cli').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LeaseHeld);
    expect((refused as Error).message).toMatch(/held by server-d until 2026-11-20T02:00:30.000Z: a server runs the scheduler/);
    expect(await readLease(db, SCHEDULER_LEASE)).toMatchObject({ holder: 'server-d', dailyEvaluationOn: null });
    // The server stops and gives the lease up: the one-off run takes it, runs, and gives it up.
    await server.stop();
    const first = await platform.scheduleOnce('cli');
    expect(first.evaluations).toMatchObject({ date: '2026-11-20' });
    expect(await readLease(db, SCHEDULER_LEASE)).toMatchObject({ holder: null, dailyEvaluationOn: '2026-11-20' });
    // Again that day: the tick runs, the day's rescoring and evaluation do not.
    clock.advance(3_600_000);
    expect((await platform.scheduleOnce('cli')).evaluations).toBeNull();
    // A server taking the lease now finds it free.
    const again = new Scheduler(
      db,
      clock,
      { leaseMs: LEASE_MS, everyMs: 0, holder: 'server-e' },
      async () => void serverRuns++,
      (e) => errors.push(e),
    );
    await again.beat();
    await again.idle();
    expect([again.holding, serverRuns]).toEqual([true, 2]);
    await again.stop();
    expect(errors).toEqual([]);
  });
});

describe.each(SERVER_STORES)('a takeover of the scheduler lease on %s', (store) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('waits for a transaction holding the lease to end, and the holder commits its step first', async () => {
    const db = t.platform.db;
    const start = new Date('2026-11-20T02:00:00Z');
    const a = (await takeLease(db, 'test-c', 'A', () => start, 1000))!;
    const other = new pg.Client({ connectionString: t.location.databaseUrl });
    await other.connect();
    try {
      let takeover: Promise<unknown> | undefined;
      await db.transaction(async (tx) => {
        expect(await holdsLease(tx, a, start)).toBe(true);
        // B tries after the expiry, from a session of its own, while A's step is under way.
        const late = new Date(start.getTime() + 2000);
        takeover = other.query(
          `UPDATE scheduler_lease SET holder = 'B', term = term + 1, expires_at = $2
           WHERE name = 'test-c' AND (holder IS NULL OR holder = 'B' OR expires_at <= $1) RETURNING holder`,
          [late, new Date(late.getTime() + 1000)],
        );
        // Until B's update is seen waiting on A's lock (asked until it is, without a timed wait),
        // from outside the transaction, which would see one snapshot of the activity throughout.
        for (;;) {
          const waiting = await db.query(
            "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE scheduler_lease SET holder = ''B''%'",
          );
          if (waiting.length > 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        await tx.query("INSERT INTO scheduler_lease (name, holder) VALUES ('test-c-step', 'A')");
        // A step writes the subjects' tables too, which on Citus are distributed, in the transaction that locked the lease.
        await tx.query("UPDATE objection SET state = state WHERE subject_key = 'test-c-subject'");
        await tx.query("UPDATE objection SET state = state WHERE subject_key = ANY($1::text[])", [['test-c-1', 'test-c-2', 'test-c-3', 'test-c-4']]);
      });
      expect(((await takeover) as { rows: unknown[] }).rows).toEqual([{ holder: 'B' }]);
      expect(await readLease(db, 'test-c-step')).toMatchObject({ holder: 'A' });
      expect(await readLease(db, 'test-c')).toMatchObject({ holder: 'B', term: a.term + 1 });
    } finally {
      await other.end();
    }
  });
});

describe.each(SERVER_STORES)("the holder's renewal of the scheduler lease on %s", (store) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("does not wait for the holder's own open transaction; a takeover does, and starts its term when granted", async () => {
    const db = t.platform.db;
    const start = new Date('2026-11-20T02:00:00Z');
    const later = (s: number) => new Date(start.getTime() + s * 1000);
    const a = (await takeLease(db, 'test-d', 'A', () => start, 1000))!;
    let takeover: Promise<unknown> | undefined;
    let clockB = later(2);
    await db.transaction(async (tx) => {
      expect(await holdsLease(tx, a, start)).toBe(true);
      // The holder renews on another connection while its transaction is open: done before it ends.
      expect(await takeLease(db, 'test-d', 'A', () => later(0.5), 1000)).toMatchObject({ holder: 'A', term: a.term, expiresAt: later(1.5) });
      // B, after the renewed lease has run out, waits for A's transaction to end.
      takeover = takeLease(db, 'test-d', 'B', () => clockB, 1000);
      for (;;) {
        const waiting = await db.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT%FROM scheduler_lease%FOR UPDATE'");
        if (waiting.length > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      clockB = later(5);
    });
    // B's term runs from when its lock was granted, not from when it asked.
    expect(await takeover).toMatchObject({ holder: 'B', term: a.term + 1, expiresAt: later(6) });
  });
});

describe('the scheduler lease setting', () => {
  it('is 30 seconds unless XINYONG_SCHEDULER_LEASE_SECONDS says otherwise, from 1 to 3600', () => {
    expect(loadConfig({}, {}).schedulerLeaseSeconds).toBe(30);
    expect(loadConfig({}, { XINYONG_SCHEDULER_LEASE_SECONDS: '4' }).schedulerLeaseSeconds).toBe(4);
    expect(() => loadConfig({}, { XINYONG_SCHEDULER_LEASE_SECONDS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ schedulerLeaseSeconds: 2.5 }, {})).toThrow(/schedulerLeaseSeconds/);
  });
});
