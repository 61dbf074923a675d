// Opening the ledger: a new store gets its logs (the platform log and `partitions` subject logs,
// fixed from then on); a store written by an earlier release, whose ledger is one hash chain,
// is converted. Its chain is checked whole first (a broken chain is not converted: the store
// stays as it is and the error names the first bad event); its events, their bytes unchanged,
// become the first entries of their logs in chain order; a ledger.upgraded event in the platform
// log records the chain's length and head hash, so every later checkpoint commits to them; the
// projections are rebuilt, since they count events by their index in their log. A store written
// with a row per event (migration 18's layout) has its events moved into blocks, unchanged. All
// of it runs in migration 19's transaction: a crash or a failure leaves the old store or the new
// one. A store written before migration 30 has its logs' level-4 nodes filled (level4-fill.ts):
// the last leaf tile of each log before anything is appended, the rest a batch a transaction.
import type { Database, Queryable } from '../store/database.ts';
import { ADVISORY_LOCK, SYSTEM_ACTOR } from '../kernel/constants.ts';
import { appendEvents, logOf, takeAllLogs, writeLeaves, type Leaf } from './ledger.ts';
import { EMPTY_EDGE } from './log-tree.ts';
import { BLOCK_COLUMNS, blockCopyLines } from './blocks.ts';
import { ChainBrokenError, chainEvents, checkChain, hasChain } from '../store/legacy-chain.ts';
import { replayLedger } from './rebuild.ts';
import { fillLevel4Batch } from './level4-fill.ts';

export interface LedgerOpened {
  /** The logs were made now. */
  created: boolean;
  /** An earlier release's chain converted now: its length and head hash. */
  upgraded: { events: number; head: string } | null;
}

/** The migration after which the logs are made or converted: openLedgerIn runs in its transaction (see Platform.open). */
export const LEDGER_MIGRATION = 19;

export async function openLedger(db: Database, options: { partitions: number; at: Date }): Promise<LedgerOpened> {
  const opened = await db.transaction((tx) => openLedgerIn(tx, options));
  await fillLevel4(db);
  return opened;
}

/** Fills every leaf tile's level-4 nodes that a log written before migration 30 lacks (level4-fill.ts). */
export async function fillLevel4(db: Database): Promise<void> {
  while ((await db.transaction((tx) => fillLevel4Batch(tx, FILL_TILES))).more);
}

/** Leaf tiles of each log filled a transaction (4,096 events). */
const FILL_TILES = 16;

/**
 * Makes a new store's logs or converts an earlier release's chain or rows, in the caller's
 * transaction: run inside migration 19's, a conversion that fails for any reason leaves the
 * store as its release left it.
 */
export async function openLedgerIn(tx: Queryable, options: { partitions: number; at: Date }): Promise<LedgerOpened> {
  // Two servers opening one new store: the second waits, then finds the logs made.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.ledgerLogs]);
  const [meta] = await tx.query<{ partitions: number }>('SELECT partitions FROM ledger_meta');
  if (meta) {
    await moveEntriesIntoBlocks(tx);
    // Each log's last leaf tile: an append extends its row of level-4 nodes.
    await fillLevel4Batch(tx, 1);
    return { created: false, upgraded: null };
  }
  const partitions = options.partitions;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 4096) throw new RangeError(`a store has 1 to 4096 subject logs, not ${partitions}`);
  await tx.query('INSERT INTO ledger_meta (partitions, created_at) VALUES ($1, $2)', [partitions, options.at.toISOString()]);
  await tx.query(`INSERT INTO ledger_log (log, edge) SELECT g, decode($2, 'hex') FROM generate_series(0, $1::int) AS g`, [
    partitions,
    EMPTY_EDGE.toString('hex'),
  ]);
  await moveEntriesIntoBlocks(tx);
  const upgraded = (await hasChain(tx)) ? await convertChain(tx, partitions, options.at) : null;
  return { created: true, upgraded };
}

/** Moves the events of migration 18's layout (a row per event) into blocks, in order, and drops its table. */
async function moveEntriesIntoBlocks(tx: Queryable): Promise<void> {
  const [table] = await tx.query<{ present: boolean }>("SELECT to_regclass('ledger_entry') IS NOT NULL AS present");
  if (!table!.present) return;
  const logs = await tx.query<{ log: number; size: number }>('SELECT log, size FROM ledger_log ORDER BY log');
  for (const { log, size } of logs) {
    for (let from = 0; from < size; from += MOVE_PAGE) {
      const rows = await tx.query<{ idx: number; subject_key: string | null; payload: string }>(
        'SELECT idx, subject_key, payload FROM ledger_entry WHERE log = $1 AND idx >= $2 AND idx < $3 ORDER BY idx',
        [log, from, Math.min(from + MOVE_PAGE, size)],
      );
      rows.forEach((r, i) => {
        if (r.idx !== from + i) throw new Error(`log ${log} lacks its event ${from + i}: the store is not converted`);
      });
      if (rows.length !== Math.min(MOVE_PAGE, size - from)) throw new Error(`log ${log} holds fewer events than its size ${size}: the store is not converted`);
      await tx.copyIn('ledger_block', BLOCK_COLUMNS, blockCopyLines(log, from, rows.map((r) => ({ subject: r.subject_key, payload: r.payload }))));
    }
  }
  await tx.exec('DROP TABLE ledger_entry');
}

/** Events moved at a time: a multiple of a block's, so that blocks are full. */
const MOVE_PAGE = 64 * 256;

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
    const logs = [...heads.values()].sort((a, b) => a.log - b.log).map((h) => h.size);
    await appendEvents(tx, [{ type: 'ledger.upgraded', subject: null, data: { chain: upgraded, logs } }], SYSTEM_ACTOR, at);
  }
  await tx.exec('DROP TABLE ledger_event');
  if (upgraded) await replayLedger(tx);
  return upgraded;
}
