// The server store: PostgreSQL through node-postgres, selected by DATABASE_URL.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { TYPE_PARSERS, type Database, type Queryable, type Row } from './database.ts';

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const own = TYPE_PARSERS[oid];
    if (own && format !== 'binary') return own;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres:(unparseable url)';
  }
}

async function copyInto(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[], text: string): Promise<void> {
  if (text.length === 0) return;
  await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

async function copyOutOf(client: pg.PoolClient | pg.Client, query: string): Promise<string> {
  const chunks: Buffer[] = [];
  const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private listenClient: pg.Client | null = null;
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();

  readonly poolSize: number;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {
    this.location = redactUrl(url);
    this.poolSize = pool.options.max ?? 10;
  }

  static async open(url: string, options: { max?: number } = {}): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
    // Fail early with a clear message rather than at the first request.
    try {
      const c = await pool.connect();
      c.release();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`);
    }
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on next use.
    });
    return new PostgresDatabase(pool, url);
  }

  async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const r = await this.pool.query<R>(sql, params as unknown[] | undefined);
    return r.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
        const r = await client.query<R>(sql, params as unknown[] | undefined);
        return r.rows;
      },
      async exec(sql: string): Promise<void> {
        await client.query(sql);
      },
      copyIn: (table, columns, text) => copyInto(client, table, columns, text),
      copyOut: (query) => copyOutOf(client, query),
    };
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async copyIn(table: string, columns: readonly string[], text: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await copyInto(client, table, columns, text);
    } finally {
      client.release();
    }
  }

  async copyOut(query: string): Promise<string> {
    const client = await this.pool.connect();
    try {
      return await copyOutOf(client, query);
    } finally {
      client.release();
    }
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    if (!this.listenClient) {
      const client = new pg.Client({ connectionString: this.url, types });
      await client.connect();
      client.on('notification', (msg) => {
        const set = this.listeners.get(msg.channel);
        if (set) for (const fn of set) fn(msg.payload ?? '');
      });
      this.listenClient = client;
    }
    let set = this.listeners.get(channel);
    if (!set) {
      this.listeners.set(channel, (set = new Set()));
      await this.listenClient.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    set.add(onMessage);
    return async () => {
      set.delete(onMessage);
    };
  }

  async close(): Promise<void> {
    await this.listenClient?.end().catch(() => undefined);
    this.listenClient = null;
    await this.pool.end();
  }
}
