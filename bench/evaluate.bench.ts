// Evaluate: a full re-evaluation of every subject (all scorecards, written back), beside the
// time to merely read the same records and entries from the same store in the same run (as the
// text a run reads, slice after slice, not parsed).
// Runs on seeded stores: --pglite DIR and/or --postgres URL (from `xinyong seed`); without
// them it seeds a fresh store of --subjects N (default 20,000) first.
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { FixedClock } from '../src/kernel/clock.ts';
import { seed, seedOpeningInstant } from '../src/app/seed/seed.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';

async function measure(
  name: 'pglite' | 'postgres',
  config: ReturnType<typeof loadConfig>,
  results: BenchResult[],
  params: Record<string, unknown>,
): Promise<void> {
  const platform = await Platform.open(config);
  try {
    const subjects = (await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM subject'))[0]!.n;
    const records = (await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_record'))[0]!.n;
    params[`${name}Subjects`] = subjects;
    params[`${name}Records`] = records;
    const evals = platform.evaluations;
    // Merely reading: the same slices of subjects, records and entries as a full run reads, out
    // of the store as text, one after another, and nothing done with them.
    log(`${name}: reading the records of ${subjects.toLocaleString()} subjects`);
    let t0 = performance.now();
    let from = '';
    let bytes = 0;
    for (;;) {
      const bound = await platform.db.query<{ subject_key: string }>(
        'SELECT subject_key FROM subject WHERE subject_key >= $1 ORDER BY subject_key OFFSET 5000 LIMIT 1',
        [from],
      );
      const to = bound[0]?.subject_key ?? null;
      const text = await evals.read(platform.db, { from, to });
      bytes += text.subjects.length + text.records.length + text.entries.length;
      if (to === null) break;
      from = to;
    }
    const readSeconds = (performance.now() - t0) / 1000;
    log(`${name}: read ${(bytes / 1e6).toFixed(0)} MB of text in ${readSeconds.toFixed(1)} s`);
    // The floor under any reader: the store touching the same rows without sending them anywhere.
    t0 = performance.now();
    await platform.db.query('SELECT count(*), sum(length(attrs)) FROM credit_record');
    await platform.db.query('SELECT count(*) FROM list_entry WHERE listed_on IS NOT NULL');
    const scanSeconds = (performance.now() - t0) / 1000;
    log(`${name}: scanned the same tables in the database in ${scanSeconds.toFixed(1)} s`);
    t0 = performance.now();
    const run = await evals.evaluateAll();
    const seconds = (performance.now() - t0) / 1000;
    log(`${name}: evaluated ${run.subjects.toLocaleString()} subjects (${run.evaluations.toLocaleString()} evaluations) in ${seconds.toFixed(1)} s`);
    results.push(result(name, 'seconds', seconds, 's', { name: 'read the same records and entries', value: readSeconds }));
    results.push(result(name, 'read_seconds', readSeconds, 's', { name: 'in-database scan of the same tables (nothing sent)', value: scanSeconds }));
    results.push(result(name, 'subjects_per_s', run.subjects / seconds, 'subjects/s'));
  } finally {
    await platform.close();
  }
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const results: BenchResult[] = [];
  const params: Record<string, unknown> = {};
  const given = typeof args.pglite === 'string' || typeof args.postgres === 'string';
  if (given) {
    if (typeof args.pglite === 'string') await measure('pglite', loadConfig({ dataDir: args.pglite, logLevel: 'silent', tickMinutes: 0 }, {}), results, params);
    if (typeof args.postgres === 'string') {
      await measure(
        'postgres',
        loadConfig({ databaseUrl: args.postgres, idHashSecret: String(args.secret ?? 'bench'), logLevel: 'silent', tickMinutes: 0 }, {}),
        results,
        params,
      );
    }
  } else {
    const subjects = Number(args.subjects ?? 20_000);
    params.seeded = subjects;
    for (const name of String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>) {
      const store = await freshBenchStore(name);
      try {
        const config = loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: 'bench', logLevel: 'silent', tickMinutes: 0 }, {});
        log(`${name}: seeding ${subjects.toLocaleString()} subjects`);
        const clock = new FixedClock(seedOpeningInstant());
        const p = await Platform.open(config, { clock, bulkLoad: true });
        try {
          await seed(p, clock, { subjects, seed: 1, today: p.policy.localDate(new Date()) });
        } finally {
          await p.close();
        }
        await measure(name, config, results, params);
      } finally {
        await store.cleanup();
      }
    }
  }
  return { bench: 'evaluate', date: new Date().toISOString(), machine: machine(), params, results };
}
