// One store's torture, in a process of its own (bench/torture.bench.ts starts one per store, so
// that checking one store never delays the kill timer of the other's child). Progress goes to
// standard error; the last line on standard output is the summary, or {"failed": why}.
import { runCrashCycles, type CrashOptions } from '../test/support/crash-cycles.ts';
import { freshBenchStore, log } from './lib.ts';

const { store: name, ...options } = JSON.parse(process.argv[2]!) as { store: 'pglite' | 'postgres' } & Omit<CrashOptions, 'onCycle'>;
const store = await freshBenchStore(name);
try {
  log(`torture ${name}: ${options.cycles} cycles, seed ${options.seed}`);
  const summary = await runCrashCycles(
    { store: name, dataDir: store.dataDir, databaseUrl: store.databaseUrl },
    {
      ...options,
      onCycle: (cycle, o) => {
        if (cycle % 10 === 0)
          log(`torture ${name}: cycle ${cycle}, ${o.events} events, last: ${o.killedWhile}, ${o.acknowledged.batches} batches acknowledged`);
      },
    },
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} catch (err) {
  const why = err instanceof Error ? err.message : String(err);
  log(`torture ${name} FAILED: ${why}`);
  process.stdout.write(`${JSON.stringify({ failed: why })}\n`);
} finally {
  await store.cleanup();
}
