// Administrative licences by what a subject is (food shops, pharmacies, hauliers, builders,
// schools ...), renewed before they expire while the subject operates; some come with a credit
// commitment under the notification-and-commitment system.
import * as D from '../days.ts';
import type { Organisation } from '../subjects.ts';
import { LICENCES, type LicenceTemplate } from '../templates.ts';
import type { GeneratedRecord, RecordContext, SubjectRef } from './context.ts';
import { commitment } from './commitments.ts';
import { pad } from './numbering.ts';

/** The licences an organisation of its kind and tags may hold, each with the odds that it does. */
function licenceTemplates(o: Organisation): Array<[LicenceTemplate, number]> {
  const t = o.tags;
  const list: Array<[LicenceTemplate, number]> = [];
  if (o.kind === 'individual-business') {
    if (t.includes('food')) list.push([LICENCES.food!, 0.65]);
    return list;
  }
  if (o.kind === 'public-institution') {
    if (/医院|卫生|保健/.test(o.detail)) list.push([LICENCES.medical!, 0.9]);
    return list;
  }
  if (o.kind === 'social-organisation') {
    if (o.detail.includes('培训') || o.detail.includes('学校')) list.push([LICENCES.school!, 0.8]);
    if (o.detail.includes('养老')) list.push([LICENCES.elderly!, 0.8]);
    if (o.detail.includes('门诊')) list.push([LICENCES.medical!, 0.9]);
    return list;
  }
  if (t.includes('catering')) list.push([LICENCES.food!, 0.8]);
  else if (t.includes('food')) list.push([t.includes('manufacturing') ? LICENCES.foodProduction! : LICENCES.food!, 0.6]);
  if (t.includes('pharma')) list.push([LICENCES.drug!, 0.8]);
  if (t.includes('medical-devices')) list.push([LICENCES.device!, 0.7]);
  if (t.includes('logistics')) list.push([LICENCES.road!, 0.6]);
  if (t.includes('polluting') || t.includes('chemical')) list.push([LICENCES.discharge!, 0.5]);
  if (t.includes('construction') && !t.includes('real-estate')) list.push([LICENCES.construction!, 0.6]);
  if (o.detail === '房地产开发') list.push([LICENCES.realEstate!, 0.7]);
  if (t.includes('chemical')) list.push([LICENCES.hazchem!, 0.5]);
  if (t.includes('import-export')) list.push([LICENCES.customs!, 0.7]);
  return list;
}

/** The organisation's licences issued from `from` on, each renewed before it expires while the organisation operates. */
export function licences(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  for (const [tpl, p] of licenceTemplates(o)) {
    if (!r.chance(p)) continue;
    // First issued at or after establishment; renewed before expiry while the subject operates.
    let issued = Math.max(o.established + r.int(5, 90), ctx.today - Math.floor(tpl.years * 365.25) - r.int(0, 700));
    for (let k = 0; k < 6 && issued <= to; k++) {
      const until = D.addYears(issued, tpl.years) - 1;
      if (issued >= from) licence(ctx, o, ref, out, tpl, issued, until, k);
      if (!r.chance(0.85)) break;
      issued = until + 1 - r.int(10, 60);
    }
  }
}

/** A licence number in the format of its kind of licence. */
function licenceNumber(ctx: RecordContext, o: Organisation, tpl: LicenceTemplate, issued: number, k: number): string {
  const s = ctx.nextSerial();
  const div = o.place.code;
  const y = D.yearOf(issued);
  switch (tpl.number) {
    case 'food':
      return `${tpl.name === '食品生产许可证' ? 'SC1' : 'JY1'}${div}${pad(s % 1_000_000, 6)}${s % 10}`;
    case 'drug':
      return `${o.place.province.abbr}AA${div.slice(2, 4)}${pad(s % 100_000, 5)}`;
    case 'device':
      return `${o.place.province.abbr}${o.place.docAbbr[0]}食药监械经营许${y}${pad(s % 10_000, 4)}号`;
    case 'road':
      return `${o.place.province.abbr}交运管许可${o.place.docAbbr[0]}字${div}${pad(s % 1_000_000, 6)}号`;
    case 'discharge':
      return `${o.code}${pad(k + 1, 3)}${'VPQUR'[s % 5]}`;
    case 'construction':
      return `D2${div.slice(0, 4)}${pad(s % 100_000, 5)}`;
    case 'realestate':
      return `${o.place.province.abbr}房开${o.place.docAbbr[0]}${y}${pad(s % 10_000, 4)}`;
    case 'hazchem':
      return `${o.place.province.abbr}${o.place.docAbbr[0]}安经字〔${y}〕${pad(s % 1_000_000, 6)}`;
    case 'customs':
      return `${div.slice(0, 4)}96${pad(s % 10_000, 4)}`;
    case 'medical':
      return `PDY${pad(s % 100_000, 5)}-${div}A${pad(1000 + (s % 9000), 4)}`;
    case 'school':
      return `教民1${div}7${pad(s % 10_000_000, 7)}号`;
    case 'elderly':
      return `养老备案${div}${y}${pad(s % 10_000, 4)}`;
    default:
      return `${div}-${y}-${s}`;
  }
}

/** One licence, and now and then the credit commitment signed with its application. */
function licence(
  ctx: RecordContext,
  o: Organisation,
  ref: SubjectRef,
  out: GeneratedRecord[],
  tpl: LicenceTemplate,
  issued: number,
  until: number,
  k: number,
): void {
  const a = ctx.authority(tpl.kind, o.place, tpl.city ? 'city' : 'local', tpl.role);
  const number = ctx.num.doc(a, '许', D.yearOf(issued));
  const ok = ctx.emit(
    out,
    tpl.kind,
    o.place,
    'administrative-licence',
    ctx.spelling(o, ref, tpl.kind),
    number,
    issued,
    a.name,
    tpl.basis,
    {
      licenceName: tpl.name,
      licenceNumber: licenceNumber(ctx, o, tpl, issued, k),
      licenceType: tpl.type,
      content: tpl.content,
      validFrom: D.iso(issued),
      validUntil: D.iso(until),
    },
    tpl.role,
  );
  // Licences under the notification-and-commitment system come with a credit commitment.
  if (ok && ctx.r.chance(0.25)) {
    const kind = tpl.kind === 'market-regulation' || tpl.kind === 'administrative-body' ? tpl.kind : 'development-reform';
    commitment(ctx, o, ref, out, 'licence-application', issued, kind, tpl.role);
  }
}
