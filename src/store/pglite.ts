// The embedded store: PGlite (PostgreSQL compiled to WebAssembly) in a local data directory,
// guarded by a lock file so that only one process opens it.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { TYPE_PARSERS, type Database, type Queryable, type Row } from './database.ts';
import { lockDataDirectory, type DirectoryLock } from './lock.ts';

function wrapTx(tx: Transaction): Queryable {
  return {
    async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      const r = await tx.query<R>(sql, params as unknown[] | undefined);
      return r.rows;
    },
    async exec(sql: string): Promise<void> {
      await tx.exec(sql);
    },
    copyIn: (table, columns, text) => copyInto(tx, table, columns, text),
    copyOut: (query) => copyOutOf(tx, query),
  };
}

// PGlite has no COPY FROM STDIN; it reads COPY input from a blob at the path /dev/blob.
async function copyInto(q: PGlite | Transaction, table: string, columns: readonly string[], text: string): Promise<void> {
  if (text.length === 0) return;
  await q.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
}

// ... and writes COPY output to a blob at the same path, returned with the result.
async function copyOutOf(q: PGlite | Transaction, query: string): Promise<string> {
  const r = await q.query(`COPY (${query}) TO '/dev/blob'`);
  return r.blob ? await r.blob.text() : '';
}

export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly location: string;

  private constructor(
    private readonly db: PGlite,
    private readonly lock: DirectoryLock | null,
    location: string,
  ) {
    this.location = location;
  }

  /**
   * Opens (creating if needed) a data directory. `relaxedDurability` lets a query return before
   * its pages reach the file system: only for bulk loads that are redone from scratch on failure.
   */
  static async open(dir: string | null, options: { relaxedDurability?: boolean } = {}): Promise<PgliteDatabase> {
    let lock: DirectoryLock | null = null;
    let dataDir: string | undefined;
    if (dir !== null) {
      dataDir = resolve(dir);
      mkdirSync(dataDir, { recursive: true });
      lock = lockDataDirectory(dataDir);
    }
    try {
      const db = await PGlite.create({
        ...(dataDir ? { dataDir: `${dataDir}/pgdata` } : {}),
        extensions: { pg_trgm },
        parsers: TYPE_PARSERS,
        ...(options.relaxedDurability ? { relaxedDurability: true } : {}),
      });
      return new PgliteDatabase(db, lock, dataDir ? `pglite:${dataDir}` : 'pglite:memory');
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const r = await this.db.query<R>(sql, params as unknown[] | undefined);
    return r.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  copyIn(table: string, columns: readonly string[], text: string): Promise<void> {
    return copyInto(this.db, table, columns, text);
  }

  copyOut(query: string): Promise<string> {
    return copyOutOf(this.db, query);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(wrapTx(tx)));
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  // PGlite is one session in this process: it delivers its own notifications, at commit.
  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    const unlisten = await this.db.listen(channel, onMessage);
    return async () => {
      if (!this.db.closed) await unlisten();
    };
  }

  async close(): Promise<void> {
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
