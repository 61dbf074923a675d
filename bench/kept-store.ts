// A benchmark's store kept between runs, for benchmarks whose data takes minutes to build: a
// PGlite directory, or on PostgreSQL a database whose name is kept in the directory.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ADMIN_URL, freshBenchStore, type BenchStore } from './lib.ts';

/** A store kept in DIR between runs; on PostgreSQL its database's name is kept in DIR/database. */
export async function keptBenchStore(name: 'pglite' | 'postgres', dir: string): Promise<BenchStore> {
  const dataDir = resolve(dir);
  mkdirSync(dataDir, { recursive: true });
  const keep = async () => undefined;
  if (name === 'pglite') return { name, dataDir, databaseUrl: undefined, cleanup: keep };
  const file = join(dataDir, 'database');
  let db = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const exists = db !== '' && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])).rows.length > 0;
    // What DIR keeps beside the name (a load's progress) belongs to that database: a new one
    // under the same DIR would be taken for it.
    if (!exists && db !== '') throw new Error(`the database ${db} of the store kept in ${dataDir} is gone: remove ${dataDir} to begin a new store`);
    if (!exists) {
      db = `xinyong_bench_kept_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${db}`);
      writeFileSync(file, `${db}\n`);
    }
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  return { name, dataDir, databaseUrl: url.toString(), cleanup: keep };
}

/**
 * The store a benchmark with `--keep DIR` runs on: kept in DIR (in DIR/NAME when it runs on
 * several stores), or a fresh one without it.
 */
export async function benchStoreOf(name: 'pglite' | 'postgres', stores: readonly string[], keep: string | null): Promise<BenchStore> {
  return keep ? keptBenchStore(name, stores.length > 1 ? join(keep, name) : keep) : freshBenchStore(name);
}
