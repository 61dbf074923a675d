// Furnish: a lender's month-end batch of N statements (default 1,000,000) through the furnishing
// service as the route hands it the NDJSON text (reading the lines, validating each against the pack's standard and the batch
// against what the lender furnished before, the Merkle tree over the canonical lines, COPY into the
// month's partition, one ledger event), on PGlite and PostgreSQL, each beside a raw COPY of the
// same rows into an empty copy of the statements table (partitioned the same way, same indexes)
// in the same run. The accounts are furnished first, in a batch of their own, untimed.
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { runWithContext } from '../src/kernel/request-context.ts';
import type { AgencyPrincipal } from '../src/kernel/principal.ts';
import { accountLines, statementLine } from '../src/synthetic/furnishing.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';
import { ROW_COLUMNS } from '../src/features/credit-reporting/furnishing-rows.ts';

const SEED = 20261204;
const OPENING_MONTH = '2026-10';
const MONTH = '2026-11';
/** The statements table's columns the batch writes: its batch's (furnisher, seq), the leaf, then the line's. */
const STATEMENT_COLUMNS = ['furnisher', 'seq', 'leaf', ...ROW_COLUMNS.statement];

/** NDJSON text of lines, as a lender sends it. */
function ndjsonOf(lines: Iterable<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const l of lines) parts.push(JSON.stringify(l));
  return `${parts.join('\n')}\n`;
}

function cpuUsPer(u: NodeJS.CpuUsage, n: number): number {
  return Math.round(((u.user + u.system) / n) * 10) / 10;
}

function* openingLines(n: number): Generator<Record<string, unknown>> {
  for (let i = 0; i < n; i++) yield* accountLines(SEED, i);
}
function* statementLines(n: number): Generator<Record<string, unknown>> {
  for (let i = 0; i < n; i++) yield statementLine(SEED, i, MONTH);
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const statements = Number(args.statements ?? 1_000_000);
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  log(`generating ${statements} accounts and their ${MONTH} statements (seed ${SEED})`);
  const opening = ndjsonOf(openingLines(statements));
  const monthEnd = ndjsonOf(statementLines(statements));
  log(`month-end file: ${Math.round(monthEnd.length / 1e6)} MB of NDJSON`);
  const results: BenchResult[] = [];
  const notes: string[] = [];
  for (const storeName of stores) {
    const store = await freshBenchStore(storeName);
    try {
      const platform = await Platform.open(
        loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: 'bench', logLevel: 'silent' }, {}),
        { clock: { now: () => new Date('2026-12-02T04:00:00Z') } },
      );
      try {
        const furnisher: AgencyPrincipal = await runWithContext({ requestId: 'bench', actor: { type: 'administrator', id: 'bench' } }, async () => {
          const { apiKey } = await platform.agencies.register({ code: 'bench-bank', name: 'Bench bank', kind: 'commercial-bank' });
          return platform.agencies.authenticate(apiKey);
        });
        const as = <T>(fn: () => Promise<T>) => runWithContext({ requestId: 'bench', actor: { type: 'agency', id: furnisher.code } }, fn);

        log(`${storeName}: furnishing the ${statements} accounts (untimed)`);
        let t0 = performance.now();
        const accounts = await as(() => platform.furnishing.furnishNdjson(furnisher, OPENING_MONTH, opening));
        const accountsSeconds = (performance.now() - t0) / 1000;
        log(`${storeName}: accounts batch of ${accounts.lines} lines in ${accountsSeconds.toFixed(1)} s`);

        log(`${storeName}: the month-end batch of ${statements} statements`);
        t0 = performance.now();
        let cpu = process.cpuUsage();
        const batch = await as(() => platform.furnishing.furnishNdjson(furnisher, MONTH, monthEnd));
        const seconds = (performance.now() - t0) / 1000;
        const cpuFurnish = cpuUsPer(process.cpuUsage(cpu), statements);
        const rate = statements / seconds;
        log(`${storeName}: ${Math.round(rate)} statements/s (${seconds.toFixed(1)} s)`);

        t0 = performance.now();
        const verified = await platform.furnishing.verifyBatch(batch.batchId);
        if (!verified.intact) throw new Error(`the batch does not verify: ${verified.problem}`);
        const verifyRate = statements / ((performance.now() - t0) / 1000);
        log(`${storeName}: the batch's root recomputed from its rows at ${Math.round(verifyRate)} statements/s`);

        // The baseline: the same rows, copied into an empty copy of the table.
        const db = platform.db;
        const rows = await db.copyOut(
          `SELECT ${STATEMENT_COLUMNS.join(', ')} FROM credit_statement WHERE month = '${MONTH}-01' AND furnisher = '${furnisher.code}' AND seq = ${batch.seq}`,
        );
        await db.exec(`CREATE TABLE floor_statement (LIKE credit_statement INCLUDING ALL) PARTITION BY RANGE (month)`);
        const lines = rows.split('\n');
        lines.pop();
        if (lines.length !== statements) throw new Error(`copied out ${lines.length} rows, not ${statements}`);
        const chunks: string[] = [];
        for (let i = 0; i < lines.length; i += 100_000) chunks.push(`${lines.slice(i, i + 100_000).join('\n')}\n`);
        log(`${storeName}: raw COPY of the same ${statements} rows`);
        t0 = performance.now();
        cpu = process.cpuUsage();
        await db.transaction(async (tx) => {
          await tx.exec(`CREATE TABLE floor_statement_m PARTITION OF floor_statement FOR VALUES FROM ('${MONTH}-01') TO ('2026-12-01')`);
          for (const c of chunks) await tx.copyIn('floor_statement', STATEMENT_COLUMNS, c);
        });
        const rawRate = statements / ((performance.now() - t0) / 1000);
        const cpuRaw = cpuUsPer(process.cpuUsage(cpu), statements);
        log(`${storeName}: raw ${Math.round(rawRate)} rows/s; furnishing is ${Math.round((rate / rawRate) * 100)}% of it`);
        results.push(
          result(storeName, 'statements_per_s', rate, 'statements/s', { name: 'raw COPY of the same rows into the same table and indexes', value: rawRate }),
        );
        notes.push(
          `${storeName}: the accounts batch (${accounts.lines} lines) took ${accountsSeconds.toFixed(1)} s; verifying the month's batch ran at ${Math.round(verifyRate)} statements/s; CPU of this process per statement ${cpuFurnish} µs furnishing, ${cpuRaw} µs for the raw COPY${storeName === 'pglite' ? ' (PGlite runs in this process)' : ''}`,
        );
      } finally {
        await platform.close();
      }
    } finally {
      await store.cleanup();
    }
  }
  return {
    notes: [
      'statements_per_s: one month-end batch of `statements` lines through the furnishing service, as NDJSON text read line by line, each line validated against the pack standard, the batch checked against the accounts furnished before, the Merkle tree over the canonical lines, COPY into the month partition, one ledger event; one transaction.',
      'baseline: the rows that batch stored, copied out and copied into an empty table partitioned by month with the same columns and indexes, in one transaction.',
      ...notes,
    ],
    bench: 'furnish',
    date: new Date().toISOString(),
    machine: machine(),
    params: { statements, stores, seed: SEED, month: MONTH },
    results,
  };
}
