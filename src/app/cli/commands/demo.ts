// `xinyong seed` and `xinyong demo`: a realistic platform from the synthetic generator, seeded
// through the real paths, and served with its credentials printed. A seed stopped at any moment
// continues where it stopped when either is run again (src/app/seed/seed.ts).
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout } from 'node:timers/promises';
import { join } from 'node:path';
import type { Config } from '../../../kernel/config.ts';
import { Platform } from '../../platform.ts';
import { FixedClock, systemClock } from '../../../kernel/clock.ts';
import { completeSeed, seed, seedOpeningInstant, seedProgressOf, SeedMismatchError, type SeedProgressEvent } from '../../seed/seed.ts';
import {
  createDemoAccounts,
  credentialsOf,
  credentialsPath,
  PendingSecrets,
  readCredentials,
  writeCredentials,
  type DemoCredentials,
} from '../../seed/credentials.ts';
import { AppError } from '../../../kernel/problems.ts';
import { Progress, type ProgressMode } from '../progress.ts';
import { serveCommand } from './serve.ts';
import { holdsSubjectEvents } from '../../../ledger/ledger.ts';
import { countProjections } from '../../../ledger/projection.ts';
import { LeaseHeld, LeaseLost } from '../../../features/scheduler/scheduler.ts';

export interface SeedFlags {
  /** Absent: 40,000 for a new seed, a stopped seed's own when continuing it. */
  subjects?: number | undefined;
  /** Absent: 1 for a new seed, a stopped seed's own when continuing it. */
  seed?: number | undefined;
  /** Records per transaction (default 5,000, or a stopped seed's own). */
  batchSize?: number | undefined;
  progress?: ProgressMode | undefined;
}

const DEFAULT_SUBJECTS = 40_000;
/** How the scheduler lease's holder is named while a seed does the day's scheduled work. */
const SEED_LEASE_HOLDER = 'seed/';

/**
 * Today's scheduled work (the tick and the evaluation of every subject), done under the
 * scheduler's lease and recorded as done for today, as a server's scheduler does it: the server's
 * first run then finds the day's evaluation done instead of doing it again, and makes yesterday's
 * exports (every public record the first time) while it serves. The lease is timed by the
 * system's clock, not the seed's, which stands still. A seed stopped in its finish holds the
 * lease until it runs out, which a seed continuing it waits for, once; while a server holds it
 * (on a PostgreSQL store a server shares), or takes it over meanwhile, the seed evaluates without
 * it and leaves the day to that server.
 */
async function doTodaysWork(platform: Platform, onEvaluated: (done: number, total: number) => void): Promise<void> {
  const holder = `${SEED_LEASE_HOLDER}${hostname()}/${process.pid}`;
  for (let waited = false; ; waited = true) {
    try {
      await platform.scheduleOnce(holder, { onEvaluated, leaveExports: true }, systemClock);
      return;
    } catch (err) {
      if (err instanceof LeaseHeld && !waited && err.holder?.startsWith(SEED_LEASE_HOLDER) && err.until) {
        await setTimeout(Math.max(0, err.until.getTime() - Date.now()) + 100);
        continue;
      }
      if (!(err instanceof LeaseHeld || err instanceof LeaseLost)) throw err;
      await platform.evaluations.evaluateAll(onEvaluated);
      return;
    }
  }
}
const DEFAULT_SEED = 1;

/** Seeds an empty store, or continues the seed a store holds that stopped before it completed; refuses a store holding other records. */
export async function seedCommand(config: Config, flags: SeedFlags): Promise<{ path: string; summary: Record<string, unknown> }> {
  const clock = new FixedClock(seedOpeningInstant());
  // A new store is loaded without waiting for each commit to reach the disk (a stop is survived:
  // what was written reaches the operating system); see PgliteDatabase.open.
  const platform = await Platform.open(config, { clock, bulkLoad: true });
  try {
    const stopped = await seedProgressOf(platform);
    const path = credentialsPath(config.dataDir);
    if (stopped?.completed) {
      if (!readCredentials(config.dataDir)) {
        throw new AppError(
          'validation-failed',
          `the store at ${platform.db.location} is seeded, but ${path} is missing: its keys and passwords were written where that seed ran`,
        );
      }
      // A seed stopped after it completed, before it removed the keys it kept while it ran.
      PendingSecrets.of(config.dataDir).remove();
      return {
        path,
        summary: { seeded: true, alreadyComplete: true, store: platform.db.location, ...(await countProjections(platform.db)), credentials: path },
      };
    }
    if (!stopped && (await holdsSubjectEvents(platform.db)))
      throw new AppError('validation-failed', `the store at ${platform.db.location} already holds records; seed an empty one`);
    const subjects = flags.subjects ?? stopped?.subjects ?? DEFAULT_SUBJECTS;
    const seedNumber = flags.seed ?? stopped?.seed ?? DEFAULT_SEED;
    const pending = PendingSecrets.of(config.dataDir);
    const mode = flags.progress ?? 'bar';
    const gen = new Progress('generate', 0, ' records', process.stderr, mode);
    let file: Progress | null = null;
    const onProgress = (p: SeedProgressEvent) => {
      const where = p.step ? `step ${p.step.done + 1}/${p.step.total} (${p.step.name})` : '';
      switch (p.phase) {
        case 'generate':
          gen.update(p.done);
          return;
        case 'resume':
          gen.finish();
          file = new Progress('seed', p.total, ' records', process.stderr, mode);
          file.resumedAt(p.done);
          {
            const name = p.step!.name;
            const what = name === 'none' ? '' : name === 'setup' ? ' (the setup)' : ` (the records decided before ${name} filed)`;
            process.stderr.write(
              `seed: continuing the seed of ${subjects.toLocaleString('en-US')} subjects (seed ${seedNumber}) that stopped: ` +
                `${p.step!.done} of ${p.step!.total} steps done${what}, ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} records filed\n`,
            );
          }
          return;
        case 'file':
        case 'step':
          if (!file) {
            gen.finish();
            file = new Progress('seed', p.total, ' records', process.stderr, mode);
          }
          if (p.phase === 'step') file.mark(p.done, `step ${p.step!.done}/${p.step!.total} done (${p.step!.name})`);
          else file.update(p.done, where);
          return;
      }
    };
    let result;
    try {
      result = await seed(platform, clock, {
        subjects,
        seed: seedNumber,
        today: platform.policy.localDate(new Date()),
        ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
        workDir: join(config.dataDir, 'seed-work'),
        keys: pending,
        onProgress,
      });
    } catch (err) {
      if (err instanceof SeedMismatchError) throw new AppError('validation-failed', err.message);
      throw err;
    }
    (file as Progress | null)?.finish();
    clock.set(new Date());
    const evaluating = new Progress('evaluate', 0, ' subjects', process.stderr, mode);
    const evaluated = (done: number, total: number) => {
      evaluating.setTotal(total);
      evaluating.update(done);
    };
    await doTodaysWork(platform, evaluated);
    evaluating.finish();
    const accounts = await createDemoAccounts(platform, result.samples, result.borrowers, pending);
    writeCredentials(config.dataDir, credentialsOf(result, accounts));
    await completeSeed(platform, result);
    pending.remove();
    const stats = await countProjections(platform.db);
    return {
      path,
      summary: {
        seeded: true,
        store: platform.db.location,
        ...stats,
        generated: result.records,
        listWork: result.listEntries,
        furnished: result.furnished,
        ...(result.resumedAfterStep > 0 ? { resumedAfterStep: result.resumedAfterStep } : {}),
        steps: result.steps,
        seconds: result.seconds,
        credentials: path,
      },
    };
  } finally {
    await platform.close();
  }
}

/**
 * Seeds the store when the data directory holds no demo credentials yet (seeding refuses a store
 * that already holds records, and continues a seed that stopped), then serves it and says where
 * everything is.
 */
export async function demoCommand(config: Config, flags: SeedFlags): Promise<void> {
  if (!readCredentials(config.dataDir) || !existsSync(credentialsPath(config.dataDir))) {
    process.stderr.write(
      `xinyong demo: seeding ${(flags.subjects ?? DEFAULT_SUBJECTS).toLocaleString('en-US')} synthetic subjects (seed ${flags.seed ?? DEFAULT_SEED}) ` +
        `into ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}, or continuing the seed that stopped there\n`,
    );
    const { summary } = await seedCommand(config, flags);
    process.stderr.write(`xinyong demo: seeded ${String(summary.subjects)} subjects and ${String(summary.records)} records in ${String(summary.seconds)} s\n`);
  }
  await serveCommand(config, (url) => {
    const creds = readCredentials(config.dataDir)!;
    writeCredentials(config.dataDir, { ...creds, baseUrl: url });
    const agency = creds.agencies.find((a) => a.code === 'samr-hangzhou') ?? creds.agencies[0]!;
    const account = creds.accounts.find((a) => a.role === 'subject')!;
    return [
      '',
      `  xinyong demo is running at ${url}`,
      `  API reference:   ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
      `  credentials:     ${credentialsPath(config.dataDir)}`,
      `  try:             curl -s ${url}/v1/subjects/${creds.samples.listed[0] ?? ''}`,
      `                   curl -s -X POST ${url}/v1/checks -H 'Authorization: Bearer ${agency.apiKey}' -H 'content-type: application/json' -d '{"subject":"${creds.samples.listed[0] ?? ''}","scenario":"procurement-bid"}'`,
      ...lenderExample(url, creds),
      `  log in as a subject: ${account.username} / ${account.password}`,
      '',
      '',
    ].join('\n');
  });
}

/** A lender's inquiry into the sample enterprise's credit report, on the authorisation it holds (none for a data directory seeded before lenders). */
function lenderExample(url: string, creds: DemoCredentials): string[] {
  const b = creds.samples.borrowers?.find((x) => x.kind === 'enterprise');
  const lender = creds.lenders?.find((l) => l.code === b?.lender);
  if (!b || !lender) return [];
  const body = JSON.stringify({ subject: b.subject, purpose: b.purpose, consent: b.consent });
  return [
    `                   curl -s -X POST ${url}/v1/credit-inquiries -H 'Authorization: Bearer ${lender.apiKey}' -H 'content-type: application/json' -d '${body}'`,
  ];
}
