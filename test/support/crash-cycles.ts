// Crash cycles: a child process files batches of records through intake (crash-intake.ts) and is
// killed with SIGKILL at a moment drawn from a seed; the store is then opened again as after a
// real crash (PGlite: the dead process's lock file is still there and its log is replayed;
// PostgreSQL: a fresh connection, the server having rolled back what was not committed) and
// held to what it acknowledged: every acknowledged record is there, every batch is all or
// nothing, and the ledger's chain and the projections verify. The crash test runs a few cycles,
// `npm run torture` hundreds; a failure names its seed and cycle, which reproduce its choices.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/kernel/config.ts';
import { Platform } from '../../src/app/platform.ts';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import type { Policy } from '../../src/domain/policy/policy.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import { verifyProjections, describeDifference } from '../../src/ledger/verify-projections.ts';
import { runWithContext } from '../../src/kernel/request-context.ts';
import { batchPrefix, cyclePattern, seeded, type CrashChildArgs } from './crash-batches.ts';
import { TEST_SECRET } from './platform.ts';

const CHILD = resolve(import.meta.dirname, 'crash-intake.ts');

export interface CrashStore {
  store: 'pglite' | 'postgres';
  dataDir: string;
  databaseUrl: string | undefined;
}

export interface CrashOptions {
  cycles: number;
  seed: number;
  /** Records per batch: from 1 to this many. */
  maxBatch?: number;
  /** The kill comes up to this long after the child acknowledged the drawn number of batches (0 to 3). */
  killWithinMs?: number;
  /** Every this many cycles on average, the kill comes while the child is still opening the store instead. */
  earlyEvery?: number;
  onCycle?: (cycle: number, outcome: CycleOutcome) => void;
}

export interface CycleOutcome {
  /** Whether the child was killed after it said ready (else while it was opening the store). */
  killedWhile: 'opening' | 'filing';
  killAfterMs: number;
  acknowledged: { batches: number; records: number };
  /** Records of this cycle the store holds: the acknowledged ones and a whole unacknowledged batch. */
  held: number;
  /** A batch begun but not acknowledged: whether the store holds it (whole) or nothing of it. */
  unacknowledged: 'committed' | 'absent' | 'none';
  /** Events in the ledger after the cycle. */
  events: number;
  /** PGlite: the dead child's lock file was there when the store was opened again. */
  staleLock: boolean;
  /** How long the child ran, and how long opening and checking the store took after it died. */
  childMs: number;
  checkMs: number;
}

export interface CrashSummary {
  store: 'pglite' | 'postgres';
  seed: number;
  cycles: number;
  killedWhileOpening: number;
  killedWhileFiling: number;
  batchesAcknowledged: number;
  recordsAcknowledged: number;
  /** Batches begun and not acknowledged that the store nevertheless committed (whole). */
  unacknowledgedCommitted: number;
  /** Batches begun and not acknowledged of which the store holds nothing. */
  unacknowledgedAbsent: number;
  /** Records the store holds at the end: every cycle's, none lost to a later crash. */
  records: number;
  events: number;
  seconds: number;
}

export class CrashCheckFailed extends Error {
  override name = 'CrashCheckFailed';
}

function configOf(s: CrashStore) {
  return loadConfig({ dataDir: s.dataDir, databaseUrl: s.databaseUrl, idHashSecret: TEST_SECRET, logLevel: 'silent' }, {});
}

/** Opens the platform as the operator would after a crash, runs fn, closes it. */
async function withStore<T>(s: CrashStore, policy: Policy, fn: (p: Platform) => Promise<T>): Promise<T> {
  const p = await Platform.open(configOf(s), { policy });
  try {
    return await fn(p);
  } finally {
    await p.close();
  }
}

/** Registers the agency the children file as; returns its key. */
async function prepare(s: CrashStore, policy: Policy): Promise<string> {
  return withStore(s, policy, (p) =>
    runWithContext({ requestId: 'crash-setup', actor: { type: 'administrator', id: 'crash-test' } }, async () => {
      const { apiKey } = await p.agencies.register({ code: 'samr-crash', name: '崩溃测试市场监督管理局', kind: 'market-regulation' });
      return apiKey;
    }),
  );
}

interface ChildRun {
  sizes: Map<number, number>;
  acknowledged: Set<number>;
  ready: boolean;
  killedWhile: 'opening' | 'filing';
  killAfterMs: number;
}

/**
 * Spawns the child and kills it at the drawn moment: `delayMs` after it was spawned (early, while
 * it opens the store, unless it is already filing), or `delayMs` after it acknowledged `afterAcks`
 * batches; resolves once it is dead and all it wrote is read.
 */
function runChild(args: CrashChildArgs, early: boolean, afterAcks: number, delayMs: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const run: ChildRun = { sizes: new Map(), acknowledged: new Set(), ready: false, killedWhile: early ? 'opening' : 'filing', killAfterMs: delayMs };
  let timer: NodeJS.Timeout | undefined;
  const kill = () => {
    run.killedWhile = run.ready ? 'filing' : 'opening';
    child.kill('SIGKILL');
  };
  if (early) timer = setTimeout(kill, delayMs);
  // A child that never gets ready is killed too, and the cycle fails below.
  const guard = setTimeout(() => child.kill('SIGKILL'), 300_000);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const [what, batch, size] = out.slice(0, nl).split(' ');
      out = out.slice(nl + 1);
      if (what === 'ready') run.ready = true;
      else if (what === 'begin') run.sizes.set(Number(batch), Number(size));
      else if (what === 'ack') run.acknowledged.add(Number(batch));
      if (!early && timer === undefined && run.ready && run.acknowledged.size >= afterAcks) timer = setTimeout(kill, delayMs);
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolvePromise, reject) => {
    // 'close', not 'exit': the lines the child wrote before it died may still be unread at 'exit'.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      if (signal === 'SIGKILL' && (early || run.ready)) resolvePromise(run);
      else reject(new CrashCheckFailed(`the child exited (code ${code}, signal ${signal}) before it was killed at the drawn moment:\n${err}`));
    });
  });
}

/** Checks the store after cycle `cycle`; throws naming what does not hold. */
async function check(
  s: CrashStore,
  policy: Policy,
  cycle: number,
  run: ChildRun,
  where: string,
): Promise<Omit<CycleOutcome, 'killedWhile' | 'killAfterMs' | 'staleLock' | 'childMs' | 'checkMs'>> {
  return withStore(s, policy, async (p) => {
    const fail = (why: string) => new CrashCheckFailed(`${where}: ${why}`);
    const rows = await p.db.query<{ decision_number: string }>('SELECT decision_number FROM credit_record WHERE decision_number LIKE $1', [
      cyclePattern(cycle),
    ]);
    const byBatch = new Map<number, Set<string>>();
    for (const { decision_number: n } of rows) {
      const batch = Number(/-(\d+)〕/.exec(n)?.[1]);
      if (!run.sizes.has(batch)) throw fail(`the store holds record ${n} of batch ${batch}, which the child never began`);
      const set = byBatch.get(batch) ?? new Set<string>();
      set.add(n);
      byBatch.set(batch, set);
    }
    let records = 0;
    let unacknowledged: 'committed' | 'absent' | 'none' = 'none';
    for (const [batch, size] of run.sizes) {
      const held = byBatch.get(batch) ?? new Set<string>();
      if (run.acknowledged.has(batch)) {
        for (let i = 1; i <= size; i++) {
          if (!held.has(`${batchPrefix(cycle, batch)}${i}号`)) throw fail(`acknowledged batch ${batch} lost record ${i} of ${size} (${held.size} held)`);
        }
        records += size;
      } else {
        if (held.size !== 0 && held.size !== size) throw fail(`batch ${batch} is partial: ${held.size} of ${size} records`);
        unacknowledged = held.size === size ? 'committed' : 'absent';
      }
      if (held.size > size) throw fail(`batch ${batch} holds ${held.size} records, more than the ${size} filed`);
    }
    const chain = await verifyLedger(p.db);
    if (!chain.intact) throw fail(`the ledger does not verify: event ${chain.firstBroken.index} of log ${chain.firstBroken.log}: ${chain.firstBroken.reason}`);
    const projections = await verifyProjections(p.db);
    if (!projections.equal) throw fail(`the projections differ from the ledger: ${describeDifference(projections.firstDifference!)}`);
    return { acknowledged: { batches: run.acknowledged.size, records }, held: rows.length, unacknowledged, events: chain.events };
  });
}

/** Runs the cycles on a store (fresh, or holding earlier cycles' records); throws on the first failure. */
export async function runCrashCycles(s: CrashStore, options: CrashOptions): Promise<CrashSummary> {
  const started = Date.now();
  const policy = loadPolicyPack(configOf(s).policyDir);
  const apiKey = await prepare(s, policy);
  const random = seeded(options.seed);
  const summary: CrashSummary = {
    store: s.store,
    seed: options.seed,
    cycles: 0,
    killedWhileOpening: 0,
    killedWhileFiling: 0,
    batchesAcknowledged: 0,
    recordsAcknowledged: 0,
    unacknowledgedCommitted: 0,
    unacknowledgedAbsent: 0,
    records: 0,
    events: 0,
    seconds: 0,
  };
  let held = 0;
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    const where = `${s.store}, seed ${options.seed}, cycle ${cycle}`;
    const early = random() < 1 / (options.earlyEvery ?? 5);
    const afterAcks = Math.floor(random() * 4);
    const delayMs = Math.floor(random() * (early ? 1500 : (options.killWithinMs ?? 400)));
    const childSeed = Math.floor(random() * 2 ** 31);
    const args = { dataDir: s.dataDir, databaseUrl: s.databaseUrl, apiKey, cycle, seed: childSeed, maxBatch: options.maxBatch ?? 120 };
    const spawned = Date.now();
    const run = await runChild(args, early, afterAcks, delayMs);
    const died = Date.now();
    // A PGlite child killed after it opened the store leaves its lock file, as a real crash does.
    const lock = join(s.dataDir, 'xinyong.lock');
    const staleLock = s.store === 'pglite' && existsSync(lock);
    if (s.store === 'pglite' && run.ready && !staleLock) throw new CrashCheckFailed(`${where}: the killed child left no lock file`);
    const checked = await check(s, policy, cycle, run, where);
    const outcome: CycleOutcome = {
      killedWhile: run.killedWhile,
      killAfterMs: delayMs,
      staleLock,
      ...checked,
      childMs: died - spawned,
      checkMs: Date.now() - died,
    };
    summary.cycles++;
    if (outcome.killedWhile === 'opening') summary.killedWhileOpening++;
    else summary.killedWhileFiling++;
    summary.batchesAcknowledged += outcome.acknowledged.batches;
    summary.recordsAcknowledged += outcome.acknowledged.records;
    if (outcome.unacknowledged === 'committed') summary.unacknowledgedCommitted++;
    if (outcome.unacknowledged === 'absent') summary.unacknowledgedAbsent++;
    summary.events = outcome.events;
    held += outcome.held;
    options.onCycle?.(cycle, outcome);
  }
  summary.records = await withStore(s, policy, async (p) => {
    const [row] = await p.db.query<{ n: number }>("SELECT count(*)::int AS n FROM credit_record WHERE decision_number LIKE '崩溃%'");
    return row!.n;
  });
  if (summary.records !== held) {
    throw new CrashCheckFailed(`${s.store}, seed ${options.seed}: ${summary.records} records held at the end, ${held} after their cycles`);
  }
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}
