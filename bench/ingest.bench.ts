// Ingest: records per second through validation, the hash-chained ledger and the projections,
// on PGlite and on PostgreSQL, each beside a raw bulk insert (COPY) of the same rows into a
// plain table of the same database, in the same run.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { runWithContext } from '../src/kernel/request-context.ts';
import { copyRows } from '../src/store/copy.ts';
import type { SubmissionLine } from '../src/features/records/intake.service.ts';
import type { AgencyPrincipal } from '../src/kernel/principal.ts';
import type { Database } from '../src/store/database.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';
import { benchDataset } from './dataset.ts';
import { serverCpuMeter, type ServerCpuMeter } from './ingest-server-cpu.ts';

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
  server: ServerCpuMeter | null,
): Promise<{ rate: number; byTable: Record<string, number>; serverCpuUs: number | null }> {
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
    tables.push({ name, columns, slices });
  }
  const byTable: Record<string, number> = {};
  server?.start();
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
  const serverCpuUs = server ? server.stop() : null;
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

/** The server's CPU meter for the store's database (PostgreSQL on this machine), or null. */
async function serverMeterOf(db: Database, storeName: string): Promise<ServerCpuMeter | null> {
  if (storeName !== 'postgres') return null;
  const [row] = await db.query<{ pid: number; database: string }>('SELECT pg_backend_pid() AS pid, current_database() AS database');
  return serverCpuMeter(row!.pid, row!.database);
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const records = Number(args.records ?? 200_000);
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const concurrency = Number(args.concurrency ?? 2);
  // PGlite on the event loop's thread (the default), or on a thread of its own (--pglite-thread 1).
  const pgliteThread = args['pglite-thread'] === undefined ? undefined : args['pglite-thread'] !== '0';
  const today = '2026-11-20';
  log(`generating ${records} records`);
  const dataset = await benchDataset(records, today);
  const results: BenchResult[] = [];
  const floorNotes: string[] = [];
  for (const storeName of stores) {
    const store = await freshBenchStore(storeName);
    try {
      const platform = await Platform.open(
        loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: 'bench', logLevel: 'silent', pgliteThread }, {}),
        { clock: { now: () => new Date(`${today}T04:00:00Z`) } },
      );
      try {
        // The limit: the same rows copied into a plain table of the same database.
        await platform.db.exec(`CREATE TABLE bench_raw (agency text, item text, subject_code text, subject_name text, decision_number text,
          decision_date date, decision_authority text, decision_basis text, fields jsonb)`);
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
        const server = await serverMeterOf(platform.db, storeName);
        server?.start();
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
        const serverPerRecord = server ? Math.round((server.stop() / done) * 10) / 10 : null;
        // This process's CPU (user and system, every thread) per record ingested: the application's
        // share, and with PGlite on this process's threads, the store's too.
        const cpu = process.cpuUsage(cpu0);
        const cpuPerRecord = Math.round(((cpu.user + cpu.system) / done) * 10) / 10;
        // The event loop's thread alone: what caps intake when the other threads wait for it.
        const main1 = mainThreadCpuUs();
        const mainPerRecord = main0 === null || main1 === null ? null : Math.round(((main1 - main0) / done) * 10) / 10;
        log(
          `${storeName}: ingest ${Math.round(rate)} records/s (${Math.round((rate / rawRate) * 100)}% of raw), ${cpuPerRecord} µs of this process's CPU per record${mainPerRecord === null ? '' : `, ${mainPerRecord} µs of its main thread's`}${serverPerRecord === null ? '' : `, ${serverPerRecord} µs of the server's`}`,
        );
        const verify = await platform.verify();
        if (!verify.intact) throw new Error('ledger broken after the benchmark');
        log(`${storeName}: the rows intake wrote, copied into empty copies of their tables`);
        const floor = await writeFloor(platform.db, records, server);
        const floorServerPerRecord = floor.serverCpuUs === null ? null : Math.round((floor.serverCpuUs / records) * 10) / 10;
        const floorRate = floor.rate;
        log(
          `${storeName}: floor ${Math.round(floorRate)} records/s (${Math.round((floorRate / rawRate) * 100)}% of raw); intake is ${Math.round((rate / floorRate) * 100)}% of it${floorServerPerRecord === null ? '' : `; ${floorServerPerRecord} µs of the server's CPU per record`}`,
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
        results.push(result(storeName, 'write_floor_records_per_s', floorRate, 'records/s', { name: 'raw COPY of the same rows', value: rawRate }));
      } finally {
        await platform.close();
      }
    } finally {
      await store.cleanup();
    }
  }
  return {
    notes: [
      'records_per_s: records through intake (validation, the hash-chained ledger, projections, search index) with `concurrency` submitters.',
      "main_thread_cpu_us_per_record: the CPU time of this process's main thread (the event loop's) alone, per record (Linux only, from /proc; 10 ms ticks).",
      "server_cpu_us_per_record (PostgreSQL only): the CPU time (user and system) of the server's processes serving the benchmark's database (its backends, autovacuum on it, the WAL writer, checkpointer and background writer), per record, sampled from /proc; its baseline is the same for the write floor. On 2 cores records/s is at most 2 / (process CPU + server CPU per record).",
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
      pgliteThread: pgliteThread ?? loadConfig({}, {}).pgliteThread,
      subjects: dataset.subjects,
      dataset: dataset.source,
    },
    results,
  };
}
