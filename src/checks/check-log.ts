// The check log: who asked about whom, for what scenario, when, and what the platform answered.
// Group commit: entries that arrive while a write is in progress go together in the next COPY;
// each check waits for the write that holds it before it is answered. An acknowledged check is
// always logged, and thousands of checks a second cost a few statements.
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

export class CheckLog {
  private pending: Array<{ entry: CheckLogEntry; done: (err?: unknown) => void }> = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 5000,
  ) {}

  /** Resolves once the entry is committed. */
  write(entry: CheckLogEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ entry, done: (err) => (err ? reject(err) : resolve()) });
      // Start a write unless one is running; the running one picks up what arrives meanwhile.
      if (!this.writing) this.writing = new Promise<void>((r) => setImmediate(r)).then(() => this.writeAll());
    });
  }

  writeMany(entries: CheckLogEntry[]): Promise<void> {
    return Promise.all(entries.map((e) => this.write(e))).then(() => undefined);
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const rows = batch.map(({ entry: e }) => [
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
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err);
      }
    }
    this.writing = null;
  }

  /** Waits for everything written so far. */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
  }
}
