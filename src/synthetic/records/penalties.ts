// What regulators decide about a subject's conduct: administrative penalties (minor, general and
// serious, from the templates of the agency kinds and industries that fit the subject),
// administrative enforcement measures and inspection results.
import { WeightedTable } from '../random.ts';
import * as D from '../days.ts';
import type { AdministrativeRole, Authority } from '../agencies.ts';
import type { Organisation } from '../subjects.ts';
import { INSPECTION_FINDINGS, PENALTY_TEMPLATES, type PenaltyTemplate, type Severity } from '../templates.ts';
import { BUSINESSES, type FieldValue, type GeneratedRecord, type RecordContext, type SubjectRef } from './context.ts';
import { commitment } from './commitments.ts';
import { abnormal } from './registration.ts';

/** Penalty types (codes of the pack) of minor, general and serious penalties, by weight. */
const MINOR_TYPES = new WeightedTable<string[]>([
  [['warning'], 40],
  [['fine'], 40],
  [['warning', 'fine'], 15],
  [['notice-of-criticism'], 5],
]);
const GENERAL_TYPES = new WeightedTable<string[]>([
  [['fine'], 55],
  [['fine', 'confiscation-of-illegal-gains'], 30],
  [['fine', 'confiscation-of-property'], 6],
  [['licence-suspension', 'fine'], 5],
  [['qualification-downgrade'], 4],
]);
const SERIOUS_TYPES = new WeightedTable<string[]>([
  [['fine', 'licence-revocation'], 20],
  [['fine', 'confiscation-of-illegal-gains', 'business-restriction'], 25],
  [['order-to-close'], 10],
  [['fine', 'employment-ban'], 10],
  [['fine', 'confiscation-of-illegal-gains'], 30],
  [['fine', 'qualification-downgrade'], 5],
]);

/** Penalty templates by subject class, tags and severity (null: none fits). */
const templateCache = new Map<string, WeightedTable<PenaltyTemplate> | null>();

/** The penalty templates that fit an organisation at a severity, by weight. */
function templates(o: Organisation, severity: Severity): WeightedTable<PenaltyTemplate> | null {
  const cls = BUSINESSES.has(o.kind) ? 'business' : o.kind === 'social-organisation' ? 'social' : 'public';
  const key = `${cls}|${o.tags.join(',')}|${severity}`;
  let t = templateCache.get(key);
  if (t === undefined) {
    const entries = PENALTY_TEMPLATES.filter(
      (p) => (p.subjects === 'any' || p.subjects === cls) && p.severities.includes(severity) && (!p.tags || p.tags.some((tag) => o.tags.includes(tag))),
    ).map((p) => [p, p.weight] as const);
    t = entries.length > 0 ? new WeightedTable(entries) : null;
    templateCache.set(key, t);
  }
  return t;
}

/** An administrative penalty of `severity`; after the minimum period some subjects sign a credit-repair commitment. */
export function penalty(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], severity: Severity, from: number, to: number): void {
  const r = ctx.r;
  const table = templates(o, severity);
  if (!table) return;
  const tpl = table.pick(r);
  const day = ctx.dayIn(from, to);
  const year = D.yearOf(day);
  const small = o.kind === 'individual-business' || o.kind === 'farmers-cooperative';
  let a: Authority;
  let docType = severity === 'minor' && (tpl.kind === 'market-regulation' || tpl.kind === 'tax') ? '简罚' : '罚';
  if (tpl.kind === 'tax' && (tpl.city || severity === 'serious')) a = ctx.taxInspection(o.place);
  else a = ctx.authority(tpl.kind, o.place, tpl.city ? 'city' : 'local', tpl.role);
  if (tpl.kind === 'customs') docType = '缉违字';
  let types: string[];
  if (severity === 'minor') types = MINOR_TYPES.pick(r);
  else {
    types = (severity === 'general' ? GENERAL_TYPES : SERIOUS_TYPES).pick(r);
    if (types.includes('qualification-downgrade') && !o.tags.includes('construction')) types = ['fine'];
  }
  const fields: Record<string, FieldValue> = {
    penaltyTypes: types,
    violatedProvision: tpl.provision,
    facts: r.pick(tpl.facts),
  };
  if (types.includes('fine')) {
    fields.fineAmount =
      severity === 'minor'
        ? r.int(2, 50) * 100
        : severity === 'general'
          ? (small ? r.int(2, 60) : r.int(10, 400)) * 500
          : (small ? r.int(20, 200) : r.int(100, 2000)) * 1000;
  }
  if (severity !== 'minor') {
    if (types.includes('confiscation-of-illegal-gains') || types.includes('confiscation-of-property')) fields.confiscatedAmount = r.int(1, 200) * 500;
    if (severity === 'serious' || r.chance(0.7)) fields.legalRepresentative = o.rep.name;
  }
  if (severity === 'serious') {
    if (r.chance(0.9)) fields.legalRepresentativeId = o.rep.id;
    if (types.includes('business-restriction') || types.includes('employment-ban') || types.includes('licence-revocation'))
      fields.banUntil = D.iso(D.addYears(day, r.int(1, 5)));
  }
  const item = `administrative-penalty-${severity}`;
  const ok = ctx.emit(out, tpl.kind, o.place, item, ctx.spelling(o, ref, tpl.kind), ctx.num.doc(a, docType, year), day, a.name, tpl.basis, fields, tpl.role);
  // After the minimum period, some subjects repair their credit and sign a commitment.
  if (ok && severity !== 'minor' && r.chance(0.35)) {
    const minimum = D.addMonths(day, severity === 'general' ? 3 : 12);
    const signed = minimum + r.int(1, 90);
    if (signed <= to) commitment(ctx, o, ref, out, 'credit-repair', signed, 'development-reform');
  }
}

/** An administrative enforcement measure: deposits frozen for unpaid tax, polluting equipment sealed, unsafe products seized. */
export function enforcement(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  const polluting = o.tags.includes('polluting') || o.tags.includes('chemical');
  const u = r.float();
  const kind = polluting && u < 0.3 ? 'ecology-environment' : u < 0.65 ? 'tax' : 'market-regulation';
  const day = ctx.dayIn(from, to);
  const a = kind === 'tax' ? ctx.authority('tax', o.place) : ctx.authority(kind, o.place, kind === 'ecology-environment' ? 'city' : 'local');
  let measures: string[];
  let reason: string;
  let basis: string;
  if (kind === 'tax') {
    measures = r.chance(0.6) ? ['freezing-deposits'] : ['freezing-deposits', 'transfer-of-deposits'];
    reason = '欠缴税款经责令限期缴纳逾期仍未缴纳';
    basis = '《中华人民共和国税收征收管理法》第四十条';
  } else if (kind === 'ecology-environment') {
    measures = ['sealing-up'];
    reason = '违法排放污染物，造成或者可能造成严重污染，查封造成污染物排放的设施、设备';
    basis = '《中华人民共和国环境保护法》第二十五条';
  } else {
    measures = r.chance(0.5) ? ['seizure'] : ['sealing-up', 'seizure'];
    reason = '涉嫌生产、销售不符合安全标准的产品，依法查封、扣押相关产品';
    basis = '《中华人民共和国行政强制法》第九条';
  }
  ctx.emit(out, kind, o.place, 'administrative-enforcement', ctx.spelling(o, ref, kind), ctx.num.doc(a, '强', D.yearOf(day)), day, a.name, basis, {
    measures,
    reason,
    amount: r.int(10, 5000) * 100,
  });
}

/** An inspection result; a subject not found at its registered address is then often listed as abnormal. */
export function inspection(ctx: RecordContext, o: Organisation, ref: SubjectRef, out: GeneratedRecord[], from: number, to: number): void {
  const r = ctx.r;
  const t = o.tags;
  const u = r.float();
  let kind = 'market-regulation';
  let role: AdministrativeRole = 'transport';
  if (u < 0.1 && (t.includes('polluting') || t.includes('chemical'))) kind = 'ecology-environment';
  else if (u < 0.2 && (t.includes('manufacturing') || t.includes('chemical'))) kind = 'emergency-management';
  else if (u < 0.25) kind = 'tax';
  else if (u < 0.3) {
    kind = 'administrative-body';
    role = 'fire';
  }
  const day = ctx.dayIn(from, to);
  const a = ctx.authority(kind, o.place, kind === 'ecology-environment' ? 'city' : 'local', role);
  const q = o.quality;
  const business = BUSINESSES.has(o.kind);
  const result =
    q < 0.05 && business && kind === 'market-regulation'
      ? 'not-found-at-address'
      : q < 0.12
        ? 'problem-found-referred'
        : q < 0.3
          ? 'problem-found-corrected'
          : 'no-problem-found';
  const v = r.float();
  const fields: Record<string, FieldValue> = {
    inspectionType: v < 0.7 ? 'double-random' : v < 0.85 ? 'special' : v < 0.95 ? 'routine' : 'complaint-driven',
    result,
  };
  const findings = INSPECTION_FINDINGS[result];
  if (findings) fields.findings = findings;
  ctx.emit(
    out,
    kind,
    o.place,
    'inspection-result',
    ctx.spelling(o, ref, kind),
    ctx.num.doc(a, '检', D.yearOf(day)),
    day,
    a.name,
    '《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）',
    fields,
    role,
  );
  if (result === 'not-found-at-address' && r.chance(0.7)) {
    const listed = day + r.int(10, 40);
    if (listed <= to) abnormal(ctx, o, ref, out, listed, 'unreachable-at-registered-address', 0, '');
  }
}
