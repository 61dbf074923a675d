// Objections and credit repair as pure rules: who may act in which state, the working-day
// deadlines, and the conditions of repair the platform can check itself (the minimum publicity
// period has passed, the class or list is repairable, a signed commitment and evidence of
// performance are given). Refusals say why and, where waiting is what it takes, from when.
import type { IsoDate } from './dates.ts';
import type { WorkingCalendar } from './calendar.ts';
import type { ObjectionStanding } from './policy/schema.ts';
import { assertNever } from './assert-never.ts';

export type TargetType = 'record' | 'list-entry';

export interface Target {
  type: TargetType;
  id: string;
}

// ---------------------------------------------------------------- objections

export const OBJECTION_STATES = ['open', 'maintained', 'corrected', 'withdrawn'] as const;
export type ObjectionState = (typeof OBJECTION_STATES)[number];

/**
 * The outcome of an objection: the record or entry is maintained (the objection fails), the
 * record is corrected (a new version), or the record is withdrawn / the entry removed.
 */
export type ObjectionOutcome = 'maintained' | 'corrected' | 'withdrawn';

export interface Objection {
  objectionId: string;
  subjectKey: string;
  target: Target;
  state: ObjectionState;
  filedOn: IsoDate;
  filedBy: string;
  deadline: IsoDate;
  decidedOn: IsoDate | null;
}

/** Who objects: the subject's own account, an agency (by its code and kind), or anyone else. */
export type Objector = { type: 'subject'; subjectKey: string } | { type: 'agency'; code: string; kind: string } | { type: 'other' };

/** What standing to object to a record or list entry depends on. */
export interface ObjectionTargetFacts {
  /** The subject the record or entry is about. */
  subjectKey: string;
  /** The agency that decides objections to it: the record's supplier, the entry's deciding agency. */
  decidingAgency: string;
  /** The pack's statements of other agencies' legal interest (the catalogue item's, or the list's). */
  standing: readonly ObjectionStanding[];
  what: string;
}

/**
 * Who may object to a record or a list entry: the subject concerned (a wrong record about it is
 * its to dispute); the deciding agency, reviewing its own decision; and an agency of a kind the
 * pack gives a legal interest in records of that item or entries on that list. No one else: an
 * objection marks the record disputed publicly, so a stranger's would harm the subject and speak
 * over it.
 */
export function standingToObject(objector: Objector, target: ObjectionTargetFacts): Check {
  switch (objector.type) {
    case 'subject':
      if (objector.subjectKey === target.subjectKey) return { ok: true };
      return { ok: false, code: 'no-standing', message: 'a subject may object only to records and entries about itself' };
    case 'agency': {
      if (objector.code === target.decidingAgency) return { ok: true };
      if (target.standing.some((s) => s.agencyKinds.includes(objector.kind))) return { ok: true };
      const kinds = [...new Set(target.standing.flatMap((s) => s.agencyKinds))];
      return {
        ok: false,
        code: 'no-standing',
        message:
          `agency ${objector.code} has no legal interest in ${target.what}: it is objected to by its subject, by the deciding agency ${target.decidingAgency}` +
          (kinds.length > 0 ? `, and by agencies of kind ${kinds.join(' or ')}` : ''),
      };
    }
    case 'other':
      return { ok: false, code: 'no-standing', message: 'objections are filed by the subject concerned or by an agency with a legal interest in the record' };
    default:
      return assertNever(objector, 'objector');
  }
}

export function objectionDeadline(calendar: WorkingCalendar, filedOn: IsoDate, workingDays: number): IsoDate {
  return calendar.addWorkingDays(filedOn, workingDays);
}

export function isOverdue(o: Pick<Objection, 'state' | 'deadline'>, today: IsoDate): boolean {
  return o.state === 'open' && today > o.deadline;
}

/** A repair application still pending after the day it had to be decided by. */
export function isRepairOverdue(r: { state: string; decideBy: IsoDate }, today: IsoDate): boolean {
  return r.state === 'pending' && today > r.decideBy;
}

export type Check = { ok: true } | { ok: false; code: string; message: string; possibleFrom?: IsoDate };

export function canDecideObjection(o: Pick<Objection, 'state' | 'target'>, outcome: ObjectionOutcome): Check {
  if (o.state !== 'open') return { ok: false, code: 'wrong-state', message: `the objection was already decided (${o.state})` };
  if (o.target.type === 'list-entry' && outcome === 'corrected') {
    return { ok: false, code: 'invalid', message: 'a list entry is maintained or removed, not corrected; correct the record it rests on instead' };
  }
  return { ok: true };
}

// ---------------------------------------------------------------- repair

export const REPAIR_STATES = ['pending', 'approved', 'refused'] as const;
export type RepairState = (typeof REPAIR_STATES)[number];

export interface RepairApplication {
  repairId: string;
  subjectKey: string;
  target: Target;
  state: RepairState;
  appliedOn: IsoDate;
  decideBy: IsoDate;
  decidedOn: IsoDate | null;
}

export interface RepairInput {
  evidence: string[];
  /** The signed public credit commitment: its text and who signed it for the subject. */
  commitment: { text: string; signatory: string };
}

/** What the platform knows about the target when an application arrives. */
export interface RepairTargetFacts {
  /** The record's class, or the list, allows repair at all. */
  repairable: boolean;
  /** Still public (record) or still listed (entry): there is something to end. */
  active: boolean;
  /** The first day repair can be applied for (minimum period passed). */
  possibleFrom: IsoDate | null;
  /** An application for this target is already pending (and which, when known). */
  pending: boolean;
  pendingRepairId?: string | null;
  what: string;
}

export function canApplyForRepair(facts: RepairTargetFacts, input: RepairInput, today: IsoDate): Check {
  if (!facts.repairable)
    return { ok: false, code: 'not-repairable', message: `${facts.what} cannot be repaired: its publicity ends by itself or by the deciding authority` };
  if (!facts.active) return { ok: false, code: 'nothing-to-repair', message: `${facts.what} is no longer public or listed` };
  if (facts.pending) {
    const which = facts.pendingRepairId ? ` (${facts.pendingRepairId})` : '';
    return {
      ok: false,
      code: 'already-pending',
      message: `an application to repair ${facts.what} is already pending${which}: wait for its decision; if it is refused, a new application can be made`,
    };
  }
  if (facts.possibleFrom && today < facts.possibleFrom) {
    return {
      ok: false,
      code: 'too-early',
      message: `the minimum period has not passed: repair of ${facts.what} can be applied for from ${facts.possibleFrom}`,
      possibleFrom: facts.possibleFrom,
    };
  }
  if (!input.commitment.text.trim() || !input.commitment.signatory.trim()) {
    return { ok: false, code: 'commitment-required', message: 'repair needs a public credit commitment, signed for the subject (its text and the signatory)' };
  }
  if (input.evidence.filter((e) => e.trim()).length === 0) {
    return {
      ok: false,
      code: 'evidence-required',
      message: 'repair needs evidence that the conduct is corrected and every obligation of the decision performed',
    };
  }
  return { ok: true };
}

/** The deciding authority's deadline: the platform's working days to forward plus its own. */
export function repairDecideBy(
  calendar: WorkingCalendar,
  appliedOn: IsoDate,
  deadlines: { platformWorkingDays: number; decidingAuthorityWorkingDays: number },
): IsoDate {
  return calendar.addWorkingDays(appliedOn, deadlines.platformWorkingDays + deadlines.decidingAuthorityWorkingDays);
}

export function canDecideRepair(r: Pick<RepairApplication, 'state'>): Check {
  return r.state === 'pending' ? { ok: true } : { ok: false, code: 'wrong-state', message: `the application was already decided (${r.state})` };
}
