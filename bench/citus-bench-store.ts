// A fresh benchmark database on the local Citus cluster (scripts/citus-cluster.sh): made on the
// coordinator and on the workers the store uses, with the extension in each and only those
// workers registered in the coordinator's copy (Citus keeps its node list per database), so that
// one cluster serves a store on one worker and a store on two.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchNode, BenchStore } from './lib.ts';
import { inDatabase, nodeUrl, withClient } from '../test/support/citus.ts';

export const CITUS_ADMIN_URL = process.env.XINYONG_BENCH_CITUS_URL ?? 'postgres://postgres@127.0.0.1:9700/postgres';

/**
 * A new database on the coordinator and on its first `workers` workers by port (all it knows
 * when null), dropped on every node by cleanup(). `shardCount` sets citus.shard_count for the
 * database (Citus's default, 32, when undefined).
 */
export async function freshCitusBenchStore(name: BenchStore['name'], workers: number | null, shardCount?: number): Promise<BenchStore> {
  const coordinator = new URL(CITUS_ADMIN_URL);
  const known = await withClient(coordinator.toString(), async (c) => {
    const ext = await c.query("SELECT 1 FROM pg_extension WHERE extname = 'citus'");
    if (ext.rows.length === 0)
      throw new Error(`${CITUS_ADMIN_URL} is a PostgreSQL without the citus extension; start the cluster with scripts/citus-cluster.sh start`);
    return (
      await c.query<{ host: string; port: number }>(
        'SELECT nodename AS host, nodeport AS port FROM pg_dist_node WHERE groupid <> 0 AND isactive ORDER BY nodeport',
      )
    ).rows;
  });
  if (known.length === 0 || (workers !== null && known.length < workers))
    throw new Error(`the ${name} store needs ${workers ?? 'at least one'} workers; the coordinator at ${CITUS_ADMIN_URL} knows ${known.length}`);
  const used = workers === null ? known : known.slice(0, workers);
  const db = `xinyong_bench_${randomBytes(4).toString('hex')}`;
  const servers = [{ name: 'coordinator', url: coordinator }, ...used.map((w, i) => ({ name: `worker${i + 1}`, url: nodeUrl(coordinator, w.host, w.port) }))];
  const dropAll = () => Promise.all(servers.map((s) => withClient(s.url.toString(), (c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`))));
  try {
    // The nodes are servers of their own: each makes its database at the same time as the others.
    await Promise.all(
      servers.map(async (s) => {
        await withClient(s.url.toString(), (c) => c.query(`CREATE DATABASE ${db}`));
        await withClient(inDatabase(s.url, db), (c) => c.query('CREATE EXTENSION citus'));
      }),
    );
    await withClient(inDatabase(coordinator, db), async (c) => {
      if (shardCount !== undefined) await c.query(`ALTER DATABASE ${db} SET citus.shard_count = ${Math.trunc(shardCount)}`);
      await c.query('SELECT citus_set_coordinator_host($1, $2)', [coordinator.hostname, Number(coordinator.port || 5432)]);
      for (const w of used) await c.query('SELECT citus_add_node($1, $2)', [w.host, w.port]);
    });
  } catch (err) {
    await dropAll().catch(() => undefined);
    throw err;
  }
  const dataDir = mkdtempSync(join(tmpdir(), `xinyong-bench-${name}-`));
  const nodes: BenchNode[] = servers.map((s) => ({ name: s.name, databaseUrl: inDatabase(s.url, db) }));
  return {
    name,
    dataDir,
    databaseUrl: nodes[0]!.databaseUrl,
    nodes,
    async cleanup() {
      await dropAll();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
