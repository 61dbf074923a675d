// The stores every storage test runs on: PGlite and a real PostgreSQL, and for the storage
// conformance and HTTP end-to-end suites a Citus cluster too when one answers (test/support/citus.ts:
// skipped with the reason when none does, a failure when XINYONG_REQUIRE_CITUS=1, as in CI). Each
// test suite gets a fresh PostgreSQL database, dropped afterwards. PostgreSQL is required unless
// XINYONG_TEST_SKIP_POSTGRES=1 (CI sets it only for its second run, on Node.js 24, after the full one).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freshCitusStore, probeCitus } from './citus.ts';

export type TestStore = 'pglite' | 'postgres';

/** A store a test may open: those of STORES, or a database on the local Citus cluster (test/support/citus.ts). */
export type AnyTestStore = TestStore | 'citus';

export const ADMIN_URL = process.env.XINYONG_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const STORES: TestStore[] = process.env.XINYONG_TEST_SKIP_POSTGRES === '1' ? ['pglite'] : ['pglite', 'postgres'];

/**
 * The stores of the storage conformance suites and the HTTP end-to-end suites: STORES, and Citus
 * when a cluster answers. Suites about one engine (PGlite's durability, its thread) or about
 * stores of earlier releases iterate over STORES.
 */
export const ALL_STORES: AnyTestStore[] = (await probeCitus()).ok ? [...STORES, 'citus'] : STORES;

export interface StoreLocation {
  store: AnyTestStore;
  dataDir: string;
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

/** A fresh, empty place to keep data: a temporary PGlite directory or a new PostgreSQL database. */
export async function freshStore(store: AnyTestStore): Promise<StoreLocation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xinyong-test-'));
  if (store === 'pglite') {
    return { store, dataDir, databaseUrl: undefined, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  if (store === 'citus') {
    rmSync(dataDir, { recursive: true, force: true });
    return { store, ...(await freshCitusStore()) };
  }
  const name = `xinyong_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is required for the storage tests and is not reachable at ${ADMIN_URL} (${(err as Error).message}). ` +
        'Start it (pg_ctlcluster ... main start), point XINYONG_TEST_DATABASE_URL at one, or set XINYONG_TEST_SKIP_POSTGRES=1 to skip.',
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    store,
    dataDir,
    databaseUrl: url.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
