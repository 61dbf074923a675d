// The ledger's head: every log's size and root at one instant (one statement reads every log's
// row, so it is a prefix of every log), and the root over them: the Merkle tree head of the
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
  const rows = await q.query<{ log: number; size: number; edge: Uint8Array }>('SELECT log, size, edge FROM ledger_log ORDER BY log');
  return headOf(rows.map((r) => ({ log: r.log, size: r.size, root: CompactRange.fromBytes(r.edge).root().toString('base64') })));
}
