// Shared pieces of the benchmarks: the machine description, fresh stores, progress on stderr,
// and the report format every benchmark prints (its last line on stdout) and saves.
import { cpus, totalmem, hostname } from 'node:os';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type StoreName = 'pglite' | 'postgres' | 'memory';

export interface BenchResult {
  store: StoreName;
  metric: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  ratio?: number;
}

export interface BenchReport {
  bench: string;
  date: string;
  machine: { cpus: number; cpuModel: string; memGiB: number; node: string; host: string };
  params: Record<string, unknown>;
  results: BenchResult[];
  notes?: string[];
}

export function machine(): BenchReport['machine'] {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    host: hostname(),
  };
}

export function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

export function result(store: StoreName, metric: string, value: number, unit: string, baseline?: { name: string; value: number }): BenchResult {
  const r: BenchResult = { store, metric, value: round(value), unit };
  if (baseline) {
    r.baseline = { name: baseline.name, value: round(baseline.value) };
    r.ratio = Math.round((value / baseline.value) * 1000) / 1000;
  }
  return r;
}

function round(v: number): number {
  return v >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
}

export const ADMIN_URL = process.env.XINYONG_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchStore {
  name: StoreName;
  dataDir: string;
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

/** A fresh PGlite directory or a fresh PostgreSQL database, removed by cleanup(). */
export async function freshBenchStore(name: 'pglite' | 'postgres'): Promise<BenchStore> {
  const dataDir = mkdtempSync(join(tmpdir(), `xinyong-bench-${name}-`));
  if (name === 'pglite') return { name, dataDir, databaseUrl: undefined, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const db = `xinyong_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  return {
    name,
    dataDir,
    databaseUrl: url.toString(),
    async cleanup() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function saveReport(report: BenchReport): string {
  const dir = resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${report.bench}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

/** Parses --name value and --flag arguments. */
export function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out[a.slice(2)] = next;
      i++;
    } else out[a.slice(2)] = true;
  }
  return out;
}

/**
 * CPU time (µs) used so far by this machine's PostgreSQL server processes, read from /proc; null
 * where there is no /proc or no such process (a server elsewhere). Counts user and system time of
 * the processes alive when read and of the children they have reaped (a backend that exits
 * between two readings is counted in its postmaster's), in clock ticks of 10 ms (USER_HZ on
 * Linux): compare two readings over seconds.
 */
export function postgresServerCpuUs(): number | null {
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  let ticks = 0;
  let found = false;
  for (const pid of dirs) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (name !== 'postgres' && name !== 'postmaster') continue;
    found = true;
    // Fields after the name: state is the 1st, then utime, stime, cutime, cstime the 12th-15th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return found ? ticks * 10_000 : null;
}
