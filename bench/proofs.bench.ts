// Proofs: how long an inclusion proof and a consistency proof take to read from a log of
// `--events` events (10 million by default), on PGlite and PostgreSQL, beside the floor of any
// proof read from the store: one round trip reading one full tile (of level 1) by its key. The
// log is grown by the same code appends use (writeLeaves: blocks, tiles and the right edge), with
// synthetic events the size of a filed record's; an inclusion proof and its leaf hash are read
// together, as the API reads them (the leaves of its group of 16 hashed from their events, the rest
// of its leaf tile from the stored level-4 nodes). Every proof read is verified. `--keep DIR` keeps
// the store between runs (see kept-store.ts): a run grows the kept log from where it stands up to
// `--events`. `--without-level4` also measures the proofs of the same log without its level-4
// nodes (as a store written before migration 30 has it: each proof hashes its whole leaf tile),
// then fills them again as the platform does when it opens, timed.
import { loadConfig } from '../src/kernel/config.ts';
import { Platform } from '../src/app/platform.ts';
import { takeAllLogs, writeLeaves } from '../src/ledger/ledger.ts';
import { consistencyProof, edgeAt, inclusionWithLeaf } from '../src/ledger/proofs.ts';
import { ledgerHead } from '../src/ledger/head.ts';
import { fillLevel4Batch } from '../src/ledger/level4-fill.ts';
import { GROUP_ROW_LEVEL } from '../src/ledger/log-tree.ts';
import type { Database } from '../src/store/database.ts';
import { verifyConsistency, verifyInclusion } from '../src/ledger/tlog/merkle.ts';
import { log, machine, result, type BenchReport, type BenchResult } from './lib.ts';
import { benchStoreOf } from './kept-store.ts';

const CHUNK = 100_000;
const LOG = 1;

const subjectOf = (i: number) => `9133010${String(i % 10_000_000).padStart(10, '0')}X`;

/** An event of about a filed record's size (780 bytes), numbered. */
function eventOf(i: number, at: string): string {
  const fields = { address: `浙江省杭州市拱墅区建设路${i % 997}号${i % 31}幢`, businessScope: '食品销售；餐饮服务；日用百货销售', legalRepresentative: '宋娜云', fineAmount: (i % 50) * 1000 };
  const decision = { authority: '杭州市拱墅区市场监督管理局', basis: '《中华人民共和国行政处罚法》第九条', date: '2025-06-01', number: `杭拱市监罚〔2025〕${i}号` };
  return JSON.stringify({ actor: { id: 'samr-hangzhou', type: 'agency' }, at, data: { agency: 'samr-hangzhou', category: 'administrative-penalty', decision, fields, item: 'penalty-decision', recordId: `rec_${i.toString(16).padStart(24, '0')}` }, subject: subjectOf(i), type: 'record.filed' });
}

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

/** Inclusion proofs of spread events (the `from`th on), each verified: the sorted times, and this process's CPU per proof in ms. */
async function inclusionProofs(db: Database, size: number, root: Buffer, samples: number, from = 0): Promise<{ ms: number[]; cpu: number }> {
  const index = (i: number) => Math.floor(((((from + i) * 2654435761) % 2 ** 32) / 2 ** 32) * size);
  // This process's CPU per proof (reading the rows, hashing the nodes, verifying) does not
  // depend on what else the machine runs, as the times do.
  const cpu0 = process.cpuUsage();
  const ms = await timed(samples, async (i) => {
    const at = index(i);
    const { leafHash, proof } = await inclusionWithLeaf(db, LOG, at, size);
    verifyInclusion(at, size, leafHash, proof, root);
  });
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpu: (cpu.user + cpu.system) / 1000 / samples };
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const events = Number(args.events ?? 10_000_000);
  const samples = Number(args.samples ?? 1000);
  const stores = String(args.stores ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const keep = typeof args.keep === 'string' ? args.keep : null;
  const withoutLevel4 = args['without-level4'] === true;
  const results: BenchResult[] = [];
  const notes: string[] = [];
  for (const name of stores) {
    const store = await benchStoreOf(name, stores, keep);
    const platform = await Platform.open(
      loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: 'bench', logLevel: 'silent', ledgerLogs: 16 }, {}),
      { readOnly: true },
    );
    try {
      const db = platform.db;
      const t0 = performance.now();
      const grown = (await ledgerHead(db)).logs[LOG]!.size;
      for (let done = grown; done < events; done += CHUNK) {
        const n = Math.min(CHUNK, events - done);
        await db.transaction(async (tx) => {
          const heads = await takeAllLogs(tx);
          const at = new Date().toISOString();
          await writeLeaves(
            tx,
            heads,
            Array.from({ length: n }, (_, i) => ({ log: LOG, type: 'record.filed', subject: subjectOf(done + i), at, payload: eventOf(done + i, at) })),
          );
        });
        if ((done / CHUNK) % 10 === 0) log(`${name}: ${done + n} of ${events} leaves`);
      }
      const built = (performance.now() - t0) / 1000;
      const head = (await ledgerHead(db)).logs[LOG]!;
      const root = Buffer.from(head.root, 'base64');
      // Compiled code and the kept subtrees of the tiles above the leaves warmed up first, on
      // other events than those measured, so that every measurement below starts alike.
      await inclusionProofs(db, head.size, root, Math.ceil(samples / 4), 10 * samples);
      const { ms: inclusion, cpu: cpuPerProof } = await inclusionProofs(db, head.size, root, samples);
      const older = Math.floor(head.size / 3) + 1;
      const oldRoot = (await edgeAt(db, LOG, older)).root();
      const consistency = await timed(Math.min(samples, 200), async () => {
        verifyConsistency(older, head.size, await consistencyProof(db, LOG, older, head.size), oldRoot, root);
      });
      const fullTiles = Math.max(1, Math.floor(head.size / 256 ** 2));
      const floor = await timed(samples, async (i) => {
        await db.query('SELECT hashes FROM ledger_tile WHERE log = $1 AND level = 1 AND idx = $2', [LOG, i % fullTiles]);
      });
      const baseline = { name: 'one tile read by its key (one round trip)', value: percentile(floor, 95) };
      results.push(
        result(name, 'inclusion_proof_p95_ms', percentile(inclusion, 95), 'ms', baseline),
        result(name, 'inclusion_proof_p50_ms', percentile(inclusion, 50), 'ms', { name: baseline.name, value: percentile(floor, 50) }),
        result(name, 'consistency_proof_p95_ms', percentile(consistency, 95), 'ms', baseline),
        result(name, 'inclusion_proof_cpu_ms', cpuPerProof, 'ms'),
      );
      // The level-4 rows' bytes: each heap tuple (aligned, with its line pointer) and its primary
      // key entry (a 24-byte btree tuple and its line pointer).
      const [rows] = await db.query<{ n: number; heap: number }>(
        'SELECT count(*)::int AS n, coalesce(sum(((pg_column_size(t.*) + 7) / 8) * 8 + 4), 0)::float8 AS heap FROM ledger_tile t WHERE log = $1 AND level = $2',
        [LOG, GROUP_ROW_LEVEL],
      );
      results.push(result(name, 'level4_bytes_per_event', (rows!.heap + rows!.n * 28) / head.size, 'bytes'));
      if (withoutLevel4) {
        // As a store written before migration 30: the log's rows gone, its leaf tiles to fill.
        await db.transaction(async (tx) => {
          await tx.query('DELETE FROM ledger_tile WHERE log = $1 AND level = $2', [LOG, GROUP_ROW_LEVEL]);
          await tx.query('INSERT INTO ledger_level4_fill (log, tiles) VALUES ($1, $2) ON CONFLICT (log) DO UPDATE SET tiles = EXCLUDED.tiles', [LOG, Math.ceil(head.size / 256)]);
        });
        // Other events than before, so that no leaves hashed before are kept for them.
        const without = await inclusionProofs(db, head.size, root, samples, samples);
        const f0 = performance.now();
        const c0 = process.cpuUsage();
        while ((await db.transaction((tx) => fillLevel4Batch(tx, 16))).more);
        const fillCpu = process.cpuUsage(c0);
        const fillSeconds = (performance.now() - f0) / 1000;
        const again = await inclusionProofs(db, head.size, root, samples, 2 * samples);
        results.push(
          result(name, 'inclusion_proof_cpu_ms_without_level4', without.cpu, 'ms'),
          result(name, 'inclusion_proof_p95_ms_without_level4', percentile(without.ms, 95), 'ms', baseline),
          result(name, 'inclusion_proof_cpu_ms_after_fill', again.cpu, 'ms'),
          result(name, 'level4_fill_events_per_s', head.size / fillSeconds, 'events/s'),
          result(name, 'level4_fill_cpu_us_per_event', ((fillCpu.user + fillCpu.system) / head.size), 'us'),
        );
        log(`${name}: without level-4 nodes ${without.cpu.toFixed(3)} ms CPU a proof (p95 ${percentile(without.ms, 95).toFixed(2)} ms); filled in ${fillSeconds.toFixed(1)} s; after ${again.cpu.toFixed(3)} ms`);
      }
      notes.push(`${name}: log of ${head.size} events built through writeLeaves${grown > 0 ? ` (${grown} kept from an earlier run)` : ''} in ${built.toFixed(1)} s; an inclusion proof is read with its leaf hash in one round trip and verified`);
      log(`${name}: inclusion p95 ${percentile(inclusion, 95).toFixed(2)} ms, ${cpuPerProof.toFixed(3)} ms CPU a proof, consistency p95 ${percentile(consistency, 95).toFixed(2)} ms, tile read p95 ${baseline.value.toFixed(2)} ms`);
    } finally {
      await platform.close();
      await store.cleanup();
    }
  }
  return { bench: 'proofs', date: new Date().toISOString(), machine: machine(), params: { events, samples, stores, log: LOG, withoutLevel4 }, results, notes };
}
