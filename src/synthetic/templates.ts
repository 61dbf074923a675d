// Templates of decisions: the provisions violated, facts and legal bases of administrative
// penalties by agency kind and industry, licences, honours and the texts of court decisions.
// Articles are those commonly cited in published decisions; they are demo content, not legal
// advice.
import type { AdministrativeRole } from './agencies.ts';
import type { IndustryTag } from './names.ts';

export type Severity = 'minor' | 'general' | 'serious';

export interface PenaltyTemplate {
  /** The agency kind that decides. */
  kind: string;
  role?: AdministrativeRole;
  /** Industries it applies to; absent means any business. */
  tags?: readonly IndustryTag[];
  /** Also for social organisations / public institutions / individual businesses. */
  subjects: 'business' | 'social' | 'public' | 'any';
  provision: string;
  facts: readonly string[];
  basis: string;
  severities: readonly Severity[];
  /** City-level decisions (tax inspection, environment) instead of the subject's own district. */
  city?: boolean;
  weight: number;
}

export const PENALTY_TEMPLATES: readonly PenaltyTemplate[] = [
  // Market regulation.
  {
    kind: 'market-regulation',
    subjects: 'business',
    weight: 8,
    severities: ['minor', 'general', 'serious'],
    provision: '《中华人民共和国广告法》第二十八条',
    basis: '《中华人民共和国广告法》第五十五条第一款',
    facts: ['在网店商品详情页发布含有虚假或者引人误解内容的广告', '在宣传册中使用“国家级”“最佳”等用语并虚构产品功效', '发布的广告中引用的数据无法证实'],
  },
  {
    kind: 'market-regulation',
    subjects: 'any',
    tags: ['food', 'catering'],
    weight: 10,
    severities: ['minor', 'general', 'serious'],
    provision: '《中华人民共和国食品安全法》第三十四条第十项',
    basis: '《中华人民共和国食品安全法》第一百二十四条第一款',
    facts: ['经营超过保质期的食品', '贮存、销售超过保质期的预包装食品', '使用超过保质期的食品原料加工制作食品'],
  },
  {
    kind: 'market-regulation',
    subjects: 'any',
    tags: ['food', 'catering'],
    weight: 4,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国食品安全法》第三十五条第一款',
    basis: '《中华人民共和国食品安全法》第一百二十二条第一款',
    facts: ['未取得食品经营许可从事食品经营活动', '食品经营许可证过期后继续从事餐饮服务'],
  },
  {
    kind: 'market-regulation',
    subjects: 'business',
    tags: ['trade', 'manufacturing'],
    weight: 6,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国产品质量法》第三十二条',
    basis: '《中华人民共和国产品质量法》第五十条',
    facts: ['销售经抽样检验不合格的产品', '在产品中掺杂、掺假，以不合格产品冒充合格产品', '生产的电线电缆导体电阻项目不符合国家标准'],
  },
  {
    kind: 'market-regulation',
    subjects: 'business',
    weight: 5,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国反不正当竞争法》第八条第一款',
    basis: '《中华人民共和国反不正当竞争法》第二十条第一款',
    facts: ['对其商品的性能、功能、质量、销售状况作虚假的商业宣传', '通过组织虚假交易帮助其他经营者进行虚假的商业宣传'],
  },
  {
    kind: 'market-regulation',
    subjects: 'any',
    weight: 6,
    severities: ['minor'],
    provision: '《明码标价和禁止价格欺诈规定》第五条',
    basis: '《中华人民共和国价格法》第四十二条',
    facts: ['销售商品未按规定明码标价', '提供服务未按规定公示收费标准'],
  },
  {
    kind: 'market-regulation',
    subjects: 'business',
    weight: 5,
    severities: ['minor', 'general'],
    provision: '《中华人民共和国市场主体登记管理条例》第二十四条',
    basis: '《中华人民共和国市场主体登记管理条例》第四十六条',
    facts: ['住所变更后未按规定办理变更登记', '经营范围变更后未按规定办理变更登记'],
  },
  {
    kind: 'market-regulation',
    subjects: 'business',
    tags: ['tech', 'trade'],
    weight: 3,
    severities: ['minor'],
    provision: '《中华人民共和国电子商务法》第十五条',
    basis: '《中华人民共和国电子商务法》第七十六条第一款',
    facts: ['未在网店首页显著位置持续公示营业执照信息'],
  },
  {
    kind: 'market-regulation',
    subjects: 'any',
    tags: ['trade', 'manufacturing'],
    weight: 3,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国商标法》第五十七条',
    basis: '《中华人民共和国商标法》第六十条第二款',
    facts: ['销售侵犯注册商标专用权的商品', '在同一种商品上使用与他人注册商标相同的商标'],
  },
  {
    kind: 'market-regulation',
    subjects: 'business',
    tags: ['pharma'],
    weight: 8,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国药品管理法》第五十三条',
    basis: '《中华人民共和国药品管理法》第一百二十六条',
    facts: ['未遵守药品经营质量管理规范储存药品', '从不具有药品生产、经营资格的企业购进药品'],
  },
  {
    kind: 'market-regulation',
    subjects: 'business',
    tags: ['medical-devices'],
    weight: 8,
    severities: ['general', 'serious'],
    provision: '《医疗器械监督管理条例》第五十五条',
    basis: '《医疗器械监督管理条例》第八十六条',
    facts: ['经营未依法注册的第二类医疗器械', '未按照医疗器械说明书和标签标示要求运输、贮存医疗器械'],
  },
  {
    kind: 'market-regulation',
    subjects: 'any',
    tags: ['manufacturing', 'real-estate', 'services'],
    weight: 2,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国特种设备安全法》第三十二条',
    basis: '《中华人民共和国特种设备安全法》第八十四条',
    facts: ['使用未经定期检验的电梯', '使用未经检验合格的压力容器'],
  },
  // Tax.
  {
    kind: 'tax',
    subjects: 'any',
    weight: 10,
    severities: ['minor', 'general'],
    provision: '《中华人民共和国税收征收管理法》第二十五条',
    basis: '《中华人民共和国税收征收管理法》第六十二条',
    facts: ['未按照规定期限办理纳税申报和报送纳税资料', '未按照规定期限报送代扣代缴税款报告表'],
  },
  {
    kind: 'tax',
    subjects: 'business',
    weight: 5,
    severities: ['minor'],
    provision: '《中华人民共和国发票管理办法》第二十二条',
    basis: '《中华人民共和国发票管理办法》第三十五条',
    facts: ['未按照规定开具发票', '未按照规定保管发票'],
  },
  {
    kind: 'tax',
    subjects: 'business',
    weight: 3,
    city: true,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国税收征收管理法》第六十三条第一款',
    basis: '《中华人民共和国税收征收管理法》第六十三条第一款',
    facts: ['通过在账簿上多列支出、少列收入的手段进行虚假纳税申报，少缴增值税和企业所得税', '隐匿销售收入，少缴应纳税款'],
  },
  {
    kind: 'tax',
    subjects: 'business',
    weight: 1,
    city: true,
    severities: ['serious'],
    provision: '《中华人民共和国发票管理办法》第二十一条',
    basis: '《中华人民共和国发票管理办法》第三十七条',
    facts: ['在没有真实业务的情况下为他人虚开增值税普通发票', '让他人为自己虚开增值税普通发票'],
  },
  // Ecology and environment.
  {
    kind: 'ecology-environment',
    subjects: 'business',
    tags: ['polluting', 'chemical', 'environment'],
    weight: 6,
    city: true,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国大气污染防治法》第二十条第二款',
    basis: '《中华人民共和国大气污染防治法》第九十九条第三项',
    facts: ['通过逃避监管的方式排放大气污染物', '未按规定运行废气处理设施，污染物超标排放'],
  },
  {
    kind: 'ecology-environment',
    subjects: 'business',
    tags: ['polluting', 'chemical', 'environment', 'food'],
    weight: 6,
    city: true,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国水污染防治法》第十条',
    basis: '《中华人民共和国水污染防治法》第八十三条第二项',
    facts: ['超过水污染物排放标准排放水污染物', '废水总排口化学需氧量浓度超过排放标准'],
  },
  {
    kind: 'ecology-environment',
    subjects: 'business',
    tags: ['polluting', 'chemical', 'manufacturing', 'construction'],
    weight: 4,
    city: true,
    severities: ['minor', 'general'],
    provision: '《中华人民共和国固体废物污染环境防治法》第二十条',
    basis: '《中华人民共和国固体废物污染环境防治法》第一百零二条第一款第十项',
    facts: ['未采取防扬散、防流失、防渗漏措施贮存工业固体废物', '危险废物贮存场所未设置识别标志'],
  },
  {
    kind: 'ecology-environment',
    subjects: 'business',
    tags: ['polluting', 'manufacturing', 'chemical'],
    weight: 3,
    city: true,
    severities: ['general'],
    provision: '《中华人民共和国环境影响评价法》第二十五条',
    basis: '《中华人民共和国环境影响评价法》第三十一条第一款',
    facts: ['建设项目环境影响报告表未经批准擅自开工建设'],
  },
  {
    kind: 'ecology-environment',
    subjects: 'business',
    tags: ['polluting', 'chemical', 'environment'],
    weight: 3,
    city: true,
    severities: ['minor', 'general'],
    provision: '《排污许可管理条例》第十九条',
    basis: '《排污许可管理条例》第三十六条第四项',
    facts: ['未按照排污许可证规定制定自行监测方案并开展自行监测'],
  },
  // Housing and construction.
  {
    kind: 'housing-construction',
    subjects: 'business',
    tags: ['construction'],
    weight: 6,
    severities: ['general', 'serious'],
    provision: '《建设工程质量管理条例》第二十八条',
    basis: '《建设工程质量管理条例》第六十四条',
    facts: ['未按照工程设计图纸和施工技术标准施工', '施工中偷工减料，使用不合格的建筑材料'],
  },
  {
    kind: 'housing-construction',
    subjects: 'business',
    tags: ['construction'],
    weight: 4,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国建筑法》第二十六条',
    basis: '《中华人民共和国建筑法》第六十五条第二款',
    facts: ['超越本单位资质等级承揽工程', '以其他施工单位的名义承揽工程'],
  },
  {
    kind: 'housing-construction',
    subjects: 'business',
    tags: ['construction', 'real-estate'],
    weight: 3,
    severities: ['minor', 'general'],
    provision: '《建筑工程施工许可管理办法》第三条',
    basis: '《建筑工程施工许可管理办法》第十二条',
    facts: ['未取得施工许可证擅自施工'],
  },
  {
    kind: 'housing-construction',
    subjects: 'business',
    tags: ['real-estate'],
    weight: 3,
    severities: ['minor', 'general'],
    provision: '《商品房销售明码标价规定》第五条',
    basis: '《中华人民共和国价格法》第四十二条',
    facts: ['商品房销售未按规定实行一房一价明码标价', '销售现场未公示代收代办收费项目'],
  },
  // Emergency management.
  {
    kind: 'emergency-management',
    subjects: 'business',
    tags: ['manufacturing', 'chemical', 'construction', 'logistics'],
    weight: 6,
    severities: ['minor', 'general'],
    provision: '《中华人民共和国安全生产法》第二十八条',
    basis: '《中华人民共和国安全生产法》第九十七条第三项',
    facts: ['未按照规定对从业人员进行安全生产教育和培训', '特种作业人员未按照规定经专门的安全作业培训并取得相应资格上岗作业'],
  },
  {
    kind: 'emergency-management',
    subjects: 'business',
    tags: ['manufacturing', 'chemical'],
    weight: 5,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国安全生产法》第三十六条',
    basis: '《中华人民共和国安全生产法》第九十九条第三项',
    facts: ['未对安全设备进行经常性维护、保养和定期检测', '关闭、破坏直接关系生产安全的监控、报警设备'],
  },
  {
    kind: 'emergency-management',
    subjects: 'business',
    tags: ['chemical'],
    weight: 5,
    severities: ['general', 'serious'],
    provision: '《危险化学品安全管理条例》第二十四条',
    basis: '《危险化学品安全管理条例》第八十条第一款第五项',
    facts: ['未将危险化学品储存在专用仓库内', '危险化学品储存方式、方法、储存数量不符合国家标准'],
  },
  {
    kind: 'emergency-management',
    subjects: 'business',
    weight: 2,
    severities: ['minor', 'general'],
    provision: '《中华人民共和国安全生产法》第四十一条',
    basis: '《中华人民共和国安全生产法》第一百零二条',
    facts: ['未建立安全风险分级管控和隐患排查治理双重预防工作机制', '未采取措施消除事故隐患'],
  },
  // Customs.
  {
    kind: 'customs',
    subjects: 'business',
    tags: ['import-export'],
    weight: 6,
    severities: ['minor', 'general'],
    provision: '《中华人民共和国海关法》第二十四条',
    basis: '《中华人民共和国海关行政处罚实施条例》第十五条第一项',
    facts: ['出口货物申报不实，影响海关统计准确性', '进口货物品名、数量申报不实'],
  },
  {
    kind: 'customs',
    subjects: 'business',
    tags: ['import-export'],
    weight: 3,
    severities: ['general', 'serious'],
    provision: '《中华人民共和国海关法》第二十四条',
    basis: '《中华人民共和国海关行政处罚实施条例》第十五条第四项',
    facts: ['进口货物价格申报不实，影响国家税款征收', '进口货物原产地申报不实，影响国家税款征收'],
  },
  // Human resources.
  {
    kind: 'human-resources',
    subjects: 'any',
    weight: 5,
    severities: ['minor', 'general'],
    provision: '《中华人民共和国社会保险法》第五十八条',
    basis: '《中华人民共和国社会保险法》第八十四条',
    facts: ['未按规定为职工办理社会保险登记', '未按时足额缴纳社会保险费'],
  },
  {
    kind: 'human-resources',
    subjects: 'business',
    weight: 4,
    severities: ['general', 'serious'],
    provision: '《劳动保障监察条例》第十一条',
    basis: '《劳动保障监察条例》第二十六条',
    facts: ['克扣、无故拖欠劳动者工资报酬', '支付劳动者的工资低于当地最低工资标准'],
  },
  {
    kind: 'human-resources',
    subjects: 'business',
    weight: 2,
    severities: ['minor', 'general'],
    provision: '《中华人民共和国劳动法》第四十一条',
    basis: '《劳动保障监察条例》第二十五条',
    facts: ['安排劳动者延长工作时间超过法定上限'],
  },
  // Civil affairs (social organisations).
  {
    kind: 'civil-affairs',
    subjects: 'social',
    weight: 6,
    severities: ['minor', 'general'],
    provision: '《社会团体登记管理条例》第二十八条',
    basis: '《社会团体登记管理条例》第三十条第一款第五项',
    facts: ['未按照规定接受年度检查', '不按照规定办理变更登记'],
  },
  {
    kind: 'civil-affairs',
    subjects: 'social',
    weight: 4,
    severities: ['minor', 'general', 'serious'],
    provision: '《民办非企业单位登记管理暂行条例》第二十三条',
    basis: '《民办非企业单位登记管理暂行条例》第二十五条第一款',
    facts: ['未按照规定报送年度工作报告', '超出其章程规定的宗旨和业务范围进行活动', '违反国家有关规定收取费用、筹集资金'],
  },
  // Other administrative bodies.
  {
    kind: 'administrative-body',
    role: 'transport',
    subjects: 'business',
    tags: ['logistics'],
    weight: 8,
    severities: ['minor', 'general', 'serious'],
    provision: '《中华人民共和国道路运输条例》第二十四条',
    basis: '《中华人民共和国道路运输条例》第六十三条',
    facts: ['未取得道路运输经营许可，擅自从事道路货物运输经营', '使用未取得道路运输证的车辆从事货物运输'],
  },
  {
    kind: 'administrative-body',
    role: 'urban',
    subjects: 'any',
    weight: 4,
    severities: ['minor', 'general'],
    provision: '《城市市容和环境卫生管理条例》第十一条',
    basis: '《城市市容和环境卫生管理条例》第三十六条',
    facts: ['擅自设置大型户外广告', '在门店外占道经营', '擅自在建筑物外立面设置招牌'],
  },
  {
    kind: 'administrative-body',
    role: 'fire',
    subjects: 'any',
    weight: 5,
    severities: ['minor', 'general'],
    provision: '《中华人民共和国消防法》第十六条',
    basis: '《中华人民共和国消防法》第六十条第一款',
    facts: ['消防设施、器材未保持完好有效', '占用、堵塞、封闭疏散通道、安全出口'],
  },
  {
    kind: 'administrative-body',
    role: 'health',
    subjects: 'any',
    tags: ['services', 'catering'],
    weight: 3,
    severities: ['minor', 'general'],
    provision: '《公共场所卫生管理条例》第七条',
    basis: '《公共场所卫生管理条例实施细则》第三十八条',
    facts: ['安排未获得有效健康合格证明的从业人员从事直接为顾客服务的工作'],
  },
  {
    kind: 'administrative-body',
    role: 'health',
    subjects: 'public',
    weight: 4,
    severities: ['minor', 'general'],
    provision: '《医疗机构管理条例》第二十五条',
    basis: '《医疗机构管理条例》第四十七条',
    facts: ['使用非卫生技术人员从事医疗卫生技术工作', '未按规定执行医疗废物分类收集制度'],
  },
  {
    kind: 'administrative-body',
    role: 'culture',
    subjects: 'business',
    tags: ['culture', 'services'],
    weight: 2,
    severities: ['minor', 'general'],
    provision: '《营业性演出管理条例》第十三条',
    basis: '《营业性演出管理条例》第四十三条',
    facts: ['未经批准举办营业性演出'],
  },
];

export interface LicenceTemplate {
  kind: string;
  role?: AdministrativeRole;
  name: string;
  type: 'general' | 'special' | 'approval' | 'certification' | 'registration' | 'other';
  content: string;
  basis: string;
  years: number;
  /** How the number is formed. */
  number: 'food' | 'drug' | 'road' | 'discharge' | 'construction' | 'hazchem' | 'customs' | 'medical' | 'school' | 'device' | 'elderly' | 'realestate';
  city?: boolean;
}

export const LICENCES: Record<string, LicenceTemplate> = {
  food: {
    kind: 'market-regulation',
    name: '食品经营许可证',
    type: 'general',
    content: '预包装食品销售（含冷藏冷冻食品）；热食类食品制售',
    basis: '《中华人民共和国食品安全法》第三十五条',
    years: 5,
    number: 'food',
  },
  foodProduction: {
    kind: 'market-regulation',
    name: '食品生产许可证',
    type: 'general',
    content: '糕点、速冻食品、方便食品生产',
    basis: '《中华人民共和国食品安全法》第三十五条',
    years: 5,
    number: 'food',
    city: true,
  },
  drug: {
    kind: 'market-regulation',
    name: '药品经营许可证',
    type: 'general',
    content: '中成药、化学药制剂、抗生素制剂、生化药品批发',
    basis: '《中华人民共和国药品管理法》第五十一条',
    years: 5,
    number: 'drug',
    city: true,
  },
  device: {
    kind: 'market-regulation',
    name: '第三类医疗器械经营许可证',
    type: 'general',
    content: '第三类医疗器械经营',
    basis: '《医疗器械监督管理条例》第五十二条',
    years: 5,
    number: 'device',
    city: true,
  },
  road: {
    kind: 'administrative-body',
    role: 'transport',
    name: '道路运输经营许可证',
    type: 'general',
    content: '道路普通货物运输；货物专用运输（集装箱）',
    basis: '《中华人民共和国道路运输条例》第二十四条',
    years: 4,
    number: 'road',
  },
  discharge: {
    kind: 'ecology-environment',
    name: '排污许可证',
    type: 'general',
    content: '按排污许可证载明的污染物种类、浓度和排放量排放污染物',
    basis: '《排污许可管理条例》第十四条',
    years: 5,
    number: 'discharge',
    city: true,
  },
  construction: {
    kind: 'housing-construction',
    name: '建筑业企业资质证书',
    type: 'certification',
    content: '建筑工程施工总承包三级；市政公用工程施工总承包三级',
    basis: '《中华人民共和国建筑法》第十三条',
    years: 5,
    number: 'construction',
  },
  realEstate: {
    kind: 'housing-construction',
    name: '房地产开发企业资质证书',
    type: 'certification',
    content: '房地产开发二级资质',
    basis: '《城市房地产开发经营管理条例》第九条',
    years: 3,
    number: 'realestate',
  },
  hazchem: {
    kind: 'emergency-management',
    name: '危险化学品经营许可证',
    type: 'special',
    content: '危险化学品经营（不带储存设施）',
    basis: '《危险化学品安全管理条例》第三十三条',
    years: 3,
    number: 'hazchem',
    city: true,
  },
  customs: {
    kind: 'customs',
    name: '海关进出口货物收发货人备案回执',
    type: 'registration',
    content: '进出口货物收发货人备案',
    basis: '《中华人民共和国海关报关单位备案管理规定》第三条',
    years: 6,
    number: 'customs',
  },
  medical: {
    kind: 'administrative-body',
    role: 'health',
    name: '医疗机构执业许可证',
    type: 'general',
    content: '内科；外科；妇产科；儿科；医学检验科；医学影像科',
    basis: '《医疗机构管理条例》第十五条',
    years: 5,
    number: 'medical',
  },
  school: {
    kind: 'administrative-body',
    role: 'education',
    name: '民办学校办学许可证',
    type: 'approval',
    content: '非学历文化教育培训',
    basis: '《中华人民共和国民办教育促进法》第十八条',
    years: 5,
    number: 'school',
  },
  elderly: {
    kind: 'civil-affairs',
    name: '养老机构备案回执',
    type: 'registration',
    content: '养老机构备案',
    basis: '《养老机构管理办法》第九条',
    years: 5,
    number: 'elderly',
  },
};

export interface HonourTemplate {
  kind: string;
  role?: AdministrativeRole;
  title: string;
  levels: readonly ('national' | 'provincial' | 'municipal' | 'county')[];
  for: 'business' | 'social' | 'public' | 'any';
  basis: string;
}

export const HONOURS: readonly HonourTemplate[] = [
  {
    kind: 'administrative-body',
    role: 'economy',
    title: '专精特新中小企业',
    levels: ['provincial', 'municipal'],
    for: 'business',
    basis: '《优质中小企业梯度培育管理暂行办法》第十条',
  },
  {
    kind: 'human-resources',
    title: '和谐劳动关系先进企业',
    levels: ['provincial', 'municipal', 'county'],
    for: 'business',
    basis: '《关于构建和谐劳动关系的意见》',
  },
  { kind: 'tax', title: '纳税贡献百强企业', levels: ['municipal', 'county'], for: 'business', basis: '《评比达标表彰活动管理办法》' },
  { kind: 'development-reform', title: '诚信建设示范企业', levels: ['provincial', 'municipal'], for: 'business', basis: '《评比达标表彰活动管理办法》' },
  {
    kind: 'market-regulation',
    title: '放心消费示范单位',
    levels: ['provincial', 'municipal', 'county'],
    for: 'business',
    basis: '《评比达标表彰活动管理办法》',
  },
  { kind: 'market-regulation', title: '标准化良好行为企业', levels: ['provincial', 'municipal'], for: 'business', basis: '《评比达标表彰活动管理办法》' },
  { kind: 'civil-affairs', title: '5A级社会组织', levels: ['provincial', 'municipal'], for: 'social', basis: '《社会组织评估管理办法》第二十四条' },
  { kind: 'civil-affairs', title: '先进社会组织', levels: ['national', 'provincial', 'municipal'], for: 'social', basis: '《评比达标表彰活动管理办法》' },
  { kind: 'administrative-body', role: 'education', title: '文明单位', levels: ['provincial', 'municipal'], for: 'public', basis: '《全国文明单位测评体系》' },
  { kind: 'human-resources', title: '先进集体', levels: ['national', 'provincial', 'municipal'], for: 'any', basis: '《评比达标表彰活动管理办法》' },
];

export const CONTRACT_NAMES: readonly string[] = [
  '货物买卖合同',
  '建设工程施工合同',
  '房屋租赁合同',
  '借款合同',
  '技术服务合同',
  '委托加工合同',
  '物流运输合同',
  '设备采购合同',
  '软件开发合同',
  '广告发布合同',
  '装饰装修工程合同',
  '原材料供应合同',
];

export const GOVERNMENT_CONTRACTS: readonly string[] = [
  '道路改造工程施工合同',
  '办公楼装修工程合同',
  '政务信息系统建设项目合同',
  '校舍维修工程合同',
  '环卫保洁服务采购合同',
  '招商引资协议约定的产业扶持资金',
  '安置房建设工程合同',
  '污水管网改造工程合同',
  '物业管理服务合同',
  '设备采购合同',
  '公园景观提升工程合同',
  '智慧城市建设项目合同',
];

export const OBLIGATIONS: readonly string[] = [
  '支付货款及逾期付款利息',
  '偿还借款本金及利息',
  '支付工程款及违约金',
  '支付租金及违约金',
  '返还预付款',
  '支付劳动报酬',
  '赔偿经济损失',
  '支付服务费及利息',
];

export const PROCUREMENT_VIOLATIONS: readonly string[] = [
  '提供虚假材料谋取中标',
  '与其他供应商恶意串通投标',
  '在政府采购活动中向采购人行贿',
  '中标后无正当理由拒不与采购人签订政府采购合同',
];

export const SAFETY_VIOLATIONS: readonly string[] = [
  '发生一般生产安全事故，对事故负有责任',
  '未依法取得安全生产许可证擅自从事生产活动',
  '拒不执行安全监管监察指令，重大事故隐患不整改',
];

export const COMMITMENTS: Record<'licence-application' | 'credit-repair' | 'self-declared' | 'industry-self-discipline', string> = {
  'licence-application': '本单位承诺所提交的申请材料真实有效，已具备许可条件，并在取得许可后持续符合许可条件；如有不实，愿意承担相应法律责任',
  'credit-repair': '本单位已纠正失信行为、履行行政处罚决定规定的义务，承诺今后依法诚信经营，如有虚假，愿意承担相应法律责任',
  'self-declared': '本单位承诺依法依规经营，严格履行合同义务，自觉接受社会监督',
  'industry-self-discipline': '本单位承诺遵守行业自律公约，公平竞争，不以虚假宣传等不正当手段开展经营',
};
