// Credit report: the p95 of assembling one person's financial credit report (10 accounts, 24
// months of statements each, the 24-month grid) at N borrowers, on PGlite and PostgreSQL, each
// beside a raw read of the same rows (the borrower's accounts and every statement of them, no
// versions, no as-of) in the same run. The data goes in through the furnishing service, timed
// apart: each borrower has one account at each of 10 lenders, and each lender furnishes its
// accounts in NDJSON batches of at most 250,000 borrowers, then a month-end file for each of the
// 24 months in batches of at most 1,000,000 statements. With `--keep DIR` the store stays in DIR
// and a later run continues the loading where the last one stopped (a lender's batches are all
// or nothing, and a batch furnished again identically stores nothing), then measures: so a
// million borrowers can be loaded over several runs and measured again without loading. With
// `--compact` it measures the months as furnished, compacts the months closed by the report's
// date as the scheduler would (timed) and measures again, then builds the account histories of
// the compacted months as the scheduler would next (timed) and measures a third time, each phase
// on borrowers of its own; `--cold` empties the page cache before each phase. With
// `--prepare-only` (and `--keep`) it vacuums, compacts and builds as asked, timed, and measures
// no report: a later run measures the store so prepared on a quiet machine. With `--score-all`
// it then scores every person (issue 22) beside a read of the same rows with nothing scored.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { runWithContext } from '../src/kernel/request-context.ts';
import type { AgencyPrincipal } from '../src/kernel/principal.ts';
import { addMonths, localDate } from '../src/domain/dates.ts';
import { forEachScorePart, scoreEveryPerson } from '../src/features/credit-reporting/bulk-score.ts';
import { hashResidentId, residentIdCheckCharacter } from '../src/domain/ids/resident-id.ts';
import { personKey } from '../src/domain/records.ts';
import { hash32 } from '../src/synthetic/random.ts';
import pg from 'pg';
import type { Database } from '../src/store/database.ts';
import { listMigrations } from '../src/store/migrate.ts';
import { serverCpuMeter } from './ingest-server-cpu.ts';
import { ADMIN_URL, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';
import { benchStoreOf } from './kept-store.ts';
import { compactMonth, isClosedMonth, monthEndFurnishers, statementMonths } from '../src/features/credit-reporting/statement-compaction.ts';
import { buildAccountHistories } from '../src/features/credit-reporting/account-history.ts';
import { historyMarks } from '../src/features/credit-reporting/account-history.store.ts';

const SEED = 20261205;
const SECRET = 'bench';
const ACCOUNTS_PER_BORROWER = 10;
/** Borrower b's account k is held by lender k. */
const LENDERS = ACCOUNTS_PER_BORROWER;
/**
 * Borrowers per batch of accounts (three lines each) and per month-end batch (one statement
 * each): a batch's NDJSON text stays well under a string's limit, and a month-end batch, which
 * reads all its lender's accounts first, is as large as that allows.
 */
const OPENING_CHUNK = 250_000;
const STATEMENT_CHUNK = 1_000_000;
const MONTHS = 24;
/** The last reporting month; the report is as of the day after it ends. */
const LAST_MONTH = '2026-11';
const NOW = '2026-12-02T04:00:00Z';
const AS_OF = '2026-12-02';
const TYPES = ['credit-card', 'credit-card', 'non-revolving-loan', 'non-revolving-loan', 'revolving-loan'] as const;

/** Borrower b's resident identity number: a birth day and a sequence number unique for b below 14,600,000. */
function residentId(b: number): string {
  const day = new Date(Date.UTC(1960, 0, 1) + (b % 14_600) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const body = `330106${day}${String(Math.floor(b / 14_600) % 1000).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

/**
 * Lender k's code, and its account of borrower b: the borrower's number in base 36, of fixed
 * width, so that each batch adds to the statements' keys in their order. Both are short, so
 * that 240,000,000 statements fit this machine's disk (a statement row and its two index
 * entries hold both).
 */
const lenderOf = (k: number) => `bk${k}`;
const accountOf = (b: number, _k: number) => b.toString(36).padStart(5, '0');

/**
 * The data's layout (the lenders' codes, the accounts' numbers, the batches), kept in DIR/layout
 * with a store: a store loaded in another layout is refused, not continued or measured under
 * codes it does not hold. To be changed whenever the layout is.
 */
const LAYOUT =
  'lenders bk0-bk9; accounts the borrower number in base 36, 5 wide; opening batches of 250,000 borrowers, month-end batches of 1,000,000 statements';
/** The lender codes of the layout before LAYOUT was recorded, which a store without DIR/layout may hold. */
const OLD_LENDER = 'bench-bank-%';

function* openingLines(k: number, from: number, to: number): Generator<Record<string, unknown>> {
  for (let b = from; b < to; b++) {
    const borrower = residentId(b);
    yield { kind: 'consent', reference: `C-${b}`, borrower, scope: ['furnishing'], signedOn: '2024-01-10' };
    const type = TYPES[hash32(SEED, 1, b * 16 + k) % TYPES.length]!;
    const amount = 1000 * (5 + (hash32(SEED, 2, b * 16 + k) % 500));
    const line: Record<string, unknown> = {
      kind: 'account',
      account: accountOf(b, k),
      type,
      borrower,
      currency: 'CNY',
      openedOn: '2024-01-15',
      consent: `C-${b}`,
    };
    if (type === 'credit-card' || type === 'revolving-loan') line.limit = amount;
    else line.principal = amount;
    if (type === 'non-revolving-loan') line.termMonths = 36;
    yield line;
    yield { kind: 'notice', account: accountOf(b, k), notifiedOn: '2024-01-15', method: 'contract-clause' };
  }
}

/** Most months current; one account-month in 40 a few days late. As NDJSON lines, written directly. */
function* statementLines(k: number, from: number, to: number, month: string, m: number): Generator<string> {
  for (let b = from; b < to; b++) {
    const balance = 100 * (1 + (hash32(SEED, 3, b * 16 + k) % 5000));
    const late = hash32(SEED, 4 + m, b * 16 + k) % 40 === 0;
    yield `{"kind":"statement","account":"${accountOf(b, k)}","month":"${month}","balance":${balance},"amountDue":50,"amountPaid":${late ? 0 : 50},"daysPastDue":${late ? 12 : 0},"status":"${late ? '1' : 'N'}"}`;
  }
}

/** A lender's batches, in the order it furnishes them: its accounts, then each month's statements. */
function batchesOf(k: number, borrowers: number, months: readonly string[]): Array<{ month: string; lines: () => Iterable<Record<string, unknown> | string> }> {
  const out: Array<{ month: string; lines: () => Iterable<Record<string, unknown> | string> }> = [];
  for (let from = 0; from < borrowers; from += OPENING_CHUNK) {
    const to = Math.min(borrowers, from + OPENING_CHUNK);
    out.push({ month: months[0]!, lines: () => openingLines(k, from, to) });
  }
  for (const [m, month] of months.entries())
    for (let from = 0; from < borrowers; from += STATEMENT_CHUNK) {
      const to = Math.min(borrowers, from + STATEMENT_CHUNK);
      out.push({ month, lines: () => statementLines(k, from, to, month, m) });
    }
  return out;
}

function ndjson(lines: Iterable<Record<string, unknown> | string>): string {
  const parts: string[] = [];
  for (const line of lines) parts.push(typeof line === 'string' ? line : JSON.stringify(line));
  return `${parts.join('\n')}\n`;
}

/**
 * Runs `each` over 0 to `count` - 1, `lanes` at a time (lane k takes k, k + lanes, ...). When one
 * fails, the others stop before their next item (and `stopped` tells a long item to stop early);
 * every failure is thrown, together when there are several.
 */
async function inLanes(count: number, lanes: number, each: (i: number, stopped: () => boolean) => Promise<void>): Promise<void> {
  let stopping = false;
  const stopped = () => stopping;
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(lanes, count) }, async (_, lane) => {
      try {
        for (let i = lane; i < count && !stopping; i += lanes) await each(i, stopped);
      } catch (error) {
        stopping = true;
        throw error;
      }
    }),
  );
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1)
    throw new AggregateError(errors, `${errors.length} lanes failed: ${errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ')}`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const borrowers = Number(args.borrowers ?? 10_000);
  const samples = Number(args.samples ?? 1000);
  // Another draw measures other borrowers than an earlier run on a kept store, whose pages that run read.
  const draw = Number(args.draw ?? 0);
  const vacuum = args.vacuum === true;
  // Compacts the months closed by the report's date before measuring, as the scheduler would: every month, the batches all received after it.
  const compact = args.compact === true;
  // Empties the machine's page cache before each measurement (root only), so that no phase reads what an earlier step left in memory.
  const cold = args.cold === true;
  // Months compacted at a time by --compact.
  const lanes = Number(args['compact-lanes'] ?? 1);
  if (!Number.isInteger(lanes) || lanes < 1) throw new Error(`--compact-lanes ${String(args['compact-lanes'])}: a whole number of lanes, 1 or more`);
  // Lenders loaded at a time (each furnishes its batches in order, as one lender would).
  const loadLanes = Number(args['load-lanes'] ?? 1);
  if (!Number.isInteger(loadLanes) || loadLanes < 1) throw new Error(`--load-lanes ${String(args['load-lanes'])}: a whole number of lanes, 1 or more`);
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const keep = typeof args.keep === 'string' ? args.keep : null;
  // Loads a kept store and stops: a later run measures it, with the code of its own day.
  const loadOnly = args['load-only'] === true;
  if (loadOnly && !keep) throw new Error('--load-only loads a kept store: give --keep DIR');
  // Prepares a kept store (vacuum, compaction, histories) and measures no report.
  const prepareOnly = args['prepare-only'] === true;
  // Scores every person after the reports, beside a read of the same rows.
  const scoreAll = args['score-all'] === true;
  if (scoreAll && prepareOnly) throw new Error('--score-all measures: not with --prepare-only');
  if (prepareOnly && !keep) throw new Error('--prepare-only prepares a kept store: give --keep DIR');
  const database = typeof args.database === 'string' ? args.database : null;
  const minFreeGiB = Number(args['min-free-gib'] ?? 25);
  const months = Array.from({ length: MONTHS }, (_, i) => addMonths(`${LAST_MONTH}-01`, i - MONTHS + 1).slice(0, 7));
  const results: BenchResult[] = [];
  const notes: string[] = [];
  for (const storeName of stores) {
    if (keep && database && storeName === 'postgres') await nameKeptDatabase(stores.length > 1 ? join(keep, storeName) : keep, database);
    const store = await benchStoreOf(storeName, stores, keep);
    // The loading time of a kept store, summed over the runs that loaded it.
    const loadFile = keep ? join(store.dataDir, 'load-seconds') : null;
    let loadedBefore = 0;
    if (keep) {
      // A kept store continues only the load it began: its batches are counted, not compared.
      const file = join(store.dataDir, 'borrowers');
      const fresh = !existsSync(file);
      const kept = fresh ? borrowers : Number(readFileSync(file, 'utf8'));
      if (kept !== borrowers) throw new Error(`the store kept in ${store.dataDir} is loaded for ${kept} borrowers, not ${borrowers}`);
      const layoutFile = join(store.dataDir, 'layout');
      if (existsSync(layoutFile) && readFileSync(layoutFile, 'utf8').trim() !== LAYOUT)
        throw new Error(
          `the store kept in ${store.dataDir} is loaded in another layout (${readFileSync(layoutFile, 'utf8').trim()}), not this one (${LAYOUT})`,
        );
      if (fresh) writeFileSync(layoutFile, `${LAYOUT}\n`);
      writeFileSync(file, `${borrowers}\n`);
      if (existsSync(loadFile!)) loadedBefore = Number(readFileSync(loadFile!, 'utf8'));
      // The commit that began the load, which the store's schema is that of.
      const loadedBy = join(store.dataDir, 'commit');
      if (fresh) writeFileSync(loadedBy, `${commitOf()}\n`);
      if (store.databaseUrl && args.migrate !== true)
        await refuseToMigrate(store.databaseUrl, existsSync(loadedBy) ? readFileSync(loadedBy, 'utf8').trim() : 'not recorded');
    }
    try {
      const platform = await Platform.open(
        loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: SECRET, logLevel: 'silent' }, {}),
        { clock: { now: () => new Date(NOW) } },
      );
      try {
        if (keep && !existsSync(join(store.dataDir, 'layout'))) {
          // Kept before the layout was recorded: its lenders tell which layout it was loaded in.
          const old = await platform.db.query('SELECT code FROM agency WHERE code LIKE $1 LIMIT 1', [OLD_LENDER]);
          if (old.length > 0)
            throw new Error(`the store kept in ${store.dataDir} is loaded in an older layout (lenders ${OLD_LENDER}), not this one (${LAYOUT})`);
          writeFileSync(join(store.dataDir, 'layout'), `${LAYOUT}\n`);
        }
        let t0 = performance.now();
        log(
          `${storeName}: furnishing ${borrowers} borrowers' ${borrowers * ACCOUNTS_PER_BORROWER} accounts at ${LENDERS} lenders and ${MONTHS} months of statements`,
        );
        const disk = storeName === 'postgres' ? await serverDataDirectory(platform.db) : store.dataDir;
        let furnished = 0;
        let statements = 0;
        /** Lender k's batches, one after another, skipping those a kept store holds already, until `stopped`. */
        const loadLender = async (k: number, stopped: () => boolean): Promise<void> => {
          const code = lenderOf(k);
          const lender: AgencyPrincipal = await runWithContext({ requestId: 'bench', actor: { type: 'administrator', id: 'bench' } }, async () => {
            // A kept store has the lender from an earlier run: it gets a key of its own for this one.
            const exists = (await platform.db.query('SELECT 1 FROM agency WHERE code = $1', [code])).length > 0;
            const apiKey = exists
              ? await platform.agencies.issueKey(code)
              : (await platform.agencies.register({ code, name: `Bench bank ${k}`, kind: 'commercial-bank' })).apiKey;
            return platform.agencies.authenticate(apiKey);
          });
          const as = <T>(fn: () => Promise<T>) => runWithContext({ requestId: 'bench', actor: { type: 'agency', id: code } }, fn);
          const batches = batchesOf(k, borrowers, months);
          const done = (await as(() => platform.furnishing.batches(lender))).length;
          for (const [i, batch] of batches.entries()) {
            if (i < done) continue;
            if (stopped()) return;
            // Stops between batches, with the store as complete as its batches, before the disk fills.
            const free = freeGiB(disk);
            if (free < minFreeGiB) throw new Error(`${free.toFixed(1)} GiB left on the disk of ${disk}, below --min-free-gib ${minFreeGiB}: loading stops`);
            const b0 = performance.now();
            const stored = await as(() => platform.furnishing.furnishNdjson(lender, batch.month, ndjson(batch.lines())));
            furnished++;
            statements += stored.counts.statement ?? 0;
            const seconds = (performance.now() - b0) / 1000;
            if (loadFile) writeFileSync(loadFile, `${(loadedBefore + (performance.now() - t0) / 1000).toFixed(1)}\n`);
            log(
              `${storeName}: ${code} batch ${i + 1} of ${batches.length} (${batch.month}, ${stored.lines} lines in ${seconds.toFixed(1)} s; ${free.toFixed(0)} GiB free)`,
            );
          }
        };
        // Lenders furnish apart (each under its own lock), so `loadLanes` of them at a time; when a lane fails, the others stop after their batch.
        await inLanes(LENDERS, loadLanes, loadLender);
        // A run that furnished nothing (a kept store loaded already) adds nothing to the loading time.
        const loadSeconds = furnished > 0 ? (performance.now() - t0) / 1000 : 0;
        if (loadFile && furnished > 0) writeFileSync(loadFile, `${(loadedBefore + loadSeconds).toFixed(1)}\n`);
        log(`${storeName}: ${furnished} batches (${statements} statements) furnished in ${loadSeconds.toFixed(0)} s`);
        if (loadOnly) {
          notes.push(
            `${storeName}: loaded ${borrowers} borrowers into ${store.dataDir} (${furnished} batches in this run, ${loadSeconds.toFixed(0)} s); nothing measured (--load-only)`,
          );
          continue;
        }

        /**
         * Reports of `samples` borrowers and raw reads of as many others, drawn with `salt`; the
         * metrics' names end in `suffix`.
         */
        const measure = async (suffix: string, label: string, salt: number) => {
          // Both phases begin from the disk: the page cache emptied (the server's shared buffers are small beside it).
          if (cold) execFileSync('sh', ['-c', 'sync && echo 3 > /proc/sys/vm/drop_caches']);
          const keys = Array.from({ length: samples }, (_, i) => personKey(hashResidentId(residentId(hash32(SEED + draw + salt, 99, i) % borrowers), SECRET)));
          // Warm the code paths on a few borrowers measured by neither the reports nor the raw reads.
          const warmKeys = Array.from({ length: 20 }, (_, i) => personKey(hashResidentId(residentId(hash32(SEED + draw + salt, 97, i) % borrowers), SECRET)));
          for (const key of warmKeys) await platform.creditReports.report(key, { asOf: AS_OF, months: 24 });
          const report: number[] = [];
          // Counted before the server's CPU is (statementBlocks waits for the counters).
          const blocks = storeName === 'postgres' ? await statementBlocks(platform.db, true) : null;
          // The server's CPU for this database only: its backends and autovacuum workers, and the
          // server's own background processes, not other databases' backends on the same server.
          // The backend is asked for after the wait, which outlasts the pool's idle connections.
          const [backend] =
            storeName === 'postgres'
              ? await platform.db.query<{ pid: number; database: string }>('SELECT pg_backend_pid() AS pid, current_database() AS database')
              : [];
          const server = backend ? serverCpuMeter(backend.pid, backend.database) : null;
          server?.start();
          const cpu = process.cpuUsage();
          for (const key of keys) {
            t0 = performance.now();
            const r = await platform.creditReports.report(key, { asOf: AS_OF, months: 24 });
            report.push(performance.now() - t0);
            if (r.summary.accountCount !== ACCOUNTS_PER_BORROWER)
              throw new Error(`a report shows ${r.summary.accountCount} accounts, not ${ACCOUNTS_PER_BORROWER}`);
          }
          const used = process.cpuUsage(cpu);
          const serverUs = server ? server.stop() : null;
          const cpuMs = (used.user + used.system) / 1000 / samples;
          if (blocks) {
            const after = await statementBlocks(platform.db, true);
            const touched = (after.hit + after.read - blocks.hit - blocks.read) / samples;
            const read = (after.read - blocks.read) / samples;
            results.push(result(storeName, `statement_pages_per_report${suffix}`, touched, 'pages'));
            notes.push(
              `${storeName}${label}: pages of the statements' partitions, the account histories and their indexes a report touched, on average: ${touched.toFixed(1)}, of which ${read.toFixed(1)} not in shared buffers (read from the page cache or the disk)`,
            );
          }
          const serverCpuMs = serverUs === null ? null : serverUs / 1000 / samples;
          // Other borrowers than the reports', drawn alike: a borrower a report just read would be
          // read raw from memory, where the reports met pages not read before.
          const rawKeys = Array.from({ length: samples }, (_, i) =>
            personKey(hashResidentId(residentId(hash32(SEED + draw + salt, 98, i) % borrowers), SECRET)),
          );
          // The rows the layout holds a borrower's months in: with histories, the histories and
          // the statements of the months after them; else every statement.
          const [mark] = await historyMarks(platform.db);
          const raw: number[] = [];
          for (const key of rawKeys) {
            t0 = performance.now();
            await platform.db.query('SELECT * FROM credit_account WHERE borrower_key = $1', [key]);
            if (mark) {
              await platform.db.query('SELECT * FROM credit_account_history WHERE borrower_key = $1', [key]);
              await platform.db.query('SELECT * FROM credit_statement WHERE borrower_key = $1 AND month > $2::date', [key, `${mark.throughMonth}-01`]);
            } else await platform.db.query('SELECT * FROM credit_statement WHERE borrower_key = $1', [key]);
            raw.push(performance.now() - t0);
          }
          report.sort((a, b) => a - b);
          raw.sort((a, b) => a - b);
          log(
            `${storeName}${label}: report p50 ${percentile(report, 50).toFixed(2)} ms, p95 ${percentile(report, 95).toFixed(2)} ms; raw read p95 ${percentile(raw, 95).toFixed(2)} ms`,
          );
          const baseline = {
            name: mark
              ? "a raw read of as many other borrowers drawn alike: each one's account rows, account histories and statements of the months after them"
              : "a raw read of as many other borrowers drawn alike: each one's account rows and all their statement rows",
            value: percentile(raw, 95),
          };
          results.push(result(storeName, `report_p95_ms${suffix}`, percentile(report, 95), 'ms', baseline));
          results.push(result(storeName, `report_p50_ms${suffix}`, percentile(report, 50), 'ms', { name: baseline.name, value: percentile(raw, 50) }));
          results.push(result(storeName, `report_process_cpu_ms${suffix}`, cpuMs, 'ms'));
          if (serverCpuMs !== null) results.push(result(storeName, `report_server_cpu_ms${suffix}`, serverCpuMs, 'ms'));
          return { cpuMs, serverCpuMs };
        };
        if (vacuum) {
          // As autovacuum would after a bulk load: hint bits and the visibility map set, statistics gathered.
          const v0 = performance.now();
          await platform.db.exec('VACUUM (ANALYZE)');
          const vacuumSeconds = (performance.now() - v0) / 1000;
          log(`${storeName}: VACUUM (ANALYZE) in ${vacuumSeconds.toFixed(0)} s`);
          notes.push(`${storeName}: VACUUM (ANALYZE) of the database before measuring took ${vacuumSeconds.toFixed(0)} s`);
        }
        // Before the compaction, the months as furnished, measured on borrowers of their own (a
        // kept store compacted by an earlier run has none left).
        // Closed as the scheduler closes them: no longer due, or each lender's month-end file in.
        const furnishers = await monthEndFurnishers(platform.db, platform.policy.manifest.timeZone);
        const toCompact = compact ? (await statementMonths(platform.db)).filter((m) => !m.compacted && isClosedMonth(m.month, AS_OF, furnishers)).length : 0;
        if (toCompact > 0 && !prepareOnly) await measure('_as_furnished', ' (months as furnished)', 1000);
        if (compact) {
          const c0 = performance.now();
          // The months to compact, in `lanes` lanes of their own (the scheduler compacts one at a time; a store loaded at once has them all to catch up on).
          const pending = (await statementMonths(platform.db)).filter((m) => !m.compacted && isClosedMonth(m.month, AS_OF, furnishers)).map((m) => m.month);
          const months: Array<{ month: string; rows: number; seconds: number }> = [];
          await inLanes(pending.length, lanes, async (i) => {
            const m0 = performance.now();
            const c = await compactMonth(platform.db, pending[i]!, () => new Date(NOW));
            if (c === 'deferred') throw new Error(`compacting ${pending[i]}: the statements table stayed busy`);
            if (!c) return;
            months.push({ ...c, seconds: (performance.now() - m0) / 1000 });
            log(`${storeName}: ${c.month} compacted (${c.rows} statements) in ${((performance.now() - m0) / 1000).toFixed(0)} s`);
          });
          const compactSeconds = (performance.now() - c0) / 1000;
          log(`${storeName}: ${months.length} months compacted in ${compactSeconds.toFixed(0)} s`);
          if (months.length > 0) {
            const each = months.map((m) => m.seconds).sort((a, b) => a - b);
            results.push(result(storeName, 'compaction_seconds_per_month', percentile(each, 50), 's'));
            notes.push(
              `${storeName}: compaction of the ${months.length} months closed by ${AS_OF} (${months.reduce((a, m) => a + m.rows, 0)} statements), ${Math.min(lanes, months.length)} at a time: ${compactSeconds.toFixed(0)} s in all, a month in ${each[0]!.toFixed(0)}-${each.at(-1)!.toFixed(0)} s (median ${percentile(each, 50).toFixed(0)}), each copied in borrower order, indexed, swapped in and vacuumed`,
            );
          }
        }
        if (compact) {
          // Before the histories, the compacted months read themselves (a kept store with histories built has none left).
          if ((await historyMarks(platform.db)).length === 0 && !prepareOnly) await measure('_compacted', ' (closed months compacted, no histories)', 2000);
          const h0 = performance.now();
          const built = await buildAccountHistories(platform.db, () => new Date(NOW));
          if (built === 'deferred') throw new Error('building the account histories: they stayed busy');
          const buildSeconds = (performance.now() - h0) / 1000;
          if (built) {
            log(
              `${storeName}: account histories through ${built.throughMonth} built in ${buildSeconds.toFixed(0)} s (${built.accounts} accounts, ${built.statements} statements)`,
            );
            results.push(result(storeName, 'history_build_seconds', buildSeconds, 's'));
            notes.push(
              `${storeName}: the account histories of the ${built.months.length} compacted months built in ${buildSeconds.toFixed(0)} s: ${built.accounts} histories from ${built.statements} statements (the months' current versions), written anew, indexed, swapped in and vacuumed`,
            );
          }
        }
        if (prepareOnly) {
          notes.push(`${storeName}: prepared in ${store.dataDir}; no report measured (--prepare-only)`);
          continue;
        }
        const { cpuMs, serverCpuMs } = await measure('', compact ? ' (closed months compacted, account histories built)' : '', 0);
        if (scoreAll) {
          // The score of every person, beside the same rows read by the same statements in the
          // same parts with nothing scored; each from the disk when --cold.
          const now = new Date(NOW);
          const asOf = localDate(now, platform.policy.manifest.timeZone);
          const timed = async <T>(fn: () => Promise<T>) => {
            if (cold) execFileSync('sh', ['-c', 'sync && echo 3 > /proc/sys/vm/drop_caches']);
            const cpu = process.cpuUsage();
            const s0 = performance.now();
            const value = await fn();
            const used = process.cpuUsage(cpu);
            return { value, seconds: (performance.now() - s0) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
          };
          const read = await timed(async () => {
            const rows = { inputs: 0, accounts: 0 };
            await forEachScorePart(platform.db, asOf, now, 5000, (p) => {
              rows.inputs += p.inputs.length;
              rows.accounts += p.accounts.length;
            });
            return rows;
          });
          log(
            `${storeName}: read the score inputs, the months after the build and the inquiries in ${read.seconds.toFixed(1)} s (${read.value.inputs} persons' inputs, ${read.value.accounts} accounts read whole)`,
          );
          const scored = await timed(() => scoreEveryPerson(platform.db, platform.policy, now));
          log(`${storeName}: scored ${scored.value.persons} persons in ${scored.seconds.toFixed(1)} s: ${JSON.stringify(scored.value.bands)}`);
          results.push(
            result(storeName, 'score_every_person_seconds', scored.seconds, 's', {
              name: 'the same rows read by the same statements, a part at a time in one snapshot, nothing joined or scored',
              value: read.seconds,
            }),
          );
          notes.push(
            `${storeName}: scored ${scored.value.persons} persons (${scored.value.accounts} accounts) as of ${asOf} in ${scored.seconds.toFixed(1)} s, ${scored.cpuSeconds.toFixed(1)} s of this process's CPU; read alone in ${read.seconds.toFixed(1)} s (${read.cpuSeconds.toFixed(1)} s of CPU; ${read.value.inputs} persons from their score inputs, ${read.value.accounts} accounts read whole); by band ${JSON.stringify(scored.value.bands)}, not scored ${JSON.stringify(scored.value.notScored)}`,
          );
        }
        const loadedIn = loadedBefore + loadSeconds;
        results.push(result(storeName, 'load_seconds', loadedIn, 's'));
        const sizes = storeName === 'postgres' ? await tableSizes(platform.db) : [];
        notes.push(
          `${storeName}: loading ${borrowers} borrowers through the furnishing service took ${loadedIn.toFixed(0)} s in all (${furnished} batches, ${statements} statements, ${loadSeconds.toFixed(0)} s in this run); CPU per report: ${cpuMs.toFixed(2)} ms of this process${storeName === 'pglite' ? ' (PGlite runs in this process)' : ''}${serverCpuMs === null ? '' : `, ${serverCpuMs.toFixed(2)} ms of the PostgreSQL server's processes for this database (its backends and autovacuum workers, and the server's background processes, which other databases' writes share)`}`,
        );
        if (sizes.length > 0)
          notes.push(
            `${storeName}: database ${(sizes.reduce((a, t) => a + t.bytes, 0) / 2 ** 30).toFixed(1)} GiB; tables with their indexes (partitions summed): ${sizes
              .slice(0, 8)
              .map((t) => `${t.table} ${(t.bytes / 2 ** 30).toFixed(2)} GiB`)
              .join(', ')}`,
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
      `report_p*_ms: CreditReportService.report for one person (${ACCOUNTS_PER_BORROWER} accounts, ${MONTHS} months each, 24-month grid, as of ${AS_OF}), sequentially, for ${samples} borrowers drawn at random: the current version of each account and account-month among the batches received by the report date, the guarantees, inquiries, public records (the subject's projection) and annotations, assembled.`,
      'baseline: as many other borrowers drawn alike, each read raw by borrower key (all versions, no batch join): its account rows and its statement rows, two queries; once the account histories are built, its account rows, its histories and its statements of the months after them, three.',
      ...notes,
    ],
    bench: 'credit-report',
    date: new Date().toISOString(),
    machine: machine(),
    params: {
      borrowers,
      accountsPerBorrower: ACCOUNTS_PER_BORROWER,
      months: MONTHS,
      samples,
      draw,
      loadLanes,
      vacuum,
      compact,
      cold,
      stores,
      seed: SEED,
      commit: commitOf(),
    },
    results,
  };
}

/**
 * Pages of the statements' partitions, the account histories and their indexes found in shared buffers (hit) and not
 * (read), summed over the server's counters. `settled` waits first for every backend of the
 * platform's pool to report its counts, which an idle backend does within ten seconds.
 */
async function statementBlocks(db: Database, settled = false): Promise<{ hit: number; read: number }> {
  if (settled) await new Promise((r) => setTimeout(r, 11_000));
  const [r] = await db.query<{ hit: number; read: number }>(
    `SELECT pg_stat_clear_snapshot(), coalesce(sum(coalesce(heap_blks_hit, 0) + coalesce(idx_blks_hit, 0)), 0)::bigint AS hit,
            coalesce(sum(coalesce(heap_blks_read, 0) + coalesce(idx_blks_read, 0)), 0)::bigint AS read
       FROM pg_statio_user_tables WHERE relname LIKE 'credit\\_statement\\_y%' OR relname = 'credit_account_history'`,
  );
  return { hit: Number(r!.hit), read: Number(r!.read) };
}

/** Names the PostgreSQL database a kept store in DIR uses, creating it when it does not exist. */
async function nameKeptDatabase(dir: string, name: string): Promise<void> {
  if (!/^xinyong_bench_[a-z0-9_]+$/.test(name)) throw new Error(`--database ${name}: a benchmark's database is named xinyong_bench_*`);
  const file = join(dir, 'database');
  const recorded = existsSync(file);
  if (recorded) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept !== name) throw new Error(`the store kept in ${dir} is the database ${kept}, not ${name}`);
  }
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows.length === 0) {
      // A new database under a directory that records the old one's load would continue a load it does not hold.
      if (recorded) throw new Error(`the database ${name} of the store kept in ${dir} is gone: remove ${dir} to begin a new store`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.end();
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${name}\n`);
}

/**
 * Refuses a kept PostgreSQL store that this code would migrate when it opens it: at a million
 * borrowers a migration that rewrites the statements takes hours and their size again on disk.
 * Such a store is measured by the commit that loaded it, or migrated on purpose with --migrate.
 */
async function refuseToMigrate(url: string, loadedBy: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('schema_migration') IS NOT NULL AS present");
    if (!table.rows[0].present) return;
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migration')).rows.map((r) => Number(r.version)));
    const pending = listMigrations().filter((m) => !done.has(m.version));
    if (pending.length > 0)
      throw new Error(
        `the kept store would be migrated (${pending.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`).join(', ')}): run this benchmark from the commit that loaded it (${loadedBy}), or pass --migrate`,
      );
  } finally {
    await client.end();
  }
}

/** The server's data directory when the server runs on this machine (it shares its disk), else this directory. */
async function serverDataDirectory(db: Database): Promise<string> {
  try {
    const [row] = await db.query<{ data_directory: string }>('SHOW data_directory');
    if (row && existsSync(row.data_directory)) return row.data_directory;
  } catch {
    // not a superuser: the server's directory is not shown
  }
  return '.';
}

function freeGiB(path: string): number {
  const s = statfsSync(path);
  return (s.bavail * s.bsize) / 2 ** 30;
}

/** Each table's bytes with its indexes and TOAST, a partitioned table's partitions summed in, largest first. */
async function tableSizes(db: Database): Promise<Array<{ table: string; bytes: number }>> {
  const rows = await db.query<{ table: string; bytes: string }>(
    `SELECT coalesce(i.inhparent::regclass::text, c.relname) AS table, sum(pg_total_relation_size(c.oid))::text AS bytes
       FROM pg_class c LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
      WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
      GROUP BY 1 ORDER BY sum(pg_total_relation_size(c.oid)) DESC`,
  );
  return rows.map((r) => ({ table: r.table, bytes: Number(r.bytes) }));
}

/** The commit of the code that ran, with "+changes" when the working tree differs from it. */
function commitOf(): string {
  try {
    const at = { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' as const };
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], at).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench/credit-report.bench.ts'], at).trim() !== '';
    return changed ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
