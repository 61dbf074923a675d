// Compaction of closed months (migration 40): a month's statements arrive in its lenders' batches,
// each in its lender's account order, so in its partition a borrower's statements lie at one
// place per lender. Once the month is closed, its partition is copied in borrower order into a
// table of its own, which replaces it: a report then finds a borrower's statements of the month
// on one page. The rows and their order of versions are the same; nothing is changed or lost.
//
// A month is closed from the first day of the second month after it, when month-end files are no
// longer due (they are due within the month after), or earlier, once they are all in: the month
// has ended and every lender that furnished the month before has furnished it. So a month's
// statements lie in borrower order, and are taken into the account histories and the score's
// inputs, as soon as its files are in rather than a month later. A month's batch after its
// compaction (a late file, a restatement) is stored as any other and added after the compacted
// rows. On a Citus cluster the partitions' shards lie on the
// workers, and months are not compacted (docs/scaling.md). statement-compaction.store.ts holds
// the statements it runs.
import type { Database, Queryable } from '../../store/database.ts';
import { addMonths, type IsoDate } from '../../domain/dates.ts';
import {
  copyMonthSorted,
  dropCopy,
  furnishersByMonth,
  holdMonth,
  holdStatementsTable,
  STATEMENTS_BUSY,
  statementMonths,
  swapInCopy,
  useOneSnapshot,
  vacuumMonth,
} from './statement-compaction.store.ts';

export { furnishersByMonth, statementMonths };

export interface CompactedMonth {
  /** YYYY-MM */
  month: string;
  rows: number;
}

export interface CompactionOptions {
  /** Held at the start of each of the compaction's transactions (the scheduler's lease). */
  hold?: (tx: Queryable) => Promise<void>;
  /** How long one attempt waits for the statements table alone; readers queue behind the wait. */
  lockWaitMs?: number;
  /** Attempts before the month is left to the next run, with `pauseMs` between them. */
  attempts?: number;
  pauseMs?: number;
  /** Called once the copy is made and indexed, before the swap (tests furnish meanwhile). */
  beforeSwap?: () => Promise<void>;
  /** Called as each month is compacted, before the next is begun. */
  onCompacted?: (month: CompactedMonth) => void;
}

/**
 * Whether `month` (YYYY-MM) is closed on `today`: its statements are no longer due, or, given the
 * furnishers of each month (`furnishers`), all its month-end files are in (the month has ended,
 * and every furnisher of the month before has furnished it).
 */
export function isClosedMonth(month: string, today: IsoDate, furnishers?: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const first = `${month}-01`;
  if (addMonths(first, 2) <= today) return true;
  const own = furnishers?.get(month);
  if (own === undefined || addMonths(first, 1) > today) return false;
  return [...(furnishers!.get(addMonths(first, -1).slice(0, 7)) ?? [])].every((f) => own.has(f));
}

/**
 * Compacts every closed month not compacted yet, oldest first, and returns those compacted. A
 * month whose swap could not take the statements table within its attempts is left to the next
 * run, as are the months after it.
 */
export async function compactClosedMonths(db: Database, today: IsoDate, now: () => Date, options: CompactionOptions = {}): Promise<CompactedMonth[]> {
  if (db.kind === 'citus') return [];
  const done: CompactedMonth[] = [];
  const furnishers = await furnishersByMonth(db);
  for (const m of await statementMonths(db)) {
    if (m.compacted || !isClosedMonth(m.month, today, furnishers)) continue;
    const compacted = await compactMonth(db, m.month, now, options);
    if (compacted === 'deferred') break;
    if (!compacted) continue;
    done.push(compacted);
    options.onCompacted?.(compacted);
  }
  return done;
}

/**
 * Rewrites one month's partition in borrower order. First the copy, in one transaction that sees
 * one snapshot: the partition's rows, sorted, into a new table indexed as the partitions are,
 * beside the last batch of each furnisher it saw; batches of the month go on meanwhile. Then the
 * swap, holding the statements table for a moment: the rows of batches committed since the copy
 * are added to it, the old partition is detached and dropped and the copy attached under its
 * name. Returns null when the month is compacted already or has no partition, 'deferred' when
 * the statements table stayed busy through every attempt (the swap is rolled back; the next run
 * copies again). One process compacts at a time: the scheduler, under its lease.
 */
export async function compactMonth(db: Database, month: string, now: () => Date, options: CompactionOptions = {}): Promise<CompactedMonth | null | 'deferred'> {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`not a month: ${month}`);
  if (db.kind === 'citus') throw new Error('months are not compacted on a Citus cluster');
  const copied = await db.transaction(async (tx) => {
    // Every statement of the copy sees the snapshot of the first: the rows copied are exactly
    // those of the batches seen.
    await useOneSnapshot(tx, db.kind === 'postgres');
    await options.hold?.(tx);
    if (!(await holdMonth(tx, month))) return null;
    return copyMonthSorted(tx, month);
  });
  if (!copied) return null;
  await options.beforeSwap?.();
  let swapped: CompactedMonth | null | 'deferred' = null;
  try {
    swapped = await db
      .transaction(async (tx) => {
        await options.hold?.(tx);
        if (!(await holdMonth(tx, month, copied))) return null;
        // The statements' tables are taken last, so that a batch waiting on them never waits on a lock this transaction holds.
        await holdStatementsTable(tx, month, options);
        return { month, rows: await swapInCopy(tx, month, copied, now()) };
      })
      .catch((err: unknown) => {
        if (err === STATEMENTS_BUSY) return 'deferred' as const;
        throw err;
      });
  } finally {
    // A copy not swapped in takes the month's size on disk: dropped now, under the lease still held
    // (else the next compaction drops it).
    if (swapped === null || swapped === 'deferred')
      await db
        .transaction(async (tx) => {
          await options.hold?.(tx);
          await dropCopy(tx, month);
        })
        .catch(() => undefined);
  }
  if (swapped && swapped !== 'deferred') await vacuumMonth(db, month);
  return swapped;
}
