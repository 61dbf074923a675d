// The ledger's head: every log's size and root at one instant (one statement reads every log's
// row, so it is a prefix of every log; on Citus shards, see ledgerHeadOnShards), and the root over them: the Merkle tree head of the
// lines `log <n> <size> <base64 root>`, log 0 first, which a checkpoint signs beside the lines.
import type { Queryable } from '../store/database.ts';
import { CompactRange } from './tlog/compact-range.ts';
import { leafHash, rootOf } from './tlog/merkle.ts';

export interface LogState {
  log: number;
  size: number;
  /** The log's Merkle tree head, base64. */
  root: string;
}

export interface LedgerHead {
  /** Events in every log. */
  size: number;
  /** The root over the logs' heads, base64. */
  root: string;
  logs: LogState[];
}

export const headLine = (s: LogState) => `log ${s.log} ${s.size} ${s.root}`;

export function headOf(logs: readonly LogState[]): LedgerHead {
  const root = rootOf(logs.map((s) => leafHash(Buffer.from(headLine(s), 'utf8'))));
  return { size: logs.reduce((n, s) => n + s.size, 0), root: root.toString('base64'), logs: [...logs] };
}

export async function ledgerHead(q: Queryable): Promise<LedgerHead> {
  return headOfRows(await q.query<HeadRow>('SELECT log, size, edge FROM ledger_log ORDER BY log'));
}

/**
 * The head of a ledger laid out on Citus shards (placement.ts), whose logs no one statement reads
 * at one instant: each log's row is read by a statement on its shard, in log order, and kept from
 * writers (FOR SHARE) until the caller's transaction ends. The heads are then a consistent cut:
 * an append in it was preceded by nothing that is not. (An append T committed before another, U,
 * took its logs: if T's log comes first, T either committed before the cut reached that log or
 * waits for the cut's end, after U's commit, which is impossible; if it comes later, the cut
 * reaches it after U's log, after T committed.) Appends to the logs read wait meanwhile.
 */
export async function ledgerHeadOnShards(tx: Queryable, keys: readonly string[]): Promise<LedgerHead> {
  const rows: HeadRow[] = [];
  for (const [log, key] of keys.entries()) rows.push(...(await tx.query<HeadRow>('SELECT log, size, edge FROM ledger_log WHERE log_key = $1 AND log = $2 FOR SHARE', [key, log])));
  return headOfRows(rows);
}

interface HeadRow {
  log: number;
  size: number;
  edge: Uint8Array;
  [k: string]: unknown;
}

const headOfRows = (rows: readonly HeadRow[]) => headOf(rows.map((r) => ({ log: r.log, size: r.size, root: CompactRange.fromBytes(r.edge).root().toString('base64') })));
