// Credit report: the p95 of assembling one person's financial credit report (10 accounts, 24
// months of statements each, the 24-month grid) at N borrowers, on PGlite and PostgreSQL, each
// beside a raw read of the same rows (the borrower's accounts and every statement of them, no
// versions, no as-of) in the same run. The data goes in through the furnishing service, untimed:
// each borrower has one account at each of 10 lenders, and each lender furnishes its accounts,
// then a month-end file for each of the 24 months, as NDJSON batches of at most 250,000
// borrowers. With `--keep DIR` the store stays in DIR and a later run continues the loading
// where the last one stopped (a lender's batches are all or nothing, and a batch furnished again
// identically stores nothing), so a million borrowers can be loaded over several runs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { runWithContext } from '../src/kernel/request-context.ts';
import type { AgencyPrincipal } from '../src/kernel/principal.ts';
import { addMonths } from '../src/domain/dates.ts';
import { hashResidentId, residentIdCheckCharacter } from '../src/domain/ids/resident-id.ts';
import { personKey } from '../src/domain/records.ts';
import { hash32 } from '../src/synthetic/random.ts';
import { log, machine, result, type BenchReport, type BenchResult } from './lib.ts';
import { benchStoreOf } from './kept-store.ts';

const SEED = 20261205;
const SECRET = 'bench';
const ACCOUNTS_PER_BORROWER = 10;
/** Borrower b's account k is held by lender k. */
const LENDERS = ACCOUNTS_PER_BORROWER;
/** Borrowers per batch: a batch's NDJSON text stays well under a string's limit. */
const CHUNK = 250_000;
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

const accountOf = (b: number, k: number) => `B${b}-${k}`;

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

/** Most months current; one account-month in 40 a few days late. */
function* statementLines(k: number, from: number, to: number, month: string, m: number): Generator<Record<string, unknown>> {
  for (let b = from; b < to; b++) {
    const balance = 100 * (1 + (hash32(SEED, 3, b * 16 + k) % 5000));
    const late = hash32(SEED, 4 + m, b * 16 + k) % 40 === 0;
    yield {
      kind: 'statement',
      account: accountOf(b, k),
      month,
      balance,
      amountDue: 50,
      amountPaid: late ? 0 : 50,
      daysPastDue: late ? 12 : 0,
      status: late ? '1' : 'N',
    };
  }
}

/** A lender's batches, in the order it furnishes them: its accounts, then each month's statements. */
function batchesOf(k: number, borrowers: number, months: readonly string[]): Array<{ month: string; lines: () => Iterable<Record<string, unknown>> }> {
  const out: Array<{ month: string; lines: () => Iterable<Record<string, unknown>> }> = [];
  for (let from = 0; from < borrowers; from += CHUNK) {
    const to = Math.min(borrowers, from + CHUNK);
    out.push({ month: months[0]!, lines: () => openingLines(k, from, to) });
  }
  for (const [m, month] of months.entries())
    for (let from = 0; from < borrowers; from += CHUNK) {
      const to = Math.min(borrowers, from + CHUNK);
      out.push({ month, lines: () => statementLines(k, from, to, month, m) });
    }
  return out;
}

function ndjson(lines: Iterable<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const line of lines) parts.push(JSON.stringify(line));
  return `${parts.join('\n')}\n`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const borrowers = Number(args.borrowers ?? 10_000);
  const samples = Number(args.samples ?? 1000);
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const keep = typeof args.keep === 'string' ? args.keep : null;
  const months = Array.from({ length: MONTHS }, (_, i) => addMonths(`${LAST_MONTH}-01`, i - MONTHS + 1).slice(0, 7));
  const results: BenchResult[] = [];
  const notes: string[] = [];
  for (const storeName of stores) {
    const store = await benchStoreOf(storeName, stores, keep);
    if (keep) {
      // A kept store continues only the load it began: its batches are counted, not compared.
      const file = join(store.dataDir, 'borrowers');
      const kept = existsSync(file) ? Number(readFileSync(file, 'utf8')) : borrowers;
      if (kept !== borrowers) throw new Error(`the store kept in ${store.dataDir} is loaded for ${kept} borrowers, not ${borrowers}`);
      writeFileSync(file, `${borrowers}\n`);
    }
    try {
      const platform = await Platform.open(
        loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: SECRET, logLevel: 'silent' }, {}),
        { clock: { now: () => new Date(NOW) } },
      );
      try {
        let t0 = performance.now();
        log(`${storeName}: furnishing ${borrowers} borrowers' ${borrowers * ACCOUNTS_PER_BORROWER} accounts at ${LENDERS} lenders and ${MONTHS} months of statements (untimed)`);
        let furnished = 0;
        for (let k = 0; k < LENDERS; k++) {
          const code = `bench-bank-${k}`;
          const lender: AgencyPrincipal = await runWithContext({ requestId: 'bench', actor: { type: 'administrator', id: 'bench' } }, async () => {
            // A kept store has the lender from an earlier run: it gets a key of its own for this one.
            const exists = (await platform.db.query('SELECT 1 FROM agency WHERE code = $1', [code])).length > 0;
            const apiKey = exists ? await platform.agencies.issueKey(code) : (await platform.agencies.register({ code, name: `Bench bank ${k}`, kind: 'commercial-bank' })).apiKey;
            return platform.agencies.authenticate(apiKey);
          });
          const as = <T>(fn: () => Promise<T>) => runWithContext({ requestId: 'bench', actor: { type: 'agency', id: code } }, fn);
          const batches = batchesOf(k, borrowers, months);
          const done = (await as(() => platform.furnishing.batches(lender))).length;
          for (const [i, batch] of batches.entries()) {
            if (i < done) continue;
            const stored = await as(() => platform.furnishing.furnishNdjson(lender, batch.month, ndjson(batch.lines())));
            furnished++;
            log(`${storeName}: ${code} batch ${i + 1} of ${batches.length} (${batch.month}, ${stored.lines} lines)`);
          }
        }
        const loadSeconds = (performance.now() - t0) / 1000;
        log(`${storeName}: ${furnished} batches furnished in ${loadSeconds.toFixed(0)} s`);

        const keys = Array.from({ length: samples }, (_, i) => personKey(hashResidentId(residentId(hash32(SEED, 99, i) % borrowers), SECRET)));
        // Warm both paths on a few borrowers first.
        for (const key of keys.slice(0, 20)) await platform.creditReports.report(key, { asOf: AS_OF, months: 24 });
        const report: number[] = [];
        const cpu = process.cpuUsage();
        for (const key of keys) {
          t0 = performance.now();
          const r = await platform.creditReports.report(key, { asOf: AS_OF, months: 24 });
          report.push(performance.now() - t0);
          if (r.summary.accountCount !== ACCOUNTS_PER_BORROWER)
            throw new Error(`a report shows ${r.summary.accountCount} accounts, not ${ACCOUNTS_PER_BORROWER}`);
        }
        const used = process.cpuUsage(cpu);
        const cpuMs = (used.user + used.system) / 1000 / samples;
        const raw: number[] = [];
        for (const key of keys) {
          t0 = performance.now();
          const accounts = await platform.db.query<{ furnisher: string; account_id: string }>('SELECT * FROM credit_account WHERE borrower_key = $1', [key]);
          await platform.db.query(
            'SELECT * FROM credit_statement WHERE (furnisher, account_id) IN (SELECT f, a FROM unnest($1::text[], $2::text[]) AS x(f, a))',
            [accounts.map((a) => a.furnisher), accounts.map((a) => a.account_id)],
          );
          raw.push(performance.now() - t0);
        }
        report.sort((a, b) => a - b);
        raw.sort((a, b) => a - b);
        log(
          `${storeName}: report p50 ${percentile(report, 50).toFixed(2)} ms, p95 ${percentile(report, 95).toFixed(2)} ms; raw read p95 ${percentile(raw, 95).toFixed(2)} ms`,
        );
        const baseline = { name: "a raw read of the borrower's account rows and all their statement rows", value: percentile(raw, 95) };
        results.push(result(storeName, 'report_p95_ms', percentile(report, 95), 'ms', baseline));
        results.push(result(storeName, 'report_p50_ms', percentile(report, 50), 'ms', { name: baseline.name, value: percentile(raw, 50) }));
        notes.push(
          `${storeName}: loading ${borrowers} borrowers through the furnishing service (${furnished} batches in this run) took ${loadSeconds.toFixed(0)} s; CPU of this process per report ${cpuMs.toFixed(2)} ms${storeName === 'pglite' ? ' (PGlite runs in this process)' : ''}`,
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
      'baseline: the same borrower read raw: its account rows by borrower key and every statement row of them (all versions, no batch join), two queries.',
      ...notes,
    ],
    bench: 'credit-report',
    date: new Date().toISOString(),
    machine: machine(),
    params: { borrowers, accountsPerBorrower: ACCOUNTS_PER_BORROWER, months: MONTHS, samples, stores, seed: SEED },
    results,
  };
}
