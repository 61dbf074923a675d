// Demo agencies (one or more of every agency kind of the cn-national pack) and the names and
// document-number abbreviations of the authorities that take decisions in a place. A record's
// supplying agency is the most local demo agency of the right kind whose scope covers the
// subject; national agencies (which in the real system push their sector's data to the credit
// platform) cover everything else. The deciding authority named in the decision document is the
// local one, whoever supplies the record.
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

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  // National: every kind, so that every subject anywhere has a supplier.
  { code: 'samr', name: '国家市场监督管理总局', kind: 'market-regulation', scope: '' },
  { code: 'sta', name: '国家税务总局', kind: 'tax', scope: '' },
  { code: 'court-supreme', name: '最高人民法院', kind: 'court', scope: '' },
  { code: 'mof', name: '中华人民共和国财政部', kind: 'finance', scope: '' },
  { code: 'mee', name: '中华人民共和国生态环境部', kind: 'ecology-environment', scope: '' },
  { code: 'mohrss', name: '中华人民共和国人力资源和社会保障部', kind: 'human-resources', scope: '' },
  { code: 'gacc', name: '中华人民共和国海关总署', kind: 'customs', scope: '' },
  { code: 'mem', name: '中华人民共和国应急管理部', kind: 'emergency-management', scope: '' },
  { code: 'mohurd', name: '中华人民共和国住房和城乡建设部', kind: 'housing-construction', scope: '' },
  { code: 'mca', name: '中华人民共和国民政部', kind: 'civil-affairs', scope: '' },
  { code: 'scopsr', name: '中央机构编制委员会办公室', kind: 'establishment-office', scope: '' },
  { code: 'ndrc', name: '国家发展和改革委员会', kind: 'development-reform', scope: '' },
  { code: 'mot', name: '中华人民共和国交通运输部', kind: 'administrative-body', scope: '', role: 'transport' },
  { code: 'nhc', name: '国家卫生健康委员会', kind: 'administrative-body', scope: '', role: 'health' },
  { code: 'moe', name: '中华人民共和国教育部', kind: 'administrative-body', scope: '', role: 'education' },
  { code: 'miit', name: '中华人民共和国工业和信息化部', kind: 'administrative-body', scope: '', role: 'economy' },
  { code: 'urban-admin', name: '住房和城乡建设部城市管理监督局', kind: 'administrative-body', scope: '', role: 'urban' },
  { code: 'fire-rescue', name: '国家消防救援局', kind: 'administrative-body', scope: '', role: 'fire' },
  { code: 'mct', name: '中华人民共和国文化和旅游部', kind: 'administrative-body', scope: '', role: 'culture' },
  { code: 'moa', name: '中华人民共和国农业农村部', kind: 'administrative-body', scope: '', role: 'agriculture' },
  // Zhejiang province.
  { code: 'samr-zhejiang', name: '浙江省市场监督管理局', kind: 'market-regulation', scope: '33' },
  { code: 'tax-zhejiang', name: '国家税务总局浙江省税务局', kind: 'tax', scope: '33' },
  { code: 'court-zhejiang', name: '浙江省高级人民法院', kind: 'court', scope: '33' },
  { code: 'env-zhejiang', name: '浙江省生态环境厅', kind: 'ecology-environment', scope: '33' },
  { code: 'customs-hangzhou', name: '中华人民共和国杭州海关', kind: 'customs', scope: '33' },
  // Hangzhou.
  { code: 'samr-hangzhou', name: '杭州市市场监督管理局', kind: 'market-regulation', scope: '3301' },
  { code: 'tax-hangzhou', name: '国家税务总局杭州市税务局', kind: 'tax', scope: '3301' },
  { code: 'court-hangzhou', name: '杭州市中级人民法院', kind: 'court', scope: '3301' },
  { code: 'finance-hangzhou', name: '杭州市财政局', kind: 'finance', scope: '3301' },
  { code: 'env-hangzhou', name: '杭州市生态环境局', kind: 'ecology-environment', scope: '3301' },
  { code: 'hrss-hangzhou', name: '杭州市人力资源和社会保障局', kind: 'human-resources', scope: '3301' },
  { code: 'emergency-hangzhou', name: '杭州市应急管理局', kind: 'emergency-management', scope: '3301' },
  { code: 'housing-hangzhou', name: '杭州市住房和城乡建设局', kind: 'housing-construction', scope: '3301' },
  { code: 'civil-affairs-hangzhou', name: '杭州市民政局', kind: 'civil-affairs', scope: '3301' },
  { code: 'establishment-hangzhou', name: '中共杭州市委机构编制委员会办公室', kind: 'establishment-office', scope: '3301' },
  { code: 'ndrc-hangzhou', name: '杭州市发展和改革委员会', kind: 'development-reform', scope: '3301' },
  { code: 'transport-hangzhou', name: '杭州市交通运输局', kind: 'administrative-body', scope: '3301', role: 'transport' },
  // Xihu district of Hangzhou.
  { code: 'samr-xihu', name: '杭州市西湖区市场监督管理局', kind: 'market-regulation', scope: '330106' },
  { code: 'court-xihu', name: '杭州市西湖区人民法院', kind: 'court', scope: '330106' },
  { code: 'housing-xihu', name: '杭州市西湖区住房和城乡建设局', kind: 'housing-construction', scope: '330106' },
  // A few other places.
  { code: 'samr-shenzhen', name: '深圳市市场监督管理局', kind: 'market-regulation', scope: '4403' },
  { code: 'tax-shanghai', name: '国家税务总局上海市税务局', kind: 'tax', scope: '31' },
  { code: 'court-chaoyang', name: '北京市朝阳区人民法院', kind: 'court', scope: '110105' },
];

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

const PROVINCE_LEVEL_NAMES: Record<string, string> = {
  'ecology-environment': '生态环境厅',
  'human-resources': '人力资源和社会保障厅',
  'emergency-management': '应急管理厅',
  'housing-construction': '住房和城乡建设厅',
  'civil-affairs': '民政厅',
  finance: '财政厅',
};

const CUSTOMS_BY_PREFECTURE: Record<string, string> = {
  '3302': '宁波海关',
  '4403': '深圳海关',
  '3502': '厦门海关',
  '3702': '青岛海关',
  '2102': '大连海关',
  '4405': '汕头海关',
  '4404': '拱北海关',
  '4407': '江门海关',
  '4408': '湛江海关',
  '4419': '黄埔海关',
  '1507': '满洲里海关',
};

const CUSTOMS_BY_PROVINCE: Record<string, string> = {
  '11': '北京海关',
  '12': '天津海关',
  '13': '石家庄海关',
  '14': '太原海关',
  '15': '呼和浩特海关',
  '21': '沈阳海关',
  '22': '长春海关',
  '23': '哈尔滨海关',
  '31': '上海海关',
  '32': '南京海关',
  '33': '杭州海关',
  '34': '合肥海关',
  '35': '福州海关',
  '36': '南昌海关',
  '37': '济南海关',
  '41': '郑州海关',
  '42': '武汉海关',
  '43': '长沙海关',
  '44': '广州海关',
  '45': '南宁海关',
  '46': '海口海关',
  '50': '重庆海关',
  '51': '成都海关',
  '52': '贵阳海关',
  '53': '昆明海关',
  '54': '拉萨海关',
  '61': '西安海关',
  '62': '兰州海关',
  '63': '西宁海关',
  '64': '银川海关',
  '65': '乌鲁木齐海关',
};

/** The customs district of a place. */
export function customsOf(place: Place): Authority {
  const name = CUSTOMS_BY_PREFECTURE[place.code.slice(0, 4)] ?? CUSTOMS_BY_PROVINCE[place.code.slice(0, 2)] ?? '海关总署';
  return { name: `中华人民共和国${name}`, abbr: `${name[0]}关` };
}

/** Bureaus of "other administrative bodies" by their role. */
export const ADMINISTRATIVE_BODIES = {
  transport: { city: '交通运输局', province: '交通运输厅', abbr: '交' },
  health: { city: '卫生健康委员会', province: '卫生健康委员会', abbr: '卫' },
  education: { city: '教育局', province: '教育厅', abbr: '教' },
  economy: { city: '经济和信息化局', province: '经济和信息化厅', abbr: '经信' },
  urban: { city: '综合行政执法局', province: '住房和城乡建设厅', abbr: '综执' },
  fire: { city: '消防救援支队', province: '消防救援总队', abbr: '消' },
  culture: { city: '文化广电旅游局', province: '文化和旅游厅', abbr: '文旅' },
  agriculture: { city: '农业农村局', province: '农业农村厅', abbr: '农' },
} as const;

export type AdministrativeRole = keyof typeof ADMINISTRATIVE_BODIES;

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
      const suffix = PROVINCE_LEVEL_NAMES[kind];
      if (!suffix) throw new RangeError(`unknown agency kind ${kind}`);
      const short = {
        'ecology-environment': '环',
        'human-resources': '人社',
        'emergency-management': '应急',
        'housing-construction': '建',
        'civil-affairs': '民',
        finance: '财',
      }[kind];
      return { name: `${p.name}${suffix}`, abbr: `${abbr}${short}` };
    }
  }
}

function cityPlace(place: Place): Place {
  return place.prefecture ? loadDivisions().place(place.prefecture.code) : place;
}
