// Forks a log as someone who holds the database could: one of its events is rewritten, and the
// log's tiles and head are recomputed from its entries by the append's own code, so that the
// platform's structures agree with the rewritten log and sign it as they would an honest one. The
// checkpoints and cosignatures that committed to the old log are deleted with it. Only a witness
// that kept an earlier checkpoint can tell.
import type { Database } from '../../src/store/database.ts';
import { takeAllLogs, writeLeaves } from '../../src/ledger/ledger.ts';
import { EMPTY_EDGE } from '../../src/ledger/log-tree.ts';
import { ledgerRows } from './ledger-rows.ts';

export async function forkLog(db: Database, log: number, index: number, rewrite: (payload: string) => string): Promise<void> {
  await db.transaction(async (tx) => {
    // The triggers that keep the ledger append-only are off for this transaction.
    await tx.query("SET LOCAL session_replication_role = 'replica'");
    const entries = await ledgerRows(tx, (r) => r.log === log);
    const target = entries.find((e) => e.idx === index);
    if (!target) throw new Error(`log ${log} has no entry ${index}`);
    const rewritten = rewrite(target.payload);
    if (rewritten === target.payload) throw new Error(`the rewrite leaves entry ${index} of log ${log} as it is`);
    await tx.query('DELETE FROM ledger_block WHERE log = $1', [log]);
    await tx.query('DELETE FROM ledger_tile WHERE log = $1', [log]);
    await tx.query('UPDATE ledger_log SET size = 0, last_at = NULL, edge = $2 WHERE log = $1', [log, EMPTY_EDGE]);
    await writeLeaves(
      tx,
      await takeAllLogs(tx),
      entries.map((e) => ({
        log,
        type: e.type,
        subject: e.subject_key,
        at: new Date(e.recorded_at).toISOString(),
        payload: e === target ? rewritten : e.payload,
      })),
    );
    await tx.query('DELETE FROM ledger_cosignature');
    await tx.query('DELETE FROM ledger_checkpoint');
  });
}
