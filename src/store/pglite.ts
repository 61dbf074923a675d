// The embedded store: PGlite (PostgreSQL compiled to WebAssembly) in a local data directory,
// guarded by a lock file so that only one process opens it.
//
// Durability. PGlite starts PostgreSQL with -F (fsync off), and the Emscripten file system it
// runs on turns fsync into nothing: out of the box a commit reaches the operating system's page
// cache, not the disk. That survives the process being killed, but not a power cut or a kernel
// crash, and "nothing acknowledged is ever lost" includes those. So a data directory runs with
// fsync on and the write-ahead log flushed by fsync(), and fsync() on a file of the mounted data
// directory is the host's fsync, from before PostgreSQL starts (crash recovery syncs what it
// replays): a commit returns once its WAL is on disk, and a checkpoint once the pages it wrote
// are, as on a PostgreSQL server. The whole directory is synced once (what initdb does) and a
// marker beside it says so; a directory without the marker (a new one, one written without
// syncing, or one left by a bulk load that did not finish) is synced when it is opened. A bulk
// load into a new directory, redone from scratch on failure, runs without fsync and syncs the
// directory when it closes.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { open as openFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite, type PGliteInterface, type Transaction } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { TYPE_PARSERS, type Database, type Queryable, type Row } from './database.ts';
import { lockDataDirectory, type DirectoryLock } from './lock.ts';

function wrapTx(tx: Transaction, owner: PGlite): Queryable {
  return {
    async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      const r = await tx.query<R>(sql, params as unknown[] | undefined);
      return r.rows;
    },
    async exec(sql: string): Promise<void> {
      await tx.exec(sql);
    },
    copyIn: (table, columns, text) => copyInto(tx, table, columns, text),
    copyOut: (query) => copyOutOf(tx, query, owner),
  };
}

// PGlite has no COPY FROM STDIN; it reads COPY input from a blob at the path /dev/blob. COPY
// takes no parameters, so it goes by the simple protocol (exec): one exchange with PostgreSQL
// instead of query()'s parse-and-describe first, which counts on the check log's small COPYs.
async function copyInto(q: PGlite | Transaction, table: string, columns: readonly string[], text: string | Uint8Array): Promise<void> {
  if (text.length === 0) return;
  await q.exec(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, { blob: bytesBlob(typeof text === 'string' ? new TextEncoder().encode(text) : text) });
}

/**
 * Bytes as PGlite reads a blob: it only awaits the blob's arrayBuffer(). Node's own Blob reads
 * that back through a stream over several turns of the event loop; handing over the bytes
 * spares every COPY that detour, and the check log writes many small ones.
 */
function bytesBlob(bytes: Uint8Array): Blob {
  const buffer = bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { arrayBuffer: () => Promise.resolve(buffer), size: bytes.byteLength } as unknown as Blob;
}

// ... and writes COPY output to a blob at the same path, returned with the result. When the COPY
// fails part-way, PGlite (0.5) keeps what it had written and hands it to the next query that
// writes a blob, so the next COPY out would return it before its own rows: what was written is
// collected and dropped here.
interface BlobHolder {
  _getWrittenBlob?: () => Promise<Blob | undefined>;
}

async function copyOutOf(q: PGlite | Transaction, query: string, owner: PGlite): Promise<string> {
  return new TextDecoder().decode(await copyOutBytes(q, query, owner));
}

async function copyOutBytes(q: PGlite | Transaction, query: string, owner: PGlite): Promise<Uint8Array> {
  let results;
  try {
    results = await q.exec(`COPY (${query}) TO '/dev/blob'`);
  } catch (err) {
    await (owner as unknown as BlobHolder)._getWrittenBlob?.();
    throw err;
  }
  const blob = results.find((r) => r.blob)?.blob;
  return blob ? new Uint8Array(await blob.arrayBuffer()) : new Uint8Array(0);
}

/**
 * The shared parsers, and bytea decoded natively from its hex output ('\x' and two digits a
 * byte; PGlite's is always hex): PGlite's own parser decodes it a byte at a time in JavaScript,
 * which made every read of the ledger's blocks (a record's body, a day's public records) cost more
 * in the parsing than in the store. node-postgres decodes it natively already. A value is a Buffer here, a Uint8Array once it has crossed from PGlite's own thread.
 */
const PGLITE_PARSERS: Record<number, (value: string) => unknown> = {
  ...TYPE_PARSERS,
  17: (v) => {
    if (!v.startsWith('\\x')) throw new Error('a bytea value not in hex output: bytea_output must stay hex');
    return Buffer.from(v.slice(2), 'hex');
  },
};

/** PGlite's own start parameters, with fsync on and the WAL flushed by fsync(). */
const DURABLE_START_PARAMS = [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fsync'];

/** EIO in Emscripten's numbering: PostgreSQL treats a failed fsync as fatal. */
const EMSCRIPTEN_EIO = 29;

interface EmscriptenStream {
  nfd?: number;
  node: unknown;
}

interface EmscriptenModule {
  NODEFS: { stream_ops: Record<string, unknown>; realPath(node: unknown): string };
  FS: { ErrnoError: new (errno: number) => Error };
}

/**
 * Makes fsync() on the mounted data directory the host's fsync (Emscripten's NODEFS has none, so
 * it returns without syncing). Counts the syncs, so tests can see a commit reach the disk.
 */
function syncToHost(mod: EmscriptenModule, counter: { syncs: number }): void {
  mod.NODEFS.stream_ops.fsync = (stream: EmscriptenStream): number => {
    try {
      if (typeof stream.nfd === 'number') {
        fsyncSync(stream.nfd);
      } else {
        // Directories (PostgreSQL syncs them after creating or renaming files) have no host descriptor.
        fsyncPath(mod.NODEFS.realPath(stream.node));
      }
    } catch {
      throw new mod.FS.ErrnoError(EMSCRIPTEN_EIO);
    }
    counter.syncs++;
    return 0;
  };
}

/** fsyncs every file and directory under dir (after initdb, and after a bulk load); returns how many. */
export async function syncTree(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const dirs = [...entries.filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name)), dir];
  // Files first, then the directories that name them, a few at a time (the thread pool has four).
  for (const group of [files, dirs]) {
    for (let i = 0; i < group.length; i += 16) {
      await Promise.all(
        group.slice(i, i + 16).map(async (p) => {
          const h = await openFile(p, 'r');
          try {
            await h.sync();
          } finally {
            await h.close();
          }
        }),
      );
    }
  }
  return files.length + dirs.length;
}

/** Beside pgdata: present once the whole of pgdata has been synced to disk. */
const SYNCED_MARKER = 'pgdata.synced';

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function markSynced(dataDir: string): void {
  const marker = join(dataDir, SYNCED_MARKER);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  fsyncPath(marker);
  fsyncPath(dataDir);
}

function unmarkSynced(dataDir: string): void {
  rmSync(join(dataDir, SYNCED_MARKER), { force: true });
  fsyncPath(dataDir);
}

/** PGlite's Node file system with fsync made the host's before PostgreSQL starts. */
class HostSyncedFS extends NodeFS {
  constructor(
    dataDir: string,
    private readonly counter: { syncs: number },
  ) {
    super(dataDir);
  }

  override async init(pg: PGliteInterface, opts: Parameters<NodeFS['init']>[1]): ReturnType<NodeFS['init']> {
    const r = await super.init(pg as Parameters<NodeFS['init']>[0], opts);
    const preRun = (r.emscriptenOpts.preRun ??= []);
    preRun.push(((mod: EmscriptenModule) => syncToHost(mod, this.counter)) as (typeof preRun)[number]);
    return r;
  }
}

export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly poolSize = 1;
  readonly location: string;

  private constructor(
    private readonly db: PGlite,
    private readonly lock: DirectoryLock | null,
    location: string,
    private readonly sync: { syncs: number; bulkDir: string | null },
  ) {
    this.location = location;
  }

  /** How many times a file of the data directory was fsynced to the host's disk (0 in memory). */
  get hostSyncs(): number {
    return this.sync.syncs;
  }

  /**
   * Opens (creating if needed) a data directory. `relaxedDurability` runs a new directory without
   * fsync until it is closed: only for bulk loads that are redone from scratch on failure. A
   * directory that already holds a store is always opened durably. `lockedByCaller`: the caller
   * holds the directory's lock (lockDataDirectory) and releases it.
   */
  static async open(dir: string | null, options: { relaxedDurability?: boolean; lockedByCaller?: boolean } = {}): Promise<PgliteDatabase> {
    let lock: DirectoryLock | null = null;
    let dataDir: string | undefined;
    if (dir !== null) {
      dataDir = resolve(dir);
      mkdirSync(dataDir, { recursive: true });
      if (!options.lockedByCaller) lock = lockDataDirectory(dataDir);
    }
    let db: PGlite | null = null;
    try {
      const pgdata = dataDir ? join(dataDir, 'pgdata') : null;
      const fresh = pgdata !== null && !existsSync(join(pgdata, 'PG_VERSION'));
      const bulk = (options.relaxedDurability ?? false) && fresh;
      const sync = { syncs: 0, bulkDir: null as string | null };
      db = await PGlite.create({
        ...(pgdata ? { fs: new HostSyncedFS(pgdata, sync) } : {}),
        extensions: { pg_trgm },
        parsers: PGLITE_PARSERS,
        ...(pgdata && !bulk ? { startParams: DURABLE_START_PARAMS } : {}),
        ...(bulk ? { relaxedDurability: true } : {}),
      });
      if (dataDir && pgdata) {
        if (bulk) {
          unmarkSynced(dataDir);
          sync.bulkDir = dataDir;
        } else if (!existsSync(join(dataDir, SYNCED_MARKER))) {
          await syncTree(pgdata);
          markSynced(dataDir);
        }
      }
      return new PgliteDatabase(db, lock, dataDir ? `pglite:${dataDir}` : 'pglite:memory', sync);
    } catch (err) {
      if (db && !db.closed) await db.close().catch(() => undefined);
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
    return copyOutOf(this.db, query, this.db);
  }

  /** copyIn of text already encoded as UTF-8 (the store's thread gets it so, moved rather than copied). */
  copyInBytes(table: string, columns: readonly string[], bytes: Uint8Array): Promise<void> {
    return copyInto(this.db, table, columns, bytes);
  }

  /** copyOut's text as UTF-8 bytes (which the store's thread moves rather than copies). */
  copyOutBytes(query: string): Promise<Uint8Array> {
    return copyOutBytes(this.db, query, this.db);
  }

  // PGlite runs in this process and has no connection to lose (see Database).
  copyInWithin(table: string, columns: readonly string[], text: string): Promise<void> {
    return this.copyIn(table, columns, text);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(wrapTx(tx, this.db)));
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
      if (!this.db.closed) {
        await this.db.close();
        if (this.sync.bulkDir) {
          await syncTree(join(this.sync.bulkDir, 'pgdata'));
          markSynced(this.sync.bulkDir);
        }
      }
    } finally {
      this.lock?.release();
    }
  }
}
