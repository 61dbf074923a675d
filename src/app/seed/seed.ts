// Seeding a demo platform with the synthetic generator, through the real paths only: demo
// agencies are registered like any agency, every record goes through intake as that agency,
// and the list workflow (notice, the period to answer, decisions) is run by the deciding
// agencies through the list service. Records are filed in the order of their decision dates,
// quarter by quarter with the clock set to the end of each quarter, so the ledger's history is
// realistic: as-of reads and checks at past dates answer as the platform would have then. The
// demo's lenders furnish their borrowers' months in between, each month's batch in the next (lenders.ts).
//
// A seed is resumable. It is a fixed sequence of steps (the setup, each day quarters are filed
// on, today, and the caller's finish), each done at its own simulated instants; the store records the steps done and
// the record batches done in the step under way (seed_progress), each mark once its work has
// committed. Run again after a stop at any moment (kill -9 included), a seed draws the same data
// from its recorded parameters, skips the steps done and the batches done, and redoes what the
// stop interrupted; redoing is harmless because every step's work is idempotent: intake answers a
// record filed before as a duplicate and appends nothing, the furnishing service answers a batch
// furnished before as it was, an authorisation recorded again with the same content is the
// recorded one, inquiries and checks made before are not made again, and the list work and the
// scheduler act on states at the step's instant, which their first pass left nothing to act on.
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { pipeline } from 'node:stream';
import { createGunzip, createGzip, type Gzip, type ZlibOptions } from 'node:zlib';
import type { Platform } from '../platform.ts';
import type { FixedClock } from '../../kernel/clock.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { DEMO_AGENCIES, generateDataset, type Samples } from '../../synthetic/generator.ts';
import { startOfLocalDay } from '../../domain/time-zone.ts';
import { addDays, addMonths, type IsoDate } from '../../domain/dates.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import type { SubmissionLine } from '../../features/records/intake.service.ts';
import { SEED_ACTOR } from '../../kernel/constants.ts';
import { lastRecordedAt } from '../../ledger/ledger.ts';
import { vacuumAnalyze } from '../../store/maintenance.ts';
import { beginSeedProgress, markSeedProgress, readSeedProgress, type SeedProgress } from '../../store/seed-progress.ts';
import { LenderSeeder, type SeededLender } from './lenders.ts';
import type { SampleBorrower } from './credit-samples.ts';
import { ensureAgency, type KeyBook } from './agencies.ts';
import { listWorkDone, workLists } from './list-work.ts';
import { demoCheckCount, demoChecks } from './demo-checks.ts';

export interface SeedOptions {
  subjects: number;
  seed: number;
  /** The demo's "today"; the clock ends here. A resumed seed keeps the today it began with. */
  today: IsoDate;
  batchSize?: number;
  onProgress?: (p: SeedProgressEvent) => void;
  /**
   * Where the records wait, sorted by quarter, to be filed: emptied when the seed starts and
   * removed when it ends (default a new temporary directory).
   */
  workDir?: string;
  /** Where the agencies' API keys are kept as they are handed out, for a seed resumed after a stop. */
  keys?: KeyBook;
}

/**
 * How far the seed has come: records generated (total 0 until all are), where a resumed seed
 * took up its work, records filed of all, a step done.
 */
export interface SeedProgressEvent {
  phase: 'generate' | 'resume' | 'file' | 'step';
  done: number;
  total: number;
  /** Steps done of all (the setup, each filing day, today, the caller's finish), and the step under way or just done (its day). */
  step?: { done: number; total: number; name: string };
}

export interface SeedResult {
  subjects: number;
  records: number;
  /** What the list work came to: entries given notice, decided and listed, dropped. */
  listEntries: { notified: number; listed: number; dropped: number };
  agencies: Array<{ code: string; name: string; kind: string; apiKey: string; items: string[] }>;
  samples: Samples;
  /** Credit checks run on the samples, each with the agency's feedback. */
  checks: number;
  /** The demo's lenders, with their keys. */
  lenders: SeededLender[];
  /** Borrowers worth a look, each with a lender holding their valid authorisation to inquire. */
  borrowers: SampleBorrower[];
  /** What the lenders furnished (batches, lines), the inquiries they made, and the seconds this run spent furnishing. */
  furnished: { batches: number; lines: number; inquiries: number; seconds: number };
  /** The steps a stopped seed had done when this run took it up (0 for a seed begun by this run). */
  resumedAfterStep: number;
  /** The seed's steps: the setup, each day quarters are filed on, today, and the caller's finish (see completeSeed). */
  steps: number;
  seconds: number;
}

/**
 * The months of history a seed writes: the generator's span. Records decided before it (old
 * registrations, say) are filed at its start, as when a platform goes live and takes in the
 * registers that exist.
 */
const HISTORY_MONTHS = 60;

/**
 * The instant to open a platform at before seeding it: before the seeded history begins, so
 * that recorded instants run forward through it (the ledger never records an instant earlier
 * than the last one, so events appended at "now" would pull the whole history up to now).
 */
export function seedOpeningInstant(now: Date = new Date()): Date {
  return new Date(`${addDays(addMonths(now.toISOString().slice(0, 10), -HISTORY_MONTHS), -2)}T00:00:00Z`);
}

/**
 * A quarter's records wait in a file of their own, compressed at gzip's fastest level, and each
 * file is removed once its records are filed: at ten million subjects the records as text take
 * about what the disk has to spare beside the store, so a seed keeps only what it has still to
 * file, and that compressed (docs/scaling.md has the figures).
 */
export interface QuarterFile {
  records: Gzip;
  /** Settles once the file is written (or its writing failed). */
  written: Promise<void>;
  /** Lines not yet handed to the compressor (writeRecord). */
  pending: string;
}

/**
 * Lines go to the compressor in chunks of at least this many characters: each write to a zlib
 * stream is a task of its own on the thread pool, which costs more than compressing one record's line.
 */
const CHUNK = 256 * 1024;

const quarterPath = (dir: string, q: IsoDate) => join(dir, `${q}.ndjson.gz`);

export function writeQuarter(dir: string, q: IsoDate): QuarterFile {
  // A zlib stream is a Transform and takes its writing side's highWaterMark (bytes), which the
  // typings of its options leave out: a few chunks wait while one is compressed.
  const options: ZlibOptions & { writableHighWaterMark: number } = { level: 1, chunkSize: CHUNK, writableHighWaterMark: 4 * CHUNK };
  const records = createGzip(options);
  const written = new Promise<void>((resolve, reject) => pipeline(records, createWriteStream(quarterPath(dir, q)), (err) => (err ? reject(err) : resolve())));
  // Awaited by the next write and when the file is closed (writeRecord, below).
  written.catch(() => undefined);
  return { records, written, pending: '' };
}

/**
 * Writes a line to a quarter's file (kept until a chunk is full, then handed to the compressor):
 * null when the file took it, else what to wait for before the next line (the compressor's buffer
 * to drain, which fails if the file's writing fails meanwhile). A file whose writing failed before
 * (a full disk, say) answers with its error: its stream is destroyed then, and would neither take
 * a line nor ever drain; a file closed refuses the line. A failure shows at the next chunk, or
 * when the file is closed (its `written`).
 */
export function writeRecord(f: QuarterFile, line: string): Promise<unknown> | null {
  if (f.records.destroyed || f.records.writableEnded)
    return f.written.then(() => {
      throw new Error('seed: a line for a quarter whose file is closed');
    });
  f.pending += line;
  if (f.pending.length < CHUNK) return null;
  const chunk = f.pending;
  f.pending = '';
  return f.records.write(chunk) ? null : once(f.records, 'drain');
}

/** Writes a quarter's last lines and closes its file (whose `written` then settles). */
export function closeQuarter(f: QuarterFile): void {
  if (f.records.destroyed || f.records.writableEnded) return;
  f.records.end(f.pending);
  f.pending = '';
}

/** A quarter's records, a line each. */
function readQuarter(dir: string, q: IsoDate): AsyncIterable<string> {
  const input = pipeline(createReadStream(quarterPath(dir, q)), createGunzip(), () => undefined);
  return createInterface({ input, crlfDelay: Infinity });
}

/** The quarter a decision date falls in, as the first day of the following quarter. */
function quarterEnd(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
  return addMonths(`${y}-01-01`, (q + 1) * 3);
}

export class SeedMismatchError extends Error {
  constructor(readonly progress: SeedProgress) {
    super(
      `the store holds a seed of ${progress.subjects} subjects with seed ${progress.seed} that stopped before it completed; ` +
        'run it again with the same --subjects and --seed (or without them) to continue it, or seed an empty store',
    );
    this.name = 'SeedMismatchError';
  }
}

/** Seeds the platform, or continues a seed that stopped (see the top of this file). */
export async function seed(platform: Platform, clock: FixedClock, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const tz = platform.policy.manifest.timeZone;
  // 10:00 local, or earlier today if it is not 10:00 yet (what follows a seed is never recorded before it).
  const at = (date: IsoDate) => {
    const day = startOfLocalDay(date, tz).getTime();
    clock.set(new Date(Math.max(day, Math.min(day + 10 * 3_600_000, Date.now()))));
  };
  const stopped = await readSeedProgress(platform.db);
  if (stopped?.completed) throw new Error(`seed: the store's seed is complete`);
  if (stopped && (stopped.subjects !== options.subjects || stopped.seed !== options.seed)) throw new SeedMismatchError(stopped);
  const today = stopped?.today ?? options.today;
  const batchSize = stopped?.batchSize ?? options.batchSize ?? 5000;
  const progress: SeedProgress = stopped ?? {
    subjects: options.subjects,
    seed: options.seed,
    today,
    batchSize,
    stepsDone: 0,
    lastQuarter: null,
    batchesDone: 0,
    recordsDone: 0,
    completed: false,
  };
  const resumedAfterStep = progress.stepsDone;
  const mark = () => markSeedProgress(platform.db, progress);
  const dataset = generateDataset({ seed: options.seed, subjects: options.subjects, today, policy: platform.policy });

  const start = addMonths(today, -HISTORY_MONTHS);
  at(start);
  if (!stopped) {
    const head = await lastRecordedAt(platform.db);
    if (head && head.getTime() > clock.now().getTime()) {
      throw new Error(`seed: the ledger already holds events after ${start}, when the seeded history begins; open the platform at seedOpeningInstant()`);
    }
    await beginSeedProgress(platform.db, progress);
  }
  // The day a quarter's records are filed on (the lenders' work until then done before them).
  const fileOn = (q: IsoDate): IsoDate => {
    const day = q < today ? addDays(q, -1) : today;
    return day < start ? start : day;
  };

  // Pass 1: the generator's records into one file per quarter of decision date (the quarters
  // not done yet), counting them all.
  const dir = options.workDir ?? mkdtempSync(join(tmpdir(), 'xinyong-seed-'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = new Map<IsoDate, QuarterFile | null>();
  const perQuarter = new Map<IsoDate, number>();
  let total = 0;
  try {
    for (const r of dataset.records()) {
      const q = quarterEnd(r.record.decision.date);
      let f = files.get(q);
      if (f === undefined) files.set(q, (f = progress.lastQuarter !== null && q <= progress.lastQuarter ? null : writeQuarter(dir, q)));
      const full = f && writeRecord(f, `${JSON.stringify(r)}\n`);
      if (full) await full;
      perQuarter.set(q, (perQuarter.get(q) ?? 0) + 1);
      total++;
      if (total % 20_000 === 0) options.onProgress?.({ phase: 'generate', done: total, total: 0 });
    }
    for (const f of files.values()) if (f) closeQuarter(f);
    await Promise.all([...files.values()].map((f) => f?.written));
    // The quarters filed on each day: a quarter's records on its last day, and those decided
    // before the seeded history begins all on its first day, in one step.
    const byDay = new Map<IsoDate, IsoDate[]>();
    for (const q of [...perQuarter.keys()].sort()) byDay.set(fileOn(q), [...(byDay.get(fileOn(q)) ?? []), q]);
    const days = [...byDay];
    const steps = days.length + 3;
    const step = (name: string) => ({ done: progress.stepsDone, total: steps, name });
    if (stopped)
      options.onProgress?.({
        phase: 'resume',
        done: progress.recordsDone,
        total,
        step: step(progress.lastQuarter ?? (progress.stepsDone > 0 ? 'setup' : 'none')),
      });

    // Agencies, registered by the administrator when the history begins; their keys are what the demo hands out.
    const agencies: SeedResult['agencies'] = [];
    const principals = new Map<string, AgencyPrincipal>();
    for (const a of DEMO_AGENCIES) {
      const { agency, apiKey, principal } = await ensureAgency(platform, { code: a.code, name: a.name, kind: a.kind }, options.keys);
      agencies.push({ ...agency, apiKey });
      principals.set(a.code, principal);
    }
    const samples = dataset.samples(5);
    // Lenders, registered with the agencies, and their borrowers' history up to the seeded history's start.
    const credit = new LenderSeeder(platform, {
      seed: options.seed,
      subjects: options.subjects,
      today,
      dataset,
      sampleOrganisations: samples.listed,
    });
    await credit.register(options.keys);
    if (progress.stepsDone === 0) {
      await credit.furnishUntil(start, at, start);
      progress.stepsDone = 1;
      await mark();
      options.onProgress?.({ phase: 'step', done: 0, total, step: step('setup') });
    }
    credit.skipUntil(progress.lastQuarter === null ? start : fileOn(progress.lastQuarter));

    // Pass 2: day by day, in order.
    let vacuumedAt = 0;
    for (const [day, quarters] of days) {
      const last = quarters[quarters.length - 1]!;
      if (progress.lastQuarter !== null && last <= progress.lastQuarter) continue;
      await credit.furnishUntil(day, at, start);
      at(day);
      // All agencies' records of the day go in transactions of about batchSize records; those a
      // stopped seed filed are passed over.
      const skip = progress.batchesDone;
      let batch = 0;
      const byAgency = new Map<string, SubmissionLine[]>();
      let pending = 0;
      // One batch is filed while the next is read, validated and encoded (on PGlite's own thread
      // or a PostgreSQL connection the store's work and this work overlap); a batch is filed, and
      // its mark written, only after the one before has committed and been marked.
      let filing: Promise<void> = Promise.resolve();
      const flush = async () => {
        const batches = [...byAgency].filter(([, lines]) => lines.length > 0).map(([code, lines]) => ({ agency: principals.get(code)!, lines }));
        byAgency.clear();
        if (batches.length === 0) return;
        const records = pending;
        pending = 0;
        if (++batch > skip) {
          const n = batch;
          const prepared = await runWithContext({ requestId: 'seed', actor: SEED_ACTOR }, () => platform.intake.prepareMany(batches));
          await filing;
          filing = runWithContext({ requestId: 'seed', actor: SEED_ACTOR }, async () => {
            await platform.intake.fileMany(prepared);
            progress.batchesDone = n;
            progress.recordsDone += records;
            await mark();
            options.onProgress?.({ phase: 'file', done: progress.recordsDone, total, step: step(day) });
          });
          // Awaited at the next batch or the day's end; a failure meanwhile is not unhandled.
          filing.catch(() => undefined);
        } else options.onProgress?.({ phase: 'file', done: progress.recordsDone, total, step: step(day) });
      };
      try {
        for (const q of quarters) {
          for await (const line of readQuarter(dir, q)) {
            const r = JSON.parse(line) as { agency: string; record: unknown };
            let lines = byAgency.get(r.agency);
            if (!lines) byAgency.set(r.agency, (lines = []));
            lines.push({ line: lines.length + 1, value: r.record });
            if (++pending >= batchSize) await flush();
          }
        }
        await flush();
      } finally {
        // Nothing of the seed goes on after it stops, whatever stopped it.
        await filing.catch(() => undefined);
      }
      await filing;
      // Filed: a seed stopped from here on writes the files of the steps not done anew.
      for (const q of quarters) rmSync(quarterPath(dir, q), { force: true });
      await workLists(platform, principals);
      await platform.tick();
      // A quarter passes in seconds here; in a store's life, months pass between the list work of
      // one quarter and the next, the dead row versions it left are reclaimed meanwhile, and the
      // planner's statistics follow the tables as they grow. As a server's autovacuum does, the
      // seed vacuums once the tables have grown by a share of what they held at the last vacuum
      // (here: doubled), so that the vacuums of a seed cost about as much as its last one, not
      // one whole-store pass per quarter.
      if (progress.recordsDone >= 2 * vacuumedAt) {
        await vacuumAnalyze(platform.db);
        vacuumedAt = progress.recordsDone;
      }
      Object.assign(progress, { stepsDone: progress.stepsDone + 1, lastQuarter: last, batchesDone: 0 });
      await mark();
      options.onProgress?.({ phase: 'step', done: progress.recordsDone, total, step: step(day) });
    }
    let borrowers = credit.sampleBorrowers;
    if (progress.stepsDone < days.length + 2) {
      // Today: decide what has waited long enough; what was proposed lately stays in its notice period.
      await credit.furnishUntil(today, at, start);
      at(today);
      borrowers = await credit.authoriseSamples();
      await workLists(platform, principals);
      await platform.tick();
      // Fresh planner statistics (without them the first queries over a bulk load pick poor plans)
      // and a visibility map, so that evaluation reads records by index only.
      await vacuumAnalyze(platform.db);
      await demoChecks(platform, [...principals.values()], samples);
      progress.stepsDone = days.length + 2;
      await mark();
      options.onProgress?.({ phase: 'step', done: progress.recordsDone, total, step: step('today') });
    }
    const planned = credit.planned;
    return {
      subjects: options.subjects,
      records: total,
      listEntries: await listWorkDone(platform),
      checks: demoCheckCount(samples),
      agencies,
      samples,
      lenders: credit.lenders,
      borrowers,
      furnished: { batches: planned.batches, lines: planned.lines, inquiries: planned.inquiries + borrowers.length, seconds: credit.seconds },
      resumedAfterStep,
      steps,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Marks the store's seed complete: the caller's finish (evaluations, accounts, credentials) is done. */
export async function completeSeed(platform: Platform, result: SeedResult): Promise<void> {
  const progress = await readSeedProgress(platform.db);
  if (!progress) throw new Error('seed: the store holds no seed to complete');
  await markSeedProgress(platform.db, { ...progress, stepsDone: result.steps, batchesDone: 0, completed: true });
}

/** The store's seed progress (null when no seed ever began on it). */
export function seedProgressOf(platform: Platform): Promise<SeedProgress | null> {
  return readSeedProgress(platform.db);
}
