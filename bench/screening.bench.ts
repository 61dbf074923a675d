// Batch screening: recall@10 and throughput of POST /v1/screening's service (ScreeningService)
// over the search bench's labelled queries (bench/search-query-set.ts), a code line for each code
// query and a name line for every other, at 1,000,000 subjects; beside, in the same run on the
// same store, the floor of its search part: one SubjectSearch.search a line, one after another,
// with no check and no list lookup. Each screened match is a logged credit check, as in service.
//   npm run bench -- screening [--subjects 1000000] [--per-kind 300] [--stores postgres] [--rounds 3] [--seed 1]
import { generateSubjects } from '../src/synthetic/generator.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { runWithContext } from '../src/kernel/request-context.ts';
import { openDatabase } from '../src/store/open.ts';
import { SubjectSearch } from '../src/features/search/search.service.ts';
import { generateSigningKeyPem } from '../src/features/reports/signing-key.ts';
import type { ValidatedLine } from '../src/http/ndjson.ts';
import type { ScreeningRequestLine } from '../src/features/screening/screening.schemas.ts';
import { buildQuerySet, type LabelledQuery } from './search-query-set.ts';
import { loadSubjects } from './search.bench.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';

const TODAY = '2026-11-20';
const ADMIN_ACTOR = { type: 'administrator' as const, id: 'bench' };

const lineOf = (q: LabelledQuery, i: number): ValidatedLine<ScreeningRequestLine> => ({
  line: i + 1,
  value: q.kind === 'code' ? { ref: String(i), code: q.query } : { ref: String(i), name: q.query },
});

const round3 = (v: number) => Math.round(v * 1000) / 1000;

async function benchStore(
  name: 'pglite' | 'postgres',
  subjects: ReturnType<typeof generate>,
  queries: readonly LabelledQuery[],
  rounds: number,
  results: BenchResult[],
  params: Record<string, unknown>,
) {
  const loc = await freshBenchStore(name);
  try {
    const db = await openDatabase({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl, bulkLoad: true });
    try {
      log(`${name}: copying ${subjects.length.toLocaleString()} subjects and building subject_search`);
      const t0 = performance.now();
      await loadSubjects(db, subjects);
      await new SubjectSearch(db).rebuild(db, { batch: 50_000 });
      await db.exec('ANALYZE');
      params[`${name}LoadSeconds`] = round3((performance.now() - t0) / 1000);
    } finally {
      await db.close();
    }
    const platform = await Platform.open(
      loadConfig(
        {
          dataDir: loc.dataDir,
          databaseUrl: loc.databaseUrl,
          idHashSecret: 'bench-secret',
          logLevel: 'silent',
          reportSigningKey: loc.databaseUrl ? generateSigningKeyPem() : undefined,
        },
        {},
      ),
    );
    try {
      const { apiKey } = await runWithContext({ requestId: 'bench', actor: ADMIN_ACTOR }, () =>
        platform.agencies.register({ code: 'bench-screener', name: 'bench screener', kind: 'market-regulation' }),
      );
      const agency = { kind: 'agency' as const, agency: await platform.agencies.authenticate(apiKey) };
      await platform.checks.start();
      const lines = queries.map(lineOf);
      const screen = () =>
        runWithContext({ requestId: 'bench', actor: { type: 'agency', id: 'bench-screener' } }, () =>
          platform.screening.screen(agency, lines, { scenario: 'procurement-bid', limit: 10 }),
        );
      log(`${name}: warming up`);
      await screen();
      const seconds: number[] = [];
      let recall = 0;
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        const answers = await screen();
        seconds.push((performance.now() - t0) / 1000);
        let hits = 0;
        answers.forEach((a, i) => {
          if ('matches' in a && a.matches.some((m) => m.code === queries[i]!.expected)) hits++;
        });
        recall = hits / queries.length;
        log(`${name}: round ${r + 1}: ${lines.length} lines in ${seconds.at(-1)!.toFixed(2)} s, recall@10 ${recall.toFixed(3)}`);
      }
      seconds.sort((a, b) => a - b);
      const median = seconds[Math.floor(seconds.length / 2)]!;

      log(`${name}: the floor: one search a line, one after another`);
      const search = platform.search;
      let floorHits = 0;
      const t1 = performance.now();
      for (const q of queries) {
        const hits = await search.search(q.query, { limit: q.kind === 'code' ? 1 : 10 });
        if (hits.some((h) => h.code === q.expected)) floorHits++;
      }
      const floorSeconds = (performance.now() - t1) / 1000;
      const floorName = 'one SubjectSearch.search a line, sequential, no checks, no list lookup';
      results.push(result(name, 'recall_at_10', round3(recall), 'ratio', { name: floorName, value: round3(floorHits / queries.length) }));
      results.push(
        result(name, 'lines_per_second', round3(lines.length / median), 'lines/s', { name: floorName, value: round3(queries.length / floorSeconds) }),
      );
      results.push(result(name, 'batch_seconds', round3(median), 's', { name: floorName, value: round3(floorSeconds) }));
      const logged = await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM check_log');
      params[`${name}ChecksLogged`] = logged[0]!.n;
    } finally {
      await platform.close();
    }
  } finally {
    await loc.cleanup();
  }
}

const generate = (subjects: number, seed: number) => [...generateSubjects({ seed, subjects, today: TODAY })];

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const subjectCount = Number(args.subjects ?? 1_000_000);
  const perKind = Number(args['per-kind'] ?? 300);
  const seed = Number(args.seed ?? 1);
  const rounds = Math.max(1, Number(args.rounds ?? 3));
  const stores = String(args.stores ?? 'postgres').split(',') as Array<'pglite' | 'postgres'>;
  log(`generating ${subjectCount.toLocaleString()} subjects`);
  const subjects = generate(subjectCount, seed);
  const queries = buildQuerySet(subjects, seed, { perKind });
  log(`${queries.length} labelled queries`);
  const params: Record<string, unknown> = {
    subjects: subjectCount,
    seed,
    lines: queries.length,
    rounds,
    limit: 10,
    scenario: 'procurement-bid',
    lineKinds:
      'a code line for each code query, a name line for each other (code prefix, fragment, two characters, pinyin, initials, traditional, bracket variant, misspelling, branch)',
    loading: 'bypasses intake, as the search bench does: subjects COPYed into subject, subject_search by SubjectSearch.rebuild',
    timing: 'the median of the rounds after a warm-up round; each round screens every line in one call and logs a check per match',
  };
  const results: BenchResult[] = [];
  for (const store of stores) await benchStore(store, subjects, queries, rounds, results, params);
  return {
    bench: 'screening',
    date: new Date().toISOString(),
    machine: machine(),
    params,
    results,
    notes: [
      'recall_at_10: share of lines whose labelled subject is among the matches (at most 10 a name line; the one subject a code line names).',
      "The floor searches each line alone and does nothing else; screening also runs a credit check per match (logged before the answer) and reads the matches' list entries.",
    ],
  };
}
