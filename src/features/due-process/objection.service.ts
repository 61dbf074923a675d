// Objections: the subject (about its own records and entries), the deciding agency (reviewing its
// own decision) or an agency the pack gives a legal interest in the record or entry disputes it.
// While open, the target shows as disputed everywhere. Each of them has at most one objection
// open on a target, so another's objection never stands in the subject's way. The supplying or
// deciding agency decides within the working-day deadline of the rule version in force on the
// filing day: maintained, corrected (a new version of the record) or withdrawn (the record
// withdrawn, the entry removed). Overdue objections appear in the escalation queue.
import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { appendAndProject } from '../../ledger/write.ts';
import type { NewEvent } from '../../ledger/events.ts';
import { loadEntries, loadObjections, loadRecords, type ObjectionRow } from '../../ledger/projection.ts';
import { canDecideObjection, isOverdue, objectionDeadline, standingToObject, type ObjectionTargetFacts, type Objector, type Target } from '../../domain/due-process.ts';
import { actorOf, ownSubject, type Principal } from '../../kernel/principal.ts';
import { assertNever } from '../../domain/assert-never.ts';
import { transition, type ListAction } from '../../domain/lists.ts';
import type { ListDef } from '../../domain/policy/schema.ts';
import type { IntakeService } from '../records/intake.service.ts';
import { objectionsOpenPast, openObjectionTo, openObjectionsOf } from './objection.store.ts';
import type { DecideObjection, FileObjection } from './due-process.schemas.ts';

export interface ObjectionView extends ObjectionRow {
  overdue: boolean;
}

function objectorOf(p: Principal): Objector {
  if (p.kind === 'agency') return { type: 'agency', code: p.agency.code, kind: p.agency.kind };
  const own = ownSubject(p);
  return own === null ? { type: 'other' } : { type: 'subject', subjectKey: own };
}

/**
 * Whose objections count as one party's: the subject's (filed through any of its accounts), or
 * one agency's; as the ledger's actor is recorded on the objection (`filedBy`).
 */
function filerOf(p: Principal): string {
  const actor = actorOf(p);
  return actor.type === 'subject' ? 'subject:' : `${actor.type}:${actor.id}`;
}

export class ObjectionService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly intake: IntakeService,
  ) {}

  private listDef(code: string): ListDef {
    const def = this.policy.list(code);
    if (!def) throw new AppError('internal-error', `list ${code} is not in the policy pack`);
    return def;
  }

  private today() {
    return this.policy.localDate(this.clock.now());
  }

  private view(o: ObjectionRow): ObjectionView {
    return { ...o, overdue: isOverdue(o, this.today()) };
  }

  async file(p: Principal, body: FileObjection): Promise<ObjectionView> {
    const target: Target = { type: body.target.type, id: body.target.id };
    const reasons = body.reasons.trim();
    const evidence = (body.evidence ?? []).map((x) => x.trim()).filter(Boolean);
    const today = this.today();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      // Without standing the target is answered as one that does not exist: whether a record or
      // entry exists, who decided it and whether it was withdrawn is not for a stranger to learn.
      const owner = await this.targetOwner(tx, target);
      if (!owner || !standingToObject(objectorOf(p), owner).ok) throw notFound(target);
      if (owner.closed) throw owner.closed;
      const open = await openObjectionTo(tx, target, filerOf(p));
      if (open) {
        throw new AppError(
          'step-refused',
          `your objection ${open.objectionId} to this ${target.type} is already open and must be decided by ${open.deadline}; add to it once decided, or follow it at GET /v1/objections/${open.objectionId}`,
          { refusal: { code: 'already-open', objectionId: open.objectionId, deadline: open.deadline } },
        );
      }
      const days = this.policy.ruleVersionOn(today).objectionDeadlines.decidingAuthorityWorkingDays;
      const objectionId = `obj_${createHash('sha256')
        .update(`${target.id}\u0000${now.toISOString()}\u0000${randomBytes(8).toString('hex')}`)
        .digest('hex')
        .slice(0, 24)}`;
      await appendAndProject(
        tx,
        [
          {
            type: 'objection.filed',
            subject: owner.subjectKey,
            data: {
              decidingAgency: owner.decidingAgency,
              deadline: objectionDeadline(this.policy.calendar, today, days),
              evidence,
              filedOn: today,
              objectionId,
              reasons,
              target: { id: target.id, type: target.type },
            },
          },
        ],
        actorOf(p),
        now,
      );
      return this.view((await loadObjections(tx, [objectionId]))[0]!);
    });
  }

  /** The target's subject, its deciding agency and who else has a legal interest in it. */
  private async targetOwner(tx: Queryable, target: Target): Promise<(ObjectionTargetFacts & { closed: AppError | null }) | null> {
    switch (target.type) {
      case 'record': {
        const [r] = await loadRecords(tx, [target.id]);
        if (!r) return null;
        const closed = r.status !== 'active' ? new AppError('step-refused', `record ${target.id} is withdrawn`, { refusal: { code: 'withdrawn' } }) : null;
        const standing = this.policy.item(r.item)?.objectionStanding ?? [];
        return { subjectKey: r.subjectKey, decidingAgency: r.agencyCode, standing, what: `record ${r.recordId} (${r.item})`, closed };
      }
      case 'list-entry': {
        const [e] = await loadEntries(tx, [target.id]);
        if (!e) return null;
        const closed =
          e.state === 'dropped' || e.state === 'removed' ? new AppError('step-refused', `list entry ${target.id} is ${e.state}`, { refusal: { code: e.state } }) : null;
        const standing = this.policy.list(e.list)?.objectionStanding ?? [];
        return { subjectKey: e.subjectKey, decidingAgency: e.decidingAgency, standing, what: `list entry ${e.entryId} (${e.list})`, closed };
      }
      default:
        return assertNever(target.type, 'objection target');
    }
  }

  /** The deciding agency decides; a correction carries the corrected fields or decision document. */
  async decide(p: Principal, objectionId: string, body: DecideObjection): Promise<ObjectionView> {
    const outcome = body.outcome;
    const reasons = body.reasons.trim();
    if (p.kind !== 'agency') throw new AppError('forbidden', 'objections are decided by the supplying agency');
    const today = this.today();
    const now = this.clock.now();
    const [pre] = await loadObjections(this.db, [objectionId]);
    if (!pre) throw new AppError('objection-not-found', `there is no objection ${objectionId}`);
    if (pre.decidingAgency !== p.agency.code) throw new AppError('forbidden', `objection ${objectionId} is decided by ${pre.decidingAgency}`);
    const check = canDecideObjection({ state: pre.state, target: { type: pre.targetType, id: pre.targetId } }, outcome);
    if (!check.ok) throw new AppError('step-refused', check.message, { refusal: check });
    return this.db.transaction(async (tx) => {
      const [o] = await loadObjections(tx, [objectionId]);
      if (!o || o.state !== 'open') throw new AppError('step-refused', 'the objection was decided meanwhile', { refusal: { code: 'wrong-state' } });
      const [record] = o.targetType === 'record' ? await loadRecords(tx, [o.targetId], o.subjectKey) : [];
      if (record && record.status !== 'active' && outcome !== 'maintained') {
        // Another objection to the record withdrew it meanwhile: nothing is left to correct or withdraw.
        throw new AppError('step-refused', `record ${o.targetId} is already withdrawn: decide this objection as maintained, giving that reason`, {
          refusal: { code: 'withdrawn' },
        });
      }
      if (outcome === 'corrected') {
        // The correction is the filing agency's new version of the record, in the same transaction.
        const correction = body.correction ?? {};
        await this.intake.correctIn(tx, p.agency, o.targetId, { ...correction, reason: `objection ${objectionId}: ${reasons}` }, o.subjectKey);
      }
      const events: NewEvent[] = [{ type: 'objection.decided', subject: o.subjectKey, data: { decidedOn: today, objectionId, outcome, reasons } }];
      if (outcome === 'withdrawn' && o.targetType === 'list-entry') {
        // An entry in force is removed; one still proposed is dropped by the decision.
        // Both go through the list's state machine, like any other step on the entry.
        const [e] = await loadEntries(tx, [o.targetId]);
        if (e && (e.state === 'in-force' || e.state === 'proposed' || e.state === 'notified' || e.state === 'statement-received')) {
          const action: ListAction =
            e.state === 'in-force' ? { type: 'remove', reason: 'objection-upheld', reasons } : { type: 'decide', outcome: 'drop', reasons };
          const t = transition(e, action, { today, def: this.listDef(e.list), calendar: this.policy.calendar });
          if (!t.ok) throw new AppError('step-refused', `the entry cannot be ended on this objection: ${t.refusal.message}`, { refusal: t.refusal });
          events.push(
            t.entry.state === 'removed'
              ? {
                  type: 'list.removed',
                  subject: o.subjectKey,
                  data: { entryId: e.entryId, reason: 'objection-upheld', reasons, removedOn: t.entry.removedOn! },
                }
              : {
                  type: 'list.decided',
                  subject: o.subjectKey,
                  data: { decidedOn: today, entryId: e.entryId, listedOn: null, outcome: 'drop', reasons, until: null },
                },
          );
        }
      }
      await appendAndProject(tx, events, actorOf(p), now);
      if (outcome === 'withdrawn' && o.targetType === 'record') {
        // Withdrawn through intake, with what the withdrawal takes with it (a court's listing on it).
        await this.intake.withdrawIn(tx, actorOf(p), o.subjectKey, { cause: 'objection', reason: reasons, recordId: o.targetId, withdrawnOn: today });
      }
      return this.view((await loadObjections(tx, [objectionId]))[0]!);
    });
  }

  async get(p: Principal, objectionId: string): Promise<ObjectionView> {
    const [o] = await loadObjections(this.db, [objectionId]);
    if (!o) throw new AppError('objection-not-found', `there is no objection ${objectionId}`);
    const allowed =
      ownSubject(p) === o.subjectKey ||
      (p.kind === 'agency' && (p.agency.code === o.decidingAgency || o.filedBy === filerOf(p))) ||
      (p.kind === 'account' && p.account.role !== 'subject');
    if (!allowed) throw new AppError('forbidden', 'an objection is seen by its subject, the agency that filed it, the deciding agency, administrators and auditors');
    return this.view(o);
  }

  /** Open objections an agency must decide, soonest deadline first. */
  async queue(agency: string): Promise<ObjectionView[]> {
    return (await openObjectionsOf(this.db, agency)).map((o) => this.view(o));
  }

  /** Open objections past their deadline, for every agency: the escalation queue. */
  async overdue(): Promise<ObjectionView[]> {
    return (await objectionsOpenPast(this.db, this.today())).map((o) => this.view(o));
  }
}

/** The answer for a target that does not exist, or that the caller has no standing to object to. */
function notFound(target: Target): AppError {
  return target.type === 'record'
    ? new AppError('record-not-found', `there is no record ${target.id}`)
    : new AppError('list-entry-not-found', `there is no list entry ${target.id}`);
}
