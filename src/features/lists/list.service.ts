// Lists and the list entry lifecycle. Rules over records only propose; the deciding agency
// notifies, hears the subject's statement and decides, each step a ledger event. Only the
// deciding agency acts on an entry ("whoever designated, repairs"); the subject states its case.
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { appendAndProject } from '../../ledger/write.ts';
import type { LedgerEvent, NewEvent, RecordFiledData } from '../../ledger/events.ts';
import { loadEntries, loadRecords, LIST_ENTRY_TABLE, fromDb, type ListEntryRow } from '../../ledger/projection.ts';
import { listedOn, proposeEntry, transition, type ListAction } from '../../domain/lists.ts';
import { REMOVAL_REASONS, type RemovalReason } from '../../domain/enumerations.ts';
import { isIsoDate, type IsoDate } from '../../domain/dates.ts';
import { actorOf, ownSubject, type Principal } from '../../kernel/principal.ts';
import type { ListDef } from '../../domain/policy/schema.ts';
import { publicEntryView, type PublicListEntryView } from './list-entry-view.ts';
import type { AccessLog } from '../subjects/access-log.service.ts';

export function entryIdFor(list: string, basis: string): string {
  return `ent_${createHash('sha256').update(`${list}\u0000${basis}`).digest('hex').slice(0, 24)}`;
}

function text(v: unknown, field: string, max = 4000): string {
  if (typeof v !== 'string' || !v.trim()) throw new AppError('validation-failed', `${field} is required`, { errors: [{ field, message: 'is required' }] });
  if (v.length > max)
    throw new AppError('validation-failed', `${field} is longer than ${max} characters`, { errors: [{ field, message: `must be at most ${max} characters` }] });
  return v.trim();
}

export interface ListSummary {
  code: string;
  type: string;
  area: string | null;
  name: ListDef['name'];
  legalBasis: ListDef['legalBasis'];
  inForce: number;
}

/** One change of the public change feed of a list. */
export type ListChange =
  | { seq: number; entryId: string; status: 'listed'; entry: PublicListEntryView & { subject: { code: string; name: string } } }
  | { seq: number; entryId: string; status: 'ended'; endedOn: IsoDate | null };

export class ListService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly access: AccessLog,
  ) {}

  private today(): IsoDate {
    return this.policy.localDate(this.clock.now());
  }

  def(code: string): ListDef {
    const def = this.policy.list(code);
    if (!def) throw new AppError('list-not-found', `there is no list ${code}`);
    return def;
  }

  /**
   * The proposals that filed records make under the lists' inclusion rules, appended in the
   * filing's own transaction by the system: a rule proposes, it never lists.
   */
  proposalsFor(filed: readonly LedgerEvent[], today: IsoDate): NewEvent[] {
    const out: NewEvent[] = [];
    for (const e of filed) {
      if (e.type !== 'record.filed') continue;
      for (const def of this.policy.listsTriggeredBy(e.data.item)) {
        // The inclusion item may reach subject kinds the list does not; such records propose nothing.
        if (def.subjectKinds.includes(e.data.subject.kind as never)) out.push(this.proposal(def, e.data, today));
      }
    }
    return out;
  }

  private proposal(def: ListDef, d: RecordFiledData, today: IsoDate): NewEvent {
    const until = def.endsOnField ? d.fields[def.endsOnField] : undefined;
    return {
      type: 'list.proposed',
      subject: d.subject.key,
      data: {
        basisRecords: [d.recordId],
        decidingAgency: d.agency,
        entryId: entryIdFor(def.code, d.recordId),
        list: def.code,
        origin: 'inclusion',
        proposedOn: today,
        reasons: `${def.inclusion.description} Record ${d.recordId} (${d.decision.number}) meets the inclusion rule of ${def.code}.`,
        requestedUntil: typeof until === 'string' && isIsoDate(until) ? until : null,
      },
    };
  }

  /** An agency proposes an entry by hand, on records of the subject that meet the inclusion rule. */
  async propose(p: Principal, listCode: string, body: { subject?: unknown; basisRecords?: unknown; reasons?: unknown }): Promise<ListEntryRow> {
    const def = this.def(listCode);
    if (p.kind !== 'agency' || !def.proposers.includes(p.agency.kind)) {
      throw new AppError('forbidden', `only an agency of kind ${def.proposers.join(' or ')} may propose entries on ${def.code}`);
    }
    const reasons = text(body.reasons, 'reasons');
    if (!Array.isArray(body.basisRecords) || body.basisRecords.length === 0 || !body.basisRecords.every((r) => typeof r === 'string')) {
      throw new AppError('validation-failed', 'basisRecords lists the records the proposal rests on', {
        errors: [{ field: 'basisRecords', message: 'must be a non-empty list of record ids' }],
      });
    }
    const today = this.today();
    return this.db.transaction(async (tx) => {
      const records = await loadRecords(tx, body.basisRecords as string[]);
      if (records.length !== (body.basisRecords as string[]).length) throw new AppError('record-not-found', 'a basis record does not exist');
      const subjectKey = records[0]!.subjectKey;
      for (const r of records) {
        if (r.subjectKey !== subjectKey) throw new AppError('validation-failed', 'all basis records must concern the same subject');
        if (!def.inclusion.items.includes(r.item))
          throw new AppError(
            'validation-failed',
            `record ${r.recordId} is a ${r.item}, not one of the inclusion items of ${def.code} (${def.inclusion.items.join(', ')})`,
          );
        if (r.status !== 'active') throw new AppError('validation-failed', `record ${r.recordId} is withdrawn`);
      }
      const entryId = entryIdFor(def.code, [...records.map((r) => r.recordId)].sort().join(','));
      const [existing] = await loadEntries(tx, [entryId]);
      if (existing) {
        throw new AppError(
          'step-refused',
          `entry ${entryId} was already proposed on these records and is ${existing.state}: take the next step on it (GET /v1/list-entries/${entryId}) instead of proposing again`,
          { refusal: { code: 'already-proposed', entryId, state: existing.state } },
        );
      }
      const until = def.endsOnField ? records[0]!.fields[def.endsOnField] : undefined;
      await appendAndProject(
        tx,
        [
          {
            type: 'list.proposed',
            subject: subjectKey,
            data: {
              basisRecords: records.map((r) => r.recordId),
              decidingAgency: p.agency.code,
              entryId,
              list: def.code,
              origin: 'agency',
              proposedOn: today,
              reasons,
              requestedUntil: typeof until === 'string' && isIsoDate(until) ? until : null,
            },
          },
        ],
        actorOf(p),
        this.clock.now(),
      );
      return (await loadEntries(tx, [entryId]))[0]!;
    });
  }

  /** Applies a lifecycle step to an entry for an authorised principal. */
  async act(p: Principal, entryId: string, action: ListAction): Promise<ListEntryRow> {
    const today = this.today();
    return this.db.transaction(async (tx) => {
      const [entry] = await loadEntries(tx, [entryId]);
      if (!entry) throw new AppError('list-entry-not-found', `there is no list entry ${entryId}`);
      const def = this.def(entry.list);
      this.authorise(p, entry, action);
      if (action.type === 'remove' && action.reason === 'repair') {
        throw new AppError('step-refused', 'an entry is removed for repair by approving a repair application, not directly', {
          refusal: { code: 'use-repair' },
        });
      }
      const t = transition(entry, action, { today, def, calendar: this.policy.calendar });
      if (!t.ok) throw new AppError('step-refused', t.refusal.message, { refusal: t.refusal });
      await appendAndProject(tx, this.eventsFor(entry, t.entry, action, today), actorOf(p), this.clock.now());
      return (await loadEntries(tx, [entryId]))[0]!;
    });
  }

  /**
   * The same step on many entries in one transaction (an agency working through its queue, the
   * demo seeder). Each entry is checked as act() checks it; refused steps are reported, not applied.
   */
  async actMany(
    p: Principal,
    items: ReadonlyArray<{ entryId: string; action: ListAction }>,
  ): Promise<{ applied: number; refused: Array<{ entryId: string; reason: string }> }> {
    if (items.length === 0) return { applied: 0, refused: [] };
    const today = this.today();
    return this.db.transaction(async (tx) => {
      const entries = new Map(
        (
          await loadEntries(
            tx,
            items.map((i) => i.entryId),
          )
        ).map((e) => [e.entryId, e]),
      );
      const events: NewEvent[] = [];
      let applied = 0;
      const refused: Array<{ entryId: string; reason: string }> = [];
      for (const { entryId, action } of items) {
        const entry = entries.get(entryId);
        if (!entry) {
          refused.push({ entryId, reason: 'no such entry' });
          continue;
        }
        try {
          this.authorise(p, entry, action);
        } catch (err) {
          refused.push({ entryId, reason: (err as Error).message });
          continue;
        }
        const t = transition(entry, action, { today, def: this.def(entry.list), calendar: this.policy.calendar });
        if (!t.ok) {
          refused.push({ entryId, reason: t.refusal.message });
          continue;
        }
        events.push(...this.eventsFor(entry, t.entry, action, today));
        applied++;
      }
      if (events.length > 0) await appendAndProject(tx, events, actorOf(p), this.clock.now());
      return { applied, refused };
    });
  }

  private authorise(p: Principal, entry: ListEntryRow, action: ListAction): void {
    if (action.type === 'statement') {
      // The subject states its own case; the deciding agency may record a statement it received.
      if (ownSubject(p) === entry.subjectKey) return;
      if (p.kind === 'agency' && p.agency.code === entry.decidingAgency) return;
      throw new AppError('forbidden', 'only the subject concerned (or the deciding agency recording it) may give a statement');
    }
    if (p.kind !== 'agency' || p.agency.code !== entry.decidingAgency) {
      throw new AppError('forbidden', `only the deciding agency ${entry.decidingAgency} may ${action.type} on entry ${entry.entryId}`);
    }
  }

  private eventsFor(before: ListEntryRow, after: ListEntryRow | ReturnType<typeof proposeEntry>, action: ListAction, today: IsoDate): NewEvent[] {
    const step = this.eventFor(before, after, action, today);
    if (action.type !== 'decide' || before.noticeServedOn || !after.noticeServedOn) return [step];
    // A list with no period to state one's case: the notice is served with the decision.
    const def = this.def(before.list);
    const notice: NewEvent = {
      type: 'list.notified',
      subject: before.subjectKey,
      data: {
        deadline: after.noticeDeadline!,
        entryId: before.entryId,
        facts: `列入${def.name.zh}的决定与本告知一并送达：${action.reasons} 当事人可以对所依据的记录或本次列入提出异议，并可依法申请信用修复。`,
        servedOn: today,
      },
    };
    return [notice, step];
  }

  private eventFor(before: ListEntryRow, after: ListEntryRow | ReturnType<typeof proposeEntry>, action: ListAction, today: IsoDate): NewEvent {
    const subject = before.subjectKey;
    const entryId = before.entryId;
    switch (action.type) {
      case 'notify':
        return { type: 'list.notified', subject, data: { deadline: after.noticeDeadline!, entryId, facts: action.facts, servedOn: today } };
      case 'statement':
        return { type: 'list.statement-received', subject, data: { entryId, receivedOn: today, statement: action.statement } };
      case 'decide':
        return {
          type: 'list.decided',
          subject,
          data: { decidedOn: today, entryId, listedOn: after.listedOn, outcome: action.outcome, reasons: action.reasons, until: after.until },
        };
      case 'extend':
        return { type: 'list.extended', subject, data: { entryId, reasons: action.reasons, until: action.until } };
      case 'remove':
        return { type: 'list.removed', subject, data: { entryId, reason: action.reason, reasons: action.reasons, removedOn: after.removedOn! } };
    }
  }

  /** Parses a request body into a lifecycle action. */
  static action(type: string, body: Record<string, unknown>): ListAction {
    switch (type) {
      case 'notice':
        return { type: 'notify', facts: text(body.facts, 'facts') };
      case 'statement':
        return { type: 'statement', statement: text(body.statement, 'statement') };
      case 'decision': {
        if (body.outcome !== 'add' && body.outcome !== 'drop')
          throw new AppError('validation-failed', 'outcome is add or drop', { errors: [{ field: 'outcome', message: 'must be add or drop' }] });
        return { type: 'decide', outcome: body.outcome, reasons: text(body.reasons, 'reasons') };
      }
      case 'extension': {
        if (!isIsoDate(body.until))
          throw new AppError('validation-failed', 'until is the new end date', { errors: [{ field: 'until', message: 'must be a date YYYY-MM-DD' }] });
        return { type: 'extend', until: body.until, reasons: text(body.reasons, 'reasons') };
      }
      case 'removal': {
        if (typeof body.reason !== 'string' || !(REMOVAL_REASONS as readonly string[]).includes(body.reason)) {
          throw new AppError('validation-failed', `reason is one of ${REMOVAL_REASONS.join(', ')}`, {
            errors: [{ field: 'reason', message: 'is not a removal reason' }],
          });
        }
        return { type: 'remove', reason: body.reason as RemovalReason, reasons: text(body.reasons, 'reasons') };
      }
      default:
        throw new AppError('not-found', `there is no list step ${type}`);
    }
  }

  async get(entryId: string): Promise<ListEntryRow> {
    const [entry] = await loadEntries(this.db, [entryId]);
    if (!entry) throw new AppError('list-entry-not-found', `there is no list entry ${entryId}`);
    return entry;
  }

  /** Every list with its number of entries in force today. */
  async summaries(): Promise<ListSummary[]> {
    const today = this.today();
    const counts = await this.db.query<{ list: string; n: number }>(
      `SELECT list, count(*)::int AS n FROM list_entry WHERE state = 'in-force' AND listed_on <= $1 AND (until IS NULL OR until > $1) GROUP BY list`,
      [today],
    );
    const byList = new Map(counts.map((c) => [c.list, c.n]));
    return this.policy.lists.map((l) => ({
      code: l.code,
      type: l.type,
      area: l.area ?? null,
      name: l.name,
      legalBasis: l.legalBasis,
      inForce: byList.get(l.code) ?? 0,
    }));
  }

  /**
   * Who was listed on a day. Entries never lose their dates (removal is a new fact), so the
   * projection answers for any past day: listed on or before it, not removed and not expired by it.
   */
  async entriesOn(
    listCode: string,
    date: IsoDate,
    options: { limit?: number; after?: string } = {},
  ): Promise<{ date: IsoDate; entries: Array<ListEntryRow & { subjectName: string; subjectCode: string }> }> {
    this.def(listCode);
    const rows = await this.db.query(
      `SELECT e.*, s.name AS subject_name, s.code AS subject_code FROM list_entry e JOIN subject s ON s.subject_key = e.subject_key
       WHERE e.list = $1 AND e.listed_on <= $2 AND (e.removed_on IS NULL OR e.removed_on > $2) AND (e.until IS NULL OR e.until > $2)
         AND e.entry_id > $3
       ORDER BY e.entry_id LIMIT $4`,
      [listCode, date, options.after ?? '', Math.min(options.limit ?? 100, 1000)],
    );
    const entries = rows
      .map((r) => ({ ...fromDb(LIST_ENTRY_TABLE, r), subjectName: r.subject_name as string, subjectCode: r.subject_code as string }))
      .filter((e) => listedOn(e, date));
    await this.access.viewed(
      entries.map((e) => e.subjectKey),
      'public',
      'viewed on a public list',
      `${listCode} ${date}`,
    );
    return { date, entries };
  }

  /**
   * The public change feed of a list: the entries ever listed whose last change came after the
   * cursor, in the order of those changes. An entry in force is published with its subject (a
   * natural person masked, and the view access-logged); one that has ended (removed, expired)
   * says only that and when, not whom it named. Applying every change in order, keyed by entry
   * id, gives the entries in force; the last change's sequence number is the next cursor. A
   * rename of the subject (a new registration record) is a change of its entries in force.
   */
  async changes(listCode: string, after: number, limit: number): Promise<{ changes: ListChange[]; next: number }> {
    const today = this.today();
    const rows = await this.changedSince(listCode, after, limit);
    const changes = rows.map((e): ListChange => {
      const listed = e.state === 'in-force' && !e.removedOn && (!e.until || e.until > today);
      if (!listed) return { seq: e.lastSeq, entryId: e.entryId, status: 'ended', endedOn: e.removedOn ?? e.until };
      return {
        seq: e.lastSeq,
        entryId: e.entryId,
        status: 'listed',
        entry: { ...publicEntryView(this.policy, e), subject: { code: e.subjectCode, name: e.subjectName } },
      };
    });
    await this.access.viewed(
      rows.filter((_, i) => changes[i]!.status === 'listed').map((e) => e.subjectKey),
      'public',
      'viewed on a public list',
      `${listCode} changes after ${after}`,
    );
    return { changes, next: rows.length > 0 ? rows[rows.length - 1]!.lastSeq : after };
  }

  /**
   * The entries of a list ever listed whose last change came after the cursor (a ledger
   * sequence number), in the order of those changes: what a system keeping a copy of the list
   * needs to stay current. See changeOf for what each one publishes.
   */
  private async changedSince(listCode: string, after: number, limit: number): Promise<Array<ListEntryRow & { subjectName: string; subjectCode: string }>> {
    this.def(listCode);
    const select = `SELECT e.*, s.name AS subject_name, s.code AS subject_code FROM list_entry e JOIN subject s ON s.subject_key = e.subject_key
       WHERE e.list = $1 AND e.listed_on IS NOT NULL`;
    const rows = await this.db.query(`${select} AND e.last_seq > $2 ORDER BY e.last_seq, e.entry_id LIMIT $3`, [listCode, after, limit]);
    // One change can touch several entries (a rename touches all of its subject's entries in
    // force): a page never ends inside such a group, since the next cursor is a sequence number.
    const last = rows.at(-1);
    if (rows.length === limit && last) {
      rows.push(...(await this.db.query(`${select} AND e.last_seq = $2 AND e.entry_id > $3 ORDER BY e.entry_id`, [listCode, last.last_seq, last.entry_id])));
    }
    return rows.map((r) => ({ ...fromDb(LIST_ENTRY_TABLE, r), subjectName: r.subject_name as string, subjectCode: r.subject_code as string }));
  }

  /** Entries of a subject (all states). */
  async entriesOf(q: Queryable, subjectKey: string): Promise<ListEntryRow[]> {
    return (await q.query('SELECT * FROM list_entry WHERE subject_key = $1 ORDER BY first_seq', [subjectKey])).map((r) => fromDb(LIST_ENTRY_TABLE, r));
  }
}
