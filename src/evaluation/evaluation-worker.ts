// A worker thread that evaluates slices for a full run: text of the facts in, COPY text of the
// evaluation rows out. The main thread (and, on PGlite, the database with it) reads the next
// slice and writes the last one meanwhile, so parsing and scoring use the second core.
import { parentPort, workerData } from 'node:worker_threads';
import { computeSlice, SliceEvaluator, type SliceContext, type SliceText } from './slice.ts';
import type { ScorecardDef } from '../policy/schema.ts';

const { scorecards, date } = workerData as { scorecards: ScorecardDef[]; date: string };
const evaluator = new SliceEvaluator(scorecards, date);

parentPort!.on('message', (m: { id: number; text: SliceText; ctx: SliceContext }) => {
  try {
    parentPort!.postMessage({ id: m.id, ok: true, ...computeSlice(evaluator, m.text, m.ctx) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
