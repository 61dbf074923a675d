// The check log in tests: an entry, and a store stalled on the log's table.
import type { CheckLogEntry } from '../../src/features/checks/check-log.store.ts';
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
