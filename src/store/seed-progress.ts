// How far a seed has come (migration 31): read when a seed starts, so that a seed stopped at any
// moment continues where it stopped, and marked as each of its steps and record batches commits.
import type { Queryable } from './database.ts';

export interface SeedProgress {
  subjects: number;
  seed: number;
  /** The seeded history's "today": a resumed seed draws the same data, whatever the date it resumes on. */
  today: string;
  batchSize: number;
  /** Whole steps done: the setup, each quarter of history, today, the finish. */
  stepsDone: number;
  /** The last quarter whose step is done (the first day of the quarter after it), if any. */
  lastQuarter: string | null;
  /** Record batches done in the step under way. */
  batchesDone: number;
  /** Records filed, through the last batch done. */
  recordsDone: number;
  completed: boolean;
}

interface Row {
  subjects: number;
  seed: number;
  today: string;
  batch_size: number;
  steps_done: number;
  last_quarter: string | null;
  batches_done: number;
  records_done: number;
  completed: boolean;
  [k: string]: unknown;
}

/** The store's seed progress; null when no seed ever began on it. */
export async function readSeedProgress(q: Queryable): Promise<SeedProgress | null> {
  const [r] = await q.query<Row>(
    `SELECT subjects, seed, today, batch_size, steps_done, last_quarter, batches_done, records_done, completed
     FROM seed_progress`,
  );
  if (!r) return null;
  return {
    subjects: r.subjects,
    seed: r.seed,
    today: r.today,
    batchSize: r.batch_size,
    stepsDone: r.steps_done,
    lastQuarter: r.last_quarter,
    batchesDone: r.batches_done,
    recordsDone: Number(r.records_done),
    completed: r.completed,
  };
}

/** Records that a seed begins with these parameters (before its first step). */
export async function beginSeedProgress(q: Queryable, p: { subjects: number; seed: number; today: string; batchSize: number }): Promise<void> {
  await q.query('INSERT INTO seed_progress (subjects, seed, today, batch_size) VALUES ($1, $2, $3, $4)', [p.subjects, p.seed, p.today, p.batchSize]);
}

/** Marks how far the seed has come. */
export async function markSeedProgress(
  q: Queryable,
  p: Pick<SeedProgress, 'stepsDone' | 'lastQuarter' | 'batchesDone' | 'recordsDone' | 'completed'>,
): Promise<void> {
  await q.query(`UPDATE seed_progress SET steps_done = $1, last_quarter = $2, batches_done = $3, records_done = $4, completed = $5, updated_at = now()`, [
    p.stepsDone,
    p.lastQuarter,
    p.batchesDone,
    p.recordsDone,
    p.completed,
  ]);
}
