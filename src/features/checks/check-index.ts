// The in-memory credit-check index: every subject with anything that can trigger a measure
// (a few percent of all subjects), compiled into dated candidates, plus the persons linked to
// them in a role. Built from the projections at start, then kept current by following the
// ledger: each committed transaction notifies (PostgreSQL NOTIFY, across processes), and the
// index reloads the subjects those events touched, with the same loader a database check uses.
// A poll (every second unless configured otherwise) covers a lost notification. A subject not in the index has no measures.
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Candidate, Evaluation, MeasureBook, SubjectFacts } from '../../domain/measures.ts';
import { loadFacts, type RoleLink } from './facts.store.ts';
import { LedgerFollower } from '../../ledger/follower.ts';
import type { LedgerPosition } from '../../ledger/position.ts';
import type { IsoDate } from '../../domain/dates.ts';

const RELEVANT = /^(record|list|objection|repair)\./;

export interface IndexedSubject {
  kind: string;
  candidates: Candidate[];
}

export interface PersonEvaluation {
  own: Evaluation;
  via: Array<{ subjectKey: string; role: string; evaluation: Evaluation }>;
}

export class CheckIndex {
  private subjects = new Map<string, IndexedSubject>();
  private roles = new Map<string, RoleLink[]>();
  private readonly follower: LedgerFollower;

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    readonly book: MeasureBook,
  ) {
    this.follower = new LedgerFollower(db, RELEVANT, (keys) => this.refresh(keys));
  }

  /** How many events of each ledger log the index reflects. */
  get position(): LedgerPosition {
    return this.follower.position;
  }

  get size(): number {
    return this.subjects.size;
  }

  /** Loads every subject with trigger facts. Events after the head read first are caught up by follow(). */
  async build(): Promise<void> {
    const head = await this.follower.head();
    const { facts, roles } = await loadFacts(this.db, this.policy, this.book);
    this.load(facts, roles);
    this.follower.position = head;
  }

  /** Replaces the index's content with compiled facts (build, and benchmarks of the hot path). */
  load(facts: ReadonlyMap<string, SubjectFacts>, roles: Map<string, RoleLink[]>): void {
    const subjects = new Map<string, IndexedSubject>();
    for (const [key, f] of facts) {
      const candidates = this.book.compile(f);
      if (candidates.length > 0) subjects.set(key, { kind: f.kind, candidates });
    }
    this.subjects = subjects;
    this.roles = roles;
  }

  /** Starts following the ledger: on every notification, and at least every `pollMs`. */
  async follow(pollMs = 1000): Promise<void> {
    await this.follower.start(pollMs);
    await this.catchUp();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** Applies every event after the index's position; runs one at a time. */
  catchUp(): Promise<void> {
    return this.follower.catchUp();
  }

  /** Reloads some subjects from the projections. */
  async refresh(keys: readonly string[]): Promise<void> {
    const { facts, roles } = await loadFacts(this.db, this.policy, this.book, keys);
    for (const key of keys) {
      const f = facts.get(key);
      const candidates = f ? this.book.compile(f) : [];
      if (candidates.length > 0) this.subjects.set(key, { kind: f!.kind, candidates });
      else this.subjects.delete(key);
    }
    // Replace the role links that point at the refreshed organisations.
    const refreshed = new Set(keys);
    for (const [person, links] of this.roles) {
      const kept = links.filter((l) => !refreshed.has(l.subjectKey));
      if (kept.length !== links.length) {
        if (kept.length > 0) this.roles.set(person, kept);
        else this.roles.delete(person);
      }
    }
    // Links stay ordered by organisation and role, as the database lists them.
    for (const [person, links] of roles) {
      this.roles.set(
        person,
        [...(this.roles.get(person) ?? []), ...links].sort((a, b) =>
          a.subjectKey < b.subjectKey ? -1 : a.subjectKey > b.subjectKey ? 1 : a.role < b.role ? -1 : a.role > b.role ? 1 : 0,
        ),
      );
    }
  }

  /** The hot path: measures on a subject in a scenario on a date. */
  evaluate(subjectKey: string, scenario: string, date: IsoDate): Evaluation {
    const s = this.subjects.get(subjectKey);
    return this.book.evaluate(s ? s.candidates : EMPTY, scenario, date);
  }

  /** A natural person: its own facts, and measures that extend to it through organisations. */
  evaluatePerson(personHash: string, subjectKey: string, scenario: string, date: IsoDate): PersonEvaluation {
    const own = this.evaluate(subjectKey, scenario, date);
    const via: PersonEvaluation['via'] = [];
    for (const link of this.roles.get(personHash) ?? []) {
      const s = this.subjects.get(link.subjectKey);
      if (!s) continue;
      const evaluation = this.book.evaluate(s.candidates, scenario, date, link.role);
      if (evaluation.hits.length > 0) via.push({ subjectKey: link.subjectKey, role: link.role, evaluation });
    }
    return { own, via };
  }

  has(subjectKey: string): boolean {
    return this.subjects.has(subjectKey);
  }
}

const EMPTY: Candidate[] = [];
