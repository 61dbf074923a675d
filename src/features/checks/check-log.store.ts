// The check log: who asked about whom, for what scenario, when, and what the platform answered.
// Group commit: entries that arrive while a write is in progress go together in the next COPY;
// each check waits for the write that holds it before it is answered. An acknowledged check is
// always logged, and thousands of checks a second cost a few statements.
//
// One promise stands for each batch, however many checks it holds. One batch is written at a
// time on both stores: the checks that arrive meanwhile make the next batch bigger, so a busy
// log writes fewer, larger batches instead of contending with itself for the table.
//
// A store that stops answering (a lock held on the table, a database that hangs) must not hang
// the checks with it, nor let them pile up in memory: a check waits about `waitMs` for its
// batch, and once `maxWaiting` checks are waiting new ones are refused at once. Either way the
// check is not answered (503 store-unavailable, with Retry-After), so nothing answered is
// unlogged. Half the wait is for a batch's write to begin: a batch whose write has not begun by
// then is dropped, never written. The other half bounds the write (Database.copyInWithin): on
// PostgreSQL the server cancels it then (rolled back, refused), and a write that still does not
// come back a little later is abandoned with its connection, so neither a stalled server nor a
// connection the network dropped without a word can hold the log. A write that fails
// stores nothing of its batch. Only an abandoned write (or on PGlite a write held up in this
// process, which cannot be abandoned) may commit after its checks were refused (the agency did
// ask).
import type { Database } from '../../store/database.ts';
import { copyText } from '../../store/copy.ts';
import { AppError } from '../../kernel/problems.ts';
import { isoInstant } from '../../domain/dates.ts';

export interface CheckLogEntry {
  checkId: string;
  subjectKey: string;
  scenario: string;
  asOf: string;
  askedAt: Date;
  askedBy: string;
  outcome: string;
  measures: string[];
  policyVersion: string;
}

const COLUMNS = ['check_id', 'subject_key', 'scenario', 'as_of', 'asked_at', 'asked_by', 'outcome', 'measures', 'policy_version'];

export interface CheckLogLimits {
  /** Checks in one COPY at most. */
  maxBatch: number;
  /** Checks waiting for their write beyond which new checks are refused at once. */
  maxWaiting: number;
  /** How long a check waits for its batch to commit before it is refused. */
  waitMs: number;
}

/**
 * The log's time: the monotonic clock of its deadlines, in milliseconds, and its timers on that
 * clock. A test gives its own to move time deterministically, whatever the machine's speed.
 */
export interface CheckLogClock {
  now(): number;
  /** Calls fn once ms have passed; the function returned cancels the call. */
  after(ms: number, fn: () => void): () => void;
}

export const SYSTEM_CLOCK: CheckLogClock = {
  now: () => performance.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export const DEFAULT_CHECK_LOG_LIMITS: CheckLogLimits = { maxBatch: 5000, maxWaiting: 100_000, waitMs: 10_000 };

/** How long a write may overrun its batch's time before it is abandoned. */
const ABANDON_AFTER_MS = 1000;

/** SQLSTATE of a statement the server cancelled (here: its statement_timeout). */
const QUERY_CANCELED = '57014';

/** Seconds a refused client is told to wait (Retry-After). */
const RETRY_AFTER_SECONDS = 5;

interface Batch {
  /** The entries as COPY text, encoded as they arrive. */
  text: string;
  count: number;
  committed: Promise<void>;
  /** Set once the batch has its answer: committed, failed or out of time. */
  settled: boolean;
  settle: (err?: unknown) => void;
  /** Cancels the batch's timer (its time to begin, then its time to come back). */
  cancelTimer: () => void;
  /** When its time to begin its write runs out (on the log's clock). */
  deadline: number;
  /** When its write began (on the log's clock). */
  began: number;
  /** Set while the batch is being written: abandons the write (its time ran out). */
  abandon?: AbortController;
}

function unavailable(detail: string): AppError {
  return new AppError('store-unavailable', `${detail}; the check was not answered, try again shortly`, { retryAfterSeconds: RETRY_AFTER_SECONDS });
}

export class CheckLog {
  /** Batches waiting for a writer; new entries join the last one while it has room. */
  private readonly queue: Batch[] = [];
  /** The batch being written, if any. */
  private writing: Promise<void> | null = null;
  private scheduled = false;
  /** Entries queued or being written. */
  private waiting = 0;
  private readonly limits: CheckLogLimits;
  /**
   * Half the wait for a batch's write to begin, half for the write: the server cancels a write
   * that takes longer, so a check waits about `waitMs` in all (a second more if a write does not
   * come back at all) and is refused only when its batch was not written.
   */
  private readonly stageMs: number;

  constructor(
    private readonly db: Database,
    limits: Partial<CheckLogLimits> = {},
    private readonly clock: CheckLogClock = SYSTEM_CLOCK,
  ) {
    this.limits = { ...DEFAULT_CHECK_LOG_LIMITS, ...limits };
    this.stageMs = this.limits.waitMs / 2;
  }

  /** Resolves once the entry is committed; rejects (store-unavailable) if it cannot be in time. */
  write(entry: CheckLogEntry): Promise<void> {
    if (this.waiting >= this.limits.maxWaiting) return Promise.reject(this.refusal());
    return this.add(entry);
  }

  /** All or none: refused at once when they would take the log past its limit. */
  writeMany(entries: CheckLogEntry[]): Promise<void> {
    if (entries.length > this.limits.maxWaiting)
      return Promise.reject(new AppError('payload-too-large', `a batch of checks holds at most ${this.limits.maxWaiting} lines; send the rest in another`));
    if (this.waiting + entries.length > this.limits.maxWaiting) return Promise.reject(this.refusal());
    return Promise.all(entries.map((e) => this.add(e))).then(() => undefined);
  }

  /**
   * Waits for everything written before the call (not for what arrives meanwhile: under a
   * steady stream of checks the log is never empty, and a reader must not wait for ever).
   */
  async drain(): Promise<void> {
    await Promise.allSettled([this.writing, ...this.queue.map((b) => b.committed)]);
  }

  private refusal(): AppError {
    return unavailable(`the check log has ${this.waiting} checks waiting to be written`);
  }

  private add(entry: CheckLogEntry): Promise<void> {
    let batch = this.queue[this.queue.length - 1];
    if (!batch || batch.count >= this.limits.maxBatch) this.queue.push((batch = this.newBatch()));
    batch.text += checkLogLine(entry);
    batch.count++;
    this.waiting++;
    if (!this.scheduled) {
      this.scheduled = true;
      // Entries that arrive in the same turn of the event loop join the same batch.
      setImmediate(() => {
        this.scheduled = false;
        this.startWriter();
      });
    }
    return batch.committed;
  }

  private newBatch(): Batch {
    const batch = { text: '', count: 0, settled: false } as unknown as Batch;
    batch.committed = new Promise<void>((resolve, reject) => {
      batch.settle = (err) => {
        if (batch.settled) return;
        batch.settled = true;
        batch.cancelTimer();
        this.waiting -= batch.count;
        if (err) reject(err);
        else resolve();
      };
    });
    batch.deadline = this.clock.now() + this.stageMs;
    batch.cancelTimer = this.clock.after(this.stageMs, () => this.expire(batch));
    return batch;
  }

  /**
   * Out of time: a batch whose write has not begun is dropped and refused. One being written is
   * left to its write, which the server cancels (PostgreSQL) when its half of the wait is up and
   * says so; a COPY that committed just then is answered, not refused while logged. A write that
   * still does not come back a little later (a connection the network dropped without a word)
   * would hold the writer for ever: it is then abandoned, and the next batch connects afresh.
   */
  private expire(batch: Batch): void {
    const queued = this.queue.indexOf(batch);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      batch.settle(this.outOfTime());
      return;
    }
    // Not queued and not settled (settling clears this timer): being written.
    batch.cancelTimer = this.clock.after(batch.began + this.stageMs + Math.min(this.stageMs, ABANDON_AFTER_MS) - this.clock.now(), () => {
      batch.abandon?.abort(new Error('the check log write did not come back'));
      batch.settle(this.outOfTime());
    });
  }

  private outOfTime(): AppError {
    return unavailable(`the check log could not be written within ${this.limits.waitMs / 1000} s`);
  }

  private startWriter(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = this.writeBatch(this.queue.shift()!).finally(() => {
      this.writing = null;
      this.startWriter();
    });
  }

  private async writeBatch(batch: Batch): Promise<void> {
    // Checked here as well as by its timer: under a backlog the writer takes up the next batch
    // as soon as one is written, before the event loop may have reached a batch's timer; the
    // deadline is what refuses the later batches in time.
    if (batch.deadline <= this.clock.now()) return batch.settle(this.outOfTime());
    try {
      batch.began = this.clock.now();
      batch.abandon = new AbortController();
      await this.db.copyInWithin('check_log', COLUMNS, batch.text, this.stageMs, batch.abandon.signal);
      batch.settle();
    } catch (err) {
      const cancelled = (err as { code?: unknown }).code === QUERY_CANCELED;
      batch.settle(Object.assign(cancelled ? this.outOfTime() : unavailable('the check log could not be written'), { cause: err }));
    }
  }
}

/**
 * One entry as a line of COPY text, in the order of COLUMNS. Encoded when the check arrives,
 * straight into its batch's text, so there are no row arrays to build and walk at write time.
 */
export function checkLogLine(e: CheckLogEntry): string {
  return `${copyText(e.checkId)}\t${copyText(e.subjectKey)}\t${copyText(e.scenario)}\t${e.asOf}\t${isoInstant(e.askedAt)}\t${copyText(e.askedBy)}\t${copyText(e.outcome)}\t{${e.measures.join(',')}}\t${copyText(e.policyVersion)}\n`;
}
