// Storage: bytes on disk per record, all-in (the ledger's events and trees, the projections, the
// search index, the evaluations, and every index on them), on a store seeded by the synthetic
// generator through the real intake, list workflow and scheduler, with a full evaluation, as
// `xinyong seed` does. Beside it, the events' own bytes per record: the canonical JSON the
// ledger hashes, before any storage overhead. Each table's share is in the notes.
import { loadConfig } from '../src/kernel/config.ts';
import { FixedClock } from '../src/kernel/clock.ts';
import { Platform } from '../src/app/platform.ts';
import { seed, seedOpeningInstant } from '../src/app/seed/seed.ts';
import { vacuumAnalyze } from '../src/store/maintenance.ts';
import { logSizes } from '../src/ledger/ledger.ts';
import { eventsInRange } from '../src/ledger/blocks.ts';
import type { Queryable } from '../src/store/database.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';

/** Tables of financial credit reporting (furnished accounts and statements, inquiries, rights), not of records. */
const FINANCIAL_TABLE = /^(furnishing_|credit_(?!record$))/;

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const subjects = Number(args.subjects ?? 1_000_000);
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  // --keep leaves each seeded store in place (its location is logged), to be looked into afterwards.
  const keep = args.keep === true;
  const results: BenchResult[] = [];
  const notes: string[] = [];
  for (const name of stores) {
    const store = await freshBenchStore(name);
    const clock = new FixedClock(seedOpeningInstant());
    const platform = await Platform.open(
      loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: 'bench', logLevel: 'silent' }, {}),
      { clock, bulkLoad: true },
    );
    try {
      const t0 = performance.now();
      const seeded = await seed(platform, clock, {
        subjects,
        seed: 1,
        today: platform.policy.localDate(new Date()),
        onProgress: ({ phase, done, total }) => {
          if (done % 100_000 < 5000) log(`${name}: ${phase} ${done} of ${total}`);
        },
      });
      clock.set(new Date());
      await platform.evaluations.evaluateAll();
      await vacuumAnalyze(platform.db);
      log(`${name}: seeded ${seeded.subjects} subjects, ${seeded.records} records in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      const tables = await platform.db.query<{ name: string; bytes: number }>(
        `SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY bytes DESC`,
      );
      // The seed also furnishes the demo lenders' accounts and statements (financial credit
      // reporting): their tables are not records and are counted apart.
      const financial = tables.filter((t) => FINANCIAL_TABLE.test(t.name));
      const financialBytes = financial.reduce((n, t) => n + t.bytes, 0);
      tables.splice(0, tables.length, ...tables.filter((t) => !FINANCIAL_TABLE.test(t.name)));
      const total = tables.reduce((n, t) => n + t.bytes, 0);
      const events = await canonicalBytes(platform.db);
      const perRecord = (b: number) => b / seeded.records;
      results.push(
        result(name, 'bytes_per_record', perRecord(total), 'bytes', { name: "the events' canonical JSON, per record", value: perRecord(events.bytes) }),
      );
      notes.push(
        `${name}: ${seeded.subjects} subjects, ${seeded.records} records, ${events.n} events; bytes per record by table: ` +
          tables
            .filter((t) => t.bytes > total / 200)
            .map((t) => `${t.name} ${perRecord(t.bytes).toFixed(0)}`)
            .join(', ') +
          `; not counted: the financial credit reporting tables (${financial.length}, with each month's partition of statements), ${(financialBytes / 1e6).toFixed(1)} MB`,
      );
      log(`${name}: ${perRecord(total).toFixed(0)} bytes per record (events' JSON ${perRecord(events.bytes).toFixed(0)})`);
    } finally {
      await platform.close();
      if (keep) log(`${name}: kept at ${store.databaseUrl ?? store.dataDir}`);
      else await store.cleanup();
    }
  }
  return { bench: 'storage', date: new Date().toISOString(), machine: machine(), params: { subjects, stores, seed: 1 }, results, notes };
}

/** The events' canonical bytes (what the leaf hashes cover) and their number, read log by log. */
async function canonicalBytes(q: Queryable): Promise<{ bytes: number; n: number }> {
  let bytes = 0;
  let n = 0;
  const sizes = await logSizes(q);
  for (let log = 0; log < sizes.length; log++) {
    for (let from = 0; from < sizes[log]!; from += 50_000) {
      for (const e of await eventsInRange(q, log, from, Math.min(from + 50_000, sizes[log]!))) {
        bytes += Buffer.byteLength(e.payload, 'utf8');
        n++;
      }
    }
  }
  return { bytes, n };
}
