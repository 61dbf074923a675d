// Opening the ledger: a new store gets its logs (the platform log and `partitions` subject logs,
// fixed from then on); a store written by an earlier release, whose ledger is one hash chain,
// is converted. Its chain is checked whole first (a broken chain is not converted: the store
// stays as it is and the error names the first bad event); its events, their bytes unchanged,
// become the first entries of their logs in chain order; a ledger.upgraded event in the platform
// log records the chain's length and head hash, so every later checkpoint commits to them; the
// projections are rebuilt, since they count events by their index in their log. All of it runs
// in migration 18's transaction: a crash or a failure leaves the old store or the new one.
import type { Database, Queryable } from '../store/database.ts';
import { ADVISORY_LOCK, SYSTEM_ACTOR } from '../kernel/constants.ts';
import { appendEvents, logOf, takeAllLogs, writeLeaves, type Leaf } from './ledger.ts';
import { EMPTY_EDGE } from './log-tree.ts';
import { ChainBrokenError, chainEvents, checkChain, hasChain } from '../store/legacy-chain.ts';
import { replayLedger } from './rebuild.ts';

export interface LedgerOpened {
  /** The logs were made now. */
  created: boolean;
  /** An earlier release's chain converted now: its length and head hash. */
  upgraded: { events: number; head: string } | null;
}

/** The migration that makes the logs: openLedgerIn runs in its transaction (see Platform.open). */
export const LEDGER_MIGRATION = 18;

export async function openLedger(db: Database, options: { partitions: number; at: Date }): Promise<LedgerOpened> {
  return db.transaction((tx) => openLedgerIn(tx, options));
}

/**
 * Makes a new store's logs or converts an earlier release's chain, in the caller's transaction:
 * run inside migration 18's, a conversion that fails for any reason leaves the store as its
 * release left it.
 */
export async function openLedgerIn(tx: Queryable, options: { partitions: number; at: Date }): Promise<LedgerOpened> {
  // Two servers opening one new store: the second waits, then finds the logs made.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.ledgerLogs]);
  const [meta] = await tx.query<{ partitions: number }>('SELECT partitions FROM ledger_meta');
  if (meta) return { created: false, upgraded: null };
  const partitions = options.partitions;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 4096) throw new RangeError(`a store has 1 to 4096 subject logs, not ${partitions}`);
  await tx.query('INSERT INTO ledger_meta (partitions, created_at) VALUES ($1, $2)', [partitions, options.at.toISOString()]);
  await tx.query(`INSERT INTO ledger_log (log, edge) SELECT g, decode($2, 'hex') FROM generate_series(0, $1::int) AS g`, [
    partitions,
    EMPTY_EDGE.toString('hex'),
  ]);
  const upgraded = (await hasChain(tx)) ? await convertChain(tx, partitions, options.at) : null;
  return { created: true, upgraded };
}

async function convertChain(tx: Queryable, partitions: number, at: Date): Promise<{ events: number; head: string } | null> {
  const check = await checkChain(tx);
  if (!check.intact) {
    throw new ChainBrokenError(
      `the ledger of this store (written by an earlier release) is broken at event ${check.firstBroken.seq}: ${check.firstBroken.reason}; it is not converted`,
    );
  }
  let upgraded: { events: number; head: string } | null = null;
  if (check.events > 0) {
    const heads = await takeAllLogs(tx);
    for await (const page of chainEvents(tx)) {
      const leaves: Leaf[] = page.map((e) => ({ log: logOf(e.subjectKey, partitions), type: e.type, subject: e.subjectKey, at: e.recordedAt.toISOString(), payload: e.payload }));
      await writeLeaves(tx, heads, leaves);
    }
    upgraded = { events: check.events, head: check.head };
    await appendEvents(tx, [{ type: 'ledger.upgraded', subject: null, data: { chain: upgraded } }], SYSTEM_ACTOR, at);
  }
  await tx.exec('DROP TABLE ledger_event');
  if (upgraded) await replayLedger(tx);
  return upgraded;
}
