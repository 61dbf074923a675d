// A person's credit score as the report shows it, in Chinese or English: the score, its band, the
// scorecard version and the day it took effect, the reasons with what would change them, and the
// points of every attribute; or, unscored, why. The portal's HTML fragment and the signed
// document's layout draw the same rows. An organisation's report has no score and no section.
import type { Lang } from '../../http/i18n.ts';
import type { NoScore, NoScoreReason, PersonalScore } from '../../domain/credit-reporting/personal-score.ts';

export const SCORE_LABELS = {
  heading: { zh: '个人信用评分', en: 'Personal credit score' },
  score: { zh: '评分', en: 'Score' },
  band: { zh: '等级', en: 'Band' },
  range: { zh: '分值范围', en: 'Range' },
  model: { zh: '评分模型版本', en: 'Scorecard version' },
  effectiveFrom: { zh: '模型生效日期', en: 'In force from' },
  asOf: { zh: '评分日期', en: 'Scored as of' },
  reasons: { zh: '影响评分的主要原因', en: 'Main reasons the score is not higher' },
  reasonCode: { zh: '原因代码', en: 'Reason code' },
  reason: { zh: '原因', en: 'Reason' },
  lost: { zh: '失分', en: 'Points lost' },
  change: { zh: '如何改变', en: 'What would change it' },
  attributes: { zh: '各项得分', en: 'Points per attribute' },
  attribute: { zh: '项目', en: 'Attribute' },
  value: { zh: '取值', en: 'Value' },
  points: { zh: '得分', en: 'Points' },
  best: { zh: '最高分', en: 'Best' },
  otherLost: { zh: '其他项目失分', en: 'Points lost by other attributes' },
  noReasons: { zh: '各项均为最高分。', en: 'Every attribute has its best points.' },
  note: {
    zh: '评分依据公开的评分卡，仅读取本报告所示的信贷信息（不读取公共信息），详见评分说明。',
    en: 'The score applies the published scorecard to the financial information this report shows (no public record); every point is listed below.',
  },
} as const;

export const NOT_SCORED: Readonly<Record<NoScoreReason, { zh: string; en: string }>> = {
  'no-accounts': { zh: '未评分：截至报告日期无信贷账户。', en: 'Not scored: no credit account was opened by the report date.' },
  'no-scorecard': { zh: '未评分：报告日期尚无生效的评分模型。', en: 'Not scored: no scorecard was in force on the report date.' },
  'not-a-person': { zh: '企业不评分。', en: 'Enterprises are not scored.' },
};

export interface ScoreRows {
  pairs: Array<[string, string]>;
  reasons: { head: string[]; rows: string[][] };
  attributes: { head: string[]; rows: string[][] };
}

const valueText = (v: number | string | null, attribute: string): string =>
  v === null ? '—' : attribute === 'revolving-utilisation' && typeof v === 'number' ? `${Math.round(v * 1000) / 10}%` : String(v);

/** The rows of a scored person's section, or the sentence saying why there is no score. */
export function scoreRows(s: PersonalScore | NoScore, lang: Lang): ScoreRows | string {
  if (!s.scored) return NOT_SCORED[s.reason][lang];
  const L = SCORE_LABELS;
  return {
    pairs: [
      [L.score[lang], String(s.score)],
      [L.band[lang], `${s.band.band} ${s.band.label[lang]}`],
      [L.range[lang], `${s.range.min}–${s.range.max}`],
      [L.model[lang], s.model],
      [L.effectiveFrom[lang], s.effectiveFrom],
      [L.asOf[lang], s.asOf],
      [L.otherLost[lang], String(s.otherLost)],
    ],
    reasons: {
      head: [L.reasonCode[lang], L.reason[lang], L.lost[lang], L.change[lang]],
      rows: s.reasons.map((r) => [r.code, r.text[lang], String(r.lost), r.change[lang]]),
    },
    attributes: {
      head: [L.attribute[lang], L.value[lang], L.points[lang], L.best[lang]],
      rows: s.attributes.map((a) => [a.name[lang], valueText(a.value, a.attribute), String(a.points), String(a.best)]),
    },
  };
}
