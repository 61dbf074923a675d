// Lists and the list entry lifecycle. Rules over records only propose, and only for an agency
// of a kind that decides the list; the deciding agency notifies, hears the subject's statement
// and decides, each step a ledger event. A list whose deciding authority gives notice by its own
// procedure (a court's) takes that authority's filed decision as the listing, in force from the
// decision. Only the deciding agency acts on an entry ("whoever designated, repairs"); the
// subject states its case.
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { logSizes, partitionsOf, takeLogs } from '../../ledger/ledger.ts';
import { decodeCursor, encodeCursor } from '../../ledger/position.ts';
import type { LedgerEvent, ListProposedData, NewEvent, RecordCorrectedData, RecordFiledData, RecordWithdrawnData } from '../../ledger/events.ts';
import type { DecisionDocument } from '../../domain/records.ts';
import { loadEntries, loadRecords, type ListEntryRow } from '../../ledger/projection.ts';
import {
  decidedAsFiled,
  inForceFromDecision,
  listedOn,
  listingDecision,
  proposeEntry,
  transition,
  type ListAction,
  type ListContext,
} from '../../domain/lists.ts';
import { isIsoDate, type IsoDate } from '../../domain/dates.ts';
import { actorOf, isOversight, ownSubject, type Principal } from '../../kernel/principal.ts';
import { assertNever } from '../../domain/assert-never.ts';
import type { ListDef } from '../../domain/policy/schema.ts';
import { publicEntryView, type PublicListEntryView } from './list-entry-view.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import {
  agencyKinds,
  countInForce,
  entriesChangedSince,
  entriesInForceOf,
  entriesListedOn,
  openEntriesOnRecords,
  queuedEntries,
  type NamedEntry,
  type QueuedEntry,
} from './lists.store.ts';
import type { ProposeEntry } from './lists.schemas.ts';

export function entryIdFor(list: string, basis: string): string {
  return `ent_${createHash('sha256').update(`${list}\u0000${basis}`).digest('hex').slice(0, 24)}`;
}

/** The last listed day a basis record names (in the list's endsOnField), if it names one. */
function requestedUntilOf(def: ListDef, fields: Readonly<Record<string, unknown>>): IsoDate | null {
  const until = def.endsOnField ? fields[def.endsOnField] : undefined;
  return typeof until === 'string' && isIsoDate(until) ? until : null;
}

/** The answer for an entry that does not exist, or that the caller may not see. */
function entryNotFound(entryId: string): AppError {
  return new AppError('list-entry-not-found', `there is no list entry ${entryId}`);
}

/** Who sees an entry in full, whatever its state: its subject, its deciding agency and the oversight roles. */
function seesInFull(p: Principal, entry: ListEntryRow): boolean {
  return (p.kind === 'agency' && p.agency.code === entry.decidingAgency) || isOversight(p) || ownSubject(p) === entry.subjectKey;
}

/**
 * Which of these agencies may decide entries on a list: those registered with a kind the list
 * names as deciding (its proposers). An automatic proposal names one of them as the deciding
 * agency or is not made, so that no rule decides on behalf of an authority the law does not
 * give the list to.
 */
export async function agenciesDeciding(q: Queryable, def: ListDef, codes: readonly string[]): Promise<Set<string>> {
  const kinds = await agencyKinds(q, codes);
  return new Set([...kinds].filter(([, kind]) => def.proposers.includes(kind)).map(([code]) => code));
}

export interface ListSummary {
  code: string;
  type: string;
  area: string | null;
  name: ListDef['name'];
  legalBasis: ListDef['legalBasis'];
  inForce: number;
}

/** A list entry as the public sees it, with the subject it names (a natural person masked). */
export type ListedEntryView = PublicListEntryView & { subject: { code: string; name: string } };

/** One change of the public change feed of a list. */
export type ListChange =
  | { log: number; index: number; entryId: string; status: 'listed'; entry: ListedEntryView }
  | { log: number; index: number; entryId: string; status: 'ended'; endedOn: IsoDate | null };

/** A page of the entries of a list on a day. */
export interface ListEntriesPage {
  list: string;
  date: IsoDate;
  entries: ListedEntryView[];
  /** The cursor for the next page; null when this page is empty. */
  next: string | null;
}

/** A page of the change feed of a list. */
export interface ListChangesPage {
  list: string;
  after: string;
  next: string;
  more: boolean;
  changes: ListChange[];
}

/** An agency's list entries to work on. */
export interface ListQueue {
  date: IsoDate;
  toNotify: QueuedEntry[];
  awaitingStatement: QueuedEntry[];
  readyToDecide: QueuedEntry[];
}

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
   * The entries that filed records make under the lists' inclusion rules, appended in the
   * filing's own transaction by the system: a rule proposes, it never lists. The filing agency
   * becomes the deciding agency, so a record proposes only on the lists its agency's kind
   * decides (a tax bureau's serious penalty is not a market regulator's to list under SAMR
   * Order 44); the competent authority may still propose it by hand. On a list that takes
   * decisions as filed, the filing is the deciding authority's decision to list: the entry is
   * in force from the decision.
   */
  async proposalsFor(q: Queryable, filed: readonly LedgerEvent[], today: IsoDate): Promise<NewEvent[]> {
    const triggering: Array<{ def: ListDef; d: RecordFiledData }> = [];
    for (const e of filed) {
      if (e.type !== 'record.filed') continue;
      for (const def of this.policy.listsTriggeredBy(e.data.item)) {
        // The inclusion item may reach subject kinds the list does not; such records propose nothing.
        if (def.subjectKinds.includes(e.data.subject.kind as never)) triggering.push({ def, d: e.data });
      }
    }
    if (triggering.length === 0) return [];
    const kinds = await agencyKinds(
      q,
      triggering.map((t) => t.d.agency),
    );
    const out: NewEvent[] = [];
    for (const { def, d } of triggering) {
      const kind = kinds.get(d.agency);
      if (kind === undefined || !def.proposers.includes(kind)) continue;
      out.push(...this.proposal(def, d, today));
    }
    return out;
  }

  /**
   * The list events that record events make, in the record events' own transaction: filings
   * propose (proposalsFor), a withdrawn record takes with it the listings that stand on its
   * decision (removalsFor), and a corrected one moves them (redatingsFor).
   */
  async followUpsFor(q: Queryable, events: readonly LedgerEvent[], today: IsoDate): Promise<NewEvent[]> {
    return [...(await this.proposalsFor(q, events, today)), ...(await this.removalsFor(q, events, today)), ...(await this.redatingsFor(q, events, today))];
  }

  /**
   * On a list that takes its deciding authority's decision as filed, the listing is that
   * decision: when the authority corrects the record of it (a new version) so that it takes effect
   * on another day or names another last listed day, the entry in force follows, decided again in
   * the authority's name from the corrected decision. A correction that leaves those dates as
   * they were leaves the entry (and any extension of it) alone; an entry that has ended stays
   * as it ended.
   */
  async redatingsFor(q: Queryable, events: readonly LedgerEvent[], today: IsoDate): Promise<NewEvent[]> {
    const corrected = new Map<string, RecordCorrectedData>();
    const subjects = new Set<string | null>();
    for (const e of events)
      if (e.type === 'record.corrected') {
        corrected.set(e.data.recordId, e.data);
        subjects.add(e.subject);
      }
    const out: NewEvent[] = [];
    for (const { entry, by: c } of await this.entriesStandingOn(q, corrected, subjects)) {
      if (entry.state !== 'in-force') continue;
      const def = this.def(entry.list);
      const byId = new Map((await loadRecords(q, entry.basisRecords, entry.subjectKey)).map((r) => [r.recordId, r]));
      const basis = entry.basisRecords.map((id) => byId.get(id)!);
      const requestedUntil = requestedUntilOf(def, basis[0]!.fields);
      const decided = this.listedAsDecided(
        def,
        entry.subjectKey,
        { ...entry, requestedUntil },
        basis,
        today,
        `Record ${c.recordId} corrected (version ${c.version}): ${c.reason}`,
      );
      if (decided.data.listedOn === entry.listedOn && requestedUntil === entry.requestedUntil) continue;
      out.push(decided);
    }
    return out;
  }

  /**
   * On a list that takes its deciding authority's decision as filed, the listing stands on that
   * decision: when the record of the decision is withdrawn (the court corrects or revokes it,
   * SPC provisions 法释〔2017〕7号 arts. 11 and 12), the listing goes with it. An entry in force is
   * removed as of the withdrawal ('decision-revoked'), one not yet decided is dropped, each in the
   * deciding authority's name, so the record, the list and the measures agree. On other lists the
   * deciding agency's own decision stands until it acts on the entry.
   */
  async removalsFor(q: Queryable, events: readonly LedgerEvent[], today: IsoDate): Promise<NewEvent[]> {
    const withdrawn = new Map<string, RecordWithdrawnData>();
    const subjects = new Set<string | null>();
    for (const e of events)
      if (e.type === 'record.withdrawn') {
        withdrawn.set(e.data.recordId, e.data);
        subjects.add(e.subject);
      }
    const out: NewEvent[] = [];
    for (const { entry, by: w } of await this.entriesStandingOn(q, withdrawn, subjects)) {
      const def = this.def(entry.list);
      const reasons = `The decision of record ${w.recordId}, on which this listing stands, was withdrawn on ${w.withdrawnOn}: ${w.reason}`;
      const action: ListAction =
        entry.state === 'in-force' ? { type: 'remove', reason: 'decision-revoked', reasons } : { type: 'decide', outcome: 'drop', reasons };
      const t = transition(entry, action, { today, def, calendar: this.policy.calendar });
      if (!t.ok)
        throw new AppError('internal-error', `entry ${entry.entryId} cannot be ended with its withdrawn basis record ${w.recordId}: ${t.refusal.message}`);
      out.push({ ...this.eventFor(entry, t.entry, action, today), actor: { id: entry.decidingAgency, type: 'agency' } });
    }
    return out;
  }

  /**
   * The entries not yet ended, on lists that take their authority's decision as filed, that stand
   * on any of these records, each with what happened to (the first of) its records among them.
   * An entry is about the subject of the records it stands on: the subjects of the events naming
   * the records bound the read (null, an event without one: every subject's entries are read).
   */
  private async entriesStandingOn<T>(
    q: Queryable,
    byRecord: ReadonlyMap<string, T>,
    subjects: ReadonlySet<string | null>,
  ): Promise<Array<{ entry: ListEntryRow; by: T }>> {
    if (byRecord.size === 0) return [];
    const lists = this.policy.lists.filter(inForceFromDecision).map((l) => l.code);
    const keys = subjects.has(null) ? null : [...subjects].filter((k): k is string => k !== null);
    const entries = await openEntriesOnRecords(q, lists, [...byRecord.keys()], keys);
    return entries.map((entry) => ({ entry, by: entry.basisRecords.map((r) => byRecord.get(r)).find((x) => x !== undefined)! }));
  }

  private proposal(def: ListDef, d: RecordFiledData, today: IsoDate): NewEvent[] {
    const requestedUntil = requestedUntilOf(def, d.fields);
    const entryId = entryIdFor(def.code, d.recordId);
    const proposed: NewEvent = {
      type: 'list.proposed',
      subject: d.subject.key,
      data: {
        basisRecords: [d.recordId],
        decidingAgency: d.agency,
        entryId,
        list: def.code,
        origin: 'inclusion',
        proposedOn: today,
        reasons: `${def.inclusion.description.en} Record ${d.recordId} (${d.decision.number}) meets the inclusion rule of ${def.code}.`,
        requestedUntil,
      },
    };
    if (!inForceFromDecision(def)) return [proposed];
    return [proposed, this.listedAsDecided(def, d.subject.key, proposed.data, [d], today)];
  }

  /**
   * On a list that takes its deciding authority's decision as filed, the listing that decision
   * makes: in force from the day the decision takes effect (of several basis records, the last
   * to), not from the day the platform learns of it, until the last listed day it names; in the
   * deciding agency's name. `why` precedes the reasons (a corrected decision says so).
   */
  private listedAsDecided(
    def: ListDef,
    subjectKey: string,
    proposed: Pick<ListProposedData, 'entryId' | 'decidingAgency' | 'basisRecords' | 'requestedUntil'>,
    basis: ReadonlyArray<{ decision: DecisionDocument; fields: Readonly<Record<string, unknown>> }>,
    today: IsoDate,
    why?: string,
  ): Extract<NewEvent, { type: 'list.decided' }> {
    const { decision, listedOn } = listingDecision(def, basis);
    const entry = decidedAsFiled({
      entryId: proposed.entryId,
      def,
      subjectKey,
      decidingAgency: proposed.decidingAgency,
      basisRecords: proposed.basisRecords,
      today,
      decidedOn: decision.date,
      listedOn,
      requestedUntil: proposed.requestedUntil,
    });
    return {
      type: 'list.decided',
      subject: subjectKey,
      actor: { id: proposed.decidingAgency, type: 'agency' },
      data: {
        decidedOn: entry.decidedOn!,
        entryId: proposed.entryId,
        listedOn: entry.listedOn,
        outcome: 'add',
        reasons: `${why ? `${why}. ` : ''}Listed by decision ${decision.number} of ${decision.authority} (${decision.date}), in force from ${entry.listedOn}: the deciding authority gives notice and serves its decision by its own procedure (${def
          .inForceFromDecision!.legalBasis.map((b) => [b.reference ?? b.instrument.zh, b.articles].filter(Boolean).join(' '))
          .join('; ')}).`,
        until: entry.until,
        requestedUntil: entry.requestedUntil,
      },
    };
  }

  /**
   * An agency proposes an entry by hand, on records of the subject that meet the inclusion rule.
   * On a list that takes its deciding authority's decision as filed, the authority's listing by
   * hand is that decision: in force from the day it takes effect, as an automatic one is.
   */
  async propose(p: Principal, listCode: string, body: ProposeEntry): Promise<ListEntryRow> {
    const def = this.def(listCode);
    if (p.kind !== 'agency' || !def.proposers.includes(p.agency.kind)) {
      throw new AppError('forbidden', `only an agency of kind ${def.proposers.join(' or ')} may propose entries on ${def.code}`);
    }
    const reasons = body.reasons.trim();
    const today = this.today();
    return this.db.transaction(async (tx) => {
      const records = await loadRecords(tx, body.basisRecords);
      if (records.length !== body.basisRecords.length) throw new AppError('record-not-found', 'a basis record does not exist');
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
      // The subject's log is held before the entry is looked for: a proposal of the same entry at
      // once waits, then finds it (on Citus no constraint keeps an entry id unique).
      await takeLogs(tx, [subjectKey]);
      const [existing] = await loadEntries(tx, [entryId]);
      if (existing) {
        throw new AppError(
          'step-refused',
          `entry ${entryId} was already proposed on these records and is ${existing.state}: take the next step on it (GET /v1/list-entries/${entryId}) instead of proposing again`,
          { refusal: { code: 'already-proposed', entryId, state: existing.state } },
        );
      }
      const proposed: ListProposedData = {
        basisRecords: records.map((r) => r.recordId),
        decidingAgency: p.agency.code,
        entryId,
        list: def.code,
        origin: 'agency',
        proposedOn: today,
        reasons,
        requestedUntil: requestedUntilOf(def, records[0]!.fields),
      };
      const events: NewEvent[] = [{ type: 'list.proposed', subject: subjectKey, data: proposed }];
      if (inForceFromDecision(def)) events.push(this.listedAsDecided(def, subjectKey, proposed, records, today));
      await appendAndProject(tx, events, actorOf(p), this.clock.now());
      return (await loadEntries(tx, [entryId]))[0]!;
    });
  }

  /** Applies a lifecycle step to an entry for an authorised principal. */
  async act(p: Principal, entryId: string, action: ListAction): Promise<ListEntryRow> {
    const today = this.today();
    return this.db.transaction(async (tx) => {
      const [entry] = await loadEntries(tx, [entryId]);
      if (!entry) throw entryNotFound(entryId);
      this.authorise(p, entry, action);
      if (action.type === 'remove' && action.reason === 'repair') {
        throw new AppError('step-refused', 'an entry is removed for repair by approving a repair application, not directly', {
          refusal: { code: 'use-repair' },
        });
      }
      const t = transition(entry, action, await this.stepContext(tx, entry, action, today));
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
          refused.push({ entryId, reason: entryNotFound(entryId).message });
          continue;
        }
        try {
          this.authorise(p, entry, action);
        } catch (err) {
          refused.push({ entryId, reason: (err as Error).message });
          continue;
        }
        const t = transition(entry, action, await this.stepContext(tx, entry, action, today));
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

  /**
   * What a step on an entry is decided in: on a list that takes its deciding authority's decision
   * as filed, deciding to add an entry still proposed lists it from the decision it stands on, as
   * a filing or a listing by hand does.
   */
  private async stepContext(q: Queryable, entry: ListEntryRow, action: ListAction, today: IsoDate): Promise<ListContext> {
    const def = this.def(entry.list);
    const ctx = { today, def, calendar: this.policy.calendar };
    if (action.type !== 'decide' || action.outcome !== 'add' || !inForceFromDecision(def)) return ctx;
    const { decision, listedOn } = listingDecision(def, await loadRecords(q, entry.basisRecords, entry.subjectKey));
    return { ...ctx, decision: { decidedOn: decision.date, listedOn } };
  }

  /**
   * Whether the principal may take the step on the entry. One that may not even see the entry is
   * answered as if it did not exist (entryNotFound): whether an entry not yet public exists, and
   * which agency decides it, is not for it to learn. One that sees the entry (in full, or in force
   * as the public does) is refused the step by name.
   */
  private authorise(p: Principal, entry: ListEntryRow, action: ListAction): void {
    if (!seesInFull(p, entry) && entry.state !== 'in-force') throw entryNotFound(entry.entryId);
    if (action.type === 'statement') {
      // The subject states its own case; the deciding agency may record a statement it received.
      if (ownSubject(p) === entry.subjectKey) return;
      if (p.kind === 'agency' && p.agency.code === entry.decidingAgency) return;
      throw new AppError('forbidden', 'only the subject concerned (or the deciding agency recording it) may give a statement');
    }
    if (p.kind !== 'agency' || p.agency.code !== entry.decidingAgency) {
      throw new AppError('forbidden', `only the deciding agency ${entry.decidingAgency} may ${action.type} on entry ${entry.entryId}`);
    }
    // An entry proposed for an agency whose kind does not decide the list (by a rule before the
    // rules kept to the list's authority) can only be dropped by it, never listed or kept.
    const def = this.def(entry.list);
    const dropping = action.type === 'decide' && action.outcome === 'drop';
    if (!def.proposers.includes(p.agency.kind) && !dropping) {
      throw new AppError(
        'forbidden',
        `list ${def.code} is decided by an agency of kind ${def.proposers.join(' or ')}; agency ${p.agency.code} (${p.agency.kind}) may only drop entry ${entry.entryId}`,
      );
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
          data: { decidedOn: after.decidedOn!, entryId, listedOn: after.listedOn, outcome: action.outcome, reasons: action.reasons, until: after.until },
        };
      case 'extend':
        return { type: 'list.extended', subject, data: { entryId, reasons: action.reasons, until: action.until } };
      case 'remove':
        return { type: 'list.removed', subject, data: { entryId, reason: action.reason, reasons: action.reasons, removedOn: after.removedOn! } };
      default:
        return assertNever(action, 'list action');
    }
  }

  async get(entryId: string): Promise<ListEntryRow> {
    const [entry] = await loadEntries(this.db, [entryId]);
    if (!entry) throw entryNotFound(entryId);
    return entry;
  }

  /**
   * A list entry as a caller may see it: in full for its subject, its deciding agency and the
   * oversight roles; to anyone else (the public too, `null`) the public view while it is in force,
   * and otherwise the answer for an entry that does not exist.
   */
  async view(p: Principal | null, entryId: string): Promise<ListEntryRow | PublicListEntryView> {
    const entry = await this.get(entryId);
    if (p && seesInFull(p, entry)) {
      if (ownSubject(p) !== entry.subjectKey) await this.access.viewed(entry.subjectKey, 'beyond-public', 'read a list entry in full', entry.entryId);
      return entry;
    }
    if (entry.state !== 'in-force') throw entryNotFound(entry.entryId);
    await this.access.viewed(entry.subjectKey, 'public', 'viewed a list entry', entry.entryId);
    return publicEntryView(this.policy, entry);
  }

  /**
   * The entries an agency decides that wait for it: proposals to notify, notified entries whose
   * period to state one's case runs, and those ready to decide (a statement received, or the
   * period over); soonest notice deadline, then oldest proposal first.
   */
  async queueOf(agencyCode: string): Promise<ListQueue> {
    const today = this.today();
    const entries = await queuedEntries(this.db, agencyCode);
    return {
      date: today,
      toNotify: entries.filter((e) => e.state === 'proposed'),
      awaitingStatement: entries.filter((e) => e.state === 'notified' && e.noticeDeadline !== null && e.noticeDeadline >= today),
      readyToDecide: entries.filter(
        (e) => e.state === 'statement-received' || (e.state === 'notified' && e.noticeDeadline !== null && e.noticeDeadline < today),
      ),
    };
  }

  /** Every list with its number of entries in force today. */
  async summaries(): Promise<ListSummary[]> {
    const byList = await countInForce(this.db, this.today());
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
  async entriesOn(listCode: string, date: IsoDate, options: { limit?: number; after?: string } = {}): Promise<{ date: IsoDate; entries: NamedEntry[] }> {
    this.def(listCode);
    const rows = await entriesListedOn(this.db, listCode, date, options.after ?? '', Math.min(options.limit ?? 100, 1000));
    const entries = rows.filter((e) => listedOn(e, date));
    await this.access.viewed(
      entries.map((e) => e.subjectKey),
      'public',
      'viewed on a public list',
      `${listCode} ${date}`,
    );
    return { date, entries };
  }

  /**
   * A page of who is on a list on a day (today by default), by entry id after a cursor, as the
   * public sees each entry with its subject; the persons shown are access-logged (entriesOn).
   */
  async entriesPage(listCode: string, options: { date?: IsoDate; after?: string; limit?: number } = {}): Promise<ListEntriesPage> {
    const r = await this.entriesOn(listCode, options.date ?? this.today(), {
      ...(options.after ? { after: options.after } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
    return {
      list: listCode,
      date: r.date,
      entries: r.entries.map((e) => ({ ...publicEntryView(this.policy, e), subject: { code: e.subjectCode, name: e.subjectName } })),
      next: r.entries.length > 0 ? r.entries[r.entries.length - 1]!.entryId : null,
    };
  }

  /**
   * The entries in force on a day of each of these subjects, on every list, as the public sees
   * them, by subject key; the persons among them are access-logged (`why` says where they were shown).
   */
  async inForceOf(subjectKeys: readonly string[], date: IsoDate, why: string): Promise<Map<string, PublicListEntryView[]>> {
    const out = new Map<string, PublicListEntryView[]>();
    if (subjectKeys.length === 0) return out;
    const rows = (await entriesInForceOf(this.db, [...new Set(subjectKeys)], date)).filter((e) => listedOn(e, date));
    for (const e of rows) {
      const views = out.get(e.subjectKey) ?? [];
      views.push(publicEntryView(this.policy, e));
      out.set(e.subjectKey, views);
    }
    await this.access.viewed(
      rows.map((e) => e.subjectKey),
      'public',
      why,
      date,
    );
    return out;
  }

  /**
   * A page of who is on a list on a day, by entry id after a cursor, as a bulk export writes each
   * entry: the public view with its subject's code, name and kind, beside the subject's key. With
   * `why`, the persons on the page are access-logged as shown for that reason; without, the page
   * is shown to no one yet (an export kept to be served later, which logs then).
   */
  async exportPage(
    listCode: string,
    date: IsoDate,
    after: string,
    limit: number,
    why: string | null,
  ): Promise<Array<{ subjectKey: string; entry: PublicListEntryView & { subject: { code: string; name: string; kind: string } } }>> {
    this.def(listCode);
    const rows = (await entriesListedOn(this.db, listCode, date, after, limit)).filter((e) => listedOn(e, date));
    if (why !== null)
      await this.access.viewed(
        rows.map((e) => e.subjectKey),
        'public',
        why,
        `${listCode} ${date}`,
      );
    return rows.map((e) => ({
      subjectKey: e.subjectKey,
      entry: { ...publicEntryView(this.policy, e), subject: { code: e.subjectCode, name: e.subjectName, kind: e.subjectKind } },
    }));
  }

  /** The change feed's cursor at the ledger's head now: the changes after it are those still to come. */
  async feedHead(): Promise<string> {
    return encodeCursor(await logSizes(this.db));
  }

  /**
   * The public change feed of a list: the entries ever listed whose last change came after the
   * cursor, in the order of those changes. An entry in force is published with its subject (a
   * natural person masked, and the view access-logged); one that has ended (removed, expired)
   * says only that and when, not whom it named. Applying every change in order, keyed by entry
   * id, gives the entries in force. The cursor is a ledger position: each log's count of events
   * before it (an opaque string outside); the next one moves each log past its changes on the
   * page. A rename of the subject (a new registration record) is a change of its entries in
   * force. Entries one change touched come on one page, which may then hold more than `limit`
   * changes; `more` says the page is full.
   */
  async changes(listCode: string, after = '0', limit = 100): Promise<ListChangesPage> {
    const today = this.today();
    this.def(listCode);
    const logs = (await partitionsOf(this.db)) + 1;
    const from = after === '0' ? new Array<number>(logs).fill(0) : decodeCursor(after, logs);
    if (!from) throw new AppError('invalid-cursor', 'the cursor is not a `next` this feed gave: start again with after=0');
    const rows = await entriesChangedSince(this.db, listCode, from, limit);
    const position = [...from];
    const changes = rows.map((e): ListChange => {
      position[e.log] = Math.max(position[e.log]!, e.lastIndex + 1);
      const listed = e.state === 'in-force' && !e.removedOn && (!e.until || e.until > today);
      if (!listed) return { log: e.log, index: e.lastIndex, entryId: e.entryId, status: 'ended', endedOn: e.removedOn ?? e.until };
      return {
        log: e.log,
        index: e.lastIndex,
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
    return { list: listCode, after, next: rows.length > 0 ? encodeCursor(position) : after, more: changes.length >= limit, changes };
  }
}
