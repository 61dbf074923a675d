// Reading subjects. The public profile shows the public fields of records inside their
// publicity window and the list entries in force, each marked when disputed or under repair;
// it is read now from the projections, or as of any past instant by replaying the subject's
// ledger events through the same reducer. The subject's own view shows everything about it.
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { parseSubjectIdentifier } from '../../domain/ids/identifier.ts';
import { parseUscc } from '../../domain/ids/uscc.ts';
import { hashResidentId, parseResidentId } from '../../domain/ids/resident-id.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';
import { personKey, type FieldValue, type PersonIdValue } from '../../domain/records.ts';
import { isPublicOn } from '../../domain/publicity.ts';
import { listedOn } from '../../domain/lists.ts';
import { isOverdue, isRepairOverdue } from '../../domain/due-process.ts';
import { isIsoDate, parseIsoInstant, type IsoDate } from '../../domain/dates.ts';
import { subjectEvents } from '../../ledger/ledger.ts';
import {
  applyEvents,
  emptyState,
  LIST_ENTRY_TABLE,
  loadSubjectRecords,
  loadSubjectRows,
  OBJECTION_TABLE,
  REPAIR_TABLE,
  type ListEntryRow,
  type ObjectionRow,
  type RecordRow,
  type RepairRow,
  type SubjectRow,
} from '../../ledger/projection.ts';
import type { LegalBasis, Text } from '../../domain/policy/schema.ts';
import { endOfLocalDay } from '../../domain/time-zone.ts';
import { publicEntryView, type PublicListEntryView } from '../lists/list-entry-view.ts';
import type { AccessEntry, AccessLog } from '../access-log/access-log.service.ts';
import type { SubjectSearch } from '../search/search.service.ts';
import { isOversight, ownSubject, type Principal } from '../../kernel/principal.ts';
import { assertNever } from '../../domain/assert-never.ts';
import { loadSubject } from './subjects.store.ts';

export type { PublicListEntryView };

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
  /** An objection to the record is open. */
  disputed: boolean;
  /** A repair application is pending. */
  underRepair: boolean;
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
  listEntries: PublicListEntryView[];
}

/** A record as its subject sees it: every field (identity numbers masked), and its state. */
export interface OwnRecordView extends Omit<PublicRecordView, 'decision'> {
  decision: Record<string, string>;
  status: string;
  published: boolean;
  publicNow: boolean;
  publicityMinimumEnd: string | null;
  publicityEndedOn: string | null;
  publicityEndReason: string | null;
  repairable: boolean;
}

export interface OwnView {
  subject: SubjectSummary;
  date: string;
  records: OwnRecordView[];
  listEntries: ListEntryRow[];
  objections: Array<ObjectionRow & { overdue: boolean }>;
  repairs: Array<RepairRow & { overdue: boolean }>;
}

function isPersonId(v: unknown): v is PersonIdValue {
  return typeof v === 'object' && v !== null && 'masked' in v && 'hash' in v;
}

export class SubjectService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly idHashSecret: string,
    private readonly access: AccessLog,
    private readonly search: SubjectSearch,
  ) {}

  /**
   * Organisations by code, code prefix, name or part of it, pinyin or initials, best match first
   * (see src/features/search). Natural persons only by their full identity number, never by name.
   */
  async find(q: string, limit = 20): Promise<Array<{ code: string; name: string; kind: string }>> {
    const person = parseResidentId(q.trim());
    if (person.valid) {
      const subject = await this.subjectRow(this.keyOf(person.number));
      if (subject) return [{ code: subject.code, name: subject.name, kind: subject.kind }];
    }
    return (await this.search.search(q, { limit })).map(({ code, name, kind }) => ({ code, name, kind }));
  }

  /** Whether the platform holds anything about a subject. */
  async exists(subjectKey: string): Promise<boolean> {
    return (await this.subjectRow(subjectKey)) !== undefined;
  }

  /** The subject key for a code given by a caller: a USCC, or a resident identity number. */
  keyOf(code: string): string {
    const id = parseSubjectIdentifier(code);
    switch (id.type) {
      case 'uscc':
        return id.uscc.code;
      case 'person':
        return personKey(hashResidentId(id.person.number, this.idHashSecret));
      case 'invalid':
        throw new AppError(
          'invalid-identifier',
          `'${maskIdentityNumbers(code.slice(0, 40))}' is neither a Unified Social Credit Code nor a resident identity number: ${id.uscc.message}`,
        );
      default:
        return assertNever(id, 'subject identifier');
    }
  }

  /**
   * Parses an as-of parameter: an instant with its offset, or a date meaning the end of that local
   * day. Both are read strictly: a day that does not exist (2026-02-30, 2026-13-01) is refused,
   * never rolled over into another.
   */
  parseInstant(value: string): Date {
    const refused = () =>
      new AppError('validation-failed', `asOf '${value.slice(0, 40)}' is neither a date (YYYY-MM-DD) nor an ISO 8601 instant with its offset`, {
        errors: [{ field: 'asOf', message: 'must be a real date or an instant with its offset' }],
      });
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      if (!isIsoDate(value)) throw refused();
      const end = endOfLocalDay(value, this.policy.manifest.timeZone);
      if (Number.isNaN(end.getTime())) throw refused();
      return end;
    }
    const d = parseIsoInstant(value);
    if (!d) throw refused();
    return d;
  }

  private subjectRow(key: string): Promise<SubjectRow | undefined> {
    return loadSubject(this.db, key);
  }

  private notFound(code: string, when: string): AppError {
    // A code accepted only leniently is worth looking up (some issued codes fail their check),
    // but if nothing is stored under it, say that it is not a valid code.
    const strict = parseUscc(code);
    if (!strict.valid && strict.reason !== 'length' && !parseResidentId(code).valid) {
      return new AppError('invalid-identifier', `'${maskIdentityNumbers(code.slice(0, 40))}' is not a valid Unified Social Credit Code: ${strict.message}`);
    }
    return new AppError('subject-not-found', `the platform held no records about ${maskIdentityNumbers(code.slice(0, 40))} ${when}`);
  }

  /** The subject's state now (projections) or as of an instant (ledger replay). */
  private async state(key: string, at: Date | null) {
    if (at === null) {
      const subject = await this.subjectRow(key);
      if (!subject) return null;
      return {
        subject,
        records: await loadSubjectRecords(this.db, key),
        entries: await loadSubjectRows(this.db, LIST_ENTRY_TABLE, key),
      };
    }
    const st = applyEvents(emptyState(), await subjectEvents(this.db, key, at));
    const subject = st.subjects.get(key)?.row;
    if (!subject) return null;
    return { subject, records: [...st.records.values()], entries: [...st.entries.values()] };
  }

  /**
   * A subject's public profile (now or as of an instant, or as of a caller's date or instant, see
   * parseInstant); every view of a natural person's is access-logged.
   */
  async publicProfile(code: string, asOf?: Date | string): Promise<PublicProfile> {
    const profile = await this.profile(code, typeof asOf === 'string' ? this.parseInstant(asOf) : asOf);
    await this.access.viewed(this.keyOf(code), 'public', 'viewed the public profile');
    return profile;
  }

  /** The public profile without recording the view: for a caller that records it itself (a report). */
  async profile(code: string, asOf?: Date): Promise<PublicProfile> {
    const profile = await this.profileOfKey(this.keyOf(code), asOf);
    if (!profile) throw this.notFound(code, asOf && asOf.getTime() < this.clock.now().getTime() ? `on ${asOf.toISOString()}` : 'now');
    return profile;
  }

  /**
   * The public profile of a subject by its key, or null when the platform held nothing about it
   * then: for a caller that has the key and no code (a person's financial credit report) and
   * records the view itself.
   */
  async profileOfKey(key: string, asOf?: Date): Promise<PublicProfile | null> {
    const now = this.clock.now();
    const past = asOf && asOf.getTime() < now.getTime() ? asOf : null;
    const at = past ?? now;
    const st = await this.state(key, past);
    if (!st) return null;
    const date = this.policy.localDate(at);
    return {
      subject: summary(st.subject),
      asOf: at.toISOString(),
      date,
      policyVersion: this.policy.version,
      records: st.records
        .filter((r) => isRecordPublic(r, date))
        .sort(byDecisionDateDesc)
        .map((r) => this.publicView(r)),
      listEntries: st.entries.filter((e) => e.state === 'in-force' && listedOn(e, date)).map((e) => this.entryView(e)),
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
      disputed: r.openObjections > 0,
      underRepair: r.pendingRepair !== null,
    };
  }

  entryView(e: ListEntryRow): PublicListEntryView {
    return publicEntryView(this.policy, e);
  }

  /**
   * Everything about a subject, for the subject itself, administrators and auditors; a view by
   * anyone but the subject is access-logged.
   */
  async fullRecord(p: Principal, code: string): Promise<OwnView> {
    const key = this.keyOf(code);
    const self = ownSubject(p) === key;
    if (!self && !isOversight(p)) throw new AppError('forbidden', 'the full record is for the subject itself, administrators and auditors');
    if (!self) await this.access.viewed(key, 'beyond-public', 'read the full record');
    return this.ownView(key);
  }

  /** Everything about the subject of a subject's own account. */
  async mine(p: Principal): Promise<OwnView> {
    const key = ownSubject(p);
    if (key === null) throw new AppError('forbidden', "this operation is for a subject's own account");
    return this.ownView(key);
  }

  /** Who looked at a subject's data, newest first: for the subject itself and auditors. */
  async accessLogOf(p: Principal, code: string): Promise<AccessEntry[]> {
    const key = this.keyOf(code);
    if (ownSubject(p) !== key && !(p.kind === 'account' && p.account.role === 'auditor')) {
      throw new AppError('forbidden', 'the access log is for the subject itself and auditors');
    }
    return this.access.of(key);
  }

  /**
   * Everything about a subject: all disclosure levels, all states. Not access-logged: for the
   * subject's own pages, and for fullRecord, which decides and logs.
   */
  async ownView(key: string): Promise<OwnView> {
    const subject = await this.subjectRow(key);
    if (!subject) throw new AppError('subject-not-found', 'the platform holds no records about this subject');
    const date = this.policy.localDate(this.clock.now());
    const records = await loadSubjectRecords(this.db, key);
    return {
      subject: summary(subject),
      date,
      records: records.map((r) => {
        const pub = this.publicView(r);
        const fields: Record<string, FieldValue> = {};
        for (const [k, v] of Object.entries(r.fields)) fields[k] = isPersonId(v) ? v.masked : v;
        return {
          ...pub,
          decision: { ...r.decision },
          fields,
          status: r.status,
          published: r.published,
          publicNow: isRecordPublic(r, date),
          publicityMinimumEnd: r.publicityMinimumEnd,
          publicityEndedOn: r.publicityEndedOn,
          publicityEndReason: r.publicityEndReason,
          repairable: r.repairable,
        };
      }),
      listEntries: await loadSubjectRows(this.db, LIST_ENTRY_TABLE, key),
      objections: (await loadSubjectRows(this.db, OBJECTION_TABLE, key)).map((o) => ({ ...o, overdue: isOverdue(o, date) })),
      repairs: (await loadSubjectRows(this.db, REPAIR_TABLE, key)).map((a) => ({ ...a, overdue: isRepairOverdue(a, date) })),
    };
  }
}

function summary(s: SubjectRow): SubjectSummary {
  return { code: s.code, kind: s.kind, name: s.name, divisionCode: s.divisionCode, codeFlags: s.codeFlags };
}

/** Public on a day: not withdrawn, inside its window, and its publicity not ended early. */
export function isRecordPublic(r: Pick<RecordRow, 'status' | 'published' | 'publicityStart' | 'publicityEnd' | 'publicityEndedOn'>, date: IsoDate): boolean {
  if (r.status !== 'active') return false;
  if (r.publicityEndedOn && date >= r.publicityEndedOn) return false;
  return isPublicOn({ published: r.published, start: r.publicityStart, end: r.publicityEnd }, date);
}

function byDecisionDateDesc(a: RecordRow, b: RecordRow): number {
  return a.decisionDate < b.decisionDate ? 1 : a.decisionDate > b.decisionDate ? -1 : a.recordId < b.recordId ? -1 : 1;
}
