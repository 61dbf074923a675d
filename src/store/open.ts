// Chooses the store: PostgreSQL when a database URL is configured, otherwise PGlite in the
// data directory. Opening always brings the schema up to date.
import type { Database } from './database.ts';
import { migrate, type AfterMigration } from './migrate.ts';
import { PgliteDatabase } from './pglite.ts';
import { PgliteThreadDatabase } from './pglite-thread.ts';
import { PostgresDatabase } from './postgres.ts';

export interface StoreOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | null | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number | undefined;
  /** PGlite only: run the store on a thread of its own, not on the event loop's. */
  pgliteThread?: boolean | undefined;
  /** PGlite only: answer before pages reach the file system (bulk loads redone on failure). */
  bulkLoad?: boolean | undefined;
  /** Data conversions that run inside a migration's transaction (see migrate). */
  afterMigration?: AfterMigration | undefined;
}

export async function openDatabase(options: StoreOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await PostgresDatabase.open(options.databaseUrl, options.poolSize ? { max: options.poolSize } : {})
    : await (options.pgliteThread ? PgliteThreadDatabase : PgliteDatabase).open(options.dataDir ?? null, { relaxedDurability: options.bulkLoad ?? false });
  try {
    await migrate(db, { after: options.afterMigration });
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
