// PostgreSQL only (PGlite runs in this process and has no connection to lose): a server or a
// network that stops answering must not hold the check log, nor pile up work on the server, nor
// end the process. A TCP proxy between the store and PostgreSQL can freeze the connections it
// carries (they carry nothing either way and stay open: a failover behind a virtual address, a
// firewall forgetting the flow), freeze new ones from the start, or cut them all.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { openDatabase } from '../../src/store/open.ts';
import type { Database } from '../../src/store/database.ts';
import { CheckLog } from '../../src/features/checks/check-log.store.ts';
import { logEntry as entry, outcome, type Outcome } from '../support/check-log.ts';

function freezingProxy(targetHost: string, targetPort: number) {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>();
  let freezeNew = false;
  // Half-open allowed, so that a frozen connection swallows the end of a session too.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect({ port: targetPort, host: targetHost, allowHalfOpen: true });
    const pair = { client, upstream, frozen: freezeNew };
    pairs.add(pair);
    client.on('data', (d) => void (pair.frozen || upstream.write(d)));
    upstream.on('data', (d) => void (pair.frozen || client.write(d)));
    client.on('end', () => void (pair.frozen || upstream.end()));
    upstream.on('end', () => void (pair.frozen || client.end()));
    const end = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))),
    /** Freezes the open connections (and, with `andNew`, every later one from the start); returns how many were open. */
    freeze(andNew = false): number {
      freezeNew = andNew;
      for (const p of pairs) p.frozen = true;
      return pairs.size;
    },
    /** New connections carry data again (the frozen ones stay frozen). */
    thaw() {
      freezeNew = false;
    },
    /** Cuts every open connection at once. */
    cut() {
      for (const p of pairs) {
        p.client.resetAndDestroy();
        p.upstream.resetAndDestroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pairs) {
          p.client.destroy();
          p.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!STORES.includes('postgres'))('check log on PostgreSQL when the server or the network stops answering', () => {
  let location: StoreLocation;
  let proxy: ReturnType<typeof freezingProxy>;
  let db: Database;
  /** A session straight to the server, past the proxy. */
  let direct: pg.Client;
  let proxiedUrl: string;

  beforeAll(async () => {
    location = await freshStore('postgres');
    const target = new URL(location.databaseUrl!);
    proxy = freezingProxy(target.hostname, Number(target.port || 5432));
    const port = await proxy.listen();
    const proxied = new URL(location.databaseUrl!);
    proxied.host = `127.0.0.1:${port}`;
    proxiedUrl = proxied.toString();
    db = await openDatabase({ databaseUrl: proxiedUrl, poolSize: 4 });
    direct = new pg.Client({ connectionString: location.databaseUrl });
    await direct.connect();
  });
  // Each test starts with every proxied connection gone (the pool and the log connect afresh; a
  // first write may still meet the connection cut, and be refused).
  beforeEach(() => {
    proxy.thaw();
    proxy.cut();
  });
  afterAll(async () => {
    await direct?.end();
    await proxy?.close();
    await db?.close();
    await location?.cleanup();
  });

  /** Writes one entry after another until one commits (at most `tries`); returns the outcomes. */
  async function untilCommitted(log: CheckLog, prefix: string, tries: number): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (let i = 1; i <= tries && outcomes.at(-1) !== 'committed'; i++)
      outcomes.push(await outcome(log.write(entry(`${prefix}_${String(i).padStart(4, '0')}`))));
    return outcomes;
  }

  it('abandons a write on a connection that went silent and goes on with a fresh connection', async () => {
    const log = new CheckLog(db, { waitMs: 1000 });
    expect(await untilCommitted(log, 'chk_silent_start', 3)).toContain('committed');
    expect(proxy.freeze()).toBeGreaterThan(0);
    // Without abandoning, the first write would hold the writer and every attempt would run out of time.
    const outcomes = await untilCommitted(log, 'chk_silent', 4);
    expect(outcomes[0]).toBe('store-unavailable');
    expect(outcomes.at(-1)).toBe('committed');
    const committed = `chk_silent_${String(outcomes.length).padStart(4, '0')}`;
    // (Read past the proxy: the pool's own connections are frozen too.)
    expect((await direct.query('SELECT 1 FROM check_log WHERE check_id = $1', [committed])).rowCount).toBe(1);
  });

  it('gives up connecting in time while new connections go unanswered too, and goes on once they are answered', async () => {
    const log = new CheckLog(db, { waitMs: 400 });
    expect(await untilCommitted(log, 'chk_noconn_start', 3)).toContain('committed');
    proxy.freeze(true);
    // Each attempt is refused within its time, whether it waits on the silent connection or on connecting.
    const during = await Promise.all(
      [1, 2, 3].map((i) => outcome(new Promise((r) => setTimeout(r, i * 450)).then(() => log.write(entry(`chk_noconn_000${i}`))))),
    );
    expect(during).toEqual(['store-unavailable', 'store-unavailable', 'store-unavailable']);
    proxy.thaw();
    const after = await untilCommitted(log, 'chk_noconn_after', 4);
    expect(after.at(-1)).toBe('committed');
  });

  it('keeps no COPY running on a server that stalls, and logs none of the checks it refused', { timeout: 20_000 }, async () => {
    // Half the wait for a batch's write to begin, half for the write: with 2.4 s, a batch can wait
    // longer for its write than the second a write is given past its time before it is abandoned.
    const log = new CheckLog(db, { waitMs: 2400 });
    expect(await untilCommitted(log, 'chk_busy_start', 3)).toContain('committed');
    await direct.query('BEGIN');
    await direct.query('LOCK TABLE check_log IN ACCESS EXCLUSIVE MODE');
    const ids = Array.from({ length: 24 }, (_, i) => `chk_busy_${String(i + 1).padStart(4, '0')}`);
    let outcomes: Outcome[];
    try {
      const pending: Promise<Outcome>[] = [];
      for (const id of ids) {
        pending.push(outcome(log.write(entry(id))));
        await new Promise((r) => setTimeout(r, 150));
      }
      // Without the server's own limit, every COPY given up on would still be waiting for the table.
      const copying = await direct.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%COPY check_log%' AND state = 'active' AND pid <> pg_backend_pid()",
      );
      expect(copying.rows[0]!.n).toBeLessThanOrEqual(1);
      outcomes = await Promise.all(pending);
    } finally {
      await direct.query('COMMIT');
    }
    expect(new Set(outcomes)).toEqual(new Set(['store-unavailable']));
    expect(await untilCommitted(log, 'chk_busy_after', 3)).toContain('committed');
    // Once the table is free nothing refused turns up in the log.
    expect((await direct.query('SELECT check_id FROM check_log WHERE check_id = ANY($1)', [ids])).rows).toEqual([]);
  });

  // Without a bound on ending its own sessions, closing waited for ever on the notification
  // session; without closing what the pool leaves open, the process stayed alive.
  it('closes the store, and lets its process exit, when its connections have gone silent', { timeout: 20_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'support', 'close-child.ts'), proxiedUrl], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const said = (word: string) => new Promise<void>((resolve) => child.stdout.on('data', (d) => (out += d) && out.includes(word) && resolve()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await said('ready');
    expect(proxy.freeze(true)).toBeGreaterThan(0);
    child.stdin.write('close\n');
    await said('closed');
    expect(await exited).toBe(0);
  });

  it('listens again after its notification session is cut', { timeout: 20_000 }, async () => {
    const other = await openDatabase({ databaseUrl: proxiedUrl, poolSize: 2 });
    try {
      const heard: string[] = [];
      await other.listen('xinyong_relisten', (p) => heard.push(p));
      await direct.query("SELECT pg_notify('xinyong_relisten', 'before')");
      await expect.poll(() => heard, { timeout: 5000 }).toContain('before');
      // Cut without a word: the session is lost (an unheard error would end the process) and made again.
      proxy.cut();
      await expect
        .poll(
          async () => {
            await direct.query("SELECT pg_notify('xinyong_relisten', 'after')");
            return heard;
          },
          { timeout: 10_000, interval: 300 },
        )
        .toContain('after');
    } finally {
      await other.close();
    }
  });

  it('survives connections cut in the middle of a statement, and the pool goes on', async () => {
    await direct.query('BEGIN');
    await direct.query('LOCK TABLE check_log IN ACCESS EXCLUSIVE MODE');
    let failed: unknown;
    try {
      const copying = db.copyIn(
        'check_log',
        ['check_id', 'subject_key', 'scenario', 'as_of', 'asked_at', 'asked_by', 'outcome', 'measures', 'policy_version'],
        'chk_cut_0001\tk\ts\t2026-11-20\t2026-11-20T04:00:00Z\ta\tnone\t{}\tv\n',
      );
      const querying = db.transaction((tx) => tx.query('SELECT count(*) FROM check_log'));
      await new Promise((r) => setTimeout(r, 200));
      // Cut without a word from the server: node-postgres reports it as an error event on the
      // client in use, which would end the process if nobody listened.
      proxy.cut();
      failed = await Promise.allSettled([copying, querying]);
    } finally {
      await direct.query('COMMIT');
    }
    expect((failed as PromiseSettledResult<unknown>[]).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(await direct.query("SELECT 1 FROM check_log WHERE check_id = 'chk_cut_0001'").then((r) => r.rowCount)).toBe(0);
  });
});
