// The embedded store on a thread of its own behaves as it does on the event loop's: one session,
// statements in the order asked for, a transaction alone on the store; and what a thread adds
// cannot hurt: a handle kept past its transaction refuses, a value that cannot cross to the
// thread fails alone, and a thread that dies leaves its directory free to open again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PgliteThreadDatabase } from '../../src/store/pglite-thread.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import type { Queryable } from '../../src/store/database.ts';

const dirs: string[] = [];
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'xinyong-thread-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('PGlite on its own thread', () => {
  it('runs statements in the order asked for, and a transaction alone on the store', async () => {
    const db = await PgliteThreadDatabase.open(null);
    try {
      await db.exec('CREATE TABLE t (n int)');
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const tx = db.transaction(async (q) => {
        await q.query('INSERT INTO t VALUES (1)');
        await held;
        await q.query('INSERT INTO t VALUES (2)');
      });
      // Asked for while the transaction is open: runs after it, and sees both of its rows.
      const read = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t');
      release();
      await tx;
      expect(await read).toEqual([{ n: 2 }]);
      await expect(
        db.transaction(async (q) => {
          await q.query('INSERT INTO t VALUES (3)');
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }]);
      // PostgreSQL's fields come back with its error.
      const err = (await db.query('INSERT INTO nowhere VALUES (1)').catch((e: unknown) => e)) as { code?: string; message: string };
      expect(err.code).toBe('42P01');
      expect(err.message).toMatch(/nowhere/);
    } finally {
      await db.close();
    }
  });

  it('fails a transaction whose statement failed though fn caught the error, and commits nothing', async () => {
    const db = await PgliteThreadDatabase.open(null);
    try {
      await db.exec('CREATE TABLE t (n int PRIMARY KEY)');
      const err = (await db
        .transaction(async (q) => {
          await q.query('INSERT INTO t VALUES (1)');
          await q.query('INSERT INTO t VALUES (1)').catch(() => undefined);
        })
        .catch((e: unknown) => e)) as { code?: string };
      // The statement's own failure, as on the other stores, and none of the transaction's rows.
      expect(err.code).toBe('23505');
      expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });

  it('refuses a statement through a transaction that has ended', async () => {
    const db = await PgliteThreadDatabase.open(null);
    try {
      await db.exec('CREATE TABLE t (n int)');
      let kept!: Queryable;
      await db.transaction(async (q) => {
        kept = q;
        await q.query('INSERT INTO t VALUES (1)');
      });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const next = db.transaction(async (q) => {
        await held;
        await q.query('SELECT 1');
        throw new Error('rolled back');
      });
      await expect(kept.query('INSERT INTO t VALUES (2)')).rejects.toThrow('the transaction has ended');
      release();
      await expect(next).rejects.toThrow('rolled back');
      expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('fails a statement whose values cannot cross to the thread, and goes on', async () => {
    const db = await PgliteThreadDatabase.open(null);
    try {
      await expect(db.query('SELECT $1::text AS v', [() => 1])).rejects.toThrow();
      expect(await db.query('SELECT $1::text AS v', ['ok'])).toEqual([{ v: 'ok' }]);
    } finally {
      await db.close();
    }
  });

  it('leaves its directory free to open again when its thread dies', async () => {
    const dir = freshDir();
    const db = await PgliteThreadDatabase.open(dir);
    await db.exec('CREATE TABLE t (n int); INSERT INTO t VALUES (1)');
    await (db as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(db.query('SELECT 1')).rejects.toThrow(/thread exited|closed/);
    const again = await PgliteDatabase.open(dir);
    try {
      expect(await again.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1 }]);
    } finally {
      await again.close();
      await db.close();
    }
  });
});
