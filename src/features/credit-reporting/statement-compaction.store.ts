// The statements of the compaction of closed months (statement-compaction.ts): which months have
// a partition, the sorted copy of one, and its swap for the partition.
import type { Database, Queryable } from '../../store/database.ts';
import { addMonths } from '../../domain/dates.ts';

const COMPACTION_LOCK = 7262025;
const PARTITION = /^credit_statement_y(\d{4})m(\d{2})$/;

const partitionOf = (month: string) => `credit_statement_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
const copyOf = (month: string) => `${partitionOf(month)}_c`;

/** Holds the month against other compactions until the transaction ends (the key is YYYYMM). */
const lockMonth = (tx: Queryable, month: string) =>
  tx.query('SELECT pg_advisory_xact_lock($1, $2)', [COMPACTION_LOCK, Number(month.slice(0, 4)) * 100 + Number(month.slice(5, 7))]);

/** A month's partition copied in borrower order, indexed, not yet swapped in. */
export interface MonthCopy {
  /** Each furnisher's last batch the copy saw. */
  seen: Array<{ furnisher: string; seq: number }>;
  /** The copy's indexes, each with the name of the partition's index it replaces. */
  renames: Array<[string, string]>;
  rows: number;
}

/**
 * The furnishers of each month's month-end files (YYYY-MM): those with a batch of the month
 * received once it had ended, on a local date (in `timeZone`) from the first day of the month
 * after. A batch received during its month is not a month-end file.
 */
export async function monthEndFurnishers(q: Queryable, timeZone: string): Promise<Map<string, Set<string>>> {
  const rows = await q.query<{ month: string; furnisher: string }>(
    `SELECT DISTINCT to_char(month, 'YYYY-MM') AS month, furnisher FROM furnishing_batch
      WHERE (received_at AT TIME ZONE $1)::date >= (month + interval '1 month')::date`,
    [timeZone],
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const own = out.get(r.month) ?? new Set<string>();
    own.add(r.furnisher);
    out.set(r.month, own);
  }
  return out;
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
 * Makes every later statement of the transaction see the snapshot of its first (to be called
 * first); on a server, gives the month's sort and index builds memory rather than temporary files.
 */
export async function useOneSnapshot(tx: Queryable, server: boolean): Promise<void> {
  await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  if (server) await tx.exec("SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '256MB'");
}

/**
 * Holds the month against other compactions until the transaction ends, and answers whether it
 * is still to be compacted: it has a partition, is not recorded as compacted, and (given its
 * copy) the copy is there.
 */
export async function holdMonth(tx: Queryable, month: string, copy?: MonthCopy): Promise<boolean> {
  await lockMonth(tx, month);
  const [state] = await tx.query<{ exists: boolean; compacted: boolean; copied: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS exists, to_regclass($3) IS NOT NULL AS copied,
            EXISTS (SELECT 1 FROM credit_statement_compaction WHERE month = $2::date) AS compacted`,
    [partitionOf(month), `${month}-01`, copyOf(month)],
  );
  return state!.exists && !state!.compacted && (copy === undefined || state!.copied);
}

/**
 * Copies the month's partition, sorted by borrower, into a new table with the partition's
 * columns, an index for each of the statements table's, the bounds proven by a constraint (so
 * that attaching it need not read it) and the partition's TRUNCATE trigger. A copy left by a
 * compaction that stopped before its swap is dropped first.
 */
export async function copyMonthSorted(tx: Queryable, month: string): Promise<MonthCopy> {
  const partition = partitionOf(month);
  const copy = copyOf(month);
  const from = `${month}-01`;
  await tx.exec(`DROP TABLE IF EXISTS ${copy}`);
  const seen = await tx.query<{ furnisher: string; seq: number }>('SELECT furnisher, max(seq) AS seq FROM furnishing_batch GROUP BY furnisher');
  // Made like the partition, not the statements table, so that the copy holds no lock on the
  // statements table, which another month's swap takes.
  await tx.exec(`CREATE TABLE ${copy} (LIKE ${partition} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
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
    // The statements' indexes are B-trees over columns; any other kind is refused, not copied wrong.
    const d = /^CREATE (UNIQUE )?INDEX \S+ ON ONLY \S+ USING btree \(([a-z_, ]+)\)$/.exec(p.definition);
    if (!d) throw new Error(`compacting ${month}: the index ${p.name} is not one compaction copies (${p.definition})`);
    const columns = d[2]!;
    if (p.primary) await tx.exec(`ALTER TABLE ${copy} ADD CONSTRAINT ${temporary} PRIMARY KEY (${columns})`);
    else await tx.exec(`CREATE ${d[1] ?? ''}INDEX ${temporary} ON ${copy} (${columns})`);
    renames.push([temporary, name]);
  }
  await tx.exec(`ALTER TABLE ${copy} ADD CONSTRAINT ${copy}_bounds CHECK (month >= DATE '${from}' AND month < DATE '${addMonths(from, 1)}')`);
  await tx.exec(`CREATE TRIGGER ${partition}_no_truncate BEFORE TRUNCATE ON ${copy} FOR EACH STATEMENT EXECUTE FUNCTION furnishing_refuse_change()`);
  return { seen, renames, rows: Number(counts!.after) };
}

/**
 * Swaps the copy in for the month's partition, the statements table held (holdStatementsTable):
 * adds the rows of batches committed since the copy, detaches and drops the partition, gives the
 * copy its name and its indexes' names, attaches it and records the month. Returns the rows.
 */
export async function swapInCopy(tx: Queryable, month: string, copied: MonthCopy, at: Date): Promise<number> {
  const partition = partitionOf(month);
  const copy = copyOf(month);
  const from = `${month}-01`;
  const since = await tx.query<{ furnisher: string; seq: number }>(
    `SELECT b.furnisher, b.seq FROM furnishing_batch b
       LEFT JOIN unnest($1::text[], $2::bigint[]) AS s(furnisher, seq) ON s.furnisher = b.furnisher
      WHERE b.seq > coalesce(s.seq, 0)`,
    [copied.seen.map((r) => r.furnisher), copied.seen.map((r) => r.seq)],
  );
  let rows = copied.rows;
  if (since.length > 0) {
    const [added] = await tx.query<{ n: number }>(
      `WITH added AS (
         INSERT INTO ${copy} SELECT p.* FROM ${partition} p JOIN unnest($1::text[], $2::bigint[]) AS b(furnisher, seq) ON b.furnisher = p.furnisher AND b.seq = p.seq
         RETURNING 1)
       SELECT count(*) AS n FROM added`,
      [since.map((r) => r.furnisher), since.map((r) => r.seq)],
    );
    rows += Number(added!.n);
  }
  await tx.exec(`ALTER TABLE credit_statement DETACH PARTITION ${partition}`);
  await tx.exec(`DROP TABLE ${partition}`);
  await tx.exec(`ALTER TABLE ${copy} RENAME TO ${partition}`);
  for (const [temporary, name] of copied.renames) await tx.exec(`ALTER INDEX ${temporary} RENAME TO ${name}`);
  await tx.exec(`ALTER TABLE credit_statement ATTACH PARTITION ${partition} FOR VALUES FROM ('${from}') TO ('${addMonths(from, 1)}')`);
  await tx.exec(`ALTER TABLE ${partition} DROP CONSTRAINT ${copy}_bounds`);
  await tx.query('INSERT INTO credit_statement_compaction (month, compacted_at, rows) VALUES ($1::date, $2, $3)', [from, at.toISOString(), rows]);
  return rows;
}

/** Thrown by holdStatementsTable when every attempt failed: the transaction is to be rolled back. */
export const STATEMENTS_BUSY = Symbol('the statements table stayed busy');

/** How long a swap waits for the tables it replaces: each attempt, the attempts, and the pause between them. */
export interface LockWait {
  lockWaitMs?: number;
  attempts?: number;
  pauseMs?: number;
}

/**
 * Takes `tables` alone, waiting at most `lockWaitMs` an attempt: readers and writers that come
 * while it waits queue behind it, so each wait is short, and the attempts are spaced out. Returns
 * whether it holds them; when every attempt failed it holds nothing new.
 */
export async function holdAlone(tx: Queryable, tables: string, options: LockWait): Promise<boolean> {
  const attempts = options.attempts ?? 30;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await tx.exec('SAVEPOINT hold_alone');
    try {
      await tx.exec(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(options.lockWaitMs ?? 500))}`);
      await tx.exec(`LOCK TABLE ${tables} IN ACCESS EXCLUSIVE MODE`);
      await tx.exec('SET LOCAL lock_timeout = 0');
      await tx.exec('RELEASE SAVEPOINT hold_alone');
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code !== '55P03') throw err;
      await tx.exec('ROLLBACK TO SAVEPOINT hold_alone');
      if (attempt < attempts) await new Promise((r) => setTimeout(r, options.pauseMs ?? 2000));
    }
  }
  return false;
}

/**
 * Takes the statements table and the month's partition alone (detaching a partition needs both;
 * the other months' partitions are left to their readers, writers and autovacuum; holdAlone).
 * Throws STATEMENTS_BUSY when every attempt failed.
 */
export async function holdStatementsTable(tx: Queryable, month: string, options: LockWait): Promise<void> {
  if (!(await holdAlone(tx, `ONLY credit_statement, ${partitionOf(month)}`, options))) throw STATEMENTS_BUSY;
}

/** Drops the month's copy, when a compaction did not swap it in, under the month's lock. */
export async function dropCopy(tx: Queryable, month: string): Promise<void> {
  await lockMonth(tx, month);
  await tx.exec(`DROP TABLE IF EXISTS ${copyOf(month)}`);
}

/** Closed rows are read, not changed: frozen and with their statistics, no later reader or autovacuum has to visit them for that. */
export async function vacuumMonth(db: Database, month: string): Promise<void> {
  await db.exec(`VACUUM (FREEZE, ANALYZE) ${partitionOf(month)}`);
}
