// Two `xinyong serve` processes on one store, PostgreSQL and Citus: a record filed through one
// changes the credit check the other answers, by notification alone (they poll once an hour);
// the list change feeds of both agree; the scheduler's work is done once, by the holder of its
// lease, and when the holder is killed (kill -9) the other takes the lease over once it runs
// out. How long a change takes to reach the other is a latency, printed, not held to a figure
// on a busy machine; every wait here is asked until it ends, bounded by the test's time limit.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, type AnyTestStore } from '../support/stores.ts';
import { probeCitus } from '../support/citus.ts';
import { addAgency, asActor, openTestPlatform, TEST_SECRET, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, judgment, penalty, registration } from '../support/records.ts';
import { callJson } from '../support/http.ts';
import { ledgerRows } from '../support/ledger-rows.ts';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';
import { readLease } from '../../src/features/scheduler/lease.store.ts';
import { SCHEDULER_LEASE } from '../../src/features/scheduler/scheduler.ts';

const BIN = resolve(import.meta.dirname, '../../bin/xinyong');
/** The lease the servers are given here: short, so that a takeover comes soon after a kill. */
const LEASE_SECONDS = 4;

const citus = await probeCitus();
const SERVER_STORES: AnyTestStore[] = [...STORES.filter((s) => s === 'postgres'), ...(citus.ok ? (['citus'] as const) : [])];

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks `probe` until it answers something other than undefined (the test's time limit ends a wait that never does). */
async function until<T>(probe: () => Promise<T | undefined>, everyMs = 20): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    await pause(everyMs);
  }
}

interface Server {
  name: string;
  child: ChildProcess;
  url: string;
  /** The structured log lines the server wrote, parsed. */
  logs: Array<Record<string, any>>;
  exited: Promise<unknown>;
}

async function serve(name: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, any>> = [];
  let rest = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, any>);
      } catch {
        // not a log line
      }
    }
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (child.exitCode !== null) throw new Error(`server ${name} exited with ${child.exitCode}: ${stderr}`);
    try {
      return (await fetch(`${url}/healthz`)).ok ? true : undefined;
    } catch {
      return undefined;
    }
  }, 100);
  return { name, child, url, logs, exited };
}

describe.each(SERVER_STORES)('two server processes on one store (%s)', (store) => {
  let t: TestPlatform;
  let a: Server;
  let b: Server;
  let samrKey: string;
  let courtKey: string;
  const servers = () => [a, b];
  const linesOf = (msg: string) => servers().flatMap((s) => s.logs.filter((l) => l.msg === msg).map((l) => ({ server: s.name, ...l })));
  /** The ledger's events of a type, with their data. */
  const events = async (type: string) =>
    (await ledgerRows(t.platform.db, (r) => r.type === type)).map((r) => (JSON.parse(r.payload) as { data: Record<string, unknown> }).data);

  /** The records whose publicity the scheduler should end, once each. */
  const due: string[] = [];
  const endedRecords = async () => (await events('record.publicity-ended')).map((d) => d.recordId as string);

  beforeAll(async () => {
    // What the scheduler will find due, filed as of 2023: a general penalty and an abnormal
    // operations record, whose publicity has run out (a year and three years at most), the
    // latter's listing on the list for more than the three years after which an entry is
    // proposed for the serious list.
    t = await openTestPlatform(store, '2023-06-01T02:00:00Z');
    const samr = await addAgency(t.platform, 'samr-hangzhou', 'market-regulation');
    samrKey = samr.apiKey;
    courtKey = (await addAgency(t.platform, 'court-xihu', 'court')).apiKey;
    await asActor({ type: 'agency', id: 'samr-hangzhou' }, async () => {
      const filed = await t.platform.intake.submit(samr.principal, [
        { line: 1, value: registration(ORG_A) },
        { line: 2, value: registration(ORG_B, '深圳示例电子有限公司') },
        { line: 3, value: registration(ORG_C, '深圳示例贸易有限公司') },
        { line: 4, value: penalty(1, { code: ORG_A, date: '2023-05-20' }) },
        {
          line: 5,
          value: {
            item: 'abnormal-operations',
            subject: { code: ORG_C, name: '深圳示例贸易有限公司' },
            decision: { number: '深市监异〔2023〕1号', date: '2023-05-25', authority: '深圳市市场监督管理局', basis: '《企业信息公示暂行条例》第十七条' },
            fields: { reason: 'unreachable-at-registered-address' },
          },
        },
      ]);
      due.push(filed.records[3]!.recordId, filed.records[4]!.recordId);
      const [entry] = await t.platform.db.query<{ entry_id: string }>("SELECT entry_id FROM list_entry WHERE list = 'abnormal-operations'");
      await t.platform.lists.act({ kind: 'agency', agency: samr.principal }, entry!.entry_id, { type: 'decide', outcome: 'add', reasons: '通过登记的住所无法联系。' });
    });
    t.clock.set(new Date());
    // Both servers started at once, as a deployment starts them.
    const env = {
      DATABASE_URL: t.location.databaseUrl!,
      XINYONG_DATA_DIR: t.location.dataDir,
      XINYONG_ID_HASH_SECRET: TEST_SECRET,
      XINYONG_REPORT_SIGNING_KEY: generateSigningKeyPem(),
      XINYONG_LOG_LEVEL: 'info',
      XINYONG_FOLLOW_POLL_SECONDS: '3600',
      XINYONG_SCHEDULER_LEASE_SECONDS: String(LEASE_SECONDS),
    };
    [a, b] = await Promise.all([serve('a', env), serve('b', env)]);
  });
  afterAll(async () => {
    for (const s of [a, b]) {
      if (s && s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGTERM');
        await s.exited;
      }
    }
    await t?.close();
  });

  const check = async (s: Server, subject: string) => {
    const r = await callJson(s.url, 'POST', '/v1/checks', samrKey, { subject, scenario: 'procurement-bid' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.outcome as string;
  };
  const yesterday = () => t.platform.policy.localDate(new Date(Date.now() - 86_400_000));

  it('does the scheduler work once, in the holder of the lease, and the daily evaluation once', async () => {
    // The holder's first run is over when the day's evaluation is recorded.
    const lease = await until(async () => {
      const l = await readLease(t.platform.db, SCHEDULER_LEASE);
      return l?.dailyEvaluationOn ? l : undefined;
    }, 100);
    const holder = servers().find((s) => lease.holder?.includes(`/${s.child.pid}/`));
    expect(holder, `the lease's holder ${lease.holder} is one of the two servers`).toBeDefined();
    // The penalty's publicity (a year at most) and the abnormal operations record's (three years) ended, once each.
    expect((await endedRecords()).sort()).toEqual([...due].sort());
    expect((await events('list.proposed')).filter((d) => d.origin === 'escalation')).toMatchObject([{ list: 'samr-serious-illegal' }]);
    const evaluations = await until(async () => {
      const lines = linesOf('daily evaluation ran');
      return lines.length > 0 ? lines : undefined;
    });
    expect(evaluations.map((l) => l.server)).toEqual([holder!.name]);
    // Every run of the scheduler was the holder's (the other never held the lease).
    expect(new Set(linesOf('scheduler ran').map((l) => l.server))).toEqual(new Set([holder!.name]));
  });

  it('answers on one a check changed by a record filed through the other, by notification', async () => {
    for (const [from, to, subject, n] of [
      [a, b, ORG_A, 1],
      [b, a, ORG_B, 2],
    ] as const) {
      expect(await check(to, subject)).not.toBe('prohibit');
      const filed = await callJson(from.url, 'POST', '/v1/records', courtKey, judgment(n, subject, yesterday()));
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      const at = performance.now();
      await until(async () => ((await check(to, subject)) === 'prohibit' ? true : undefined), 5);
      const ms = performance.now() - at;
      console.log(`${store}: a listing filed through server ${from.name} changed server ${to.name}'s check after ${ms.toFixed(0)} ms`);
    }
  });

  it('serves the same list change feeds from both', async () => {
    const codes = ((await callJson(a.url, 'GET', '/v1/lists', null)).body.lists as Array<{ code: string }>).map((l) => l.code);
    expect(codes).toEqual(expect.arrayContaining(['abnormal-operations', 'dishonest-judgment-defaulters']));
    let changes = 0;
    for (const code of codes) {
      const feeds = await Promise.all(servers().map(async (s) => (await callJson(s.url, 'GET', `/v1/lists/${code}/changes?after=0&limit=1000`, null)).body));
      expect(feeds[0]).toEqual(feeds[1]);
      changes += (feeds[0]!.changes as unknown[]).length;
    }
    expect(changes).toBe(3); // the abnormal operations listing and the two judgment defaulters
  });

  it('hands the scheduler to the other when its holder is killed, once the lease runs out', async () => {
    const before = (await readLease(t.platform.db, SCHEDULER_LEASE))!;
    const holder = servers().find((s) => before.holder?.includes(`/${s.child.pid}/`))!;
    const other = servers().find((s) => s !== holder)!;
    holder.child.kill('SIGKILL');
    await holder.exited;
    const killedAt = Date.now();
    const after = await until(async () => {
      const l = await readLease(t.platform.db, SCHEDULER_LEASE);
      return l?.holder?.includes(`/${other.child.pid}/`) ? l : undefined;
    }, 100);
    // Not before the killed holder's lease ran out (by the store's record of it).
    expect(after.term).toBe(before.term + 1);
    expect(Date.now()).toBeGreaterThanOrEqual(before.expiresAt!.getTime());
    console.log(`${store}: the scheduler lease passed to server ${other.name} ${Date.now() - killedAt} ms after its holder was killed (lease ${LEASE_SECONDS} s)`);
    // The new holder runs the scheduler, which finds nothing left to do, and not the day's evaluation again.
    const runs = await until(async () => {
      const r = other.logs.filter((l) => l.msg === 'scheduler ran');
      return r.length > 0 ? r : undefined;
    });
    expect(runs[0]!.tick).toMatchObject({ publicityEnded: 0, escalationsProposed: 0, entriesExpired: 0 });
    expect(linesOf('daily evaluation ran')).toHaveLength(1);
    expect((await endedRecords()).sort()).toEqual([...due].sort());
    // And it still answers checks.
    expect(await check(other, ORG_A)).toBe('prohibit');
  });
});
