// The serious dishonesty lists outside the courts: major tax violations, serious violations in
// government procurement, wage arrears and serious safety-production violations.
import { WeightedTable } from '../random.ts';
import * as D from '../days.ts';
import type { NaturalPerson, Organisation } from '../subjects.ts';
import { PROCUREMENT_VIOLATIONS, SAFETY_VIOLATIONS, TAX_VIOLATIONS, type TaxViolationTemplate } from '../templates.ts';
import type { FieldValue, GeneratedRecord, RecordContext, SubjectRef } from './context.ts';

/** Major tax violations, picked by weight. */
const TAX_VIOLATION_TABLE = new WeightedTable<TaxViolationTemplate>(TAX_VIOLATIONS.map((t) => [t, t.weight] as const));

/** A major tax violation, decided by the city's tax inspection bureau; returns its day. */
export function majorTaxViolation(
  ctx: RecordContext,
  s: Organisation | NaturalPerson,
  ref: SubjectRef,
  out: GeneratedRecord[],
  from: number,
  to: number,
): number {
  const r = ctx.r;
  const day = ctx.dayIn(from, to);
  const { type: violationType, facts, article } = TAX_VIOLATION_TABLE.pick(r);
  const a = ctx.taxInspection(s.place);
  const fields: Record<string, FieldValue> = {
    violationType,
    facts,
    amount: r.int(100, 20_000) * 1000,
  };
  if (s.kind !== 'natural-person') {
    fields.responsiblePerson = s.rep.name;
    if (r.chance(0.8)) fields.responsiblePersonId = s.rep.id;
  }
  fields.until = D.iso(D.addYears(day, 3));
  ctx.emit(
    out,
    'tax',
    s.place,
    'major-tax-violation',
    ref,
    ctx.num.doc(a, '罚', D.yearOf(day)),
    day,
    a.name,
    `《重大税收违法失信主体信息公布管理办法》${article}`,
    fields,
  );
  return day;
}

/** A serious violation in government procurement, barring the subject from procurement for one to three years. */
export function procurement(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  const day = ctx.dayIn(from, to);
  const years = r.int(1, 3);
  const a = ctx.authority('finance', o.place, r.chance(0.8) ? 'city' : 'province');
  const violation = r.pick(PROCUREMENT_VIOLATIONS);
  const article = violation.includes('虚假') ? '第一项' : violation.includes('串通') ? '第三项' : violation.includes('行贿') ? '第四项' : '第五项';
  ctx.emit(
    out,
    'finance',
    o.place,
    'procurement-serious-violation',
    ctx.spelling(o, ref, 'finance'),
    ctx.num.doc(a, '采罚', D.yearOf(day)),
    day,
    a.name,
    `《中华人民共和国政府采购法》第七十七条第一款${article}`,
    {
      violation,
      penalty: `处以采购金额千分之五的罚款，列入不良行为记录名单，在${['一', '二', '三'][years - 1]}年内禁止参加政府采购活动`,
      until: D.iso(D.addYears(day, years)),
    },
  );
}

/** A listing for wage arrears. */
export function wageArrears(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  const day = ctx.dayIn(from, to);
  const a = ctx.authority('human-resources', o.place);
  ctx.emit(
    out,
    'human-resources',
    o.place,
    'wage-arrears-list',
    ctx.spelling(o, ref, 'human-resources'),
    ctx.num.doc(a, '欠薪', D.yearOf(day)),
    day,
    a.name,
    '《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条',
    {
      amountOwed: r.int(50, 5000) * 1000,
      workersAffected: r.int(5, 300),
      responsiblePerson: o.rep.name,
      until: D.iso(D.addYears(day, 3)),
    },
  );
}

/** A listing for a serious safety-production violation. */
export function safetySerious(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  const day = ctx.dayIn(from, to);
  const a = ctx.authority('emergency-management', o.place, 'city');
  ctx.emit(
    out,
    'emergency-management',
    o.place,
    'safety-production-serious',
    ctx.spelling(o, ref, 'emergency-management'),
    ctx.num.doc(a, '严失', D.yearOf(day)),
    day,
    a.name,
    '《安全生产严重失信主体名单管理办法》第六条',
    {
      violation: r.pick(SAFETY_VIOLATIONS),
      until: D.iso(D.addYears(day, r.chance(0.3) ? 1 : 3)),
    },
  );
}
