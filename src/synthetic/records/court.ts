// Court enforcement cases: consumption restriction orders and listings as dishonest judgment
// defaulters, with the execution basis (a judgment, an arbitral award or a notarised debt).
import { WeightedTable } from '../random.ts';
import * as D from '../days.ts';
import type { NaturalPerson, Organisation } from '../subjects.ts';
import { OBLIGATIONS } from '../templates.ts';
import type { FieldValue, GeneratedRecord, RecordContext, SubjectRef } from './context.ts';

/** The circumstances of a listing as a judgment defaulter, by weight. */
const CIRCUMSTANCES = new WeightedTable<string[]>([
  [['able-but-refuses'], 60],
  [['able-but-refuses', 'violates-asset-reporting'], 20],
  [['sham-litigation-or-hidden-assets'], 8],
  [['violates-asset-reporting'], 6],
  [['refuses-settlement'], 4],
  [['false-evidence-violence-or-threats'], 2],
]);

/** The item of article 1 of the Supreme People's Court's provisions on listing that each circumstance falls under. */
const CIRCUMSTANCE_ARTICLE: Record<string, string> = {
  'able-but-refuses': '第一项',
  'false-evidence-violence-or-threats': '第二项',
  'sham-litigation-or-hidden-assets': '第三项',
  'violates-asset-reporting': '第四项',
  'violates-consumption-restriction': '第五项',
  'refuses-settlement': '第六项',
};

/** Everything a consumption restriction order can forbid. */
const RESTRICTIONS = [
  'flights-soft-sleepers-upper-ship-classes',
  'star-hotels-nightclubs-golf',
  'buying-or-renovating-housing',
  'renting-high-grade-offices',
  'non-essential-vehicles',
  'holiday-travel',
  'high-fee-private-schools',
  'high-premium-insurance',
  'high-speed-rail-above-second-class',
];

/** A court enforcement case: a consumption restriction order and/or a listing as a dishonest judgment defaulter. */
export function enforcementCase(
  ctx: RecordContext,
  s: Organisation | NaturalPerson,
  ref: SubjectRef,
  out: GeneratedRecord[],
  from: number,
  to: number,
  restricted: boolean,
  listed: boolean,
): void {
  const r = ctx.r;
  const filed = ctx.dayIn(from, Math.max(from, to - 30));
  const court = ctx.court(s.place);
  const caseNumber = ctx.num.court(court, '执', D.yearOf(filed));
  const amount = r.int(2, 2000) * 1000 * (s.kind === 'natural-person' ? 1 : r.int(1, 5));
  const org = s.kind === 'natural-person' ? null : s;
  if (restricted) {
    const day = filed + r.int(10, 60);
    if (day <= to) {
      const fields: Record<string, FieldValue> = {
        caseNumber,
        restrictions: r.chance(0.75) ? RESTRICTIONS : r.shuffle(RESTRICTIONS.slice()).slice(0, r.int(3, 8)).sort(),
      };
      if (org) {
        fields.restrictedPerson = org.rep.name;
        fields.restrictedPersonId = org.rep.id;
      }
      if (r.chance(0.2) && day + 30 <= ctx.today) fields.liftedOn = D.iso(ctx.dayIn(day + 30, ctx.today));
      ctx.emit(
        out,
        'court',
        court.place,
        'consumption-restriction',
        ref,
        caseNumber,
        day,
        court.name,
        '《最高人民法院关于限制被执行人高消费及有关消费的若干规定》第一条、第三条',
        fields,
      );
    }
  }
  if (listed) {
    const day = filed + r.int(30, 180);
    if (day > to) return;
    const u = r.float();
    const basisYear = D.yearOf(filed) - (r.chance(0.6) ? 1 : 0);
    let executionBasis: string;
    let basisIssuer: string;
    if (u < 0.7) {
      executionBasis = ctx.num.court(court, '民初', basisYear);
      basisIssuer = court.name;
    } else if (u < 0.9) {
      const city = court.place.prefecture ?? court.place.province;
      executionBasis = ctx.num.court({ code: `${city.short[0]!}仲裁字第` }, '', basisYear);
      basisIssuer = `${city.name}仲裁委员会`;
    } else {
      executionBasis = ctx.num.court({ code: `${court.place.province.abbr}${court.place.docAbbr}证执字第` }, '', basisYear);
      basisIssuer = `${court.place.province.name}${court.place.fullName.replace(court.place.province.name, '')}公证处`;
    }
    const circumstances = CIRCUMSTANCES.pick(r);
    const performance = r.chance(0.8) ? 'not-performed' : 'partly-performed';
    const years = r.chance(0.8) ? 2 : r.chance(0.75) ? 3 : 5;
    const fields: Record<string, FieldValue> = {
      caseNumber,
      executionBasis,
      basisIssuer,
      obligation: `${r.pick(OBLIGATIONS)}，本金人民币${amount}元`,
      performance,
      circumstances,
      amountOutstanding: performance === 'partly-performed' ? Math.round(amount * (0.2 + 0.7 * r.float())) : amount,
      until: D.iso(D.addYears(day, years)),
    };
    if (org) {
      fields.legalRepresentative = org.rep.name;
      fields.legalRepresentativeId = org.rep.id;
    }
    const articles = circumstances.map((c) => CIRCUMSTANCE_ARTICLE[c]!).join('、');
    ctx.emit(
      out,
      'court',
      court.place,
      'judgment-defaulter',
      ref,
      `${caseNumber.slice(0, -1)}之一号`,
      day,
      court.name,
      `《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条${articles}`,
      fields,
    );
  }
}
