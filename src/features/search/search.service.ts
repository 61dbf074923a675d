// Subject search by name and code. Each subject's name is kept in subject_search in the forms a
// query is compared with (normalize.ts). A query is classified (whole code, code prefix, Chinese
// text, latin letters) and answered in up to three rounds of index-backed candidate queries
// (search.store.ts), each scored, joined to `subject` and ranked in one statement: (1) exact code, code prefix, exact
// and prefix matches of the name, pinyin and initials; (2) when those leave room, names and
// pinyin containing the query; (3) when nothing equals, starts with or contains it, similar
// names (a misspelling). Vague parts of a query (有限公司, gongsi) are common to most names, so
// rounds 2 and 3 look a query up by its rarest pieces, estimated from a sample of
// subject_search, and check the rest on the rows found.
import type { Database, Queryable } from '../../store/database.ts';
import type { ProjectionListener } from '../../ledger/listeners.ts';
import { queryForms } from './normalize.ts';
import {
  bigrams,
  clearIndex,
  findCandidates,
  indexMissing,
  indexSubjects,
  lockIndexing,
  prepareSearchRows,
  refillIndex,
  sampleIndex,
  type CandidateHit,
  type CandidatePart,
  type IndexRow,
} from './search.store.ts';

export { bigrams, indexSubjects, searchRow, type IndexRow, type MatchKind } from './search.store.ts';

/**
 * The search index follows the projection as a listener (src/ledger/listeners.ts): names of new
 * and renamed subjects are indexed in the transaction that appended them (their forms computed
 * before it takes its logs, when intake says they are coming), and a rebuild empties it with the
 * projections.
 */
export const searchIndexListener: ProjectionListener = {
  name: 'subject-search',
  subjectsComing: (subjects) => prepareSearchRows(subjects),
  subjectsNamed: (tx, subjects, fresh) => indexSubjects(tx, subjects, { fresh }),
  cleared: (tx) => clearIndex(tx),
};

/** A subject found. */
export type SearchHit = CandidateHit;

export interface SearchOptions {
  /** At most this many hits (1 to 100, default 10). */
  limit?: number;
  /** Subject kinds to search; by default every kind except natural persons, who are found only when asked for. */
  kinds?: string[];
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

/**
 * Similar names: most rows (estimated) that three rare pieces may bring, and that five may bring
 * (more pieces tolerate two mistakes but read more rows).
 */
const SIMILAR_MAX_ROWS = 2000;
const SIMILAR_CHEAP_ROWS = 200;
/** A further pinyin piece is asked of the index only if it is in at most this many rows (estimated). */
const NARROWING_ROWS = 30_000;
/** The sample piece frequencies are estimated from, and how long it is kept. */
const SAMPLE_ROWS = 20_000;
const STATS_TTL_MS = 10 * 60_000;

/** Best first, as findCandidates orders: score, then code order among code prefixes, shorter names, codes. */
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

    const first: CandidatePart[] = [];
    if (forms.kind === 'code') first.push({ kind: 'code', code: forms.code });
    if (forms.kind === 'code-prefix') first.push({ kind: 'code-prefix', prefix: forms.prefix });
    if (nameText !== null) first.push({ kind: 'name-prefix', folded: nameText });
    if (latin !== null) first.push({ kind: 'latin-prefix', latin });
    let hits = await findCandidates(this.db, first, limit, kinds);
    // Containment ranks below every exact or prefix match: only when they leave room.
    if (forms.kind === 'code' || hits.length >= limit) return hits;

    const second: CandidatePart[] = [];
    if (nameText !== null) second.push({ kind: 'name-contains', folded: nameText });
    if (latin !== null && latin.length >= 3) second.push({ kind: 'pinyin-contains', latin, pieces: await this.rarePinyinPieces(latin) });
    hits = merge(hits, await findCandidates(this.db, second, limit, kinds), limit);
    // Similar names only when nothing equals, starts with or contains the query (a misspelling).
    if (hits.length > 0 || forms.kind !== 'chinese') return hits;

    const anchors = await this.anchors(forms.folded);
    if (anchors === null) return hits;
    return merge(hits, await findCandidates(this.db, [{ kind: 'similar', folded: forms.folded, anchors }], limit, kinds), limit);
  }

  /**
   * Fills subject_search from `subject` if it is empty while subjects exist (a store that had
   * subjects before search existed). Returns whether it did.
   */
  async ensureIndexed(q: Queryable = this.db): Promise<boolean> {
    if (!(await indexMissing(q))) return false;
    await this.rebuild(q);
    return true;
  }

  /**
   * ensureIndexed in a transaction of its own under the search index's advisory lock, so that of
   * several processes opening one store, one indexes and the others find it done.
   */
  ensureIndexedOnce(): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await lockIndexing(tx);
      return this.ensureIndexed(tx);
    });
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
    const { rows, sample } = await sampleIndex(this.db, SAMPLE_ROWS);
    const grams = new Map<string, number>();
    const pinyin = new Map<string, number>();
    for (const r of sample) {
      for (const g of bigrams(r.folded)) grams.set(g, (grams.get(g) ?? 0) + 1);
      for (const t of trigrams(r.pinyin)) pinyin.set(t, (pinyin.get(t) ?? 0) + 1);
    }
    return { grams, pinyin, scale: sample.length > 0 ? rows / sample.length : 1, takenAt: performance.now() };
  }

  /**
   * Refills subject_search from the subject table (for stores that had subjects before search
   * existed, or after a restore). Secondary indexes are dropped during the load and built again
   * after it, which is much faster than maintaining them row by row. Run it in a transaction, or
   * while nothing else writes subjects: a subject indexed meanwhile would collide with the copy.
   */
  async rebuild(q: Queryable, options: { batch?: number } = {}): Promise<{ subjects: number }> {
    const subjects = await refillIndex(q, options.batch ?? 20_000);
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
