// Checks: (1) in-process checks per second on the index, with 10% of 1,000,000 subjects flagged,
// for the bare evaluation and for the full explained answer; (2) HTTP checks per second and p99
// latency on PGlite, PostgreSQL and the Citus cluster, in alternating rounds with a bare route of the same server that takes the same
// request and returns a constant JSON body, both loaded by the same autocannon settings from a
// separate process.
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/kernel/config.ts';
import { loadPolicyPack } from '../src/kernel/policy-pack.ts';
import { Platform } from '../src/app/platform.ts';
import { runWithContext } from '../src/kernel/request-context.ts';
import { buildUscc } from '../src/domain/ids/uscc.ts';
import { addDays } from '../src/domain/dates.ts';
import { CheckIndex } from '../src/features/checks/check-index.ts';
import { MeasureBook, type SubjectFacts } from '../src/domain/measures.ts';
import { buildApp } from '../src/app/http/app.ts';
import { requirePrincipalNow } from '../src/http/auth.ts';
import { checkResultJson } from '../src/features/checks/check-json.ts';
import type { CheckRequest } from '../src/features/checks/checks.schemas.ts';
import { benchStoreNames, freshBenchStore, log, machine, result, type BenchReport, type BenchResult, type BenchStoreName } from './lib.ts';
import { nodeCpuMeters } from './ingest-server-cpu.ts';

const TODAY = '2026-11-20';

/** A deterministic xorshift, so every run checks the same subjects. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function code(i: number): string {
  return buildUscc('9', '1', '330106', String(10_000_000 + i).slice(0, 8));
}

/** Flagged subjects' facts, as the loader would produce them, built in memory. */
function syntheticFacts(population: number, flaggedShare: number, seed: number): Map<string, SubjectFacts> {
  const r = rng(seed);
  const facts = new Map<string, SubjectFacts>();
  const lists = [
    'dishonest-judgment-defaulters',
    'samr-serious-illegal',
    'abnormal-operations',
    'major-tax-violators',
    'a-grade-taxpayers',
    'contract-keeping-enterprises',
  ];
  for (let i = 0; i < population; i++) {
    if (r() >= flaggedShare) continue;
    const key = code(i);
    const f: SubjectFacts = { subjectKey: key, kind: 'enterprise', entries: [], records: [] };
    const n = 1 + Math.floor(r() * 3);
    for (let j = 0; j < n; j++) {
      const listedOn = addDays(TODAY, -Math.floor(r() * 900));
      if (r() < 0.6) {
        f.entries.push({
          entryId: `ent_${i}_${j}`,
          list: lists[Math.floor(r() * lists.length)]!,
          listedOn,
          until: addDays(listedOn, 1095),
          removedOn: null,
          disputed: r() < 0.02,
          underRepair: false,
        });
      } else {
        f.records.push({
          recordId: `rec_${i}_${j}`,
          item: 'administrative-penalty-serious',
          decisionNumber: `罚〔2026〕${i}号`,
          decisionDate: listedOn,
          agency: 'samr',
          recordedOn: listedOn,
          published: true,
          publicityEnd: addDays(listedOn, 1095),
          endedOn: null,
          withdrawnOn: null,
          fields: { penaltyTypes: r() < 0.5 ? ['licence-revocation'] : ['fine'] },
          disputed: false,
          underRepair: false,
        });
      }
    }
    facts.set(key, f);
  }
  return facts;
}

async function inProcess(results: BenchResult[], params: Record<string, unknown>): Promise<void> {
  const policy = loadPolicyPack(join(import.meta.dirname, '..', 'policy', 'cn-national'));
  const book = new MeasureBook(policy.measures, policy.conflictResolution);
  const population = 1_000_000;
  log('in-process: building the index (10% of 1,000,000 subjects flagged)');
  const facts = syntheticFacts(population, 0.1, 42);
  const index = new CheckIndex(null as never, policy, book);
  index.load(facts, new Map());
  params.indexedSubjects = index.size;
  const scenarios = policy.scenarios.map((s) => s.code);
  const r = rng(7);
  const N = 2_000_000;
  const keys = Array.from({ length: 4096 }, () => code(Math.floor(r() * population)));
  const scen = Array.from({ length: 4096 }, () => scenarios[Math.floor(r() * scenarios.length)]!);
  let hits = 0;
  for (let i = 0; i < 200_000; i++) hits += index.evaluate(keys[i & 4095]!, scen[i & 4095]!, TODAY).hits.length; // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) hits += index.evaluate(keys[i & 4095]!, scen[i & 4095]!, TODAY).hits.length;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  log(`in-process: ${Math.round(N / secs).toLocaleString()} checks/s (one core), ${hits} measure hits`);
  results.push(result('memory', 'checks_per_s', N / secs, 'checks/s'));
}

function cpuPerRequest(used: NodeJS.CpuUsage, requests: number): number {
  return Math.round((used.user + used.system) / Math.max(1, requests));
}

/** Runs autocannon in its own process against one route; returns requests/s and p99 latency. */
interface Load {
  rps: number;
  p99: number;
  errors: number;
  generatorCpu: number;
  bytesPerResponse: number;
}

function describe(l: Load): string {
  return `generator ${Math.round(l.generatorCpu * 100)}% of a core, ${Math.round(l.bytesPerResponse)} B/answer`;
}

type Mode = 'bare' | 'unwritten' | 'check';

function load(url: string, mode: Mode, token: string, codesFile: string, seconds: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'load.ts'), url, mode, token, codesFile, String(seconds)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Load) : reject(new Error(`load generator exited ${code}`))));
  });
}

async function overHttp(
  store: BenchStoreName,
  results: BenchResult[],
  subjects: number,
  seconds: number,
  rounds: number,
  citusShards: number | undefined,
): Promise<void> {
  const loc = await freshBenchStore(store, { citusShards });
  const tmp = mkdtempSync(join(tmpdir(), 'xinyong-checks-'));
  try {
    const platform = await Platform.open(
      loadConfig({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl, idHashSecret: 'bench', logLevel: 'silent', tickMinutes: 0 }, {}),
      {
        clock: { now: () => new Date(`${TODAY}T04:00:00Z`) },
      },
    );
    try {
      const admin = { requestId: 'bench', actor: { type: 'administrator' as const, id: 'bench' } };
      const { apiKey } = await runWithContext(admin, () => platform.agencies.register({ code: 'samr-bench', name: '市场监管', kind: 'market-regulation' }));
      const agency = await platform.agencies.authenticate(apiKey);
      log(`${store}: filing ${subjects} subjects, 10% with a serious penalty`);
      const codes: string[] = [];
      for (let start = 0; start < subjects; start += 5000) {
        const lines: Array<{ line: number; value: unknown }> = [];
        for (let i = start; i < Math.min(subjects, start + 5000); i++) {
          const c = code(i);
          codes.push(c);
          lines.push({
            line: lines.length + 1,
            value: {
              item: 'registration-basics',
              subject: { code: c, name: `测试企业${i}` },
              decision: { number: `REG-${i}`, date: '2015-01-01', authority: '登记机关', basis: '条例' },
              fields: { legalForm: '有限责任公司', legalRepresentative: '张三', establishedOn: '2015-01-01', address: '杭州', status: 'in-business' },
            },
          });
          if (i % 10 === 0) {
            lines.push({
              line: lines.length + 1,
              value: {
                item: 'administrative-penalty-serious',
                subject: { code: c, name: `测试企业${i}` },
                decision: { number: `罚-${i}`, date: '2026-03-01', authority: '市场监管局', basis: '依据' },
                fields: { penaltyTypes: ['licence-revocation'], violatedProvision: '条款', facts: '事实' },
              },
            });
          }
        }
        await runWithContext({ requestId: 'bench', actor: { type: 'agency', id: agency.code } }, () => platform.intake.submit(agency, lines));
      }
      const codesFile = join(tmp, 'codes.json');
      writeFileSync(codesFile, JSON.stringify(codes));
      const app = await buildApp(platform);
      // The bare route takes the same request as a check (POST, JSON body, bearer header) and
      // answers a constant: the difference to it is what the check itself costs.
      app.post('/bench/bare', async () => ({ outcome: 'none', measures: [] }));
      // The same check, authenticated and answered, its answers released together once per turn
      // of the event loop as the check log's group commit releases them, but nothing written:
      // splits the gap to the bare route into the answer and the durable check-log write. (An
      // answer sent as soon as it is made costs more than that: each response then wakes the
      // load generator on its own, 15-22 µs of socket writes a response against 4 µs.)
      let turn: Promise<void> | null = null;
      const endOfTurn = (): Promise<void> =>
        (turn ??= new Promise<void>((resolve) =>
          setImmediate(() => {
            turn = null;
            resolve();
          }),
        ));
      app.post('/bench/unwritten', async (request, reply) => {
        await requirePrincipalNow(platform, request);
        const { result } = await platform.checks.answer(request.body as CheckRequest);
        await endOfTurn();
        return reply.type('application/json; charset=utf-8').send(checkResultJson(result));
      });
      await platform.checks.start();
      await app.listen({ host: '127.0.0.1', port: 0 });
      // The store's servers' CPU for its database, read from /proc only before and after a round,
      // outside the server's own measured window.
      const servers = await nodeCpuMeters(loc.nodes, { sampleMs: 0 });
      const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      // This machine's speed drifts by up to 2x from minute to minute (a shared VM), so the bare
      // route and the checks are measured in alternating rounds and compared round by round.
      const rows: Array<{ bare: Load; unwritten: Load; checks: Load; cpu: Record<Mode, number>; storeCpu: Record<string, number> | null }> = [];
      // A first round while the JIT compiles both routes is not counted: it slowed the bare route
      // most (85 µs of server CPU a request instead of 50–57) and so flattered the ratio.
      for (const mode of ['bare', 'unwritten', 'check'] as const) await load(url, mode, apiKey, codesFile, Math.min(seconds, 3));
      log(`${store}: warm-up round done (not counted)`);
      for (let round = 1; round <= rounds; round++) {
        const runs = {} as Record<Mode, Load>;
        const cpu = {} as Record<Mode, number>;
        let storeCpu: Record<string, number> | null = null;
        for (const mode of ['bare', 'unwritten', 'check'] as const) {
          if (mode === 'check') servers?.start();
          const before = process.cpuUsage();
          runs[mode] = await load(url, mode, apiKey, codesFile, seconds);
          cpu[mode] = cpuPerRequest(process.cpuUsage(before), runs[mode].rps * seconds);
          if (mode === 'check' && servers)
            storeCpu = Object.fromEntries(
              Object.entries(servers.stop()).map(([node, c]) => [node, Math.round((c.live + c.exited) / Math.max(1, runs[mode].rps * seconds))]),
            );
        }
        const storeTotal = storeCpu === null ? null : Object.values(storeCpu).reduce((a, b) => a + b, 0);
        const storeNodes =
          storeCpu === null || Object.keys(storeCpu).length < 2
            ? ''
            : ` (${Object.entries(storeCpu)
                .map(([n, us]) => `${n} ${us}`)
                .join(', ')})`;
        const { bare, unwritten, check: checks } = runs;
        log(
          `${store} round ${round}/${rounds}: bare ${Math.round(bare.rps)} req/s (p99 ${bare.p99} ms, ${cpu.bare} µs server CPU, ${describe(bare)}); ` +
            `not written ${Math.round(unwritten.rps)}/s (${cpu.unwritten} µs); ` +
            `checks ${Math.round(checks.rps)}/s (p99 ${checks.p99} ms, ${cpu.check} µs${storeTotal === null ? '' : ` + ${storeTotal} µs in PostgreSQL${storeNodes}`}, ${describe(checks)}, errors ${checks.errors}): ratio ${(checks.rps / bare.rps).toFixed(3)}`,
        );
        rows.push({ bare, unwritten, checks, cpu, storeCpu });
      }
      const logged = await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM check_log');
      log(`${store}: ${logged[0]!.n} checks logged`);
      // The round with the median ratio stands for the run.
      const mid = [...rows].sort((a, b) => a.checks.rps / a.bare.rps - b.checks.rps / b.bare.rps)[Math.floor(rows.length / 2)]!;
      const bareName = 'bare route, constant JSON';
      results.push(result(store, 'http_checks_per_s', mid.checks.rps, 'checks/s', { name: bareName, value: mid.bare.rps }));
      results.push(result(store, 'http_checks_p99_ms', mid.checks.p99, 'ms', { name: 'bare route p99', value: mid.bare.p99 }));
      results.push(result(store, 'http_unwritten_checks_per_s', mid.unwritten.rps, 'checks/s', { name: bareName, value: mid.bare.rps }));
      results.push(result(store, 'http_server_cpu_us', mid.cpu.check, 'µs/check', { name: 'bare route server CPU', value: mid.cpu.bare }));
      results.push(result(store, 'http_unwritten_server_cpu_us', mid.cpu.unwritten, 'µs/check', { name: 'bare route server CPU', value: mid.cpu.bare }));
      // PostgreSQL's own processes (the check log's COPYs) beside the server's: on this machine
      // they share the same two cores with it and with the load generator. On Citus, every
      // node's together, and each node's.
      if (mid.storeCpu !== null) {
        results.push(
          result(
            store,
            'http_checks_postgres_cpu_us',
            Object.values(mid.storeCpu).reduce((a, b) => a + b, 0),
            'µs/check',
          ),
        );
        if (Object.keys(mid.storeCpu).length > 1)
          for (const [node, us] of Object.entries(mid.storeCpu)) results.push(result(store, `http_checks_${node}_cpu_us`, us, 'µs/check'));
      }
      await app.close();
    } finally {
      await platform.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await loc.cleanup();
  }
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const stores = benchStoreNames(String(args.stores ?? 'pglite,postgres'));
  // The shard count of a Citus store's tables (Citus's default, 32, without it).
  const citusShards = args['citus-shards'] === undefined ? undefined : Number(args['citus-shards']);
  const subjects = Number(args.subjects ?? 20_000);
  const seconds = Number(args.seconds ?? 5);
  const rounds = Number(args.rounds ?? 5);
  const results: BenchResult[] = [];
  const params: Record<string, unknown> = {
    population: 1_000_000,
    flaggedShare: 0.1,
    httpSubjects: subjects,
    httpFlaggedShare: 0.1,
    secondsPerRound: seconds,
    rounds,
    connections: Number(process.env.BENCH_CONNECTIONS ?? 128),
    stores,
    citusShards: citusShards ?? null,
  };
  if (args['skip-memory'] !== true) await inProcess(results, params);
  for (const s of stores) await overHttp(s, results, subjects, seconds, rounds, citusShards);
  return { bench: 'checks', date: new Date().toISOString(), machine: machine(), params, results };
}
