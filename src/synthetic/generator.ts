// The seeded, deterministic synthetic dataset: subjects (subjects.ts) and the records agencies
// file about them, drawn from the catalogue with realistic severity mixes and dates over the
// five years before `today`. The same options give byte-for-byte the same records, in the same
// order: subject by subject, each subject's records by decision date. No I/O besides reading
// data/divisions.json; no Math.random, no clock.
import type { Policy } from '../domain/policy/policy.ts';
import type { SubjectKind } from '../domain/enumerations.ts';
import { isPublicOn } from '../domain/publicity.ts';
import { hash32, hashString, Random, WeightedTable } from './random.ts';
import type { Place } from './divisions.ts';
import * as D from './days.ts';
import { AgencyRouter, authorityOf, DEMO_AGENCIES, NATIONAL_AUTHORITIES, type AdministrativeRole, type Authority, type DemoAgency } from './agencies.ts';
import { hasTraditionalVariant, swapBrackets, toTraditional } from './names.ts';
import {
  COMMITMENTS,
  CONTRACT_NAMES,
  GOVERNMENT_CONTRACTS,
  HONOURS,
  INSPECTION_FINDINGS,
  LICENCES,
  OBLIGATIONS,
  PENALTY_TEMPLATES,
  PROCUREMENT_VIOLATIONS,
  SAFETY_VIOLATIONS,
  TAX_VIOLATIONS,
  type HonourTemplate,
  type LicenceTemplate,
  type PenaltyTemplate,
  type Severity,
  type TaxViolationTemplate,
} from './templates.ts';
import { STREAM, SubjectFactory, type NaturalPerson, type Organisation, type Subject, type SubjectOptions, type SyntheticSubject } from './subjects.ts';

export { DEMO_AGENCIES, type DemoAgency } from './agencies.ts';
export type { NameVariant, SyntheticSubject } from './subjects.ts';

export type FieldValue = string | number | string[];

/** A record as an agency submits it (the body of POST /v1/records, one NDJSON line of an import). */
export interface RecordSubmission {
  item: string;
  subject: { code: string; name: string } | { idNumber: string; name: string };
  decision: { number: string; date: string; authority: string; basis: string };
  fields: Record<string, FieldValue>;
}

export interface GeneratedRecord {
  /** Code of the supplying agency (one of the dataset's agencies). */
  agency: string;
  record: RecordSubmission;
}

export interface DatasetOptions extends SubjectOptions {
  policy: Policy;
  /** Supplying agencies; DEMO_AGENCIES by default. Records of kinds no agency covers are left out. */
  agencies?: readonly DemoAgency[];
}

/** Subjects worth looking at (the samples of demo-credentials.json). */
export interface Samples {
  /** Organisations with a serious negative record (serious penalty, court list, serious list) public today. */
  listed: string[];
  /** Organisations without any negative record. */
  clean: string[];
  /** Government bodies, those with a contract default first. */
  government: string[];
  /** Organisations with an A-grade taxpayer or contract-keeping record valid today. */
  redlisted: string[];
  /** Organisations with a negative record that can be repaired today (class repairable, minimum period passed, still public). */
  repairable: string[];
}

/** Items whose records make a subject "listed" in the samples. */
const SERIOUS_ITEMS = new Set([
  'administrative-penalty-serious',
  'judgment-defaulter',
  'major-tax-violation',
  'procurement-serious-violation',
  'wage-arrears-list',
  'safety-production-serious',
]);

/** Items the generator produces with the agency kinds it uses for each. */
const ITEM_SUPPLIERS: Record<string, readonly string[]> = {
  'registration-basics': ['market-regulation', 'civil-affairs', 'establishment-office'],
  'annual-report': ['market-regulation'],
  'administrative-licence': [...new Set(Object.values(LICENCES).map((l) => l.kind))],
  'environmental-credit-rating': ['ecology-environment'],
  'customs-credit-status': ['customs'],
  'administrative-penalty-minor': [...new Set(PENALTY_TEMPLATES.filter((t) => t.severities.includes('minor')).map((t) => t.kind))],
  'administrative-penalty-general': [...new Set(PENALTY_TEMPLATES.filter((t) => t.severities.includes('general')).map((t) => t.kind))],
  'administrative-penalty-serious': [...new Set(PENALTY_TEMPLATES.filter((t) => t.severities.includes('serious')).map((t) => t.kind))],
  'administrative-enforcement': ['tax', 'market-regulation', 'ecology-environment'],
  'inspection-result': ['market-regulation', 'ecology-environment', 'emergency-management', 'tax', 'administrative-body'],
  'judgment-defaulter': ['court'],
  'consumption-restriction': ['court'],
  'contract-default-government': ['court', 'finance', 'development-reform'],
  'contract-default-business': ['court'],
  'tax-credit-grade': ['tax'],
  'tax-a-grade-taxpayer': ['tax'],
  'major-tax-violation': ['tax'],
  'abnormal-operations': ['market-regulation'],
  'procurement-serious-violation': ['finance'],
  'wage-arrears-list': ['human-resources'],
  'safety-production-serious': ['emergency-management'],
  honour: [...new Set(HONOURS.map((h) => h.kind))],
  'contract-keeping-enterprise': ['market-regulation'],
  'credit-commitment': ['development-reform', 'market-regulation', 'administrative-body'],
  'commitment-breach': ['development-reform', 'market-regulation'],
};

const MARKET_SUBJECTS = new Set<SubjectKind>(['enterprise', 'individual-business', 'farmers-cooperative', 'social-organisation', 'public-institution']);
const BUSINESSES = new Set<SubjectKind>(['enterprise', 'individual-business', 'farmers-cooperative']);

/** Expected penalties per subject over five years by kind (scaled by the subject's risk). */
const PENALTY_RATES: Partial<Record<SubjectKind, Record<Severity, number>>> = {
  enterprise: { minor: 0.12, general: 0.05, serious: 0.008 },
  'individual-business': { minor: 0.08, general: 0.02, serious: 0.002 },
  'farmers-cooperative': { minor: 0.04, general: 0.012, serious: 0.002 },
  'social-organisation': { minor: 0.04, general: 0.012, serious: 0.002 },
  'public-institution': { minor: 0.03, general: 0.008, serious: 0.0008 },
};

/** Court records per subject by kind: consumption restriction, judgment default, contract default. */
const COURT_RATES: Partial<Record<SubjectKind, [number, number, number]>> = {
  enterprise: [0.03, 0.018, 0.01],
  'individual-business': [0.012, 0.007, 0.003],
  'farmers-cooperative': [0.01, 0.005, 0.002],
  'social-organisation': [0.003, 0.002, 0.001],
  'public-institution': [0.003, 0.002, 0.001],
  'government-body': [0.006, 0.004, 0],
  'other-organisation': [0.004, 0.002, 0],
};

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
const CIRCUMSTANCES = new WeightedTable<string[]>([
  [['able-but-refuses'], 60],
  [['able-but-refuses', 'violates-asset-reporting'], 20],
  [['sham-litigation-or-hidden-assets'], 8],
  [['violates-asset-reporting'], 6],
  [['refuses-settlement'], 4],
  [['false-evidence-violence-or-threats'], 2],
]);
const CIRCUMSTANCE_ARTICLE: Record<string, string> = {
  'able-but-refuses': '第一项',
  'false-evidence-violence-or-threats': '第二项',
  'sham-litigation-or-hidden-assets': '第三项',
  'violates-asset-reporting': '第四项',
  'violates-consumption-restriction': '第五项',
  'refuses-settlement': '第六项',
};
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
/** Major tax violations, picked by weight. */
const TAX_VIOLATION_TABLE = new WeightedTable<TaxViolationTemplate>(TAX_VIOLATIONS.map((t) => [t, t.weight] as const));

const KIND_INDEX: Record<string, number> = Object.fromEntries(
  [
    'market-regulation',
    'tax',
    'court',
    'finance',
    'ecology-environment',
    'human-resources',
    'customs',
    'emergency-management',
    'housing-construction',
    'civil-affairs',
    'establishment-office',
    'development-reform',
    'administrative-body',
  ].map((k, i) => [k, i]),
);
const LEVEL_INDEX = { local: 0, city: 1, province: 2 } as const;
const ROLE_INDEX: Record<AdministrativeRole, number> = { transport: 0, health: 1, education: 2, economy: 3, urban: 4, fire: 5, culture: 6, agriculture: 7 };

interface Cell {
  prefix: string;
  n: number;
}

/** An authority or court with its own cache of counters (no string building per number). */
interface Numbered {
  cells: Map<number, Cell>;
}

/** Decision and document numbers: per prefix counters, so that every number is distinct. */
class Numbering {
  /** Counters by the full prefix (杭西市监罚〔2024〕), shared by every authority that writes it. */
  private readonly counters = new Map<string, Cell>();
  private readonly types = new Map<string, number>();

  private cell(holder: Numbered | undefined, abbr: string, type: string, year: number, court: boolean): Cell {
    let c: Cell | undefined;
    let key = 0;
    if (holder) {
      let t = this.types.get(type);
      if (t === undefined) this.types.set(type, (t = this.types.size));
      key = (t * 2 + (court ? 1 : 0)) * 8192 + (year & 8191);
      c = holder.cells.get(key);
      if (c) return c;
    }
    const prefix = court ? `（${year}）${abbr}${type}` : `${abbr}${type}〔${year}〕`;
    c = this.counters.get(prefix);
    if (!c) this.counters.set(prefix, (c = { prefix, n: hashString(prefix) % 400 }));
    if (holder) holder.cells.set(key, c);
    return c;
  }

  /** 杭西市监罚〔2024〕123号 */
  doc(a: { abbr: string; cells?: Map<number, Cell> }, type: string, year: number): string {
    const c = this.cell(a.cells ? (a as Numbered) : undefined, a.abbr, type, year, false);
    return `${c.prefix}${++c.n}号`;
  }

  /** （2024）浙0106执1234号 */
  court(court: { code: string; cells?: Map<number, Cell> }, type: string, year: number): string {
    const c = this.cell(court.cells ? (court as Numbered) : undefined, court.code, type, year, true);
    return `${c.prefix}${++c.n}号`;
  }
}

interface Court extends Numbered {
  name: string;
  code: string;
  place: Place;
}

type CachedAuthority = Authority & Numbered;

/** Builds the records of one subject at a time. */
class RecordWriter {
  private readonly r = new Random(0);
  private readonly router: AgencyRouter;
  private readonly today: number;
  private readonly start: number;
  private readonly authorityCache = new Map<number, CachedAuthority>();
  private readonly courts: Court[] = [];
  private readonly templateCache = new Map<string, WeightedTable<PenaltyTemplate> | null>();
  private serial = 0;

  constructor(
    private readonly factory: SubjectFactory,
    agencies: readonly DemoAgency[],
    private readonly num: Numbering,
  ) {
    this.router = new AgencyRouter(agencies);
    this.today = factory.today;
    this.start = D.addYears(this.today, -5);
  }

  /** The records of subject `index` (built into `out`, which is cleared), sorted by decision date. */
  build(index: number, out: GeneratedRecord[]): Subject {
    out.length = 0;
    const subject = this.factory.subject(index);
    this.r.reseed(this.factory.seed, STREAM.records, index);
    this.serial = index * 64;
    if (subject.kind === 'natural-person') this.person(subject, out);
    else this.organisation(subject, out);
    if (out.length > 1) out.sort(byDate);
    return subject;
  }

  // ---------------------------------------------------------------- helpers

  private dayIn(from: number, to: number): number {
    return from + this.r.below(to - from + 1);
  }

  private authority(kind: string, place: Place, level: 'local' | 'city' | 'province' = 'local', role: AdministrativeRole = 'transport'): CachedAuthority {
    const key = ((place.id * 16 + KIND_INDEX[kind]!) * 4 + LEVEL_INDEX[level]) * 16 + ROLE_INDEX[role];
    let a = this.authorityCache.get(key);
    if (!a) {
      const { name, abbr } = authorityOf(kind, place, level, role);
      a = { name, abbr, cells: new Map() };
      this.authorityCache.set(key, a);
    }
    return a;
  }

  private taxInspection(place: Place): CachedAuthority {
    const key = -1 - place.id;
    let a = this.authorityCache.get(key);
    if (!a) {
      const city = place.level === 'county' && place.prefecture ? this.factory.div.place(place.prefecture.code) : place;
      a = { name: `国家税务总局${city.fullName}税务局第一稽查局`, abbr: `${city.docAbbr}税稽`, cells: new Map() };
      this.authorityCache.set(key, a);
    }
    return a;
  }

  /** The basic people's court where a subject registered in `place` is sued or enforced against. */
  private court(place: Place): Court {
    const div = this.factory.div;
    let p = place;
    if (p.level === 'province') p = div.place(`${p.code.slice(0, 2)}0100`);
    if (p.level === 'prefecture') {
      const counties = div.countiesOf(p.code);
      if (counties.length > 0) p = div.place(counties[this.r.below(counties.length)]!.code);
    }
    let c = this.courts[p.id];
    if (!c) {
      const abbr = p.province.courtAbbr;
      c = this.courts[p.id] =
        p.level === 'county'
          ? { name: `${p.fullName}人民法院`, code: abbr + p.code.slice(2, 6), place: p, cells: new Map() }
          : { name: `${p.fullName}第一人民法院`, code: `${abbr}${p.code.slice(2, 4)}71`, place: p, cells: new Map() };
    }
    return c;
  }

  private count(lambda: number): number {
    if (lambda <= 0) return 0;
    const u = this.r.float();
    let p = Math.exp(-lambda);
    let f = p;
    let n = 0;
    while (u > f && n < 6) {
      n++;
      p *= lambda / n;
      f += p;
    }
    return n;
  }

  private emit(
    out: GeneratedRecord[],
    kind: string,
    place: Place,
    item: string,
    subject: RecordSubmission['subject'],
    number: string,
    day: number,
    authority: string,
    basis: string,
    fields: Record<string, FieldValue>,
    role?: AdministrativeRole,
  ): boolean {
    const agency = this.router.routePlace(kind, place, kind === 'administrative-body' ? role : undefined);
    if (!agency) return false;
    out.push({ agency: agency.code, record: { item, subject, decision: { number, date: D.iso(day), authority, basis }, fields } });
    return true;
  }

  /** The subject as an agency other than the registrar spells it: now and then in traditional characters or with the other brackets. */
  private spelling(o: Organisation, ref: RecordSubmission['subject'], kind: string): RecordSubmission['subject'] {
    if (kind === o.registrar) return ref;
    const u = this.r.float();
    if (o.variant === 'full-width-brackets' || o.variant === 'half-width-brackets') {
      if (u < 0.3) return { code: o.code, name: swapBrackets(o.name) };
    } else if (u < 0.01 && o.variant !== 'traditional' && hasTraditionalVariant(o.name)) {
      return { code: o.code, name: toTraditional(o.name) };
    }
    return ref;
  }

  // ---------------------------------------------------------------- organisations

  private organisation(o: Organisation, out: GeneratedRecord[]): void {
    const ref = { code: o.code, name: o.name };
    const r = this.r;
    this.registration(o, ref, out);
    const from = Math.max(this.start, o.established + 1);
    const to = o.end;
    if (from > to) return;
    const risk = 2 * (1 - o.quality);
    const business = BUSINESSES.has(o.kind);
    const market = MARKET_SUBJECTS.has(o.kind);

    // Serious tax violations first: they also decide the tax grades after them.
    let taxViolationYear = 9999;
    if ((o.kind === 'enterprise' && r.chance(0.004 * risk * risk)) || (o.kind === 'individual-business' && r.chance(0.001 * risk * risk))) {
      taxViolationYear = D.yearOf(this.majorTaxViolation(o, ref, out, from, to));
    }
    if (business) this.annualReports(o, ref, out);
    if (market && !o.parentCode) this.taxGrades(o, ref, out, taxViolationYear);
    if (business) {
      this.environmentalRating(o, ref, out);
      this.customsStatus(o, ref, out, from, to);
    }
    if (market) {
      this.licences(o, ref, out, from, to);
      const rates = PENALTY_RATES[o.kind];
      if (rates) {
        for (const severity of ['minor', 'general', 'serious'] as const) {
          const lambda = rates[severity] * (severity === 'serious' ? 0.75 * risk * risk : risk);
          for (let n = this.count(lambda); n > 0; n--) this.penalty(o, ref, out, severity, from, to);
        }
      }
      if (r.chance(0.012 * risk)) this.enforcement(o, ref, out, from, to);
      if (r.chance(0.15)) {
        this.inspection(o, ref, out, from, to);
        if (r.chance(0.2)) this.inspection(o, ref, out, from, to);
      }
    }
    const court = COURT_RATES[o.kind];
    if (court) {
      const restricted = r.chance(court[0] * risk);
      const listed = r.chance(court[1] * risk);
      if (restricted || listed) this.enforcementCase(o, ref, out, from, to, restricted, listed);
      if (court[2] > 0 && r.chance(court[2] * risk)) this.contractDefaultBusiness(o, ref, out, from, to);
    }
    if (o.kind === 'enterprise' || o.kind === 'individual-business') {
      const tags = o.tags;
      if ((tags.includes('tech') || tags.includes('trade') || tags.includes('construction') || tags.includes('services')) && r.chance(0.0025 * risk * risk))
        this.procurement(o, ref, out, from, to);
      if (o.kind === 'enterprise' && r.chance((tags.includes('construction') ? 0.012 : 0.0006) * risk * risk)) this.wageArrears(o, ref, out, from, to);
      if (
        (tags.includes('manufacturing') || tags.includes('chemical') || tags.includes('construction') || tags.includes('logistics')) &&
        r.chance(0.003 * risk * risk)
      )
        this.safetySerious(o, ref, out, from, to);
    }
    if (o.kind === 'government-body' && r.chance(0.08)) this.contractDefaultGovernment(o, ref, out, from, to);
    if (o.kind === 'public-institution' && r.chance(0.012)) this.contractDefaultGovernment(o, ref, out, from, to);
    this.honours(o, ref, out, from, to);
    if ((o.kind === 'enterprise' || o.kind === 'farmers-cooperative') && o.quality > 0.6 && r.chance(0.08)) this.contractKeeping(o, ref, out);
    if (r.chance(o.kind === 'government-body' ? 0.05 : 0.02)) {
      this.commitment(
        o,
        ref,
        out,
        r.chance(0.7) ? 'self-declared' : 'industry-self-discipline',
        this.dayIn(from, to),
        r.chance(0.5) ? 'development-reform' : 'market-regulation',
      );
    }
  }

  private registration(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[]): void {
    const year = D.yearOf(o.established);
    const a = this.authority(o.registrar, o.place);
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
    this.emit(out, o.registrar, o.place, 'registration-basics', ref, number, o.established, a.name, basis, fields);
  }

  private annualReports(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[]): void {
    const r = this.r;
    const ty = D.yearOf(this.today);
    const ey = D.yearOf(o.established);
    const a = this.authority('market-regulation', o.place);
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
      if (o.end < open || open > this.today) continue;
      const miss = (o.kind === 'individual-business' ? 0.06 : 0.03) * (0.5 + risk);
      const u = r.float();
      if (u < miss + 0.03) {
        // Not filed by the deadline: listed as abnormal, and removed once filed late.
        const listed = deadline + r.int(1, 50);
        if (listed > this.today || listed > o.end) continue;
        const filed = u >= miss ? listed + r.int(5, 200) : Number.MAX_SAFE_INTEGER;
        const filedNow = filed <= this.today;
        if (filedNow) this.annualReport(o, ref, out, a, basis, y, filed, 'late');
        const removed = filedNow ? Math.min(this.today, filed + r.int(1, 10)) : 0;
        this.abnormal(o, ref, out, listed, 'annual-report-not-filed', removed, filedNow ? '补报未报年份的年度报告并公示' : '');
      } else {
        const filed = this.dayIn(open, deadline);
        if (filed <= this.today && filed <= o.end) this.annualReport(o, ref, out, a, basis, y, filed, 'on-time');
      }
    }
  }

  private annualReport(
    o: Organisation,
    ref: RecordSubmission['subject'],
    out: GeneratedRecord[],
    a: Authority,
    basis: string,
    year: number,
    filed: number,
    timeliness: 'on-time' | 'late',
  ): void {
    const r = this.r;
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
    this.emit(out, 'market-regulation', o.place, 'annual-report', ref, `${o.code}-${year}年度报告`, filed, a.name, basis, fields);
  }

  private abnormal(
    o: Organisation,
    ref: RecordSubmission['subject'],
    out: GeneratedRecord[],
    day: number,
    reason: string,
    removed: number,
    removalReason: string,
  ): void {
    const a = this.authority('market-regulation', o.place);
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
    this.emit(out, 'market-regulation', o.place, 'abnormal-operations', ref, this.num.doc(a, '异', D.yearOf(day)), day, a.name, basis, fields);
  }

  private taxGrades(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], violationYear: number): void {
    const r = this.r;
    const rate = o.kind === 'enterprise' ? 0.92 : o.kind === 'farmers-cooperative' ? 0.4 : o.kind === 'individual-business' ? 0.04 : 0.08;
    if (!r.chance(rate)) return;
    const ty = D.yearOf(this.today);
    const a = this.authority('tax', o.place, 'province');
    const spelled = this.spelling(o, ref, 'tax');
    for (let y = Math.max(ty - 2, 2014); y <= ty - 1; y++) {
      const published = D.dayOf(y + 1, 4, r.int(1, 28));
      if (published > this.today || published > o.end || o.established > D.dayOf(y, 12, 31)) continue;
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
      this.emit(out, 'tax', o.place, 'tax-credit-grade', spelled, number, published, a.name, basis, { evaluationYear: y, grade, score, validUntil });
      if (grade === 'A') this.emit(out, 'tax', o.place, 'tax-a-grade-taxpayer', spelled, number, published, a.name, basis, { evaluationYear: y, validUntil });
    }
  }

  private environmentalRating(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[]): void {
    const r = this.r;
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
    const ty = D.yearOf(this.today);
    const a = this.authority('ecology-environment', o.place, 'city');
    for (let y = Math.max(ty - 2, 2013); y <= ty - 1; y++) {
      if (!r.chance(0.75)) continue;
      const day = D.dayOf(y + 1, r.int(6, 9), r.int(1, 28));
      if (day > this.today || day > o.end || o.established > D.dayOf(y, 12, 31)) continue;
      const q = o.quality + (r.float() - 0.5) * 0.1;
      const rating = q > 0.7 ? 'green' : q > 0.15 ? 'blue' : q > 0.05 ? 'yellow' : q > 0.015 ? 'red' : 'black';
      const number = `${a.abbr}信〔${y + 1}〕${1 + (hash32(Number(o.place.code.slice(0, 4)), y, 5) % 20)}号`;
      this.emit(
        out,
        'ecology-environment',
        o.place,
        'environmental-credit-rating',
        this.spelling(o, ref, 'ecology-environment'),
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

  private customsStatus(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
    const tags = o.tags;
    const rate = o.kind !== 'enterprise' ? 0 : tags.includes('import-export') ? 0.7 : tags.includes('trade') ? 0.05 : tags.includes('manufacturing') ? 0.04 : 0;
    if (!r.chance(rate)) return;
    const day = this.dayIn(from, to);
    const status = o.quality > 0.85 ? 'advanced-certified' : o.quality < 0.04 ? 'untrustworthy' : 'registered';
    const fields: Record<string, FieldValue> = { status };
    if (status === 'advanced-certified') fields.validUntil = D.iso(D.addYears(day, 3));
    if (status === 'untrustworthy') fields.validUntil = D.iso(D.addYears(day, 1));
    const a = this.authority('customs', o.place);
    this.emit(
      out,
      'customs',
      o.place,
      'customs-credit-status',
      this.spelling(o, ref, 'customs'),
      this.num.doc(a, '信', D.yearOf(day)),
      day,
      a.name,
      '《中华人民共和国海关注册登记和备案企业信用管理办法》第四条',
      fields,
    );
  }

  private licenceTemplates(o: Organisation): Array<[LicenceTemplate, number]> {
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

  private licences(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
    for (const [tpl, p] of this.licenceTemplates(o)) {
      if (!r.chance(p)) continue;
      // First issued at or after establishment; renewed before expiry while the subject operates.
      let issued = Math.max(o.established + r.int(5, 90), this.today - Math.floor(tpl.years * 365.25) - r.int(0, 700));
      for (let k = 0; k < 6 && issued <= to; k++) {
        const until = D.addYears(issued, tpl.years) - 1;
        if (issued >= from) this.licence(o, ref, out, tpl, issued, until, k);
        if (!r.chance(0.85)) break;
        issued = until + 1 - r.int(10, 60);
      }
    }
  }

  private licenceNumber(o: Organisation, tpl: LicenceTemplate, issued: number, k: number): string {
    const s = ++this.serial;
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

  private licence(
    o: Organisation,
    ref: RecordSubmission['subject'],
    out: GeneratedRecord[],
    tpl: LicenceTemplate,
    issued: number,
    until: number,
    k: number,
  ): void {
    const a = this.authority(tpl.kind, o.place, tpl.city ? 'city' : 'local', tpl.role);
    const number = this.num.doc(a, '许', D.yearOf(issued));
    const ok = this.emit(
      out,
      tpl.kind,
      o.place,
      'administrative-licence',
      this.spelling(o, ref, tpl.kind),
      number,
      issued,
      a.name,
      tpl.basis,
      {
        licenceName: tpl.name,
        licenceNumber: this.licenceNumber(o, tpl, issued, k),
        licenceType: tpl.type,
        content: tpl.content,
        validFrom: D.iso(issued),
        validUntil: D.iso(until),
      },
      tpl.role,
    );
    // Licences under the notification-and-commitment system come with a credit commitment.
    if (ok && this.r.chance(0.25)) {
      const kind = tpl.kind === 'market-regulation' || tpl.kind === 'administrative-body' ? tpl.kind : 'development-reform';
      this.commitment(o, ref, out, 'licence-application', issued, kind, tpl.role);
    }
  }

  private templates(o: Organisation, severity: Severity): WeightedTable<PenaltyTemplate> | null {
    const cls = BUSINESSES.has(o.kind) ? 'business' : o.kind === 'social-organisation' ? 'social' : 'public';
    const key = `${cls}|${o.tags.join(',')}|${severity}`;
    let t = this.templateCache.get(key);
    if (t === undefined) {
      const entries = PENALTY_TEMPLATES.filter(
        (p) => (p.subjects === 'any' || p.subjects === cls) && p.severities.includes(severity) && (!p.tags || p.tags.some((tag) => o.tags.includes(tag))),
      ).map((p) => [p, p.weight] as const);
      t = entries.length > 0 ? new WeightedTable(entries) : null;
      this.templateCache.set(key, t);
    }
    return t;
  }

  private penalty(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], severity: Severity, from: number, to: number): void {
    const r = this.r;
    const table = this.templates(o, severity);
    if (!table) return;
    const tpl = table.pick(r);
    const day = this.dayIn(from, to);
    const year = D.yearOf(day);
    const small = o.kind === 'individual-business' || o.kind === 'farmers-cooperative';
    let a: Authority;
    let docType = severity === 'minor' && (tpl.kind === 'market-regulation' || tpl.kind === 'tax') ? '简罚' : '罚';
    if (tpl.kind === 'tax' && (tpl.city || severity === 'serious')) a = this.taxInspection(o.place);
    else a = this.authority(tpl.kind, o.place, tpl.city ? 'city' : 'local', tpl.role);
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
    const ok = this.emit(
      out,
      tpl.kind,
      o.place,
      item,
      this.spelling(o, ref, tpl.kind),
      this.num.doc(a, docType, year),
      day,
      a.name,
      tpl.basis,
      fields,
      tpl.role,
    );
    // After the minimum period, some subjects repair their credit and sign a commitment.
    if (ok && severity !== 'minor' && r.chance(0.35)) {
      const minimum = D.addMonths(day, severity === 'general' ? 3 : 12);
      const signed = minimum + r.int(1, 90);
      if (signed <= to) this.commitment(o, ref, out, 'credit-repair', signed, 'development-reform');
    }
  }

  private enforcement(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
    const polluting = o.tags.includes('polluting') || o.tags.includes('chemical');
    const u = r.float();
    const kind = polluting && u < 0.3 ? 'ecology-environment' : u < 0.65 ? 'tax' : 'market-regulation';
    const day = this.dayIn(from, to);
    const a = kind === 'tax' ? this.authority('tax', o.place) : this.authority(kind, o.place, kind === 'ecology-environment' ? 'city' : 'local');
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
    this.emit(out, kind, o.place, 'administrative-enforcement', this.spelling(o, ref, kind), this.num.doc(a, '强', D.yearOf(day)), day, a.name, basis, {
      measures,
      reason,
      amount: r.int(10, 5000) * 100,
    });
  }

  private inspection(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
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
    const day = this.dayIn(from, to);
    const a = this.authority(kind, o.place, kind === 'ecology-environment' ? 'city' : 'local', role);
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
    this.emit(
      out,
      kind,
      o.place,
      'inspection-result',
      this.spelling(o, ref, kind),
      this.num.doc(a, '检', D.yearOf(day)),
      day,
      a.name,
      '《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）',
      fields,
      role,
    );
    if (result === 'not-found-at-address' && r.chance(0.7)) {
      const listed = day + r.int(10, 40);
      if (listed <= to) this.abnormal(o, ref, out, listed, 'unreachable-at-registered-address', 0, '');
    }
  }

  /** A court enforcement case: a consumption restriction order and/or a listing as a dishonest judgment defaulter. */
  private enforcementCase(
    s: Organisation | NaturalPerson,
    ref: RecordSubmission['subject'],
    out: GeneratedRecord[],
    from: number,
    to: number,
    restricted: boolean,
    listed: boolean,
  ): void {
    const r = this.r;
    const filed = this.dayIn(from, Math.max(from, to - 30));
    const court = this.court(s.place);
    const caseNumber = this.num.court(court, '执', D.yearOf(filed));
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
        if (r.chance(0.2) && day + 30 <= this.today) fields.liftedOn = D.iso(this.dayIn(day + 30, this.today));
        this.emit(
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
        executionBasis = this.num.court(court, '民初', basisYear);
        basisIssuer = court.name;
      } else if (u < 0.9) {
        const city = court.place.prefecture ?? court.place.province;
        executionBasis = this.num.court({ code: `${city.short[0]!}仲裁字第` }, '', basisYear);
        basisIssuer = `${city.name}仲裁委员会`;
      } else {
        executionBasis = this.num.court({ code: `${court.place.province.abbr}${court.place.docAbbr}证执字第` }, '', basisYear);
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
      this.emit(
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

  private contractDefaultBusiness(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
    const day = this.dayIn(from, to);
    const other = this.factory.otherOrganisation(r, o.index);
    const counterparty = other?.name ?? `${o.place.regionShort}${o.trade || '华信'}贸易有限公司`;
    const court = this.court(o.place);
    const arbitral = r.chance(0.25);
    let number: string;
    let authority: string;
    if (arbitral) {
      const city = court.place.prefecture ?? court.place.province;
      number = this.num.court({ code: `${city.short[0]!}仲裁字第` }, '', D.yearOf(day));
      authority = `${city.name}仲裁委员会`;
    } else {
      number = this.num.court(court, '民初', D.yearOf(day));
      authority = court.name;
    }
    this.emit(out, 'court', court.place, 'contract-default-business', ref, number, day, authority, '《中华人民共和国民法典》第五百七十七条', {
      counterparty,
      contractName: r.pick(CONTRACT_NAMES),
      amountOwed: r.int(5, 5000) * 1000,
      finding: arbitral ? 'arbitral-award' : 'court-judgment',
    });
  }

  private contractDefaultGovernment(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
    const day = this.dayIn(from, to);
    const other = this.factory.otherOrganisation(r, o.index);
    const u = r.float();
    const kind = u < 0.4 ? 'court' : u < 0.75 ? 'finance' : 'development-reform';
    let number: string;
    let authority: string;
    let basis: string;
    let finding: string;
    let supplyPlace = o.place;
    if (kind === 'court') {
      const court = this.court(o.place);
      supplyPlace = court.place;
      number = this.num.court(court, '民初', D.yearOf(day));
      authority = court.name;
      basis = '《中华人民共和国民法典》第五百七十七条';
      finding = 'court-judgment';
    } else {
      // Found by the superior authority's inspection of payments to businesses.
      const a = this.authority(kind, o.place, o.place.level === 'county' ? 'city' : 'province');
      number = this.num.doc(a, kind === 'finance' ? '款督' : '信用', D.yearOf(day));
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
    this.emit(out, kind, supplyPlace, 'contract-default-government', ref, number, day, authority, basis, fields);
  }

  private majorTaxViolation(s: Organisation | NaturalPerson, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): number {
    const r = this.r;
    const day = this.dayIn(from, to);
    const { type: violationType, facts, article } = TAX_VIOLATION_TABLE.pick(r);
    const a = this.taxInspection(s.place);
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
    this.emit(
      out,
      'tax',
      s.place,
      'major-tax-violation',
      ref,
      this.num.doc(a, '罚', D.yearOf(day)),
      day,
      a.name,
      `《重大税收违法失信主体信息公布管理办法》${article}`,
      fields,
    );
    return day;
  }

  private procurement(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
    const day = this.dayIn(from, to);
    const years = r.int(1, 3);
    const a = this.authority('finance', o.place, r.chance(0.8) ? 'city' : 'province');
    const violation = r.pick(PROCUREMENT_VIOLATIONS);
    const article = violation.includes('虚假') ? '第一项' : violation.includes('串通') ? '第三项' : violation.includes('行贿') ? '第四项' : '第五项';
    this.emit(
      out,
      'finance',
      o.place,
      'procurement-serious-violation',
      this.spelling(o, ref, 'finance'),
      this.num.doc(a, '采罚', D.yearOf(day)),
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

  private wageArrears(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
    const day = this.dayIn(from, to);
    const a = this.authority('human-resources', o.place);
    this.emit(
      out,
      'human-resources',
      o.place,
      'wage-arrears-list',
      this.spelling(o, ref, 'human-resources'),
      this.num.doc(a, '欠薪', D.yearOf(day)),
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

  private safetySerious(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
    const day = this.dayIn(from, to);
    const a = this.authority('emergency-management', o.place, 'city');
    this.emit(
      out,
      'emergency-management',
      o.place,
      'safety-production-serious',
      this.spelling(o, ref, 'emergency-management'),
      this.num.doc(a, '严失', D.yearOf(day)),
      day,
      a.name,
      '《安全生产严重失信主体名单管理办法》第六条',
      {
        violation: r.pick(SAFETY_VIOLATIONS),
        until: D.iso(D.addYears(day, r.chance(0.3) ? 1 : 3)),
      },
    );
  }

  private honours(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[], from: number, to: number): void {
    const r = this.r;
    const business = BUSINESSES.has(o.kind);
    const cls: HonourTemplate['for'] = business ? 'business' : o.kind === 'social-organisation' ? 'social' : 'public';
    const rate = business ? (o.quality > 0.6 ? 0.06 : 0.008) : o.kind === 'social-organisation' ? 0.08 : 0.04;
    if (!r.chance(rate)) return;
    const candidates = HONOURS.filter((h) => h.for === cls || h.for === 'any');
    if (candidates.length === 0) return;
    const h = r.pick(candidates);
    const day = this.dayIn(from, to);
    let level = r.pick(h.levels);
    if (level === 'county' && o.place.level !== 'county') level = 'municipal';
    let authority: string;
    let numbered: { abbr: string; cells?: Map<number, Cell> };
    let title: string;
    if (level === 'national') {
      authority = NATIONAL_AUTHORITIES[h.kind] ?? this.authority(h.kind, o.place, 'province', h.role).name;
      numbered = { abbr: '国' };
      title = `全国${h.title}`;
    } else {
      const a = this.authority(h.kind, o.place, level === 'provincial' ? 'province' : level === 'municipal' ? 'city' : 'local', h.role);
      authority = a.name;
      numbered = a;
      const region = level === 'provincial' ? o.place.province.name : level === 'municipal' ? (o.place.prefecture?.name ?? o.place.fullName) : o.place.fullName;
      title = region + h.title;
    }
    this.emit(
      out,
      h.kind,
      o.place,
      'honour',
      this.spelling(o, ref, h.kind),
      this.num.doc(numbered, '表', D.yearOf(day)),
      day,
      authority,
      h.basis,
      { title, level },
      h.role,
    );
  }

  private contractKeeping(o: Organisation, ref: RecordSubmission['subject'], out: GeneratedRecord[]): void {
    const r = this.r;
    const ty = D.yearOf(this.today);
    const y2 = ty - 1 - r.int(0, 2);
    const day = D.dayOf(y2 + 1, r.int(3, 10), r.int(1, 28));
    if (day > this.today || day > o.end || o.established > D.dayOf(y2 - 1, 1, 1)) return;
    const u = r.float();
    const level = u < 0.6 ? 'municipal' : u < 0.95 ? 'provincial' : 'national';
    const a =
      level === 'national'
        ? { name: NATIONAL_AUTHORITIES['market-regulation']!, abbr: '国市监' }
        : this.authority('market-regulation', o.place, level === 'provincial' ? 'province' : 'city');
    this.emit(
      out,
      'market-regulation',
      o.place,
      'contract-keeping-enterprise',
      ref,
      this.num.doc(a, '守', y2 + 1),
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

  private commitment(
    o: Organisation,
    ref: RecordSubmission['subject'],
    out: GeneratedRecord[],
    type: keyof typeof COMMITMENTS,
    day: number,
    kind: string,
    role?: AdministrativeRole,
  ): void {
    const r = this.r;
    if (day > o.end || day > this.today) return;
    const a = this.authority(kind, o.place, 'local', role);
    const fields: Record<string, FieldValue> = { commitmentType: type, content: COMMITMENTS[type] };
    const until = D.addYears(day, r.int(1, 3));
    fields.validUntil = D.iso(until);
    const ok = this.emit(
      out,
      kind,
      o.place,
      'credit-commitment',
      this.spelling(o, ref, kind),
      this.num.doc(a, '诺', D.yearOf(day)),
      day,
      a.name,
      '《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）',
      fields,
      role,
    );
    // A few subjects break their commitment.
    if (ok && o.quality < 0.2 && r.chance(0.15)) {
      const found = day + r.int(30, 400);
      if (found > Math.min(this.today, o.end)) return;
      const bk = kind === 'market-regulation' ? 'market-regulation' : 'development-reform';
      const b = this.authority(bk, o.place);
      const breach =
        type === 'licence-application'
          ? '承诺已具备许可条件，经事后核查不符合许可条件'
          : type === 'credit-repair'
            ? '承诺已履行处罚决定规定的义务，经核查未履行'
            : '承诺依法依规经营，期间发生违法失信行为';
      this.emit(
        out,
        bk,
        o.place,
        'commitment-breach',
        this.spelling(o, ref, bk),
        this.num.doc(b, '违诺', D.yearOf(found)),
        found,
        b.name,
        '《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）',
        {
          commitment: COMMITMENTS[type],
          breach,
        },
      );
    }
  }

  // ---------------------------------------------------------------- natural persons

  private person(p: NaturalPerson, out: GeneratedRecord[]): void {
    const r = this.r;
    const ref = { idNumber: p.person.id, name: p.person.name };
    const from = this.start;
    const to = this.today;
    const listed = r.chance(0.9);
    const restricted = !listed || r.chance(0.85);
    this.enforcementCase(p, ref, out, from, to, restricted, listed);
    if (r.chance(0.08)) this.majorTaxViolation(p, ref, out, from, to);
  }
}

function byDate(a: GeneratedRecord, b: GeneratedRecord): number {
  const x = a.record.decision.date;
  const y = b.record.decision.date;
  return x < y ? -1 : x > y ? 1 : 0;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/**
 * A synthetic dataset: iterate it for the records (in a fixed order), ask it for subjects and
 * samples. Iterating twice gives the same records.
 */
export class SyntheticDataset implements Iterable<GeneratedRecord> {
  readonly options: Readonly<DatasetOptions>;
  readonly agencies: readonly DemoAgency[];
  readonly factory: SubjectFactory;
  private readonly policy: Policy;

  constructor(options: DatasetOptions) {
    this.options = options;
    this.policy = options.policy;
    this.agencies = options.agencies ?? DEMO_AGENCIES;
    this.factory = new SubjectFactory(options);
    checkAgainstPolicy(this.policy, this.agencies);
  }

  [Symbol.iterator](): Generator<GeneratedRecord> {
    return this.records();
  }

  /** Every record, subject by subject (each subject's by decision date). */
  *records(): Generator<GeneratedRecord> {
    const writer = new RecordWriter(this.factory, this.agencies, new Numbering());
    const buf: GeneratedRecord[] = [];
    for (let i = 0; i < this.factory.count; i++) {
      writer.build(i, buf);
      for (let k = 0; k < buf.length; k++) yield buf[k]!;
    }
  }

  /** The records in arrays of about `size` (whole subjects per batch): less overhead for bulk loading. */
  *batches(size = 1000): Generator<GeneratedRecord[]> {
    const writer = new RecordWriter(this.factory, this.agencies, new Numbering());
    const buf: GeneratedRecord[] = [];
    let batch: GeneratedRecord[] = [];
    for (let i = 0; i < this.factory.count; i++) {
      writer.build(i, buf);
      for (let k = 0; k < buf.length; k++) batch.push(buf[k]!);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Every subject, in index order. */
  *subjects(): Generator<SyntheticSubject> {
    for (let i = 0; i < this.factory.count; i++) yield this.factory.describe(this.factory.subject(i));
  }

  subject(index: number): SyntheticSubject {
    if (!Number.isInteger(index) || index < 0 || index >= this.factory.count) throw new RangeError(`no subject ${index}`);
    return this.factory.describe(this.factory.subject(index));
  }

  /**
   * The records of one subject as the full run would produce them, except decision numbers,
   * which are numbered per dataset run (so they differ from the stream's). For inspection.
   */
  recordsOf(index: number): GeneratedRecord[] {
    const writer = new RecordWriter(this.factory, this.agencies, new Numbering());
    const buf: GeneratedRecord[] = [];
    writer.build(index, buf);
    return buf;
  }

  /** Up to `count` subject codes of each sample list, from the first subjects of the dataset. */
  samples(count = 5): Samples {
    const out: Samples = { listed: [], clean: [], government: [], redlisted: [], repairable: [] };
    const governmentOther: string[] = [];
    const writer = new RecordWriter(this.factory, this.agencies, new Numbering());
    const buf: GeneratedRecord[] = [];
    const today = D.iso(this.factory.today);
    const negative = new Set(this.policy.items.filter((i) => i.polarity === 'negative').map((i) => i.code));
    const full = () =>
      out.listed.length >= count &&
      out.clean.length >= count &&
      out.government.length >= count &&
      out.redlisted.length >= count &&
      out.repairable.length >= count;
    for (let i = 0; i < this.factory.count && !full(); i++) {
      const s = writer.build(i, buf);
      if (s.kind === 'natural-person') continue;
      let serious = false;
      let anyNegative = false;
      let red = false;
      let govDefault = false;
      let repairable = false;
      for (const { record } of buf) {
        const item = record.item;
        if (negative.has(item)) {
          anyNegative = true;
          const w = this.policy.windowFor(item, record.decision.date, record.fields);
          if (w.repairable && isPublicOn(w, today) && w.minimumEnd !== null && w.minimumEnd <= today) repairable = true;
        }
        if (SERIOUS_ITEMS.has(item) && isPublicOn(this.policy.windowFor(item, record.decision.date, record.fields), today)) serious = true;
        if ((item === 'tax-a-grade-taxpayer' || item === 'contract-keeping-enterprise') && String(record.fields.validUntil) >= today) red = true;
        if (item === 'contract-default-government') govDefault = true;
      }
      if (serious && out.listed.length < count) out.listed.push(s.code);
      if (!anyNegative && s.kind === 'enterprise' && s.status === 'in-business' && out.clean.length < count) out.clean.push(s.code);
      if (red && out.redlisted.length < count) out.redlisted.push(s.code);
      if (repairable && s.kind === 'enterprise' && out.repairable.length < count) out.repairable.push(s.code);
      if (s.kind === 'government-body') {
        if (govDefault && out.government.length < count) out.government.push(s.code);
        else if (!govDefault) governmentOther.push(s.code);
      }
    }
    while (out.government.length < count && governmentOther.length > 0) out.government.push(governmentOther.shift()!);
    return out;
  }
}

/** Checks that the pack has every item the generator makes, that the generator's agency kinds may supply them, and that the agencies cover every kind. */
function checkAgainstPolicy(policy: Policy, agencies: readonly DemoAgency[]): void {
  const problems: string[] = [];
  const kinds = new Set(policy.agencyKinds.map((k) => k.code));
  for (const a of agencies) if (!kinds.has(a.kind)) problems.push(`agency ${a.code}: kind ${a.kind} is not an agency kind of the pack`);
  for (const [code, suppliers] of Object.entries(ITEM_SUPPLIERS)) {
    const item = policy.item(code);
    if (!item) {
      problems.push(`the pack has no catalogue item ${code}`);
      continue;
    }
    for (const k of suppliers)
      if (!item.suppliers.includes(k)) problems.push(`item ${code}: the generator supplies it from ${k}, which the catalogue does not allow`);
  }
  if (problems.length > 0) throw new Error(`the synthetic data generator does not fit policy ${policy.version}:\n  ${problems.join('\n  ')}`);
}

/** A dataset for the options (see SyntheticDataset). */
export function generateDataset(options: DatasetOptions): SyntheticDataset {
  return new SyntheticDataset(options);
}

/** The subjects of a dataset, in index order, without generating records. */
export function* generateSubjects(options: SubjectOptions | DatasetOptions): Generator<SyntheticSubject> {
  const factory = new SubjectFactory(options);
  for (let i = 0; i < factory.count; i++) yield factory.describe(factory.subject(i));
}
