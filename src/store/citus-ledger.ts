// The ledger's tables on a Citus cluster: a log per shard of the subjects' co-location group, so
// that a filing's events, its log's head and its tree's nodes lie on the worker of the subject's
// other rows and an append for one subject runs on one worker. A new store made on a coordinator
// gets placement `citus-shard` (ledger/placement.ts): one subject log per shard of the group's
// anchor, log n's key a text whose hash falls in shard n - 1 (log 0's in shard 0), and ledger_log,
// ledger_block, ledger_tile and ledger_level4_fill gain the column log_key, by which they are
// distributed in the group. A store whose ledger already holds events keeps its placement and its
// ledger tables stay on the coordinator. Called by citus.ts after the subjects' tables are laid out.
import type { Queryable } from './database.ts';
import { hashtext } from './pg-hashtext.ts';

/** The ledger's tables distributed by log_key, with their primary keys there. */
export const LEDGER_KEYS: Readonly<Record<string, readonly string[]>> = {
  ledger_log: ['log_key', 'log'],
  ledger_block: ['log_key', 'log', 'first_idx'],
  ledger_tile: ['log_key', 'log', 'level', 'idx'],
  ledger_level4_fill: ['log_key', 'log'],
};

/**
 * The key of log `log`: the first `log-<log>-<i>` whose hash falls in shard log - 1 (a subject
 * log's), or in the first shard (the platform log's, whose events have no subject), so that the
 * logs in their order lie in the shards in theirs.
 */
export function logKeyFor(log: number, bounds: readonly number[]): string {
  const shard = Math.max(0, log - 1);
  const lo = bounds[shard]!;
  const hi = shard + 1 < bounds.length ? bounds[shard + 1]! : 2 ** 31;
  for (let i = 0; ; i++) {
    const key = `log-${log}-${i}`;
    const h = hashtext(key);
    if (h >= lo && h < hi) return key;
  }
}

/** Keys of every kind the placement must agree on: ASCII, Chinese, astral, and long enough for hash_bytes' loop. */
const SAMPLE_KEYS = ['91330100716105852F', 'subject-1', '杭州示例科技有限公司', '😀', '长'.repeat(300), 'z'.repeat(5000)];

/**
 * Refuses a cluster whose shard placement the TypeScript hash would not reproduce: the server's
 * encoding must be UTF8 (hashtext hashes the stored bytes, which pg-hashtext.ts takes as UTF-8),
 * and Citus must put the sample keys and the logs' keys in the shards `bounds` says.
 */
export async function assertPlacementAgrees(tx: Queryable, anchor: string, bounds: readonly number[], logKeys: readonly string[]): Promise<void> {
  const [enc] = await tx.query<{ encoding: string }>("SELECT current_setting('server_encoding') AS encoding");
  if (enc!.encoding !== 'UTF8') {
    throw new Error(`the ledger cannot be laid out on Citus: the server's encoding is ${enc!.encoding}, and a subject's log is placed by the hash of its UTF-8 bytes`);
  }
  const keys = [...SAMPLE_KEYS, ...logKeys];
  const rows = await tx.query<{ key: string; min: number }>(
    `SELECT t.key, s.shardminvalue::int AS min FROM unnest($1::text[]) WITH ORDINALITY AS t(key, n)
       JOIN pg_dist_shard s ON s.shardid = get_shard_id_for_distribution_column($2::regclass, t.key) ORDER BY t.n`,
    [keys, anchor],
  );
  const wrong = rows.filter((r) => r.min !== shardBound(hashtext(r.key), bounds));
  if (rows.length !== keys.length || wrong.length > 0) {
    const key = wrong[0]?.key ?? '(a key without a shard)';
    throw new Error(
      `the ledger cannot be laid out on Citus: ${anchor} places ${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)} in another shard than the TypeScript hash (pg-hashtext.ts) with the shards' bounds`,
    );
  }
}

/** The lowest hash of the shard whose range holds `hash`. */
function shardBound(hash: number, bounds: readonly number[]): number {
  let lo = bounds[0]!;
  for (const b of bounds) if (b <= hash) lo = b;
  return lo;
}

/**
 * Lays the ledger's tables out in the group of `anchor` (a table distributed by subject_key), in
 * the caller's transaction, if the store's ledger holds no event yet and is not laid out; returns
 * the tables distributed now.
 */
export async function layOutLedgerOnCitus(tx: Queryable, anchor: string): Promise<string[]> {
  const tables = Object.keys(LEDGER_KEYS);
  const [state] = await tx.query<{ present: number; placed: boolean; distributed: number }>(
    `SELECT (SELECT count(*)::int FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL) AS present,
            EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'ledger_meta' AND column_name = 'placement') AS placed,
            (SELECT count(*)::int FROM pg_dist_partition WHERE logicalrelid::text = ANY($1::text[])) AS distributed`,
    [tables],
  );
  // A store opened up to an earlier migration, or laid out already.
  if (state!.present < tables.length || !state!.placed || state!.distributed > 0) return [];
  const [meta] = await tx.query<{ placement: string; events: number }>(
    'SELECT placement, (SELECT coalesce(sum(size), 0)::int FROM ledger_log) AS events FROM ledger_meta',
  );
  // The logs are made when the store is opened, after the migrations: until then, nothing to lay out.
  if (!meta || meta.events > 0) return [];
  const bounds = (
    await tx.query<{ min: number }>('SELECT shardminvalue::int AS min FROM pg_dist_shard WHERE logicalrelid = $1::regclass ORDER BY 1', [anchor])
  ).map((r) => r.min);
  if (bounds.length < 1 || bounds.length > 4096) throw new Error(`${anchor} has ${bounds.length} shards: a store has 1 to 4096 subject logs`);
  const keys = Array.from({ length: bounds.length + 1 }, (_, log) => logKeyFor(log, bounds));
  await assertPlacementAgrees(tx, anchor, bounds, keys);
  // The empty logs, one per shard (the edge of an empty log is log 0's, which is empty too).
  await tx.query('DELETE FROM ledger_log WHERE log > $1', [bounds.length]);
  await tx.query(
    `INSERT INTO ledger_log (log, edge) SELECT g, z.edge FROM generate_series(1, $1::int) AS g, (SELECT edge FROM ledger_log WHERE log = 0) AS z
     ON CONFLICT (log) DO NOTHING`,
    [bounds.length],
  );
  await tx.query("UPDATE ledger_meta SET placement = 'citus-shard', partitions = $1, shard_bounds = $2::int[], log_keys = $3::text[]", [
    bounds.length,
    bounds,
    keys,
  ]);
  for (const table of tables) await tx.query(`ALTER TABLE ${table} ADD COLUMN log_key text`);
  await tx.query('UPDATE ledger_log SET log_key = ($1::text[])[log + 1]', [keys]);
  for (const [table, key] of Object.entries(LEDGER_KEYS)) {
    await tx.query(
      `ALTER TABLE ${table} ALTER COLUMN log_key SET NOT NULL, DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (${key.join(', ')})`,
    );
  }
  // The append-only check reads the table it fires on: on a worker, the shard.
  await tx.query(`CREATE OR REPLACE FUNCTION ledger_block_follows_shard() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
  next_idx bigint;
BEGIN
  EXECUTE format('SELECT b.first_idx + b.events FROM %I.%I b WHERE b.log_key = $1 AND b.log = $2 ORDER BY b.first_idx DESC LIMIT 1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
    INTO next_idx USING NEW.log_key, NEW.log;
  IF NEW.first_idx <> coalesce(next_idx, 0) THEN
    RAISE EXCEPTION 'the ledger is append-only: the next block of log % starts at event %, not %', NEW.log, coalesce(next_idx, 0), NEW.first_idx
      USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$f$`);
  await tx.query('DROP TRIGGER ledger_block_follows ON ledger_block');
  await tx.query('CREATE TRIGGER ledger_block_follows BEFORE INSERT ON ledger_block FOR EACH ROW EXECUTE FUNCTION ledger_block_follows_shard()');
  for (const table of tables) await tx.query("SELECT create_distributed_table($1, 'log_key', colocate_with => $2)", [table, anchor]);
  return tables;
}
