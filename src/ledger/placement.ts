// How a store places subjects in its logs, fixed when the store is made (ledger_meta, migration
// 33): `sha256` (every store on PGlite or PostgreSQL, and every store made before Citus stores
// had logs of their own) or `citus-shard`, a store made on a Citus coordinator, whose subject logs
// are one per shard of the subjects' co-location group, so that a subject's events lie on the
// worker of its other rows. logOf (ledger.ts) decides a subject's log from the placement. On a
// citus-shard store every ledger table is distributed by log_key, and a query names its log's key
// so that Citus sends it to that log's shard alone (store/citus-ledger.ts).
import type { Queryable } from '../store/database.ts';
import { hashtext } from '../store/pg-hashtext.ts';

export interface LogPlacement {
  kind: 'sha256' | 'citus-shard';
  /** How many subject logs the store has. */
  partitions: number;
  /** citus-shard: the lowest hash of each subject log's shard, ascending (log 1's first). */
  bounds: readonly number[] | null;
  /** citus-shard: each log's key (log 0 first), the value of log_key in its rows. */
  keys: readonly string[] | null;
}

interface MetaRow {
  partitions: number;
  placement: LogPlacement['kind'];
  shard_bounds: number[] | null;
  log_keys: string[] | null;
  [k: string]: unknown;
}

/** The store's placement, read from ledger_meta (one row of a table every node holds). */
export async function placementOf(q: Queryable): Promise<LogPlacement> {
  const [meta] = await q.query<MetaRow>('SELECT partitions, placement, shard_bounds, log_keys FROM ledger_meta');
  if (!meta) throw new Error('the store has no ledger logs: open it with openPlatform, which creates them');
  return { kind: meta.placement, partitions: meta.partitions, bounds: meta.shard_bounds, keys: meta.log_keys };
}

/** The subject log of a key on a citus-shard store: 1 + the index of the shard whose range holds hashtext(key). */
export function shardLogOf(subjectKey: string, bounds: readonly number[]): number {
  const h = hashtext(subjectKey);
  // The last shard whose lowest hash is at most h.
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= h) lo = mid;
    else hi = mid - 1;
  }
  return 1 + lo;
}

const keysByQueryable = new WeakMap<Queryable, Promise<readonly string[] | null>>();

/**
 * The logs' keys of a citus-shard store (log 0 first), or null on any other store: what routes a
 * query of one log's rows to its shard. Read once for each Queryable (a store's placement never
 * changes once its ledger holds an event).
 */
export function logKeysOf(q: Queryable): Promise<readonly string[] | null> {
  let keys = keysByQueryable.get(q);
  if (!keys) {
    keys = q.query<{ log_keys: string[] | null }>('SELECT log_keys FROM ledger_meta').then((rows) => rows[0]?.log_keys ?? null);
    keysByQueryable.set(q, keys);
    keys.catch(() => keysByQueryable.delete(q));
  }
  return keys;
}

/**
 * The condition that names a log's key on a citus-shard store, as SQL with the key as parameter
 * `$n` (prefixed by `alias.` when given), and the parameters to append; nothing elsewhere.
 */
export function onLogShard(keys: readonly string[] | null, log: number, n: number, alias?: string): { sql: string; params: string[] } {
  if (!keys) return { sql: '', params: [] };
  return { sql: ` AND ${alias ? `${alias}.` : ''}log_key = $${n}`, params: [keys[log]!] };
}
