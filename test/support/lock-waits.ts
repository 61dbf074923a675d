// How many sessions of a test's database wait for a lock, for tests that hold a lock and go on
// once their other sessions queue behind it. On Citus a row of a distributed or reference table
// is locked on the node holding its shard, so the wait is looked for on every node.
import type { Queryable } from '../../src/store/database.ts';
import type { AnyTestStore } from './stores.ts';

export async function lockWaiters(q: Queryable, store: AnyTestStore): Promise<number> {
  const activity = store === 'citus' ? 'citus_stat_activity' : 'pg_stat_activity';
  const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${activity} WHERE datname = current_database() AND wait_event_type = 'Lock'`);
  return row!.n;
}
