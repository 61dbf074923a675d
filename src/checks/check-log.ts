// The check log: who asked about whom, for what scenario, when, and what the platform answered.
// Group commit: entries that arrive while a write is in progress go together in the next COPY;
// each check waits for the write that holds it before it is answered. An acknowledged check is
// always logged, and thousands of checks a second cost a few statements.
//
// One promise stands for each batch, however many checks it holds. One batch is written at a
// time on both stores: the checks that arrive meanwhile make the next batch bigger. On
// PostgreSQL, three writers at once (as before) cost more than they saved: measured in
// alternating 5-second runs in one process, one writer served 8-14% more checks a second with
// 8-12 µs less CPU a check (Node and PostgreSQL together) and no worse p99 latency.
import type { Database } from '../store/database.ts';
import { copyRows } from '../store/copy.ts';

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

interface Batch {
  entries: CheckLogEntry[];
  committed: Promise<void>;
  settle: (err?: unknown) => void;
}

function newBatch(): Batch {
  let settle!: (err?: unknown) => void;
  const committed = new Promise<void>((resolve, reject) => (settle = (err) => (err ? reject(err) : resolve())));
  return { entries: [], committed, settle };
}

export class CheckLog {
  /** Batches waiting for a writer; new entries join the last one while it has room. */
  private readonly queue: Batch[] = [];
  /** The batch being written, if any. */
  private writing: Promise<void> | null = null;
  private scheduled = false;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 5000,
  ) {}

  /** Resolves once the entry is committed. */
  write(entry: CheckLogEntry): Promise<void> {
    let batch = this.queue[this.queue.length - 1];
    if (!batch || batch.entries.length >= this.maxBatch) this.queue.push((batch = newBatch()));
    batch.entries.push(entry);
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

  writeMany(entries: CheckLogEntry[]): Promise<void> {
    return Promise.all(entries.map((e) => this.write(e))).then(() => undefined);
  }

  /**
   * Waits for everything written before the call (not for what arrives meanwhile: under a
   * steady stream of checks the log is never empty, and a reader must not wait for ever).
   */
  async drain(): Promise<void> {
    await Promise.allSettled([this.writing, ...this.queue.map((b) => b.committed)]);
  }

  private startWriter(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = this.writeBatch(this.queue.shift()!).finally(() => {
      this.writing = null;
      this.startWriter();
    });
  }

  private async writeBatch(batch: Batch): Promise<void> {
    try {
      const rows = batch.entries.map((e) => [
        e.checkId,
        e.subjectKey,
        e.scenario,
        e.asOf,
        e.askedAt.toISOString(),
        e.askedBy,
        e.outcome,
        `{${e.measures.join(',')}}`,
        e.policyVersion,
      ]);
      await this.db.copyIn('check_log', COLUMNS, copyRows(rows));
      batch.settle();
    } catch (err) {
      batch.settle(err);
    }
  }
}
