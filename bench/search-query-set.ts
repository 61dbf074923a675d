// A labelled query set for subject search, generated from synthetic subjects: what people type
// to find an organisation (its code or the start of it, a distinctive part of its name, two
// characters of its trade name, pinyin, initials, the name in traditional characters or with the
// other brackets, a misspelled name, a branch's name), each with the code it should find. A
// query is kept only if it identifies its subject reasonably: at most ten subjects could
// legitimately rank at or above it (so recall at 10 measures the search, not the data).
// Natural persons are left out: their codes are masked and search leaves them out by default.
import type { SyntheticSubject } from '../src/synthetic/generator.ts';
import { swapBrackets, toTraditional } from '../src/synthetic/names.ts';
import { Random } from '../src/synthetic/random.ts';
import { searchForms, syllables, type SearchForms } from '../src/features/search/normalize.ts';

export type QueryKind = 'code' | 'code-prefix' | 'fragment' | 'two-char' | 'pinyin' | 'initials' | 'traditional' | 'bracket-variant' | 'misspelling' | 'branch';

export const QUERY_KINDS: readonly QueryKind[] = [
  'code',
  'code-prefix',
  'fragment',
  'two-char',
  'pinyin',
  'initials',
  'traditional',
  'bracket-variant',
  'misspelling',
  'branch',
];

export interface LabelledQuery {
  query: string;
  /** The code of the subject the query should find. */
  expected: string;
  kind: QueryKind;
}

export interface QuerySetOptions {
  /** Queries of each kind (fewer when the subjects do not offer enough). Default 50. */
  perKind?: number;
  /** The search forms of the subjects' names if already computed (index-aligned with subjects). */
  forms?: readonly SearchForms[];
}

/** How many subjects may share what a query matches and still let it identify its subject. */
const AMBIGUITY = 10;
/** A fragment should be more distinctive than that. */
const FRAGMENT_AMBIGUITY = 5;
/** Legal-form endings left out of a partial pinyin query (people type the distinctive part). */
const LEGAL_FORMS = ['股份有限公司', '有限责任公司', '有限公司'];

interface Org {
  /** Index among the organisations. */
  i: number;
  s: SyntheticSubject;
  f: SearchForms;
}

/** Counts of strings by prefix, over a sorted array (UTF-16 order: any total order keeps a prefix's strings together). */
class PrefixCounter {
  private readonly sorted: string[];
  constructor(values: Iterable<string>) {
    this.sorted = [...values].sort();
  }
  private lower(x: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  count(prefix: string): number {
    return this.lower(`${prefix}\uffff`) - this.lower(prefix);
  }
  equal(value: string): number {
    return this.lower(`${value}\u0000`) - this.lower(value);
  }
}

const FULL_WIDTH = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Substrings of `folded` (by code point) at [start, start + len). */
function piece(cs: readonly string[], start: number, len: number): string {
  return cs.slice(start, start + len).join('');
}

/** How many names contain each candidate (each name counted once per candidate). */
function containmentCounts(names: readonly string[], candidates: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  const lengths = new Set<number>();
  for (const c of candidates) {
    counts.set(c, 0);
    lengths.add([...c].length);
  }
  const lastSeen = new Map<string, number>();
  for (let n = 0; n < names.length; n++) {
    const name = names[n]!;
    const cs = [...name];
    // Without surrogate pairs a code point is a code unit: slice the string itself.
    const plain = cs.length === name.length;
    for (const len of lengths) {
      for (let i = 0; i + len <= cs.length; i++) {
        const p = plain ? name.slice(i, i + len) : piece(cs, i, len);
        const c = counts.get(p);
        if (c === undefined || lastSeen.get(p) === n) continue;
        counts.set(p, c + 1);
        lastSeen.set(p, n);
      }
    }
  }
  return counts;
}

/** Builds the labelled query set. The same subjects and seed give the same queries. */
export function buildQuerySet(subjects: readonly SyntheticSubject[], seed: number, options: QuerySetOptions = {}): LabelledQuery[] {
  const perKind = options.perKind ?? 50;
  const orgs: Org[] = [];
  subjects.forEach((s, i) => {
    if (s.kind !== 'natural-person') orgs.push({ i: orgs.length, s, f: options.forms?.[i] ?? searchForms(s.name) });
  });
  if (orgs.length === 0) return [];
  const folded = new PrefixCounter(orgs.map((o) => o.f.folded));
  const foldedSet = new Set(orgs.map((o) => o.f.folded));
  const codes = new PrefixCounter(orgs.map((o) => o.s.code));
  const pinyins = new PrefixCounter(orgs.map((o) => o.f.pinyin));
  const initials = new PrefixCounter(orgs.map((o) => o.f.initials));
  const out: LabelledQuery[] = [];

  // Subjects are drawn in a seeded order, a different one for each kind.
  const draw = (stream: number, pred: (o: Org) => boolean, want: number, make: (o: Org, r: Random) => string | null) => {
    const r = new Random(seed, 9100 + stream);
    const order = r.shuffle(orgs.map((_, i) => i));
    let made = 0;
    for (const i of order) {
      if (made >= want) break;
      const o = orgs[i]!;
      if (!pred(o)) continue;
      const q = make(o, r);
      if (q === null) continue;
      out.push({ query: q, expected: o.s.code, kind: QUERY_KINDS[stream]! });
      made++;
    }
  };

  // code: as printed, lower-case, or in full-width characters (typed with a Chinese input method).
  draw(
    0,
    () => true,
    perKind,
    (o, r) => {
      const u = r.float();
      return u < 0.5 ? o.s.code : u < 0.75 ? o.s.code.toLowerCase() : FULL_WIDTH(o.s.code);
    },
  );

  // code-prefix: the shortest beginning (at least 6 characters) shared by at most ten codes, or a little longer.
  draw(
    1,
    () => true,
    perKind,
    (o, r) => {
      for (let len = 6; len <= 17; len++) {
        if (codes.count(o.s.code.slice(0, len)) <= AMBIGUITY) return o.s.code.slice(0, Math.min(17, len + r.below(3)));
      }
      return null;
    },
  );

  // fragment and two-char: candidates first, then one pass over every name to count containment.
  const fragmentCandidates = new Map<number, string[]>();
  const twoCharCandidates = new Map<number, string[]>();
  {
    const r = new Random(seed, 9200);
    const order = r.shuffle(orgs.map((_, i) => i));
    const room = perKind * 8;
    for (const i of order.slice(0, room)) {
      const cs = [...orgs[i]!.f.folded];
      if (cs.length < 6) continue;
      const frags: string[] = [];
      for (let k = 0; k < 4; k++) {
        const len = 3 + r.below(3);
        // A part of the name after its first character, not only its legal-form ending.
        const start = 1 + r.below(Math.max(1, cs.length - len - 3));
        if (start + len <= cs.length) frags.push(piece(cs, start, len));
      }
      fragmentCandidates.set(i, frags);
      // Two characters where a trade name usually is (after a two-character region), then the others.
      const twos: Array<[string, number]> = [];
      for (let start = 0; start + 2 <= cs.length - 2; start++) twos.push([piece(cs, start, 2), Math.abs(start - 2) + r.float()]);
      twoCharCandidates.set(
        i,
        twos.sort((a, b) => a[1] - b[1]).map(([t]) => t),
      );
    }
  }
  const counts = containmentCounts(
    orgs.map((o) => o.f.folded),
    [...fragmentCandidates.values(), ...twoCharCandidates.values()].flat(),
  );
  draw(
    2,
    (o) => fragmentCandidates.has(o.i),
    perKind,
    (o) => fragmentCandidates.get(o.i)!.find((f) => (counts.get(f) ?? Infinity) <= FRAGMENT_AMBIGUITY) ?? null,
  );
  draw(
    3,
    (o) => twoCharCandidates.has(o.i),
    perKind,
    (o) => twoCharCandidates.get(o.i)!.find((f) => (counts.get(f) ?? Infinity) <= AMBIGUITY) ?? null,
  );

  // pinyin: the whole name, or without its legal form, run together or syllable by syllable.
  draw(
    4,
    (o) => /^[a-z]+$/.test(o.f.pinyin),
    perKind,
    (o, r) => {
      const form = LEGAL_FORMS.find((l) => o.f.folded.endsWith(l));
      const partial = form !== undefined && r.chance(0.5);
      const text = partial ? o.f.folded.slice(0, o.f.folded.length - form.length) : o.f.folded;
      const sy = syllables(text);
      const joined = sy.join('');
      const n = partial ? pinyins.count(joined) : pinyins.equal(joined);
      if (n > AMBIGUITY || n === 0) return null;
      return r.chance(0.5) ? sy.join(' ') : joined;
    },
  );

  // initials of the whole name.
  draw(
    5,
    (o) => /^[a-z]+$/.test(o.f.initials) && o.f.initials.length >= 4,
    perKind,
    (o) => (initials.equal(o.f.initials) <= AMBIGUITY ? o.f.initials : null),
  );

  // traditional: a name stored in traditional characters asked in simplified ones, or the other way round.
  draw(
    6,
    (o) => o.s.variant === 'traditional' || toTraditional(o.s.name) !== o.s.name,
    perKind,
    (o) => {
      if (folded.equal(o.f.folded) > AMBIGUITY) return null;
      return o.s.variant === 'traditional' ? o.f.folded : toTraditional(o.s.name);
    },
  );

  // bracket-variant: 华星（杭州）科技有限公司 asked as 华星(杭州)科技有限公司 and the other way round.
  draw(
    7,
    (o) => /[()（）]/.test(o.s.name),
    perKind,
    (o) => (folded.equal(o.f.folded) <= AMBIGUITY ? swapBrackets(o.s.name) : null),
  );

  // misspelling: one character replaced by another read the same way (an input-method slip), or left out.
  const homophones = new Map<string, string[]>();
  for (const o of orgs.slice(0, 50_000)) {
    const cs = [...o.f.folded];
    const sy = syllables(o.f.folded);
    cs.forEach((c, i) => {
      if (!/\p{Script=Han}/u.test(c)) return;
      const list = homophones.get(sy[i]!) ?? [];
      if (!list.includes(c)) list.push(c);
      homophones.set(sy[i]!, list);
    });
  }
  draw(
    8,
    (o) => [...o.f.folded].length >= 6,
    perKind,
    (o, r) => {
      const cs = [...o.s.name];
      const han = cs.map((c, i) => (/\p{Script=Han}/u.test(c) ? i : -1)).filter((i) => i >= 0);
      if (han.length < 6) return null;
      const at = han[r.below(han.length)]!;
      const sy = syllables(cs[at]!)[0]!;
      const others = (homophones.get(sy) ?? []).filter((c) => c !== cs[at]);
      if (others.length > 0 && r.chance(0.6)) cs[at] = others[r.below(others.length)]!;
      else cs.splice(at, 1);
      const q = cs.join('');
      // Not a misspelling if it is another subject's name.
      return foldedSet.has(searchForms(q).folded) ? null : q;
    },
  );

  // branch: a branch's own name (its head office's name followed by a place and 分公司).
  draw(
    9,
    (o) => o.s.variant === 'branch',
    perKind,
    (o) => (folded.equal(o.f.folded) <= AMBIGUITY ? o.s.name : null),
  );

  return out;
}
