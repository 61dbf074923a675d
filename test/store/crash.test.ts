// A crash loses nothing acknowledged and leaves nothing half-done. An agency that was told its
// batch of records is filed may rely on it: the records are part of the public credit record
// from then on (DOMAIN.md), and a batch is filed whole or not at all. Intake is killed with
// SIGKILL at moments drawn from a seed (while it opens the store, and while it files), the store
// is opened again as after a real crash, and every acknowledged record must be there, no batch
// partial, and the ledger's chain and its projections must verify. The seed is in the test's
// name: XINYONG_CRASH_SEED=S runs the same choices again (the moments are the same, how far the
// child got by then depends on the machine).
import { afterAll, describe, expect, it } from 'vitest';
import { freshStore, STORES, type StoreLocation } from '../support/stores.ts';
import { runCrashCycles } from '../support/crash-cycles.ts';

const SEED = process.env.XINYONG_CRASH_SEED ? Number(process.env.XINYONG_CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
const CYCLES = 10;

describe.each(STORES)('kill -9 during intake on %s', (store) => {
  const locations: StoreLocation[] = [];
  afterAll(async () => {
    for (const l of locations) await l.cleanup();
  });

  it(`keeps every acknowledged record and no partial batch over ${CYCLES} crashes, and the ledger verifies (seed ${SEED})`, async () => {
    const location = await freshStore(store);
    locations.push(location);
    const summary = await runCrashCycles({ store, dataDir: location.dataDir, databaseUrl: location.databaseUrl }, { cycles: CYCLES, seed: SEED });
    process.stderr.write(`crash test on ${store}: ${JSON.stringify(summary)}\n`);
    expect(summary.cycles).toBe(CYCLES);
    // The crashes came while batches were being filed, not only before the first.
    expect(summary.killedWhileFiling).toBeGreaterThan(0);
    expect(summary.batchesAcknowledged).toBeGreaterThan(0);
    expect(summary.records).toBeGreaterThanOrEqual(summary.recordsAcknowledged);
  }, 900_000);
});
