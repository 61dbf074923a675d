// Reading subjects: the public profile (public fields of records inside their publicity window)
// now from the projections, or as of any past instant by replaying the subject's ledger events
// through the same reducer the projections use.
import type { Database } from '../store/database.ts';
import type { Policy } from '../policy/policy.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../errors/problems.ts';
import { parseUscc } from '../domain/ids/uscc.ts';
import { hashResidentId, parseResidentId } from '../domain/ids/resident-id.ts';
import { personKey, type FieldValue } from '../domain/records.ts';
import { isPublicOn } from '../domain/publicity.ts';
import { subjectEvents } from '../ledger/ledger.ts';
import { applyEvents, emptyState, loadSubjectRecords, type RecordRow, type SubjectRow } from '../ledger/projection.ts';
import type { LegalBasis, Text } from '../policy/schema.ts';
import { endOfLocalDay } from '../domain/time-zone.ts';

export interface PublicRecordView {
  recordId: string;
  item: string;
  itemName: Text;
  category: string;
  polarity: string;
  agency: string;
  version: number;
  decision: Record<string, string>;
  fields: Record<string, FieldValue>;
  publicity: { class: string; ruleVersion: string; start: string | null; end: string | null };
  legalBasis: LegalBasis[];
}

export interface SubjectSummary {
  code: string;
  kind: string;
  name: string;
  divisionCode: string | null;
  codeFlags: string[];
}

export interface PublicProfile {
  subject: SubjectSummary;
  /** The instant the profile describes and its local date. */
  asOf: string;
  date: string;
  policyVersion: string;
  records: PublicRecordView[];
}

export class SubjectService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly idHashSecret: string,
  ) {}

  /** The subject key for a code given by a caller: a USCC, or a resident identity number. */
  keyOf(code: string): string {
    const uscc = parseUscc(code, { lenient: true });
    if (uscc.valid) return uscc.code;
    const person = parseResidentId(code);
    if (person.valid) return personKey(hashResidentId(person.number, this.idHashSecret));
    throw new AppError('invalid-identifier', `'${code.slice(0, 40)}' is neither a Unified Social Credit Code nor a resident identity number: ${uscc.message}`);
  }

  /** Parses an as-of parameter: an instant, or a date meaning the end of that local day. */
  parseInstant(value: string): Date {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return endOfLocalDay(value, this.policy.manifest.timeZone);
    const d = new Date(value);
    if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
      throw new AppError('validation-failed', `asOf '${value}' is neither a date (YYYY-MM-DD) nor an ISO 8601 instant`, {
        errors: [{ field: 'asOf', message: 'must be a date or an instant' }],
      });
    }
    return d;
  }

  async publicProfile(code: string, asOf?: Date): Promise<PublicProfile> {
    const key = this.keyOf(code);
    const now = this.clock.now();
    const at = asOf && asOf.getTime() < now.getTime() ? asOf : now;
    let subject: SubjectRow | undefined;
    let records: RecordRow[];
    if (at === now) {
      const rows = await this.db.query<{
        subject_key: string;
        kind: string;
        code: string;
        name: string;
        division_code: string | null;
        code_flags: string[];
        first_seq: number;
      }>('SELECT * FROM subject WHERE subject_key = $1', [key]);
      const r = rows[0];
      subject = r && {
        subjectKey: r.subject_key,
        kind: r.kind,
        code: r.code,
        name: r.name,
        divisionCode: r.division_code,
        codeFlags: r.code_flags,
        firstSeq: r.first_seq,
      };
      records = subject ? await loadSubjectRecords(this.db, key) : [];
    } else {
      const state = applyEvents(emptyState(), await subjectEvents(this.db, key, at));
      subject = state.subjects.get(key)?.row;
      records = [...state.records.values()];
    }
    if (!subject) {
      // A code accepted only leniently is worth looking up (some issued codes fail their check),
      // but if nothing is stored under it, say that it is not a valid code.
      const strict = parseUscc(code);
      if (!strict.valid && strict.reason !== 'length' && !parseResidentId(code).valid) {
        throw new AppError('invalid-identifier', `'${code.slice(0, 40)}' is not a valid Unified Social Credit Code: ${strict.message}`);
      }
      throw new AppError('subject-not-found', `the platform held no records about ${code.slice(0, 40)} ${at === now ? 'now' : `on ${at.toISOString()}`}`);
    }
    const date = this.policy.localDate(at);
    return {
      subject: { code: subject.code, kind: subject.kind, name: subject.name, divisionCode: subject.divisionCode, codeFlags: subject.codeFlags },
      asOf: at.toISOString(),
      date,
      policyVersion: this.policy.version,
      records: records
        .filter((r) => r.status === 'active' && isPublicOn({ published: r.published, start: r.publicityStart, end: r.publicityEnd }, date))
        .sort((a, b) => (a.decisionDate < b.decisionDate ? 1 : a.decisionDate > b.decisionDate ? -1 : a.recordId < b.recordId ? -1 : 1))
        .map((r) => this.publicView(r)),
    };
  }

  /** The public fields of a record: what the portal may show while it is in publicity. */
  publicView(r: RecordRow): PublicRecordView {
    const item = this.policy.item(r.item);
    const fields: Record<string, FieldValue> = {};
    for (const f of item?.fields ?? []) {
      const v = r.fields[f.name];
      if (v !== undefined && f.disclosure === 'public') fields[f.name] = v;
    }
    const decision: Record<string, string> = {};
    for (const k of ['number', 'date', 'authority', 'basis'] as const) {
      if (this.policy.decisionDisclosure[k] === 'public') decision[k] = r.decision[k];
    }
    return {
      recordId: r.recordId,
      item: r.item,
      itemName: item?.name ?? { zh: r.item, en: r.item },
      category: r.category,
      polarity: r.polarity,
      agency: r.agencyCode,
      version: r.version,
      decision,
      fields,
      publicity: { class: r.publicityClass, ruleVersion: r.ruleVersion, start: r.publicityStart, end: r.publicityEnd },
      legalBasis: item?.legalBasis ?? [],
    };
  }
}
