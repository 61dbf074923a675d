// Credit repair (DOMAIN.md §4): the subject applies with evidence of performance and a signed
// public credit commitment; the platform checks what it can (the class or list is repairable,
// the minimum period has passed, nothing is pending) and refuses early applications with the
// date they become possible; the deciding agency ("whoever designated, repairs") approves or
// refuses within the deadline. Approval ends publicity or removes the entry; nothing is deleted.
import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { appendAndProject } from '../../ledger/write.ts';
import type { NewEvent } from '../../ledger/events.ts';
import { loadEntries, loadRecords, loadRepairs, type RepairRow } from '../../ledger/projection.ts';
import {
  canApplyForRepair,
  canDecideRepair,
  isRepairOverdue,
  repairDecideBy,
  type RepairTargetFacts,
  type Target,
} from '../../domain/due-process.ts';
import { isPublicOn } from '../../domain/publicity.ts';
import { listedOn, repairPossibleFrom } from '../../domain/lists.ts';
import { actorOf, ownSubject, type Principal } from '../../kernel/principal.ts';
import { assertNever } from '../../domain/assert-never.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { pendingRepairsOf, repairsPendingPast } from './repair.store.ts';
import type { ApplyRepair, DecideRepair } from './due-process.schemas.ts';

export interface RepairView extends RepairRow {
  overdue: boolean;
}

/** What an eligibility question answers. */
export interface RepairEligibility {
  ok: boolean;
  code?: string;
  message?: string;
  possibleFrom?: IsoDate | null;
}

export class RepairService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {}

  private today(): IsoDate {
    return this.policy.localDate(this.clock.now());
  }

  private view(r: RepairRow): RepairView {
    return { ...r, overdue: isRepairOverdue(r, this.today()) };
  }

  /** What the platform knows about a target: whether and from when it can be repaired. */
  private async facts(tx: Queryable, target: Target, today: IsoDate): Promise<RepairTargetFacts & { subjectKey: string; agency: string }> {
    switch (target.type) {
      case 'record': {
        const [r] = await loadRecords(tx, [target.id]);
        if (!r) throw new AppError('record-not-found', `there is no record ${target.id}`);
        const active =
          r.status === 'active' && !r.publicityEndedOn && isPublicOn({ published: r.published, start: r.publicityStart, end: r.publicityEnd }, today);
        return {
          subjectKey: r.subjectKey,
          agency: r.agencyCode,
          repairable: r.repairable && r.published,
          active,
          possibleFrom: r.publicityMinimumEnd,
          pending: r.pendingRepair !== null,
          pendingRepairId: r.pendingRepair,
          what: `record ${r.recordId} (${r.decision.number})`,
        };
      }
      case 'list-entry': {
        const [e] = await loadEntries(tx, [target.id]);
        if (!e) throw new AppError('list-entry-not-found', `there is no list entry ${target.id}`);
        const def = this.policy.list(e.list)!;
        return {
          subjectKey: e.subjectKey,
          agency: e.decidingAgency,
          repairable: def.repairable,
          active: e.state === 'in-force' && listedOn(e, today),
          possibleFrom: repairPossibleFrom(def, e),
          pending: e.pendingRepair !== null,
          pendingRepairId: e.pendingRepair,
          what: `entry ${e.entryId} on ${def.code}`,
        };
      }
      default:
        return assertNever(target.type, 'repair target');
    }
  }

  /** Whether the subject of a subject's own account could apply for repair of its target now. */
  async eligibilityFor(p: Principal, target: Target): Promise<RepairEligibility> {
    const subjectKey = ownSubject(p);
    if (subjectKey === null) throw new AppError('forbidden', "this operation is for a subject's own account");
    return this.eligibility(target, subjectKey);
  }

  /** What repair of a target would need now: for pages and for refusals alike. */
  async eligibility(target: Target, subjectKey?: string): Promise<RepairEligibility> {
    const today = this.today();
    const f = await this.facts(this.db, target, today);
    if (subjectKey !== undefined && f.subjectKey !== subjectKey)
      throw new AppError('forbidden', 'a subject asks about repair of its own records and entries only');
    const check = canApplyForRepair(f, { evidence: ['-'], commitment: { text: '-', signatory: '-' } }, today);
    return check.ok
      ? { ok: true, possibleFrom: f.possibleFrom }
      : { ok: false, code: check.code, message: check.message, possibleFrom: check.possibleFrom ?? f.possibleFrom };
  }

  async apply(p: Principal, body: ApplyRepair): Promise<RepairView> {
    const target: Target = { type: body.target.type, id: body.target.id };
    const input = { evidence: body.evidence, commitment: body.commitment };
    const today = this.today();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const f = await this.facts(tx, target, today);
      if (ownSubject(p) !== f.subjectKey) throw new AppError('forbidden', 'repair is applied for by the subject concerned, from its own account');
      const check = canApplyForRepair(f, input, today);
      if (!check.ok) {
        throw new AppError('repair-refused', check.message, {
          refusal: { code: check.code, ...(check.possibleFrom ? { possibleFrom: check.possibleFrom } : {}) },
        });
      }
      const deadlines = this.policy.ruleVersionOn(today).repairDeadlines;
      const repairId = `rep_${createHash('sha256')
        .update(`${target.id}\u0000${now.toISOString()}\u0000${randomBytes(8).toString('hex')}`)
        .digest('hex')
        .slice(0, 24)}`;
      await appendAndProject(
        tx,
        [
          {
            type: 'repair.applied',
            subject: f.subjectKey,
            data: {
              appliedOn: today,
              commitment: { signatory: input.commitment.signatory.trim(), text: input.commitment.text.trim() },
              decideBy: repairDecideBy(this.policy.calendar, today, deadlines),
              decidingAgency: f.agency,
              evidence: input.evidence.map((e) => e.trim()).filter(Boolean),
              repairId,
              target: { id: target.id, type: target.type },
            },
          },
        ],
        actorOf(p),
        now,
      );
      return this.view((await loadRepairs(tx, [repairId]))[0]!);
    });
  }

  async decide(p: Principal, repairId: string, body: DecideRepair): Promise<RepairView> {
    const outcome = body.outcome;
    const reasons = body.reasons.trim();
    if (p.kind !== 'agency') throw new AppError('forbidden', 'repair is decided by the agency that made the decision being repaired');
    const today = this.today();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const [r] = await loadRepairs(tx, [repairId]);
      if (!r) throw new AppError('repair-not-found', `there is no repair application ${repairId}`);
      if (r.decidingAgency !== p.agency.code)
        throw new AppError('forbidden', `repair ${repairId} is decided by ${r.decidingAgency} (whoever designated, repairs)`);
      const check = canDecideRepair(r);
      if (!check.ok) throw new AppError('step-refused', check.message, { refusal: check });
      const events: NewEvent[] = [{ type: 'repair.decided', subject: r.subjectKey, data: { decidedOn: today, outcome, reasons, repairId } }];
      if (outcome === 'approved') {
        events.push(
          r.targetType === 'record'
            ? { type: 'record.publicity-ended', subject: r.subjectKey, data: { endedOn: today, reason: 'repair', recordId: r.targetId, repairId } }
            : { type: 'list.removed', subject: r.subjectKey, data: { entryId: r.targetId, reason: 'repair', reasons, removedOn: today, repairId } },
        );
      }
      await appendAndProject(tx, events, actorOf(p), now);
      return this.view((await loadRepairs(tx, [repairId]))[0]!);
    });
  }

  async get(p: Principal, repairId: string): Promise<RepairView> {
    const [r] = await loadRepairs(this.db, [repairId]);
    if (!r) throw new AppError('repair-not-found', `there is no repair application ${repairId}`);
    const allowed =
      ownSubject(p) === r.subjectKey || (p.kind === 'agency' && p.agency.code === r.decidingAgency) || (p.kind === 'account' && p.account.role !== 'subject');
    if (!allowed) throw new AppError('forbidden', 'a repair application is seen by its subject, the deciding agency, administrators and auditors');
    return this.view(r);
  }

  /** Pending applications an agency must decide, soonest deadline first. */
  async queue(agency: string): Promise<RepairView[]> {
    return (await pendingRepairsOf(this.db, agency)).map((r) => this.view(r));
  }

  /** Pending applications past their deadline, for every agency: the escalation queue. */
  async overdue(): Promise<RepairView[]> {
    return (await repairsPendingPast(this.db, this.today())).map((r) => this.view(r));
  }
}
