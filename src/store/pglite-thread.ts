// The embedded store on a thread of its own (XINYONG_PGLITE_THREAD=1): PGlite (PostgreSQL
// compiled to WebAssembly) runs in a worker (pglite-worker.ts), so that its work and the
// application's can run on two cores at once: what the application computes outside a
// transaction (validating the next batch, serving requests) overlaps the store's work. It is one
// session, as PGlite is: statements run one at a time in the order they are asked for, and a
// transaction has the store to itself until it ends.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockDataDirectory, type DirectoryLock } from './lock.ts';
import type { Database, Queryable, Row } from './database.ts';
import type { Notification, Op, PgliteReply, PgliteThreadOptions } from './pglite-protocol.ts';

/** An error the store raised on its thread, with PostgreSQL's fields (code, detail, ...) as it gave them. */
export class StoreThreadError extends Error {
  constructor(name: string, message: string, fields: Record<string, string | number>) {
    super(message);
    Object.assign(this, fields);
    this.name = name;
  }
}

export class PgliteThreadDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly poolSize = 1;
  readonly location: string;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private next = 1;
  private syncs = 0;
  /** The end of the last statement or transaction asked for: each waits for the one before. */
  private turn: Promise<unknown> = Promise.resolve();
  private dead: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    location: string,
    private readonly lock: DirectoryLock | null,
  ) {
    this.location = location;
    worker.on('message', (m: PgliteReply | Notification) => {
      if ('notification' in m) {
        for (const listener of this.listeners.get(m.notification) ?? []) listener(m.payload);
        return;
      }
      this.syncs = m.syncs;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (m.ok) w?.resolve(m.value);
      else w?.reject(new StoreThreadError(m.name, m.message, m.fields));
    });
    // A thread that dies (or whose answer cannot be read) fails what waits for it, and whatever
    // is asked after; its directory is free again for this process to open.
    const fail = (err: Error) => {
      this.dead ??= err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
      this.lock?.release();
    };
    worker.on('error', fail);
    worker.on('messageerror', fail);
    worker.on('exit', (code) => fail(new Error(`the store's thread exited (${code})`)));
  }

  /** Opens (creating if needed) a data directory on a thread of its own; see PgliteDatabase.open. */
  static async open(dir: string | null, options: { relaxedDurability?: boolean } = {}): Promise<PgliteThreadDatabase> {
    const data: PgliteThreadOptions = { dir: dir === null ? null : resolve(dir), relaxedDurability: options.relaxedDurability ?? false };
    // This thread holds the directory's lock, so that it is released whatever becomes of the other.
    let lock: DirectoryLock | null = null;
    if (data.dir !== null) {
      mkdirSync(data.dir, { recursive: true });
      lock = lockDataDirectory(data.dir);
    }
    // None of the process's own options: the thread's entry loads TypeScript itself, and an
    // option such as --input-type (a script given with -e) refuses a worker's module.
    const worker = new Worker(new URL('../kernel/thread.mjs', import.meta.url), {
      workerData: { module: new URL('./pglite-worker.ts', import.meta.url).href, data },
      execArgv: [],
    });
    const db = new PgliteThreadDatabase(worker, data.dir ? `pglite:${data.dir}` : 'pglite:memory', lock);
    const opened = new Promise<unknown>((resolve, reject) => db.waiting.set(0, { resolve, reject }));
    try {
      await opened;
    } catch (err) {
      await worker.terminate();
      lock?.release();
      throw err;
    }
    return db;
  }

  /** How many times a file of the data directory was fsynced to the host's disk (0 in memory), as of the last answer. */
  get hostSyncs(): number {
    return this.syncs;
  }

  private send<T>(op: Op, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.ref();
      try {
        this.worker.postMessage({ id, ...op }, transfer);
      } catch (err) {
        // Nothing was sent (a value that cannot cross to a thread): nothing will answer.
        this.waiting.delete(id);
        if (this.waiting.size === 0) this.worker.unref();
        reject(err as Error);
      }
    });
  }

  /** Runs fn when everything asked for before it has ended, and holds the store until it ends. */
  private inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(fn, fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private readonly direct: Queryable = {
    query: <R extends Row = Row>(sql: string, params?: readonly unknown[]) => this.send<R[]>({ op: 'query', sql, params }),
    exec: (sql: string) => this.send<void>({ op: 'exec', sql }),
    copyIn: (table: string, columns: readonly string[], text: string) => {
      if (text.length === 0) return Promise.resolve();
      const bytes = new TextEncoder().encode(text);
      return this.send<void>({ op: 'copyIn', table, columns, bytes }, [bytes.buffer as ArrayBuffer]);
    },
    copyOut: async (sql: string) => new TextDecoder().decode(await this.send<Uint8Array>({ op: 'copyOut', sql })),
  };

  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return this.inTurn(() => this.direct.query<R>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.inTurn(() => this.direct.exec(sql));
  }

  copyIn(table: string, columns: readonly string[], text: string): Promise<void> {
    return this.inTurn(() => this.direct.copyIn(table, columns, text));
  }

  copyOut(query: string): Promise<string> {
    return this.inTurn(() => this.direct.copyOut(query));
  }

  // The store runs in this process and has no connection to lose (see Database).
  copyInWithin(table: string, columns: readonly string[], text: string): Promise<void> {
    return this.copyIn(table, columns, text);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.inTurn(async () => {
      // The transaction's own handle, which refuses once it has ended: a statement through it
      // then would run in whatever holds the session next.
      // A failed statement aborts the transaction, and a COMMIT after it rolls back: the
      // transaction then rejects with that failure, even when fn caught it, as on the other stores.
      let open = true;
      let failure: { error: unknown } | undefined;
      const within = <R>(run: () => Promise<R>): Promise<R> => {
        if (!open) return Promise.reject(new Error('the transaction has ended'));
        return run().catch((error: unknown) => {
          failure ??= { error };
          throw error;
        });
      };
      const tx: Queryable = {
        query: (sql, params) => within(() => this.direct.query(sql, params)),
        exec: (sql) => within(() => this.direct.exec(sql)),
        copyIn: (table, columns, text) => within(() => this.direct.copyIn(table, columns, text)),
        copyOut: (sql) => within(() => this.direct.copyOut(sql)),
      };
      await this.direct.exec('BEGIN');
      let result: T;
      try {
        result = await fn(tx);
      } catch (err) {
        open = false;
        await this.direct.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
      open = false;
      if (failure) {
        await this.direct.exec('ROLLBACK').catch(() => undefined);
        throw failure.error;
      }
      await this.direct.exec('COMMIT');
      return result;
    });
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  // The store is one session in this process: it delivers its own notifications, at commit.
  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    let own = this.listeners.get(channel);
    if (!own) {
      this.listeners.set(channel, (own = new Set()));
      await this.inTurn(() => this.send({ op: 'listen', channel }));
    }
    own.add(onMessage);
    return async () => {
      own.delete(onMessage);
      if (own.size === 0 && this.listeners.get(channel) === own && !this.dead) {
        this.listeners.delete(channel);
        await this.inTurn(() => this.send({ op: 'unlisten', channel }));
      }
    };
  }

  async close(): Promise<void> {
    if (this.dead) return;
    try {
      await this.inTurn(() => this.send({ op: 'close' }));
    } finally {
      this.dead = new Error('the store is closed');
      await this.worker.terminate();
      this.lock?.release();
    }
  }
}
