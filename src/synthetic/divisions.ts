// The administrative divisions (GB/T 2260) the generator draws from, read once from
// data/divisions.json (see data/build-divisions.ts for its source) and indexed.
import { readFileSync } from 'node:fs';

export interface Province {
  code: string;
  name: string;
  /** Without 省/市/自治区: 浙江, 内蒙古. */
  short: string;
  /** 简称: 浙. */
  abbr: string;
  /** The abbreviation in court case numbers (内 for Inner Mongolia, 云 for Yunnan). */
  courtAbbr: string;
}

export interface Prefecture {
  code: string;
  name: string;
  short: string;
  provinceCode: string;
  provinceName: string;
  kind: 'prefecture' | 'municipality';
}

export interface County {
  code: string;
  name: string;
  short: string;
  /** null for county-level units directly under a province (仙桃市, 五指山市 ...). */
  prefectureCode: string | null;
  provinceCode: string;
  kind: 'district' | 'county' | 'city' | 'banner';
}

export interface DivisionsFile {
  source: Record<string, string>;
  generatedBy: string;
  counts: { provinces: number; prefectures: number; counties: number };
  provinces: Province[];
  prefectures: Prefecture[];
  counties: County[];
}

/**
 * A place an organisation can be registered at: a province, a prefecture-level unit or a
 * county-level unit, with everything naming needs precomputed.
 */
export interface Place {
  /** A small number unique among the places of this process (for array-indexed caches). */
  id: number;
  code: string;
  level: 'province' | 'prefecture' | 'county';
  province: Province;
  /** The prefecture-level unit (the municipality for its districts); null at province level and for province-administered counties. */
  prefecture: Prefecture | null;
  county: County | null;
  /** Full name as written before an organisation's own name: 浙江省, 杭州市, 杭州市西湖区, 桐庐县, 北京市朝阳区. */
  fullName: string;
  /** Address prefix: 浙江省杭州市西湖区. */
  addressPrefix: string;
  /** Short name used as the region of a company name: 浙江, 杭州, 桐庐. */
  regionShort: string;
  /** One-character abbreviations for document numbers: 杭, 杭西, 桐. */
  docAbbr: string;
}

export interface DivisionIndex {
  file: DivisionsFile;
  provinces: readonly Province[];
  prefectures: readonly Prefecture[];
  counties: readonly County[];
  /** Every code in the file (provinces, prefectures, counties). */
  codes: ReadonlySet<string>;
  place(code: string): Place;
  provinceOf(code: string): Province;
  countiesOf(prefectureCode: string): readonly County[];
  /** All county-level places (for birthplaces and the like). */
  countyPlaces: readonly Place[];
}

let cached: DivisionIndex | undefined;

export function divisionsPath(): URL {
  return new URL('./data/divisions.json', import.meta.url);
}

export function loadDivisions(): DivisionIndex {
  if (cached) return cached;
  const file = JSON.parse(readFileSync(divisionsPath(), 'utf8')) as DivisionsFile;
  const provinceByCode = new Map(file.provinces.map((p) => [p.code, p]));
  const prefectureByCode = new Map(file.prefectures.map((p) => [p.code, p]));
  const countyByCode = new Map(file.counties.map((c) => [c.code, c]));
  const countiesByPrefecture = new Map<string, County[]>();
  for (const c of file.counties) {
    if (c.prefectureCode === null) continue;
    let list = countiesByPrefecture.get(c.prefectureCode);
    if (!list) countiesByPrefecture.set(c.prefectureCode, (list = []));
    list.push(c);
  }
  const places = new Map<string, Place>();
  let nextId = 0;
  const provinceOf = (code: string): Province => {
    const p = provinceByCode.get(`${code.slice(0, 2)}0000`);
    if (!p) throw new RangeError(`no province for division ${code}`);
    return p;
  };
  const place = (code: string): Place => {
    let pl = places.get(code);
    if (pl) return pl;
    const province = provinceOf(code);
    const prefecture = prefectureByCode.get(code);
    const county = countyByCode.get(code);
    if (provinceByCode.has(code) && !prefecture) {
      pl = {
        id: nextId++,
        code,
        level: 'province',
        province,
        prefecture: null,
        county: null,
        fullName: province.name,
        addressPrefix: province.name,
        regionShort: province.short,
        docAbbr: province.abbr,
      };
    } else if (prefecture) {
      const municipality = prefecture.kind === 'municipality';
      pl = {
        id: nextId++,
        code,
        level: 'prefecture',
        province,
        prefecture,
        county: null,
        fullName: prefecture.name,
        addressPrefix: municipality ? prefecture.name : province.name + prefecture.name,
        regionShort: prefecture.short,
        docAbbr: municipality ? province.abbr : prefecture.short[0]!,
      };
    } else if (county) {
      const pref = county.prefectureCode === null ? null : prefectureByCode.get(county.prefectureCode)!;
      // Districts are written with their city (杭州市西湖区); counties and county-level cities alone (桐庐县).
      const withCity = pref !== null && county.kind === 'district';
      const fullName = withCity ? pref.name + county.name : county.name;
      const addressPrefix =
        pref === null ? province.name + county.name : pref.kind === 'municipality' ? pref.name + county.name : province.name + pref.name + county.name;
      const cityAbbr = pref === null ? '' : pref.kind === 'municipality' ? province.abbr : pref.short[0]!;
      pl = {
        id: nextId++,
        code,
        level: 'county',
        province,
        prefecture: pref,
        county,
        fullName,
        addressPrefix,
        regionShort: county.short !== county.name ? county.short : (pref?.short ?? county.short),
        docAbbr: county.kind === 'district' ? cityAbbr + county.short[0]! : county.short[0]!,
      };
    } else {
      throw new RangeError(`'${code}' is not a division in divisions.json`);
    }
    places.set(code, pl);
    return pl;
  };
  const codes = new Set<string>([...provinceByCode.keys(), ...prefectureByCode.keys(), ...countyByCode.keys()]);
  cached = {
    file,
    provinces: file.provinces,
    prefectures: file.prefectures,
    counties: file.counties,
    codes,
    place,
    provinceOf,
    countiesOf: (code) => countiesByPrefecture.get(code) ?? [],
    countyPlaces: file.counties.map((c) => place(c.code)),
  };
  return cached;
}
