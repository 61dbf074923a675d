// Writes the records of one subject at a time: which record families an organisation or a
// natural person gets, and how often, by its kind, industry tags and quality. The families
// (./registration.ts, ./penalties.ts ...) write the records themselves.
import type { SubjectKind } from '../../domain/enumerations.ts';
import * as D from '../days.ts';
import type { DemoAgency } from '../agencies.ts';
import type { NaturalPerson, Organisation, Subject, SubjectFactory } from '../subjects.ts';
import type { Severity } from '../templates.ts';
import { BUSINESSES, RecordContext, type GeneratedRecord } from './context.ts';
import type { Numbering } from './numbering.ts';
import { commitment } from './commitments.ts';
import { contractDefaultBusiness, contractDefaultGovernment } from './contracts.ts';
import { enforcementCase } from './court.ts';
import { contractKeeping, honours } from './honours.ts';
import { licences } from './licences.ts';
import { majorTaxViolation, procurement, safetySerious, wageArrears } from './lists.ts';
import { enforcement, inspection, penalty } from './penalties.ts';
import { customsStatus, environmentalRating, taxGrades } from './ratings.ts';
import { annualReports, registration } from './registration.ts';

/** Kinds of subject that hold licences, get penalties and inspections and are graded for tax. */
const MARKET_SUBJECTS = new Set<SubjectKind>(['enterprise', 'individual-business', 'farmers-cooperative', 'social-organisation', 'public-institution']);

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

/** Builds the records of one subject at a time. */
export class RecordWriter {
  private readonly ctx: RecordContext;

  constructor(factory: SubjectFactory, agencies: readonly DemoAgency[], num: Numbering) {
    this.ctx = new RecordContext(factory, agencies, num);
  }

  /** The records of subject `index` (built into `out`, which is cleared), sorted by decision date. */
  build(index: number, out: GeneratedRecord[]): Subject {
    out.length = 0;
    const subject = this.ctx.factory.subject(index);
    this.ctx.begin(index);
    if (subject.kind === 'natural-person') this.person(subject, out);
    else this.organisation(subject, out);
    if (out.length > 1) out.sort(byDate);
    return subject;
  }

  private organisation(o: Organisation, out: GeneratedRecord[]): void {
    const ctx = this.ctx;
    const ref = { code: o.code, name: o.name };
    const r = ctx.r;
    registration(ctx, o, ref, out);
    const from = Math.max(ctx.start, o.established + 1);
    const to = o.end;
    if (from > to) return;
    const risk = 2 * (1 - o.quality);
    const business = BUSINESSES.has(o.kind);
    const market = MARKET_SUBJECTS.has(o.kind);

    // Serious tax violations first: they also decide the tax grades after them.
    let taxViolationYear = 9999;
    if ((o.kind === 'enterprise' && r.chance(0.004 * risk * risk)) || (o.kind === 'individual-business' && r.chance(0.001 * risk * risk))) {
      taxViolationYear = D.yearOf(majorTaxViolation(ctx, o, ref, out, from, to));
    }
    if (business) annualReports(ctx, o, ref, out);
    if (market && !o.parentCode) taxGrades(ctx, o, ref, out, taxViolationYear);
    if (business) {
      environmentalRating(ctx, o, ref, out);
      customsStatus(ctx, o, ref, out, from, to);
    }
    if (market) {
      licences(ctx, o, ref, out, from, to);
      const rates = PENALTY_RATES[o.kind];
      if (rates) {
        for (const severity of ['minor', 'general', 'serious'] as const) {
          const lambda = rates[severity] * (severity === 'serious' ? 0.75 * risk * risk : risk);
          for (let n = ctx.count(lambda); n > 0; n--) penalty(ctx, o, ref, out, severity, from, to);
        }
      }
      if (r.chance(0.012 * risk)) enforcement(ctx, o, ref, out, from, to);
      if (r.chance(0.15)) {
        inspection(ctx, o, ref, out, from, to);
        if (r.chance(0.2)) inspection(ctx, o, ref, out, from, to);
      }
    }
    const court = COURT_RATES[o.kind];
    if (court) {
      const restricted = r.chance(court[0] * risk);
      const listed = r.chance(court[1] * risk);
      if (restricted || listed) enforcementCase(ctx, o, ref, out, from, to, restricted, listed);
      if (court[2] > 0 && r.chance(court[2] * risk)) contractDefaultBusiness(ctx, o, ref, out, from, to);
    }
    if (o.kind === 'enterprise' || o.kind === 'individual-business') {
      const tags = o.tags;
      if ((tags.includes('tech') || tags.includes('trade') || tags.includes('construction') || tags.includes('services')) && r.chance(0.0025 * risk * risk))
        procurement(ctx, o, ref, out, from, to);
      if (o.kind === 'enterprise' && r.chance((tags.includes('construction') ? 0.012 : 0.0006) * risk * risk)) wageArrears(ctx, o, ref, out, from, to);
      if (
        (tags.includes('manufacturing') || tags.includes('chemical') || tags.includes('construction') || tags.includes('logistics')) &&
        r.chance(0.003 * risk * risk)
      )
        safetySerious(ctx, o, ref, out, from, to);
    }
    if (o.kind === 'government-body' && r.chance(0.08)) contractDefaultGovernment(ctx, o, ref, out, from, to);
    if (o.kind === 'public-institution' && r.chance(0.012)) contractDefaultGovernment(ctx, o, ref, out, from, to);
    honours(ctx, o, ref, out, from, to);
    if ((o.kind === 'enterprise' || o.kind === 'farmers-cooperative') && o.quality > 0.6 && r.chance(0.08)) contractKeeping(ctx, o, ref, out);
    if (r.chance(o.kind === 'government-body' ? 0.05 : 0.02)) {
      commitment(
        ctx,
        o,
        ref,
        out,
        r.chance(0.7) ? 'self-declared' : 'industry-self-discipline',
        ctx.dayIn(from, to),
        r.chance(0.5) ? 'development-reform' : 'market-regulation',
      );
    }
  }

  private person(p: NaturalPerson, out: GeneratedRecord[]): void {
    const ctx = this.ctx;
    const r = ctx.r;
    const ref = { idNumber: p.person.id, name: p.person.name };
    const from = ctx.start;
    const to = ctx.today;
    const listed = r.chance(0.9);
    const restricted = !listed || r.chance(0.85);
    enforcementCase(ctx, p, ref, out, from, to, restricted, listed);
    if (r.chance(0.08)) majorTaxViolation(ctx, p, ref, out, from, to);
  }
}

function byDate(a: GeneratedRecord, b: GeneratedRecord): number {
  const x = a.record.decision.date;
  const y = b.record.decision.date;
  return x < y ? -1 : x > y ? 1 : 0;
}
