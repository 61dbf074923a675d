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
import { fromDb, loadEntries, loadRecords, loadRepairs, REPAIR_TABLE, type RepairRow } from '../../ledger/projection.ts';
import {
  canApplyForRepair,
  canDecideRepair,
  isRepairOverdue,
  repairDecideBy,
  type RepairInput,
  type RepairTargetFacts,
  type Target,
} from '../../domain/due-process.ts';
import { isPublicOn } from '../../domain/publicity.ts';
import { listedOn, repairPossibleFrom } from '../../domain/lists.ts';
import { actorOf, ownSubject, type Principal } from '../../kernel/principal.ts';
import { parseTarget } from './objection.service.ts';
import type { IsoDate } from '../../domain/dates.ts';

export interface RepairView extends RepairRow {
  overdue: boolean;
}

function parseInput(body: { evidence?: unknown; commitment?: unknown }): RepairInput {
  const evidence = Array.isArray(body.evidence) ? body.evidence.filter((e): e is string => typeof e === 'string') : [];
  const c = (body.commitment ?? {}) as { text?: unknown; signatory?: unknown };
  return { evidence, commitment: { text: typeof c.text === 'string' ? c.text : '', signatory: typeof c.signatory === 'string' ? c.signatory : '' } };
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
    if (target.type === 'record') {
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

  /** What repair of a target would need now: for pages and for refusals alike. */
  async eligibility(target: Target, subjectKey?: string): Promise<{ ok: boolean; code?: string; message?: string; possibleFrom?: IsoDate | null }> {
    const today = this.today();
    const f = await this.facts(this.db, target, today);
    if (subjectKey !== undefined && f.subjectKey !== subjectKey)
      throw new AppError('forbidden', 'a subject asks about repair of its own records and entries only');
    const check = canApplyForRepair(f, { evidence: ['-'], commitment: { text: '-', signatory: '-' } }, today);
    return check.ok
      ? { ok: true, possibleFrom: f.possibleFrom }
      : { ok: false, code: check.code, message: check.message, possibleFrom: check.possibleFrom ?? f.possibleFrom };
  }

  async apply(p: Principal, body: { target?: unknown; evidence?: unknown; commitment?: unknown }): Promise<RepairView> {
    const target = parseTarget(body.target);
    const input = parseInput(body);
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

  async decide(p: Principal, repairId: string, body: { outcome?: unknown; reasons?: unknown }): Promise<RepairView> {
    if (body.outcome !== 'approved' && body.outcome !== 'refused') {
      throw new AppError('validation-failed', 'outcome is approved or refused', { errors: [{ field: 'outcome', message: 'must be approved or refused' }] });
    }
    const outcome = body.outcome;
    const reasons = typeof body.reasons === 'string' ? body.reasons.trim() : '';
    if (!reasons) throw new AppError('validation-failed', 'a decision gives its reasons', { errors: [{ field: 'reasons', message: 'is required' }] });
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

  async queue(agency: string): Promise<RepairView[]> {
    const rows = await this.db.query(`SELECT * FROM repair_application WHERE deciding_agency = $1 AND state = 'pending' ORDER BY decide_by, repair_id`, [
      agency,
    ]);
    return rows.map((r) => this.view(fromDb(REPAIR_TABLE, r)));
  }

  async overdue(): Promise<RepairView[]> {
    const rows = await this.db.query(`SELECT * FROM repair_application WHERE state = 'pending' AND decide_by < $1 ORDER BY decide_by, repair_id`, [
      this.today(),
    ]);
    return rows.map((r) => this.view(fromDb(REPAIR_TABLE, r)));
  }

  async ofSubject(subjectKey: string): Promise<RepairView[]> {
    const rows = await this.db.query('SELECT * FROM repair_application WHERE subject_key = $1 ORDER BY first_seq', [subjectKey]);
    return rows.map((r) => this.view(fromDb(REPAIR_TABLE, r)));
  }
}
