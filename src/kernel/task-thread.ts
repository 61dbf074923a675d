// CPU-heavy work off the event loop: a worker thread that runs one kind of task (scoring a slice
// of an evaluation run, rendering a PDF), one message per task, answers matched by id. The
// worker module calls serveTasks with its handler; the main thread holds a TaskThread. A task
// that fails in the worker fails here with the worker's message; if the thread dies, every
// waiting task fails and the next one starts a new thread.
import { parentPort, Worker, workerData } from 'node:worker_threads';

type Reply<Out> = { id: number; ok: true; value: Out } | { id: number; ok: false; error: string; name: string };

export class TaskError extends Error {
  constructor(
    message: string,
    /** The name of the error thrown in the worker (e.g. a domain error's class). */
    readonly original: string,
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

export class TaskThread<In, Out> {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (v: Out) => void; reject: (e: Error) => void }>();
  private next = 0;

  /**
   * `module` is the worker module's URL; `data` reaches it as workerData.data. An idle thread
   * does not keep the process alive.
   */
  constructor(
    private readonly module: URL,
    private readonly data: unknown = null,
  ) {}

  private start(): Worker {
    const worker = new Worker(new URL('./thread.mjs', import.meta.url), { workerData: { module: this.module.href, data: this.data } });
    worker.on('message', (m: Reply<Out>) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (m.ok) w?.resolve(m.value);
      else w?.reject(new TaskError(m.error, m.name));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker thread exited (${code})`)));
    worker.unref();
    return worker;
  }

  run(input: In): Promise<Out> {
    const worker = (this.worker ??= this.start());
    const id = this.next++;
    return new Promise<Out>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, input });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}

/** In a worker module: answers every task with `handle`; returns the data the caller gave. */
export function serveTasks<In, Out>(handle: (input: In, data: unknown) => Out | Promise<Out>): void {
  const { data } = workerData as { data: unknown };
  parentPort!.on('message', async (m: { id: number; input: In }) => {
    try {
      parentPort!.postMessage({ id: m.id, ok: true, value: await handle(m.input, data) });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      parentPort!.postMessage({ id: m.id, ok: false, error: e.message, name: e.constructor.name });
    }
  });
}
