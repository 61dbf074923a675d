// Records of the registers: the registration of an organisation (market regulation, civil
// affairs or the establishment office), its annual reports, and the list of abnormal operations
// for reports not filed or subjects not found at their address.
import * as D from '../days.ts';
import type { Authority } from '../agencies.ts';
import type { Organisation } from '../subjects.ts';
import type { FieldValue, GeneratedRecord, RecordContext, SubjectRef } from './context.ts';
import { pad } from './numbering.ts';

/** The registration of an organisation by its registrar, dated the day it was established. */
export function registration(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[]): void {
  const year = D.yearOf(o.established);
  const a = ctx.authority(o.registrar, o.place);
  // Registration numbers carry the subject's index: unique without a counter per office and year.
  const serial = pad(o.index + 1, 6);
  let number: string;
  let basis: string;
  if (o.registrar === 'market-regulation') {
    number = `${a.abbr}登字〔${year}〕第${serial}号`;
    basis =
      o.kind === 'individual-business'
        ? '《促进个体工商户发展条例》第十条'
        : o.kind === 'farmers-cooperative'
          ? '《中华人民共和国农民专业合作社法》第十六条'
          : '《中华人民共和国市场主体登记管理条例》第八条';
    if (o.established < D.dayOf(2022, 3, 1)) basis = o.kind === 'enterprise' ? '《中华人民共和国公司登记管理条例》第三条' : basis;
  } else if (o.registrar === 'civil-affairs') {
    number = `${a.abbr}社登〔${year}〕第${serial}号`;
    basis =
      o.legalForm === '基金会'
        ? '《基金会管理条例》第十一条'
        : o.legalForm === '民办非企业单位'
          ? '《民办非企业单位登记管理暂行条例》第十二条'
          : o.legalForm === '社会团体'
            ? '《社会团体登记管理条例》第十二条'
            : '《法人和其他组织统一社会信用代码制度建设总体方案》';
  } else {
    number = `${a.abbr}赋码〔${year}〕第${serial}号`;
    basis = o.kind === 'public-institution' ? '《事业单位登记管理暂行条例》第六条' : '《法人和其他组织统一社会信用代码制度建设总体方案》';
  }
  const fields: Record<string, FieldValue> = {
    legalForm: o.legalForm,
    legalRepresentative: o.rep.name,
    legalRepresentativeId: o.rep.id,
  };
  if (o.capital > 0) fields.registeredCapital = o.capital;
  fields.establishedOn = D.iso(o.established);
  fields.address = o.address;
  fields.businessScope = o.scope;
  fields.industry = o.industryCategory;
  fields.status = o.status;
  if (o.parentCode) fields.parentCode = o.parentCode;
  ctx.emit(out, o.registrar, o.place, 'registration-basics', ref, number, o.established, a.name, basis, fields);
}

/** Annual reports of the last three years, on time or late; a report not filed by the deadline lists the subject as abnormal until it is filed. */
export function annualReports(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[]): void {
  const r = ctx.r;
  const ty = D.yearOf(ctx.today);
  const ey = D.yearOf(o.established);
  const a = ctx.authority('market-regulation', o.place);
  const basis =
    o.kind === 'individual-business'
      ? '《个体工商户年度报告暂行办法》第三条'
      : o.kind === 'farmers-cooperative'
        ? '《农民专业合作社年度报告公示暂行办法》第三条'
        : '《企业信息公示暂行条例》第八条';
  const risk = 2 * (1 - o.quality);
  for (let y = Math.max(ey, ty - 3, 2013); y <= ty - 1; y++) {
    const open = D.dayOf(y + 1, 1, 1);
    const deadline = D.dayOf(y + 1, 6, 30);
    if (o.end < open || open > ctx.today) continue;
    const miss = (o.kind === 'individual-business' ? 0.06 : 0.03) * (0.5 + risk);
    const u = r.float();
    if (u < miss + 0.03) {
      // Not filed by the deadline: listed as abnormal, and removed once filed late.
      const listed = deadline + r.int(1, 50);
      if (listed > ctx.today || listed > o.end) continue;
      const filed = u >= miss ? listed + r.int(5, 200) : Number.MAX_SAFE_INTEGER;
      const filedNow = filed <= ctx.today;
      if (filedNow) annualReport(ctx, o, ref, out, a, basis, y, filed, 'late');
      const removed = filedNow ? Math.min(ctx.today, filed + r.int(1, 10)) : 0;
      abnormal(ctx, o, ref, out, listed, 'annual-report-not-filed', removed, filedNow ? '补报未报年份的年度报告并公示' : '');
    } else {
      const filed = ctx.dayIn(open, deadline);
      if (filed <= ctx.today && filed <= o.end) annualReport(ctx, o, ref, out, a, basis, y, filed, 'on-time');
    }
  }
}

/** One annual report with its figures. */
function annualReport(
  ctx: RecordContext,
  o: Organisation,
  ref: SubjectRef,
  out: GeneratedRecord[],
  a: Authority,
  basis: string,
  year: number,
  filed: number,
  timeliness: 'on-time' | 'late',
): void {
  const r = ctx.r;
  const employees = Math.max(0, Math.round(o.employees * (0.8 + 0.4 * r.float())));
  const revenue = Math.round(employees * (50_000 + r.float() * 400_000) * (r.chance(0.08) ? 0 : 1));
  const fields: Record<string, FieldValue> = {
    reportYear: year,
    filedOn: D.iso(filed),
    timeliness,
    employees,
    revenue,
    taxPaid: Math.round(revenue * (0.01 + r.float() * 0.05)),
  };
  ctx.emit(out, 'market-regulation', o.place, 'annual-report', ref, `${o.code}-${year}年度报告`, filed, a.name, basis, fields);
}

/** A listing in the abnormal operations list, with its removal if `removed` comes after the listing. */
export function abnormal(
  ctx: RecordContext,
  o: Organisation,
  ref: SubjectRef,
  out: GeneratedRecord[],
  day: number,
  reason: string,
  removed: number,
  removalReason: string,
): void {
  const a = ctx.authority('market-regulation', o.place);
  const fields: Record<string, FieldValue> = { reason };
  if (removed > day) {
    fields.removedOn = D.iso(removed);
    fields.removalReason = removalReason;
  }
  const basis =
    o.kind === 'individual-business'
      ? '《个体工商户年度报告暂行办法》第十三条'
      : reason === 'annual-report-not-filed'
        ? '《企业经营异常名录管理暂行办法》第四条第一项'
        : reason === 'unreachable-at-registered-address'
          ? '《企业经营异常名录管理暂行办法》第四条第四项'
          : '《企业信息公示暂行条例》第十七条第一款';
  ctx.emit(out, 'market-regulation', o.place, 'abnormal-operations', ref, ctx.num.doc(a, '异', D.yearOf(day)), day, a.name, basis, fields);
}
