// The check log: who asked about whom, for what scenario, when, and what the platform answered.
// Group commit: entries that arrive while a write is in progress go together in the next COPY;
// each check waits for the write that holds it before it is answered. An acknowledged check is
// always logged, and thousands of checks a second cost a few statements.
//
// One promise stands for each batch, however many checks it holds. On PostgreSQL up to
// `parallel` batches are written at once over separate connections, so a check does not wait
// for a commit it arrived too late for; PGlite runs one statement at a time and writes one.
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
  private readonly inFlight = new Set<Promise<void>>();
  private scheduled = false;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 5000,
    /** At most a third of PostgreSQL's pool, so ledger writes and reads keep their connections. */
    private readonly parallel = db.kind === 'postgres' ? Math.max(1, Math.min(3, Math.floor(db.poolSize / 3))) : 1,
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
        this.startWriters();
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
    await Promise.allSettled([...this.inFlight, ...this.queue.map((b) => b.committed)]);
  }

  private startWriters(): void {
    while (this.inFlight.size < this.parallel && this.queue.length > 0) {
      const w: Promise<void> = this.writeBatch(this.queue.shift()!).finally(() => {
        this.inFlight.delete(w);
        this.startWriters();
      });
      this.inFlight.add(w);
    }
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
