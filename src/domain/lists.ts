// The list entry lifecycle as a pure state machine. No entry is listed without notice where the
// list requires it: a decision to add is possible only after the subject was notified and
// either stated its case or let the deadline pass. A list whose deciding authority gives notice
// by its own procedure (a court's) takes that authority's filed decision as the listing, in
// force from the decision, with no notice of the platform. Every refusal says why and, where it
// is a matter of time, from which day the step becomes possible.
import { addDays, addPeriod, isIsoDate, type IsoDate } from './dates.ts';
import type { WorkingCalendar } from './calendar.ts';
import type { RemovalReason } from './enumerations.ts';
import type { ListDef } from './policy/schema.ts';
import { assertNever } from './assert-never.ts';

export const LIST_ENTRY_STATES = ['proposed', 'notified', 'statement-received', 'in-force', 'dropped', 'removed'] as const;
export type ListEntryState = (typeof LIST_ENTRY_STATES)[number];

export interface ListEntry {
  entryId: string;
  list: string;
  subjectKey: string;
  state: ListEntryState;
  /** The agency that decides (and later repairs): the proposer, or the filer of the triggering record. */
  decidingAgency: string;
  basisRecords: string[];
  proposedOn: IsoDate;
  /** The last listed day the triggering record names (e.g. 列入期限至), if any. */
  requestedUntil: IsoDate | null;
  noticeServedOn: IsoDate | null;
  noticeDeadline: IsoDate | null;
  statementOn: IsoDate | null;
  decidedOn: IsoDate | null;
  listedOn: IsoDate | null;
  /** The first day no longer listed. */
  until: IsoDate | null;
  removedOn: IsoDate | null;
  removalReason: RemovalReason | null;
}

export type ListAction =
  | { type: 'notify'; facts: string }
  | { type: 'statement'; statement: string }
  | { type: 'decide'; outcome: 'add' | 'drop'; reasons: string }
  | { type: 'extend'; until: IsoDate; reasons: string }
  | { type: 'remove'; reason: RemovalReason; reasons: string };

export type ListActionType = ListAction['type'];
export const LIST_ACTIONS: readonly ListActionType[] = ['notify', 'statement', 'decide', 'extend', 'remove'];

export interface Refusal {
  code: 'wrong-state' | 'notice-required' | 'notice-period-running' | 'deadline-passed' | 'not-allowed-by-list' | 'too-early' | 'invalid';
  message: string;
  /** The first day the step becomes possible, where waiting is what it takes. */
  possibleFrom?: IsoDate;
}

export type Transition = { ok: true; entry: ListEntry } | { ok: false; refusal: Refusal };

/** The decision a listing on a list that takes decisions as filed stands on: the day it was made and the day it lists from. */
export interface FiledDecision {
  decidedOn: IsoDate;
  listedOn: IsoDate;
}

export interface ListContext {
  today: IsoDate;
  def: ListDef;
  calendar: WorkingCalendar;
  /**
   * On a list that takes its deciding authority's decision as filed, the decision the entry
   * stands on (see listingDecision): an entry decided to be added is listed from it, not from today.
   */
  decision?: FiledDecision;
}

const refuse = (refusal: Refusal): Transition => ({ ok: false, refusal });

/** The longest a listing may run from the day it is decided (duration plus any extension). */
export function latestUntil(def: ListDef, listedOn: IsoDate): IsoDate {
  const base = addPeriod(listedOn, def.duration);
  return def.extension ? addPeriod(base, def.extension.maximum) : base;
}

/** The first day no longer listed, for a listing decided today. */
export function untilFor(def: ListDef, listedOn: IsoDate, requestedUntil: IsoDate | null): IsoDate {
  const standard = addPeriod(listedOn, def.duration);
  if (!requestedUntil) return standard;
  // The requested date names the last listed day; it may be shorter than the standard
  // duration, and longer only within the extension the law allows.
  const asked = addDays(requestedUntil, 1);
  const cap = latestUntil(def, listedOn);
  return asked <= listedOn ? standard : asked > cap ? cap : asked;
}

/** The steps of a proposed entry that have not happened yet. */
export const NOT_YET_DECIDED = {
  noticeServedOn: null,
  noticeDeadline: null,
  statementOn: null,
  decidedOn: null,
  listedOn: null,
  until: null,
  removedOn: null,
  removalReason: null,
} as const;

/**
 * Whether a list takes its deciding authority's decision as filed: that authority's own
 * procedure warned the subject and serves the decision (a court's, under the SPC provisions), so
 * the decision is the listing and the platform adds no notice or period of its own.
 */
export function inForceFromDecision(def: ListDef): boolean {
  return def.inForceFromDecision !== undefined;
}

/**
 * The day a filed decision lists its subject: the effective date the decision states (in the
 * list's effectiveFromField), else the decision's own date.
 */
export function listingDateOf(def: ListDef, decisionDate: IsoDate, fields: Readonly<Record<string, unknown>>): IsoDate {
  const field = def.inForceFromDecision?.effectiveFromField;
  const stated = field ? fields[field] : undefined;
  return typeof stated === 'string' && isIsoDate(stated) ? stated : decisionDate;
}

/**
 * Of the decisions an entry stands on (its basis records'), the one a listing on a list that takes
 * decisions as filed follows: the one that lists last (listingDateOf), with the day it lists from.
 */
export function listingDecision<D extends { date: IsoDate }>(
  def: ListDef,
  basis: ReadonlyArray<{ decision: D; fields: Readonly<Record<string, unknown>> }>,
): { decision: D; listedOn: IsoDate } {
  return basis
    .map((r) => ({ decision: r.decision, listedOn: listingDateOf(def, r.decision.date, r.fields) }))
    .reduce((a, b) => (b.listedOn > a.listedOn ? b : a));
}

/**
 * An entry in force by a filed decision: decided and listed as the decision says, ending by the
 * list's duration or the last day the decision names (within the extension the list allows).
 */
function inForceBy(entry: ListEntry, def: ListDef, decision: FiledDecision): ListEntry {
  return {
    ...entry,
    state: 'in-force',
    decidedOn: decision.decidedOn,
    listedOn: decision.listedOn,
    until: untilFor(def, decision.listedOn, entry.requestedUntil),
  };
}

/**
 * The entry a deciding authority's filed decision makes on a list that takes decisions as filed:
 * in force, decided and listed on the decision's day, ending by the list's duration or the last
 * day the decision names (within the extension the list allows). No notice of the platform's.
 */
export function decidedAsFiled(input: {
  entryId: string;
  def: ListDef;
  subjectKey: string;
  decidingAgency: string;
  basisRecords: string[];
  today: IsoDate;
  decidedOn: IsoDate;
  listedOn: IsoDate;
  requestedUntil?: IsoDate | null;
}): ListEntry {
  if (!inForceFromDecision(input.def)) throw new Error(`list ${input.def.code} does not take decisions as filed`);
  return inForceBy(proposeEntry(input), input.def, input);
}

/** A new entry, proposed today. */
export function proposeEntry(input: {
  entryId: string;
  def: ListDef;
  subjectKey: string;
  decidingAgency: string;
  basisRecords: string[];
  today: IsoDate;
  requestedUntil?: IsoDate | null;
}): ListEntry {
  return {
    entryId: input.entryId,
    list: input.def.code,
    subjectKey: input.subjectKey,
    state: 'proposed',
    decidingAgency: input.decidingAgency,
    basisRecords: input.basisRecords,
    proposedOn: input.today,
    requestedUntil: input.requestedUntil && isIsoDate(input.requestedUntil) ? input.requestedUntil : null,
    ...NOT_YET_DECIDED,
  };
}

/** Applies an action to an entry, or refuses it. */
export function transition(entry: ListEntry, action: ListAction, ctx: ListContext): Transition {
  const { today, def, calendar } = ctx;
  const s = entry.state;
  const wrongState = (allowed: ListEntryState[]) =>
    refuse({ code: 'wrong-state', message: `an entry that is ${s} cannot be given '${action.type}'; it must be ${allowed.join(' or ')}` });
  switch (action.type) {
    case 'notify': {
      if (s !== 'proposed') return wrongState(['proposed']);
      if (inForceFromDecision(def)) {
        return refuse({
          code: 'not-allowed-by-list',
          message: `on list ${def.code} the deciding authority gives notice by its own procedure and serves its decision itself; the platform serves no notice`,
        });
      }
      if (!action.facts.trim()) return refuse({ code: 'invalid', message: "a notice states the facts, the legal basis and the right to state one's case" });
      const deadline = calendar.addWorkingDays(today, def.notice.workingDays);
      return { ok: true, entry: { ...entry, state: 'notified', noticeServedOn: today, noticeDeadline: deadline } };
    }
    case 'statement': {
      if (s !== 'notified') return wrongState(['notified']);
      if (entry.noticeDeadline && today > entry.noticeDeadline) {
        return refuse({ code: 'deadline-passed', message: `the period to state the case ended on ${entry.noticeDeadline}` });
      }
      if (!action.statement.trim()) return refuse({ code: 'invalid', message: 'the statement is empty' });
      return { ok: true, entry: { ...entry, state: 'statement-received', statementOn: today } };
    }
    case 'decide': {
      if (s !== 'proposed' && s !== 'notified' && s !== 'statement-received') return wrongState(['proposed', 'notified', 'statement-received']);
      if (!action.reasons.trim()) return refuse({ code: 'invalid', message: 'a decision gives its reasons' });
      if (action.outcome === 'drop') return { ok: true, entry: { ...entry, state: 'dropped', decidedOn: today } };
      if (inForceFromDecision(def)) {
        // The listing is the authority's decision: from the day it takes effect, as when it is
        // filed, however long after it is decided here; a last listed day since passed ends it.
        if (!ctx.decision) throw new Error(`list ${def.code} takes decisions as filed: an entry is decided from the decision it stands on`);
        return { ok: true, entry: inForceBy(entry, def, ctx.decision) };
      }
      if (entry.requestedUntil && entry.requestedUntil < today) {
        return refuse({
          code: 'invalid',
          message: `the record names ${entry.requestedUntil} as the last listed day, which has passed: drop the proposal instead`,
        });
      }
      if (def.notice.required) {
        if (s === 'proposed') {
          return refuse({
            code: 'notice-required',
            message: `list ${def.code} requires notice before listing: notify the subject of the facts, the basis and its right to state its case first`,
          });
        }
        if (s === 'notified' && entry.noticeDeadline && today <= entry.noticeDeadline) {
          const from = addDays(entry.noticeDeadline, 1);
          return refuse({
            code: 'notice-period-running',
            message: `the subject may state its case until ${entry.noticeDeadline}; decide once its statement is received or from ${from}`,
            possibleFrom: from,
          });
        }
      }
      const until = untilFor(def, today, entry.requestedUntil);
      // No entry is listed without notice: on a list with no period to state one's case, the
      // notice is served together with the decision (and the ledger records both).
      const notice = entry.noticeServedOn ? {} : { noticeServedOn: today, noticeDeadline: today };
      return { ok: true, entry: { ...entry, ...notice, state: 'in-force', decidedOn: today, listedOn: today, until } };
    }
    case 'extend': {
      if (s !== 'in-force') return wrongState(['in-force']);
      if (!def.extension) return refuse({ code: 'not-allowed-by-list', message: `list ${def.code} allows no extension` });
      if (entry.until && today >= entry.until)
        return refuse({ code: 'wrong-state', message: `the listing ended on ${addDays(entry.until, -1)}; an ended listing cannot be extended` });
      if (!isIsoDate(action.until)) return refuse({ code: 'invalid', message: 'until must be a date' });
      const latest = latestUntil(def, entry.listedOn!);
      if (action.until <= entry.until!) return refuse({ code: 'invalid', message: `an extension ends after the current end ${entry.until}` });
      if (action.until > latest) return refuse({ code: 'not-allowed-by-list', message: `list ${def.code} allows listing until ${latest} at the latest` });
      if (!action.reasons.trim()) return refuse({ code: 'invalid', message: 'an extension gives its reasons' });
      return { ok: true, entry: { ...entry, until: action.until } };
    }
    case 'remove': {
      if (s !== 'in-force') return wrongState(['in-force']);
      if (!action.reasons.trim()) return refuse({ code: 'invalid', message: 'a removal gives its reasons' });
      if (!def.removal.includes(action.reason)) {
        return refuse({
          code: 'not-allowed-by-list',
          message: `list ${def.code} is not left for reason '${action.reason}'; its removal reasons are ${def.removal.join(', ')}`,
        });
      }
      if (action.reason === 'expiry' && entry.until && today < entry.until) {
        return refuse({ code: 'too-early', message: `the listing runs until ${addDays(entry.until, -1)}`, possibleFrom: entry.until });
      }
      const removedOn = action.reason === 'expiry' && entry.until ? entry.until : today;
      return { ok: true, entry: { ...entry, state: 'removed', removedOn, removalReason: action.reason } };
    }
    default:
      return assertNever(action, 'list action');
  }
}

/** Whether an entry lists its subject on a given day. */
export function listedOn(entry: Pick<ListEntry, 'listedOn' | 'until' | 'removedOn'>, date: IsoDate): boolean {
  if (!entry.listedOn || date < entry.listedOn) return false;
  if (entry.removedOn && date >= entry.removedOn) return false;
  return !entry.until || date < entry.until;
}

/** The earliest day repair of a listing can be applied for, or null if the list is not repairable. */
export function repairPossibleFrom(def: ListDef, entry: Pick<ListEntry, 'listedOn'>): IsoDate | null {
  if (!def.repairable || !entry.listedOn) return null;
  return addPeriod(entry.listedOn, def.repairAfter ?? 'P0D');
}
