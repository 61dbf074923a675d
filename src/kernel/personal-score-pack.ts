// Checks of the pack's personal credit scorecards (personal-score.yaml). Before the schema: an
// attribute that names a protected characteristic, what art. 14 of the Regulation forbids, or
// anything of the public-credit side (its catalogue items and lists) is refused in plain words,
// naming the file, the scorecard and the attribute. After it: bins in order of their bounds, points
// that never rise as a value worsens, the published range and bands that agree with the points.
import { FORBIDDEN_INFORMATION } from '../domain/credit-reporting/standard.ts';
import { SCORE_ATTRIBUTE_DEFS, SCORE_ATTRIBUTES, isScoreAttribute, type ScoreAttribute } from '../domain/credit-reporting/score-attributes.ts';
import { boundOf } from '../domain/credit-reporting/personal-score.ts';
import type { PersonalScorecard, PersonalScorePolicy } from '../domain/policy/personal-score-schema.ts';
import { isIsoDate } from '../domain/dates.ts';

export const PERSONAL_SCORE_FILE = 'personal-score.yaml';

/**
 * What a personal score may never read, with words that name it: English words (matched as whole
 * words of a name, a longer term also as the start of one) and Chinese terms (matched anywhere).
 */
export const NOT_FOR_SCORING: ReadonlyArray<{ what: string; words: readonly string[]; zh: readonly string[] }> = [
  { what: 'ethnicity, a protected characteristic', words: ['ethnicity', 'ethnic', 'race', 'racial', 'nationality', 'minority'], zh: ['民族', '种族', '国籍'] },
  { what: 'gender, a protected characteristic', words: ['gender', 'sex', 'male', 'female'], zh: ['性别', '男女'] },
  {
    what: 'age, a protected characteristic (a score reads the length of credit history alone)',
    words: ['age', 'aged', 'birth', 'birthday', 'birthdate', 'born', 'dob', 'elderly', 'youth'],
    zh: ['年龄', '出生', '生日', '岁'],
  },
  {
    what: 'place of origin, a protected characteristic',
    words: ['origin', 'hometown', 'birthplace', 'hukou', 'household', 'province', 'region', 'domicile', 'native'],
    zh: ['籍贯', '户籍', '户口', '出生地', '原籍', '地域', '省份'],
  },
  { what: 'marital status, a protected characteristic', words: ['marital', 'married', 'marriage', 'spouse'], zh: ['婚姻', '已婚', '配偶'] },
  { what: 'political affiliation, a protected characteristic', words: ['political', 'party', 'politics'], zh: ['政治', '党员'] },
  {
    what: 'public-credit information (lists and records of the public side), which a financial score does not read',
    words: [
      'defaulter',
      'defaulters',
      'blacklist',
      'redlist',
      'penalty',
      'penalties',
      'sanction',
      'sanctions',
      'court',
      'judgment',
      'judgement',
      'dishonest',
      'untrustworthy',
    ],
    zh: ['失信', '黑名单', '红名单', '行政处罚', '公共信用', '被执行', '法院', '名单', '处罚'],
  },
  ...FORBIDDEN_INFORMATION.map((f) => ({
    what: `${f.what}, which the Regulation (art. 14) forbids collecting`,
    words: f.terms.filter((t) => /^[a-z]+$/.test(t)),
    zh: f.terms.filter((t) => !/^[a-z]+$/.test(t)),
  })),
];

/** The words of a name: kebab, snake and camel case split, lower case. */
function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** What a name mentions that a score may not read, or undefined. */
export function notForScoringIn(text: string, publicSide: ReadonlyMap<string, string>): string | undefined {
  const named = publicSide.get(text.trim().toLowerCase());
  if (named) return `${named}, public-credit information which a financial score does not read`;
  const words = wordsOf(text);
  for (const f of NOT_FOR_SCORING) {
    if (f.zh.some((t) => text.includes(t))) return f.what;
    if (words.some((w) => f.words.some((t) => w === t || w === `${t}s` || (t.length >= 5 && w.startsWith(t))))) return f.what;
  }
  return undefined;
}

/** The public-credit side's catalogue items and lists, by code and name (lower case), as a score attribute might name them. */
export function publicSideNames(catalogueDoc: unknown, listsDoc: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const add = (entries: unknown, what: string) => {
    if (!Array.isArray(entries)) return;
    for (const e of entries as Array<Record<string, unknown> | null>) {
      if (!e || typeof e.code !== 'string') continue;
      const label = `${what} ${e.code}`;
      out.set(e.code.toLowerCase(), label);
      const name = (e.name ?? {}) as Record<string, unknown>;
      for (const n of [name.zh, name.en]) if (typeof n === 'string') out.set(n.trim().toLowerCase(), label);
    }
  };
  add((catalogueDoc as { items?: unknown } | undefined)?.items, 'catalogue item');
  add((listsDoc as { lists?: unknown } | undefined)?.lists, 'list');
  return out;
}

/**
 * Names every attribute that is not one of the closed enumeration, saying what it names when it is
 * forbidden, before the schema is checked. Returns the JSON pointers it explained.
 */
export function checkScoreAttributeNames(doc: unknown, publicSide: ReadonlyMap<string, string>, problems: string[]): Set<string> {
  const explained = new Set<string>();
  const cards = (doc as { scorecards?: unknown } | undefined)?.scorecards;
  if (!Array.isArray(cards)) return explained;
  cards.forEach((card: Record<string, unknown> | null, i) => {
    const code = typeof card?.code === 'string' ? card.code : `#${i + 1}`;
    const version = typeof card?.version === 'string' ? `@${card.version}` : '';
    const attributes = Array.isArray(card?.attributes) ? (card.attributes as Array<Record<string, unknown> | null>) : [];
    attributes.forEach((a, j) => {
      const attribute = typeof a?.attribute === 'string' ? a.attribute : `#${j + 1}`;
      const name = (a?.name ?? {}) as Record<string, unknown>;
      const where = `${PERSONAL_SCORE_FILE}: scorecard ${code}${version}, attribute ${attribute}`;
      const texts = [a?.attribute, name.zh, name.en].filter((t): t is string => typeof t === 'string');
      const what = texts.map((t) => notForScoringIn(t, publicSide)).find((w) => w !== undefined);
      if (what) {
        problems.push(`${where}: names ${what}; a personal score reads financial credit history alone, and its attributes are ${SCORE_ATTRIBUTES.join(', ')}`);
        explained.add(`/scorecards/${i}/attributes/${j}/attribute`);
      } else if (typeof a?.attribute === 'string' && !isScoreAttribute(a.attribute)) {
        problems.push(`${where}: is not an attribute a personal score reads; the attributes are a closed enumeration: ${SCORE_ATTRIBUTES.join(', ')}`);
        explained.add(`/scorecards/${i}/attributes/${j}/attribute`);
      }
    });
  });
  return explained;
}

const DIRECTION_WORDS: Record<ScoreAttribute, string> = {
  'worst-status-24m': 'a worse repayment status',
  'months-late-24m': 'more months past due',
  'derogatory-accounts': 'more accounts written off, paid by a guarantor or settled with assets',
  'revolving-utilisation': 'a higher revolving utilisation',
  'hard-inquiries-12m': 'more recent hard inquiries',
  'history-length': 'a longer credit history',
  'credit-mix': '',
};

/** The rules of each scorecard that its schema cannot state. */
export function checkPersonalScore(policy: PersonalScorePolicy, problems: string[]): void {
  const seen = new Set<string>();
  const dates = new Set<string>();
  for (const card of policy.scorecards) {
    const where = `${PERSONAL_SCORE_FILE}: scorecard ${card.code}@${card.version}`;
    if (seen.has(`${card.code}@${card.version}`)) problems.push(`${where}: is defined twice`);
    seen.add(`${card.code}@${card.version}`);
    if (!isIsoDate(card.effectiveFrom)) problems.push(`${where}: effectiveFrom '${card.effectiveFrom}' is not a real date`);
    if (dates.has(card.effectiveFrom)) problems.push(`${where}: another scorecard takes effect on ${card.effectiveFrom}`);
    dates.add(card.effectiveFrom);
    checkScorecard(card, where, problems);
  }
}

function checkScorecard(card: PersonalScorecard, where: string, problems: string[]): void {
  const attrs = new Set<string>();
  let min = card.base;
  let max = card.base;
  for (const a of card.attributes) {
    const aw = `${where}, attribute ${a.attribute}`;
    if (attrs.has(a.attribute)) problems.push(`${aw}: is binned twice`);
    attrs.add(a.attribute);
    const def = SCORE_ATTRIBUTE_DEFS[a.attribute];
    if (def.mayBeNone && a.whenNone === undefined) problems.push(`${aw}: may have no value, so it needs whenNone (the points then)`);
    if (!def.mayBeNone && a.whenNone !== undefined) problems.push(`${aw}: always has a value, so it takes no whenNone`);
    // The reasons measure points lost against the best bin: no value may score above every value.
    const best = Math.max(...a.bins.map((b) => b.points));
    if (a.whenNone !== undefined && a.whenNone > best) problems.push(`${aw}: whenNone (${a.whenNone}) is above the best bin's points (${best})`);
    const points = [...a.bins.map((b) => b.points), ...(a.whenNone === undefined ? [] : [a.whenNone])];
    min += Math.min(...points);
    max += Math.max(...points);
    let bounded = true;
    a.bins.forEach((b, k) => {
      const last = k === a.bins.length - 1;
      if (last && b.upTo !== undefined) problems.push(`${aw}: the last bin takes every higher value and has no upTo`);
      if (!last && b.upTo === undefined) problems.push(`${aw}: bin ${k + 1} needs upTo (only the last bin takes the rest)`);
      if (b.upTo === undefined) return;
      if (def.scale && (typeof b.upTo !== 'string' || !def.scale.includes(b.upTo))) {
        problems.push(`${aw}: bin ${k + 1}: upTo '${b.upTo}' is not one of ${def.scale.join(', ')}`);
        bounded = false;
      } else if (!def.scale && typeof b.upTo !== 'number') {
        problems.push(`${aw}: bin ${k + 1}: upTo '${b.upTo}' is not a number`);
        bounded = false;
      }
    });
    if (!bounded) continue;
    for (let k = 1; k < a.bins.length - 1; k++) {
      const lo = boundOf(a.attribute, a.bins[k - 1]!)!;
      const hi = boundOf(a.attribute, a.bins[k]!)!;
      if (!(hi > lo)) problems.push(`${aw}: bins ${k} and ${k + 1}: bounds ${a.bins[k - 1]!.upTo} and ${a.bins[k]!.upTo} are not in ascending order`);
    }
    if (def.direction === 'free') continue;
    for (let k = 1; k < a.bins.length; k++) {
      const before = a.bins[k - 1]!;
      const after = a.bins[k]!;
      const rises = def.direction === 'worse-when-higher' ? after.points > before.points : after.points < before.points;
      if (!rises) continue;
      const label = (i: number, b: typeof before) => `${i} (${b.upTo === undefined ? 'the rest' : `up to ${b.upTo}`}, ${b.points} points)`;
      const rule =
        def.direction === 'worse-when-higher'
          ? `${DIRECTION_WORDS[a.attribute]} never raises the score`
          : `${DIRECTION_WORDS[a.attribute]} never lowers the score`;
      problems.push(`${aw}: bins ${label(k, before)} and ${label(k + 1, after)} are not monotonic: ${rule}`);
    }
  }
  if (card.range.min !== min || card.range.max !== max)
    problems.push(
      `${where}: the published range ${card.range.min}-${card.range.max} is not what the points give: base ${card.base} plus the lowest and highest points of every attribute, ${min}-${max}`,
    );
  card.bands.forEach((b, i) => {
    const last = i === card.bands.length - 1;
    if (last && b.minScore !== undefined) problems.push(`${where}: the last band (${b.band}) takes every lower score and has no minScore`);
    if (!last && b.minScore === undefined) problems.push(`${where}: band ${b.band} needs a minScore`);
    if (b.minScore !== undefined && (b.minScore <= card.range.min || b.minScore > card.range.max))
      problems.push(`${where}: band ${b.band}: minScore ${b.minScore} lies outside the range ${card.range.min}-${card.range.max}`);
    const prev = card.bands[i - 1];
    if (prev?.minScore !== undefined && b.minScore !== undefined && b.minScore >= prev.minScore)
      problems.push(`${where}: bands must be in descending order of minScore (${prev.band}, then ${b.band})`);
  });
  const names = card.bands.map((b) => b.band);
  if (new Set(names).size !== names.length) problems.push(`${where}: a band is defined twice`);
}
