// The evaluation writers' locks on the server stores (PGlite runs one transaction at a time): a
// refresh waits for another refresh of its subject, not for one of another subject; a full run's
// run's change to the evaluation table's definition waits for the refreshes under way, and the
// refreshes asked for after it wait for it, though the refreshes under way hold the lock shared.
// Every history row is then numbered one past its subject and scorecard's latest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';
import { lockWaiters } from '../support/lock-waits.ts';
import { withSubjectsLocked } from '../../src/features/evaluation/evaluation.store.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

const SERVER_STORES = ALL_STORES.filter((s) => s !== 'pglite');

/** Resolves once `n` sessions of the store wait for a lock; throws if they do not within a minute. */
async function waiters(t: TestPlatform, store: (typeof SERVER_STORES)[number], n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await lockWaiters(t.platform.db, store)) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} sessions wait for a lock`);
    await new Promise((r) => setImmediate(r));
  }
}

describe.each(SERVER_STORES)("the evaluation writers' locks on %s", (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    await asActor({ type: 'agency', id: samr.code }, () =>
      t.platform.intake.submit(samr, [
        { line: 1, value: registration(ORG_A) },
        { line: 2, value: registration(ORG_B, '深圳示例有限公司') },
      ]),
    );
    await t.platform.evaluations.evaluateAll();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("holds a subject against another refresh of it, not against other subjects' refreshes or after a swap asked for meanwhile", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const holder = withSubjectsLocked(t.platform.db, [ORG_A], async () => {
      held();
      await released;
    });
    await holding;
    const order: string[] = [];
    const pending: Array<Promise<unknown>> = [holder];
    try {
      // A serious penalty for ORG_A: its refresh now changes its tier.
      const serious = penalty(7, { severity: 'serious', date: '2026-11-15', fields: { penaltyTypes: ['licence-revocation'] } });
      await asActor({ type: 'agency', id: samr.code }, () => t.platform.intake.submit(samr, [{ line: 1, value: serious }]));
      pending.push(t.platform.evaluations.refresh([ORG_A]).then(() => order.push('refresh A')));
      await waiters(t, store, 1);
      // Another subject's refresh goes ahead while ORG_A is held.
      await t.platform.evaluations.refresh([ORG_B]);
      expect(order).toEqual([]);
      // A full run's first change to the table's definition waits for the refresh under way, and a
      // refresh asked for after it waits behind it, though only refreshes hold the lock.
      pending.push(t.platform.evaluations.evaluateAll().then(() => order.push('full run')));
      await waiters(t, store, 2);
      pending.push(t.platform.evaluations.refresh([ORG_B]).then(() => order.push('refresh B')));
      await waiters(t, store, 3);
      expect(order).toEqual([]);
    } finally {
      release();
      await Promise.allSettled(pending);
    }
    await Promise.all(pending);
    expect(order[0]).toBe('refresh A');
    // Each subject and scorecard's rows are numbered 1, 2, ... with no number twice.
    const rows = await t.platform.db.query<{ subject_key: string; scorecard: string; n: number }>(
      'SELECT subject_key, scorecard, n FROM evaluation_history ORDER BY subject_key, scorecard, n',
    );
    const seen = new Map<string, number>();
    for (const r of rows) {
      const pair = `${r.subject_key}|${r.scorecard}`;
      expect(r.n, pair).toBe((seen.get(pair) ?? 0) + 1);
      seen.set(pair, r.n);
    }
    // ORG_A's penalty changed what its comprehensive evaluation decides, once; ORG_B's did not change.
    expect(seen.get(`${ORG_A}|public-credit-comprehensive`)).toBe(2);
    expect(seen.get(`${ORG_B}|public-credit-comprehensive`)).toBe(1);
  });
});
