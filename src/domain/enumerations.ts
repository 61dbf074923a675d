// The fixed enumerations the law allows. Policy packs choose among these values but cannot add
// to them: a catalogue category is always a type of legally effective decision, so speech,
// opinions, religion, ethnicity, political activity, biometrics or location cannot be expressed.
import { USCC_AUTHORITIES } from './ids/uscc.ts';

/** Record categories: kinds of legally effective decisions and filings, nothing else. */
export const RECORD_CATEGORIES = [
  'registration', // 登记注册基本信息
  'administrative-licence', // 行政许可
  'administrative-penalty', // 行政处罚
  'administrative-enforcement', // 行政强制
  'administrative-inspection', // 行政检查结果
  'administrative-confirmation', // 行政确认（评级、认证）
  'judicial', // 司法裁判与执行
  'tax', // 纳税信用与税收违法
  'honour', // 表彰奖励
  'contract-performance', // 合同履行
  'market-supervision-listing', // 经营异常名录、严重违法失信名单
  'annual-report', // 年度报告公示
  'credit-commitment', // 信用承诺及履行
] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

/** Kinds of subject a record can concern. Natural persons only through decisions that name them. */
export const SUBJECT_KINDS = [
  'enterprise',
  'individual-business',
  'farmers-cooperative',
  'social-organisation',
  'public-institution',
  'government-body',
  'mass-organisation',
  'other-organisation',
  'natural-person',
] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const DISCLOSURE_LEVELS = ['public', 'shared', 'restricted'] as const;
/** public: on the portal while in publicity; shared: between agencies; restricted: the supplier, the subject and auditors. */
export type DisclosureLevel = (typeof DISCLOSURE_LEVELS)[number];

/** Whether a record weighs against its subject, for it, or neither (registration facts). */
export const POLARITIES = ['negative', 'positive', 'neutral'] as const;
export type Polarity = (typeof POLARITIES)[number];

/** Kinds of list: seriously untrustworthy lists, watch lists (e.g. abnormal operations), redlists. */
export const LIST_TYPES = ['serious', 'watch', 'redlist'] as const;
export type ListType = (typeof LIST_TYPES)[number];

/** The only four areas in which a seriously untrustworthy list may exist (Guobanfa [2020] No. 49). */
export const SERIOUS_LIST_AREAS = ['health-and-safety', 'fair-competition-and-social-order', 'refusing-legal-obligations', 'national-defence'] as const;
export type SeriousListArea = (typeof SERIOUS_LIST_AREAS)[number];

/** Why a list entry ends. */
export const REMOVAL_REASONS = [
  'expiry',
  'repair',
  'performance',
  'settlement',
  'court-decision',
  'objection-upheld',
  'decision-revoked',
  'corrected',
  'downgraded',
] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/** What a measure does; the order is the priority by which conflicts resolve (strongest first). */
export const MEASURE_EFFECTS = ['prohibit', 'restrict', 'enhanced-scrutiny', 'priority', 'simplified-procedure'] as const;
export type MeasureEffect = (typeof MEASURE_EFFECTS)[number];
export const RESTRICTION_EFFECTS: readonly MeasureEffect[] = ['prohibit', 'restrict', 'enhanced-scrutiny'];
export const REWARD_EFFECTS: readonly MeasureEffect[] = ['priority', 'simplified-procedure'];

export const MEASURE_KINDS = ['restriction', 'reward'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** Roles in which a natural person is named by a record about an organisation. */
export const PERSON_ROLES = ['legal-representative', 'principal', 'actual-controller', 'restricted-person', 'responsible-person'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** The subject kind an organisation's code declares through its authority and category characters. */
export function subjectKindOfUscc(authority: string, category: string): SubjectKind {
  const name = USCC_AUTHORITIES[authority]?.categories[category];
  switch (name) {
    case 'enterprise':
      return 'enterprise';
    case 'individual-business':
      return 'individual-business';
    case 'farmers-cooperative':
      return 'farmers-cooperative';
    case 'state-organ':
      return 'government-body';
    case 'public-institution':
      return 'public-institution';
    case 'mass-organisation':
      return 'mass-organisation';
    case 'social-group':
    case 'private-non-enterprise-unit':
    case 'foundation':
      return 'social-organisation';
    default:
      return 'other-organisation';
  }
}
