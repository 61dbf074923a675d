// The server store: PostgreSQL through node-postgres, selected by DATABASE_URL.
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { to as copyTo } from 'pg-copy-streams';
import { TYPE_PARSERS, type Database, type Queryable, type Row } from './database.ts';
import { CITUS_SESSION_OPTIONS } from './citus.ts';

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

/**
 * The connection settings of a URL, with these startup options before those the URL names itself
 * (its `options` parameter, else PGOPTIONS), so that a setting the operator names there too is
 * theirs (the later one wins). pg takes a URL's options over any given beside it: the URL is
 * parsed here with pg's own parser and the options given among the settings.
 */
export function sessionConfig(url: string, options: string | undefined): pg.ClientConfig {
  if (!options) return { connectionString: url };
  const config = parseIntoClientConfig(url);
  const own = config.options || process.env.PGOPTIONS;
  return { ...config, options: own ? `${options} ${own}` : options };
}

/**
 * COPY ... FROM STDIN sent in one write: the Query, all the data as one CopyData message and
 * CopyDone, without waiting for the server's CopyInResponse first (as pg-copy-streams does). That
 * is one socket write and one wake-up of the server instead of three, which matters for the
 * check log's small group commits, where that overhead is a large share of each COPY's cost.
 * If the COPY fails, the server answers ErrorResponse and ReadyForQuery and ignores copy
 * messages that arrive afterwards, so the connection stays usable (the protocol's rule for
 * a client that streams data before it sees the error).
 */
class PipelinedCopy {
  readonly done: Promise<void>;
  private settle!: (err?: Error) => void;

  constructor(
    private readonly sql: string,
    private readonly data: string,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = (err) => {
        this.callback(err); // clears node-postgres's query_timeout timer when one is set
        if (err) reject(err);
        else resolve();
      };
    });
  }

  /** node-postgres calls this to hand over the connection once it is this query's turn. */
  submit(connection: { stream: { write(b: Buffer): boolean; cork(): void; uncork(): void } }): void {
    // The data is encoded once, into a buffer of its own, and the messages around it are written
    // beside it (one writev) rather than copied into one buffer with it.
    const data = Buffer.from(this.data, 'utf8');
    const sqlBytes = Buffer.byteLength(this.sql);
    const head = Buffer.allocUnsafe(1 + 4 + sqlBytes + 1 + (1 + 4));
    let at = 0;
    head[at++] = 0x51; // Query
    head.writeUInt32BE(4 + sqlBytes + 1, at);
    at += 4;
    at += head.write(this.sql, at);
    head[at++] = 0;
    head[at++] = 0x64; // CopyData
    head.writeUInt32BE(4 + data.length, at);
    const stream = connection.stream;
    stream.cork();
    stream.write(head);
    stream.write(data);
    stream.write(COPY_DONE);
    stream.uncork();
  }

  handleCopyInResponse(): void {}
  handleCommandComplete(): void {}
  handleError(err: Error): void {
    this.settle(err);
  }
  /** After an error node-postgres no longer calls this; settling twice is harmless. */
  handleReadyForQuery(): void {
    this.settle();
  }
  /** node-postgres replaces this with its query_timeout handling when one is configured. */
  callback(_err?: Error): void {}
}

/** The CopyDone message. */
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/**
 * One connection's statements in the order they are asked for, each handed to node-postgres
 * when the one before it has finished and the server is ready for the next: a client runs one
 * statement at a time, and queueing more on it is the caller's job (node-postgres's own queue
 * is deprecated and goes in pg 9). A caller need not wait for a statement before asking for the
 * next: that one is sent as soon as the answer to the last is in, as node-postgres's queue did.
 * A transaction's turns end with its COMMIT or ROLLBACK: a statement asked for after that would
 * run outside the transaction, so it fails instead.
 */
class Turns {
  private last: Promise<unknown> = Promise.resolve();
  private ended = false;

  constructor(private readonly client: pg.Client) {}

  get hasEnded(): boolean {
    return this.ended;
  }

  take<T>(statement: () => Promise<T>): Promise<T> {
    if (this.ended) return Promise.reject(new Error('the transaction has ended: a statement asked for after its COMMIT or ROLLBACK is not run'));
    const turn = this.last.then(() => readyForQuery(this.client)).then(statement);
    // A failed statement fails its own caller; the next is sent all the same.
    this.last = turn.catch(() => undefined);
    return turn;
  }

  /** The last statement: the ones asked for before it run first, and none after it. */
  end<T>(statement: () => Promise<T>): Promise<T> {
    const turn = this.take(statement);
    this.ended = true;
    return turn;
  }
}

/**
 * Settles when the client can take a statement without queueing it: node-postgres fails a
 * statement as soon as the server's error arrives, before the ReadyForQuery that follows, and a
 * statement asked for in between would wait in node-postgres's queue. Settles at once when the
 * connection is lost, so that the statement fails with that.
 */
function readyForQuery(client: pg.Client): Promise<void> | undefined {
  const c = client as unknown as { readyForQuery: boolean; _queryable: boolean; _ending: boolean; connection: NodeJS.EventEmitter };
  if (c.readyForQuery || !c._queryable || c._ending) return undefined;
  return new Promise<void>((resolve) => {
    const done = () => {
      c.connection.off('readyForQuery', done);
      client.off('end', done);
      client.off('error', done);
      resolve();
    };
    c.connection.on('readyForQuery', done);
    client.on('end', done);
    client.on('error', done);
  });
}

async function copyInto(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[], text: string): Promise<void> {
  if (text.length === 0) return;
  const copy = new PipelinedCopy(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, text);
  client.query(copy as unknown as pg.QueryConfig);
  await copy.done;
}

async function copyOutOf(client: pg.PoolClient | pg.Client, query: string): Promise<string> {
  const chunks: Buffer[] = [];
  const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A transaction's COPYs in flight. A COPY inside a transaction is sent in its turn and not waited
 * for: the server stores its rows while the application prepares the next statement, which waits
 * its turn after it on the same connection. The transaction's next statement, or its commit,
 * reports a COPY's failure (which aborted the transaction) as that COPY's own error.
 */
class PendingCopies {
  /** How many COPYs were sent, and the first of them that failed (they run in the order sent). */
  private sent = 0;
  private failure: { error: unknown; copy: number } | null = null;
  /** Settles when every COPY sent so far has finished. */
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly turns: Turns,
  ) {}

  send(table: string, columns: readonly string[], text: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.turns.hasEnded) return this.turns.take(() => Promise.resolve());
    if (text.length === 0) return Promise.resolve();
    const copy = ++this.sent;
    this.last = this.turns
      .take(() => copyInto(this.client, table, columns, text))
      .catch((error: unknown) => {
        this.failure ??= { error, copy };
      });
    return Promise.resolve();
  }

  /** Resolves when every COPY sent so far has finished; rejects with the first that failed. */
  async settled(): Promise<void> {
    await this.last;
    if (this.failure) throw this.failure.error;
  }

  /**
   * The outcome of a statement asked for just now, after the COPYs sent before it: the first of
   * those that failed gives the error. The COPYs sent after it are not waited for.
   */
  async after<T>(statement: Promise<T>): Promise<T> {
    const sentBefore = this.sent;
    const before = this.last;
    let value: T;
    try {
      value = await statement;
    } catch (err) {
      await before;
      throw this.failure && this.failure.copy <= sentBefore ? this.failure.error : err;
    }
    await before;
    if (this.failure && this.failure.copy <= sentBefore) throw this.failure.error;
    return value;
  }
}

/** Ends a session politely, or closes its socket when the server has not answered within a second. */
async function endSession(client: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.end().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
  clearTimeout(timer);
  closeSocket(client);
}

/** Closes a client's socket at once (a session the server may never answer for). */
function closeSocket(client: pg.Client): void {
  (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
}

/** The promise's value, or a rejection as soon as the signal aborts (the promise goes on). */
function abandonable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

export class PostgresDatabase implements Database {
  /** Whether the database has the citus extension (a coordinator), found when the store opens. */
  private citus = false;
  readonly location: string;
  private listenClient: pg.Client | null = null;
  /** copyInWithin's own connections (the check log's), one for each time limit: see there. */
  private readonly bound = new Map<number, { client: pg.Client; connecting: Promise<pg.Client>; turns: Turns }>();
  /** The pool's clients, so that closing can close what the pool leaves open. */
  private readonly pooled = new Set<pg.Client>();
  private closed = false;
  private relisten: NodeJS.Timeout | null = null;
  private listenConnecting: Promise<pg.Client> | null = null;
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  /** The LISTENs of listen() and of a session made again, on the session of notifications, in turn. */
  private readonly listenTurns = new WeakMap<pg.Client, Turns>();

  readonly poolSize: number;

  get kind(): 'postgres' | 'citus' {
    return this.citus ? 'citus' : 'postgres';
  }

  private constructor(
    private readonly pool: pg.Pool,
    url: string,
    /** Where every session connects, with its startup options (CITUS_SESSION_OPTIONS on a coordinator). */
    private readonly connection: pg.ClientConfig,
  ) {
    this.location = redactUrl(url);
    this.poolSize = pool.options.max ?? 10;
  }

  static async open(url: string, options: { max?: number } = {}): Promise<PostgresDatabase> {
    // Fail early with a clear message rather than at the first request, and learn whether this is
    // a Citus coordinator, whose sessions start with the settings the platform's statements need.
    let citus: boolean;
    const probe = new pg.Client({ connectionString: url, types });
    try {
      await probe.connect();
      const { rows } = await probe.query<{ citus: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus");
      citus = rows[0]!.citus;
    } catch (err) {
      throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`);
    } finally {
      await probe.end().catch(() => undefined);
    }
    const connection = sessionConfig(url, citus ? CITUS_SESSION_OPTIONS : undefined);
    const pool = new pg.Pool({ ...connection, max: options.max ?? 10, types });
    const db = new PostgresDatabase(pool, url, connection);
    db.citus = citus;
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on next use.
    });
    pool.on('connect', (client) => {
      // A client in use whose connection closes without a word from the server also emits
      // 'error'; unheard, that would end the process. The statement in progress fails with the
      // same error, and the pool drops the client when it comes back.
      client.on('error', () => undefined);
      db.pooled.add(client);
    });
    pool.on('remove', (client) => db.pooled.delete(client));
    return db;
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
    // Statements the transaction asks for while others are in flight wait their turn here.
    const turns = new Turns(client);
    const copies = new PendingCopies(client, turns);
    // The first statement of the transaction that failed, which aborted it.
    let firstFailure: { error: unknown } | null = null;
    const noted = <V>(p: Promise<V>): Promise<V> =>
      p.catch((error: unknown) => {
        firstFailure ??= { error };
        throw error;
      });
    const tx: Queryable = {
      query: <R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> =>
        copies.after(noted(turns.take(() => client.query<R>(sql, params as unknown[] | undefined))).then((r) => r.rows)),
      exec: (sql: string): Promise<void> => copies.after(noted(turns.take(() => client.query(sql))).then(() => undefined)),
      copyIn: (table, columns, text) => copies.send(table, columns, text),
      copyOut: (query) => copies.after(noted(turns.take(() => copyOutOf(client, query)))),
    };
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      // A COPY that failed has aborted the transaction, and COMMIT would answer ROLLBACK quietly.
      await copies.settled();
      await turns.end(async () => {
        // So would a statement that failed and whose error fn caught: the transaction fails with it.
        if (client.getTransactionStatus() === 'E') {
          await client.query('ROLLBACK');
          throw firstFailure?.error ?? new Error('the transaction was aborted by a statement that failed in it; nothing was committed');
        }
        await client.query('COMMIT');
      });
      return result;
    } catch (err) {
      // After whatever the transaction still has in flight.
      if (!turns.hasEnded) await turns.end(() => client.query('ROLLBACK')).catch(() => undefined);
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

  async copyInWithin(table: string, columns: readonly string[], text: string, ms: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { client, turns } = await abandonable(this.boundConnection(Math.max(1, Math.ceil(ms))), signal);
    // Closing the socket (not ending the session politely, which waits on a server that may not
    // answer) fails the COPY at once; the next write connects afresh.
    const abandon = () => this.dropBound(client);
    signal.addEventListener('abort', abandon, { once: true });
    try {
      await turns.take(() => copyInto(client, table, columns, text));
    } finally {
      signal.removeEventListener('abort', abandon);
    }
  }

  /**
   * The connection of copyInWithin for a limit, made when first needed and again after it is
   * lost: connecting gives up after `ms`, and the server cancels any statement on it after `ms`
   * (its statement_timeout, set once for the session: a timeout set anew for each COPY can fire
   * just as its own COPY ends and cancel the next one).
   */
  private async boundConnection(ms: number): Promise<{ client: pg.Client; turns: Turns }> {
    let bound = this.bound.get(ms);
    if (!bound) {
      const client = new pg.Client({
        ...this.connection,
        types,
        connectionTimeoutMillis: ms,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      });
      // A lost connection fails the write in progress (which sees the error itself) and is replaced at the next.
      client.on('error', () => this.dropBound(client));
      const connecting = client
        .connect()
        .then(() => client.query(`SET statement_timeout = ${ms}`))
        .then(
          () => client,
          (err: unknown) => {
            this.dropBound(client);
            throw err;
          },
        );
      this.bound.set(ms, (bound = { client, connecting, turns: new Turns(client) }));
    }
    const { turns } = bound;
    return { client: await bound.connecting, turns };
  }

  /** Forgets a connection of copyInWithin and closes its socket (connecting or not, answered or not). */
  private dropBound(client: pg.Client): void {
    for (const [ms, b] of this.bound) if (b.client === client) this.bound.delete(ms);
    closeSocket(client);
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
    if (this.closed) throw new Error('the store is closed');
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(onMessage);
    const client = this.listenClient ?? (await this.listener());
    await this.listenTurns.get(client)!.take(() => client.query(`LISTEN ${pg.escapeIdentifier(channel)}`));
    return async () => {
      set.delete(onMessage);
    };
  }

  /**
   * The session that receives notifications. When it is lost (a restart, a failover) it is made
   * again, after a second and then up to half a minute between tries, and listens on every
   * channel once more; notifications sent meanwhile are lost, which the followers' polling covers.
   */
  private listener(): Promise<pg.Client> {
    return (this.listenConnecting ??= this.connectListener().finally(() => (this.listenConnecting = null)));
  }

  private async connectListener(): Promise<pg.Client> {
    const client = new pg.Client({ ...this.connection, types, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('notification', (msg) => {
      const set = this.listeners.get(msg.channel);
      if (set) for (const fn of set) fn(msg.payload ?? '');
    });
    // Until the session is listening on every channel, a failure fails this call instead.
    client.on('error', () => this.lostListener(client));
    client.on('end', () => this.lostListener(client));
    const turns = new Turns(client);
    this.listenTurns.set(client, turns);
    try {
      await client.connect();
      // Every channel listened on so far, those that listen() adds meanwhile among them, before
      // the session is handed out: listen() adds its channel and then listens on the session.
      for (const channel of this.listeners.keys()) await turns.take(() => client.query(`LISTEN ${pg.escapeIdentifier(channel)}`));
      if (this.closed) throw new Error('the store is closed');
    } catch (err) {
      closeSocket(client);
      throw err;
    }
    this.listenClient = client;
    return client;
  }

  private lostListener(client: pg.Client): void {
    if (this.listenClient !== client) return;
    this.listenClient = null;
    closeSocket(client);
    this.reconnectListener(1000);
  }

  private reconnectListener(delay: number): void {
    if (this.closed || this.relisten) return;
    this.relisten = setTimeout(() => {
      this.relisten = null;
      if (this.closed || this.listenClient) return;
      this.listener().catch(() => this.reconnectListener(Math.min(delay * 2, 30_000)));
    }, delay);
    this.relisten.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.relisten) clearTimeout(this.relisten);
    const own = [this.listenClient, ...[...this.bound.values()].map((b) => b.client)];
    this.listenClient = null;
    this.bound.clear();
    await Promise.all(own.map((c) => c && endSession(c)));
    await this.pool.end();
    // The pool ends its clients politely and does not wait: close what a silent server leaves open.
    const left = [...this.pooled];
    if (left.length > 0) setTimeout(() => left.forEach(closeSocket), 1000).unref();
  }
}
