// Small builders of valid record submissions for tests.
export const ORG_A = '91330100716105852F';
export const ORG_B = '914403001922038216';
export const ORG_C = '91440300708461136T';
export const PERSON = '11010519491231002X';

export function penalty(
  n: number,
  overrides: { code?: string; date?: string; fields?: Record<string, unknown>; severity?: 'general' | 'serious' | 'minor' } = {},
) {
  const severity = overrides.severity ?? 'general';
  return {
    item: `administrative-penalty-${severity}`,
    subject: { code: overrides.code ?? ORG_A, name: '杭州示例科技有限公司' },
    decision: {
      number: `杭市监罚〔2026〕${n}号`,
      date: overrides.date ?? '2026-06-01',
      authority: '杭州市市场监督管理局',
      basis: '《中华人民共和国反不正当竞争法》第二十条',
    },
    fields: {
      penaltyTypes: severity === 'minor' ? ['warning'] : ['fine'],
      violatedProvision: '《中华人民共和国反不正当竞争法》第八条',
      facts: '发布虚假广告',
      fineAmount: 50000,
      ...overrides.fields,
    },
  };
}

/** A registration filing naming the subject `name`; with `n`, a decision document of its own (a later registration, a rename). */
export function registration(code = ORG_A, name = '杭州示例科技有限公司', n?: number) {
  return {
    item: 'registration-basics',
    subject: { code, name },
    decision: {
      number: n === undefined ? `登记-${code}` : `登记-${code}-${n}`,
      date: '2015-03-02',
      authority: '杭州市市场监督管理局',
      basis: '《中华人民共和国市场主体登记管理条例》第八条',
    },
    fields: {
      legalForm: '有限责任公司',
      legalRepresentative: '王五',
      legalRepresentativeId: '440524188001010014',
      registeredCapital: 1000000,
      establishedOn: '2015-03-02',
      address: '浙江省杭州市西湖区文三路1号',
      status: 'in-business',
    },
  };
}

/** A court's decision listing a company as a dishonest judgment defaulter, as the court files it. */
export function judgment(n: number, code: string, date: string) {
  return {
    item: 'judgment-defaulter',
    subject: { code, name: '深圳示例贸易有限公司' },
    decision: {
      number: `(2026)浙0106执${n}号之一`,
      date,
      authority: '杭州市西湖区人民法院',
      basis: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条',
    },
    fields: {
      caseNumber: `(2026)浙0106执${n}号`,
      executionBasis: '(2025)浙0106民初88号',
      basisIssuer: '杭州市西湖区人民法院',
      obligation: '支付货款人民币十万元',
      performance: 'not-performed',
      circumstances: ['able-but-refuses'],
      until: '2028-11-01',
    },
  };
}

/** A listing on the abnormal operations list (an annual report not filed), decision number n. */
export function abnormal(code: string, n: number) {
  return {
    item: 'abnormal-operations',
    subject: { code, name: `示例企业${n}` },
    decision: { number: `杭市监异〔2026〕${n}号`, date: '2026-11-18', authority: '杭州市市场监督管理局', basis: '《企业信息公示暂行条例》第十七条' },
    fields: { reason: 'annual-report-not-filed' },
  };
}
