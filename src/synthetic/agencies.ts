// Demo agencies (one or more of every agency kind of the cn-national pack) and the names and
// document-number abbreviations of the authorities that take decisions in a place. A record's
// supplying agency is the most local demo agency of the right kind whose scope covers the
// subject; national agencies (which in the real system push their sector's data to the credit
// platform) cover everything else. The deciding authority named in the decision document is the
// local one, whoever supplies the record. Agencies and authorities' names come from
// data/agencies.json.
import { readFileSync } from 'node:fs';
import { loadDivisions, type Place } from './divisions.ts';

export interface DemoAgency {
  code: string;
  name: string;
  /** Agency kind (policy/cn-national/agency-kinds.yaml). */
  kind: string;
  /** Division prefix the agency supplies records for: '' nationwide, '33' a province, '3301' a prefecture, '330106' a county. */
  scope: string;
  /** For "other administrative bodies": which body it is (transport, health ...); records of other roles go elsewhere. */
  role?: AdministrativeRole;
}

export type AdministrativeRole = 'transport' | 'health' | 'education' | 'economy' | 'urban' | 'fire' | 'culture' | 'agriculture';

/** A bureau of the "other administrative bodies" kind: its name in a city and in a province, and its document-number abbreviation. */
export interface AdministrativeBody {
  city: string;
  province: string;
  abbr: string;
}

/** data/agencies.json. */
interface AgenciesFile {
  about: string;
  /** The demo agencies in groups, each with a note on why it is there. */
  demoAgencies: Array<{ note: string; agencies: DemoAgency[] }>;
  administrativeBodies: Record<AdministrativeRole, AdministrativeBody>;
  /** Province-level bureaus named 厅 rather than 局, by agency kind. */
  provinceBureaus: Record<string, { name: string; abbr: string } | undefined>;
  /** Customs districts by prefecture code (4 digits), where a prefecture has its own. */
  customsByPrefecture: Record<string, string | undefined>;
  /** Customs districts by province code (2 digits). */
  customsByProvince: Record<string, string | undefined>;
  /** National authorities that award national honours, by agency kind. */
  nationalAuthorities: Record<string, string | undefined>;
}

const AGENCIES = JSON.parse(readFileSync(new URL('./data/agencies.json', import.meta.url), 'utf8')) as AgenciesFile;

/** One or more agencies of every kind: national ones cover every subject, local ones their own area. */
export const DEMO_AGENCIES: readonly DemoAgency[] = AGENCIES.demoAgencies.flatMap((g) => g.agencies);

/** Bureaus of "other administrative bodies" by their role. */
export const ADMINISTRATIVE_BODIES: Readonly<Record<AdministrativeRole, AdministrativeBody>> = AGENCIES.administrativeBodies;

/** National authorities that award national honours, by agency kind. */
export const NATIONAL_AUTHORITIES: Readonly<Record<string, string | undefined>> = AGENCIES.nationalAuthorities;

/** Chooses supplying agencies: the most local agency of a kind whose scope covers a division. */
export class AgencyRouter {
  private readonly byKind = new Map<string, DemoAgency[]>();
  /** Per kind, the agency by place id (null: none covers it). */
  private readonly cache = new Map<string, Array<DemoAgency | null | undefined>>();

  constructor(agencies: readonly DemoAgency[]) {
    for (const a of agencies) {
      let list = this.byKind.get(a.kind);
      if (!list) this.byKind.set(a.kind, (list = []));
      list.push(a);
    }
    // Most specific scope first.
    for (const list of this.byKind.values()) list.sort((a, b) => b.scope.length - a.scope.length);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  /** The supplying agency of `kind` for a subject registered in `division`, or undefined if none covers it. */
  route(kind: string, division: string, role?: AdministrativeRole): DemoAgency | undefined {
    // A municipality's scope (11) covers its districts; a prefecture scope (3301) its counties.
    return this.byKind.get(kind)?.find((a) => division.startsWith(a.scope) && (a.role === undefined || a.role === role));
  }

  /** route() for a place (and the role of an administrative body), cached by place id. */
  routePlace(kind: string, place: Place, role?: AdministrativeRole): DemoAgency | undefined {
    const key = role === undefined ? kind : `${kind}/${role}`;
    let byPlace = this.cache.get(key);
    if (!byPlace) this.cache.set(key, (byPlace = []));
    let hit = byPlace[place.id];
    if (hit === undefined) {
      const list = this.byKind.get(kind);
      // An agency with a role supplies only records of that role; one without a role supplies any.
      hit = byPlace[place.id] = list?.find((a) => place.code.startsWith(a.scope) && (a.role === undefined || a.role === role)) ?? null;
    }
    return hit ?? undefined;
  }
}

// ------------------------------------------------------------------ deciding authorities

/** The deciding authority's name and the abbreviation used in its document numbers. */
export interface Authority {
  name: string;
  /** Prefix of document numbers before the document type: 杭西市监. */
  abbr: string;
}

/** The customs district of a place. */
export function customsOf(place: Place): Authority {
  const name = AGENCIES.customsByPrefecture[place.code.slice(0, 4)] ?? AGENCIES.customsByProvince[place.code.slice(0, 2)] ?? '海关总署';
  return { name: `中华人民共和国${name}`, abbr: `${name[0]}关` };
}

/**
 * The authority of `kind` that decides about a subject registered in `place`. `level` chooses
 * between the place's own authority and the one of its prefecture (e.g. environment bureaus and
 * tax inspection work at city level).
 */
export function authorityOf(kind: string, place: Place, level: 'local' | 'city' | 'province' = 'local', role: AdministrativeRole = 'transport'): Authority {
  let target = place;
  if (level === 'province' || place.level === 'province') {
    return provinceAuthority(kind, place, role);
  }
  if (level === 'city' && place.level === 'county' && place.prefecture) {
    target = cityPlace(place);
  }
  const full = target.fullName;
  const abbr = target.docAbbr;
  switch (kind) {
    case 'market-regulation':
      return { name: `${full}市场监督管理局`, abbr: `${abbr}市监` };
    case 'tax':
      return { name: `国家税务总局${full}税务局`, abbr: `${abbr}税` };
    case 'court':
      return { name: `${full}人民法院`, abbr: `${abbr}法` };
    case 'finance':
      return { name: `${full}财政局`, abbr: `${abbr}财` };
    case 'ecology-environment':
      return { name: `${full}生态环境局`, abbr: `${abbr}环` };
    case 'human-resources':
      return { name: `${full}人力资源和社会保障局`, abbr: `${abbr}人社` };
    case 'customs':
      return customsOf(place);
    case 'emergency-management':
      return { name: `${full}应急管理局`, abbr: `${abbr}应急` };
    case 'housing-construction':
      return { name: `${full}住房和城乡建设局`, abbr: `${abbr}建` };
    case 'civil-affairs':
      return { name: `${full}民政局`, abbr: `${abbr}民` };
    case 'establishment-office':
      return { name: `中共${full}委机构编制委员会办公室`, abbr: `${abbr}编` };
    case 'development-reform':
      return { name: target.level === 'prefecture' ? `${full}发展和改革委员会` : `${full}发展和改革局`, abbr: `${abbr}发改` };
    case 'administrative-body': {
      const b = ADMINISTRATIVE_BODIES[role];
      return { name: `${full}${b.city}`, abbr: `${abbr}${b.abbr}` };
    }
    default:
      throw new RangeError(`unknown agency kind ${kind}`);
  }
}

function provinceAuthority(kind: string, place: Place, role: AdministrativeRole): Authority {
  const p = place.province;
  const abbr = p.abbr;
  switch (kind) {
    case 'market-regulation':
      return { name: `${p.name}市场监督管理局`, abbr: `${abbr}市监` };
    case 'tax':
      return { name: `国家税务总局${p.name}税务局`, abbr: `${abbr}税` };
    case 'court':
      return { name: `${p.name}高级人民法院`, abbr: `${abbr}高法` };
    case 'customs':
      return customsOf(place);
    case 'establishment-office':
      return { name: `中共${p.name}委机构编制委员会办公室`, abbr: `${abbr}编` };
    case 'development-reform':
      return { name: `${p.name}发展和改革委员会`, abbr: `${abbr}发改` };
    case 'administrative-body': {
      const b = ADMINISTRATIVE_BODIES[role];
      return { name: `${p.name}${b.province}`, abbr: `${abbr}${b.abbr}` };
    }
    default: {
      const bureau = AGENCIES.provinceBureaus[kind];
      if (!bureau) throw new RangeError(`unknown agency kind ${kind}`);
      return { name: `${p.name}${bureau.name}`, abbr: `${abbr}${bureau.abbr}` };
    }
  }
}

function cityPlace(place: Place): Place {
  return place.prefecture ? loadDivisions().place(place.prefecture.code) : place;
}
