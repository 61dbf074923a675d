// The check log's group commit on both stores: a check's promise resolves only once its row is
// committed; batches split at their size and commit one after another; a batch that
// fails rejects its own checks and no others; drain waits for everything written before it.
// While the store is stalled, checks are refused at once past the log's limit and after its
// wait, and the log goes on once the store answers again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { CheckLog, SYSTEM_CLOCK } from '../../src/features/checks/check-log.store.ts';
import { ManualClock, logEntry as entry, outcome, stallCheckLog } from '../support/check-log.ts';
import { AppError } from '../../src/kernel/problems.ts';

describe.each(ALL_STORES)('check log group commit on %s', (store) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await openTestPlatform(store);
  });
  afterAll(async () => t?.close());

  const logged = async (prefix: string): Promise<Set<string>> =>
    new Set((await t.platform.db.query<{ check_id: string }>('SELECT check_id FROM check_log WHERE check_id LIKE $1', [`${prefix}%`])).map((r) => r.check_id));

  it('resolves each check once its row is committed, across batches split by size', async () => {
    const log = new CheckLog(t.platform.db, { maxBatch: 16 });
    const ids = Array.from({ length: 500 }, (_, i) => `chk_split_${String(i).padStart(4, '0')}`);
    const seenAtResolve: boolean[] = [];
    await Promise.all(
      ids.map((id, i) =>
        log.write(entry(id)).then(async () => {
          // Every tenth check looks for its own row as soon as it is acknowledged.
          if (i % 10 === 0) seenAtResolve.push((await logged(id)).has(id));
        }),
      ),
    );
    expect(seenAtResolve).toHaveLength(50);
    expect(seenAtResolve.every(Boolean)).toBe(true);
    expect((await logged('chk_split_')).size).toBe(500);
  });

  it('rejects only the checks of a batch that fails, and drain waits for all', async () => {
    const log = new CheckLog(t.platform.db, { maxBatch: 4 });
    await log.write(entry('chk_dup_0000'));
    // The third batch of four repeats a logged id: the primary key refuses that COPY.
    const ids = Array.from({ length: 16 }, (_, i) => (i === 9 ? 'chk_dup_0000' : `chk_dup_${String(i + 1).padStart(4, '0')}`));
    const outcomes = ids.map((id) =>
      log.write(entry(id)).then(
        () => 'ok',
        () => 'refused',
      ),
    );
    await log.drain();
    const settled = await Promise.all(outcomes);
    expect(settled).toEqual(ids.map((_, i) => (i >= 8 && i < 12 ? 'refused' : 'ok')));
    const rows = await logged('chk_dup_');
    expect(rows.size).toBe(13);
    for (const i of [8, 10, 11]) expect(rows.has(ids[i]!)).toBe(false);
    // A failed write is the store being unavailable to the check, not a fault of the request.
    const refused = await log.write(entry('chk_dup_0000')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('store-unavailable');
  });

  it('while the store is stalled, refuses checks at once past its limit and after its wait, writes no batch that had not begun, and goes on after', async () => {
    // The table is held, and the log's time moves only when the test moves it: a minute's wait is
    // 30 s for a batch's write to begin and 30 s for the write (the server's own limit), so the
    // writes that commit have all the time they need and the refusals come when the test says,
    // whatever the machine's speed.
    const clock = new ManualClock();
    const log = new CheckLog(t.platform.db, { maxWaiting: 4, waitMs: 60_000 }, clock);
    await log.write(entry('chk_stall_0000'));
    const release = await stallCheckLog(t.platform.db);
    let gateOpen = false;
    const settled = new Set<string>();
    const outcome = (id: string): Promise<{ err: AppError | null; gateOpen: boolean }> =>
      log
        .write(entry(id))
        .then(
          () => ({ err: null, gateOpen }),
          (err: unknown) => ({ err: err as AppError, gateOpen }),
        )
        .finally(() => settled.add(id));
    // Its write begins at once and waits for the table.
    const first = outcome('chk_stall_0001');
    await new Promise((resolve) => setImmediate(resolve));
    // These wait behind it as the next batch: four checks are now waiting.
    const queued = [2, 3, 4].map((i) => outcome(`chk_stall_000${i}`));
    const atOnce = await outcome('chk_stall_0005');
    expect(atOnce.err).toBeInstanceOf(AppError);
    expect(atOnce.err?.code).toBe('store-unavailable');
    expect(atOnce.err?.detail).toContain('4 checks waiting');
    expect(atOnce.err?.extensions.retryAfterSeconds).toBe(5);
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    await turns(20);
    expect([...settled]).toEqual(['chk_stall_0005']);
    // A moment before their time, all still wait.
    clock.advance(29_999);
    await turns(20);
    expect([...settled]).toEqual(['chk_stall_0005']);
    // The next batch's time to begin runs out: it is dropped and refused. The batch being written
    // is left to its write a second longer.
    clock.advance(1);
    for (const o of await Promise.all(queued)) {
      expect(o.err?.code).toBe('store-unavailable');
      expect(o.err?.detail).toContain('within 60 s');
      expect(o.gateOpen).toBe(false);
    }
    await turns(20);
    expect(settled.has('chk_stall_0001')).toBe(false);
    // Then its write is abandoned, and it is refused too, while the table is still held.
    clock.advance(1000);
    const abandoned = await first;
    expect(abandoned.err?.code).toBe('store-unavailable');
    expect(abandoned.err?.detail).toContain('within 60 s');
    expect(abandoned.gateOpen).toBe(false);
    gateOpen = true;
    await release();
    await log.drain();
    // The batch that never began is not written. The one whose write had begun was abandoned:
    // on PostgreSQL its connection was closed, and the server, which held its data, may or may
    // not commit it once the table is free; PGlite cannot abandon a write, and commits it.
    const rows = await logged('chk_stall_');
    expect(rows.has('chk_stall_0000')).toBe(true);
    for (const id of ['chk_stall_0002', 'chk_stall_0003', 'chk_stall_0004', 'chk_stall_0005']) expect(rows.has(id)).toBe(false);
    if (store === 'pglite') expect(rows.has('chk_stall_0001')).toBe(true);
    await log.write(entry('chk_stall_0006'));
    expect((await logged('chk_stall_')).has('chk_stall_0006')).toBe(true);
  });

  it('holds its time limit under a backlog, and answers exactly the checks it logged', async () => {
    // The log's clock moves 10 s each time a batch commits: with 30 s for a batch's write to
    // begin (a 60 s wait), the first three of a backlog of 100 batches are written and every
    // later one is refused before its write begins, whatever the machine's speed.
    let clock = 0;
    const log = new CheckLog(t.platform.db, { maxBatch: 1000, maxWaiting: 200_000, waitMs: 60_000 }, { ...SYSTEM_CLOCK, now: () => clock });
    const ids = Array.from({ length: 100_000 }, (_, i) => `chk_backlog_${String(i).padStart(6, '0')}`);
    const outcomes = await Promise.all(
      ids.map((id, i) => {
        const written = log.write(entry(id));
        if (i % 1000 === 0)
          void written.then(
            () => (clock += 10_000),
            () => undefined,
          );
        return outcome(written);
      }),
    );
    const committed = ids.filter((_, i) => outcomes[i] === 'committed');
    expect(committed).toEqual(ids.slice(0, 3000));
    expect(outcomes.slice(3000).every((o) => o === 'store-unavailable')).toBe(true);
    // What was answered is exactly what was logged: a batch still being written when its time
    // runs out is cancelled by the server (PostgreSQL) or, when it commits, answered.
    expect(await logged('chk_backlog_')).toEqual(new Set(committed));
  });

  it('refuses a batch of checks larger than its limit, before logging any of it', async () => {
    const log = new CheckLog(t.platform.db, { maxWaiting: 4 });
    const refused = await log.writeMany(['a', 'b', 'c', 'd', 'e'].map((x) => entry(`chk_many_${x}`))).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('payload-too-large');
    await log.writeMany(['a', 'b', 'c', 'd'].map((x) => entry(`chk_many_${x}`)));
    expect(await logged('chk_many_')).toEqual(new Set(['a', 'b', 'c', 'd'].map((x) => `chk_many_${x}`)));
  });

  it('serves two logs with different time limits on one store side by side', async () => {
    const a = new CheckLog(t.platform.db, { waitMs: 5000 });
    const b = new CheckLog(t.platform.db, { waitMs: 4000 });
    await Promise.all([a.write(entry('chk_two_a')), b.write(entry('chk_two_b'))]);
    expect(await logged('chk_two_')).toEqual(new Set(['chk_two_a', 'chk_two_b']));
  });

  it('stores every field as given, escapes included', async () => {
    const log = new CheckLog(t.platform.db);
    const e = {
      ...entry('chk_fields_0001'),
      askedBy: 'account:王\t五\\n\n',
      outcome: 'prohibit',
      measures: ['bid-exclusion', 'hc-air-travel'],
      policyVersion: '国家 2026.1',
      askedAt: new Date('2026-11-20T04:05:06.789Z'),
    };
    await log.write(e);
    const [row] = await t.platform.db.query<Record<string, unknown>>(
      `SELECT subject_key, scenario, as_of::text AS as_of, asked_at, asked_by, outcome, measures, policy_version FROM check_log WHERE check_id = 'chk_fields_0001'`,
    );
    expect(row).toEqual({
      subject_key: e.subjectKey,
      scenario: e.scenario,
      as_of: e.asOf,
      asked_at: e.askedAt,
      asked_by: e.askedBy,
      outcome: 'prohibit',
      measures: ['bid-exclusion', 'hc-air-travel'],
      policy_version: '国家 2026.1',
    });
  });

  it('drain resolves with nothing pending, and waits for a write made before it', async () => {
    const log = new CheckLog(t.platform.db);
    await log.drain();
    const p = log.write(entry('chk_drain_0001'));
    await log.drain();
    expect((await logged('chk_drain_')).has('chk_drain_0001')).toBe(true);
    await p;
  });
});
