// Plausible Chinese names for synthetic subjects: organisations (region + trade name + industry
// + legal form, and the forms of individual businesses, cooperatives, social organisations,
// public institutions and government bodies) and persons (surname + given name). Also the hard
// cases a search must handle: traditional-character variants and full-width or half-width
// brackets. Every table is precomputed; builders draw from a seeded Random.
import { permuteBelow, WeightedTable, type Random } from './random.ts';
import type { Place } from './divisions.ts';

function chars(s: string): string[] {
  return [...new Set([...s.replace(/\s+/g, '')])];
}

/** Characters common in trade names (字号). */
export const TRADE_CHARS: readonly string[] = chars(`
  华新达源盛鑫恒泰信通宏丰荣联兴利祥瑞博德安康宁远嘉和美佳金银隆昌发顺泽海天云峰创智维迪飞凯锐腾越卓力豪辉
  光明阳晨星宇乐诚立正中益成富贵福万众合汇融宝鼎聚贤伟东南西北江湖山川林森青绿蓝汉唐晋欣悦奥科捷优尚品雅典精
  润泓浩鸿鹏龙凤麒麟骏驰航帆舟启辰旭曦昊晟昱弘皓楷铭铂钧锦绣彩虹涛澜湾港桥城邦业茂菁芯数易享居亿兆千百久长永
  盈赢胜途迅速诺义仁善孚惠仕麦杰俊英誉耀宸煜灿炜焱垚淼磊晶恩沃迈特斯普朗拓展策略方圆格致远景曜璟琪瑾瑜璞玺
  骐骥鲲鹰燕鹤梧桐松柏兰竹梅蓝橙柠檬甘霖沛霆雷电晖煌赫凌峻岳峥嵘铸钢铭锋镭钛鑫森焜旺兴隆豪爵冠巨硕浦沪深`);

/**
 * Simplified to traditional characters (the pairs that occur in names here; characters that are
 * the same in both scripts are absent). Used for the traditional-variant hard case.
 */
const TRADITIONAL_PAIRS = `
  华華东東电電贸貿铁鐵发發兴興国國长長龙龍达達丰豐宝寶乐樂汇匯业業广廣云雲万萬门門阳陽联聯为為实實创創网網络絡
  车車机機医醫药藥饮飲术術环環产產开開圣聖顺順凤鳳鸿鴻丽麗宁寧远遠进進卫衛贵貴银銀亚亞运運厦廈汉漢湾灣岭嶺庆慶
  义義伟偉荣榮众眾贤賢诚誠优優润潤鹏鵬骏駿驰馳启啟铭銘铂鉑钧鈞锦錦绣繡涛濤澜瀾桥橋数數码碼亿億赢贏胜勝诺諾麦麥
  杰傑誉譽灿燦炜煒务務设設计計装裝饰飾筑築讯訊软軟询詢经經营營劳勞团團体體会會协協资資责責厂廠馆館农農专專种種
  养養园園学學检檢测測质質认認证證节節销銷维維输輸仓倉储儲链鏈应應疗療传傳视視频頻动動娱娛艺藝训訓属屬制製纺紡
  织織县縣镇鎮乡鄉办辦处處满滿鲜鮮鱼魚马馬财財际際线線纸紙缘緣绿綠红紅蓝藍顶頂领領风風飞飛丝絲绘繪画畫书書岛島
  鲁魯苏蘇闽閩沪滬辽遼陕陝琼瓊赣贛锡錫绍紹济濟烟煙潍濰临臨郑鄭许許尔爾滨濱连連头頭庄莊芜蕪萨薩乌烏齐齊兰蘭绵綿
  凯凱腾騰锐銳辉輝泽澤无無温溫骐騏骥驥鲲鯤鹰鷹鹤鶴柠檸霖霖钢鋼锋鋒镭鐳钛鈦硕碩峥崢铸鑄`;

export const TRADITIONAL: ReadonlyMap<string, string> = (() => {
  const s = [...TRADITIONAL_PAIRS.replace(/\s+/g, '')];
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

const INDUSTRY_ENTRIES: ReadonlyArray<readonly [Industry, number]> = [
  [{ word: '科技', category: '科技推广和应用服务业', scope: '技术开发、技术咨询、技术服务、技术转让；软件开发；计算机系统服务', tags: ['tech'] }, 14],
  [{ word: '网络科技', category: '互联网和相关服务', scope: '网络技术开发、技术服务；互联网信息服务；软件开发；数据处理和存储支持服务', tags: ['tech'] }, 7],
  [{ word: '信息技术', category: '软件和信息技术服务业', scope: '信息系统集成服务；软件开发；信息技术咨询服务；数据处理服务', tags: ['tech'] }, 5],
  [
    { word: '电子商务', category: '互联网和相关服务', scope: '互联网销售（除销售需要许可的商品）；日用百货、服装服饰、电子产品销售', tags: ['trade', 'tech'] },
    5,
  ],
  [{ word: '贸易', category: '批发业', scope: '日用百货、五金产品、建筑材料、电子产品、针纺织品批发、零售', tags: ['trade'] }, 10],
  [{ word: '商贸', category: '批发业', scope: '日用品、文具用品、办公用品、家用电器、化妆品批发、零售', tags: ['trade'] }, 6],
  [{ word: '进出口', category: '批发业', scope: '货物进出口；技术进出口；进出口代理；日用品、纺织品批发', tags: ['trade', 'import-export'] }, 3],
  [
    {
      word: '供应链管理',
      category: '商务服务业',
      scope: '供应链管理服务；国内货物运输代理；货物进出口；仓储服务（不含危险化学品）',
      tags: ['logistics', 'import-export'],
    },
    2,
  ],
  [{ word: '建筑工程', category: '房屋建筑业', scope: '房屋建筑和市政基础设施项目工程总承包；建设工程施工；土石方工程施工', tags: ['construction'] }, 6],
  [{ word: '装饰工程', category: '建筑装饰、装修和其他建筑业', scope: '住宅室内装饰装修；建筑装饰材料销售；建设工程设计', tags: ['construction'] }, 4],
  [{ word: '劳务', category: '建筑安装业', scope: '建筑劳务分包；劳务服务（不含劳务派遣）；园林绿化工程施工', tags: ['construction', 'services'] }, 2],
  [{ word: '餐饮管理', category: '餐饮业', scope: '餐饮服务；餐饮管理；食品销售；外卖递送服务', tags: ['catering', 'food'] }, 5],
  [{ word: '食品', category: '食品制造业', scope: '食品生产；食品销售；食用农产品批发、零售；保健食品（预包装）销售', tags: ['food', 'manufacturing'] }, 3],
  [{ word: '物流', category: '道路运输业', scope: '道路货物运输（不含危险货物）；国内货物运输代理；仓储服务；装卸搬运', tags: ['logistics'] }, 4],
  [{ word: '医药', category: '医药制造业', scope: '药品批发；药品零售；第二类医疗器械销售；保健食品销售', tags: ['pharma'] }, 2],
  [
    {
      word: '医疗器械',
      category: '专用设备制造业',
      scope: '第二类医疗器械生产、销售；第三类医疗器械经营；医疗设备租赁',
      tags: ['medical-devices', 'manufacturing'],
    },
    1,
  ],
  [
    {
      word: '环保科技',
      category: '生态保护和环境治理业',
      scope: '环保咨询服务；污水处理及其再生利用；固体废物治理；大气污染治理',
      tags: ['environment', 'polluting'],
    },
    3,
  ],
  [
    {
      word: '化工',
      category: '化学原料和化学制品制造业',
      scope: '化工产品生产（不含许可类化工产品）；危险化学品经营；专用化学产品销售',
      tags: ['chemical', 'polluting', 'manufacturing'],
    },
    2,
  ],
  [{ word: '房地产开发', category: '房地产业', scope: '房地产开发经营；住房租赁；非居住房地产租赁', tags: ['real-estate', 'construction'] }, 2],
  [{ word: '物业管理', category: '房地产业', scope: '物业管理；停车场服务；家政服务；园林绿化工程施工', tags: ['real-estate', 'services'] }, 3],
  [
    {
      word: '机械设备',
      category: '通用设备制造业',
      scope: '通用设备制造（不含特种设备制造）；机械设备销售；机械零件、零部件加工',
      tags: ['manufacturing', 'polluting'],
    },
    3,
  ],
  [
    {
      word: '电子',
      category: '计算机、通信和其他电子设备制造业',
      scope: '电子元器件制造；电子产品销售；集成电路芯片设计及服务',
      tags: ['manufacturing', 'tech'],
    },
    3,
  ],
  [{ word: '电器', category: '电气机械和器材制造业', scope: '家用电器制造；家用电器销售；照明器具制造；电线、电缆经营', tags: ['manufacturing'] }, 2],
  [{ word: '金属制品', category: '金属制品业', scope: '金属制品加工；金属材料销售；五金产品制造；表面处理', tags: ['manufacturing', 'polluting'] }, 2],
  [{ word: '纺织', category: '纺织业', scope: '面料纺织加工；针纺织品及原料销售；服装制造；印染', tags: ['manufacturing', 'polluting'] }, 2],
  [{ word: '服饰', category: '纺织服装、服饰业', scope: '服装制造；服装服饰批发、零售；鞋帽批发、零售', tags: ['manufacturing', 'trade'] }, 2],
  [
    {
      word: '印刷',
      category: '印刷和记录媒介复制业',
      scope: '包装装潢印刷品印刷；文件、资料等其他印刷品印刷；包装材料销售',
      tags: ['manufacturing', 'polluting'],
    },
    1,
  ],
  [
    {
      word: '新能源科技',
      category: '电力、热力生产和供应业',
      scope: '太阳能发电技术服务；储能技术服务；新能源汽车换电设施销售；电池销售',
      tags: ['tech', 'manufacturing'],
    },
    2,
  ],
  [
    {
      word: '汽车服务',
      category: '机动车、电子产品和日用产品修理业',
      scope: '机动车修理和维护；汽车新车销售；二手车经纪；汽车零配件零售',
      tags: ['services', 'trade'],
    },
    2,
  ],
  [{ word: '文化传媒', category: '文化艺术业', scope: '组织文化艺术交流活动；广告设计、代理；会议及展览服务；影视节目制作', tags: ['culture'] }, 4],
  [{ word: '广告', category: '商务服务业', scope: '广告制作；广告发布；广告设计、代理；图文设计制作', tags: ['culture'] }, 2],
  [
    { word: '教育科技', category: '教育', scope: '教育咨询服务（不含涉许可审批的教育培训活动）；软件开发；组织文化艺术交流活动', tags: ['education', 'tech'] },
    2,
  ],
  [{ word: '农业开发', category: '农业', scope: '蔬菜种植；水果种植；农业专业及辅助性活动；食用农产品初加工', tags: ['agriculture', 'food'] }, 2],
  [{ word: '企业管理咨询', category: '商务服务业', scope: '企业管理咨询；信息咨询服务（不含许可类信息咨询服务）；市场营销策划', tags: ['services'] }, 4],
  [{ word: '投资管理', category: '资本市场服务', scope: '以自有资金从事投资活动；投资管理；股权投资', tags: ['finance'] }, 1],
  [{ word: '酒店管理', category: '住宿业', scope: '酒店管理；住宿服务；餐饮服务；会议及展览服务', tags: ['services', 'catering'] }, 1],
  [{ word: '旅游开发', category: '商务服务业', scope: '旅游开发项目策划咨询；游览景区管理；旅行社服务网点旅游招徕、咨询服务', tags: ['services'] }, 1],
  [{ word: '人力资源', category: '商务服务业', scope: '人力资源服务（不含职业中介活动、劳务派遣服务）；劳务服务（不含劳务派遣）', tags: ['services'] }, 1],
];

export const INDUSTRIES = new WeightedTable<Industry>(INDUSTRY_ENTRIES);

// ------------------------------------------------------------------ legal forms

export interface EnterpriseForm {
  /** The suffix of the name: 有限公司. */
  suffix: string;
  /** The registration's legalForm field. */
  legalForm: string;
  /** Whether the form can have branches and bracketed region names. */
  company: boolean;
}

export const ENTERPRISE_FORMS = new WeightedTable<EnterpriseForm>([
  [{ suffix: '有限公司', legalForm: '有限责任公司（自然人投资或控股）', company: true }, 42],
  [{ suffix: '有限公司', legalForm: '有限责任公司（自然人独资）', company: true }, 16],
  [{ suffix: '有限责任公司', legalForm: '有限责任公司（自然人投资或控股）', company: true }, 14],
  [{ suffix: '有限公司', legalForm: '有限责任公司（非自然人投资或控股的法人独资）', company: true }, 6],
  [{ suffix: '股份有限公司', legalForm: '股份有限公司（非上市、自然人投资或控股）', company: true }, 5],
  [{ suffix: '集团有限公司', legalForm: '有限责任公司（自然人投资或控股）', company: true }, 1],
  [{ suffix: '合伙企业（有限合伙）', legalForm: '有限合伙企业', company: false }, 2],
  [{ suffix: '商行', legalForm: '个人独资企业', company: false }, 2],
  [{ suffix: '经营部', legalForm: '个人独资企业', company: false }, 1],
]);

/** The legal form of a listed company (rare). */
export const LISTED_FORM: EnterpriseForm = { suffix: '股份有限公司', legalForm: '股份有限公司（上市、自然人投资或控股）', company: true };

// ------------------------------------------------------------------ other organisation kinds

export const SHOP_TYPES: readonly string[] = [
  '小吃店',
  '便利店',
  '副食品店',
  '服装店',
  '五金店',
  '理发店',
  '美甲店',
  '水果店',
  '餐馆',
  '面馆',
  '汽车修理部',
  '建材经营部',
  '日用品商行',
  '手机维修店',
  '超市',
  '烟酒商行',
  '早餐店',
  '干洗店',
  '茶叶店',
  '家电维修部',
  '饭店',
  '烧烤店',
  '奶茶店',
  '花店',
  '药店',
  '眼镜店',
  '母婴用品店',
  '电动车行',
  '文具店',
  '粮油店',
  '海鲜店',
  '棋牌室',
  '打印店',
  '养生馆',
  '足浴店',
  '摄影工作室',
  '装饰材料店',
  '灯具店',
  '布艺店',
  '饰品店',
];

/** Shop types that sell or serve food (they need a food business licence). */
export const FOOD_SHOPS: ReadonlySet<string> = new Set([
  '小吃店',
  '便利店',
  '副食品店',
  '水果店',
  '餐馆',
  '面馆',
  '超市',
  '早餐店',
  '饭店',
  '烧烤店',
  '奶茶店',
  '粮油店',
  '海鲜店',
]);

export const COOPERATIVE_PRODUCTS: readonly string[] = [
  '茶叶',
  '果蔬',
  '水稻',
  '蔬菜',
  '水果',
  '花卉苗木',
  '生猪养殖',
  '家禽养殖',
  '水产养殖',
  '食用菌',
  '中药材',
  '农机',
  '粮食',
  '杨梅',
  '柑橘',
  '葡萄',
  '蓝莓',
  '竹笋',
  '蜂业',
  '油茶',
  '肉牛养殖',
  '湖羊养殖',
  '土地股份',
  '种植',
];

export const ASSOCIATIONS: readonly string[] = [
  '餐饮行业协会',
  '软件行业协会',
  '个体劳动者协会',
  '摄影家协会',
  '老年体育协会',
  '食品工业协会',
  '建筑业协会',
  '物流协会',
  '电子商务协会',
  '物业管理协会',
  '律师协会',
  '注册会计师协会',
  '书法家协会',
  '青年企业家协会',
  '旅游协会',
  '茶文化研究会',
  '汽车流通行业协会',
  '家具行业协会',
  '纺织工业协会',
  '女企业家协会',
  '慈善总会',
  '跆拳道协会',
  '围棋协会',
  '志愿者协会',
  '民营经济研究会',
  '医师协会',
  '护理学会',
  '口腔医学会',
  '烹饪协会',
  '消费者权益保护协会',
  '质量协会',
  '环境科学学会',
  '计算机学会',
  '家庭教育研究会',
  '养老服务业协会',
];

export const CHAMBERS_OF_COMMERCE = ['温州商会', '台州商会', '福建商会', '江西商会', '安徽商会', '湖南商会', '四川商会', '河南商会', '潮汕商会', '山东商会'];

export const PRIVATE_NON_ENTERPRISE: readonly string[] = [
  '培训学校',
  '养老服务中心',
  '幼儿园',
  '社会工作服务中心',
  '康复中心',
  '艺术培训学校',
  '职业技能培训学校',
  '青少年活动中心',
  '居家养老服务中心',
  '心理咨询服务中心',
  '社区服务中心',
  '文化发展研究院',
  '体育俱乐部',
  '门诊部',
];

export const FOUNDATION_PURPOSES = ['慈善基金会', '教育基金会', '助学基金会', '公益基金会', '文化发展基金会', '医疗救助基金会', '环境保护基金会'];

export const PUBLIC_INSTITUTIONS_UNIQUE: readonly string[] = [
  '疾病预防控制中心',
  '档案馆',
  '图书馆',
  '公共资源交易中心',
  '农业技术推广中心',
  '不动产登记服务中心',
  '妇幼保健院',
  '中医院',
  '人民医院',
  '第一人民医院',
  '第二人民医院',
  '第三人民医院',
  '博物馆',
  '文化馆',
  '社会福利院',
  '救助管理站',
  '公证处',
  '广播电视台',
  '融媒体中心',
  '数据资源中心',
  '政务服务中心',
  '住房公积金管理中心',
  '水文站',
  '气象台',
  '职业技术学校',
  '特殊教育学校',
  '体育中心',
  '市政设施管理中心',
  '园林绿化管理中心',
  '环境监测站',
  '动物疫病预防控制中心',
  '林业技术推广站',
  '水利工程管理站',
  '城市规划设计研究院',
  '建设工程质量安全监督站',
  '粮食收储中心',
  '老干部活动中心',
];

/** Institutions of which a place has many, named after a street or numbered. */
export const PUBLIC_INSTITUTIONS_MANY: readonly string[] = ['小学', '中学', '实验学校', '幼儿园', '社区卫生服务中心', '卫生院', '初级中学'];

export const GOVERNMENT_BODIES: readonly string[] = [
  '人民政府',
  '住房和城乡建设局',
  '财政局',
  '教育局',
  '交通运输局',
  '自然资源和规划局',
  '农业农村局',
  '卫生健康局',
  '商务局',
  '水利局',
  '民政局',
  '司法局',
  '审计局',
  '统计局',
  '城市管理局',
  '市场监督管理局',
  '发展和改革局',
  '经济和信息化局',
  '文化广电旅游局',
  '应急管理局',
  '人力资源和社会保障局',
  '退役军人事务局',
  '医疗保障局',
  '数据资源管理局',
  '机关事务管理局',
  '科学技术局',
  '林业局',
  '人民政府办公室',
  '综合行政执法局',
  '投资促进局',
];

/** Government bodies that also exist at town level. */
export const TOWN_BODY_SUFFIXES = ['镇人民政府', '乡人民政府', '街道办事处'];

export const OTHER_ORGANISATIONS_ESTABLISHMENT = ['总工会', '妇女联合会', '科学技术协会', '残疾人联合会', '归国华侨联合会', '文学艺术界联合会', '工商业联合会'];
export const OTHER_ORGANISATIONS_VARIOUS = ['村股份经济合作社', '村经济合作社', '社区股份经济合作社', '居民委员会', '村民委员会'];

/** Characters of place names (towns, streets, villages). */
export const PLACE_CHARS: readonly string[] = chars(`
  东西南北中新城关桥河湖山川江溪塘港湾浦洲岭岗坪坝岩石林竹梅桃李杏枫柳松平安和宁康泰丰盛兴隆昌永长清明
  阳光华金银玉龙凤鹤云天泉水古双良马黄青红白家庄营寨圩集埠沙田园桑柏茶`);

export const ROADS: readonly string[] = [
  '人民路',
  '解放路',
  '建设路',
  '中山路',
  '文三路',
  '文二路',
  '学院路',
  '新华路',
  '和平路',
  '胜利路',
  '朝阳路',
  '工业路',
  '创业路',
  '科技大道',
  '环城北路',
  '环城西路',
  '滨江大道',
  '长江路',
  '黄河路',
  '延安路',
  '北京路',
  '南京路',
  '青年路',
  '府前街',
  '健康路',
  '幸福路',
  '光明路',
  '东风路',
  '兴业大道',
  '商贸街',
  '金融街',
  '振兴路',
  '迎宾大道',
  '文化路',
  '体育路',
  '站前路',
  '望江路',
  '江南大道',
  '丰潭路',
  '古墩路',
  '莫干山路',
  '天目山路',
];

// ------------------------------------------------------------------ persons

const SURNAME_ENTRIES: ReadonlyArray<readonly [string, number]> = (
  [
    ['王', 710],
    ['李', 700],
    ['张', 650],
    ['刘', 540],
    ['陈', 460],
    ['杨', 310],
    ['黄', 230],
    ['赵', 200],
    ['吴', 200],
    ['周', 190],
    ['徐', 170],
    ['孙', 150],
    ['马', 150],
    ['朱', 140],
    ['胡', 130],
    ['郭', 130],
    ['何', 120],
    ['林', 120],
    ['高', 120],
    ['罗', 110],
    ['郑', 110],
    ['梁', 100],
    ['谢', 80],
    ['宋', 80],
    ['唐', 80],
    ['许', 70],
    ['韩', 70],
    ['冯', 70],
    ['邓', 70],
    ['曹', 70],
    ['彭', 60],
    ['曾', 60],
    ['肖', 60],
    ['田', 60],
    ['董', 60],
    ['袁', 50],
    ['潘', 50],
    ['于', 50],
    ['蒋', 50],
    ['蔡', 50],
    ['余', 50],
    ['杜', 50],
    ['叶', 50],
    ['程', 50],
    ['苏', 40],
    ['魏', 40],
    ['吕', 40],
    ['丁', 40],
    ['任', 40],
    ['沈', 40],
    ['姚', 40],
    ['卢', 40],
    ['姜', 40],
    ['崔', 40],
    ['钟', 40],
    ['谭', 30],
    ['陆', 30],
    ['汪', 30],
    ['范', 30],
    ['金', 30],
    ['石', 30],
    ['廖', 30],
    ['贾', 30],
    ['夏', 30],
    ['韦', 30],
    ['付', 30],
    ['方', 30],
    ['白', 30],
    ['邹', 30],
    ['孟', 30],
    ['熊', 30],
    ['秦', 30],
    ['邱', 30],
    ['江', 30],
    ['尹', 30],
    ['薛', 20],
    ['闫', 20],
    ['段', 20],
    ['雷', 20],
    ['侯', 20],
    ['龙', 20],
    ['史', 20],
    ['陶', 20],
    ['黎', 20],
    ['贺', 20],
    ['顾', 20],
    ['毛', 20],
    ['郝', 20],
    ['龚', 20],
    ['邵', 20],
    ['万', 20],
    ['钱', 20],
    ['严', 20],
    ['覃', 20],
    ['武', 20],
    ['戴', 20],
    ['莫', 20],
    ['孔', 20],
    ['向', 20],
    ['汤', 20],
    ['欧阳', 5],
    ['司马', 2],
    ['诸葛', 1],
    ['上官', 2],
    ['东方', 1],
    ['慕容', 1],
  ] as const
).map(([s, w]) => [s, w] as const);

export const SURNAMES = new WeightedTable<string>(SURNAME_ENTRIES);

const MALE_GIVEN = chars('伟强磊军勇杰涛斌超明辉刚健峰建国华平波鹏宇浩俊凯飞鑫鸿志新文彬晨博轩睿泽昊宇航天翔龙德海林松军东亮光成振兴国庆永民');
const FEMALE_GIVEN = chars('芳娜敏静丽艳娟霞秀英玲燕红梅婷雪琳慧颖洁倩晶莉萍琴云兰月欣怡佳悦雨诗梦涵婉瑶彤妍淑珍凤');
const NEUTRAL_GIVEN = chars('文明小春晓家思子嘉安一可新晨宁');

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
