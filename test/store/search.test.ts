// Subject search on PGlite and on PostgreSQL: the search forms of names, every kind of query of
// the labelled query set (recall at 10 over a few thousand generated subjects), ranking (exact
// code first, head office before its branches, the exact name before names containing it), the
// index kept by upserts equal to a rebuild, and injection attempts that change nothing.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, ALL_STORES, type StoreLocation } from '../support/stores.ts';
import { openDatabase } from '../../src/store/open.ts';
import type { Database } from '../../src/store/database.ts';
import { copyRows } from '../../src/store/copy.ts';
import { buildUscc } from '../../src/domain/ids/uscc.ts';
import { generateSubjects, type SyntheticSubject } from '../../src/synthetic/generator.ts';
import { fold, queryForms, searchForms, syllables } from '../../src/features/search/normalize.ts';
import { buildQuerySet, QUERY_KINDS, type LabelledQuery } from '../../bench/search-query-set.ts';
import { bigrams, searchIndexListener, SubjectSearch, type SearchHit } from '../../src/features/search/search.service.ts';

const SUBJECTS = 3000;
const SUBJECT_COLUMNS = ['subject_key', 'kind', 'code', 'name', 'division_code', 'code_flags', 'first_index'];

/** A subject row as the projection stores it (natural persons by a hash key and a masked number). */
function subjectRow(s: SyntheticSubject, seq: number): unknown[] {
  if (s.kind === 'natural-person') {
    const key = `p:${createHash('sha256').update(s.code).digest('hex').slice(0, 40)}`;
    return [key, s.kind, `${s.code.slice(0, 4)}**********${s.code.slice(14)}`, s.name, null, '{}', seq];
  }
  return [s.code, s.kind, s.code, s.name, s.division, '{}', seq];
}

/** Hand-made subjects for the ranking cases. */
const HEAD = { code: buildUscc('9', '1', '330106', '99990001'), name: '华星科技有限公司' };
const CONTAINING = { code: buildUscc('9', '1', '330106', '99990002'), name: '杭州华星科技有限公司' };
const BRANCH = { code: buildUscc('9', '1', '330106', '99990003'), name: '华星科技有限公司杭州分公司' };
const BRACKETED = { code: buildUscc('9', '1', '330106', '99990004'), name: '华星（上海）科技有限公司' };
const PERSON_NAME = '华星科';
const HANDMADE = [HEAD, CONTAINING, BRANCH, BRACKETED];

describe('search forms', () => {
  it('folds traditional characters, widths, brackets, spaces and punctuation', () => {
    expect(searchForms('华为技术有限公司')).toEqual({ folded: '华为技术有限公司', pinyin: 'huaweijishuyouxiangongsi', initials: 'hwjsyxgs' });
    expect(searchForms('華為技術有限公司')).toEqual(searchForms('华为技术有限公司'));
    expect(fold('华星（杭州）科技有限公司')).toBe('华星杭州科技有限公司');
    expect(fold('华星(杭州) 科技·有限公司')).toBe('华星杭州科技有限公司');
    expect(fold('ＴＣＬ科技集团')).toBe('tcl科技集团');
    expect(searchForms('ＴＣＬ科技').initials).toBe('tclkj');
  });

  it('reads characters in context', () => {
    expect(searchForms('重庆银行股份有限公司').pinyin).toBe('chongqingyinhanggufenyouxiangongsi');
    expect(searchForms('长沙市行业协会').pinyin).toBe('changshashihangyexiehui');
    expect(searchForms('绿色环保').pinyin).toBe('lvsehuanbao');
    expect(syllables('tcl科技')).toEqual(['t', 'c', 'l', 'ke', 'ji']);
  });

  it('classifies queries', () => {
    expect(queryForms(' 9133 0106 ma2xxxxxx0 ')).toEqual({ kind: 'code', code: '91330106MA2XXXXXX0' });
    expect(queryForms('９１３３０１０６')).toEqual({ kind: 'code-prefix', prefix: '91330106', latin: null });
    expect(queryForms('HWJ')).toEqual({ kind: 'code-prefix', prefix: 'HWJ', latin: 'hwj' });
    expect(queryForms('hwjs')).toEqual({ kind: 'latin', latin: 'hwjs' });
    expect(queryForms('Hua Wei')).toEqual({ kind: 'latin', latin: 'huawei' });
    expect(queryForms('華為（技術）')).toEqual({ kind: 'chinese', folded: '华为技术' });
    expect(queryForms('%_\\ ')).toEqual({ kind: 'empty' });
    // Eighteen letters of the code alphabet without a digit are not a code.
    expect(queryForms('huanganhuanganhuan').kind).toBe('latin');
  });
});

describe.each(ALL_STORES)('subject search on %s', (store) => {
  let loc: StoreLocation;
  let db: Database;
  let search: SubjectSearch;
  let subjects: SyntheticSubject[];
  let queries: LabelledQuery[];

  beforeAll(async () => {
    loc = await freshStore(store);
    db = await openDatabase({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl });
    search = new SubjectSearch(db);
    subjects = [...generateSubjects({ seed: 20261120, subjects: SUBJECTS, today: '2026-11-20' })];
    const codes = new Set(subjects.map((s) => s.code));
    for (const h of HANDMADE) expect(codes.has(h.code)).toBe(false);
    const rows = subjects.map((s, i) => subjectRow(s, i + 1));
    rows.push(...HANDMADE.map((h, i) => [h.code, 'enterprise', h.code, h.name, '330106', '{}', SUBJECTS + i + 1]));
    const person = ['p:search-test-person', 'natural-person', '3301**********0012', PERSON_NAME, null, '{}', SUBJECTS + 10];
    rows.push(person);
    // As the projection does it: subjects copied in, their search forms indexed in the same
    // transaction; for every other batch computed ahead, as intake has them (one under a name other
    // than the one then stored: the stored name's forms are indexed). A rebuild equals the result
    // (the rename test below).
    for (let start = 0; start < rows.length; start += 1000) {
      const batch = rows.slice(start, start + 1000);
      if ((start / 1000) % 2 === 0) {
        const coming = batch.map((r) => ({ subjectKey: r[0] as string, name: r[3] as string }));
        coming[0] = { subjectKey: coming[0]!.subjectKey, name: '另一个名字有限公司' };
        searchIndexListener.subjectsComing!(coming);
      }
      await db.transaction(async (tx) => {
        await tx.copyIn('subject', SUBJECT_COLUMNS, copyRows(batch));
        await search.index(
          tx,
          batch.map((r) => ({ subjectKey: r[0] as string, name: r[3] as string })),
          { fresh: true },
        );
      });
    }
    queries = buildQuerySet(subjects, 7, { perKind: 20 });
  });

  afterAll(async () => {
    await db?.close();
    await loc?.cleanup();
  });

  const top = async (q: string, limit = 10): Promise<SearchHit[]> => search.search(q, { limit });

  it('has queries of every kind', () => {
    for (const kind of QUERY_KINDS) expect(queries.filter((q) => q.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
  });

  it('finds the subject of every kind of query: recall at 10 of at least 0.95', async () => {
    const byKind = new Map<string, { hits: number; total: number; misses: string[] }>();
    for (const q of queries) {
      const hits = await top(q.query);
      const k = byKind.get(q.kind) ?? { hits: 0, total: 0, misses: [] };
      k.total++;
      if (hits.some((h) => h.code === q.expected)) k.hits++;
      else k.misses.push(q.query);
      byKind.set(q.kind, k);
    }
    const total = [...byKind.values()].reduce((s, k) => s + k.total, 0);
    const found = [...byKind.values()].reduce((s, k) => s + k.hits, 0);
    for (const [kind, k] of byKind) expect(k.hits / k.total, `${kind} missed ${k.misses.join(', ')}`).toBeGreaterThanOrEqual(0.9);
    expect(found / total).toBeGreaterThanOrEqual(0.95);
  });

  it('answers an exact code with that subject first, in any width or case', async () => {
    const s = subjects.find((x) => x.kind === 'enterprise')!;
    for (const q of [s.code, s.code.toLowerCase(), ` ${s.code.slice(0, 8)} ${s.code.slice(8)} `]) {
      const hits = await top(q);
      expect(hits[0]).toMatchObject({ code: s.code, name: s.name, matched: 'code', score: 1 });
    }
    const prefix = await top(s.code.slice(0, 14));
    expect(prefix.map((h) => h.code)).toContain(s.code);
    expect(prefix.every((h) => h.matched === 'code-prefix' && h.code.startsWith(s.code.slice(0, 14)))).toBe(true);
  });

  it('ranks the exact name first, then its branch, then names containing it', async () => {
    const hits = await top(HEAD.name);
    expect(hits.slice(0, 3).map((h) => h.code)).toEqual([HEAD.code, BRANCH.code, CONTAINING.code]);
    expect(hits[0]!.matched).toBe('name');
    // A fragment: the head office before its branch.
    const frag = (await top('华星科技')).map((h) => h.code);
    expect(frag.indexOf(HEAD.code)).toBeGreaterThanOrEqual(0);
    expect(frag.indexOf(HEAD.code)).toBeLessThan(frag.indexOf(BRANCH.code));
    // The branch's own name finds the branch first.
    expect((await top(BRANCH.name))[0]!.code).toBe(BRANCH.code);
  });

  it('ranks head offices of generated branches before the branches', async () => {
    const branches = subjects.filter((s) => s.variant === 'branch' && s.relatedTo).slice(0, 10);
    expect(branches.length).toBeGreaterThan(0);
    for (const b of branches) {
      const head = subjects.find((s) => s.code === b.relatedTo);
      if (!head) continue;
      const codes = (await top(head.name, 20)).map((h) => h.code);
      expect(codes[0]).toBe(head.code);
      expect(codes).toContain(b.code);
    }
  });

  it('finds traditional, bracket, two-character, pinyin and initials forms', async () => {
    expect((await top('華星科技有限公司'))[0]!.code).toBe(HEAD.code);
    expect((await top('华星(上海)科技有限公司'))[0]!.code).toBe(BRACKETED.code);
    expect((await top('华星')).map((h) => h.code)).toEqual(expect.arrayContaining([HEAD.code, CONTAINING.code, BRANCH.code, BRACKETED.code]));
    const py = await top('huaxing keji youxian gongsi');
    expect(py[0]).toMatchObject({ code: HEAD.code, matched: 'pinyin' });
    const ini = await top('hxkjyxgs');
    expect(ini[0]).toMatchObject({ code: HEAD.code, matched: 'initials' });
    const typo = await top('华星科枝有限公司');
    expect(typo[0]!.code).toBe(HEAD.code);
  });

  it('leaves natural persons out unless asked for, and filters by kind', async () => {
    expect((await top(PERSON_NAME)).some((h) => h.kind === 'natural-person')).toBe(false);
    const persons = await search.search(PERSON_NAME, { kinds: ['natural-person'] });
    expect(persons).toEqual([expect.objectContaining({ subjectKey: 'p:search-test-person', code: '3301**********0012', matched: 'name' })]);
    const enterprises = await search.search('华星', { kinds: ['enterprise'], limit: 50 });
    expect(enterprises.length).toBeGreaterThan(0);
    expect(enterprises.every((h) => h.kind === 'enterprise')).toBe(true);
    expect((await search.search('华星', { limit: 2 })).length).toBe(2);
  });

  it('keeps a renamed subject findable by its new name only, and equals a rebuild', async () => {
    const s = subjects.find((x) => x.kind === 'enterprise' && x.variant === 'plain')!;
    await db.transaction(async (tx) => {
      await tx.query('UPDATE subject SET name = $2 WHERE subject_key = $1', [s.code, '杭州新名字示例科技有限公司']);
      await search.index(tx, [{ subjectKey: s.code, name: '杭州新名字示例科技有限公司' }]);
    });
    expect((await top('新名字示例'))[0]!.code).toBe(s.code);
    expect((await top(s.name)).some((h) => h.code === s.code && h.matched === 'name' && h.score >= 0.9)).toBe(false);
    const dump = () => db.query('SELECT subject_key, folded, pinyin, initials, bigrams FROM subject_search ORDER BY subject_key');
    const before = await dump();
    const keyIndex = () => db.query<{ oid: number }>("SELECT 'subject_search_key_idx'::regclass::oid AS oid");
    const keyIndexBefore = await keyIndex();
    const rebuilt = await search.rebuild(db, { batch: 700 });
    expect(rebuilt.subjects).toBe(SUBJECTS + HANDMADE.length + 1);
    expect(await dump()).toEqual(before);
    const indexes = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'subject_search'");
    expect(indexes[0]!.n).toBe(6);
    // One index holds the keys, unique after a rebuild as before it (migration 0029), and the
    // rebuild keeps it throughout rather than dropping it with the indexes that answer searches.
    expect(await keyIndex()).toEqual(keyIndexBefore);
    await expect(db.query("INSERT INTO subject_search (subject_key, folded, pinyin, initials, bigrams) VALUES ($1, 'x', 'x', 'x', '{}')", [s.code])).rejects.toThrow(/unique|duplicate/i);
    // A store whose subjects predate search is indexed once.
    expect(await search.ensureIndexed()).toBe(false);
    await db.exec('TRUNCATE subject_search');
    expect(await search.ensureIndexed()).toBe(true);
    expect(await dump()).toEqual(before);
  });

  it('cuts names into the same two-character pieces in SQL as in the application', async () => {
    // The application fills the column (and refilled it when migration 0015 added it); search_bigrams() is the cut it must equal.
    const rows = await db.query<{ folded: string; bigrams: string[] }>(
      "SELECT folded, search_bigrams(folded) AS bigrams FROM subject_search UNION ALL SELECT f, search_bigrams(f) FROM unnest(ARRAY['', '华', '华星', '华华华', '𠵾㐹𠵾a']) AS f",
    );
    for (const r of rows) expect([...r.bigrams].sort(), r.folded).toEqual(bigrams(r.folded).sort());
    const stored = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM subject_search');
    const differ = await db.query<{ subject_key: string }>(
      'SELECT subject_key FROM subject_search WHERE NOT (bigrams @> search_bigrams(folded) AND bigrams <@ search_bigrams(folded)) OR cardinality(bigrams) <> cardinality(search_bigrams(folded))',
    );
    expect(stored[0]!.n).toBeGreaterThan(0);
    expect(differ).toEqual([]);
  });

  it('answers injection attempts normally and changes nothing', async () => {
    const count = async () => {
      const r = await db.query<{ s: number; x: number }>('SELECT (SELECT count(*)::int FROM subject) AS s, (SELECT count(*)::int FROM subject_search) AS x');
      return r[0]!;
    };
    const before = await count();
    const attempts = [
      "'; DROP TABLE subject; --",
      "华星'; DROP TABLE subject; --",
      "' OR '1'='1",
      '" OR ""="',
      '%',
      '%%',
      '_',
      '华%',
      '华_星',
      '\\',
      '\\%华星',
      "9133'--",
      "91330106MA2'; DELETE FROM subject_search; --",
      '$1',
      '\u0000',
      'a'.repeat(5000),
      '华'.repeat(500),
      ')); SELECT pg_sleep(5); --',
    ];
    for (const q of attempts) {
      const hits = await search.search(q);
      expect(Array.isArray(hits)).toBe(true);
    }
    expect(await search.search('华星', { kinds: ["enterprise'); DROP TABLE subject; --"] })).toEqual([]);
    // The wildcard characters are not wildcards: 华_星 is 华星, not 华 followed by anything.
    expect((await top('华_星')).map((h) => h.code)).toEqual((await top('华星')).map((h) => h.code));
    expect(await count()).toEqual(before);
  });
});
