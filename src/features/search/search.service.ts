// Subject search by name and code. Each subject's name is kept in subject_search in the forms a
// query is compared with (normalize.ts). A query is classified (whole code, code prefix, Chinese
// text, latin letters) and answered in up to three rounds of index-backed candidate queries,
// each scored, joined to `subject` and ranked in one statement: (1) exact code, code prefix, exact
// and prefix matches of the name, pinyin and initials; (2) when those leave room, names and
// pinyin containing the query; (3) when nothing equals, starts with or contains it, similar
// names (a misspelling). Vague parts of a query (有限公司, gongsi) are common to most names, so
// rounds 2 and 3 look a query up by its rarest pieces, estimated from a sample of
// subject_search, and check the rest on the rows found.
import type { Database, Queryable } from '../../store/database.ts';
import { copyRows } from '../../store/copy.ts';
import { queryForms, searchForms, type QueryForms } from './normalize.ts';

export type MatchKind = 'code' | 'code-prefix' | 'name' | 'pinyin' | 'initials';

export interface SearchHit {
  subjectKey: string;
  code: string;
  name: string;
  kind: string;
  /** Higher is better; comparable within one answer only. 1 is an exact code. */
  score: number;
  matched: MatchKind;
}

export interface SearchOptions {
  /** At most this many hits (1 to 100, default 10). */
  limit?: number;
  /** Subject kinds to search; by default every kind except natural persons, who are found only when asked for. */
  kinds?: string[];
}

export interface IndexRow {
  subjectKey: string;
  name: string;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

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
/**
 * Similar names: least trigram similarity; most rows (estimated) that three rare pieces may
 * bring, and that five may bring (more pieces tolerate two mistakes but read more rows).
 */
const SIMILARITY_FLOOR = 0.3;
const SIMILAR_MAX_ROWS = 2000;
const SIMILAR_CHEAP_ROWS = 200;
/** A further pinyin piece is asked of the index only if it is in at most this many rows (estimated). */
const NARROWING_ROWS = 30_000;
/** The sample piece frequencies are estimated from, and how long it is kept. */
const SAMPLE_ROWS = 20_000;
const STATS_TTL_MS = 10 * 60_000;

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
 * Stores the search forms of subjects (new ones, or renamed ones), inside the caller's
 * transaction. With `fresh`, the caller knows none of them is indexed yet and they are copied in;
 * otherwise they are upserted.
 */
export async function indexSubjects(q: Queryable, rows: readonly IndexRow[], options: { fresh?: boolean } = {}): Promise<void> {
  if (rows.length === 0) return;
  if (options.fresh) {
    await q.copyIn('subject_search', COLUMNS, copyRows(rows.map(searchRow)));
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
}

/** An upper bound, byte-wise, of the strings that start with `prefix` (no name holds U+10FFFF). */
function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Builds the candidate queries of one search and their parameters. */
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

  get empty(): boolean {
    return this.parts.length === 0;
  }
}

function codeParts(plan: Plan, forms: QueryForms): void {
  if (forms.kind === 'code') {
    plan.add(`SELECT subject_key, ${SCORE.code}::float8 AS score, 'code' AS matched FROM subject WHERE subject_key = ${plan.param(forms.code)}`);
  }
  if (forms.kind === 'code-prefix') {
    const p = plan.param(forms.prefix);
    plan.add(
      `SELECT subject_key, ${SCORE.codePrefix}::float8, 'code-prefix' FROM subject_search
       WHERE subject_key ~>=~ ${p} AND subject_key ~<~ ${plan.param(prefixEnd(forms.prefix))}
       ORDER BY subject_key USING ~<~ LIMIT ${CAP.prefix}`,
    );
  }
}

function branchPenalty(plan: Plan, query: string): string {
  return query.includes(BRANCH) ? '0' : `CASE WHEN strpos(folded, ${plan.param(BRANCH)}) > 0 THEN ${BRANCH_PENALTY} ELSE 0 END`;
}

/** Exact and prefix matches of the folded name (the btree, in byte order: the exact name first). */
function namePrefixPart(plan: Plan, folded: string): void {
  const f = plan.param(folded);
  plan.add(
    `SELECT subject_key, CASE WHEN folded = ${f} THEN ${SCORE.nameExact} ELSE ${SCORE.namePrefix} + 0.1 * ${plan.param([...folded].length)}::float8 / char_length(folded) END - ${branchPenalty(plan, folded)}, 'name'
     FROM subject_search WHERE folded ~>=~ ${f} AND folded ~<~ ${plan.param(prefixEnd(folded))} ORDER BY folded USING ~<~ LIMIT ${CAP.prefix}`,
  );
}

/** Names containing the fragment: every two-character piece of it (GIN), then the fragment itself. */
function nameContainsPart(plan: Plan, folded: string): void {
  const n = [...folded].length;
  if (n < 2) return;
  plan.add(
    `SELECT subject_key, ${SCORE.nameContains} + 0.1 * ${plan.param(n)}::float8 / char_length(folded) - ${branchPenalty(plan, folded)}, 'name'
     FROM subject_search WHERE bigrams @> ${plan.param(bigrams(folded))}::text[] AND strpos(folded, ${plan.param(folded)}) > 0 LIMIT ${CAP.contains}`,
  );
}

/** Pinyin and initials: exact and prefix. */
function latinPrefixParts(plan: Plan, latin: string): void {
  const l = plan.param(latin);
  const end = plan.param(prefixEnd(latin));
  const len = plan.param(latin.length);
  const pen = branchPenalty(plan, '');
  plan.add(
    `SELECT subject_key, CASE WHEN pinyin = ${l} THEN ${SCORE.pinyinExact} ELSE ${SCORE.pinyinPrefix} + 0.1 * ${len}::float8 / char_length(pinyin) END - ${pen}, 'pinyin'
     FROM subject_search WHERE pinyin ~>=~ ${l} AND pinyin ~<~ ${end} ORDER BY pinyin USING ~<~ LIMIT ${CAP.prefix}`,
  );
  plan.add(
    `SELECT subject_key, CASE WHEN initials = ${l} THEN ${SCORE.initialsExact} ELSE ${SCORE.initialsPrefix} + 0.1 * ${len}::float8 / char_length(initials) END - ${pen}, 'initials'
     FROM subject_search WHERE initials ~>=~ ${l} AND initials ~<~ ${end} ORDER BY initials USING ~<~ LIMIT ${CAP.prefix}`,
  );
}

/**
 * Pinyin containing the letters: the trigram index is asked only for the query's rarest
 * three-letter pieces (asking for all of them reads the long lists of the common ones), and the
 * rows found are checked for the whole query.
 */
function pinyinContainsPart(plan: Plan, latin: string, pieces: readonly string[]): void {
  if (pieces.length === 0) return;
  const like = pieces.map((t) => `pinyin LIKE ${plan.param(likeContains(t))}`).join(' AND ');
  plan.add(
    `SELECT subject_key, ${SCORE.pinyinContains} + 0.1 * ${plan.param(latin.length)}::float8 / char_length(pinyin) - ${branchPenalty(plan, '')}, 'pinyin'
     FROM subject_search WHERE ${like} AND strpos(pinyin, ${plan.param(latin)}) > 0 LIMIT ${CAP.contains}`,
  );
}

/**
 * Names similar to a misspelled one: those holding any of a few rare two-character pieces of
 * the query (chosen so that one mistake cannot destroy them all, see SubjectSearch.anchors),
 * ranked by trigram similarity to the whole query.
 */
function similarPart(plan: Plan, folded: string, anchors: readonly string[]): void {
  const f = plan.param(folded);
  plan.add(
    `SELECT subject_key, ${SCORE.similar} + 0.25 * similarity(${f}, folded) - ${branchPenalty(plan, folded)}, 'name'
     FROM subject_search WHERE bigrams && ${plan.param(anchors)}::text[] AND similarity(${f}, folded) >= ${SIMILARITY_FLOOR}
     ORDER BY similarity(${f}, folded) DESC LIMIT ${CAP.similar}`,
  );
}

type HitRow = {
  subject_key: string;
  code: string;
  name: string;
  kind: string;
  score: number;
  matched: MatchKind;
};

/** Best first, as the SQL of `run` orders: score, then code order among code prefixes, shorter names, codes. */
function byRank(a: SearchHit, b: SearchHit): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.matched === 'code-prefix' && b.matched === 'code-prefix' && a.code !== b.code) return a.code < b.code ? -1 : 1;
  const la = [...a.name].length;
  const lb = [...b.name].length;
  if (la !== lb) return la - lb;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Three-letter pieces of a string (pinyin), distinct. */
function trigrams(s: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return [...out];
}

/** How many rows hold each piece, estimated from a sample of subject_search. */
interface PieceStats {
  /** Sampled rows holding each two-character piece of the folded name, and each three-letter piece of the pinyin. */
  grams: Map<string, number>;
  pinyin: Map<string, number>;
  /** Rows of the table per sampled row. */
  scale: number;
  takenAt: number;
}

export class SubjectSearch {
  private stats: PieceStats | null = null;
  private statsLoading: Promise<PieceStats> | null = null;

  constructor(private readonly db: Database) {}

  /** Stores the search forms of these subjects (see indexSubjects). */
  index(q: Queryable, rows: readonly IndexRow[], options: { fresh?: boolean } = {}): Promise<void> {
    return indexSubjects(q, rows, options);
  }

  /** Subjects matching a code, a code prefix, a name or part of it, pinyin or initials, best first. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(Number.isFinite(options.limit) ? options.limit! : DEFAULT_LIMIT)));
    const kinds = options.kinds && options.kinds.length > 0 ? options.kinds : null;
    const forms = queryForms(query);
    if (forms.kind === 'empty') return [];
    const latin = forms.kind === 'latin' || forms.kind === 'code-prefix' ? forms.latin : null;
    // Digits and latin letters occur in names too (TCL科技, 360).
    const nameText =
      forms.kind === 'chinese' ? forms.folded : forms.kind === 'latin' ? forms.latin : forms.kind === 'code-prefix' ? forms.prefix.toLowerCase() : null;

    const first = new Plan();
    codeParts(first, forms);
    if (nameText !== null) namePrefixPart(first, nameText);
    if (latin !== null) latinPrefixParts(first, latin);
    let hits = await this.run(first, limit, kinds);
    // Containment ranks below every exact or prefix match: only when they leave room.
    if (forms.kind === 'code' || hits.length >= limit) return hits;

    const second = new Plan();
    if (nameText !== null) nameContainsPart(second, nameText);
    if (latin !== null && latin.length >= 3) pinyinContainsPart(second, latin, await this.rarePinyinPieces(latin));
    hits = merge(hits, await this.run(second, limit, kinds), limit);
    // Similar names only when nothing equals, starts with or contains the query (a misspelling).
    if (hits.length > 0 || forms.kind !== 'chinese') return hits;

    const anchors = await this.anchors(forms.folded);
    if (anchors === null) return hits;
    const third = new Plan();
    similarPart(third, forms.folded, anchors);
    return merge(hits, await this.run(third, limit, kinds), limit);
  }

  /**
   * Fills subject_search from `subject` if it is empty while subjects exist (a store that had
   * subjects before search existed). Returns whether it did.
   */
  async ensureIndexed(q: Queryable = this.db): Promise<boolean> {
    const r = await q.query<{ missing: boolean }>('SELECT EXISTS (SELECT 1 FROM subject) AND NOT EXISTS (SELECT 1 FROM subject_search) AS missing');
    if (!r[0]?.missing) return false;
    await this.rebuild(q);
    return true;
  }

  /** Samples the piece statistics now (at start), so that the first searches do not wait for them. */
  async warmUp(): Promise<void> {
    await this.pieceStats();
  }

  /** Drops the piece statistics (after a bulk change; they are sampled again when needed). */
  forgetStatistics(): void {
    this.stats = null;
  }

  /**
   * The rarest three-letter pieces of a latin query: the rarest always, the next two while they
   * are rare enough to narrow the lists the index reads.
   */
  private async rarePinyinPieces(latin: string): Promise<string[]> {
    const stats = await this.pieceStats();
    const ranked = trigrams(latin)
      .map((t) => ({ t, n: (stats.pinyin.get(t) ?? 0) * stats.scale }))
      .sort((a, b) => a.n - b.n || (a.t < b.t ? -1 : 1));
    return ranked.filter((r, i) => i === 0 || (i < 3 && r.n <= NARROWING_ROWS)).map((r) => r.t);
  }

  /**
   * The two-character pieces of a query to find similar names by, the rarest that one mistake
   * cannot all destroy: a replaced character destroys the two pieces around it, a dropped or
   * added one the piece across it, so two pieces at least two apart, or any three, keep one
   * that the intended name has. Five when they are rare enough (two mistakes). When only
   * adjacent pieces are rare, those two (every mistake but the replacement of the character
   * they share). Null when the query has no rare pieces at all.
   */
  private async anchors(folded: string): Promise<string[] | null> {
    const cs = [...folded];
    if (cs.length < 4) return null;
    const stats = await this.pieceStats();
    const byPiece = new Map<string, number[]>();
    for (let i = 0; i + 1 < cs.length; i++) {
      const p = cs[i]! + cs[i + 1]!;
      byPiece.set(p, [...(byPiece.get(p) ?? []), i]);
    }
    const ranked = [...byPiece]
      .map(([p, at]) => ({ p, at, n: (stats.grams.get(p) ?? 0) * stats.scale }))
      .sort((a, b) => a.n - b.n || (a.p < b.p ? -1 : 1))
      .slice(0, 8);
    const cost = (set: typeof ranked) => set.reduce((s, c) => s + c.n, 0);
    const survives = (set: typeof ranked) => {
      const at = set.flatMap((c) => c.at);
      return Math.max(...at) - Math.min(...at) >= 2;
    };
    if (ranked.length >= 5 && cost(ranked.slice(0, 5)) <= SIMILAR_CHEAP_ROWS) return ranked.slice(0, 5).map((c) => c.p);
    const options: Array<typeof ranked> = [];
    if (ranked.length >= 3) options.push(ranked.slice(0, 3));
    for (let i = 0; i < ranked.length; i++)
      for (let j = i + 1; j < ranked.length; j++) if (survives([ranked[i]!, ranked[j]!])) options.push([ranked[i]!, ranked[j]!]);
    options.sort((a, b) => cost(a) - cost(b));
    const best = options[0];
    if (best && cost(best) <= SIMILAR_MAX_ROWS) return best.map((c) => c.p);
    const twoRarest = ranked.slice(0, 2);
    return twoRarest.length === 2 && cost(twoRarest) <= SIMILAR_MAX_ROWS ? twoRarest.map((c) => c.p) : null;
  }

  /**
   * Piece frequencies from a sample of about SAMPLE_ROWS rows. Sampled at first need; when
   * older than STATS_TTL_MS they are used while a new sample is taken in the background.
   */
  private async pieceStats(): Promise<PieceStats> {
    const fresh = this.stats !== null && performance.now() - this.stats.takenAt < STATS_TTL_MS;
    if (!fresh && this.statsLoading === null) {
      this.statsLoading = this.samplePieces().finally(() => {
        this.statsLoading = null;
      });
      this.statsLoading.then(
        (s) => {
          this.stats = s;
        },
        () => undefined,
      );
    }
    if (this.stats) return this.stats;
    return (this.stats = await this.statsLoading!);
  }

  private async samplePieces(): Promise<PieceStats> {
    const est = await this.db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'subject_search'::regclass`);
    let rows = Number(est[0]?.n ?? -1);
    if (!(rows > 0)) rows = Number((await this.db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM subject_search'))[0]!.n);
    const percent = rows <= SAMPLE_ROWS ? 100 : (100 * SAMPLE_ROWS) / rows;
    const sample = await this.db.query<{ folded: string; pinyin: string }>(
      `SELECT folded, pinyin FROM subject_search TABLESAMPLE SYSTEM (${percent.toFixed(6)}) REPEATABLE (7)`,
    );
    const grams = new Map<string, number>();
    const pinyin = new Map<string, number>();
    for (const r of sample) {
      for (const g of bigrams(r.folded)) grams.set(g, (grams.get(g) ?? 0) + 1);
      for (const t of trigrams(r.pinyin)) pinyin.set(t, (pinyin.get(t) ?? 0) + 1);
    }
    return { grams, pinyin, scale: sample.length > 0 ? rows / sample.length : 1, takenAt: performance.now() };
  }

  private async run(plan: Plan, limit: number, kinds: string[] | null): Promise<SearchHit[]> {
    if (plan.empty) return [];
    const kindFilter = kinds ? `s.kind = ANY(${plan.param(kinds)}::text[])` : `s.kind <> 'natural-person'`;
    const lim = plan.param(limit);
    const union = plan.parts.map((p) => `(${p})`).join('\n UNION ALL\n');
    const rows = await this.db.query<HitRow>(
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

  /**
   * Refills subject_search from the subject table (for stores that had subjects before search
   * existed, or after a restore). Secondary indexes are dropped during the load and built again
   * after it, which is much faster than maintaining them row by row. Run it in a transaction, or
   * while nothing else writes subjects: a subject indexed meanwhile would collide with the copy.
   */
  async rebuild(q: Queryable, options: { batch?: number } = {}): Promise<{ subjects: number }> {
    const batch = options.batch ?? 20_000;
    const indexes = await q.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename = 'subject_search'
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
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
    this.forgetStatistics();
    return { subjects };
  }
}

/** Hits of two phases together: each subject once, at its best score. */
function merge(a: readonly SearchHit[], b: readonly SearchHit[], limit: number): SearchHit[] {
  const best = new Map<string, SearchHit>();
  for (const h of [...a, ...b]) {
    const seen = best.get(h.subjectKey);
    if (!seen || h.score > seen.score) best.set(h.subjectKey, h);
  }
  return [...best.values()].sort(byRank).slice(0, limit);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
