// The check log in tests: an entry, a store stalled on the log's table, and a clock the test moves.
import type { CheckLogClock, CheckLogEntry } from '../../src/features/checks/check-log.store.ts';
import type { Database } from '../../src/store/database.ts';
import { AppError } from '../../src/kernel/problems.ts';

export function logEntry(id: string): CheckLogEntry {
  return {
    checkId: id,
    subjectKey: '91330106MA2AAAAA0X',
    scenario: 'procurement-bid',
    asOf: '2026-11-20',
    askedAt: new Date('2026-11-20T04:00:00Z'),
    askedBy: 'agency:samr',
    outcome: 'none',
    measures: [],
    policyVersion: 'test',
  };
}

/**
 * Holds check_log locked from another session (on PGlite, the one session is busy in this
 * transaction) until the returned function is called, which waits for the lock to go.
 */
export async function stallCheckLog(db: Database): Promise<() => Promise<void>> {
  let locked!: () => void;
  const holding = new Promise<void>((resolve) => (locked = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const stall = db.transaction(async (tx) => {
    await tx.exec('LOCK TABLE check_log IN ACCESS EXCLUSIVE MODE');
    locked();
    await gate;
  });
  await Promise.race([holding, stall]);
  return async () => {
    release();
    await stall;
  };
}

export type Outcome = 'committed' | string;

/** 'committed', or the problem code (or message) the write was refused with. */
export function outcome(p: Promise<void>): Promise<Outcome> {
  return p.then(
    () => 'committed',
    (err: unknown) => (err instanceof AppError ? err.code : String(err)),
  );
}

/**
 * A clock that stands still until the test moves it: the log's deadlines and timers then depend
 * on what the test does, not on how fast the machine runs.
 */
export class ManualClock implements CheckLogClock {
  private time = 0;
  private timers: { at: number; fn: () => void }[] = [];

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time on by ms, calling the timers that fall due on the way in their order (those they set too). */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = until;
  }
}
