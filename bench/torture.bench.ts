// Torture: hundreds of kill -9 crash cycles of intake on each store (the crash test's cycles,
// test/support/crash-cycles.ts, run many more times). Each cycle a child process files batches
// of records and is killed with SIGKILL at a moment drawn from the seed; the store is opened
// again and every acknowledged record must be there, no batch partial, and the ledger's chain
// and projections must verify. `npm run torture [-- --cycles N --seed S --stores pglite,postgres]`; the stores run at the same time.
import { randomInt } from 'node:crypto';
import { runCrashCycles } from '../test/support/crash-cycles.ts';
import { freshBenchStore, log, machine, result, type BenchReport, type BenchResult } from './lib.ts';

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
    'With both stores at once, one parent process waits for both children: while it checks one store (PGlite runs inside it), the kill timer of the other can fire later than drawn, so that child files more batches before it dies; the kill still comes at an arbitrary point of its work.',
  ];
  // The stores are tortured at the same time, each by its own children (the parent mostly waits).
  const perStore = new Map<string, BenchResult[]>();
  await Promise.all(
    stores.map(async (name) => {
      const results: BenchResult[] = [];
      perStore.set(name, results);
      const store = await freshBenchStore(name);
      try {
        log(`torture ${name}: ${cycles} cycles, seed ${seed}`);
        const summary = await runCrashCycles(
          { store: name, dataDir: store.dataDir, databaseUrl: store.databaseUrl },
          {
            cycles,
            seed,
            maxBatch,
            killWithinMs,
            earlyEvery,
            onCycle: (cycle, o) => {
              if (cycle % 10 === 0)
                log(`torture ${name}: cycle ${cycle}, ${o.events} events, last: ${o.killedWhile}, ${o.acknowledged.batches} batches acknowledged`);
            },
          },
        );
        results.push(
          result(name, 'cycles', summary.cycles, 'cycles'),
          result(name, 'failures', 0, 'cycles'),
          result(name, 'killed_while_filing', summary.killedWhileFiling, 'cycles'),
          result(name, 'killed_while_opening', summary.killedWhileOpening, 'cycles'),
          result(name, 'batches_acknowledged', summary.batchesAcknowledged, 'batches'),
          result(name, 'records_acknowledged', summary.recordsAcknowledged, 'records'),
          result(name, 'unacknowledged_batches_committed', summary.unacknowledgedCommitted, 'batches'),
          result(name, 'unacknowledged_batches_absent', summary.unacknowledgedAbsent, 'batches'),
          result(name, 'records_held_at_end', summary.records, 'records'),
          result(name, 'ledger_events_at_end', summary.events, 'events'),
          result(name, 'seconds', summary.seconds, 's'),
        );
      } catch (err) {
        process.exitCode = 1;
        results.push(result(name, 'failures', 1, 'cycles'));
        notes.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
        log(`torture ${name} FAILED: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await store.cleanup();
      }
    }),
  );
  const results = stores.flatMap((name) => perStore.get(name) ?? []);
  return {
    bench: 'torture',
    date: new Date().toISOString(),
    machine: machine(),
    params: { cycles, seed, maxBatch, killWithinMs, earlyEvery, stores },
    results,
    notes,
  };
}
