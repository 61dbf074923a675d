// Positive records: honours awarded at county, city, province or national level, and the
// contract-keeping enterprises list.
import * as D from '../days.ts';
import { NATIONAL_AUTHORITIES } from '../agencies.ts';
import type { Organisation } from '../subjects.ts';
import { HONOURS, type HonourTemplate } from '../templates.ts';
import { BUSINESSES, type GeneratedRecord, type RecordContext, type SubjectRef } from './context.ts';
import type { Cell } from './numbering.ts';

/** Now and then an honour for the subject's class (business, social organisation, public body) at one of the honour's levels. */
export function honours(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  const business = BUSINESSES.has(o.kind);
  const cls: HonourTemplate['for'] = business ? 'business' : o.kind === 'social-organisation' ? 'social' : 'public';
  const rate = business ? (o.quality > 0.6 ? 0.06 : 0.008) : o.kind === 'social-organisation' ? 0.08 : 0.04;
  if (!r.chance(rate)) return;
  const candidates = HONOURS.filter((h) => h.for === cls || h.for === 'any');
  if (candidates.length === 0) return;
  const h = r.pick(candidates);
  const day = ctx.dayIn(from, to);
  let level = r.pick(h.levels);
  if (level === 'county' && o.place.level !== 'county') level = 'municipal';
  let authority: string;
  let numbered: { abbr: string; cells?: Map<number, Cell> };
  let title: string;
  if (level === 'national') {
    authority = NATIONAL_AUTHORITIES[h.kind] ?? ctx.authority(h.kind, o.place, 'province', h.role).name;
    numbered = { abbr: '国' };
    title = `全国${h.title}`;
  } else {
    const a = ctx.authority(h.kind, o.place, level === 'provincial' ? 'province' : level === 'municipal' ? 'city' : 'local', h.role);
    authority = a.name;
    numbered = a;
    const region = level === 'provincial' ? o.place.province.name : level === 'municipal' ? (o.place.prefecture?.name ?? o.place.fullName) : o.place.fullName;
    title = region + h.title;
  }
  ctx.emit(
    out,
    h.kind,
    o.place,
    'honour',
    ctx.spelling(o, ref, h.kind),
    ctx.num.doc(numbered, '表', D.yearOf(day)),
    day,
    authority,
    h.basis,
    { title, level },
    h.role,
  );
}

/** A listing as a contract-keeping enterprise for two recent years. */
export function contractKeeping(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[]): void {
  const r = ctx.r;
  const ty = D.yearOf(ctx.today);
  const y2 = ty - 1 - r.int(0, 2);
  const day = D.dayOf(y2 + 1, r.int(3, 10), r.int(1, 28));
  if (day > ctx.today || day > o.end || o.established > D.dayOf(y2 - 1, 1, 1)) return;
  const u = r.float();
  const level = u < 0.6 ? 'municipal' : u < 0.95 ? 'provincial' : 'national';
  const a =
    level === 'national'
      ? { name: NATIONAL_AUTHORITIES['market-regulation']!, abbr: '国市监' }
      : ctx.authority('market-regulation', o.place, level === 'provincial' ? 'province' : 'city');
  ctx.emit(
    out,
    'market-regulation',
    o.place,
    'contract-keeping-enterprise',
    ref,
    ctx.num.doc(a, '守', y2 + 1),
    day,
    a.name,
    '《守合同重信用企业公示活动管理办法》第八条',
    {
      years: `${y2 - 1}-${y2}`,
      level,
      validUntil: D.iso(D.dayOf(y2 + 2, 12, 31)),
    },
  );
}
