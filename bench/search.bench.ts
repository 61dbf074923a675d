// Search: recall at 10 and latency of subject search (src/search) over a labelled query set
// generated from the synthetic subjects (bench/search-query-set.ts), beside a plain pg_trgm query
// over a trigram index on the raw name, on the same data in the same run, on PGlite and
// PostgreSQL. This measures search, not intake: subjects are copied straight into `subject` and
// subject_search is filled by SubjectSearch.rebuild.
//   npm run bench -- search [--subjects 1000000] [--per-kind 300] [--stores pglite,postgres]
//                           [--baseline-every 1] [--seed 1]
import { createHash } from 'node:crypto';
import { openDatabase } from '../src/store/open.ts';
import type { Database } from '../src/store/database.ts';
import { copyRows } from '../src/store/copy.ts';
import { generateSubjects, type SyntheticSubject } from '../src/synthetic/generator.ts';
import { buildQuerySet, QUERY_KINDS, type LabelledQuery } from './search-query-set.ts';
import { indexSubjects, SubjectSearch } from '../src/features/search/search.service.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';

const TODAY = '2026-11-20';
const SUBJECT_COLUMNS = ['subject_key', 'kind', 'code', 'name', 'division_code', 'code_flags', 'first_index'];
const BASELINE_SQL = 'SELECT subject_key, code, name FROM subject WHERE name % $1 ORDER BY similarity(name, $1) DESC LIMIT 10';
const BASELINE_NAME = 'plain pg_trgm: name % q ORDER BY similarity LIMIT 10, GIN trigram index on subject.name';

/** A subject row as the projection stores it (natural persons by a hash key and a masked number). */
function subjectRow(s: SyntheticSubject, seq: number): unknown[] {
  if (s.kind === 'natural-person') {
    const key = `p:${createHash('sha256').update(s.code).digest('hex').slice(0, 40)}`;
    return [key, s.kind, `${s.code.slice(0, 4)}**********${s.code.slice(14)}`, s.name, null, '{}', seq];
  }
  return [s.code, s.kind, s.code, s.name, s.division, '{}', seq];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
}

interface Measured {
  recall: number;
  p50: number;
  p95: number;
  perKind: Record<string, { recall: number; p95: number; n: number }>;
}

async function measure(queries: readonly LabelledQuery[], ask: (q: string) => Promise<string[]>): Promise<Measured> {
  const lat: number[] = [];
  const byKind = new Map<string, { hits: number; lat: number[] }>();
  let hits = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const codes = await ask(q.query);
    const ms = performance.now() - t0;
    lat.push(ms);
    const hit = codes.includes(q.expected);
    if (hit) hits++;
    const k = byKind.get(q.kind) ?? { hits: 0, lat: [] };
    if (hit) k.hits++;
    k.lat.push(ms);
    byKind.set(q.kind, k);
  }
  lat.sort((a, b) => a - b);
  const perKind: Measured['perKind'] = {};
  for (const kind of QUERY_KINDS) {
    const k = byKind.get(kind);
    if (!k) continue;
    k.lat.sort((a, b) => a - b);
    perKind[kind] = { recall: round3(k.hits / k.lat.length), p95: round3(percentile(k.lat, 0.95)), n: k.lat.length };
  }
  return { recall: hits / queries.length, p50: percentile(lat, 0.5), p95: percentile(lat, 0.95), perKind };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Copies synthetic subjects straight into `subject`, bypassing intake (the screening bench shares it). */
export async function loadSubjects(db: Database, subjects: readonly SyntheticSubject[]): Promise<void> {
  const chunk = 50_000;
  for (let start = 0; start < subjects.length; start += chunk) {
    const rows = subjects.slice(start, start + chunk).map((s, i) => subjectRow(s, start + i + 1));
    await db.copyIn('subject', SUBJECT_COLUMNS, copyRows(rows));
  }
}

/**
 * What indexing costs at ingest on this store: new subjects copied into `subject` alone, and
 * then given their search forms (SubjectSearch.index with fresh rows), in transactions of 5,000,
 * as the projection would. Measured after the queries, so it does not change their data.
 */
async function indexCost(db: Database, subjects: readonly SyntheticSubject[]): Promise<Record<string, number>> {
  const batch = 5000;
  const batches = 4;
  let subjectMs = 0;
  let searchMs = 0;
  for (let b = 0; b < batches; b++) {
    const rows = subjects.slice(b * batch, (b + 1) * batch).map((s, i) => [`bench-new-${b}-${i}`, s.kind, s.code, s.name, null, '{}', 0]);
    await db.transaction(async (tx) => {
      const t0 = performance.now();
      await tx.copyIn('subject', SUBJECT_COLUMNS, copyRows(rows));
      const t1 = performance.now();
      await indexSubjects(
        tx,
        rows.map((r) => ({ subjectKey: r[0] as string, name: r[3] as string })),
        { fresh: true },
      );
      subjectMs += t1 - t0;
      searchMs += performance.now() - t1;
    });
  }
  const n = batch * batches;
  return { newSubjects: n, subjectCopyMicrosPerSubject: round3((subjectMs * 1000) / n), searchIndexMicrosPerSubject: round3((searchMs * 1000) / n) };
}

async function benchStore(
  name: 'pglite' | 'postgres',
  subjects: readonly SyntheticSubject[],
  queries: readonly LabelledQuery[],
  baselineEvery: number,
  results: BenchResult[],
  params: Record<string, unknown>,
): Promise<void> {
  const loc = await freshBenchStore(name);
  try {
    const db = await openDatabase({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl, bulkLoad: true });
    try {
      log(`${name}: copying ${subjects.length.toLocaleString()} subjects into subject`);
      let t0 = performance.now();
      await loadSubjects(db, subjects);
      const loadSeconds = (performance.now() - t0) / 1000;
      const search = new SubjectSearch(db);
      log(`${name}: building subject_search (SubjectSearch.rebuild)`);
      t0 = performance.now();
      await search.rebuild(db, { batch: 50_000 });
      const rebuildSeconds = (performance.now() - t0) / 1000;
      log(`${name}: rebuilt in ${rebuildSeconds.toFixed(1)} s; building the baseline's trigram index on subject.name`);
      t0 = performance.now();
      await db.exec('CREATE INDEX bench_subject_name_trgm_idx ON subject USING gin (name gin_trgm_ops); ANALYZE subject');
      const baselineIndexSeconds = (performance.now() - t0) / 1000;
      const sizes = await db.query<{ search: number; baseline: number }>(
        `SELECT pg_total_relation_size('subject_search')::float8 / 1048576 AS search, pg_relation_size('bench_subject_name_trgm_idx')::float8 / 1048576 AS baseline`,
      );
      params[`${name}Build`] = {
        copySubjectsSeconds: round3(loadSeconds),
        rebuildSearchSeconds: round3(rebuildSeconds),
        baselineIndexSeconds: round3(baselineIndexSeconds),
        searchTableAndIndexesMiB: Math.round(sizes[0]!.search),
        baselineIndexMiB: Math.round(sizes[0]!.baseline),
      };

      const ours = async (q: string) => (await search.search(q, { limit: 10 })).map((h) => h.code);
      const baseline = async (q: string) => (await db.query<{ code: string }>(BASELINE_SQL, [q])).map((r) => r.code);
      const sample = queries.filter((_, i) => i % baselineEvery === 0);
      log(`${name}: warming up`);
      const warm = queries.filter((_, i) => i % 10 === 5).slice(0, 200);
      await measure(warm, ours);
      await measure(warm.slice(0, 50), baseline);
      log(`${name}: ${queries.length} queries, subject search`);
      const m = await measure(queries, ours);
      log(`${name}: recall@10 ${m.recall.toFixed(3)}, p50 ${m.p50.toFixed(2)} ms, p95 ${m.p95.toFixed(2)} ms`);
      log(`${name}: ${sample.length} queries, baseline`);
      const b = await measure(sample, baseline);
      log(`${name}: baseline recall@10 ${b.recall.toFixed(3)}, p50 ${b.p50.toFixed(2)} ms, p95 ${b.p95.toFixed(2)} ms`);
      results.push(result(name, 'recall_at_10', m.recall, 'ratio', { name: BASELINE_NAME, value: b.recall }));
      results.push(result(name, 'p50_ms', m.p50, 'ms', { name: BASELINE_NAME, value: b.p50 }));
      results.push(result(name, 'p95_ms', m.p95, 'ms', { name: BASELINE_NAME, value: b.p95 }));
      params[`${name}ByKind`] = { search: m.perKind, baseline: b.perKind };
      params[`${name}IndexCost`] = await indexCost(db, subjects);
    } finally {
      await db.close();
    }
  } finally {
    await loc.cleanup();
  }
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const subjectCount = Number(args.subjects ?? 1_000_000);
  const perKind = Number(args['per-kind'] ?? 300);
  const seed = Number(args.seed ?? 1);
  const baselineEvery = Math.max(1, Number(args['baseline-every'] ?? 1));
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  log(`generating ${subjectCount.toLocaleString()} subjects`);
  let t0 = performance.now();
  const subjects = [...generateSubjects({ seed, subjects: subjectCount, today: TODAY })];
  log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; building the labelled query set`);
  t0 = performance.now();
  const queries = buildQuerySet(subjects, seed, { perKind });
  log(`${queries.length} queries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const byKind: Record<string, number> = {};
  for (const q of queries) byKind[q.kind] = (byKind[q.kind] ?? 0) + 1;
  const params: Record<string, unknown> = {
    subjects: subjectCount,
    organisations: subjects.filter((s) => s.kind !== 'natural-person').length,
    seed,
    queries: queries.length,
    queriesByKind: byKind,
    baselineQueries: Math.ceil(queries.length / baselineEvery),
    limit: 10,
    loading:
      'bypasses intake: subjects COPYed into subject, subject_search filled by SubjectSearch.rebuild (searchForms in the process, COPY, indexes built after the load)',
    latency: 'one query at a time from this process, driver round trip included, after a warm-up of 200 queries',
    baseline: BASELINE_SQL,
  };
  const results: BenchResult[] = [];
  for (const store of stores) await benchStore(store, subjects, queries, baselineEvery, results, params);
  return {
    bench: 'search',
    date: new Date().toISOString(),
    machine: machine(),
    params,
    results,
    notes: [
      'recall_at_10: share of labelled queries whose subject is among the first 10 hits; queries are kept only when at most 10 subjects could rank at or above their subject (bench/search-query-set.ts).',
      'The baseline answers every query with a trigram similarity on the raw name, so it cannot find codes or pinyin; its per-kind recall is in params.',
    ],
  };
}
