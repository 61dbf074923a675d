// Proofs: how long an inclusion proof and a consistency proof take to read from a log of
// `--events` events (10 million by default), on PGlite and PostgreSQL, beside the floor of any
// proof read from the store: one round trip reading one tile by its key. The log is grown by the
// same code appends use (extendLogs: tiles and the right edge), with synthetic leaves; the
// proofs read only the tiles, so the events' rows are not written. Every proof read is verified.
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { takeAllLogs } from '../src/ledger/ledger.ts';
import { extendLogs } from '../src/ledger/log-tree.ts';
import { consistencyProof, edgeAt, inclusionProof, storedLeafHash } from '../src/ledger/proofs.ts';
import { ledgerHead } from '../src/ledger/head.ts';
import { verifyConsistency, verifyInclusion } from '../src/ledger/tlog/merkle.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';

const CHUNK = 100_000;
const LOG = 1;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(samples: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b);
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const events = Number(args.events ?? 10_000_000);
  const samples = Number(args.samples ?? 1000);
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const results: BenchResult[] = [];
  const notes: string[] = [];
  for (const name of stores) {
    const store = await freshBenchStore(name);
    const platform = await Platform.open(
      loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: 'bench', logLevel: 'silent', ledgerLogs: 16 }, {}),
      { readOnly: true },
    );
    try {
      const db = platform.db;
      const t0 = performance.now();
      for (let done = 0; done < events; done += CHUNK) {
        const n = Math.min(CHUNK, events - done);
        await db.transaction(async (tx) => {
          const heads = await takeAllLogs(tx);
          const payloads = Array.from({ length: n }, (_, i) => `{"bench":${done + i}}`);
          await extendLogs(tx, heads, new Map([[LOG, payloads]]), new Map([[LOG, new Date().toISOString()]]));
        });
        if ((done / CHUNK) % 10 === 0) log(`${name}: ${done + n} of ${events} leaves`);
      }
      const built = (performance.now() - t0) / 1000;
      const head = (await ledgerHead(db)).logs[LOG]!;
      const root = Buffer.from(head.root, 'base64');
      const index = (i: number) => Math.floor((((i * 2654435761) % 2 ** 32) / 2 ** 32) * head.size);
      const inclusion = await timed(samples, async (i) => {
        const at = index(i);
        const proof = await inclusionProof(db, LOG, at, head.size);
        verifyInclusion(at, head.size, await storedLeafHash(db, LOG, at), proof, root);
      });
      const older = Math.floor(head.size / 3) + 1;
      const oldRoot = (await edgeAt(db, LOG, older)).root();
      const consistency = await timed(Math.min(samples, 200), async () => {
        verifyConsistency(older, head.size, await consistencyProof(db, LOG, older, head.size), oldRoot, root);
      });
      const floor = await timed(samples, async (i) => {
        await db.query('SELECT hashes FROM ledger_tile WHERE log = $1 AND level = 0 AND idx = $2', [LOG, Math.floor(index(i) / 256)]);
      });
      const baseline = { name: 'one tile read by its key (one round trip)', value: percentile(floor, 95) };
      results.push(
        result(name, 'inclusion_proof_p95_ms', percentile(inclusion, 95), 'ms', baseline),
        result(name, 'inclusion_proof_p50_ms', percentile(inclusion, 50), 'ms', { name: baseline.name, value: percentile(floor, 50) }),
        result(name, 'consistency_proof_p95_ms', percentile(consistency, 95), 'ms', baseline),
      );
      notes.push(`${name}: log of ${head.size} events built through extendLogs in ${built.toFixed(1)} s; inclusion proofs include reading the leaf hash and verifying`);
      log(`${name}: inclusion p95 ${percentile(inclusion, 95).toFixed(2)} ms, consistency p95 ${percentile(consistency, 95).toFixed(2)} ms, tile read p95 ${baseline.value.toFixed(2)} ms`);
    } finally {
      await platform.close();
      await store.cleanup();
    }
  }
  return { bench: 'proofs', date: new Date().toISOString(), machine: machine(), params: { events, samples, stores, log: LOG }, results, notes };
}
