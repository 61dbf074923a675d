// Synthetic subjects: organisations with valid Unified Social Credit Codes over real division
// codes, and natural persons named by court or tax decisions. Every subject is a pure function
// of (seed, index): any subject can be rebuilt on its own, which is how branches, near-duplicate
// names and counterparties refer to other subjects without keeping state.
//
// Kinds come in blocks of 100 indices with exact proportions (59 enterprises, 24 individual
// businesses, 4 farmers' cooperatives, 3 social organisations, 4 public institutions, 3
// government bodies, 1 other organisation, 2 natural persons), shuffled per block. The
// 8-character organisation code body is a keyed permutation of the index, so codes never collide
// below 10^8 subjects; natural persons' birth date and sequence number are a keyed permutation
// of their ordinal, so their identity numbers never collide either.
import { readFileSync } from 'node:fs';
import type { SubjectKind } from '../domain/enumerations.ts';
import { buildUscc, USCC_ALPHABET } from '../domain/ids/uscc.ts';
import { residentIdCheckCharacter } from '../domain/ids/resident-id.ts';
import { hash32, hashString, permute1e8, permuteBelow, Random, WeightedTable } from './random.ts';
import { loadDivisions, type DivisionIndex, type Place } from './divisions.ts';
import * as D from './days.ts';
import {
  ASSOCIATIONS,
  CHAMBERS_OF_COMMERCE,
  COOPERATIVE_PRODUCTS,
  ENTERPRISE_FORMS,
  FOOD_SHOPS,
  FOUNDATION_PURPOSES,
  GOVERNMENT_BODIES,
  INDUSTRIES,
  LISTED_FORM,
  OTHER_ORGANISATIONS_ESTABLISHMENT,
  OTHER_ORGANISATIONS_VARIOUS,
  PRIVATE_NON_ENTERPRISE,
  PUBLIC_INSTITUTIONS_MANY,
  PUBLIC_INSTITUTIONS_UNIQUE,
  SHOP_TYPES,
  TOWN_BODY_SUFFIXES,
  addressOf,
  enterpriseName,
  hasTraditionalVariant,
  nearTradeName,
  personName,
  placeName,
  toTraditional,
  tradeName,
  uniqueTradeName,
  type EnterpriseForm,
  type Industry,
  type IndustryTag,
} from './names.ts';

/** How a subject's name relates to others: the hard cases of name search. */
export type NameVariant = 'plain' | 'branch' | 'near-duplicate' | 'same-trade-name' | 'traditional' | 'full-width-brackets' | 'half-width-brackets';

/** A subject as the generator lists it. */
export interface SyntheticSubject {
  index: number;
  kind: SubjectKind;
  /** The Unified Social Credit Code, or a natural person's resident identity number. */
  code: string;
  name: string;
  /** The registering division (organisations) or the division in the identity number (persons). */
  division: string;
  variant: NameVariant;
  /** The subject this one's name resembles: the parent of a branch, the original of a near-duplicate or shared trade name. */
  relatedTo?: string;
  establishedOn?: string;
  legalRepresentative?: string;
}

export interface Person {
  name: string;
  id: string;
  male: boolean;
}

/** Everything the record generator needs about an organisation. */
export interface Organisation {
  index: number;
  kind: Exclude<SubjectKind, 'natural-person'>;
  /** The registration authority and category characters (positions 1-2 of the code). */
  authority: string;
  category: string;
  place: Place;
  code: string;
  name: string;
  variant: NameVariant;
  relatedTo?: string | undefined;
  /** Trade name, industry and form (enterprises, and trade name of individual businesses and cooperatives). */
  trade: string;
  /** The region word of a company's name (杭州 in 杭州华星科技有限公司). */
  region?: string | undefined;
  industry: Industry | null;
  form: EnterpriseForm | null;
  /** What the subject is, for record templates: industry tags, shop type, institution type. */
  tags: readonly IndustryTag[];
  detail: string;
  legalForm: string;
  /** Agency kind of the registration authority. */
  registrar: 'market-regulation' | 'civil-affairs' | 'establishment-office';
  established: number;
  rep: Person;
  /** 0 (worst) to 1 (best): drives grades and the odds of negative records. */
  quality: number;
  status: 'in-business' | 'revoked' | 'cancelled' | 'moved-out' | 'suspended';
  /** Last day records can be dated (the day of cancellation or revocation, or today). */
  end: number;
  employees: number;
  capital: number;
  address: string;
  scope: string;
  industryCategory: string;
  parentCode?: string | undefined;
}

export interface NaturalPerson {
  index: number;
  kind: 'natural-person';
  place: Place;
  person: Person;
  quality: number;
}

export type Subject = Organisation | NaturalPerson;

// Streams of the seeded generators, so that draws for one purpose never shift another's.
export const STREAM = { block: 1, core: 2, records: 3, person: 4, orgKey: 5, personKey: 6, slotKey: 7 } as const;

const KIND_CODES = ['E', 'I', 'C', 'S', 'P', 'G', 'O', 'N'] as const;
type KindCode = (typeof KIND_CODES)[number];
const KIND_COUNTS: Record<KindCode, number> = { E: 59, I: 24, C: 4, S: 3, P: 4, G: 3, O: 1, N: 2 };
const BLOCK = 100;

/** data/places.json: where subjects are registered outside the focus province. */
interface PlacesFile {
  about: string;
  /** A rough share of market entities by province code; provinces not named weigh 0.5. */
  provinceWeights: Record<string, number>;
  /** Prefecture codes (4 digits) of the big cities, which weigh twice an ordinary prefecture. */
  bigCities: string[];
}

const PLACES = JSON.parse(readFileSync(new URL('./data/places.json', import.meta.url), 'utf8')) as PlacesFile;
const PROVINCE_WEIGHTS = PLACES.provinceWeights;
const BIG_CITIES: ReadonlySet<string> = new Set(PLACES.bigCities);
/** Half of all subjects are in the focus province, and 40% of those in its focus city. */
const FOCUS_PROVINCE = '33';
const FOCUS_CITY = '3301';
const FOCUS_SHARE = 0.5;

/** A prefecture-level unit with its county-level places, as a unit to draw from. */
interface Area {
  prefecture: Place | null;
  counties: Place[];
  municipality: boolean;
}

interface PlaceTables {
  areas: WeightedTable<Area>;
  /** Places for named-slot organisations (government bodies, institutions), focus first. */
  focusPlaces: Place[];
  otherPlaces: Place[];
  focusCounties: Place[];
  otherCounties: Place[];
}

let placeTables: PlaceTables | undefined;

function buildPlaceTables(div: DivisionIndex): PlaceTables {
  if (placeTables) return placeTables;
  const areas: Array<[Area, number]> = [];
  const provinceTotals = new Map<string, number>();
  const raw: Array<[Area, string, number]> = [];
  for (const p of div.prefectures) {
    const prov = p.code.slice(0, 2);
    const counties = div.countiesOf(p.code).map((c) => div.place(c.code));
    const pc = p.code.slice(0, 4);
    const w = p.kind === 'municipality' ? 6 : pc.endsWith('01') ? 3 : BIG_CITIES.has(pc) ? 2 : 1;
    raw.push([{ prefecture: div.place(p.code), counties, municipality: p.kind === 'municipality' }, prov, w]);
  }
  for (const c of div.counties) {
    if (c.prefectureCode !== null) continue;
    raw.push([{ prefecture: null, counties: [div.place(c.code)], municipality: false }, c.code.slice(0, 2), 0.3]);
  }
  for (const [, prov, w] of raw) provinceTotals.set(prov, (provinceTotals.get(prov) ?? 0) + w);
  const otherTotal = Object.entries(PROVINCE_WEIGHTS).reduce((s, [k, v]) => (k === FOCUS_PROVINCE ? s : s + v), 0);
  const focusCityWeight = raw.filter(([a]) => a.prefecture?.code.startsWith(FOCUS_CITY)).reduce((s, [, , w]) => s + w, 0);
  const focusOtherWeight = (provinceTotals.get(FOCUS_PROVINCE) ?? 0) - focusCityWeight;
  for (const [area, prov, w] of raw) {
    let weight: number;
    if (prov === FOCUS_PROVINCE) {
      const inCity = area.prefecture?.code.startsWith(FOCUS_CITY) ?? false;
      weight = FOCUS_SHARE * (inCity ? (0.4 * w) / focusCityWeight : (0.6 * w) / focusOtherWeight);
    } else {
      weight = ((1 - FOCUS_SHARE) * ((PROVINCE_WEIGHTS[prov] ?? 0.5) / otherTotal) * w) / (provinceTotals.get(prov) ?? 1);
    }
    areas.push([area, weight]);
  }
  const all: Place[] = [...div.prefectures.map((p) => div.place(p.code)), ...div.countyPlaces];
  const counties = div.countyPlaces.filter((p) => p.county!.kind !== 'district' || p.prefecture !== null);
  placeTables = {
    areas: new WeightedTable(areas),
    focusPlaces: all.filter((p) => p.code.startsWith(FOCUS_PROVINCE)),
    otherPlaces: all.filter((p) => !p.code.startsWith(FOCUS_PROVINCE)),
    focusCounties: counties.filter((p) => p.code.startsWith(FOCUS_PROVINCE)),
    otherCounties: counties.filter((p) => !p.code.startsWith(FOCUS_PROVINCE)),
  };
  return placeTables;
}

const BIRTH_BASE = D.dayOf(1958, 1, 1);
const PERSON_SPACE = 16_000 * 1000;
const EPOCH_ORG = D.dayOf(1985, 1, 1);
const MA_FROM = D.dayOf(2015, 10, 1);
const MJ_FROM = D.dayOf(2016, 1, 1);

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

function base31(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = USCC_ALPHABET[n % 31]! + s;
    n = Math.floor(n / 31);
  }
  return s;
}

export interface SubjectOptions {
  seed: number;
  subjects: number;
  /** Today, YYYY-MM-DD: nothing is established or decided after it. */
  today: string;
}

/** Builds subjects of a dataset by index. Keeps small caches; not shared between threads. */
export class SubjectFactory {
  readonly seed: number;
  readonly count: number;
  readonly today: number;
  readonly div: DivisionIndex;
  private readonly tables: PlaceTables;
  private readonly rng = new Random(0);
  private readonly aux = new Random(0);
  private readonly nameRng = new Random(0);
  private readonly blockCache = new Map<number, { kinds: Uint8Array; ranks: Uint8Array }>();
  private readonly orgKey: number;
  private readonly personKey: number;
  private readonly slotKey: number;
  private readonly tradeKey: number;
  private readonly earliest: number;

  constructor(options: SubjectOptions) {
    if (!Number.isSafeInteger(options.seed)) throw new RangeError('seed must be an integer');
    if (!Number.isSafeInteger(options.subjects) || options.subjects < 0 || options.subjects > 100_000_000) {
      throw new RangeError('subjects must be a whole number from 0 to 100,000,000');
    }
    this.seed = options.seed | 0;
    this.count = options.subjects;
    this.today = D.parseIso(options.today);
    if (options.today < '2016-01-01' || options.today > '2100-12-31')
      throw new RangeError(`today must be a date from 2016-01-01 to 2100-12-31, not ${options.today}`);
    this.div = loadDivisions();
    this.tables = buildPlaceTables(this.div);
    this.orgKey = hash32(this.seed, STREAM.orgKey);
    this.personKey = hash32(this.seed, STREAM.personKey);
    this.slotKey = hash32(this.seed, STREAM.slotKey);
    this.tradeKey = hash32(this.seed, STREAM.slotKey, 2);
    this.earliest = Math.min(EPOCH_ORG, this.today - 400);
  }

  // ---------------------------------------------------------------- kinds

  private block(b: number): { kinds: Uint8Array; ranks: Uint8Array } {
    let blk = this.blockCache.get(b);
    if (blk) return blk;
    const kinds = new Uint8Array(BLOCK);
    let k = 0;
    KIND_CODES.forEach((code, ci) => {
      for (let i = 0; i < KIND_COUNTS[code]; i++) kinds[k++] = ci;
    });
    const r = this.aux.reseed(this.seed, STREAM.block, b);
    for (let i = BLOCK - 1; i > 0; i--) {
      const j = r.below(i + 1);
      const t = kinds[i]!;
      kinds[i] = kinds[j]!;
      kinds[j] = t;
    }
    const ranks = new Uint8Array(BLOCK);
    const seen = new Uint8Array(KIND_CODES.length);
    for (let i = 0; i < BLOCK; i++) ranks[i] = seen[kinds[i]!]!++;
    if (this.blockCache.size > 512) this.blockCache.clear();
    blk = { kinds, ranks };
    this.blockCache.set(b, blk);
    return blk;
  }

  private kindCode(index: number): KindCode {
    return KIND_CODES[this.block(Math.floor(index / BLOCK)).kinds[index % BLOCK]!]!;
  }

  /** The ordinal of a subject among the subjects of its kind code (0, 1, 2 ... across blocks). */
  private ordinal(index: number): number {
    const b = Math.floor(index / BLOCK);
    const blk = this.block(b);
    const code = KIND_CODES[blk.kinds[index % BLOCK]!]!;
    return b * KIND_COUNTS[code] + blk.ranks[index % BLOCK]!;
  }

  kindOf(index: number): SubjectKind {
    switch (this.kindCode(index)) {
      case 'E':
        return 'enterprise';
      case 'I':
        return 'individual-business';
      case 'C':
        return 'farmers-cooperative';
      case 'S':
        return 'social-organisation';
      case 'P':
        return 'public-institution';
      case 'G':
        return 'government-body';
      case 'N':
        return 'natural-person';
      default:
        return this.otherKindOf(index);
    }
  }

  private otherKindOf(index: number): SubjectKind {
    return hash32(this.seed, index, 77) % 10 < 6 ? 'mass-organisation' : 'other-organisation';
  }

  // ---------------------------------------------------------------- places

  /** A place weighted by economic size: a prefecture's own code or one of its counties. */
  drawPlace(r: Random, countyOnly = false): Place {
    const area = this.tables.areas.pick(r);
    if (!area.prefecture) return area.counties[0]!;
    if (area.counties.length === 0) return area.prefecture;
    const own = area.municipality ? 0.05 : 0.3;
    if (!countyOnly && r.chance(own)) return area.prefecture;
    return area.counties[r.below(area.counties.length)]!;
  }

  /**
   * A named slot for organisations that exist once per place (杭州市西湖区财政局): the
   * ordinal-th slot of `types` types, alternating between the focus province and the rest,
   * each in a keyed permuted order, then numbered extras once every (place, type) is used.
   */
  private slot(ordinal: number, types: number, salt: number, countiesOnly = false): { place: Place; type: number; extra: number } {
    const focus = ordinal % 2 === 0;
    const k = Math.floor(ordinal / 2);
    const places = countiesOnly ? (focus ? this.tables.focusCounties : this.tables.otherCounties) : focus ? this.tables.focusPlaces : this.tables.otherPlaces;
    const n = places.length * types;
    if (k < n) {
      const p = permuteBelow(k, n, this.slotKey ^ salt);
      return { place: places[Math.floor(p / types)]!, type: p % types, extra: -1 };
    }
    const e = k - n;
    return { place: places[e % places.length]!, type: Math.floor(e / places.length) % types, extra: Math.floor(e / places.length) };
  }

  // ---------------------------------------------------------------- persons

  /** A person: identity number with a valid check character; the name follows from the number, so the same number always names the same person. */
  person(division: string, birthDay: number, sequence: number): Person {
    const id17 = division + D.compact(birthDay) + pad(sequence, 3);
    const id = id17 + residentIdCheckCharacter(id17);
    const male = sequence % 2 === 1;
    const r = this.nameRng.reseed(this.seed, STREAM.person, hashString(id17));
    return { name: personName(r, male), id, male };
  }

  /** A person born between `from` and `to` (day numbers) with a birthplace near `place`. */
  personNear(r: Random, place: Place, from: number, to: number): Person {
    const birthPlace = r.chance(0.7) ? this.countyNear(r, place) : this.drawPlace(r, true);
    return this.person(birthPlace.code, r.int(from, to), r.below(1000));
  }

  private countyNear(r: Random, place: Place): Place {
    if (place.level === 'county') return place;
    const pref = place.prefecture;
    if (pref) {
      const cs = this.div.countiesOf(pref.code);
      if (cs.length > 0) return this.div.place(cs[r.below(cs.length)]!.code);
    }
    return this.drawPlace(r, true);
  }

  // ---------------------------------------------------------------- codes

  private orgBody(index: number, established: number, authority: string, category: string): string {
    const p = permute1e8(index, this.orgKey);
    if (authority === '9' && established >= MA_FROM) return `MA${base31(p, 6)}`;
    if (authority === '5' && established >= MJ_FROM) return `MJ${base31(p, 6)}`;
    if (authority === '1' && category === '2' && established >= MJ_FROM) return `MB${base31(p, 6)}`;
    return pad(p, 8);
  }

  // ---------------------------------------------------------------- subjects

  subject(index: number): Subject {
    if (this.kindCode(index) === 'N') return this.naturalPerson(index);
    return this.organisation(index);
  }

  naturalPerson(index: number): NaturalPerson {
    const r = this.rng.reseed(this.seed, STREAM.core, index);
    const ordinal = this.ordinal(index);
    const w = permuteBelow(ordinal % PERSON_SPACE, PERSON_SPACE, this.personKey);
    const place = this.drawPlace(r, true);
    let birth = BIRTH_BASE + Math.floor(w / 1000);
    // Adults only (a today far in the past would otherwise make some too young for a court list).
    if (birth > this.today - 18 * 366) birth -= 40 * 365;
    const person = this.person(place.code, birth, w % 1000);
    return { index, kind: 'natural-person', place, person, quality: r.float() };
  }

  /** Whether an index is a plain company (a possible parent or original for the hard cases). */
  private plainCompany(index: number): Organisation | undefined {
    if (index < 0 || this.kindCode(index) !== 'E') return undefined;
    const probe = this.aux.reseed(this.seed, STREAM.core, index);
    if (enterpriseVariant(probe.float()) !== 'plain') return undefined;
    const o = this.organisation(index, { isolated: true, plain: true });
    return o.form?.company ? o : undefined;
  }

  /** A plain company with an index below `index`, near it, or undefined. */
  private earlierCompany(r: Random, index: number): Organisation | undefined {
    if (index < 1) return undefined;
    let j = index - 1 - r.below(Math.min(index, 3000));
    for (let tries = 0; tries < 80 && j >= 0; tries++, j--) {
      const o = this.plainCompany(j);
      if (o) return o;
    }
    return undefined;
  }

  /** Any organisation of the dataset other than `index` of the given kind (for counterparties). */
  otherOrganisation(r: Random, index: number, kind: SubjectKind = 'enterprise'): Organisation | undefined {
    const n = Math.max(this.count, 1);
    let j = r.below(n);
    for (let tries = 0; tries < 400; tries++, j = (j + 1) % n) {
      if (j === index) continue;
      if (this.kindOf(j) === kind) return this.organisation(j, { isolated: true });
    }
    return undefined;
  }

  /**
   * The organisation at an index. `isolated` builds it with its own generator (for a subject
   * referred to while another is being built); `plain` skips the name variant of a subject
   * already known to be plain (which avoids recursion).
   */
  organisation(index: number, opts: { isolated?: boolean; plain?: boolean } = {}): Organisation {
    const r = opts.isolated ? new Random(this.seed, STREAM.core, index) : this.rng.reseed(this.seed, STREAM.core, index);
    const code = this.kindCode(index);
    const variantDraw = r.float();
    switch (code) {
      case 'E':
        return this.enterprise(r, index, opts.plain ? 'plain' : enterpriseVariant(variantDraw));
      case 'I':
        return this.individualBusiness(r, index);
      case 'C':
        return this.cooperative(r, index);
      case 'S':
        return this.socialOrganisation(r, index);
      case 'P':
        return this.publicInstitution(r, index);
      case 'G':
        return this.governmentBody(r, index);
      default:
        return this.otherKindOrganisation(r, index);
    }
  }

  private establishment(r: Random, oldest = this.earliest): number {
    // Many subjects are young: 40% in the last five years, 30% five to ten years, the rest older.
    const u = r.float();
    const years = u < 0.4 ? (u / 0.4) * 5 : u < 0.7 ? 5 + ((u - 0.4) / 0.3) * 5 : 10 + ((u - 0.7) / 0.3) * 30;
    const day = this.today - 1 - Math.floor(years * 365.25);
    return Math.max(oldest, Math.min(this.today - 1, day));
  }

  private status(r: Random, established: number): { status: Organisation['status']; end: number } {
    const u = r.float();
    const status: Organisation['status'] = u < 0.92 ? 'in-business' : u < 0.95 ? 'cancelled' : u < 0.975 ? 'revoked' : u < 0.99 ? 'moved-out' : 'suspended';
    if (status !== 'cancelled' && status !== 'revoked') return { status, end: this.today };
    const from = Math.min(this.today, established + 365);
    return { status, end: r.int(from, this.today) };
  }

  private common(
    r: Random,
    index: number,
    kind: Organisation['kind'],
    authority: string,
    category: string,
    place: Place,
    established: number,
  ): Pick<Organisation, 'index' | 'kind' | 'authority' | 'category' | 'place' | 'code' | 'established' | 'rep' | 'quality' | 'status' | 'end' | 'address'> {
    const codeStr = buildUscc(authority, category, place.code, this.orgBody(index, established, authority, category));
    const rep = this.personNear(r, place, Math.max(D.dayOf(1940, 1, 1), established - 62 * 365), Math.min(established - 22 * 365, this.today - 23 * 365));
    const quality = r.float();
    const { status, end } = this.status(r, established);
    return { index, kind, authority, category, place, code: codeStr, established, rep, quality, status, end, address: addressOf(r, place) };
  }

  private enterprise(r: Random, index: number, variant: NameVariant): Organisation {
    let place = r.chance(0.015) ? this.div.place(this.div.provinceOf(this.drawPlace(r).code).code) : this.drawPlace(r);
    let trade = uniqueTradeName(this.ordinal(index), this.tradeKey);
    let industry = INDUSTRIES.pick(r);
    let form = ENTERPRISE_FORMS.pick(r);
    if (form.suffix === '股份有限公司' && r.chance(0.05)) form = LISTED_FORM;
    let established = this.establishment(r);
    const employees = Math.max(1, Math.floor(Math.exp(r.float() * r.float() * 8)));
    const capital = [100_000, 500_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000][
      Math.min(9, Math.floor(r.float() * r.float() * 10))
    ]!;
    const useCounty = r.float();
    let region = '';
    let relatedTo: string | undefined;
    let parentCode: string | undefined;
    let name: string | undefined;
    let legalForm = form.legalForm;
    let v = variant;
    if (v === 'branch' || v === 'near-duplicate' || v === 'same-trade-name') {
      const other = this.earlierCompany(r, index);
      if (!other) v = 'plain';
      else if (v === 'branch') {
        relatedTo = parentCode = other.code;
        industry = other.industry!;
        form = other.form!;
        legalForm = form.legalForm.replace(/^(有限责任公司|股份有限公司)/, '$1分公司');
        trade = other.trade;
        if (established <= other.established) established = r.int(Math.min(other.established + 30, this.today - 1), this.today - 1);
        const samePrefecture = place.prefecture !== null && other.place.prefecture !== null && place.prefecture.code === other.place.prefecture.code;
        const c = place.county;
        const ownShort = c !== null && c.short !== c.name ? c.short : '';
        const branchRegion =
          ownShort === '' ? regionOf(place, 0) : samePrefecture || c!.kind !== 'district' || !place.prefecture ? ownShort : place.prefecture.short + ownShort;
        name = `${other.name}${branchRegion}分公司`;
      } else if (v === 'near-duplicate') {
        relatedTo = other.code;
        place = other.place;
        industry = other.industry!;
        form = other.form!;
        legalForm = form.legalForm;
        trade = nearTradeName(r, other.trade);
        region = other.region ?? regionOf(place, useCounty);
        name = enterpriseName(region, trade, industry.word, form.suffix);
        if (name === other.name) name = enterpriseName(region, nearTradeName(r, trade), industry.word, form.suffix);
      } else {
        relatedTo = other.code;
        if (place.prefecture?.code === other.place.prefecture?.code) place = this.drawPlace(r);
        industry = other.industry!;
        trade = other.trade;
        region = regionOf(place, useCounty);
        name = enterpriseName(region, trade, industry.word, form.suffix);
      }
    }
    if (name === undefined) {
      region = regionOf(place, useCounty);
      if (form.company && (v === 'full-width-brackets' || v === 'half-width-brackets')) {
        name = enterpriseName(region, trade, industry.word, form.suffix, v === 'full-width-brackets' ? 'full' : 'half');
      } else {
        if (v === 'full-width-brackets' || v === 'half-width-brackets') v = 'plain';
        name = enterpriseName(region, trade, industry.word, form.suffix);
      }
      if (v === 'traditional') {
        if (!hasTraditionalVariant(trade + industry.word)) trade = `华${trade.slice(1)}`;
        name = toTraditional(enterpriseName(region, trade, industry.word, form.suffix));
      }
    }
    const base = this.common(r, index, 'enterprise', '9', '1', place, established);
    const o: Organisation = assemble(base, {
      name,
      variant: v,
      trade,
      industry,
      form,
      tags: industry.tags,
      detail: industry.word,
      legalForm,
      registrar: 'market-regulation',
      employees,
      capital: parentCode ? 0 : capital,
      scope: industry.scope,
      industryCategory: industry.category,
    });
    if (relatedTo) o.relatedTo = relatedTo;
    if (region) o.region = region;
    if (parentCode) o.parentCode = parentCode;
    return o;
  }

  private individualBusiness(r: Random, index: number): Organisation {
    const place = this.drawPlace(r, true);
    const shop = r.pick(SHOP_TYPES);
    const established = this.establishment(r);
    const base = this.common(r, index, 'individual-business', '9', '2', place, established);
    const trade = r.chance(0.15) ? `${base.rep.name[0]}记` : uniqueTradeName(this.ordinal(index), this.tradeKey ^ 0x2545f491);
    const food = FOOD_SHOPS.has(shop);
    return assemble(base, {
      name: place.fullName + trade + shop,
      variant: 'plain',
      trade,
      industry: null,
      form: null,
      tags: food ? ['food', 'catering', 'trade'] : ['trade', 'services'],
      detail: shop,
      legalForm: '个体工商户',
      registrar: 'market-regulation',
      employees: r.int(1, 6),
      capital: 0,
      scope: food ? '食品销售；餐饮服务；日用百货销售' : '日用百货销售；家用电器销售；居民日常生活服务',
      industryCategory: food ? '餐饮业' : '零售业',
    });
  }

  private cooperative(r: Random, index: number): Organisation {
    const place = this.drawPlace(r, true);
    const product = r.pick(COOPERATIVE_PRODUCTS);
    const trade = tradeName(r);
    const established = this.establishment(r);
    const base = this.common(r, index, 'farmers-cooperative', '9', '3', place, established);
    const name = r.chance(0.2) ? `${place.fullName}${trade}农民专业合作社` : `${place.fullName}${trade}${product}专业合作社`;
    return assemble(base, {
      name,
      variant: 'plain',
      trade,
      industry: null,
      form: null,
      tags: ['agriculture', 'food'],
      detail: product,
      legalForm: '农民专业合作社',
      registrar: 'market-regulation',
      employees: r.int(5, 60),
      capital: r.int(1, 100) * 10_000,
      scope: `组织采购、供应成员所需的生产资料；组织收购、销售成员生产的${product.replace(/养殖|种植/, '')}产品；开展与农业生产经营有关的技术培训、技术交流和信息咨询服务`,
      industryCategory: '农业',
    });
  }

  private socialOrganisation(r: Random, index: number): Organisation {
    const ordinal = this.ordinal(index);
    const sub = hash32(this.seed, ordinal, 3) % 20;
    const established = this.establishment(r);
    let place: Place;
    let name: string;
    let category: string;
    let legalForm: string;
    let detail: string;
    if (sub < 11) {
      const types = ASSOCIATIONS.length + CHAMBERS_OF_COMMERCE.length;
      const s = this.slot(ordinal, types, 51);
      place = s.place;
      const t = s.type < ASSOCIATIONS.length ? ASSOCIATIONS[s.type]! : CHAMBERS_OF_COMMERCE[s.type - ASSOCIATIONS.length]!;
      name = s.extra < 0 ? place.fullName + t : `${place.fullName}${placeName(s.extra)}${t}`;
      category = '1';
      legalForm = '社会团体';
      detail = t;
    } else if (sub < 19) {
      place = this.drawPlace(r, true);
      detail = r.pick(PRIVATE_NON_ENTERPRISE);
      name = place.fullName + tradeName(r) + detail;
      category = '2';
      legalForm = '民办非企业单位';
    } else {
      place = this.drawPlace(r);
      if (place.level === 'county' && place.prefecture) place = this.div.place(place.prefecture.code);
      detail = r.pick(FOUNDATION_PURPOSES);
      name = place.fullName + tradeName(r) + detail;
      category = '3';
      legalForm = '基金会';
    }
    const base = this.common(r, index, 'social-organisation', '5', category, place, established);
    return assemble(base, {
      name,
      variant: 'plain',
      trade: '',
      industry: null,
      form: null,
      tags: [],
      detail,
      legalForm,
      registrar: 'civil-affairs',
      employees: r.int(1, 40),
      capital: category === '3' ? r.int(2, 200) * 100_000 : r.int(3, 100) * 10_000,
      scope: category === '2' ? '为社会提供非营利性服务' : category === '3' ? '资助公益慈善项目；开展救助活动' : '行业自律；行业交流；业务培训；咨询服务',
      industryCategory: '社会组织',
    });
  }

  private publicInstitution(r: Random, index: number): Organisation {
    const ordinal = this.ordinal(index);
    const uniqueTypes = PUBLIC_INSTITUTIONS_UNIQUE.length;
    const s = this.slot(ordinal, uniqueTypes + PUBLIC_INSTITUTIONS_MANY.length * 6, 12);
    const place = s.place;
    let name: string;
    let detail: string;
    if (s.type < uniqueTypes && s.extra < 0) {
      detail = PUBLIC_INSTITUTIONS_UNIQUE[s.type]!;
      name = place.fullName + detail;
    } else {
      const m = s.type < uniqueTypes ? s.type % PUBLIC_INSTITUTIONS_MANY.length : (s.type - uniqueTypes) % PUBLIC_INSTITUTIONS_MANY.length;
      detail = PUBLIC_INSTITUTIONS_MANY[m]!;
      // Distinct numbers per (place, type): the slot number and the extra round.
      const n = s.type + Math.max(0, s.extra) * (uniqueTypes + PUBLIC_INSTITUTIONS_MANY.length * 6);
      name = `${place.fullName}${placeName(n)}${detail}`;
    }
    const established = this.establishment(r, D.dayOf(1985, 1, 1));
    const base = this.common(r, index, 'public-institution', '1', '2', place, established);
    return assemble(base, {
      name,
      variant: 'plain',
      trade: '',
      industry: null,
      form: null,
      tags: [],
      detail,
      legalForm: '事业单位',
      registrar: 'establishment-office',
      employees: r.int(10, 800),
      capital: r.int(10, 2000) * 10_000,
      scope: `承担${detail}相关公益服务`,
      industryCategory: '公共管理、社会保障和社会组织',
    });
  }

  private governmentBody(r: Random, index: number): Organisation {
    const ordinal = this.ordinal(index);
    const s = this.slot(ordinal, GOVERNMENT_BODIES.length, 11);
    let place = s.place;
    let name: string;
    let detail: string;
    if (s.extra < 0) {
      detail = GOVERNMENT_BODIES[s.type]!;
      if (place.level === 'prefecture' && detail === '发展和改革局') detail = '发展和改革委员会';
      if (place.level === 'prefecture' && detail === '卫生健康局') detail = '卫生健康委员会';
      name = place.fullName + detail;
    } else {
      // Towns and streets once every county-level body is used.
      const t = this.slot(ordinal, 1, 111, true);
      place = t.place;
      const suffix = TOWN_BODY_SUFFIXES[(t.extra + s.type) % TOWN_BODY_SUFFIXES.length]!;
      detail = suffix;
      name = `${place.fullName}${placeName(Math.max(0, t.extra))}${suffix}`;
    }
    const established = this.establishment(r, D.dayOf(1985, 1, 1));
    const base = this.common(r, index, 'government-body', '1', '1', place, established);
    return assemble(base, {
      status: 'in-business',
      end: this.today,
      name,
      variant: 'plain',
      trade: '',
      industry: null,
      form: null,
      tags: [],
      detail,
      legalForm: '机关',
      registrar: 'establishment-office',
      employees: r.int(20, 400),
      capital: 0,
      scope: `依法履行${detail.replace(/人民政府|办事处/, '')}职责`,
      industryCategory: '国家机构',
    });
  }

  private otherKindOrganisation(r: Random, index: number): Organisation {
    const ordinal = this.ordinal(index);
    const mass = this.kindOf(index) === 'mass-organisation';
    const established = this.establishment(r, D.dayOf(1985, 1, 1));
    let place: Place;
    let name: string;
    let detail: string;
    let authority: string;
    let category: string;
    if (mass) {
      const s = this.slot(ordinal, OTHER_ORGANISATIONS_ESTABLISHMENT.length, 13);
      place = s.place;
      detail = OTHER_ORGANISATIONS_ESTABLISHMENT[s.type]!;
      name = s.extra < 0 ? place.fullName + detail : `${place.fullName}${placeName(s.extra)}街道${detail}`;
      authority = '1';
      category = '3';
    } else {
      place = this.drawPlace(r, true);
      detail = r.pick(OTHER_ORGANISATIONS_VARIOUS);
      const village = placeName(hash32(this.seed, index, 59) % 10_000);
      name = `${place.fullName}${village}${detail}`;
      authority = r.chance(0.5) ? '5' : 'Y';
      category = authority === '5' ? '9' : '1';
    }
    const kind = mass ? 'mass-organisation' : 'other-organisation';
    const base = this.common(r, index, kind, authority, category, place, established);
    return assemble(base, {
      name,
      variant: 'plain',
      trade: '',
      industry: null,
      form: null,
      tags: [],
      detail,
      legalForm: mass ? '群团组织' : '其他组织',
      registrar: mass ? 'establishment-office' : 'civil-affairs',
      employees: r.int(2, 60),
      capital: 0,
      scope: mass ? `依照章程开展${detail}工作` : '集体资产经营管理；为成员提供服务',
      industryCategory: '公共管理、社会保障和社会组织',
    });
  }

  /** The public description of a subject. */
  describe(s: Subject): SyntheticSubject {
    if (s.kind === 'natural-person') {
      return { index: s.index, kind: 'natural-person', code: s.person.id, name: s.person.name, division: s.person.id.slice(0, 6), variant: 'plain' };
    }
    const out: SyntheticSubject = {
      index: s.index,
      kind: s.kind,
      code: s.code,
      name: s.name,
      division: s.place.code,
      variant: s.variant,
      establishedOn: D.iso(s.established),
      legalRepresentative: s.rep.name,
    };
    if (s.relatedTo) out.relatedTo = s.relatedTo;
    return out;
  }
}

type Base = Pick<
  Organisation,
  'index' | 'kind' | 'authority' | 'category' | 'place' | 'code' | 'established' | 'rep' | 'quality' | 'status' | 'end' | 'address'
>;
type Rest = Omit<Organisation, keyof Base | 'relatedTo' | 'parentCode' | 'region'> & Partial<Pick<Organisation, 'status' | 'end'>>;

/** Builds an organisation with one fixed property order, without an object spread: every organisation has the same shape. */
function assemble(b: Base, x: Rest): Organisation {
  return {
    index: b.index,
    kind: b.kind,
    authority: b.authority,
    category: b.category,
    place: b.place,
    code: b.code,
    name: x.name,
    variant: x.variant,
    trade: x.trade,
    industry: x.industry,
    form: x.form,
    tags: x.tags,
    detail: x.detail,
    legalForm: x.legalForm,
    registrar: x.registrar,
    established: b.established,
    rep: b.rep,
    quality: b.quality,
    status: x.status ?? b.status,
    end: x.end ?? b.end,
    employees: x.employees,
    capital: x.capital,
    address: b.address,
    scope: x.scope,
    industryCategory: x.industryCategory,
    relatedTo: undefined,
    parentCode: undefined,
    region: undefined,
  };
}

/** The name variant of an enterprise from its first draw (kept apart so it can be probed cheaply). */
function enterpriseVariant(u: number): NameVariant {
  if (u < 0.03) return 'branch';
  if (u < 0.04) return 'near-duplicate';
  if (u < 0.055) return 'same-trade-name';
  if (u < 0.061) return 'traditional';
  if (u < 0.076) return 'full-width-brackets';
  if (u < 0.08) return 'half-width-brackets';
  return 'plain';
}

/** The region word of a company name: the city (杭州) mostly, a county's own name (桐庐) sometimes. */
function regionOf(place: Place, u: number): string {
  if (place.level !== 'county') return place.regionShort;
  const c = place.county!;
  if (c.kind !== 'district' && c.short !== c.name && (u < 0.6 || !place.prefecture)) return c.short;
  return place.prefecture ? place.prefecture.short : c.short;
}
