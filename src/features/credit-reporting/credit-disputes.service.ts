// Objections to furnished credit information (Regulation art. 25) and the subject's personal
// statement (本人声明). A subject objects to an account, or one month of an account, that a
// furnisher furnished about it; the item shows a dispute mark at once, the objection waits in the
// furnisher's queue, and the furnisher answers within 20 calendar days of receipt: upheld and
// corrected (the correction itself a new version furnished through a batch, which the answer may
// cite) or rejected with an explanation. Unanswered past its due day, the scheduler escalates it
// to the regulator. Every step is a ledger event on the subject's log, written with its row in
// one transaction. The report reads the marks and the statement through annotationsOf.
//
// The public side's objections (features/due-process) dispute records and list entries decided by
// agencies within working-day deadlines and decided by a new version of a record; these dispute a
// lender's account data within calendar days and are answered by the lender, so they share the
// ledger and the problem codes, not the code.
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { actorOf, isOversight, ownSubject, type AgencyPrincipal, type Principal } from '../../kernel/principal.ts';
import { SYSTEM_ACTOR } from '../../kernel/constants.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { unsafeText } from '../../domain/safe-text.ts';
import { takeLogs } from '../../ledger/ledger.ts';
import type { IsoDate } from '../../domain/dates.ts';
import {
  answerDueOn,
  answerRefusal,
  escalatesOn,
  isLate,
  statementProblem,
  type CreditObjectionOutcome,
  type CreditObjectionState,
} from '../../domain/credit-reporting/disputes.ts';
import type { CreditDisputeMark, CreditReportAnnotations, PersonalStatement } from '../../domain/credit-reporting/report.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import {
  accountAbout,
  batchOf,
  disputedOn,
  insertObjection,
  insertStatement,
  latestStatementVersion,
  monthFurnished,
  objectionById,
  objectionsIn,
  objectionsOf,
  openPastDue,
  queueOf,
  recordAnswer,
  recordEscalation,
  statementOn,
  unansweredObjectionTo,
  type CreditObjectionRow,
  type PastDueCursor,
} from './credit-disputes.store.ts';

/** An objection as its subject, its furnisher and oversight see it: its row without the subject's key, with its events' place. */
export type CreditObjectionView = Omit<CreditObjectionRow, 'subjectKey' | 'log' | 'firstIndex' | 'lastIndex'> & {
  /** Answered after its due day, or not answered by it. */
  late: boolean;
  event: { log: number; firstIndex: number; lastIndex: number };
};

export interface FileCreditObjection {
  furnisher: string;
  account: string;
  month?: string;
  reason: string;
}

export interface AnswerCreditObjection {
  outcome: CreditObjectionOutcome;
  explanation: string;
  correctionBatch?: string;
}

const ESCALATION_PAGE = 1000;

const newObjectionId = () => `cob_${randomBytes(12).toString('hex')}`;

function subjectOf(p: Principal): string {
  const key = ownSubject(p);
  if (key === null) throw new AppError('forbidden', "this operation is for a subject's own account");
  return key;
}

export class CreditDisputesService implements CreditReportAnnotations {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly access: AccessLog,
  ) {}

  private today(): IsoDate {
    return this.policy.localDate(this.clock.now());
  }

  private view(o: CreditObjectionRow): CreditObjectionView {
    const { subjectKey: _subject, log, firstIndex, lastIndex, ...shown } = o;
    const late = o.answeredOn !== null ? isLate(o.dueOn, o.answeredOn) : isLate(o.dueOn, this.today());
    return { ...shown, late, event: { log, firstIndex, lastIndex } };
  }

  /** The subject objects to one of its accounts, or a month of one; the item is marked disputed at once. */
  async file(p: Principal, body: FileCreditObjection): Promise<CreditObjectionView> {
    const subjectKey = subjectOf(p);
    const item = { subjectKey, furnisher: body.furnisher, account: body.account, month: body.month ?? null };
    const reason = body.reason.trim();
    if (reason === '') throw new AppError('validation-failed', 'reason: must not be blank', { errors: [{ field: 'reason', message: 'must not be blank' }] });
    const filedOn = this.today();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      // Another person's account answers as one that does not exist: whose accounts a lender holds is not for others to learn.
      const about = await accountAbout(tx, item.furnisher, item.account, subjectKey);
      if (!about) throw new AppError('credit-account-not-found', `there is no account ${item.account} of ${item.furnisher} about you`);
      if (item.month !== null && !(await monthFurnished(tx, about.borrowerKey, item.furnisher, item.account, item.month)))
        throw new AppError('credit-account-not-found', `${item.furnisher} furnished no statement of account ${item.account} for ${item.month}`);
      // The subject's log is held from here, so two objections to one item cannot both be filed.
      await takeLogs(tx, [subjectKey]);
      const open = await unansweredObjectionTo(tx, item);
      if (open) {
        throw new AppError('step-refused', `your objection ${open.objectionId} to this item waits for the furnisher's answer, due by ${open.dueOn}`, {
          refusal: { code: 'already-open', objectionId: open.objectionId, dueOn: open.dueOn },
        });
      }
      const objectionId = newObjectionId();
      const dueOn = answerDueOn(filedOn);
      const [event] = await appendAndProject(
        tx,
        [
          {
            type: 'credit-objection.filed',
            subject: subjectKey,
            data: { account: item.account, dueOn, filedOn, furnisher: item.furnisher, month: item.month, objectionId, reason },
          },
        ],
        actorOf(p),
        now,
      );
      const row: CreditObjectionRow = {
        objectionId,
        ...item,
        reason,
        filedOn,
        dueOn,
        state: 'open',
        escalatedOn: null,
        answeredOn: null,
        outcome: null,
        explanation: null,
        correctionBatch: null,
        log: event!.log,
        firstIndex: event!.index,
        lastIndex: event!.index,
      };
      await insertObjection(tx, row);
      return this.view(row);
    });
  }

  /** The subject's own objections, newest first. */
  async mine(p: Principal): Promise<CreditObjectionView[]> {
    return (await objectionsOf(this.db, subjectOf(p))).map((o) => this.view(o));
  }

  private requireFurnisher(agency: AgencyPrincipal): void {
    if (!this.policy.isFurnisherKind(agency.kind))
      throw new AppError(
        'not-a-furnisher',
        `agency ${agency.code} is of kind ${agency.kind}, which furnishes no credit accounts and answers no credit objections`,
      );
  }

  /** The furnisher's objections waiting for its answer, soonest due first; viewing them is logged for each subject. */
  async queue(agency: AgencyPrincipal): Promise<Array<CreditObjectionView & { borrower: string }>> {
    this.requireFurnisher(agency);
    const rows = await queueOf(this.db, agency.code);
    await this.access.viewed([...new Set(rows.map((r) => r.subjectKey))], 'beyond-public', 'read its credit objections queue');
    return rows.map((r) => ({ ...this.view(r), borrower: r.borrowerMasked }));
  }

  /** Every furnisher's objections in a state (administrators and auditors: the escalated ones for the regulator). */
  async inState(p: Principal, state: CreditObjectionState, limit = 500): Promise<CreditObjectionView[]> {
    if (!isOversight(p)) throw new AppError('forbidden', 'every objection is seen by administrators and auditors');
    const rows = await objectionsIn(this.db, state, limit);
    await this.access.viewed([...new Set(rows.map((r) => r.subjectKey))], 'beyond-public', `read the ${state} credit objections`);
    return rows.map((o) => this.view(o));
  }

  /** The furnisher answers one of its objections; another furnisher's answers as one that does not exist. */
  async answer(agency: AgencyPrincipal, objectionId: string, body: AnswerCreditObjection): Promise<CreditObjectionView> {
    this.requireFurnisher(agency);
    const explanation = body.explanation.trim();
    if (explanation === '')
      throw new AppError('validation-failed', 'explanation: must not be blank', { errors: [{ field: 'explanation', message: 'must not be blank' }] });
    const correctionBatch = body.correctionBatch ?? null;
    if (correctionBatch !== null && body.outcome !== 'upheld-corrected')
      throw new AppError('validation-failed', 'correctionBatch: only an upheld objection cites the batch of its correction', {
        errors: [{ field: 'correctionBatch', message: 'only with outcome upheld-corrected' }],
      });
    const answeredOn = this.today();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      // The objection's row first, then its subject's log: the order the scheduler's escalation
      // takes them in, so that an answer and an escalation never wait for each other in a cycle.
      const o = await objectionById(tx, objectionId, true);
      if (!o || o.furnisher !== agency.code) throw new AppError('credit-objection-not-found', `there is no objection ${objectionId} to your accounts`);
      await takeLogs(tx, [o.subjectKey]);
      const refusal = answerRefusal(o.state);
      if (refusal) throw new AppError('step-refused', `${refusal} (${o.outcome} on ${o.answeredOn})`, { refusal: { code: 'answered' } });
      if (correctionBatch !== null && !(await batchOf(tx, agency.code, correctionBatch)))
        throw new AppError('validation-failed', `correctionBatch: ${correctionBatch} is not one of your batches`, {
          errors: [{ field: 'correctionBatch', message: 'is not one of your batches' }],
        });
      const late = isLate(o.dueOn, answeredOn);
      const [event] = await appendAndProject(
        tx,
        [
          {
            type: 'credit-objection.answered',
            subject: o.subjectKey,
            data: { answeredOn, correctionBatch, explanation, late, objectionId, outcome: body.outcome },
          },
        ],
        actorOf({ kind: 'agency', agency }),
        now,
      );
      await recordAnswer(tx, {
        subjectKey: o.subjectKey,
        objectionId,
        answeredOn,
        outcome: body.outcome,
        explanation,
        correctionBatch,
        lastIndex: event!.index,
      });
      return this.view((await objectionById(tx, objectionId))!);
    });
  }

  /** The subject adds its personal statement, or replaces it; it shows on its report from today. */
  async makeStatement(p: Principal, text: string): Promise<PersonalStatement & { version: number }> {
    const subjectKey = subjectOf(p);
    // The statement is printed on every report about the subject: no text that reads other than it is stored.
    const problem = unsafeText(text) ?? statementProblem(text.trim());
    if (problem) throw new AppError('validation-failed', `text: ${problem}`, { errors: [{ field: 'text', message: problem }] });
    const madeOn = this.today();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      await takeLogs(tx, [subjectKey]);
      const version = (await latestStatementVersion(tx, subjectKey)) + 1;
      const statement = text.trim();
      const [event] = await appendAndProject(
        tx,
        [{ type: 'credit-statement.made', subject: subjectKey, data: { madeOn, text: statement, version } }],
        actorOf(p),
        now,
      );
      await insertStatement(tx, { subjectKey, version, text: statement, madeOn, log: event!.log, index: event!.index });
      return { text: statement, addedOn: madeOn, version };
    });
  }

  /** The dispute marks and the personal statement of a subject's report as of a day. */
  async annotationsOf(subjectKey: string, asOf: string): Promise<{ disputes: CreditDisputeMark[]; statement: PersonalStatement | null }> {
    const disputed = await disputedOn(this.db, subjectKey, asOf);
    const statement = await statementOn(this.db, subjectKey, asOf);
    return {
      disputes: disputed.map((o) => ({
        furnisher: o.furnisher,
        account: o.account,
        month: o.month,
        objection: o.objectionId,
        filedOn: o.filedOn,
        dueOn: o.dueOn,
        state: o.escalatedOn !== null && o.escalatedOn <= asOf ? 'escalated' : 'open',
      })),
      statement: statement ? { text: statement.text, addedOn: statement.madeOn } : null,
    };
  }
}

/**
 * Escalates to the regulator every objection still open past its due day (the scheduler), each as
 * an event dated the day after its due day, a page per transaction, each page going on after the
 * last objection the one before read (an objection another transaction holds is left to the next
 * sweep). Answers how many. `page` is the candidates read at once.
 */
export async function escalateOverdueCreditObjections(db: Database, today: IsoDate, now: Date, page = ESCALATION_PAGE): Promise<number> {
  let escalated = 0;
  let after: PastDueCursor | undefined;
  do {
    const { n, next } = await db.transaction(async (tx: Queryable) => {
      const { rows: due, next } = await openPastDue(tx, today, page, after);
      const subjectOf = new Map(due.map((o) => [o.objectionId, o.subjectKey]));
      if (due.length === 0) return { n: 0, next };
      const stored = await appendAndProject(
        tx,
        due.map((o) => ({
          type: 'credit-objection.escalated' as const,
          subject: o.subjectKey,
          data: { dueOn: o.dueOn, escalatedOn: escalatesOn(o.dueOn), objectionId: o.objectionId },
        })),
        SYSTEM_ACTOR,
        now,
      );
      for (const e of stored) {
        if (e.type !== 'credit-objection.escalated') continue;
        await recordEscalation(tx, {
          subjectKey: subjectOf.get(e.data.objectionId)!,
          objectionId: e.data.objectionId,
          escalatedOn: e.data.escalatedOn,
          lastIndex: e.index,
        });
      }
      return { n: due.length, next };
    });
    escalated += n;
    after = next;
  } while (after);
  return escalated;
}
