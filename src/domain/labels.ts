// Chinese and English labels of the fixed enumerations (subject kinds, record categories, list
// types and states, removal reasons...), shared by the portal and the credit report. A value
// without a label is shown as itself.
export type Lang = 'zh' | 'en';

export const ENUM_LABELS: Record<string, Record<string, { zh: string; en: string }>> = {
  kind: {
    enterprise: { zh: '企业', en: 'enterprise' },
    'individual-business': { zh: '个体工商户', en: 'individual business' },
    'farmers-cooperative': { zh: '农民专业合作社', en: "farmers' cooperative" },
    'social-organisation': { zh: '社会组织', en: 'social organisation' },
    'public-institution': { zh: '事业单位', en: 'public institution' },
    'government-body': { zh: '机关', en: 'government body' },
    'mass-organisation': { zh: '群团组织', en: 'mass organisation' },
    'other-organisation': { zh: '其他组织', en: 'other organisation' },
    'natural-person': { zh: '自然人', en: 'natural person' },
  },
  category: {
    registration: { zh: '登记注册基本信息', en: 'registration' },
    'administrative-licence': { zh: '行政许可', en: 'administrative licence' },
    'administrative-penalty': { zh: '行政处罚', en: 'administrative penalty' },
    'administrative-enforcement': { zh: '行政强制', en: 'administrative enforcement' },
    'administrative-inspection': { zh: '行政检查结果', en: 'administrative inspection' },
    'administrative-confirmation': { zh: '行政确认', en: 'administrative confirmation' },
    judicial: { zh: '司法裁判与执行', en: 'judicial' },
    tax: { zh: '纳税信用与税收违法', en: 'tax' },
    honour: { zh: '表彰奖励', en: 'honour' },
    'contract-performance': { zh: '合同履行', en: 'contract performance' },
    'market-supervision-listing': { zh: '市场监管名录', en: 'market supervision listing' },
    'annual-report': { zh: '年度报告公示', en: 'annual report' },
    'credit-commitment': { zh: '信用承诺及履行', en: 'credit commitment' },
  },
  polarity: {
    negative: { zh: '失信（负面）信息', en: 'negative' },
    positive: { zh: '守信（正面）信息', en: 'positive' },
    neutral: { zh: '基础信息', en: 'neutral' },
  },
  disclosure: {
    public: { zh: '公开', en: 'public' },
    shared: { zh: '共享', en: 'shared' },
    restricted: { zh: '受限', en: 'restricted' },
  },
  listType: {
    serious: { zh: '严重失信主体名单', en: 'seriously untrustworthy list' },
    watch: { zh: '重点关注名单', en: 'watch list' },
    redlist: { zh: '守信激励名单', en: 'redlist' },
  },
  area: {
    'health-and-safety': { zh: '危害人民群众身体健康和生命安全', en: 'health and safety' },
    'fair-competition-and-social-order': { zh: '严重破坏市场公平竞争秩序和社会正常秩序', en: 'fair competition and social order' },
    'refusing-legal-obligations': { zh: '拒不履行法定义务', en: 'refusing legal obligations' },
    'national-defence': { zh: '拒不履行国防义务', en: 'national defence' },
  },
  state: {
    proposed: { zh: '拟列入', en: 'proposed' },
    notified: { zh: '已告知', en: 'notified' },
    'statement-received': { zh: '已陈述申辩', en: 'statement received' },
    'in-force': { zh: '列入中', en: 'in force' },
    dropped: { zh: '未列入', en: 'dropped' },
    removed: { zh: '已移出', en: 'removed' },
  },
  objectionState: {
    open: { zh: '待处理', en: 'open' },
    maintained: { zh: '维持原记录', en: 'record maintained' },
    corrected: { zh: '已更正', en: 'corrected' },
    withdrawn: { zh: '已撤销', en: 'withdrawn' },
  },
  repairState: {
    pending: { zh: '待审核', en: 'pending' },
    approved: { zh: '已修复', en: 'approved' },
    refused: { zh: '不予修复', en: 'refused' },
  },
  targetType: {
    record: { zh: '信用记录', en: 'record' },
    'list-entry': { zh: '名单列入', en: 'list entry' },
  },
  status: {
    active: { zh: '有效', en: 'active' },
    withdrawn: { zh: '已撤回', en: 'withdrawn' },
  },
  reason: {
    expiry: { zh: '期满', en: 'expiry' },
    repair: { zh: '信用修复', en: 'repair' },
    performance: { zh: '履行完毕', en: 'performance' },
    settlement: { zh: '达成和解', en: 'settlement' },
    'court-decision': { zh: '法院决定', en: 'court decision' },
    'objection-upheld': { zh: '异议成立', en: 'objection upheld' },
    'decision-revoked': { zh: '决定被撤销', en: 'decision revoked' },
    corrected: { zh: '已更正', en: 'corrected' },
    downgraded: { zh: '降级', en: 'downgraded' },
  },
  effect: {
    prohibit: { zh: '禁止', en: 'prohibit' },
    restrict: { zh: '限制', en: 'restrict' },
    'enhanced-scrutiny': { zh: '重点监管', en: 'enhanced scrutiny' },
    priority: { zh: '优先办理', en: 'priority' },
    'simplified-procedure': { zh: '简化程序', en: 'simplified procedure' },
  },
  /** A credit check's outcome: the strongest effect that applies, or none. */
  outcome: {
    none: { zh: '无适用措施', en: 'no measure' },
    prohibit: { zh: '禁止', en: 'prohibit' },
    restrict: { zh: '限制', en: 'restrict' },
    'enhanced-scrutiny': { zh: '重点监管', en: 'enhanced scrutiny' },
    priority: { zh: '优先办理', en: 'priority' },
    'simplified-procedure': { zh: '简化程序', en: 'simplified procedure' },
  },
  /** Why repair cannot be applied for now (what the own page says beside the repair form). */
  repairRefusal: {
    'too-early': { zh: '最短公示期尚未届满，期满后方可申请信用修复', en: 'the minimum publicity period has not passed yet' },
    'already-pending': { zh: '已有信用修复申请正在办理', en: 'an application for repair is already pending' },
    'not-repairable': { zh: '该信息不适用信用修复：公示期满自动停止公示，或由决定机关移出', en: 'it cannot be repaired: its publicity ends by itself or by the deciding authority' },
    'nothing-to-repair': { zh: '该信息已不再公示或列入', en: 'it is no longer public or listed' },
  },
  /** Why a report did not verify. */
  verification: {
    'unknown-code': { zh: '没有以此核验码出具的报告', en: 'unknown code' },
    'bad-signature': { zh: '签名无效', en: 'bad signature' },
    tampered: { zh: '报告内容与签名不符', en: 'tampered' },
    'bad-proof': { zh: '报告所引账本检查点或记录存在证明未通过核验', en: "its ledger checkpoint or a record's inclusion proof does not verify" },
    unproven: { zh: '报告未附账本检查点，或有记录未附存在证明', en: 'it cites no ledger checkpoint, or a record it shows carries no proof' },
    'record-mismatch': { zh: '报告所示记录内容与账本中的事件不一致', en: 'a record it shows differs from its event in the ledger' },
  },
  /** What an entry of the access log says was done. */
  accessAction: {
    'viewed the public profile': { zh: '查看公开信用信息', en: 'viewed the public profile' },
    'viewed on a public list': { zh: '在公开名单中查看', en: 'viewed on a public list' },
    'viewed a list entry': { zh: '查看名单列入信息', en: 'viewed a list entry' },
    'read a list entry in full': { zh: '查阅名单列入的全部信息', en: 'read a list entry in full' },
    'read a record in full': { zh: '查阅信用记录的全部信息', en: 'read a record in full' },
    'read the full record': { zh: '查阅全部信用信息', en: 'read the full record' },
    'read the evaluations in full': { zh: '查阅完整信用评价', en: 'read the evaluations in full' },
    'read the evaluation history': { zh: '查阅信用评价变化记录', en: 'read the evaluation history' },
    'report.issued': { zh: '出具信用报告', en: 'issued a credit report' },
  },
  /** Who acted: the kind of actor before the colon of an access-log or check-log entry. */
  actorType: {
    public: { zh: '公众', en: 'the public' },
    subject: { zh: '主体账户', en: 'subject account' },
    agency: { zh: '部门', en: 'agency' },
    administrator: { zh: '管理员', en: 'administrator' },
    auditor: { zh: '审计员', en: 'auditor' },
    system: { zh: '平台', en: 'the platform' },
  },
};

/** The label of an enumeration value, or the value itself when it has none. */
export function enumLabel(kind: keyof typeof ENUM_LABELS | string, value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  return ENUM_LABELS[kind]?.[value]?.[lang] ?? value;
}
