// The Citus cluster the Citus-backed tests run on (scripts/citus-cluster.sh starts one on
// 127.0.0.1:9700-9702). Each test suite gets a database of its own on every node, with the
// extension and the workers registered in it (Citus keeps its node list per database), dropped
// afterwards. Without a cluster the Citus suites skip and say why, unless XINYONG_REQUIRE_CITUS=1
// (CI sets it), which makes a missing cluster a failure.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const CITUS_URL = process.env.XINYONG_TEST_CITUS_URL ?? 'postgres://postgres@127.0.0.1:9700/postgres';

const REQUIRED = process.env.XINYONG_REQUIRE_CITUS === '1';

/** Shards per distributed table in a test's database: two shard indexes on each of two workers. */
export const SHARD_COUNT = 4;

export interface CitusProbe {
  /** Whether a cluster with at least one worker answers at CITUS_URL. */
  ok: boolean;
  /** Why the Citus suites skip, when they do. */
  reason: string;
  workers: Array<{ host: string; port: number }>;
}

let probed: Promise<CitusProbe> | undefined;

/**
 * Whether the Citus suites can run. Without a cluster it resolves `ok: false` with the reason,
 * or rejects when XINYONG_REQUIRE_CITUS=1.
 */
export function probeCitus(): Promise<CitusProbe> {
  probed ??= probe().then((p) => {
    if (!p.ok && REQUIRED) throw new Error(`XINYONG_REQUIRE_CITUS=1 and ${p.reason}`);
    if (!p.ok) console.warn(`the Citus suites skip: ${p.reason}`);
    return p;
  });
  return probed;
}

async function probe(): Promise<CitusProbe> {
  const client = new pg.Client({ connectionString: CITUS_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (err) {
    return { ok: false, workers: [], reason: `no Citus cluster answers at ${CITUS_URL} (${(err as Error).message}); start one with scripts/citus-cluster.sh start` };
  }
  try {
    const [ext] = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'citus'")).rows;
    if (!ext || ext.n === 0) return { ok: false, workers: [], reason: `${CITUS_URL} is a PostgreSQL without the citus extension` };
    const workers = (await client.query<{ host: string; port: number }>('SELECT nodename AS host, nodeport AS port FROM pg_dist_node WHERE groupid <> 0 AND isactive ORDER BY nodeport'))
      .rows;
    if (workers.length === 0) return { ok: false, workers, reason: `the Citus coordinator at ${CITUS_URL} has no workers` };
    return { ok: true, workers, reason: '' };
  } finally {
    await client.end();
  }
}

export interface CitusStore {
  dataDir: string;
  /** The coordinator's URL for this suite's database. */
  databaseUrl: string;
  workers: Array<{ host: string; port: number }>;
  cleanup(): Promise<void>;
}

/** A new database on the coordinator and on every worker, with the extension and the workers registered. */
export async function freshCitusStore(): Promise<CitusStore> {
  const { workers } = await probeCitus();
  const name = `xinyong_test_${randomBytes(6).toString('hex')}`;
  const coordinator = new URL(CITUS_URL);
  const nodes = [coordinator, ...workers.map((w) => nodeUrl(coordinator, w.host, w.port))];
  // The nodes are servers of their own: each makes its database at the same time as the others.
  await Promise.all(
    nodes.map(async (node) => {
      await withClient(node.toString(), (c) => c.query(`CREATE DATABASE ${name}`));
      await withClient(inDatabase(node, name), (c) => c.query('CREATE EXTENSION citus'));
    }),
  );
  await withClient(inDatabase(coordinator, name), async (c) => {
    // A test's few rows need few shards: SHARD_COUNT a table instead of Citus's default 32 makes
    // laying the store out and every query that reads all shards several times faster.
    await c.query(`ALTER DATABASE ${name} SET citus.shard_count = ${SHARD_COUNT}`);
    await c.query('SELECT citus_set_coordinator_host($1, $2)', [coordinator.hostname, Number(coordinator.port || 5432)]);
    for (const w of workers) await c.query('SELECT citus_add_node($1, $2)', [w.host, w.port]);
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'xinyong-test-'));
  return {
    dataDir,
    databaseUrl: inDatabase(coordinator, name),
    workers,
    async cleanup() {
      await Promise.all(nodes.map((node) => withClient(node.toString(), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A node's URL: the coordinator's with another host and port. */
export function nodeUrl(base: URL, host: string, port: number): URL {
  const url = new URL(base.toString());
  url.hostname = host;
  url.port = String(port);
  return url;
}

/** A node's URL for one of its databases. */
export function inDatabase(node: URL, database: string): string {
  const url = new URL(node.toString());
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs fn on a connection of its own to url, closed afterwards. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
