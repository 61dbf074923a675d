// Grades and ratings agencies publish each year: tax credit grades (with the A-grade taxpayer
// list), environmental credit ratings of polluting enterprises, and customs credit status.
import { hash32 } from '../random.ts';
import * as D from '../days.ts';
import type { Organisation } from '../subjects.ts';
import type { FieldValue, GeneratedRecord, RecordContext, SubjectRef } from './context.ts';

/** Tax credit grades of the last two years (D from the year of a major tax violation on), with an A-grade taxpayer record for each A. */
export function taxGrades(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], violationYear: number): void {
  const r = ctx.r;
  const rate = o.kind === 'enterprise' ? 0.92 : o.kind === 'farmers-cooperative' ? 0.4 : o.kind === 'individual-business' ? 0.04 : 0.08;
  if (!r.chance(rate)) return;
  const ty = D.yearOf(ctx.today);
  const a = ctx.authority('tax', o.place, 'province');
  const spelled = ctx.spelling(o, ref, 'tax');
  for (let y = Math.max(ty - 2, 2014); y <= ty - 1; y++) {
    const published = D.dayOf(y + 1, 4, r.int(1, 28));
    if (published > ctx.today || published > o.end || o.established > D.dayOf(y, 12, 31)) continue;
    const q = Math.min(0.999, Math.max(0, o.quality + (r.float() - 0.5) * 0.15));
    let grade: string;
    let score: number;
    if (y >= violationYear) {
      grade = 'D';
      score = 0;
    } else if (o.established >= D.dayOf(y, 1, 1)) {
      grade = 'M';
      score = r.int(70, 85);
    } else if (q > 0.5) {
      grade = 'A';
      score = r.int(90, 100);
    } else if (q > 0.2) {
      grade = 'B';
      score = r.int(70, 89);
    } else if (q > 0.1) {
      grade = 'M';
      score = r.int(70, 85);
    } else if (q > 0.03) {
      grade = 'C';
      score = r.int(40, 69);
    } else {
      grade = 'D';
      score = r.int(10, 39);
    }
    const validUntil = D.iso(D.dayOf(y + 2, 3, 31));
    const number = `${o.place.province.abbr}税公告〔${y + 1}〕${1 + (hash32(Number(o.place.code.slice(0, 2)), y) % 12)}号`;
    const basis = published >= D.dayOf(2025, 7, 1) ? '《纳税缴费信用管理办法》' : '《纳税信用管理办法（试行）》（国家税务总局公告2014年第40号）';
    ctx.emit(out, 'tax', o.place, 'tax-credit-grade', spelled, number, published, a.name, basis, { evaluationYear: y, grade, score, validUntil });
    if (grade === 'A') ctx.emit(out, 'tax', o.place, 'tax-a-grade-taxpayer', spelled, number, published, a.name, basis, { evaluationYear: y, validUntil });
  }
}

/** Environmental credit ratings of the last two years, mostly of polluting and manufacturing enterprises. */
export function environmentalRating(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[]): void {
  const r = ctx.r;
  const tags = o.tags;
  const rate =
    tags.includes('polluting') || tags.includes('chemical') || tags.includes('environment')
      ? 0.35
      : tags.includes('manufacturing')
        ? 0.1
        : o.kind === 'enterprise'
          ? 0.01
          : 0;
  if (!r.chance(rate)) return;
  const ty = D.yearOf(ctx.today);
  const a = ctx.authority('ecology-environment', o.place, 'city');
  for (let y = Math.max(ty - 2, 2013); y <= ty - 1; y++) {
    if (!r.chance(0.75)) continue;
    const day = D.dayOf(y + 1, r.int(6, 9), r.int(1, 28));
    if (day > ctx.today || day > o.end || o.established > D.dayOf(y, 12, 31)) continue;
    const q = o.quality + (r.float() - 0.5) * 0.1;
    const rating = q > 0.7 ? 'green' : q > 0.15 ? 'blue' : q > 0.05 ? 'yellow' : q > 0.015 ? 'red' : 'black';
    const number = `${a.abbr}信〔${y + 1}〕${1 + (hash32(Number(o.place.code.slice(0, 4)), y, 5) % 20)}号`;
    ctx.emit(
      out,
      'ecology-environment',
      o.place,
      'environmental-credit-rating',
      ctx.spelling(o, ref, 'ecology-environment'),
      number,
      day,
      a.name,
      '《企业环境信用评价办法（试行）》第十六条',
      {
        ratingYear: y,
        rating,
        validUntil: D.iso(D.dayOf(y + 2, 6, 30)),
      },
    );
  }
}

/** The customs credit status of an enterprise that imports or exports. */
export function customsStatus(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  const tags = o.tags;
  const rate = o.kind !== 'enterprise' ? 0 : tags.includes('import-export') ? 0.7 : tags.includes('trade') ? 0.05 : tags.includes('manufacturing') ? 0.04 : 0;
  if (!r.chance(rate)) return;
  const day = ctx.dayIn(from, to);
  const status = o.quality > 0.85 ? 'advanced-certified' : o.quality < 0.04 ? 'untrustworthy' : 'registered';
  const fields: Record<string, FieldValue> = { status };
  if (status === 'advanced-certified') fields.validUntil = D.iso(D.addYears(day, 3));
  if (status === 'untrustworthy') fields.validUntil = D.iso(D.addYears(day, 1));
  const a = ctx.authority('customs', o.place);
  ctx.emit(
    out,
    'customs',
    o.place,
    'customs-credit-status',
    ctx.spelling(o, ref, 'customs'),
    ctx.num.doc(a, '信', D.yearOf(day)),
    day,
    a.name,
    '《中华人民共和国海关注册登记和备案企业信用管理办法》第四条',
    fields,
  );
}
