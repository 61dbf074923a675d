// The in-memory credit-check index: every subject with anything that can trigger a measure
// (a few percent of all subjects), compiled into dated candidates, plus the persons linked to
// them in a role. Built from the projections at start, then kept current by following the
// ledger: each committed transaction notifies (PostgreSQL NOTIFY, across processes), and the
// index reloads the subjects those events touched, with the same loader a database check uses.
// A poll every second covers a lost notification. A subject not in the index has no measures.
import type { Database } from '../store/database.ts';
import type { Policy } from '../policy/policy.ts';
import type { Candidate, Evaluation, MeasureBook, SubjectFacts } from '../domain/measures.ts';
import { loadFacts, type RoleLink } from './facts.ts';
import { LEDGER_CHANNEL } from '../ledger/write.ts';
import type { IsoDate } from '../domain/dates.ts';

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
  /** The last ledger event reflected in the index. */
  lastSeq = 0;
  private following: Promise<void> = Promise.resolve();
  private stopFollowing: (() => Promise<void>) | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    readonly book: MeasureBook,
  ) {}

  get size(): number {
    return this.subjects.size;
  }

  /** Loads every subject with trigger facts. Events after the head read first are caught up by follow(). */
  async build(): Promise<void> {
    const head = await this.db.query<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM ledger_event');
    const seq = head[0]!.seq;
    const { facts, roles } = await loadFacts(this.db, this.policy, this.book);
    this.load(facts, roles);
    this.lastSeq = seq;
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

  /** Starts following the ledger: on every notification, and at least every second. */
  async follow(pollMs = 1000): Promise<void> {
    this.stopFollowing = await this.db.listen(LEDGER_CHANNEL, () => void this.catchUp());
    this.poll = setInterval(() => void this.catchUp(), pollMs);
    this.poll.unref();
    await this.catchUp();
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    await this.stopFollowing?.();
    this.stopFollowing = null;
    await this.following;
  }

  /** Applies every event after lastSeq; runs one at a time. */
  catchUp(): Promise<void> {
    this.following = this.following.then(() => this.applyNewEvents()).catch(() => undefined);
    return this.following;
  }

  private async applyNewEvents(): Promise<void> {
    for (;;) {
      const rows = await this.db.query<{ seq: number; type: string; subject_key: string | null }>(
        'SELECT seq, type, subject_key FROM ledger_event WHERE seq > $1 ORDER BY seq LIMIT 10000',
        [this.lastSeq],
      );
      if (rows.length === 0) return;
      const touched = new Set<string>();
      for (const r of rows) if (r.subject_key && RELEVANT.test(r.type)) touched.add(r.subject_key);
      if (touched.size > 0) await this.refresh([...touched]);
      this.lastSeq = rows[rows.length - 1]!.seq;
      if (rows.length < 10000) return;
    }
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
