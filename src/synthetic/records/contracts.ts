// Contract defaults: a business's, found by a court judgment or an arbitral award, and a
// government body's or public institution's towards a business, found by a court or by the
// superior authority's inspection of payments.
import * as D from '../days.ts';
import type { Organisation } from '../subjects.ts';
import { CONTRACT_NAMES, GOVERNMENT_CONTRACTS } from '../templates.ts';
import type { FieldValue, GeneratedRecord, RecordContext, SubjectRef } from './context.ts';

/** A business's contract default, found by a court judgment or an arbitral award. */
export function contractDefaultBusiness(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  const day = ctx.dayIn(from, to);
  const other = ctx.factory.otherOrganisation(r, o.index);
  const counterparty = other?.name ?? `${o.place.regionShort}${o.trade || '华信'}贸易有限公司`;
  const court = ctx.court(o.place);
  const arbitral = r.chance(0.25);
  let number: string;
  let authority: string;
  if (arbitral) {
    const city = court.place.prefecture ?? court.place.province;
    number = ctx.num.court({ code: `${city.short[0]!}仲裁字第` }, '', D.yearOf(day));
    authority = `${city.name}仲裁委员会`;
  } else {
    number = ctx.num.court(court, '民初', D.yearOf(day));
    authority = court.name;
  }
  ctx.emit(out, 'court', court.place, 'contract-default-business', ref, number, day, authority, '《中华人民共和国民法典》第五百七十七条', {
    counterparty,
    contractName: r.pick(CONTRACT_NAMES),
    amountOwed: r.int(5, 5000) * 1000,
    finding: arbitral ? 'arbitral-award' : 'court-judgment',
  });
}

/** A government body's or public institution's default towards a business, found by a court or by the superior authority. */
export function contractDefaultGovernment(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  const day = ctx.dayIn(from, to);
  const other = ctx.factory.otherOrganisation(r, o.index);
  const u = r.float();
  const kind = u < 0.4 ? 'court' : u < 0.75 ? 'finance' : 'development-reform';
  let number: string;
  let authority: string;
  let basis: string;
  let finding: string;
  let supplyPlace = o.place;
  if (kind === 'court') {
    const court = ctx.court(o.place);
    supplyPlace = court.place;
    number = ctx.num.court(court, '民初', D.yearOf(day));
    authority = court.name;
    basis = '《中华人民共和国民法典》第五百七十七条';
    finding = 'court-judgment';
  } else {
    // Found by the superior authority's inspection of payments to businesses.
    const a = ctx.authority(kind, o.place, o.place.level === 'county' ? 'city' : 'province');
    number = ctx.num.doc(a, kind === 'finance' ? '款督' : '信用', D.yearOf(day));
    authority = a.name;
    basis = '《保障中小企业款项支付条例》第八条';
    finding = r.chance(0.85) ? 'superior-inspection' : 'arbitral-award';
  }
  const fields: Record<string, FieldValue> = {
    counterparty: other?.name ?? `${o.place.regionShort}建设工程有限公司`,
  };
  if (other) fields.counterpartyCode = other.code;
  fields.contractName = r.pick(GOVERNMENT_CONTRACTS);
  fields.amountOwed = r.int(10, 50_000) * 1000;
  fields.dueDate = D.iso(day - r.int(60, 900));
  fields.finding = finding;
  ctx.emit(out, kind, supplyPlace, 'contract-default-government', ref, number, day, authority, basis, fields);
}
