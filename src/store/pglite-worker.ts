// The worker side of a PGlite store on its own thread (pglite-thread.ts): opens the data
// directory here and runs each statement the main thread sends, one message at a time, in the
// order they come. Notifications go back as messages.
import { parentPort, workerData } from 'node:worker_threads';
import { PgliteDatabase } from './pglite.ts';
import type { PgliteRequest, PgliteReply, PgliteThreadOptions } from './pglite-protocol.ts';

const port = parentPort!;
const options = (workerData as { data: PgliteThreadOptions }).data;
const listening = new Map<string, () => Promise<void>>();

let db: PgliteDatabase;
try {
  db = await PgliteDatabase.open(options.dir, { relaxedDurability: options.relaxedDurability, lockedByCaller: true });
  port.postMessage({ id: 0, ok: true, value: null, syncs: db.hostSyncs } satisfies PgliteReply);
} catch (err) {
  port.postMessage(failure(0, err));
  port.close();
}

// Statements of a transaction run on the store itself between BEGIN and COMMIT: the main thread
// sends nothing else until the transaction ends (one session, as PGlite is). COPY text comes and
// goes as UTF-8 bytes whose memory is moved between the threads, not copied.

let queue = Promise.resolve();
port.on('message', (m: PgliteRequest) => {
  queue = queue.then(async () => {
    try {
      const value = await handle(m);
      const reply: PgliteReply = { id: m.id, ok: true, value, syncs: db.hostSyncs };
      port.postMessage(reply, value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : []);
    } catch (err) {
      port.postMessage(failure(m.id, err));
    }
    if (m.op === 'close') port.close();
  });
});

async function handle(m: PgliteRequest): Promise<unknown> {
  switch (m.op) {
    case 'query':
      return db.query(m.sql, m.params);
    case 'exec':
      return db.exec(m.sql);
    case 'copyIn':
      return db.copyInBytes(m.table, m.columns, m.bytes);
    case 'copyOut':
      return db.copyOutBytes(m.sql);
    case 'listen':
      if (!listening.has(m.channel)) {
        listening.set(
          m.channel,
          await db.listen(m.channel, (payload) => port.postMessage({ notification: m.channel, payload })),
        );
      }
      return null;
    case 'unlisten': {
      const stop = listening.get(m.channel);
      listening.delete(m.channel);
      await stop?.();
      return null;
    }
    case 'close':
      await db.close();
      return null;
  }
}

/** An error as the main thread rebuilds it: its message, and PostgreSQL's fields (code, detail, ...). */
function failure(id: number, err: unknown): PgliteReply {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e)) if (typeof v === 'string' || typeof v === 'number') fields[k] = v;
  return { id, ok: false, name: e.name, message: e.message, fields, syncs: db?.hostSyncs ?? 0 };
}
