// The embedded store keeps what it acknowledged: PGlite's PostgreSQL runs with fsync on, a
// commit fsyncs its write-ahead log to the host's disk before it returns (out of the box PGlite
// turns fsync off and its file system makes fsync a no-op), and a process killed right after a
// commit loses none of it. A power cut cannot be staged in a test; the host syncs that a commit
// causes are counted instead.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { PgliteThreadDatabase } from '../../src/store/pglite-thread.ts';

const dirs: string[] = [];
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'xinyong-durability-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setting(db: Pick<PgliteDatabase, 'query'>, name: string): Promise<string> {
  const [row] = await db.query<Record<string, string>>(`SHOW ${name}`);
  return row![name]!;
}

// The store on the event loop's thread, and on a thread of its own (the platform's default).
const OPENERS = [
  ['on the event loop', (dir: string | null, options?: { relaxedDurability?: boolean }) => PgliteDatabase.open(dir, options)],
  ['on its own thread', (dir: string | null, options?: { relaxedDurability?: boolean }) => PgliteThreadDatabase.open(dir, options)],
] as const;

describe.each(OPENERS)('PGlite durability %s', (where, open) => {
  it('fsyncs every commit to the disk, and nothing for a read', async () => {
    const dir = freshDir();
    const db = await open(dir);
    try {
      // A new directory is synced whole once, and marked so.
      expect(existsSync(join(dir, 'pgdata.synced'))).toBe(true);
      expect(await setting(db, 'fsync')).toBe('on');
      expect(await setting(db, 'wal_sync_method')).toBe('fsync');
      await db.exec('CREATE TABLE acknowledged (n int)');
      for (let n = 1; n <= 5; n++) {
        const before = db.hostSyncs;
        await db.query('INSERT INTO acknowledged VALUES ($1)', [n]);
        expect(db.hostSyncs, `commit ${n} reached the disk`).toBeGreaterThan(before);
      }
      const before = db.hostSyncs;
      await db.query('SELECT count(*) FROM acknowledged');
      expect(db.hostSyncs).toBe(before);
      // A transaction is one commit: one flush of the log, however many rows it wrote.
      const beforeTx = db.hostSyncs;
      await db.transaction(async (tx) => {
        for (let n = 6; n <= 50; n++) await tx.query('INSERT INTO acknowledged VALUES ($1)', [n]);
      });
      expect(db.hostSyncs - beforeTx).toBeGreaterThanOrEqual(1);
      expect(db.hostSyncs - beforeTx).toBeLessThanOrEqual(2);
    } finally {
      await db.close();
    }
    const again = await open(dir);
    try {
      expect(await again.query('SELECT count(*)::int AS n FROM acknowledged')).toEqual([{ n: 50 }]);
    } finally {
      await again.close();
    }
  });

  it('runs a bulk load into a new directory without fsync, syncs it when closed, and never relaxes an existing store', async () => {
    const dir = freshDir();
    const bulk = await open(dir, { relaxedDurability: true });
    try {
      expect(await setting(bulk, 'fsync')).toBe('off');
      expect(existsSync(join(dir, 'pgdata.synced'))).toBe(false);
      await bulk.exec('CREATE TABLE loaded AS SELECT g AS n FROM generate_series(1, 1000) g');
    } finally {
      await bulk.close();
    }
    expect(existsSync(join(dir, 'pgdata.synced'))).toBe(true);
    // Asked for a bulk load again, a directory that holds a store stays durable.
    const again = await open(dir, { relaxedDurability: true });
    try {
      expect(await setting(again, 'fsync')).toBe('on');
    } finally {
      await again.close();
    }
    const db = await open(dir);
    try {
      expect(await setting(db, 'fsync')).toBe('on');
      expect(await db.query('SELECT count(*)::int AS n FROM loaded')).toEqual([{ n: 1000 }]);
    } finally {
      await db.close();
    }
  });

  it('has nothing to sync in memory', async () => {
    const db = await open(null);
    try {
      await db.exec('CREATE TABLE t (n int); INSERT INTO t VALUES (1)');
      expect(db.hostSyncs).toBe(0);
    } finally {
      await db.close();
    }
  });

  // A store with its table, made once: the test below copies it rather than running initdb (a
  // few seconds of the CPU, and several times that on a machine busy with other tests).
  let prepared: string;
  beforeAll(async () => {
    prepared = mkdtempSync(join(tmpdir(), 'xinyong-durability-prepared-'));
    const db = await open(prepared);
    try {
      await db.exec('CREATE TABLE acknowledged (n int)');
    } finally {
      await db.close();
    }
  });
  afterAll(() => rmSync(prepared, { recursive: true, force: true }));

  it('loses nothing it acknowledged when the process is killed', async () => {
    const dir = freshDir();
    // The data files only, not the mark that they were synced: the child syncs them when it opens.
    cpSync(join(prepared, 'pgdata'), join(dir, 'pgdata'), { recursive: true });
    const module = resolve(import.meta.dirname, where === 'on its own thread' ? '../../src/store/pglite-thread.ts' : '../../src/store/pglite.ts');
    const opener = where === 'on its own thread' ? 'PgliteThreadDatabase' : 'PgliteDatabase';
    // The child commits one row at a time and reports each commit; it is killed mid-stream.
    const script = `
      const { ${opener} } = await import(${JSON.stringify(module)});
      const db = await ${opener}.open(${JSON.stringify(dir)});
      for (let n = 1; ; n++) {
        await db.query('INSERT INTO acknowledged VALUES ($1)', [n]);
        process.stdout.write(n + '\\n');
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const acknowledged = await new Promise<number>((resolveCount, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const lines = out.trim().split('\n');
        const last = Number(lines.at(-1));
        if (last >= 30 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolveCount(last);
        }
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`the child exited on its own (${code})`));
      });
    });
    await exited;
    expect(existsSync(join(dir, 'pgdata.synced')), 'the child synced the copied store when it opened it').toBe(true);
    const db = await open(dir);
    try {
      // Crash recovery replayed the log and synced what it wrote, to the disk: the host's fsync
      // is in place before PostgreSQL starts.
      expect(db.hostSyncs).toBeGreaterThan(0);
      const [row] = await db.query<{ n: number; top: number }>('SELECT count(*)::int AS n, max(n) AS top FROM acknowledged');
      expect(row!.n).toBeGreaterThanOrEqual(acknowledged);
      expect(row!.n).toBe(row!.top);
    } finally {
      await db.close();
    }
  });
});
