// Plausible Chinese names for synthetic subjects: organisations (region + trade name + industry
// + legal form, and the forms of individual businesses, cooperatives, social organisations,
// public institutions and government bodies) and persons (surname + given name). Also the hard
// cases a search must handle: traditional-character variants and full-width or half-width
// brackets. The words come from data/names.json and data/organisations.json, read once and
// precomputed into tables; builders draw from a seeded Random.
import { readFileSync } from 'node:fs';
import { permuteBelow, WeightedTable, type Random } from './random.ts';
import type { Place } from './divisions.ts';

/** data/names.json: the characters and words names are made of. */
interface NamesFile {
  about: string;
  /** Characters common in trade names (字号), in rows; a repeated character counts once. */
  tradeChars: string[];
  /**
   * Simplified characters each followed by its traditional form, in rows: the pairs that occur
   * in names here (characters written the same in both scripts are absent).
   */
  traditionalPairs: string[];
  /** Characters of place names (towns, streets, villages), in rows. */
  placeChars: string[];
  roads: string[];
  /** Surnames with their relative frequency. */
  surnames: Array<[string, number]>;
  /** Given-name characters for men, for women, and for either as the first of two. */
  givenNames: { male: string; female: string; neutral: string };
}

/** data/organisations.json: the words of organisation names by kind of organisation. */
interface OrganisationsFile {
  about: string;
  industries: Array<Industry & { weight: number }>;
  enterpriseForms: Array<EnterpriseForm & { weight: number }>;
  /** The legal form of a listed company (rare). */
  listedForm: EnterpriseForm;
  /** What an individual business is: 小吃店, 五金店. */
  shopTypes: string[];
  /** Shop types that sell or serve food (they need a food business licence). */
  foodShops: string[];
  cooperativeProducts: string[];
  associations: string[];
  chambersOfCommerce: string[];
  privateNonEnterprise: string[];
  foundationPurposes: string[];
  /** Public institutions a place has at most one of. */
  publicInstitutionsUnique: string[];
  /** Institutions of which a place has many, named after a street or numbered. */
  publicInstitutionsMany: string[];
  governmentBodies: string[];
  /** Government bodies of towns and streets. */
  townBodySuffixes: string[];
  /** Mass organisations (under the establishment office). */
  otherOrganisationsEstablishment: string[];
  /** Village and community organisations. */
  otherOrganisationsVarious: string[];
}

const NAMES = JSON.parse(readFileSync(new URL('./data/names.json', import.meta.url), 'utf8')) as NamesFile;
const ORGANISATIONS = JSON.parse(readFileSync(new URL('./data/organisations.json', import.meta.url), 'utf8')) as OrganisationsFile;

function chars(s: string): string[] {
  return [...new Set([...s.replace(/\s+/g, '')])];
}

/** Characters common in trade names (字号). */
export const TRADE_CHARS: readonly string[] = chars(NAMES.tradeChars.join(''));

/** Simplified to traditional characters, for the traditional-variant hard case. */
export const TRADITIONAL: ReadonlyMap<string, string> = (() => {
  const s = [...NAMES.traditionalPairs.join('').replace(/\s+/g, '')];
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < s.length; i += 2) if (s[i] !== s[i + 1]) m.set(s[i]!, s[i + 1]!);
  return m;
})();

/** The traditional-character form of a name (characters without a mapping stay). */
export function toTraditional(name: string): string {
  let out = '';
  for (const ch of name) out += TRADITIONAL.get(ch) ?? ch;
  return out;
}

/** Whether toTraditional would change the name. */
export function hasTraditionalVariant(name: string): boolean {
  for (const ch of name) if (TRADITIONAL.has(ch)) return true;
  return false;
}

/** Swaps full-width brackets （） for half-width () and back. */
export function swapBrackets(name: string): string {
  let out = '';
  for (const ch of name) out += ch === '（' ? '(' : ch === '）' ? ')' : ch === '(' ? '（' : ch === ')' ? '）' : ch;
  return out;
}

// ------------------------------------------------------------------ industries of enterprises

/** Features that decide which records an enterprise of an industry tends to get. */
export type IndustryTag =
  | 'tech'
  | 'trade'
  | 'import-export'
  | 'construction'
  | 'food'
  | 'catering'
  | 'logistics'
  | 'pharma'
  | 'medical-devices'
  | 'environment'
  | 'polluting'
  | 'chemical'
  | 'real-estate'
  | 'manufacturing'
  | 'culture'
  | 'education'
  | 'agriculture'
  | 'finance'
  | 'services';

export interface Industry {
  /** As it appears in the name: 科技, 建筑工程. */
  word: string;
  /** GB/T 4754 category for the registration's industry field. */
  category: string;
  scope: string;
  tags: readonly IndustryTag[];
}

export const INDUSTRIES = new WeightedTable<Industry>(
  ORGANISATIONS.industries.map(({ word, category, scope, tags, weight }) => [{ word, category, scope, tags }, weight] as const),
);

// ------------------------------------------------------------------ legal forms

export interface EnterpriseForm {
  /** The suffix of the name: 有限公司. */
  suffix: string;
  /** The registration's legalForm field. */
  legalForm: string;
  /** Whether the form can have branches and bracketed region names. */
  company: boolean;
}

export const ENTERPRISE_FORMS = new WeightedTable<EnterpriseForm>(
  ORGANISATIONS.enterpriseForms.map(({ suffix, legalForm, company, weight }) => [{ suffix, legalForm, company }, weight] as const),
);

/** The legal form of a listed company (rare). */
export const LISTED_FORM: EnterpriseForm = ORGANISATIONS.listedForm;

// ------------------------------------------------------------------ other organisation kinds

export const SHOP_TYPES: readonly string[] = ORGANISATIONS.shopTypes;

/** Shop types that sell or serve food (they need a food business licence). */
export const FOOD_SHOPS: ReadonlySet<string> = new Set(ORGANISATIONS.foodShops);

export const COOPERATIVE_PRODUCTS: readonly string[] = ORGANISATIONS.cooperativeProducts;
export const ASSOCIATIONS: readonly string[] = ORGANISATIONS.associations;
export const CHAMBERS_OF_COMMERCE: readonly string[] = ORGANISATIONS.chambersOfCommerce;
export const PRIVATE_NON_ENTERPRISE: readonly string[] = ORGANISATIONS.privateNonEnterprise;
export const FOUNDATION_PURPOSES: readonly string[] = ORGANISATIONS.foundationPurposes;
export const PUBLIC_INSTITUTIONS_UNIQUE: readonly string[] = ORGANISATIONS.publicInstitutionsUnique;

/** Institutions of which a place has many, named after a street or numbered. */
export const PUBLIC_INSTITUTIONS_MANY: readonly string[] = ORGANISATIONS.publicInstitutionsMany;

export const GOVERNMENT_BODIES: readonly string[] = ORGANISATIONS.governmentBodies;

/** Government bodies that also exist at town level. */
export const TOWN_BODY_SUFFIXES: readonly string[] = ORGANISATIONS.townBodySuffixes;

export const OTHER_ORGANISATIONS_ESTABLISHMENT: readonly string[] = ORGANISATIONS.otherOrganisationsEstablishment;
export const OTHER_ORGANISATIONS_VARIOUS: readonly string[] = ORGANISATIONS.otherOrganisationsVarious;

/** Characters of place names (towns, streets, villages). */
export const PLACE_CHARS: readonly string[] = chars(NAMES.placeChars.join(''));

export const ROADS: readonly string[] = NAMES.roads;

// ------------------------------------------------------------------ persons

export const SURNAMES = new WeightedTable<string>(NAMES.surnames);

const MALE_GIVEN = chars(NAMES.givenNames.male);
const FEMALE_GIVEN = chars(NAMES.givenNames.female);
const NEUTRAL_GIVEN = chars(NAMES.givenNames.neutral);

/** A person's name: surname and one or two given-name characters, by sex. */
export function personName(rng: Random, male: boolean): string {
  const surname = SURNAMES.pick(rng);
  const pool = male ? MALE_GIVEN : FEMALE_GIVEN;
  const r = rng.next();
  if ((r & 7) < 3) return surname + pool[(r >>> 3) % pool.length]!;
  const first = (r >>> 3) & 3 ? pool[(r >>> 5) % pool.length]! : NEUTRAL_GIVEN[(r >>> 5) % NEUTRAL_GIVEN.length]!;
  return surname + first + pool[(r >>> 16) % pool.length]!;
}

// ------------------------------------------------------------------ organisation names

/** A trade name (字号) of two characters, sometimes three. */
export function tradeName(rng: Random): string {
  const n = rng.chance(0.18) ? 3 : 2;
  let s = '';
  let prev = '';
  for (let i = 0; i < n; i++) {
    let c = rng.pick(TRADE_CHARS);
    if (c === prev) c = rng.pick(TRADE_CHARS);
    s += c;
    prev = c;
  }
  return s;
}

/**
 * The ordinal-th trade name of a keyed enumeration without repeats: one in six has three
 * characters, the others two until the two-character names run out, then three. Distinct
 * ordinals give distinct names (below about 48 million), so names only repeat on purpose.
 */
export function uniqueTradeName(ordinal: number, key: number): string {
  const n = TRADE_CHARS.length;
  const n2 = n * n;
  const n3 = n2 * n;
  const threes = Math.floor((ordinal + 1) / 6);
  let t3: number;
  if (ordinal % 6 === 5) t3 = Math.floor(ordinal / 6);
  else {
    const t2 = ordinal - threes;
    if (t2 < n2) {
      const p = permuteBelow(t2, n2, key);
      return TRADE_CHARS[p % n]! + TRADE_CHARS[Math.floor(p / n)]!;
    }
    t3 = Math.floor(n3 / 2) + (t2 - n2);
  }
  if (t3 >= n3) {
    // Beyond sixteen million: four characters, in order.
    const q = t3 - n3;
    return TRADE_CHARS[q % n]! + TRADE_CHARS[Math.floor(q / n) % n]! + TRADE_CHARS[Math.floor(q / n2) % n]! + TRADE_CHARS[Math.floor(q / n3) % n]!;
  }
  const p = permuteBelow(t3, n3, key ^ 0x3c6ef372);
  return TRADE_CHARS[p % n]! + TRADE_CHARS[Math.floor(p / n) % n]! + TRADE_CHARS[Math.floor(p / n2)]!;
}

/** The trade name with one character replaced (a near-duplicate of another subject's name). */
export function nearTradeName(rng: Random, trade: string): string {
  const cs = [...trade];
  const at = rng.below(cs.length);
  let c = rng.pick(TRADE_CHARS);
  if (c === cs[at]) c = TRADE_CHARS[(TRADE_CHARS.indexOf(c) + 1) % TRADE_CHARS.length]!;
  cs[at] = c;
  return cs.join('');
}

/** A two-character place name (a town, street or village). */
export function placeName(ordinal: number): string {
  // Two different characters; distinct for ordinals below n * (n - 1).
  const n = PLACE_CHARS.length;
  const p = permuteBelow(ordinal % (n * (n - 1)), n * (n - 1), 0x5eed);
  const a = p % n;
  return PLACE_CHARS[a]! + PLACE_CHARS[(a + 1 + Math.floor(p / n)) % n]!;
}

/** 杭州华星科技有限公司, or with the region in brackets: 华星（杭州）科技有限公司. */
export function enterpriseName(region: string, trade: string, industry: string, suffix: string, bracket: 'none' | 'full' | 'half' = 'none'): string {
  if (bracket === 'full') return `${trade}（${region}）${industry}${suffix}`;
  if (bracket === 'half') return `${trade}(${region})${industry}${suffix}`;
  return region + trade + industry + suffix;
}

/** 杭州市西湖区华星小吃店. */
export function individualBusinessName(place: Place, trade: string, shop: string): string {
  return place.fullName + trade + shop;
}

export function addressOf(rng: Random, place: Place): string {
  const road = rng.pick(ROADS);
  const no = rng.skewed(1, 999);
  const tail = rng.chance(0.35) ? `${rng.int(1, 28)}幢${rng.int(1, 30)}0${rng.int(1, 9)}室` : rng.chance(0.3) ? `${rng.int(1, 20)}楼` : '';
  return `${place.addressPrefix}${road}${no}号${tail}`;
}
