// Torture: hundreds of kill -9 crash cycles of intake on each store (the crash test's cycles,
// test/support/crash-cycles.ts, run many more times). Each cycle a child process files batches
// of records and is killed with SIGKILL at a moment drawn from the seed; the store is opened
// again and every acknowledged record must be there, no batch partial, and the ledger's chain
// and projections must verify. `npm run torture [-- --cycles N --seed S --stores pglite,postgres]`;
// each store runs in a process of its own (bench/torture-store.ts), the stores at the same time.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import type { CrashSummary } from '../test/support/crash-cycles.ts';
import { machine, result, type BenchReport, type BenchResult } from './lib.ts';

const STORE_SCRIPT = resolve(import.meta.dirname, 'torture-store.ts');

function tortureStore(args: object): Promise<CrashSummary | { failed: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', STORE_SCRIPT, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done) =>
    child.once('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        done(JSON.parse(last) as CrashSummary | { failed: string });
      } catch {
        done({ failed: `the torture process exited with ${code} without a summary` });
      }
    }),
  );
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const cycles = Number(args.cycles ?? 200);
  const seed = typeof args.seed === 'string' ? Number(args.seed) : randomInt(0, 2 ** 31);
  const maxBatch = Number(args['max-batch'] ?? 120);
  const killWithinMs = Number(args['kill-within-ms'] ?? 400);
  const earlyEvery = Number(args['early-every'] ?? 5);
  const stores = (typeof args.stores === 'string' ? args.stores : 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
  const notes: string[] = [
    'Each cycle: a child process (test/support/crash-intake.ts) opens the platform and files batches of 1 to max-batch records through intake, one transaction each (one in twenty records is a serious penalty, so intake also proposes a listing in the same transaction), printing each batch as the store acknowledges it; it is killed with SIGKILL either while it opens the store (one cycle in early-every on average, up to 1.5 s after it was spawned) or up to kill-within-ms after it acknowledged 0 to 3 batches.',
    'After each kill the store is opened again as after a real crash (PGlite: the dead process left its lock file, which is taken over, and its write-ahead log is replayed; PostgreSQL: a new connection) and checked: every acknowledged record is there, every batch begun holds all of its records or none, the hash chain verifies and the projections equal a replay of the ledger (every subject). At the end the store holds exactly what each cycle held after its crash.',
    'failures is 0 when every cycle held; a failure stops that store and is described here with its seed and cycle.',
  ];
  const outcomes = await Promise.all(stores.map((store) => tortureStore({ store, cycles, seed, maxBatch, killWithinMs, earlyEvery })));
  const results: BenchResult[] = [];
  stores.forEach((name, i) => {
    const o = outcomes[i]!;
    if ('failed' in o) {
      process.exitCode = 1;
      results.push(result(name, 'failures', 1, 'cycles'));
      notes.push(`${name}: ${o.failed}`);
      return;
    }
    results.push(
      result(name, 'cycles', o.cycles, 'cycles'),
      result(name, 'failures', 0, 'cycles'),
      result(name, 'killed_while_filing', o.killedWhileFiling, 'cycles'),
      result(name, 'killed_while_opening', o.killedWhileOpening, 'cycles'),
      result(name, 'batches_acknowledged', o.batchesAcknowledged, 'batches'),
      result(name, 'records_acknowledged', o.recordsAcknowledged, 'records'),
      result(name, 'unacknowledged_batches_committed', o.unacknowledgedCommitted, 'batches'),
      result(name, 'unacknowledged_batches_absent', o.unacknowledgedAbsent, 'batches'),
      result(name, 'records_held_at_end', o.records, 'records'),
      result(name, 'ledger_events_at_end', o.events, 'events'),
      result(name, 'seconds', o.seconds, 's'),
    );
  });
  return {
    bench: 'torture',
    date: new Date().toISOString(),
    machine: machine(),
    params: { cycles, seed, maxBatch, killWithinMs, earlyEvery, stores },
    results,
    notes,
  };
}
