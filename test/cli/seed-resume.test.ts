// A seed stopped by kill -9 at any moment continues where it stopped when run again, and ends with
// the store an uninterrupted seed of the same size makes: the same subjects, records, list entries,
// ledger events (each log's, in order, instants aside), furnishing, inquiries, checks, accounts and
// agencies, a ledger that audits clean, and credentials that work. The moments are picked from
// the seed's own progress lines (--progress lines), never by waiting: after the setup, after the
// first record batch, with most records filed, as today's step begins, and in the finish.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshStore, STORES, type StoreLocation } from '../support/stores.ts';
import { doneOf, runUntil } from '../support/kill-at.ts';
import { firstLedgerDifference, storeDigest } from '../support/store-digest.ts';
import type { DemoCredentials } from '../../src/app/seed/credentials.ts';
import { Platform } from '../../src/app/platform.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { readLease } from '../../src/features/scheduler/lease.store.ts';
import { readSeedProgress } from '../../src/store/seed-progress.ts';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';
import { SCHEDULER_LEASE } from '../../src/features/scheduler/scheduler.ts';

const SUBJECTS = 300;

function seedArgs(loc: StoreLocation): { args: string[]; env: Record<string, string> } {
  return {
    args: ['seed', '--data', loc.dataDir, '--subjects', String(SUBJECTS), '--seed', '5', '--batch', '150', '--progress', 'lines'],
    env: loc.databaseUrl ? { DATABASE_URL: loc.databaseUrl } : {},
  };
}

/** The step counter of a "step N/T done" line. */
function stepDone(line: string): { done: number; total: number } | null {
  const m = /step (\d+)\/(\d+) done/.exec(line);
  return m ? { done: Number(m[1]), total: Number(m[2]) } : null;
}

const MOMENTS: Array<{ name: string; at: (line: string) => boolean }> = [
  { name: 'after the setup', at: (l) => /step 1\/\d+ done \(setup\)/.test(l) },
  { name: 'after the first record batch of this run', at: (l) => l.startsWith('seed [') && !/ done /.test(l) && (doneOf(l, ' records')?.done ?? 0) > 0 },
  {
    name: 'with most records filed',
    at: (l) => {
      const d = doneOf(l, ' records');
      return l.startsWith('seed [') && d !== null && d.done >= d.total * 0.6;
    },
  },
  {
    name: "as today's step begins",
    at: (l) => {
      const s = stepDone(l);
      return s !== null && s.done === s.total - 2;
    },
  },
  { name: 'in the finish', at: (l) => l.startsWith('evaluate') },
];

describe.concurrent.each(STORES)('a seed stopped by kill -9 and run again, on %s', (store) => {
  const locations: StoreLocation[] = [];
  afterAll(async () => {
    for (const l of locations) await l.cleanup();
  });

  it('continues where it stopped and ends with the store an uninterrupted seed makes', async () => {
    const whole = await freshStore(store);
    const stopped = await freshStore(store);
    locations.push(whole, stopped);
    const w = seedArgs(whole);
    const s = seedArgs(stopped);
    // The uninterrupted seed runs beside the stopped one.
    const uninterrupted = runUntil(w.args, w.env);
    const kills: string[] = [];
    for (const moment of MOMENTS) {
      const run = await runUntil(s.args, s.env, moment.at);
      if (!run.killed) {
        // The seed ended before the moment came (the finish is short): it must have succeeded.
        expect(run.status, `${moment.name}: ${run.stderr}`).toBe(0);
        break;
      }
      kills.push(`${moment.name}: ${run.at}`);
      expect(run.stdout).toBe('');
    }
    process.stderr.write(`seed stopped on ${store} at:\n  ${kills.join('\n  ')}\n`);
    expect(kills.length).toBeGreaterThanOrEqual(4);
    const last = await runUntil(s.args, s.env);
    expect(last.status, last.stderr).toBe(0);
    const resumed = JSON.parse(last.stdout) as Record<string, unknown>;
    const done = await uninterrupted;
    expect(done.status, done.stderr).toBe(0);
    const reference = JSON.parse(done.stdout) as Record<string, unknown>;

    // Progress said where the seed was taken up, what was done and what remained.
    expect(last.stderr).toMatch(/seed: continuing the seed of 300 subjects \(seed 5\) that stopped: \d+ of \d+ steps done/);
    expect(last.stderr).toMatch(/records \([\d,]+ left\)/);

    // The same seed's summary, but for the time it took and where it was taken up.
    const summary = (r: Record<string, unknown>) => ({
      ...r,
      store: undefined,
      seconds: undefined,
      credentials: undefined,
      resumedAfterStep: undefined,
      furnished: { ...(r.furnished as object), seconds: undefined },
    });
    expect(summary(resumed)).toEqual(summary(reference));

    // The same store.
    const [a, b] = [await storeDigest(whole), await storeDigest(stopped)];
    if (a.eventSequence !== b.eventSequence) expect(await firstLedgerDifference(whole, stopped)).toBeNull();
    expect(b).toEqual(a);
    expect(a.records).toBe(reference.generated);

    // The ledger and the projections of the stopped one audit clean.
    const audit = await runUntil(['audit', 'verify', '--all', '--data', stopped.dataDir], s.env);
    expect(audit.status, audit.stdout + audit.stderr).toBe(0);

    // Credentials of the same shape, whose keys and passwords work; nothing of the work left behind.
    const credsOf = (l: StoreLocation) => JSON.parse(readFileSync(join(l.dataDir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
    const [ca, cb] = [credsOf(whole), credsOf(stopped)];
    const shape = (c: DemoCredentials) => ({
      agencies: c.agencies.map((x) => [x.code, x.items]),
      lenders: c.lenders.map((x) => x.code),
      accounts: c.accounts.map((x) => [x.username, x.subject, x.role]),
      samples: c.samples,
    });
    expect(shape(cb)).toEqual(shape(ca));
    expect(existsSync(join(stopped.dataDir, 'demo-credentials.pending.json'))).toBe(false);
    expect(existsSync(join(stopped.dataDir, 'seed-work'))).toBe(false);
    const platform = await Platform.open(
      loadConfig({ dataDir: stopped.dataDir, databaseUrl: stopped.databaseUrl, idHashSecret: 'resume-test', logLevel: 'silent', tickMinutes: 0 }, {}),
      { readOnly: true },
    );
    try {
      for (const k of [...cb.agencies, ...cb.lenders]) expect((await platform.agencies.authenticate(k.apiKey)).code).toBe(k.code);
      for (const acc of cb.accounts) expect((await platform.accounts.login(acc.username, acc.password)).token).toBeTruthy();
      // The seed did its day's scheduled work under the scheduler's lease, taken up again after
      // the kill in the finish, and gave the lease up: a server's first run finds the day done.
      const lease = await readLease(platform.db, SCHEDULER_LEASE);
      const seeded = (await readSeedProgress(platform.db))!;
      expect(lease?.holder).toBeNull();
      expect(lease?.dailyEvaluationOn, `the day's work recorded on or after the seed's today, ${seeded.today}`).toSatisfy(
        (day: string | null | undefined) => typeof day === 'string' && day >= seeded.today,
      );
    } finally {
      await platform.close();
    }

    // Run again, a complete seed says so and changes nothing.
    const again = await runUntil(s.args, s.env);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ seeded: true, alreadyComplete: true, records: a.records });
    expect(await storeDigest(stopped)).toEqual(b);

    // A server's first run on the seeded store makes yesterday's exports, which the seed left to
    // it, and finds the day's rescoring and evaluation done (unless a new local day began since).
    const served = await Platform.open(
      loadConfig(
        {
          dataDir: stopped.dataDir,
          databaseUrl: stopped.databaseUrl,
          idHashSecret: 'resume-test',
          logLevel: 'silent',
          tickMinutes: 0,
          // A server on PostgreSQL signs with a key its configuration names (the exports cite a signed checkpoint).
          reportSigningKey: stopped.databaseUrl ? generateSigningKeyPem() : undefined,
        },
        {},
      ),
    );
    try {
      const recorded = (await readLease(served.db, SCHEDULER_LEASE))?.dailyEvaluationOn;
      const first = await served.scheduleOnce('server');
      expect(first.exports.failures.map(String)).toEqual([]);
      expect(first.exports.made).toBeGreaterThan(0);
      if (first.tick.date === recorded) {
        expect(first.evaluations).toBeNull();
        expect(first.tick.personalScoresChanged).toBe(0);
      } else expect(first.evaluations).not.toBeNull();
    } finally {
      await served.close();
    }
  }, 1_800_000);
});
