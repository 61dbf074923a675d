// Ingest: records per second through validation, the hash-chained ledger and the projections,
// on PGlite, PostgreSQL and the Citus cluster (on one worker and on two), each beside a raw bulk
// insert (COPY) of the same rows into a table of the same database (plain, or on Citus
// distributed by subject), in the same run, with the CPU each server spent per record.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { runWithContext } from '../src/kernel/request-context.ts';
import { copyRows } from '../src/store/copy.ts';
import type { SubmissionLine } from '../src/features/records/intake.service.ts';
import type { AgencyPrincipal } from '../src/kernel/principal.ts';
import type { Database } from '../src/store/database.ts';
import { benchStoreNames, freshBenchStore, log, machine, result, type BenchReport, type BenchResult, type BenchStoreName } from './lib.ts';
import { benchDataset } from './dataset.ts';
import { nodeCpuMeters, type NodeCpuMeters, type ServerCpu } from './ingest-server-cpu.ts';

const BATCH = 5000;

/** Every table intake writes to (the ledger and its projections). */
const INTAKE_TABLES = ['ledger_block', 'subject', 'subject_search', 'credit_record', 'person_role', 'list_entry'] as const;

/**
 * The write floor: the rows intake stored, copied out and into empty copies of their tables
 * (same columns, same indexes), one transaction per batch of `BATCH` records, each taking an
 * equal share of every table's rows in the order intake stored them (heap order). Returns
 * records per second, and microseconds per record spent in each table's COPY (the commits make
 * up the rest).
 */
async function writeFloor(
  db: Database,
  records: number,
  servers: NodeCpuMeters | null,
  citus: boolean,
): Promise<{ rate: number; byTable: Record<string, number>; serverCpuUs: Record<string, ServerCpu> | null }> {
  const batches = Math.ceil(records / BATCH);
  const tables: Array<{ name: string; columns: string[]; slices: string[] }> = [];
  for (const name of INTAKE_TABLES) {
    const columns = (
      await db.query<{ attname: string }>(
        'SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum',
        [name],
      )
    ).map((r) => r.attname);
    const lines = (await db.copyOut(`SELECT ${columns.join(', ')} FROM ${name}`)).split('\n');
    lines.pop(); // the text ends with a newline
    const per = Math.ceil(lines.length / batches);
    const slices = Array.from({ length: batches }, (_, i) =>
      lines
        .slice(i * per, (i + 1) * per)
        .map((l) => `${l}\n`)
        .join(''),
    );
    await db.exec(`CREATE TABLE floor_${name} (LIKE ${name} INCLUDING ALL)`);
    if (citus) await layOutLike(db, `floor_${name}`, name);
    tables.push({ name, columns, slices });
  }
  const byTable: Record<string, number> = {};
  servers?.start();
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) {
    await db.transaction(async (tx) => {
      for (const t of tables) {
        const start = performance.now();
        await tx.copyIn(`floor_${t.name}`, t.columns, t.slices[b]!);
        // A COPY in a transaction on PostgreSQL is not waited for; a statement after it is.
        await tx.query('SELECT 1');
        byTable[t.name] = (byTable[t.name] ?? 0) + performance.now() - start;
      }
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  const serverCpuUs = servers ? servers.stop() : null;
  for (const name of INTAKE_TABLES) {
    const [n] = await db.query<{ copy: number; source: number }>(
      `SELECT (SELECT count(*)::int FROM floor_${name}) AS copy, (SELECT count(*)::int FROM ${name}) AS source`,
    );
    if (n!.copy !== n!.source) throw new Error(`floor_${name} holds ${n!.copy} rows, ${name} ${n!.source}`);
  }
  for (const k of Object.keys(byTable)) byTable[k] = Math.round(((byTable[k]! * 1000) / records) * 10) / 10;
  return { rate: records / seconds, byTable, serverCpuUs };
}

/** The main thread's CPU time so far, in µs (Linux: /proc counts it in ticks of 10 ms), or null where /proc does not tell. */
function mainThreadCpuUs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/**
 * Lays out `table` on Citus as `like` is: distributed by the same column in its co-location
 * group, a reference table, or left on the coordinator.
 */
async function layOutLike(db: Database, table: string, like: string): Promise<void> {
  const [t] = await db.query<{ type: string; column: string }>(
    'SELECT citus_table_type AS type, distribution_column AS column FROM citus_tables WHERE table_name = $1::regclass',
    [like],
  );
  if (t?.type === 'distributed') await db.query('SELECT create_distributed_table($1, $2, colocate_with => $3)', [table, t.column, like]);
  else if (t?.type === 'reference') await db.query('SELECT create_reference_table($1)', [table]);
}

function isCitus(store: BenchStoreName): boolean {
  return store.startsWith('citus');
}

/** µs per record, to a tenth. */
function perRecord(us: number, records: number): number {
  return Math.round((us / records) * 10) / 10;
}

/** The nodes' CPU together, in µs: all of it, or only that of processes that ended (`exited`). */
function sum(byNode: Record<string, ServerCpu>, part?: 'exited'): number {
  return Object.values(byNode).reduce((a, c) => a + (part ? c[part] : c.live + c.exited), 0);
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const records = Number(args.records ?? 200_000);
  const stores = benchStoreNames(String(args.stores ?? 'pglite,postgres'));
  const concurrency = Number(args.concurrency ?? 2);
  // The shard count of a Citus store's tables (Citus's default, 32, without it).
  const citusShards = args['citus-shards'] === undefined ? undefined : Number(args['citus-shards']);
  // PGlite on the event loop's thread (the default), or on a thread of its own (--pglite-thread 1).
  const pgliteThread = args['pglite-thread'] === undefined ? undefined : args['pglite-thread'] !== '0';
  const today = '2026-11-20';
  log(`generating ${records} records`);
  const dataset = await benchDataset(records, today);
  const results: BenchResult[] = [];
  const floorNotes: string[] = [];
  const rates = new Map<BenchStoreName, { rate: number; perCpuSecond: number | null }>();
  for (const storeName of stores) {
    const store = await freshBenchStore(storeName, { citusShards });
    try {
      const platform = await Platform.open(
        loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: 'bench', logLevel: 'silent', pgliteThread }, {}),
        { clock: { now: () => new Date(`${today}T04:00:00Z`) } },
      );
      try {
        // The limit: the same rows copied into a plain table of the same database.
        await platform.db.exec(`CREATE TABLE bench_raw (agency text, item text, subject_code text, subject_name text, decision_number text,
          decision_date date, decision_authority text, decision_basis text, fields jsonb)`);
        // On Citus the rows go to the workers' shards, as intake's do.
        if (isCitus(storeName)) await platform.db.query("SELECT create_distributed_table('bench_raw', 'subject_code')");
        const raw = dataset.lines.map(({ agency, record: r }) => [
          agency,
          r.item,
          r.subject.code ?? r.subject.idNumber,
          r.subject.name,
          r.decision.number,
          r.decision.date,
          r.decision.authority,
          r.decision.basis,
          r.fields,
        ]);
        log(`${storeName}: raw COPY of ${records} rows`);
        let t0 = performance.now();
        for (let i = 0; i < raw.length; i += BATCH) {
          await platform.db.transaction((tx) =>
            tx.copyIn(
              'bench_raw',
              ['agency', 'item', 'subject_code', 'subject_name', 'decision_number', 'decision_date', 'decision_authority', 'decision_basis', 'fields'],
              copyRows(raw.slice(i, i + BATCH)),
            ),
          );
        }
        const rawRate = records / ((performance.now() - t0) / 1000);
        log(`${storeName}: raw ${Math.round(rawRate)} rows/s`);

        const agencies = new Map<string, AgencyPrincipal>();
        await runWithContext({ requestId: 'bench', actor: { type: 'administrator', id: 'bench' } }, async () => {
          for (const a of dataset.agencies) {
            const { apiKey } = await platform.agencies.register(a);
            agencies.set(a.code, await platform.agencies.authenticate(apiKey));
          }
        });
        // Batches per agency, as agencies submit them.
        const byAgency = new Map<string, SubmissionLine[]>();
        dataset.lines.forEach(({ agency, record }, i) => {
          let list = byAgency.get(agency);
          if (!list) byAgency.set(agency, (list = []));
          list.push({ line: i + 1, value: record });
        });
        // Agencies submit concurrently; `concurrency` submitters take batches from one queue.
        const queue: Array<{ code: string; batch: SubmissionLine[] }> = [];
        for (const [code, lines] of byAgency) for (let i = 0; i < lines.length; i += BATCH) queue.push({ code, batch: lines.slice(i, i + BATCH) });
        log(`${storeName}: ingest through intake, ${concurrency} concurrent submitters`);
        const servers = await nodeCpuMeters(store.nodes);
        servers?.start();
        t0 = performance.now();
        const cpu0 = process.cpuUsage();
        const main0 = mainThreadCpuUs();
        let done = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            for (let job = queue.shift(); job; job = queue.shift()) {
              const { code, batch } = job;
              await runWithContext({ requestId: 'bench', actor: { type: 'agency', id: code } }, () => platform.intake.submit(agencies.get(code)!, batch));
              done += batch.length;
            }
          }),
        );
        const rate = done / ((performance.now() - t0) / 1000);
        const serverCpu = servers ? servers.stop() : null;
        const serverPerRecord = serverCpu ? perRecord(sum(serverCpu), done) : null;
        // This process's CPU (user and system, every thread) per record ingested: the application's
        // share, and with PGlite on this process's threads, the store's too.
        const cpu = process.cpuUsage(cpu0);
        const cpuPerRecord = Math.round(((cpu.user + cpu.system) / done) * 10) / 10;
        // The event loop's thread alone: what caps intake when the other threads wait for it.
        const main1 = mainThreadCpuUs();
        const mainPerRecord = main0 === null || main1 === null ? null : Math.round(((main1 - main0) / done) * 10) / 10;
        // Records per second of CPU, this process's and the servers' together: the rate per core.
        const perCpuSecond = serverPerRecord === null ? null : 1e6 / (cpuPerRecord + serverPerRecord);
        rates.set(storeName, { rate, perCpuSecond });
        const byNode = !serverCpu
          ? ''
          : ` (${
              Object.keys(serverCpu).length > 1
                ? `${Object.entries(serverCpu)
                    .map(([n, c]) => `${n} ${perRecord(c.live + c.exited, done)}`)
                    .join(', ')}; `
                : ''
            }${perRecord(sum(serverCpu, 'exited'), done)} of it in processes that ended)`;
        log(
          `${storeName}: ingest ${Math.round(rate)} records/s (${Math.round((rate / rawRate) * 100)}% of raw), ${cpuPerRecord} µs of this process's CPU per record${mainPerRecord === null ? '' : `, ${mainPerRecord} µs of its main thread's`}${serverPerRecord === null ? '' : `, ${serverPerRecord} µs of the servers'${byNode}; ${Math.round(perCpuSecond!)} records per CPU second`}`,
        );
        const verify = await platform.verify();
        if (!verify.intact) throw new Error('ledger broken after the benchmark');
        log(`${storeName}: the rows intake wrote, copied into empty copies of their tables`);
        const floor = await writeFloor(platform.db, records, servers, isCitus(storeName));
        const floorServerPerRecord = floor.serverCpuUs === null ? null : perRecord(sum(floor.serverCpuUs), records);
        const floorExitedPerRecord = floor.serverCpuUs === null ? null : perRecord(sum(floor.serverCpuUs, 'exited'), records);
        const floorRate = floor.rate;
        log(
          `${storeName}: floor ${Math.round(floorRate)} records/s (${Math.round((floorRate / rawRate) * 100)}% of raw); intake is ${Math.round((rate / floorRate) * 100)}% of it${floorServerPerRecord === null ? '' : `; ${floorServerPerRecord} µs of the servers' CPU per record (${floorExitedPerRecord} in processes that ended)`}`,
        );
        floorNotes.push(
          `${storeName} write floor, µs per record by table: ${Object.entries(floor.byTable)
            .map(([t, us]) => `${t} ${us}`)
            .join(', ')}; raw COPY ${Math.round((1e6 / rawRate) * 10) / 10}`,
        );
        results.push(result(storeName, 'records_per_s', rate, 'records/s', { name: 'raw COPY of the same rows', value: rawRate }));
        results.push(result(storeName, 'process_cpu_us_per_record', cpuPerRecord, 'µs'));
        if (mainPerRecord !== null) results.push(result(storeName, 'main_thread_cpu_us_per_record', mainPerRecord, 'µs'));
        if (serverPerRecord !== null)
          results.push(
            result(
              storeName,
              'server_cpu_us_per_record',
              serverPerRecord,
              'µs',
              floorServerPerRecord === null ? undefined : { name: 'the write floor', value: floorServerPerRecord },
            ),
          );
        if (serverCpu)
          results.push(
            result(
              storeName,
              'server_exited_cpu_us_per_record',
              perRecord(sum(serverCpu, 'exited'), done),
              'µs',
              floorExitedPerRecord === null ? undefined : { name: 'the write floor', value: floorExitedPerRecord },
            ),
          );
        // On Citus, each node's share: the coordinator's and each worker's.
        if (serverCpu && Object.keys(serverCpu).length > 1)
          for (const [node, c] of Object.entries(serverCpu)) {
            const floorCpu = floor.serverCpuUs?.[node];
            results.push(
              result(
                storeName,
                `${node}_cpu_us_per_record`,
                perRecord(c.live + c.exited, done),
                'µs',
                floorCpu === undefined ? undefined : { name: 'the write floor', value: perRecord(floorCpu.live + floorCpu.exited, records) },
              ),
            );
          }
        if (perCpuSecond !== null) results.push(result(storeName, 'records_per_cpu_s', perCpuSecond, 'records/CPU s'));
        results.push(result(storeName, 'write_floor_records_per_s', floorRate, 'records/s', { name: 'raw COPY of the same rows', value: rawRate }));
      } finally {
        await platform.close();
      }
    } finally {
      await store.cleanup();
    }
  }
  const one = rates.get('citus1');
  const two = rates.get('citus2');
  if (one && two) {
    results.push(result('citus2', 'records_per_s_beside_citus1', two.rate, 'records/s', { name: 'citus1 records_per_s', value: one.rate }));
    if (one.perCpuSecond !== null && two.perCpuSecond !== null)
      results.push(
        result('citus2', 'records_per_cpu_s_beside_citus1', two.perCpuSecond, 'records/CPU s', { name: 'citus1 records_per_cpu_s', value: one.perCpuSecond }),
      );
    log(
      `citus2/citus1: ${(two.rate / one.rate).toFixed(3)} in records/s${one.perCpuSecond === null || two.perCpuSecond === null ? '' : `, ${(two.perCpuSecond / one.perCpuSecond).toFixed(3)} in records per CPU second`}`,
    );
  }
  return {
    notes: [
      'records_per_s: records through intake (validation, the hash-chained ledger, projections, search index) with `concurrency` submitters.',
      "main_thread_cpu_us_per_record: the CPU time of this process's main thread (the event loop's) alone, per record (Linux only, from /proc; 10 ms ticks).",
      "server_cpu_us_per_record (PostgreSQL and Citus): the CPU time (user and system) of the server's processes serving the benchmark's database (its backends, autovacuum on it, the WAL writer, checkpointer and background writer; on Citus every node's, and the Citus maintenance daemon of the database), per record, sampled from /proc; and, from the CPU each server reaped from its children, of its processes that ended before a sample saw all their work (server_exited_cpu_us_per_record: a Citus coordinator's connections to a worker beyond the one it keeps last a transaction; other databases' processes that end meanwhile count there too); its baseline is the same for the write floor. On 2 cores records/s is at most 2 / (process CPU + server CPU per record). The background processes serve every database of their server: other work on the same server counts in them.",
      "coordinator_cpu_us_per_record, workerN_cpu_us_per_record (Citus): server_cpu_us_per_record node by node (the cluster's nodes are servers on this machine).",
      'records_per_cpu_s: 1,000,000 / (process CPU + server CPU per record): records per second of one core, comparable between PostgreSQL alone and Citus on one or two workers, whose nodes share the same cores.',
      "records_per_s_beside_citus1: citus2's records/s, its ratio to citus1's (the same cluster with one worker and with two); records_per_cpu_s_beside_citus1 the same per CPU second.",
      "On Citus the raw COPY goes into a table distributed by the subject's code, and the write floor's tables are laid out as their sources (distributed in their co-location group, or reference tables).",
      "process_cpu_us_per_record: this process's CPU time (user and system, all its threads) during the ingest, per record: the application's work, and with PGlite the store's too (it runs in this process).",
      'write_floor_records_per_s: the rows intake wrote (ledger events, subjects, search rows, records, person roles, list entries), copied unchanged into empty copies of their tables with the same indexes, in transactions of the same size: what storing these records costs with no validation, hashing or projection logic, the bound for any intake that writes this data model.',
      ...floorNotes,
    ],
    bench: 'ingest',
    date: new Date().toISOString(),
    machine: machine(),
    params: {
      records,
      batch: BATCH,
      concurrency,
      stores,
      citusShards: citusShards ?? null,
      pgliteThread: pgliteThread ?? loadConfig({}, {}).pgliteThread,
      subjects: dataset.subjects,
      dataset: dataset.source,
    },
    results,
  };
}
