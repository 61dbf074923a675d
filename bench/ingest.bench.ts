// Ingest: records per second through validation, the hash-chained ledger and the projections,
// on PGlite and on PostgreSQL, each beside a raw bulk insert (COPY) of the same rows into a
// plain table of the same database, in the same run.
import { loadConfig } from '../src/config/config.ts';
import { Platform } from '../src/platform/platform.ts';
import { runWithContext } from '../src/context/request-context.ts';
import { copyRows } from '../src/store/copy.ts';
import type { SubmissionLine } from '../src/intake/intake.service.ts';
import type { AgencyPrincipal } from '../src/agencies/agency.service.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';
import { benchDataset } from './dataset.ts';

const BATCH = 5000;

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const records = Number(args.records ?? 200_000);
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const concurrency = Number(args.concurrency ?? 2);
  const today = '2026-11-20';
  log(`generating ${records} records`);
  const dataset = await benchDataset(records, today);
  const results: BenchResult[] = [];
  for (const storeName of stores) {
    const store = await freshBenchStore(storeName);
    try {
      const platform = await Platform.open(
        loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: 'bench', logLevel: 'silent' }, {}),
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
        t0 = performance.now();
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
        log(`${storeName}: ingest ${Math.round(rate)} records/s (${Math.round((rate / rawRate) * 100)}% of raw)`);
        const verify = await platform.verify();
        if (!verify.intact) throw new Error('ledger broken after the benchmark');
        results.push(result(storeName, 'records_per_s', rate, 'records/s', { name: 'raw COPY of the same rows', value: rawRate }));
      } finally {
        await platform.close();
      }
    } finally {
      await store.cleanup();
    }
  }
  return {
    bench: 'ingest',
    date: new Date().toISOString(),
    machine: machine(),
    params: { records, batch: BATCH, concurrency, stores, subjects: dataset.subjects, dataset: dataset.source },
    results,
  };
}
