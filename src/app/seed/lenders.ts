// The demo's lenders, seeded through the real paths: three furnishers registered like any agency,
// each furnishing its synthetic borrowers' history as one batch per month through the furnishing
// service, oldest month first, each on the 5th of the following month (months before the seeded
// history begins are furnished on its first day, as a lender's back book when the platform goes
// live). The seeder calls furnishUntil between its own steps so the ledger's instants run forward;
// a resumed seed skips what its finished steps furnished (skipUntil) and redoes the step a stop
// interrupted, whose batches the furnishing service answers as furnished before.
import type { Platform } from '../platform.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { ensureAgency, type KeyBook } from './agencies.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { assertNever } from '../../domain/assert-never.ts';
import { BorrowerGenerator, type SyntheticAccount, type SyntheticBorrower } from '../../synthetic/borrowers.ts';
import {
  borrowerStories,
  DEMO_LENDERS,
  furnishingDay,
  isAdverseStatement,
  lenderBatches,
  type BorrowerStory,
  type LenderBatch,
} from '../../synthetic/lenders.ts';
import { monthNumber, monthOf } from '../../synthetic/months.ts';
import { pastInquiry, sampleAuthorisations, sampleBorrowers, type BorrowerSample, type SampleBorrower } from './credit-samples.ts';
import type { SyntheticDataset } from '../../synthetic/generator.ts';

export interface SeededLender {
  code: string;
  name: string;
  kind: string;
  apiKey: string;
}

/**
 * Persons among the borrowers for a number of subjects: one in forty, at least 300 and at most
 * 2,000 (a thousand for the demo's 40,000, whose history of about 90,000 lines the lenders furnish
 * in a few seconds; the furnish benchmark, not the seed, measures furnishing at scale); and
 * enterprises, one in twenty persons, at least 15.
 */
export function borrowerCounts(subjects: number): { persons: number; enterprises: number } {
  const persons = Math.min(2_000, Math.max(300, Math.round(subjects / 40)));
  return { persons, enterprises: Math.max(15, Math.round(persons / 20)) };
}

/**
 * Enterprises of the dataset in business and established more than six years before today, the
 * dataset's samples first (so that a sample enterprise's report has public records).
 */
function enterpriseCodes(dataset: SyntheticDataset, count: number, today: IsoDate, first: readonly string[]): string[] {
  const cutoff = `${Number(today.slice(0, 4)) - 6}${today.slice(4)}`;
  const out: string[] = [];
  const fits = new Set<string>();
  for (const s of dataset.subjects()) {
    if (s.kind === 'enterprise' && s.establishedOn !== undefined && s.establishedOn <= cutoff) {
      fits.add(s.code);
      if (first.includes(s.code)) continue;
      out.push(s.code);
      if (out.length >= count + first.length) break;
    }
  }
  return [...first.filter((c) => fits.has(c)), ...out].slice(0, count);
}

export class LenderSeeder {
  readonly lenders: SeededLender[] = [];
  private readonly principals = new Map<string, AgencyPrincipal>();
  private readonly borrowers: SyntheticBorrower[];
  private readonly batches: LenderBatch[];
  private next = 0;
  /** The sample borrowers, and the inquiries in their past: on these days, oldest first. */
  readonly samples: BorrowerSample[];
  private readonly inquiries: Array<{ day: IsoDate; sample: BorrowerSample; n: number }>;
  private nextInquiry = 0;
  /** Lines furnished so far, and the seconds spent furnishing them. */
  lines = 0;
  seconds = 0;

  constructor(
    private readonly platform: Platform,
    options: { seed: number; subjects: number; today: IsoDate; dataset: SyntheticDataset; sampleOrganisations: readonly string[] },
  ) {
    const { persons, enterprises } = borrowerCounts(options.subjects);
    const generator = new BorrowerGenerator({
      seed: options.seed,
      persons,
      enterprises,
      today: options.today,
      enterpriseCodes: enterpriseCodes(options.dataset, enterprises, options.today, options.sampleOrganisations),
    });
    this.borrowers = [...generator.borrowers()];
    this.batches = lenderBatches(this.borrowers, options.today);
    this.samples = [...borrowerStories(this.borrowers, options.today)].map(([story, b]) => sampleOf(story, b));
    // Ten months and three months ago, on the day of that month's batches.
    const month = monthNumber(options.today.slice(0, 7));
    this.inquiries = [10, 3].flatMap((back, n) => this.samples.map((sample) => ({ day: furnishingDay(monthOf(month - back - 1), options.today), sample, n })));
  }

  /** Registers the lenders (by the administrator, at the clock's instant), or takes up those a stopped seed registered. */
  async register(keys?: KeyBook): Promise<void> {
    for (const l of DEMO_LENDERS) {
      const { agency, apiKey, principal } = await ensureAgency(this.platform, { code: l.code, name: l.name, kind: l.kind }, keys);
      this.lenders.push({ code: agency.code, name: agency.name, kind: agency.kind, apiKey });
      this.principals.set(l.code, principal);
    }
  }

  /** Passes over every batch and inquiry due on or before `day`: what a resumed seed's finished steps did. */
  skipUntil(day: IsoDate): void {
    while (this.next < this.batches.length && this.batches[this.next]!.furnishOn <= day) this.lines += this.batches[this.next++]!.lines.length;
    while (this.nextInquiry < this.inquiries.length && this.inquiries[this.nextInquiry]!.day <= day) this.nextInquiry++;
  }

  /** What the whole seed furnishes: batches, lines, and past inquiries. */
  get planned(): { batches: number; lines: number; inquiries: number } {
    return { batches: this.batches.length, lines: this.batches.reduce((n, b) => n + b.lines.length, 0), inquiries: this.inquiries.length };
  }

  principal(code: string): AgencyPrincipal {
    return this.principals.get(code)!;
  }

  /**
   * Furnishes, in order, every batch due on or before `day`, each at its own day (`at` sets the
   * clock, never before `notBefore`), and makes the sample borrowers' past inquiries due by then,
   * after the day's batches.
   */
  async furnishUntil(day: IsoDate, at: (date: IsoDate) => void, notBefore: IsoDate): Promise<void> {
    const started = performance.now();
    for (;;) {
      const b = this.batches[this.next];
      const q = this.inquiries[this.nextInquiry];
      if (q && q.day <= day && (!b || q.day < b.furnishOn)) {
        at(q.day < notBefore ? notBefore : q.day);
        await pastInquiry(this.platform, (code) => this.principal(code), q.sample, q.n);
        this.nextInquiry++;
        continue;
      }
      if (!b || b.furnishOn > day) break;
      this.next++;
      at(b.furnishOn < notBefore ? notBefore : b.furnishOn);
      const furnisher = this.principal(b.lender.code);
      await runWithContext({ requestId: 'seed', actor: { id: furnisher.code, type: 'agency' } }, () =>
        this.platform.furnishing.furnish(
          furnisher,
          b.month,
          b.lines.map((value, i) => ({ line: i + 1, value })),
        ),
      );
      this.lines += b.lines.length;
    }
    this.seconds += (performance.now() - started) / 1000;
  }

  /** Batches furnished so far. */
  get furnished(): number {
    return this.next;
  }

  /** Inquiries made so far. */
  get inquired(): number {
    return this.nextInquiry;
  }

  /** Today, after the last batches: the samples' own lenders' authorisations, valid for a year, each inquired on once. */
  authoriseSamples(): Promise<SampleBorrower[]> {
    return sampleAuthorisations(this.platform, (code) => this.principal(code), this.samples);
  }

  /** The sample borrowers with the authorisations authoriseSamples records (for a seed resumed after it). */
  get sampleBorrowers(): SampleBorrower[] {
    return sampleBorrowers(this.samples);
  }
}

function sampleOf(story: BorrowerStory, b: SyntheticBorrower): BorrowerSample {
  // The lender worth asking: the one whose account tells the story.
  const tells = (a: SyntheticAccount): boolean => {
    switch (story) {
      case 'guarantor':
        return a.type === 'guarantee';
      case 'written-off':
        return a.series.statements.some((s) => s.status === 'B');
      case 'late-and-cured':
      case 'expired-adverse':
        return a.series.statements.some(isAdverseStatement);
      case 'always-current':
      case 'enterprise':
        return true;
      default:
        return assertNever(story, 'borrower story');
    }
  };
  const account = b.accounts.find(tells) ?? b.accounts[0]!;
  return { story, subject: b.id, kind: b.kind, lender: DEMO_LENDERS.find((l) => l.role === account.lender)!.code };
}
