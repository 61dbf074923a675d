// The search index's table, subject_search, and the statements that read it. A subject's row
// holds its name in the forms a query is compared with (normalize.ts), with btree indexes for
// prefixes and a GIN index on the name's two-character pieces. A search asks for candidates
// (CandidatePart, chosen by the service), and one statement scores, joins them to `subject`
// and ranks them.
import type { Queryable } from '../../store/database.ts';
import { copyRows } from '../../store/copy.ts';
import { ADVISORY_LOCK } from '../../kernel/constants.ts';
import { assertNever } from '../../domain/assert-never.ts';
import { searchForms } from './normalize.ts';

export type MatchKind = 'code' | 'code-prefix' | 'name' | 'pinyin' | 'initials';

/** A subject's name to index. */
export interface IndexRow {
  subjectKey: string;
  name: string;
}

/** One subject found, before it is merged with the other rounds' hits. */
export interface CandidateHit {
  subjectKey: string;
  code: string;
  name: string;
  kind: string;
  score: number;
  matched: MatchKind;
}

/**
 * A kind of candidate a search asks the index for: an exact code, a code prefix, exact and prefix
 * matches of the folded name or of the pinyin and initials, names or pinyin containing the query
 * (pinyin looked up by its rarest three-letter pieces), names similar to a misspelled one (found
 * by a few rare two-character pieces, `anchors`).
 */
export type CandidatePart =
  | { kind: 'code'; code: string }
  | { kind: 'code-prefix'; prefix: string }
  | { kind: 'name-prefix'; folded: string }
  | { kind: 'latin-prefix'; latin: string }
  | { kind: 'name-contains'; folded: string }
  | { kind: 'pinyin-contains'; latin: string; pieces: readonly string[] }
  | { kind: 'similar'; folded: string; anchors: readonly string[] };

const COLUMNS = ['subject_key', 'folded', 'pinyin', 'initials', 'bigrams'] as const;

/** Scores of the tiers; within a tier, coverage (query length / matched length) adds up to 0.1. */
const SCORE = {
  code: 1,
  codePrefix: 0.95,
  nameExact: 0.9,
  pinyinExact: 0.88,
  initialsExact: 0.86,
  namePrefix: 0.7,
  pinyinPrefix: 0.65,
  initialsPrefix: 0.6,
  nameContains: 0.5,
  pinyinContains: 0.45,
  similar: 0.2,
} as const;
/** A branch (分公司) ranks just after otherwise equal names unless the query names a branch. */
const BRANCH_PENALTY = 0.005;
const BRANCH = '分公司';

/** Candidates each part of a query may contribute before ranking (bounds the work of vague queries). */
const CAP = { prefix: 200, contains: 1000, similar: 50 } as const;
/** Similar names: least trigram similarity. */
const SIMILARITY_FLOOR = 0.3;

/** The distinct two-character pieces of a folded name (code points), as search_bigrams() gives them in SQL. */
export function bigrams(folded: string): string[] {
  const cs = [...folded];
  const out = new Set<string>();
  for (let i = 0; i + 1 < cs.length; i++) out.add(cs[i]! + cs[i + 1]!);
  return [...out];
}

/** The subject_search row of a subject, in COLUMNS order. */
export function searchRow(row: IndexRow): [string, string, string, string, string] {
  const f = searchForms(row.name);
  return [row.subjectKey, f.folded, f.pinyin, f.initials, arrayLiteral(bigrams(f.folded))];
}

/** A text[] literal: every element quoted, with its quotes and backslashes escaped. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * COPY lines of subjects' search rows computed ahead of the transaction that stores them
 * (prepareSearchRows), by subject key, with the name each was computed from and when (this
 * process's monotonic time); a line is taken when its subject is indexed under that name.
 * Subjects this process has indexed (copied or upserted) are not prepared again. Both are hints,
 * bounded in size: a subject found in neither is computed when it is indexed. Full, the lines
 * are evicted oldest first, but only those older than STALE_MS (left by a batch that failed, or
 * of subjects already stored, which are never taken): a batch in flight keeps the lines computed
 * for it, and what does not fit is computed in its transaction instead.
 */
const prepared = new Map<string, { name: string; line: string; at: number }>();
const indexedHere = new Set<string>();
const MAX_PREPARED = 50_000;
const MAX_INDEXED_HERE = 500_000;
const STALE_MS = 60_000;

/** Makes room for one line if a stale one can go; answers whether there is room. */
function roomToPrepare(now: number): boolean {
  if (prepared.size < MAX_PREPARED) return true;
  const [oldest] = prepared;
  if (!oldest || now - oldest[1].at < STALE_MS) return false;
  prepared.delete(oldest[0]);
  return true;
}

/** Remembers that a subject is stored, in a set of bounded size. */
function markIndexed(subjectKey: string): void {
  if (indexedHere.size >= MAX_INDEXED_HERE) indexedHere.clear();
  indexedHere.add(subjectKey);
}

/** One subject's search row as a COPY line. */
function searchLine(row: IndexRow): string {
  return copyRows([searchRow(row)]);
}

/**
 * Computes the search rows of subjects that may be indexed soon, outside any transaction, so
 * that indexing them (indexSubjects) only copies them in. `now` is this process's monotonic time
 * (performance.now), given by tests.
 */
export function prepareSearchRows(rows: readonly IndexRow[], now = performance.now()): void {
  for (const r of rows) {
    if (indexedHere.has(r.subjectKey) || prepared.get(r.subjectKey)?.name === r.name) continue;
    // A line moved to the end is the newest (a Map keeps the order of insertion).
    prepared.delete(r.subjectKey);
    if (!roomToPrepare(now)) return;
    prepared.set(r.subjectKey, { name: r.name, line: searchLine(r), at: now });
  }
}

/** The subjects whose search lines are prepared and waiting, oldest first (for tests and operators). */
export function preparedSubjects(): string[] {
  return [...prepared.keys()];
}

/**
 * Stores the search forms of subjects (new ones, or renamed ones), inside the caller's
 * transaction. With `fresh`, the caller knows none of them is indexed yet and they are copied in;
 * otherwise they are upserted.
 */
export async function indexSubjects(q: Queryable, rows: readonly IndexRow[], options: { fresh?: boolean } = {}): Promise<void> {
  if (rows.length === 0) return;
  if (options.fresh) {
    let text = '';
    for (const r of rows) {
      const ready = prepared.get(r.subjectKey);
      if (ready !== undefined) prepared.delete(r.subjectKey);
      text += ready?.name === r.name ? ready.line : searchLine(r);
    }
    await q.copyIn('subject_search', COLUMNS, text);
    for (const r of rows) markIndexed(r.subjectKey);
    return;
  }
  // One row per subject (the last name wins): an upsert may not touch a row twice.
  const last = new Map<string, IndexRow>();
  for (const r of rows) last.set(r.subjectKey, r);
  const built = [...last.values()].map(searchRow);
  await q.query(
    `INSERT INTO subject_search (subject_key, folded, pinyin, initials, bigrams)
     SELECT k, f, p, i, b::text[] FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(k, f, p, i, b)
     ON CONFLICT (subject_key) DO UPDATE SET folded = EXCLUDED.folded, pinyin = EXCLUDED.pinyin, initials = EXCLUDED.initials, bigrams = EXCLUDED.bigrams`,
    [0, 1, 2, 3, 4].map((c) => built.map((r) => r[c])),
  );
  for (const key of last.keys()) {
    prepared.delete(key);
    markIndexed(key);
  }
}

/** Empties the index (the projections were emptied for a rebuild, which indexes the subjects again). */
export async function clearIndex(q: Queryable): Promise<void> {
  await q.query('TRUNCATE subject_search');
}

/** Whether subjects exist while subject_search is empty (a store that had subjects before search existed). */
export async function indexMissing(q: Queryable): Promise<boolean> {
  const r = await q.query<{ missing: boolean }>('SELECT EXISTS (SELECT 1 FROM subject) AND NOT EXISTS (SELECT 1 FROM subject_search) AS missing');
  return r[0]?.missing === true;
}

/** Holds the search index's advisory lock until the caller's transaction ends (one process indexes at a time). */
export async function lockIndexing(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.searchIndex]);
}

/**
 * Refills subject_search from the subject table. The indexes that answer searches are dropped
 * during the load and built again after it, which is much faster than maintaining them row by
 * row; the unique index on the key stays, so that an upsert meanwhile still finds its conflict
 * and no key is stored twice. Run it in a transaction, or while nothing else writes subjects: a
 * subject indexed meanwhile would collide with the copy.
 */
export async function refillIndex(q: Queryable, batch: number): Promise<number> {
  const indexes = await q.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
       JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = current_schema()::regnamespace
       JOIN pg_index x ON x.indexrelid = c.oid
     WHERE i.schemaname = current_schema() AND i.tablename = 'subject_search' AND NOT x.indisunique`,
  );
  await q.query('TRUNCATE subject_search');
  for (const ix of indexes) await q.query(`DROP INDEX ${quoteIdent(ix.indexname)}`);
  let subjects = 0;
  try {
    let after: string | null = null;
    for (;;) {
      const rows: Array<{ subject_key: string; name: string }> = await q.query(
        after === null
          ? 'SELECT subject_key, name FROM subject ORDER BY subject_key LIMIT $1'
          : 'SELECT subject_key, name FROM subject WHERE subject_key > $2 ORDER BY subject_key LIMIT $1',
        after === null ? [batch] : [batch, after],
      );
      if (rows.length === 0) break;
      await q.copyIn('subject_search', COLUMNS, copyRows(rows.map((r) => searchRow({ subjectKey: r.subject_key, name: r.name }))));
      subjects += rows.length;
      after = rows[rows.length - 1]!.subject_key;
    }
  } finally {
    for (const ix of indexes) await q.query(ix.indexdef);
  }
  await q.query('ANALYZE subject_search');
  return subjects;
}

/**
 * About `sampleRows` rows of subject_search (all of them when it holds fewer), always the same
 * ones for the same table, and how many rows the table holds (the planner's estimate, or a count).
 */
export async function sampleIndex(q: Queryable, sampleRows: number): Promise<{ rows: number; sample: Array<{ folded: string; pinyin: string }> }> {
  const est = await q.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'subject_search'::regclass`);
  let rows = Number(est[0]?.n ?? -1);
  if (!(rows > 0)) rows = Number((await q.query<{ n: number }>('SELECT count(*)::float8 AS n FROM subject_search'))[0]!.n);
  const percent = rows <= sampleRows ? 100 : (100 * sampleRows) / rows;
  const sample = await q.query<{ folded: string; pinyin: string }>(
    `SELECT folded, pinyin FROM subject_search TABLESAMPLE SYSTEM (${percent.toFixed(6)}) REPEATABLE (7)`,
  );
  return { rows, sample };
}

/** An upper bound, byte-wise, of the strings that start with `prefix` (no name holds U+10FFFF). */
function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The candidate queries of one search and their parameters. */
class Plan {
  readonly params: unknown[] = [];
  /** SQL returning (subject_key, score, matched), with $n placeholders numbered by `param`. */
  readonly parts: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(sql: string): void {
    this.parts.push(sql);
  }

  branchPenalty(query: string): string {
    return query.includes(BRANCH) ? '0' : `CASE WHEN strpos(folded, ${this.param(BRANCH)}) > 0 THEN ${BRANCH_PENALTY} ELSE 0 END`;
  }
}

/** The SQL of one candidate part, added to the plan. */
function addPart(plan: Plan, part: CandidatePart): void {
  switch (part.kind) {
    case 'code':
      plan.add(`SELECT subject_key, ${SCORE.code}::float8 AS score, 'code' AS matched FROM subject WHERE subject_key = ${plan.param(part.code)}`);
      return;
    case 'code-prefix': {
      const p = plan.param(part.prefix);
      plan.add(
        `SELECT subject_key, ${SCORE.codePrefix}::float8, 'code-prefix' FROM subject_search
         WHERE subject_key ~>=~ ${p} AND subject_key ~<~ ${plan.param(prefixEnd(part.prefix))}
         ORDER BY subject_key USING ~<~ LIMIT ${CAP.prefix}`,
      );
      return;
    }
    case 'name-prefix': {
      // Exact and prefix matches of the folded name (the btree, in byte order: the exact name first).
      const f = plan.param(part.folded);
      plan.add(
        `SELECT subject_key, CASE WHEN folded = ${f} THEN ${SCORE.nameExact} ELSE ${SCORE.namePrefix} + 0.1 * ${plan.param([...part.folded].length)}::float8 / char_length(folded) END - ${plan.branchPenalty(part.folded)}, 'name'
         FROM subject_search WHERE folded ~>=~ ${f} AND folded ~<~ ${plan.param(prefixEnd(part.folded))} ORDER BY folded USING ~<~ LIMIT ${CAP.prefix}`,
      );
      return;
    }
    case 'latin-prefix': {
      // Pinyin and initials: exact and prefix.
      const l = plan.param(part.latin);
      const end = plan.param(prefixEnd(part.latin));
      const len = plan.param(part.latin.length);
      const pen = plan.branchPenalty('');
      plan.add(
        `SELECT subject_key, CASE WHEN pinyin = ${l} THEN ${SCORE.pinyinExact} ELSE ${SCORE.pinyinPrefix} + 0.1 * ${len}::float8 / char_length(pinyin) END - ${pen}, 'pinyin'
         FROM subject_search WHERE pinyin ~>=~ ${l} AND pinyin ~<~ ${end} ORDER BY pinyin USING ~<~ LIMIT ${CAP.prefix}`,
      );
      plan.add(
        `SELECT subject_key, CASE WHEN initials = ${l} THEN ${SCORE.initialsExact} ELSE ${SCORE.initialsPrefix} + 0.1 * ${len}::float8 / char_length(initials) END - ${pen}, 'initials'
         FROM subject_search WHERE initials ~>=~ ${l} AND initials ~<~ ${end} ORDER BY initials USING ~<~ LIMIT ${CAP.prefix}`,
      );
      return;
    }
    case 'name-contains': {
      // Names containing the fragment: every two-character piece of it (GIN), then the fragment itself.
      const n = [...part.folded].length;
      if (n < 2) return;
      plan.add(
        `SELECT subject_key, ${SCORE.nameContains} + 0.1 * ${plan.param(n)}::float8 / char_length(folded) - ${plan.branchPenalty(part.folded)}, 'name'
         FROM subject_search WHERE bigrams @> ${plan.param(bigrams(part.folded))}::text[] AND strpos(folded, ${plan.param(part.folded)}) > 0 LIMIT ${CAP.contains}`,
      );
      return;
    }
    case 'pinyin-contains': {
      // The trigram index is asked only for the given pieces; the rows found are checked for the whole query.
      if (part.pieces.length === 0) return;
      const like = part.pieces.map((t) => `pinyin LIKE ${plan.param(likeContains(t))}`).join(' AND ');
      plan.add(
        `SELECT subject_key, ${SCORE.pinyinContains} + 0.1 * ${plan.param(part.latin.length)}::float8 / char_length(pinyin) - ${plan.branchPenalty('')}, 'pinyin'
         FROM subject_search WHERE ${like} AND strpos(pinyin, ${plan.param(part.latin)}) > 0 LIMIT ${CAP.contains}`,
      );
      return;
    }
    case 'similar': {
      // Names holding any of the anchors, ranked by trigram similarity to the whole query.
      const f = plan.param(part.folded);
      plan.add(
        `SELECT subject_key, ${SCORE.similar} + 0.25 * similarity(${f}, folded) - ${plan.branchPenalty(part.folded)}, 'name'
         FROM subject_search WHERE bigrams && ${plan.param(part.anchors)}::text[] AND similarity(${f}, folded) >= ${SIMILARITY_FLOOR}
         ORDER BY similarity(${f}, folded) DESC LIMIT ${CAP.similar}`,
      );
      return;
    }
    default:
      return assertNever(part, 'candidate part');
  }
}

type HitRow = {
  subject_key: string;
  code: string;
  name: string;
  kind: string;
  score: number;
  matched: MatchKind;
};

/**
 * The best `limit` subjects among the candidates of these parts, each once at its best score, of
 * the given kinds (every kind but natural persons when null), in one statement: by score, then
 * code order among code prefixes, shorter names, codes.
 */
export async function findCandidates(q: Queryable, parts: readonly CandidatePart[], limit: number, kinds: readonly string[] | null): Promise<CandidateHit[]> {
  const plan = new Plan();
  for (const part of parts) addPart(plan, part);
  if (plan.parts.length === 0) return [];
  const kindFilter = kinds ? `s.kind = ANY(${plan.param(kinds)}::text[])` : `s.kind <> 'natural-person'`;
  const lim = plan.param(limit);
  const union = plan.parts.map((p) => `(${p})`).join('\n UNION ALL\n');
  const rows = await q.query<HitRow>(
    `WITH c(subject_key, score, matched) AS (${union}),
     best AS (SELECT DISTINCT ON (subject_key) subject_key, score, matched FROM c ORDER BY subject_key, score DESC)
     SELECT s.subject_key, s.code, s.name, s.kind, best.score, best.matched
     FROM best JOIN subject s ON s.subject_key = best.subject_key
     WHERE ${kindFilter}
     ORDER BY best.score DESC, CASE WHEN best.matched = 'code-prefix' THEN s.code END, char_length(s.name), s.code
     LIMIT ${lim}`,
    plan.params,
  );
  return rows.map((r) => ({
    subjectKey: r.subject_key,
    code: r.code,
    name: r.name,
    kind: r.kind,
    score: Math.round(Number(r.score) * 10000) / 10000,
    matched: r.matched,
  }));
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
