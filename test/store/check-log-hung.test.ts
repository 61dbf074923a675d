// A connection that the network drops without a word (no reset, no answer: a failover behind a
// virtual address, a firewall forgetting the flow) must not hold the check log for ever. A proxy
// between the store and PostgreSQL freezes the connections it carries; the write on one of them
// runs out of time, is abandoned, and a later batch goes on a fresh connection. PostgreSQL only:
// PGlite runs in this process and has no connection to lose.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { openDatabase } from '../../src/store/open.ts';
import type { Database } from '../../src/store/database.ts';
import { CheckLog } from '../../src/checks/check-log.ts';
import { logEntry as entry } from '../support/check-log.ts';
import { AppError } from '../../src/errors/problems.ts';

/** A TCP proxy whose open connections can be frozen: from then on they carry nothing either way, and stay open. */
function freezingProxy(targetHost: string, targetPort: number) {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream, frozen: false };
    pairs.add(pair);
    client.on('data', (d) => void (pair.frozen || upstream.write(d)));
    upstream.on('data', (d) => void (pair.frozen || client.write(d)));
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
    freeze(): number {
      for (const p of pairs) p.frozen = true;
      return pairs.size;
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

describe.skipIf(!STORES.includes('postgres'))('check log on a PostgreSQL connection that stops answering', () => {
  let location: StoreLocation;
  let proxy: ReturnType<typeof freezingProxy>;
  let db: Database;

  beforeAll(async () => {
    location = await freshStore('postgres');
    const target = new URL(location.databaseUrl!);
    proxy = freezingProxy(target.hostname, Number(target.port || 5432));
    const port = await proxy.listen();
    const proxied = new URL(location.databaseUrl!);
    proxied.host = `127.0.0.1:${port}`;
    db = await openDatabase({ databaseUrl: proxied.toString(), poolSize: 4 });
  });
  afterAll(async () => {
    await proxy?.close();
    await db?.close();
    await location?.cleanup();
  });

  it('abandons the write that does not come back and goes on with a fresh connection', async () => {
    const log = new CheckLog(db, { waitMs: 400 });
    await log.write(entry('chk_hung_0000'));
    expect(proxy.freeze()).toBeGreaterThan(0);
    // Each open connection is now silent. A write on one of them hangs until its time runs out;
    // once the silent ones are used up, a new connection (through the same proxy, not frozen)
    // takes the next batch. Without abandoning, the first hung write would hold the writer, and
    // every attempt would run out of time.
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= 6 && outcomes.at(-1) !== 'committed'; attempt++) {
      const id = `chk_hung_${String(attempt).padStart(4, '0')}`;
      outcomes.push(
        await log.write(entry(id)).then(
          () => 'committed',
          (err: unknown) => (err instanceof AppError ? err.code : String(err)),
        ),
      );
    }
    expect(outcomes.at(-1)).toBe('committed');
    expect(outcomes.slice(0, -1).every((o) => o === 'store-unavailable')).toBe(true);
    expect(outcomes.length).toBeGreaterThan(1);
    const committed = `chk_hung_${String(outcomes.length).padStart(4, '0')}`;
    const rows = await db.query<{ check_id: string }>('SELECT check_id FROM check_log WHERE check_id = ANY($1)', [['chk_hung_0000', committed]]);
    expect(rows.map((r) => r.check_id).sort()).toEqual(['chk_hung_0000', committed]);
  });
});
