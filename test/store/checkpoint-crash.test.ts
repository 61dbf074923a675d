// kill -9 between commit and signing never forks the log, on both stores (issue 19, item 3: "a
// consistency proof exists from every published checkpoint to every later one (property-tested,
// including kill -9 between commit and signing)"). A child process appends batches and makes a
// checkpoint after each; it is killed with SIGKILL, in some cycles the moment it says a batch is
// committed (before that batch is signed), in others at a moment drawn after it is ready. After
// each kill the store is opened again, as after a real crash, and held to the property over every
// checkpoint stored (each verifies with the published key; for every pair every log grew or
// stayed and its consistency proof verifies), every checkpoint the child reported is stored
// unchanged, and a new checkpoint extends the last one. The seed is in the test's name:
// XINYONG_CRASH_SEED=S repeats the choices (how far the child got by each moment depends on the
// machine).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { freshStore, STORES, type StoreLocation } from '../support/stores.ts';
import { TEST_SECRET } from '../support/platform.ts';
import { seeded } from '../support/crash-batches.ts';
import { checkCheckpoints } from '../support/checkpoint-property.ts';
import type { CheckpointChildArgs } from '../support/checkpoint-child.ts';
import { loadConfig, type Config } from '../../src/kernel/config.ts';
import { Platform } from '../../src/app/platform.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { appendEvents } from '../../src/ledger/ledger.ts';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';

const CHILD = resolve(import.meta.dirname, '../support/checkpoint-child.ts');
const SEED = process.env.XINYONG_CRASH_SEED ? Number(process.env.XINYONG_CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
const CYCLES = 5;

interface ChildRun {
  /** The checkpoints the child reported made: id and SHA-256 of the note. */
  checkpoints: Map<number, string>;
  committed: number;
}

/**
 * Runs the child and kills it when it reports its `afterCommits`th committed batch (before it
 * signs that batch), or else `delayMs` after it is ready; resolves once it is dead and read.
 */
function runChild(args: CheckpointChildArgs, kill: { afterCommits: number } | { delayMs: number }): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const run: ChildRun = { checkpoints: new Map(), committed: 0 };
  let killed = false;
  const killNow = () => {
    killed = true;
    child.kill('SIGKILL');
  };
  // A child that hangs is killed too, and the cycle fails below.
  const guard = setTimeout(() => child.kill('SIGKILL'), 300_000);
  let timer: NodeJS.Timeout | undefined;
  let err = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [what, a, b] = line.split(' ');
    if (killed) return;
    if (what === 'ready' && 'delayMs' in kill) timer = setTimeout(killNow, kill.delayMs);
    else if (what === 'committed') {
      run.committed = Number(a);
      if ('afterCommits' in kill && run.committed >= kill.afterCommits) killNow();
    } else if (what === 'checkpoint') run.checkpoints.set(Number(a), b!);
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolvePromise, reject) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      if (signal === 'SIGKILL' && killed) resolvePromise(run);
      else reject(new Error(`the child exited (code ${code}, signal ${signal}) before it was killed:\n${err}`));
    });
  });
}

describe.each(STORES)('kill -9 between commit and signing a checkpoint on %s', (store) => {
  let location: StoreLocation | undefined;
  afterAll(async () => {
    await location?.cleanup();
  });

  it(`never forks the log over ${CYCLES} crashes, and a new checkpoint extends the last (seed ${SEED})`, async () => {
    location = await freshStore(store);
    const signingKey = location.databaseUrl ? generateSigningKeyPem() : undefined;
    const config: Config = loadConfig(
      { dataDir: location.dataDir, databaseUrl: location.databaseUrl, idHashSecret: TEST_SECRET, logLevel: 'silent', reportSigningKey: signingKey, ledgerLogs: 4 },
      {},
    );
    const withPlatform = async <T>(fn: (p: Platform) => Promise<T>): Promise<T> => {
      const p = await Platform.open(config);
      try {
        return await fn(p);
      } finally {
        await p.close();
      }
    };
    // The store and its key exist before the first child.
    await withPlatform((p) => p.log.currentCheckpoint());
    const random = seeded(SEED);
    const reported = new Map<number, string>();
    let killedAtCommit = 0;
    let checkpointsAtEnd = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const atCommit = random() < 0.6;
      const kill = atCommit ? { afterCommits: 1 + Math.floor(random() * 8) } : { delayMs: Math.floor(random() * 1500) };
      const run = await runChild({ dataDir: location.dataDir, databaseUrl: location.databaseUrl, signingKey, seed: Math.floor(random() * 2 ** 31) }, kill);
      if (atCommit) killedAtCommit++;
      await withPlatform(async (p) => {
        const where = `${store}, seed ${SEED}, cycle ${cycle}`;
        const keys = p.log.keys().keys.map((k) => k.verifierKey);
        const { checkpoints } = await checkCheckpoints(p.db, p.config.logOrigin, keys);
        // Every checkpoint the child made is stored as it was made: none lost, none rewritten.
        for (const [id, hash] of run.checkpoints) reported.set(id, hash);
        for (const [id, hash] of reported) {
          const stored = checkpoints.find((c) => c.id === id);
          expect(stored && createHash('sha256').update(stored.note).digest('hex'), `${where}: checkpoint ${id}`).toBe(hash);
        }
        // A new checkpoint, after an append, extends the last one.
        await p.db.transaction((tx) => appendEvents(tx, [{ type: 'evaluation.override-lifted', subject: 'after-crash', data: { scorecard: `c${cycle}`, reason: 'after' } }], SYSTEM_ACTOR, new Date()));
        const next = await p.log.currentCheckpoint();
        expect(next.id, where).toBe(checkpoints.at(-1)!.id + 1);
        const after = await checkCheckpoints(p.db, p.config.logOrigin, keys);
        checkpointsAtEnd = after.checkpoints.length;
        // Reported in the next cycle's check too: it is published.
        reported.set(next.id, createHash('sha256').update(next.note).digest('hex'));
      });
    }
    process.stderr.write(`checkpoint crash test on ${store} (seed ${SEED}): ${CYCLES} kills, ${killedAtCommit} right after a commit, ${checkpointsAtEnd} checkpoints\n`);
    expect(checkpointsAtEnd).toBeGreaterThan(CYCLES + 1);
  }, 900_000);
});
