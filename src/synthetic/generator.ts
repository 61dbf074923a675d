// The seeded, deterministic synthetic dataset: subjects (subjects.ts) and the records agencies
// file about them (records/), drawn from the catalogue with realistic severity mixes and dates
// over the five years before `today`. The same options give byte-for-byte the same records, in
// the same order: subject by subject, each subject's records by decision date. No I/O besides
// reading the data files (data/*.json); no Math.random, no clock.
import type { Policy } from '../domain/policy/policy.ts';
import { isPublicOn } from '../domain/publicity.ts';
import * as D from './days.ts';
import { DEMO_AGENCIES, type DemoAgency } from './agencies.ts';
import { HONOURS, LICENCES, PENALTY_TEMPLATES } from './templates.ts';
import { SubjectFactory, type SubjectOptions, type SyntheticSubject } from './subjects.ts';
import type { GeneratedRecord } from './records/context.ts';
import { Numbering } from './records/numbering.ts';
import { RecordWriter } from './records/writer.ts';

export { DEMO_AGENCIES, type DemoAgency } from './agencies.ts';
export type { NameVariant, SyntheticSubject } from './subjects.ts';
export type { FieldValue, GeneratedRecord, RecordSubmission } from './records/context.ts';

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
