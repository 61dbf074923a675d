// The worker thread of a full evaluation run: text of a slice's facts in, COPY text of its
// evaluation rows out. The main thread (and, on PGlite, the database with it) reads the next
// slice and writes the last one meanwhile, so parsing and scoring use the second core.
import { serveTasks } from '../../kernel/task-thread.ts';
import { computeSlice, SliceEvaluator, type SliceTask } from './slice.ts';
import type { ScorecardDef } from '../../domain/policy/schema.ts';

let evaluator: SliceEvaluator | null = null;

serveTasks((task: SliceTask, data) => {
  const { scorecards, date } = data as { scorecards: ScorecardDef[]; date: string };
  evaluator ??= new SliceEvaluator(scorecards, date);
  return computeSlice(evaluator, task.text, task.ctx);
});
