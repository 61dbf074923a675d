// Runs computeSlice in a worker thread (evaluation-worker.ts), one message per slice. A run
// that fails in the worker fails here with the worker's error; close() ends the thread.
import { Worker } from 'node:worker_threads';
import type { ScorecardDef } from '../policy/schema.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { SliceContext, SliceText } from './slice.ts';

type Done = { rows: string; subjects: number; evaluations: number };
type Reply = ({ ok: true } & Done) | { ok: false; error: string };

export class EvaluationWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (d: Done) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failed: Error | null = null;

  constructor(scorecards: readonly ScorecardDef[], date: IsoDate) {
    this.worker = new Worker(new URL('./evaluation-worker.mjs', import.meta.url), { workerData: { scorecards, date } });
    this.worker.on('message', (m: { id: number } & Reply) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.ok) w?.resolve({ rows: m.rows, subjects: m.subjects, evaluations: m.evaluations });
      else w?.reject(new Error(`evaluation worker: ${m.error}`));
    });
    const fail = (err: Error) => {
      this.failed = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`evaluation worker exited (${code})`)));
  }

  run(text: SliceText, ctx: SliceContext): Promise<Done> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise<Done>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, text, ctx });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
