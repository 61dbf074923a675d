// Compaction of closed months (migration 40): a month's statements arrive in its lenders' batches,
// each in its lender's account order, so in its partition a borrower's statements lie at one
// place per lender. Once the month is closed, its partition is copied in borrower order into a
// table of its own, which replaces it: a report then finds a borrower's statements of the month
// on one page. The rows and their order of versions are the same; nothing is changed or lost.
//
// A month is closed from the first day of the second month after it, when month-end files are no
// longer due (they are due within the month after), or earlier, once each lender that sent a
// month-end file of the month before has sent one of this month (a batch of the month received
// after it ended). From then on its statements lie in borrower order, and the account histories
// and the score's inputs hold them. A lender that splits its month-end file into several batches
// may see the month closed after the first: the later ones, as any batch of a month after its
// compaction (a late file, a restatement), are stored as any other and added after the compacted
// rows, read as restatements are. On a Citus cluster the partitions' shards lie on the
// workers, and months are not compacted (docs/scaling.md). statement-compaction.store.ts holds
// the statements it runs.
import type { Database, Queryable } from '../../store/database.ts';
import { addMonths, type IsoDate } from '../../domain/dates.ts';
import {
  copyMonthSorted,
  dropCopy,
  holdMonth,
  monthEndFurnishers,
  holdStatementsTable,
  STATEMENTS_BUSY,
  statementMonths,
  swapInCopy,
  useOneSnapshot,
  vacuumMonth,
} from './statement-compaction.store.ts';

export { monthEndFurnishers, statementMonths };

export interface CompactedMonth {
  /** YYYY-MM */
  month: string;
  rows: number;
}

export interface CompactionOptions {
  /** The time zone in which a batch's receipt is dated (the policy's; UTC if not given). */
  timeZone?: string;
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
 * furnishers of each month's month-end files (`monthEnd`, monthEndFurnishers), each furnisher of
 * the month before's has sent one of this month. A month after one without month-end files (the
 * first a store holds, or after a gap) closes by the date alone.
 */
export function isClosedMonth(month: string, today: IsoDate, monthEnd?: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const first = `${month}-01`;
  if (addMonths(first, 2) <= today) return true;
  const own = monthEnd?.get(month);
  const before = monthEnd?.get(addMonths(first, -1).slice(0, 7));
  if (own === undefined || before === undefined || addMonths(first, 1) > today) return false;
  return [...before].every((f) => own.has(f));
}

/**
 * Compacts every closed month not compacted yet, oldest first, and returns those compacted. A
 * month whose swap could not take the statements table within its attempts is left to the next
 * run, as are the months after it.
 */
export async function compactClosedMonths(db: Database, today: IsoDate, now: () => Date, options: CompactionOptions = {}): Promise<CompactedMonth[]> {
  if (db.kind === 'citus') return [];
  const done: CompactedMonth[] = [];
  const monthEnd = await monthEndFurnishers(db, options.timeZone ?? 'UTC');
  for (const m of await statementMonths(db)) {
    if (m.compacted || !isClosedMonth(m.month, today, monthEnd)) continue;
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
