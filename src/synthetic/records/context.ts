// What every record family draws on while the records of one subject are written: the
// subject's random stream, the supplying agency of a record, the deciding authorities and courts
// of a place (cached, with their number counters), and how a record is emitted.
import { Random } from '../random.ts';
import type { Place } from '../divisions.ts';
import * as D from '../days.ts';
import { AgencyRouter, authorityOf, type AdministrativeRole, type Authority, type DemoAgency } from '../agencies.ts';
import { hasTraditionalVariant, swapBrackets, toTraditional } from '../names.ts';
import { STREAM, type Organisation, type SubjectFactory } from '../subjects.ts';
import type { SubjectKind } from '../../domain/enumerations.ts';
import type { Numbered, Numbering } from './numbering.ts';

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

/** The subject of a record as an agency names it. */
export type SubjectRef = RecordSubmission['subject'];

/** Kinds of subject that are businesses (annual reports, business penalties and honours). */
export const BUSINESSES: ReadonlySet<SubjectKind> = new Set<SubjectKind>(['enterprise', 'individual-business', 'farmers-cooperative']);

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

export interface Court extends Numbered {
  name: string;
  code: string;
  place: Place;
}

export type CachedAuthority = Authority & Numbered;

/** The state the record families share while one subject's records are written. */
export class RecordContext {
  /** The subject's random stream: every draw of every family comes from it, in order. */
  readonly r = new Random(0);
  readonly today: number;
  /** The first day records are dated: five years before today. */
  readonly start: number;
  private readonly router: AgencyRouter;
  private readonly authorityCache = new Map<number, CachedAuthority>();
  private readonly courts: Court[] = [];
  private serial = 0;

  constructor(
    readonly factory: SubjectFactory,
    agencies: readonly DemoAgency[],
    readonly num: Numbering,
  ) {
    this.router = new AgencyRouter(agencies);
    this.today = factory.today;
    this.start = D.addYears(this.today, -5);
  }

  /** Starts the records of subject `index`: its own random stream and licence serials. */
  begin(index: number): void {
    this.r.reseed(this.factory.seed, STREAM.records, index);
    this.serial = index * 64;
  }

  /** The next licence serial of the subject. */
  nextSerial(): number {
    return ++this.serial;
  }

  /** A day from `from` to `to`, both inclusive. */
  dayIn(from: number, to: number): number {
    return from + this.r.below(to - from + 1);
  }

  /** The deciding authority of `kind` for a subject registered in `place` (see authorityOf), cached with its number counters. */
  authority(kind: string, place: Place, level: 'local' | 'city' | 'province' = 'local', role: AdministrativeRole = 'transport'): CachedAuthority {
    const key = ((place.id * 16 + KIND_INDEX[kind]!) * 4 + LEVEL_INDEX[level]) * 16 + ROLE_INDEX[role];
    let a = this.authorityCache.get(key);
    if (!a) {
      const { name, abbr } = authorityOf(kind, place, level, role);
      a = { name, abbr, cells: new Map() };
      this.authorityCache.set(key, a);
    }
    return a;
  }

  /** The inspection bureau of the city's tax bureau: it decides major violations and the tax penalties decided at city level. */
  taxInspection(place: Place): CachedAuthority {
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
  court(place: Place): Court {
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

  /** A Poisson draw with mean `lambda`, at most six. */
  count(lambda: number): number {
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

  /** Adds a record if an agency of `kind` (and of `role`, for other administrative bodies) supplies `place`; false if none does. */
  emit(
    out: GeneratedRecord[],
    kind: string,
    place: Place,
    item: string,
    subject: SubjectRef,
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
  spelling(o: Organisation, ref: SubjectRef, kind: string): SubjectRef {
    if (kind === o.registrar) return ref;
    const u = this.r.float();
    if (o.variant === 'full-width-brackets' || o.variant === 'half-width-brackets') {
      if (u < 0.3) return { code: o.code, name: swapBrackets(o.name) };
    } else if (u < 0.01 && o.variant !== 'traditional' && hasTraditionalVariant(o.name)) {
      return { code: o.code, name: toTraditional(o.name) };
    }
    return ref;
  }
}
