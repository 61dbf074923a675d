// `xinyong seed` and `xinyong demo`: a realistic platform from the synthetic generator, seeded
// through the real paths, and served with its credentials printed.
import { existsSync } from 'node:fs';
import type { Config } from '../../../kernel/config.ts';
import { Platform } from '../../platform.ts';
import { FixedClock } from '../../../kernel/clock.ts';
import { seed, seedOpeningInstant } from '../../seed/seed.ts';
import { createDemoAccounts, credentialsOf, credentialsPath, readCredentials, writeCredentials, type DemoCredentials } from '../../seed/credentials.ts';
import { AppError } from '../../../kernel/problems.ts';
import { Progress } from '../progress.ts';
import { serveCommand } from './serve.ts';
import { holdsSubjectEvents } from '../../../ledger/ledger.ts';
import { countProjections } from '../../../ledger/projection.ts';

export interface SeedFlags {
  subjects: number;
  seed: number;
}

/** Seeds an empty store; refuses one that already holds records. */
export async function seedCommand(config: Config, flags: SeedFlags): Promise<{ path: string; summary: Record<string, unknown> }> {
  const clock = new FixedClock(seedOpeningInstant());
  // A seed that fails is redone from an empty store, so it may trade durability for speed.
  const platform = await Platform.open(config, { clock, bulkLoad: true });
  try {
    if (await holdsSubjectEvents(platform.db)) throw new AppError('validation-failed', `the store at ${platform.db.location} already holds records; seed an empty one`);
    const today = platform.policy.localDate(new Date());
    const gen = new Progress('generate', 0, ' records');
    let file: Progress | null = null;
    const result = await seed(platform, clock, {
      subjects: flags.subjects,
      seed: flags.seed,
      today,
      onProgress: ({ phase, done, total }) => {
        if (phase === 'generate') gen.update(done);
        else {
          if (!file) {
            gen.finish();
            file = new Progress('seed', total, ' records');
          }
          file.update(done);
        }
      },
    });
    (file as Progress | null)?.finish();
    clock.set(new Date());
    const evaluating = new Progress('evaluate', 0, ' subjects');
    await platform.evaluations.evaluateAll((done, total) => {
      evaluating.setTotal(total);
      evaluating.update(done);
    });
    evaluating.finish();
    const accounts = await createDemoAccounts(platform, result.samples, result.borrowers);
    const path = writeCredentials(config.dataDir, credentialsOf(result, accounts));
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
 * that already holds records), then serves it and says where everything is.
 */
export async function demoCommand(config: Config, flags: SeedFlags): Promise<void> {
  if (!readCredentials(config.dataDir) || !existsSync(credentialsPath(config.dataDir))) {
    process.stderr.write(
      `xinyong demo: seeding ${flags.subjects.toLocaleString('en-US')} synthetic subjects (seed ${flags.seed}) into ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}\n`,
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
  return [`                   curl -s -X POST ${url}/v1/credit-inquiries -H 'Authorization: Bearer ${lender.apiKey}' -H 'content-type: application/json' -d '${body}'`];
}
