// The evaluation feature's SQL: reading the facts of a slice of subjects as COPY text, writing
// results (a full run into a table of its own, swapped in at the end; a refresh in place), the
// append-only history, the overrides the projection keeps, and the writers' locks (the
// evaluation_writer row, and each subject's row). On a Citus cluster every table written here is
// distributed by subject_key in the subjects' group, a run's table too, and no statement needs a
// lock or a sequence of the whole cluster (docs/scaling.md).
import type { Database, Queryable } from '../../store/database.ts';
import { literal, selectCopy, splitCopy } from '../../store/bulk-read.ts';
import { logSizes } from '../../ledger/ledger.ts';
import { eventsInRange, subjectOfPayload, typeOfPayload } from '../../ledger/blocks.ts';
import { ENTRY_COLUMNS, EVALUATION_COLUMNS, RECORD_COLUMNS, SUBJECT_COLUMNS, type SliceText } from './slice.ts';

/** The subjects of a slice: these keys, or the key range [from, to) (to null: to the end). */
export type Which = { keys: readonly string[] } | { from: string; to: string | null };

/** What a slice reads: subjects of these kinds, records of these items, entries on these lists. */
export interface SliceScope {
  kinds: readonly string[];
  items: readonly string[];
  lists: readonly string[];
}

export type EvaluationRow = {
  subject_key: string;
  scorecard: string;
  version: string;
  evaluated_on: string;
  eligible: boolean;
  score: number | null;
  tier: string | null;
  tier_reason: string | null;
  /** The explanation as JSON: a computed result's factors (an array), a mirrored one's filed record ({ filed }). */
  factors: string;
};

/** A history row's columns; n numbers the rows of one subject and scorecard (1, 2, ...): the latest has the highest. */
const HISTORY_COLUMNS = 'subject_key, scorecard, n, recorded_at, version, evaluated_on, eligible, score, tier, tier_reason, factors, ended';
/** What a history row is added for: a change in what the evaluation decides, not a score moving within its tier. */
const DECIDES_DIFFERENTLY = (a: string, b: string) =>
  `${a}.version <> ${b}.version OR ${a}.eligible <> ${b}.eligible OR ${a}.tier IS DISTINCT FROM ${b}.tier OR ${a}.tier_reason IS DISTINCT FROM ${b}.tier_reason`;

/** The subjects of a slice, as a condition with literals (COPY takes no parameters). */
function where(which: Which): string {
  if ('keys' in which) return `subject_key = ANY(${literal(which.keys)})`;
  return `subject_key >= ${literal(which.from)}${which.to === null ? '' : ` AND subject_key < ${literal(which.to)}`}`;
}

/** The facts of a slice's subjects, as COPY text (see slice.ts). */
export async function readSlice(q: Queryable, which: Which, scope: SliceScope): Promise<SliceText> {
  const cond = where(which);
  return {
    subjects: await selectCopy(q, SUBJECT_COLUMNS, `FROM subject WHERE kind = ANY(${literal(scope.kinds)}) AND ${cond}`, 'subject_key'),
    records: await selectCopy(q, RECORD_COLUMNS, `FROM credit_record_view WHERE item = ANY(${literal(scope.items)}) AND ${cond}`, 'subject_key, record_id'),
    entries: await selectCopy(
      q,
      ENTRY_COLUMNS,
      `FROM list_entry WHERE listed_on IS NOT NULL AND list = ANY(${literal(scope.lists)}) AND ${cond}`,
      'subject_key, entry_id',
    ),
  };
}

/** Every agency's kind, by code (factors may count records by the kind of agency that filed them). */
export async function agencyKinds(q: Queryable): Promise<Record<string, string>> {
  const agencies = await q.query<{ code: string; kind: string }>('SELECT code, kind FROM agency');
  return Object.fromEntries(agencies.map((a) => [a.code, a.kind]));
}

export async function countSubjects(q: Queryable, kinds: readonly string[]): Promise<number> {
  return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM subject WHERE kind = ANY($1::text[])', [kinds]))[0]!.n;
}

/** The first key of the next slice: `size` subjects after `from`, or null when they run out. */
export async function sliceEnd(q: Queryable, kinds: readonly string[], from: string, size: number): Promise<string | null> {
  const bound = await q.query<{ subject_key: string }>(
    'SELECT subject_key FROM subject WHERE kind = ANY($1::text[]) AND subject_key >= $2 ORDER BY subject_key OFFSET $3 LIMIT 1',
    [kinds, from, size],
  );
  return bound[0]?.subject_key ?? null;
}

/**
 * Runs fn in a transaction holding the evaluation writers' lock alone: what reads or changes the
 * evaluation table's definition (a run's table, its indexes, the swap), which no refresh meets.
 * The lock is evaluation_writer's, a table's lock rather than a row's: a swap waiting for the
 * refreshes under way goes before the refreshes asked for after it, where shared row locks
 * taken one after another could hold it off for as long as they overlap.
 */
export function withWritersLock<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec('LOCK TABLE evaluation_writer IN EXCLUSIVE MODE');
    return fn(tx);
  });
}

/**
 * Runs fn in a transaction holding some subjects: the writers' lock shared (refreshes of other
 * subjects run beside it; a swap waits for it) and each subject's row, in key order, so that two
 * refreshes of one subject, in this process or another server, take turns and the later reads the
 * facts the earlier's result was computed from, or newer ones. One statement a subject on a Citus
 * cluster, where a locking read of rows of several shards is refused.
 */
export function withSubjectsLocked<T>(db: Database, keys: readonly string[], fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const sorted = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return db.transaction(async (tx) => {
    await tx.exec('LOCK TABLE evaluation_writer IN SHARE MODE');
    if (db.kind === 'citus') for (const key of sorted) await tx.query('SELECT 1 FROM subject WHERE subject_key = $1 FOR NO KEY UPDATE', [key]);
    else await tx.query('SELECT 1 FROM subject WHERE subject_key = ANY($1::text[]) ORDER BY subject_key FOR NO KEY UPDATE', [sorted]);
    return fn(tx);
  });
}

/**
 * A run's own table, shaped like the evaluation table, without its indexes; on a Citus cluster
 * distributed as the evaluation table is, in its co-location group, before it is filled: its
 * rows go straight to their subjects' shards, and the swap's join with the evaluation table and
 * the history runs on each shard.
 */
export async function createRunTable(q: Queryable, table: string, citus: boolean): Promise<void> {
  await q.exec(`CREATE TABLE ${table} (LIKE evaluation INCLUDING ALL EXCLUDING INDEXES)`);
  if (!citus) return;
  const distributed = await q.query("SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'evaluation'::regclass AND partmethod = 'h'");
  if (distributed.length > 0) await q.query("SELECT create_distributed_table($1, 'subject_key', colocate_with => 'evaluation')", [table]);
}

export async function writeRunRows(q: Queryable, table: string, rows: string): Promise<void> {
  await q.copyIn(table, EVALUATION_COLUMNS, rows);
}

export async function dropTable(q: Queryable, table: string): Promise<void> {
  await q.exec(`DROP TABLE IF EXISTS ${table}`);
}

/** The tables of this schema whose names begin with a prefix (runs' tables). */
export async function tablesNamed(q: Queryable, prefix: string): Promise<string[]> {
  const tables = await q.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE $1`, [
    `${prefix}%`,
  ]);
  return tables.map((t) => t.name);
}

export interface IndexDef {
  name: string;
  def: string;
  constraint_def: string | null;
}

/** The evaluation table's indexes and keys, as the migrations made them (from the catalogue). */
export function evaluationIndexes(q: Queryable): Promise<IndexDef[]> {
  return q.query<{ name: string; def: string; constraint_def: string | null }>(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def, pg_get_constraintdef(k.oid) AS constraint_def
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
     WHERE i.indrelid = 'evaluation'::regclass ORDER BY c.relname`,
  );
}

/** Builds one of the evaluation table's indexes on a run's table, under its own name there. */
export async function buildRunIndex(q: Queryable, table: string, name: string, index: IndexDef): Promise<void> {
  // A key is added as a constraint (its index comes with it); a plain index is created.
  await q.exec(
    index.constraint_def
      ? `ALTER TABLE ${table} ADD CONSTRAINT ${name} ${index.constraint_def}`
      : index.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+/, `CREATE $1INDEX ${name} ON ${table}`),
  );
}

/** The subjects, and the types of the events, that the ledger recorded after a position (each log's count of events before it). */
export async function eventsAfter(q: Queryable, position: readonly number[]): Promise<Array<{ subject_key: string; type: string }>> {
  const sizes = await logSizes(q);
  const out: Array<{ subject_key: string; type: string }> = [];
  for (let log = 0; log < sizes.length; log++) {
    for (let from = position[log] ?? 0; from < sizes[log]!; from += 10_000) {
      for (const e of await eventsInRange(q, log, from, Math.min(from + 10_000, sizes[log]!))) {
        const subject = subjectOfPayload(e.payload);
        if (subject !== null) out.push({ subject_key: subject, type: typeOfPayload(e.payload) });
      }
    }
  }
  return out;
}

/** The number of each subject and scorecard's latest history row, as a table to join (the whole history's key, read in its order). */
const LAST_NUMBER = '(SELECT subject_key, scorecard, max(n) AS n FROM evaluation_history GROUP BY subject_key, scorecard)';

/**
 * The latest history row of each subject and scorecard of some subjects ($1), as a table to join.
 * On a Citus cluster the statement reaches the subjects' shards alone when its outermost table is
 * filtered by those subjects too: Citus prunes shards by the conditions on that table.
 */
const LAST_ROW_OF =
  '(SELECT DISTINCT ON (subject_key, scorecard) * FROM evaluation_history WHERE subject_key = ANY($1::text[]) ORDER BY subject_key, scorecard, n DESC)';

/**
 * Makes a run's table the evaluation table (in the caller's transaction, under the writers'
 * lock): the history first gains the results that decide differently from those they replace,
 * and an end for those no longer computed, except for the subjects left to a refresh; then the
 * tables are swapped and the run's indexes take the old ones' names. Each statement joins the
 * tables on subject_key and takes a row's subject from one table's column, so that on a Citus
 * cluster it runs on every shard where its rows lie, and the renames go one statement at a time.
 */
export async function swapInRun(
  tx: Queryable,
  run: { table: string; indexes: ReadonlyArray<{ mine: string; theirs: string }> },
  history: { recordedAt: Date; date: string; skip: readonly string[] },
): Promise<void> {
  // Both tables are keyed, and laid out, by subject and scorecard: merging them in key order
  // needs no memory, where hashing one of them spills to disk once the tables are large.
  await tx.query('SET LOCAL enable_hashjoin = off');
  // The results that are new, or decide differently from those they replace.
  await tx.query(
    `INSERT INTO evaluation_history (${HISTORY_COLUMNS})
     SELECT n.subject_key, n.scorecard, coalesce(last.n, 0) + 1, $1, n.version, n.evaluated_on, n.eligible, n.score, n.tier, n.tier_reason, n.factors, false
     FROM ${run.table} n LEFT JOIN evaluation o ON o.subject_key = n.subject_key AND o.scorecard = n.scorecard
     LEFT JOIN ${LAST_NUMBER} last ON last.subject_key = n.subject_key AND last.scorecard = n.scorecard
     WHERE (o.subject_key IS NULL OR ${DECIDES_DIFFERENTLY('o', 'n')}) AND NOT (n.subject_key = ANY($2::text[]))`,
    [history.recordedAt, history.skip],
  );
  // An end for the results no longer computed.
  await tx.query(
    `INSERT INTO evaluation_history (${HISTORY_COLUMNS})
     SELECT o.subject_key, o.scorecard, coalesce(last.n, 0) + 1, $1, o.version, $3, false, NULL, NULL, NULL, '[]', true
     FROM evaluation o LEFT JOIN ${run.table} n ON n.subject_key = o.subject_key AND n.scorecard = o.scorecard
     LEFT JOIN ${LAST_NUMBER} last ON last.subject_key = o.subject_key AND last.scorecard = o.scorecard
     WHERE n.subject_key IS NULL AND NOT (o.subject_key = ANY($2::text[]))`,
    [history.recordedAt, history.skip, history.date],
  );
  await tx.exec(`ALTER TABLE evaluation RENAME TO ${run.table}_old`);
  await tx.exec(`ALTER TABLE ${run.table} RENAME TO evaluation`);
  await tx.exec(`DROP TABLE ${run.table}_old`);
  // Renaming a key's index renames the constraint with it.
  for (const { mine, theirs } of run.indexes) await tx.exec(`ALTER INDEX ${mine} RENAME TO ${theirs}`);
}

/** Fresh statistics for the planner (a table swapped in has none until autovacuum comes by). */
export async function analyzeEvaluations(q: Queryable): Promise<void> {
  await q.exec('ANALYZE evaluation');
}

/**
 * Replaces some subjects' results in place, and records in the history an end for the results
 * no longer computed, then the new and the changed ones (in the caller's transaction, holding
 * the subjects: withSubjectsLocked).
 */
export async function replaceResults(tx: Queryable, keys: readonly string[], rows: string, recordedAt: Date, date: string, citus: boolean): Promise<void> {
  await tx.query('DELETE FROM evaluation WHERE subject_key = ANY($1::text[])', [keys]);
  if (citus) await insertResults(tx, rows);
  else await tx.copyIn('evaluation', EVALUATION_COLUMNS, rows);
  await tx.query(
    `INSERT INTO evaluation_history (${HISTORY_COLUMNS})
     SELECT last.subject_key, last.scorecard, last.n + 1, $2, last.version, $3, false, NULL, NULL, NULL, '[]', true
     FROM evaluation_history last
     LEFT JOIN evaluation_history later ON later.subject_key = last.subject_key AND later.scorecard = last.scorecard AND later.n > last.n
       AND later.subject_key = ANY($1::text[])
     LEFT JOIN evaluation n ON n.subject_key = last.subject_key AND n.scorecard = last.scorecard AND n.subject_key = ANY($1::text[])
     WHERE last.subject_key = ANY($1::text[]) AND later.subject_key IS NULL AND NOT last.ended AND n.subject_key IS NULL`,
    [keys, recordedAt, date],
  );
  await tx.query(
    `INSERT INTO evaluation_history (${HISTORY_COLUMNS})
     SELECT n.subject_key, n.scorecard, coalesce(last.n, 0) + 1, $2, n.version, n.evaluated_on, n.eligible, n.score, n.tier, n.tier_reason, n.factors, false
     FROM evaluation n LEFT JOIN ${LAST_ROW_OF} last ON last.subject_key = n.subject_key AND last.scorecard = n.scorecard
     WHERE n.subject_key = ANY($1::text[]) AND (last.subject_key IS NULL OR last.ended OR ${DECIDES_DIFFERENTLY('last', 'n')})`,
    [keys, recordedAt],
  );
}

/** The SQL types of EVALUATION_COLUMNS, in their order. */
const EVALUATION_TYPES = ['text', 'text', 'text', 'date', 'boolean', 'double precision', 'text', 'text', 'text'];
/** Rows a multi-row INSERT carries (9 parameters each). */
const INSERT_ROWS = 1_000;

/**
 * Evaluation rows given as COPY text, written by multi-row INSERTs: on a Citus cluster a COPY
 * makes the transaction commit in two phases even when it reaches one shard, where an INSERT of
 * one subject's rows goes to its shard and commits there in one.
 */
async function insertResults(tx: Queryable, rows: string): Promise<void> {
  const width = EVALUATION_COLUMNS.length;
  const values = splitCopy(rows, width);
  for (let from = 0; from < values.length; from += INSERT_ROWS) {
    const chunk = values.slice(from, from + INSERT_ROWS);
    const tuples = chunk.map((_, r) => `(${EVALUATION_TYPES.map((type, c) => `$${r * width + c + 1}::${type}`).join(', ')})`);
    await tx.query(`INSERT INTO evaluation (${EVALUATION_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, chunk.flat());
  }
}

/** Each scorecard's last history row recorded by an instant, for one subject. */
export function historyAsOf(q: Queryable, subjectKey: string, at: Date): Promise<Array<EvaluationRow & { ended: boolean }>> {
  return q.query<EvaluationRow & { ended: boolean }>(
    `SELECT DISTINCT ON (scorecard) subject_key, scorecard, version, evaluated_on, eligible, score, tier, tier_reason, factors, ended
     FROM evaluation_history WHERE subject_key = $1 AND recorded_at <= $2 ORDER BY scorecard, n DESC`,
    [subjectKey, at],
  );
}

export type EvaluationWithOverride = EvaluationRow & { o_tier: string | null; o_reason: string | null; o_actor: string | null; o_at: Date | null };

/** A subject's current results, each with its active override if it has one. */
export function currentResults(q: Queryable, subjectKey: string): Promise<EvaluationWithOverride[]> {
  return q.query<EvaluationWithOverride>(
    `SELECT e.*, o.tier AS o_tier, o.reason AS o_reason, o.actor AS o_actor, o.at AS o_at
     FROM evaluation e LEFT JOIN evaluation_override o ON o.subject_key = e.subject_key AND o.scorecard = e.scorecard AND o.active
     WHERE e.subject_key = $1 ORDER BY e.scorecard`,
    [subjectKey],
  );
}

export type HistoryRow = EvaluationRow & {
  recorded_at: Date;
  ended: boolean;
  /** For an end, the explanation of the result it ends (the last one recorded before it), likewise shortened. */
  ends: string | null;
};

/** Whether an explanation (a `factors` column) names the record an authority filed (see explanationText), in SQL. */
export const namesFiledRecord = (factors: string) => `left(${factors}, 1) = '{'`;

/** An explanation without its factors: a mirrored grade's filed record is kept (it is short). */
const SHORT_EXPLANATION = (factors: string) => `CASE WHEN ${namesFiledRecord(factors)} THEN ${factors} ELSE '[]' END`;

/**
 * A subject's history rows, newest first, without their factors. Rows recorded at one instant (a
 * run's, at most one per scorecard) come results before ends, then by scorecard: `n` numbers each
 * scorecard's rows apart, so it orders a scorecard's rows alone, never two scorecards.
 */
export function historyRows(q: Queryable, subjectKey: string, limit: number): Promise<HistoryRow[]> {
  return q.query<HistoryRow>(
    `SELECT h.subject_key, h.scorecard, h.version, h.evaluated_on, h.eligible, h.score, h.tier, h.tier_reason,
            ${SHORT_EXPLANATION('h.factors')} AS factors, h.recorded_at, h.ended,
            CASE WHEN h.ended THEN (
              SELECT ${SHORT_EXPLANATION('p.factors')} FROM evaluation_history p
              WHERE p.subject_key = h.subject_key AND p.scorecard = h.scorecard AND p.n < h.n AND NOT p.ended ORDER BY p.n DESC LIMIT 1
            ) END AS ends
     FROM evaluation_history h WHERE h.subject_key = $1 ORDER BY h.recorded_at DESC, h.ended, h.scorecard, h.n DESC LIMIT $2`,
    [subjectKey, limit],
  );
}

/** Whether a subject has a current result of a scorecard. */
export async function isEvaluated(q: Queryable, subjectKey: string, scorecard: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM evaluation WHERE subject_key = $1 AND scorecard = $2', [subjectKey, scorecard])).length > 0;
}

/** Whether a subject's result of a scorecard is overridden now. */
export async function hasActiveOverride(q: Queryable, subjectKey: string, scorecard: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM evaluation_override WHERE subject_key = $1 AND scorecard = $2 AND active', [subjectKey, scorecard])).length > 0;
}
