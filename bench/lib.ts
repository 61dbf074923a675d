// Shared pieces of the benchmarks: the machine description, fresh stores, progress on stderr,
// and the report format every benchmark prints (its last line on stdout) and saves.
import { cpus, totalmem, hostname } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freshCitusBenchStore } from './citus-bench-store.ts';

/**
 * The stores a benchmark runs on: PGlite, PostgreSQL, and the local Citus cluster with every
 * worker it knows (`citus`), with its first worker alone (`citus1`) or its first two (`citus2`).
 */
export const BENCH_STORES = ['pglite', 'postgres', 'citus', 'citus1', 'citus2'] as const;
export type BenchStoreName = (typeof BENCH_STORES)[number];
export type StoreName = BenchStoreName | 'memory';

/** The store names of a --stores list, refused when one is unknown. */
export function benchStoreNames(list: string): BenchStoreName[] {
  const names = list.split(',').filter(Boolean);
  for (const n of names) if (!(BENCH_STORES as readonly string[]).includes(n)) throw new Error(`unknown store ${n}; the stores are ${BENCH_STORES.join(', ')}`);
  return names as BenchStoreName[];
}

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

/** One server of a store and the store's database on it: PostgreSQL's, or a Citus node's. */
export interface BenchNode {
  /** `postgres`, `coordinator`, `worker1`, ... */
  name: string;
  databaseUrl: string;
}

export interface BenchStore {
  name: StoreName;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The servers holding the store (none for PGlite), the coordinator first on Citus. */
  nodes?: BenchNode[];
  cleanup(): Promise<void>;
}

/**
 * A fresh PGlite directory, a fresh PostgreSQL database, or a fresh database on the Citus
 * cluster (`citusShards`: its shard count, Citus's default when undefined), removed by cleanup().
 */
export async function freshBenchStore(name: BenchStoreName, options: { citusShards?: number } = {}): Promise<BenchStore> {
  if (name === 'citus' || name === 'citus1' || name === 'citus2')
    return freshCitusBenchStore(name, name === 'citus' ? null : Number(name.slice('citus'.length)), options.citusShards);
  const dataDir = mkdtempSync(join(tmpdir(), `xinyong-bench-${name}-`));
  if (name === 'pglite') return { name, dataDir, databaseUrl: undefined, nodes: [], cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
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
    nodes: [{ name: 'postgres', databaseUrl: url.toString() }],
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
