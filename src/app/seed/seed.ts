// Seeding a demo platform with the synthetic generator, through the real paths only: demo
// agencies are registered like any agency, every record goes through intake as that agency,
// and the list workflow (notice, the period to answer, decisions) is run by the deciding
// agencies through the list service. Records are filed in the order of their decision dates,
// quarter by quarter with the clock set to the end of each quarter, so the ledger's history is
// realistic: as-of reads and checks at past dates answer as the platform would have then. The
// demo's lenders furnish their borrowers' months in between, each month's batch in the next (lenders.ts).
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Platform } from '../platform.ts';
import type { FixedClock } from '../../kernel/clock.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { DEMO_AGENCIES, generateDataset, type Samples } from '../../synthetic/generator.ts';
import { startOfLocalDay } from '../../domain/time-zone.ts';
import { addDays, addMonths, type IsoDate } from '../../domain/dates.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import type { Principal } from '../../kernel/principal.ts';
import type { SubmissionLine } from '../../features/records/intake.service.ts';
import { SEED_ACTOR, SEED_ADMINISTRATOR } from '../../kernel/constants.ts';
import { lastRecordedAt } from '../../ledger/ledger.ts';
import { loadEntriesInStates } from '../../ledger/projection.ts';
import { vacuumAnalyze } from '../../store/maintenance.ts';
import { LenderSeeder, type SeededLender } from './lenders.ts';
import type { SampleBorrower } from './credit-samples.ts';

export interface SeedOptions {
  subjects: number;
  seed: number;
  /** The demo's "today"; the clock ends here. */
  today: IsoDate;
  batchSize?: number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface SeedResult {
  subjects: number;
  records: number;
  listEntries: { notified: number; listed: number; dropped: number };
  agencies: Array<{ code: string; name: string; kind: string; apiKey: string; items: string[] }>;
  samples: Samples;
  /** Credit checks run on the samples, each with the agency's feedback. */
  checks: number;
  /** The demo's lenders, with their keys. */
  lenders: SeededLender[];
  /** Borrowers worth a look, each with a lender holding their valid authorisation to inquire. */
  borrowers: SampleBorrower[];
  /** What the lenders furnished (batches, lines), the inquiries they made, and the seconds it took. */
  furnished: { batches: number; lines: number; inquiries: number; seconds: number };
  seconds: number;
}

const ADMIN = { requestId: 'seed', actor: SEED_ADMINISTRATOR };

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

/** The quarter a decision date falls in, as the first day of the following quarter. */
function quarterEnd(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
  return addMonths(`${y}-01-01`, (q + 1) * 3);
}

export async function seed(platform: Platform, clock: FixedClock, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const tz = platform.policy.manifest.timeZone;
  // 10:00 local, or earlier today if it is not 10:00 yet (what follows a seed is never recorded before it).
  const at = (date: IsoDate) => {
    const day = startOfLocalDay(date, tz).getTime();
    clock.set(new Date(Math.max(day, Math.min(day + 10 * 3_600_000, Date.now()))));
  };
  const dataset = generateDataset({ seed: options.seed, subjects: options.subjects, today: options.today, policy: platform.policy });

  // Agencies, registered by the administrator when the history begins; their keys are what the demo hands out.
  const start = addMonths(options.today, -HISTORY_MONTHS);
  at(start);
  const head = await lastRecordedAt(platform.db);
  if (head && head.getTime() > clock.now().getTime()) {
    throw new Error(`seed: the ledger already holds events after ${start}, when the seeded history begins; open the platform at seedOpeningInstant()`);
  }
  const agencies: SeedResult['agencies'] = [];
  const principals = new Map<string, AgencyPrincipal>();
  for (const a of DEMO_AGENCIES) {
    const { agency, apiKey } = await runWithContext(ADMIN, () => platform.agencies.register({ code: a.code, name: a.name, kind: a.kind }));
    agencies.push({ ...agency, apiKey });
    principals.set(a.code, await platform.agencies.authenticate(apiKey));
  }
  const samples = dataset.samples(5);
  // Lenders, registered with the agencies, and their borrowers' history up to the seeded history's start.
  const credit = new LenderSeeder(platform, {
    seed: options.seed,
    subjects: options.subjects,
    today: options.today,
    dataset,
    sampleOrganisations: samples.listed,
  });
  await credit.register();
  await credit.furnishUntil(start, at, start);

  // Pass 1: the generator's records into one file per quarter of decision date.
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-seed-'));
  const files = new Map<IsoDate, WriteStream>();
  let total = 0;
  try {
    for (const r of dataset.records()) {
      const q = quarterEnd(r.record.decision.date);
      let f = files.get(q);
      if (!f) files.set(q, (f = createWriteStream(join(dir, `${q}.ndjson`))));
      if (!f.write(`${JSON.stringify(r)}\n`)) await once(f, 'drain');
      total++;
      if (total % 20_000 === 0) options.onProgress?.({ phase: 'generate', done: total, total: 0 });
    }
    await Promise.all([...files.values()].map((f) => new Promise((res) => f.end(res))));

    // Pass 2: quarter by quarter, in order.
    const listEntries = { notified: 0, listed: 0, dropped: 0 };
    let done = 0;
    const batchSize = options.batchSize ?? 5000;
    for (const q of [...files.keys()].sort()) {
      const day = q < options.today ? addDays(q, -1) : options.today;
      await credit.furnishUntil(day < start ? start : day, at, start);
      at(day < start ? start : day);
      // All agencies' records of the quarter go in transactions of about batchSize records.
      const byAgency = new Map<string, SubmissionLine[]>();
      let pending = 0;
      const flush = async () => {
        const batches = [...byAgency].filter(([, lines]) => lines.length > 0).map(([code, lines]) => ({ agency: principals.get(code)!, lines }));
        byAgency.clear();
        if (batches.length === 0) return;
        await runWithContext({ requestId: 'seed', actor: SEED_ACTOR }, () => platform.intake.submitMany(batches));
        done += pending;
        pending = 0;
        options.onProgress?.({ phase: 'file', done, total });
      };
      const rl = createInterface({ input: createReadStream(join(dir, `${q}.ndjson`)), crlfDelay: Infinity });
      for await (const line of rl) {
        const r = JSON.parse(line) as { agency: string; record: unknown };
        let lines = byAgency.get(r.agency);
        if (!lines) byAgency.set(r.agency, (lines = []));
        lines.push({ line: lines.length + 1, value: r.record });
        if (++pending >= batchSize) await flush();
      }
      await flush();
      const w = await workLists(platform, principals);
      listEntries.notified += w.notified;
      listEntries.listed += w.listed;
      listEntries.dropped += w.dropped;
      await platform.tick();
      // A quarter passes in seconds here; in a store's life, months pass between the list work of
      // one quarter and the next, the dead row versions it left are reclaimed meanwhile, and the
      // planner's statistics follow the tables as they grow.
      await vacuumAnalyze(platform.db);
    }
    // Today: decide what has waited long enough; what was proposed lately stays in its notice period.
    await credit.furnishUntil(options.today, at, start);
    at(options.today);
    const borrowers = await credit.authoriseSamples();
    const w = await workLists(platform, principals);
    listEntries.notified += w.notified;
    listEntries.listed += w.listed;
    listEntries.dropped += w.dropped;
    await platform.tick();
    // Fresh planner statistics (without them the first queries over a bulk load pick poor plans)
    // and a visibility map, so that evaluation reads records by index only.
    await vacuumAnalyze(platform.db);
    const checks = await demoChecks(platform, [...principals.values()], samples);
    return {
      subjects: options.subjects,
      records: total,
      listEntries,
      checks,
      agencies,
      samples,
      lenders: credit.lenders,
      borrowers,
      furnished: { batches: credit.furnished, lines: credit.lines, inquiries: credit.inquired + borrowers.length, seconds: credit.seconds },
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The deciding agencies work through their queues: notify what was proposed; decide what was
 * notified before and whose period to answer has run out (about one in ten proposals is dropped,
 * as statements sometimes succeed). Redlists need no notice and are decided at once.
 */
async function workLists(platform: Platform, principals: Map<string, AgencyPrincipal>): Promise<{ notified: number; listed: number; dropped: number }> {
  const today = platform.policy.localDate(platform.clock.now());
  const rows = await loadEntriesInStates(platform.db, ['proposed', 'notified', 'statement-received']);
  const out = { notified: 0, listed: 0, dropped: 0 };
  const byAgency = new Map<string, Array<{ entryId: string; action: Parameters<Platform['lists']['act']>[2] }>>();
  const push = (agency: string, entryId: string, action: Parameters<Platform['lists']['act']>[2]) => {
    const list = byAgency.get(agency) ?? [];
    list.push({ entryId, action });
    byAgency.set(agency, list);
  };
  for (const r of rows) {
    const def = platform.policy.list(r.list)!;
    const drop = parseInt(r.entryId.slice(-2), 16) % 10 === 0;
    if (r.state === 'proposed' && def.notice.required) {
      push(r.decidingAgency, r.entryId, { type: 'notify', facts: `${def.inclusion.description.zh} 拟列入${def.name.zh}，当事人可在期限内陈述申辩。` });
      out.notified++;
    } else if (
      r.state === 'proposed' ||
      r.state === 'statement-received' ||
      (r.state === 'notified' && r.noticeDeadline !== null && r.noticeDeadline < today)
    ) {
      push(
        r.decidingAgency,
        r.entryId,
        drop
          ? { type: 'decide', outcome: 'drop', reasons: '当事人陈述申辩理由成立，不予列入。' }
          : { type: 'decide', outcome: 'add', reasons: '事实清楚，证据确凿，依法列入。' },
      );
      if (drop) out.dropped++;
      else out.listed++;
    }
  }
  for (const [code, items] of byAgency) {
    const p: Principal = { kind: 'agency', agency: principals.get(code)! };
    await runWithContext({ requestId: 'seed', actor: { id: code, type: 'agency' } }, () => platform.lists.actMany(p, items));
  }
  return out;
}

/**
 * A few credit checks on the sample subjects by the demo agencies, through the real check path,
 * each followed by the agency's feedback (the measures it applied), so that the statistics of
 * measures applied and the subjects' "checks about me" have something to show.
 */
async function demoChecks(platform: Platform, agencies: AgencyPrincipal[], samples: Samples): Promise<number> {
  const scenarios = platform.policy.scenarios.map((s) => s.code);
  let n = 0;
  for (const codes of Object.values(samples) as string[][]) {
    for (const code of codes) {
      for (let i = 0; i < 3; i++, n++) {
        const agency = agencies[n % agencies.length]!;
        const p = { kind: 'agency' as const, agency };
        await runWithContext({ requestId: 'seed', actor: { id: agency.code, type: 'agency' } }, async () => {
          const r = await platform.checks.check(p, { subject: code, scenario: scenarios[(n * 7) % scenarios.length]! });
          const applied = r.measures.filter((m) => !m.suppressed).map((m) => m.code);
          await platform.checks.feedback(p, r.checkId, applied.length > 0 ? { action: 'measures-applied', measures: applied } : { action: 'no-action-needed' });
        });
      }
    }
  }
  return n;
}
