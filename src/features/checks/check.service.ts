// Credit checks: which measures apply to a subject in a scenario at an instant, each explained
// by the list entry or record that triggered it, its legal basis, effect and implementing
// authority, under the policy version. Answered from the in-memory index (or, for the CLI and
// for verification, straight from the database); logged before the answer leaves.
import { randomBytes } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { SharedAnswer } from '../../kernel/shared-answer.ts';
import { MeasureBook, type Evaluation, type MeasureHit, type TriggerRef } from '../../domain/measures.ts';
import { parseSubjectIdentifier } from '../../domain/ids/identifier.ts';
import { hashResidentId } from '../../domain/ids/resident-id.ts';
import { personKey } from '../../domain/records.ts';
import { subjectKindOfUscc } from '../../domain/enumerations.ts';
import { CheckIndex, type PersonEvaluation } from './check-index.ts';
import { CheckLog, type CheckLogEntry, type CheckLogLimits } from './check-log.store.ts';
import { loadFacts, loadPersonLinks } from './facts.store.ts';
import { checksAbout, countChecks, countMeasuresApplied, hasFeedback, insertFeedback, loggedCheck, type CheckAbout } from './checks.store.ts';
import type { CheckFeedback, CheckRequest } from './checks.schemas.ts';
import type { ValidatedLine } from '../../http/ndjson.ts';
import { actorOf, type Principal } from '../../kernel/principal.ts';
import type { LegalBasis, Text } from '../../domain/policy/schema.ts';
import { isIsoDate, parseIsoInstant, isoInstant, type IsoDate } from '../../domain/dates.ts';
import { STATISTICS_TTL_MS } from '../../kernel/constants.ts';

export type { CheckRequest };

export interface TriggerView {
  type: 'list-entry' | 'record';
  id: string;
  /** The list or catalogue item. */
  source: string;
  sourceName: Text;
  legalBasis: LegalBasis[];
  /** For an entry: when listed and until; for a record: its decision document. */
  listedOn?: string;
  until?: string | null;
  decisionNumber?: string;
  decisionDate?: string;
  agency?: string;
  disputed: boolean;
  underRepair: boolean;
}

export interface MeasureView {
  code: string;
  name: Text;
  kind: string;
  effect: string;
  suppressed: boolean;
  legalBasis: LegalBasis[];
  implementingAuthority: Text;
  triggers: TriggerView[];
  /** For a natural person: the organisation whose listing reaches the person, and in which role. */
  via?: { subject: string; role: string };
}

export interface CheckResult {
  checkId: string;
  subject: { code: string; kind: string };
  scenario: string;
  at: string;
  date: IsoDate;
  policyVersion: string;
  outcome: string;
  measures: MeasureView[];
}

export interface CheckStatistics {
  /** When the counts were taken. */
  asOf: string;
  checks: Array<{ scenario: string; outcome: string; checks: number }>;
  measuresApplied: Array<{ measure: string; times: number }>;
}

let counter = 0;
const PREFIX = randomBytes(4).toString('hex');

let idMs = NaN;
let idHead = '';
/** Check ids: unique across processes (random prefix) and cheap (a counter and the time). */
function newCheckId(now: number): string {
  counter = (counter + 1) % 0x100000000;
  if (now !== idMs) {
    idHead = `chk_${now.toString(36)}${PREFIX}`;
    idMs = now;
  }
  return idHead + counter.toString(36).padStart(7, '0');
}

interface ResolvedSubject {
  key: string;
  code: string;
  kind: string;
  personHash: string | null;
}

export class CheckService {
  readonly book: MeasureBook;
  readonly index: CheckIndex;
  readonly log: CheckLog;
  private started: Promise<void> | null = null;
  /** Set once the index is built and following: checks are then answered without waiting. */
  private ready = false;

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly idHashSecret: string,
    logLimits: Partial<CheckLogLimits> = {},
  ) {
    this.book = new MeasureBook(policy.measures, policy.conflictResolution);
    this.index = new CheckIndex(db, policy, this.book);
    this.log = new CheckLog(db, logLimits);
  }

  /** Builds the index and follows the ledger (once), polling every `pollMs` besides each notification. */
  start(pollMs = 1000): Promise<void> {
    this.started ??= this.index
      .build()
      .then(() => this.index.follow(pollMs))
      .then(() => {
        this.ready = true;
      });
    return this.started;
  }

  async stop(): Promise<void> {
    await this.index.stop();
    await this.log.drain();
  }

  private readonly resolved = new Map<string, ResolvedSubject>();

  /** Codes repeat (agencies check the same bidders again and again): resolutions are remembered. */
  private resolveSubject(code: string): ResolvedSubject {
    const hit = this.resolved.get(code);
    if (hit) return hit;
    const r = this.resolveSubjectUncached(code);
    if (this.resolved.size >= 100_000) this.resolved.clear();
    this.resolved.set(code, r);
    return r;
  }

  /** The key under which the platform holds a subject's data, from its code as a check reads it. */
  subjectKeyOf(code: string): string {
    return this.resolveSubject(code).key;
  }

  private resolveSubjectUncached(code: string): ResolvedSubject {
    if (!code.trim())
      throw new AppError('validation-failed', 'subject is a Unified Social Credit Code or a resident identity number', {
        errors: [{ field: 'subject', message: 'is required' }],
      });
    const id = parseSubjectIdentifier(code);
    if (id.type === 'uscc')
      return { key: id.uscc.code, code: id.uscc.code, kind: subjectKindOfUscc(id.uscc.parts.authority, id.uscc.parts.category), personHash: null };
    if (id.type === 'person') {
      const hash = hashResidentId(id.person.number, this.idHashSecret);
      return { key: personKey(hash), code: id.person.masked, kind: 'natural-person', personHash: hash };
    }
    throw new AppError('invalid-identifier', `'${code.slice(0, 40)}' is neither a Unified Social Credit Code nor a resident identity number`);
  }

  private parse(req: CheckRequest, now: Date): { subject: ResolvedSubject; scenario: string; at: Date; date: IsoDate } {
    const subject = this.resolveSubject(req.subject);
    if (!this.policy.scenario(req.scenario)) {
      throw new AppError('validation-failed', `scenario must be one of ${this.policy.scenarios.map((s) => s.code).join(', ')}`, {
        errors: [{ field: 'scenario', message: 'is not a scenario of the pack' }],
      });
    }
    let at = now;
    if (req.at != null) {
      // Read strictly: a day that does not exist (2026-02-30) is refused, never rolled over into March.
      const d = /^\d{4}-\d{2}-\d{2}$/.test(req.at) ? (isIsoDate(req.at) ? new Date(`${req.at}T12:00:00+08:00`) : null) : parseIsoInstant(req.at);
      if (d === null || Number.isNaN(d.getTime()))
        throw new AppError('validation-failed', 'at is a date (YYYY-MM-DD) or an ISO 8601 instant with its offset', {
          errors: [{ field: 'at', message: 'must be a real date or an instant with its offset' }],
        });
      if (d.getTime() > now.getTime())
        throw new AppError('validation-failed', 'a check cannot look into the future', { errors: [{ field: 'at', message: 'must not be later than now' }] });
      at = d;
    }
    return { subject, scenario: req.scenario, at, date: this.policy.localDate(at) };
  }

  /**
   * Answers from the index (built and current) and logs the check; resolves once the log holds
   * it. The hottest path of the platform: once the index is ready it is synchronous up to the
   * log's group commit, and one promise serves each batch of checks.
   */
  check(p: Principal, req: CheckRequest): Promise<CheckResult> {
    if (!mayCheck(p)) return Promise.reject(notForSubjects());
    if (!this.ready) return this.start().then(() => this.check(p, req));
    let answer: { key: string; result: CheckResult; askedAt: Date };
    try {
      answer = this.answerNow(req);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.log.write(this.logEntry(p, answer.key, answer.result, answer.askedAt)).then(() => answer.result);
  }

  /** The answer alone, not logged: only for check() and for the benchmark's cost breakdown. */
  async answer(req: CheckRequest): Promise<{ key: string; result: CheckResult }> {
    await this.start();
    return this.answerNow(req);
  }

  private answerNow(req: CheckRequest): { key: string; result: CheckResult; askedAt: Date } {
    const now = this.clock.now();
    const q = this.parse(req, now);
    return { key: q.subject.key, result: this.present(q, this.fromIndex(q.subject, q.scenario, q.date), now), askedAt: now };
  }

  /**
   * Many checks at once (one per line); all logged together. A line that failed validation is
   * answered with its error, in its place.
   */
  async checkMany(
    p: Principal,
    lines: ReadonlyArray<ValidatedLine<CheckRequest>>,
  ): Promise<Array<{ line: number; result?: CheckResult; error?: { type: string; detail: string } }>> {
    if (!mayCheck(p)) throw notForSubjects();
    await this.start();
    const out: Array<{ line: number; result?: CheckResult; error?: { type: string; detail: string } }> = [];
    const entries = [];
    for (const l of lines) {
      const line = l.line;
      if ('errors' in l) {
        out.push({
          line,
          error: { type: '/problems/validation-failed', detail: l.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ') },
        });
        continue;
      }
      const value = l.value;
      try {
        const now = this.clock.now();
        const q = this.parse(value, now);
        const result = this.present(q, this.fromIndex(q.subject, q.scenario, q.date), now);
        entries.push(this.logEntry(p, q.subject.key, result, now));
        out.push({ line, result });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        out.push({ line, error: { type: `/problems/${err.code}`, detail: err.detail } });
      }
    }
    await this.log.writeMany(entries);
    return out;
  }

  /** The same check computed from the database without the index (CLI, verification). */
  async checkFromDatabase(req: CheckRequest, p?: Principal): Promise<CheckResult> {
    if (p && !mayCheck(p)) throw notForSubjects();
    const now = this.clock.now();
    const q = this.parse(req, now);
    const result = this.present(q, await this.fromDatabase(q.subject, q.scenario, q.date), now);
    if (p) await this.log.write(this.logEntry(p, q.subject.key, result, now));
    return result;
  }

  private fromIndex(s: ResolvedSubject, scenario: string, date: IsoDate): PersonEvaluation {
    if (s.personHash) return this.index.evaluatePerson(s.personHash, s.key, scenario, date);
    return { own: this.index.evaluate(s.key, scenario, date), via: [] };
  }

  async fromDatabase(s: ResolvedSubject, scenario: string, date: IsoDate): Promise<PersonEvaluation> {
    const own = await loadFacts(this.db, this.policy, this.book, [s.key]);
    const f = own.facts.get(s.key);
    const result: PersonEvaluation = { own: this.book.evaluate(f ? this.book.compile(f) : [], scenario, date), via: [] };
    if (s.personHash) {
      for (const link of await loadPersonLinks(this.db, s.personHash)) {
        const org = await loadFacts(this.db, this.policy, this.book, [link.subjectKey]);
        const of = org.facts.get(link.subjectKey);
        if (!of) continue;
        const evaluation = this.book.evaluate(this.book.compile(of), scenario, date, link.role);
        if (evaluation.hits.length > 0) result.via.push({ subjectKey: link.subjectKey, role: link.role, evaluation });
      }
    }
    return result;
  }

  /** Combines own and role-based evaluations into one explained answer. */
  private present(q: { subject: ResolvedSubject; scenario: string; at: Date; date: IsoDate }, ev: PersonEvaluation, now: Date): CheckResult {
    const measures: MeasureView[] = ev.own.hits.map((h) => this.measureView(h));
    for (const v of ev.via) for (const h of v.evaluation.hits) measures.push({ ...this.measureView(h), via: { subject: v.subjectKey, role: v.role } });
    const combined: Evaluation =
      ev.via.length === 0 ? ev.own : this.book.resolve([...ev.own.hits, ...ev.via.flatMap((v) => v.evaluation.hits)].map((h) => ({ ...h, suppressed: false })));
    if (ev.via.length > 0) {
      // Re-derive suppression across own and role-based hits, and keep the views in the same order.
      const suppressed = new Set(combined.hits.filter((h) => h.suppressed).map((h) => h.measure.code));
      for (const m of measures) m.suppressed = suppressed.has(m.code);
      measures.sort((a, b) => rank(a.effect) - rank(b.effect) || (a.code < b.code ? -1 : 1));
    }
    return {
      checkId: newCheckId(now.getTime()),
      // The kind comes from the code itself: the hot path reads nothing from the store.
      subject: { code: q.subject.code, kind: q.subject.kind },
      scenario: q.scenario,
      at: isoInstant(q.at),
      date: q.date,
      policyVersion: this.policy.version,
      outcome: combined.outcome,
      measures,
    };
  }

  private measureView(h: MeasureHit): MeasureView {
    const m = h.measure;
    return {
      code: m.code,
      name: m.name,
      kind: m.kind,
      effect: m.effect,
      suppressed: h.suppressed,
      legalBasis: m.legalBasis,
      implementingAuthority: m.implementingAuthority,
      triggers: h.triggers.map((t) => this.triggerView(t)),
    };
  }

  private triggerView(t: TriggerRef): TriggerView {
    if (t.type === 'list-entry') {
      const def = this.policy.list(t.fact.list);
      return {
        type: 'list-entry',
        id: t.fact.entryId,
        source: t.fact.list,
        sourceName: def?.name ?? { zh: t.fact.list, en: t.fact.list },
        legalBasis: def?.legalBasis ?? [],
        listedOn: t.fact.listedOn,
        until: t.fact.removedOn && (!t.fact.until || t.fact.removedOn < t.fact.until) ? t.fact.removedOn : t.fact.until,
        disputed: t.fact.disputed,
        underRepair: t.fact.underRepair,
      };
    }
    const item = this.policy.item(t.fact.item);
    return {
      type: 'record',
      id: t.fact.recordId,
      source: t.fact.item,
      sourceName: item?.name ?? { zh: t.fact.item, en: t.fact.item },
      legalBasis: item?.legalBasis ?? [],
      decisionNumber: t.fact.decisionNumber,
      decisionDate: t.fact.decisionDate,
      agency: t.fact.agency,
      disputed: t.fact.disputed,
      underRepair: t.fact.underRepair,
    };
  }

  private logEntry(p: Principal, subjectKey: string, r: CheckResult, askedAt: Date): CheckLogEntry {
    const actor = actorOf(p);
    return {
      checkId: r.checkId,
      subjectKey,
      scenario: r.scenario,
      asOf: r.date,
      askedAt,
      askedBy: `${actor.type}:${actor.id}`,
      outcome: r.outcome,
      measures: r.measures.filter((m) => !m.suppressed).map((m) => m.code),
      policyVersion: r.policyVersion,
    };
  }

  /** The asking agency reports what it did with the answer. */
  async feedback(p: Principal, checkId: string, body: CheckFeedback): Promise<{ checkId: string; action: string; measures: string[] }> {
    if (p.kind !== 'agency') throw new AppError('forbidden', 'feedback is reported by the agency that ran the check');
    const measures = body.measures ?? [];
    await this.log.drain();
    const c = await loggedCheck(this.db, checkId);
    if (!c) throw new AppError('not-found', `there is no check ${checkId}`);
    if (c.askedBy !== `agency:${p.agency.code}`) throw new AppError('forbidden', 'only the agency that ran a check reports on it');
    const unknown = measures.filter((m) => !c.measures.includes(m));
    if (unknown.length > 0)
      throw new AppError('validation-failed', `measures ${unknown.join(', ')} were not in the check's answer`, {
        errors: [{ field: 'measures', message: 'must be measures of the answer' }],
      });
    const note = body.note === undefined ? null : body.note.slice(0, 2000);
    if (await hasFeedback(this.db, c.subjectKey, checkId))
      throw new AppError('step-refused', `feedback on check ${checkId} was already reported`, { refusal: { code: 'already-reported' } });
    await insertFeedback(this.db, {
      subjectKey: c.subjectKey,
      checkId,
      action: body.action,
      measures,
      note,
      reportedBy: p.agency.code,
      reportedAt: this.clock.now(),
    });
    this.stats.invalidate();
    return { checkId, action: body.action, measures };
  }

  private readonly stats = new SharedAnswer(() => this.countStatistics(), STATISTICS_TTL_MS);

  /**
   * Aggregates the platform publishes: checks by scenario and outcome, measures applied from
   * feedback. Anyone may ask, and counting reads every check ever logged, so one count serves
   * for STATISTICS_TTL_MS and says when it was taken. Feedback reported through this process
   * starts a new count.
   */
  statistics(): Promise<CheckStatistics> {
    return this.stats.get();
  }

  private async countStatistics(): Promise<CheckStatistics> {
    await this.log.drain();
    const asOf = this.clock.now().toISOString();
    const checks = await countChecks(this.db);
    const measuresApplied = await countMeasuresApplied(this.db);
    return { asOf, checks, measuresApplied };
  }

  /** Checks run about a subject (for the subject itself). */
  async about(subjectKey: string, limit = 200): Promise<CheckAbout[]> {
    await this.log.drain();
    return checksAbout(this.db, subjectKey, limit);
  }
}

/** Credit checks are run by agencies, administrators and auditors; a subject sees those about itself. */
function mayCheck(p: Principal): boolean {
  return !(p.kind === 'account' && p.account.role === 'subject');
}

function notForSubjects(): AppError {
  return new AppError('forbidden', 'credit checks are run by agencies, administrators and auditors');
}

const RANKS = ['prohibit', 'restrict', 'enhanced-scrutiny', 'priority', 'simplified-procedure'];
function rank(effect: string): number {
  return RANKS.indexOf(effect);
}
