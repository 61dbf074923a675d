// Credit report: the p95 of assembling one person's financial credit report (10 accounts, 24
// months of statements each, the 24-month grid) at N borrowers, on PGlite and PostgreSQL, each
// beside a raw read of the same rows (the borrower's accounts and every statement of them, no
// versions, no as-of) in the same run. The data goes in through the furnishing service (the
// accounts batch, then a month-end batch for each of the 24 months), untimed.
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { runWithContext } from '../src/kernel/request-context.ts';
import type { AgencyPrincipal } from '../src/kernel/principal.ts';
import { addMonths } from '../src/domain/dates.ts';
import { hashResidentId, residentIdCheckCharacter } from '../src/domain/ids/resident-id.ts';
import { personKey } from '../src/domain/records.ts';
import { hash32 } from '../src/synthetic/random.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';

const SEED = 20261205;
const SECRET = 'bench';
const ACCOUNTS_PER_BORROWER = 10;
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

function* openingLines(n: number): Generator<Record<string, unknown>> {
  for (let b = 0; b < n; b++) {
    const borrower = residentId(b);
    yield { kind: 'consent', reference: `C-${b}`, borrower, scope: ['furnishing'], signedOn: '2024-01-10' };
    for (let k = 0; k < ACCOUNTS_PER_BORROWER; k++) {
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
}

/** Most months current; one account-month in 40 a few days late. */
function* statementLines(n: number, month: string, m: number): Generator<Record<string, unknown>> {
  for (let b = 0; b < n; b++)
    for (let k = 0; k < ACCOUNTS_PER_BORROWER; k++) {
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

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const borrowers = Number(args.borrowers ?? 10_000);
  const samples = Number(args.samples ?? 1000);
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const months = Array.from({ length: MONTHS }, (_, i) => addMonths(`${LAST_MONTH}-01`, i - MONTHS + 1).slice(0, 7));
  const results: BenchResult[] = [];
  const notes: string[] = [];
  for (const storeName of stores) {
    const store = await freshBenchStore(storeName);
    try {
      const platform = await Platform.open(
        loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: SECRET, logLevel: 'silent' }, {}),
        { clock: { now: () => new Date(NOW) } },
      );
      try {
        const lender: AgencyPrincipal = await runWithContext({ requestId: 'bench', actor: { type: 'administrator', id: 'bench' } }, async () => {
          const { apiKey } = await platform.agencies.register({ code: 'bench-bank', name: 'Bench bank', kind: 'commercial-bank' });
          return platform.agencies.authenticate(apiKey);
        });
        const as = <T>(fn: () => Promise<T>) => runWithContext({ requestId: 'bench', actor: { type: 'agency', id: lender.code } }, fn);
        const furnish = (month: string, lines: Iterable<Record<string, unknown>>) =>
          as(() =>
            platform.furnishing.furnish(
              lender,
              month,
              Array.from(lines, (value, i) => ({ line: i + 1, value })),
            ),
          );

        let t0 = performance.now();
        log(`${storeName}: furnishing ${borrowers} borrowers' ${borrowers * ACCOUNTS_PER_BORROWER} accounts and ${MONTHS} months of statements (untimed)`);
        await furnish(months[0]!, openingLines(borrowers));
        for (const [m, month] of months.entries()) await furnish(month, statementLines(borrowers, month, m));
        const loadSeconds = (performance.now() - t0) / 1000;
        log(`${storeName}: loaded in ${loadSeconds.toFixed(0)} s`);

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
          `${storeName}: loading ${borrowers} borrowers through the furnishing service took ${loadSeconds.toFixed(0)} s; CPU of this process per report ${cpuMs.toFixed(2)} ms${storeName === 'pglite' ? ' (PGlite runs in this process)' : ''}`,
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
