// Compaction of closed months (migration 40): a month's statements arrive in its lenders' batches,
// each in its lender's account order, so in its partition a borrower's statements lie at one
// place per lender. Once the month is closed, its partition is copied in borrower order into a
// table of its own, which replaces it: a report then finds a borrower's statements of the month
// on one page. The rows and their order of versions are the same; nothing is changed or lost.
//
// A month is closed from the first day of the second month after it: month-end files are due
// within the month after (a month's batch after that is a restatement, which is stored as any
// other and added after the compacted rows). On a Citus cluster the partitions' shards lie on the
// workers, and months are not compacted (docs/scaling.md).
import type { Database, Queryable } from '../../store/database.ts';
import { addMonths, type IsoDate } from '../../domain/dates.ts';

const COMPACTION_LOCK = 7262025;
const PARTITION = /^credit_statement_y(\d{4})m(\d{2})$/;

export interface CompactedMonth {
  /** YYYY-MM */
  month: string;
  rows: number;
}

export interface CompactionOptions {
  /** Held at the start of the compaction's transaction (the scheduler's lease). */
  hold?: (tx: Queryable) => Promise<void>;
  /** How long one attempt waits for the statements table alone; readers queue behind the wait. */
  lockWaitMs?: number;
  /** Attempts before the month is left to the next run, with `pauseMs` between them. */
  attempts?: number;
  pauseMs?: number;
  /** Called once the copy is made and indexed, before the swap (tests furnish meanwhile). */
  beforeSwap?: () => Promise<void>;
}

/** Whether statements of `month` (YYYY-MM) are no longer due on `today`. */
export function isClosedMonth(month: string, today: IsoDate): boolean {
  return addMonths(`${month}-01`, 2) <= today;
}

/** The months with a partition, oldest first, and whether each is compacted. */
export async function statementMonths(q: Queryable): Promise<Array<{ month: string; partition: string; compacted: boolean }>> {
  const rows = await q.query<{ partition: string; compacted: boolean }>(
    `SELECT c.relname AS partition,
            EXISTS (SELECT 1 FROM credit_statement_compaction k WHERE to_char(k.month, '"credit_statement_y"YYYY"m"MM') = c.relname) AS compacted
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'credit_statement'::regclass`,
  );
  return rows
    .flatMap((r) => {
      const m = PARTITION.exec(r.partition);
      return m ? [{ month: `${m[1]}-${m[2]}`, partition: r.partition, compacted: r.compacted }] : [];
    })
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

/**
 * Compacts every closed month not compacted yet, oldest first, and returns those compacted. A
 * month whose swap could not take the statements table within its attempts is left to the next
 * run, as are the months after it.
 */
export async function compactClosedMonths(db: Database, today: IsoDate, now: () => Date, options: CompactionOptions = {}): Promise<CompactedMonth[]> {
  if (db.kind === 'citus') return [];
  const done: CompactedMonth[] = [];
  for (const m of await statementMonths(db)) {
    if (m.compacted || !isClosedMonth(m.month, today)) continue;
    const compacted = await compactMonth(db, m.month, now, options);
    if (compacted === 'deferred') break;
    if (compacted) done.push(compacted);
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
  const partition = `credit_statement_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
  const copy = `${partition}_c`;
  const from = `${month}-01`;
  const to = addMonths(from, 1);
  const monthLock = Number(month.slice(0, 4)) * 100 + Number(month.slice(5, 7));
  const pending = async (tx: Queryable) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [COMPACTION_LOCK, monthLock]);
    const [state] = await tx.query<{ exists: boolean; compacted: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AS exists, EXISTS (SELECT 1 FROM credit_statement_compaction WHERE month = $2::date) AS compacted`,
      [partition, from],
    );
    return state!.exists && !state!.compacted;
  };

  const copied = await db.transaction(async (tx) => {
    // Every statement below sees the snapshot of the first: the rows copied are exactly those
    // of the batches seen.
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    // A month's sort and its index builds in memory on a server, not in temporary files.
    if (db.kind === 'postgres') await tx.exec("SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '256MB'");
    await options.hold?.(tx);
    if (!(await pending(tx))) return null;
    // A copy left by a compaction that stopped before its swap.
    await tx.exec(`DROP TABLE IF EXISTS ${copy}`);
    const seen = await tx.query<{ furnisher: string; seq: number }>('SELECT furnisher, max(seq) AS seq FROM furnishing_batch GROUP BY furnisher');
    await tx.exec(`CREATE TABLE ${copy} (LIKE credit_statement INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await tx.exec(`INSERT INTO ${copy} SELECT * FROM ${partition} ORDER BY borrower_key COLLATE "C", furnisher COLLATE "C", account_id COLLATE "C", seq`);
    const [counts] = await tx.query<{ before: number; after: number }>(
      `SELECT (SELECT count(*) FROM ${partition}) AS before, (SELECT count(*) FROM ${copy}) AS after`,
    );
    if (Number(counts!.before) !== Number(counts!.after)) throw new Error(`compacting ${month}: ${counts!.after} rows copied of ${counts!.before}`);
    // The copy's indexes, one for each of the statements table's, named as the partition's are once it replaces it.
    const own = await tx.query<{ parent: string; name: string }>(
      `SELECT p.relname AS parent, c.relname AS name
         FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
         JOIN pg_inherits i ON i.inhrelid = x.indexrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE x.indrelid = $1::regclass`,
      [partition],
    );
    const parents = await tx.query<{ name: string; definition: string; primary: boolean }>(
      `SELECT c.relname AS name, pg_get_indexdef(x.indexrelid) AS definition, x.indisprimary AS primary
         FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = 'credit_statement'::regclass ORDER BY c.relname`,
    );
    const renames: Array<[string, string]> = [];
    for (const [i, p] of parents.entries()) {
      const name = own.find((x) => x.parent === p.name)?.name;
      if (!name) throw new Error(`compacting ${month}: the partition has no index of ${p.name}`);
      const temporary = `${copy}_${i}`;
      const columns = /\((.*)\)$/.exec(p.definition)![1]!;
      if (p.primary) await tx.exec(`ALTER TABLE ${copy} ADD CONSTRAINT ${temporary} PRIMARY KEY (${columns})`);
      else await tx.exec(`CREATE INDEX ${temporary} ON ${copy} (${columns})`);
      renames.push([temporary, name]);
    }
    // Proves the bounds, so that attaching the copy need not read it.
    await tx.exec(`ALTER TABLE ${copy} ADD CONSTRAINT ${copy}_bounds CHECK (month >= DATE '${from}' AND month < DATE '${to}')`);
    await tx.exec(`CREATE TRIGGER ${partition}_no_truncate BEFORE TRUNCATE ON ${copy} FOR EACH STATEMENT EXECUTE FUNCTION furnishing_refuse_change()`);
    return { seen, renames, rows: Number(counts!.after) };
  });
  if (!copied) return null;
  await options.beforeSwap?.();

  const swapped = await db
    .transaction(async (tx) => {
      await options.hold?.(tx);
      if (!(await pending(tx)) || !(await tx.query('SELECT to_regclass($1) AS t', [copy]))[0]!.t) return null;
      // Holds nothing of the statements' tables before this: a batch waiting on them waits on no lock of this transaction.
      await holdStatementsTable(tx, options);
      const since = await tx.query<{ furnisher: string; seq: number }>(
        `SELECT b.furnisher, b.seq FROM furnishing_batch b
           LEFT JOIN unnest($1::text[], $2::bigint[]) AS s(furnisher, seq) ON s.furnisher = b.furnisher
          WHERE b.seq > coalesce(s.seq, 0)`,
        [copied.seen.map((r) => r.furnisher), copied.seen.map((r) => r.seq)],
      );
      let added = 0;
      if (since.length > 0) {
        await tx.query(
          `INSERT INTO ${copy} SELECT p.* FROM ${partition} p JOIN unnest($1::text[], $2::bigint[]) AS b(furnisher, seq) ON b.furnisher = p.furnisher AND b.seq = p.seq`,
          [since.map((r) => r.furnisher), since.map((r) => r.seq)],
        );
        const [n] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${copy}`);
        added = Number(n!.n) - copied.rows;
      }
      await tx.exec(`ALTER TABLE credit_statement DETACH PARTITION ${partition}`);
      await tx.exec(`DROP TABLE ${partition}`);
      await tx.exec(`ALTER TABLE ${copy} RENAME TO ${partition}`);
      for (const [temporary, name] of copied.renames) await tx.exec(`ALTER INDEX ${temporary} RENAME TO ${name}`);
      await tx.exec(`ALTER TABLE credit_statement ATTACH PARTITION ${partition} FOR VALUES FROM ('${from}') TO ('${to}')`);
      await tx.exec(`ALTER TABLE ${partition} DROP CONSTRAINT ${copy}_bounds`);
      const rows = copied.rows + added;
      await tx.query('INSERT INTO credit_statement_compaction (month, compacted_at, rows) VALUES ($1::date, $2, $3)', [from, now().toISOString(), rows]);
      return { month, rows };
    })
    .catch((err: unknown) => {
      if (err === DEFERRED) return 'deferred' as const;
      throw err;
    });
  // Closed rows are read, not changed: frozen and with their statistics, no later reader or
  // autovacuum has to visit them for that.
  if (swapped && swapped !== 'deferred') await db.exec(`VACUUM (FREEZE, ANALYZE) ${partition}`);
  return swapped;
}

const DEFERRED = Symbol('deferred');

/**
 * Takes the statements table alone (detaching a partition needs it), waiting at most
 * `lockWaitMs` an attempt: readers and writers that come while it waits queue behind it, so each
 * wait is short, and the attempts are spaced out. Throws DEFERRED, to roll the transaction back,
 * when every attempt failed.
 */
async function holdStatementsTable(tx: Queryable, options: CompactionOptions): Promise<void> {
  const attempts = options.attempts ?? 30;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await tx.exec('SAVEPOINT compaction_swap');
    try {
      await tx.exec(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(options.lockWaitMs ?? 500))}`);
      await tx.exec('LOCK TABLE credit_statement IN ACCESS EXCLUSIVE MODE');
      await tx.exec('SET LOCAL lock_timeout = 0');
      await tx.exec('RELEASE SAVEPOINT compaction_swap');
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== '55P03') throw err;
      await tx.exec('ROLLBACK TO SAVEPOINT compaction_swap');
      if (attempt < attempts) await new Promise((r) => setTimeout(r, options.pauseMs ?? 2000));
    }
  }
  throw DEFERRED;
}
