// Numbered, forward-only SQL migrations (migrations/NNNN_name.sql), the pending ones applied in
// order in one transaction, each recorded with a checksum so an edited migration is noticed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Queryable } from './database.ts';
import { ADVISORY_LOCK } from '../kernel/constants.ts';
import { refuseBrokenChain } from './legacy-chain.ts';
import { citusPresent, distributeOnCitus } from './citus.ts';
import { splitStatements } from './sql-statements.ts';

/**
 * What must hold before a migration is applied. Migration 18 replaces the single hash chain of
 * earlier releases with logs: a broken chain is refused before the schema changes under it.
 */
const PRECONDITIONS: Record<number, (tx: Queryable) => Promise<void>> = { 18: refuseBrokenChain };

const DIR = join(import.meta.dirname, 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(DIR, f), 'utf8');
      return { version: Number(f.slice(0, 4)), name: f.slice(5, -4), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * What converts data the SQL cannot, by the version whose migration needs it: it runs when that
 * migration is applied, after the SQL of every migration pending (in the migrations' transaction).
 */
export type AfterMigration = Partial<Record<number, (tx: Queryable) => Promise<void>>>;

/**
 * Applies the migrations not applied yet, in order, all in one transaction: a failure in any
 * (its SQL, its precondition, or `after`, which converts data the SQL cannot once every pending
 * migration's SQL has run) leaves the store at the version it had, so that the release that wrote it still opens
 * it. `upTo` stops after that version (tests of a later migration).
 */
export async function migrate(db: Database, options: { upTo?: number; after?: AfterMigration } = {}): Promise<{ applied: string[] }> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  return db.transaction(async (tx) => {
    // Serialise concurrent migrators (two servers starting on one PostgreSQL).
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.migrations]);
    const done = new Map((await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migration')).map((r) => [r.version, r.checksum]));
    const applied: string[] = [];
    // A Citus coordinator refuses a script of several statements that touches a distributed
    // table, so there a migration runs one statement at a time.
    const citus = await citusPresent(tx);
    const conversions: Array<(tx: Queryable) => Promise<void>> = [];
    for (const m of listMigrations().filter((m) => options.upTo === undefined || m.version <= options.upTo)) {
      const checksum = done.get(m.version);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new Error(`migration ${m.version} (${m.name}) was changed after it was applied; migrations are forward-only: add a new one instead`);
        }
        continue;
      }
      await PRECONDITIONS[m.version]?.(tx);
      if (citus) for (const statement of splitStatements(m.sql)) await tx.exec(statement);
      else await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      applied.push(`${m.version}_${m.name}`);
      if (options.after?.[m.version]) conversions.push(options.after[m.version]!);
    }
    // A conversion is code of this release, written against the latest schema: it runs once
    // every pending migration's SQL has (a later migration may change a table it writes).
    for (const convert of conversions) await convert(tx);
    // On a Citus coordinator the tables are then spread over the workers (citus.ts).
    if (options.upTo === undefined && citus) await distributeOnCitus(tx);
    return { applied };
  });
}
