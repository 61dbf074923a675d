// Inspection planning by tier: the supervision rates of the pack applied to the current tiers
// the platform shows (overrides included), a draw from a published seed, its population kept and
// its result in the ledger, so that anyone can recompute it and check it is the same.
import { createHash } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { actorOf, type Principal } from '../../kernel/principal.ts';
import { draw, populationDigest, type DrawResult } from './draw.ts';
import type { InspectionDrawnData } from '../../ledger/events.ts';
import type { DrawRequest } from './evaluation.schemas.ts';
import { drawEvent, drawExists, keepPopulation, keptPopulation, tierPopulation } from './inspection.store.ts';
import { showsOnlyFiled } from './slice.ts';

export type { DrawRequest };

export class InspectionService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {}

  /**
   * The subjects drawn from, each with its tier: only results the platform shows as the
   * scorecard's (see showsOnlyFiled), so a draw by an authority's grade never draws on a score the
   * platform computed under its code.
   */
  private async population(divisionPrefix: string | null): Promise<Array<{ subject: string; tier: string }>> {
    const scorecard = this.policy.supervision.scorecard;
    const rows = await tierPopulation(this.db, { scorecard, divisionPrefix, filedOnly: showsOnlyFiled(this.policy.scorecard(scorecard)) });
    return rows.map((r) => ({ subject: r.subject, tier: r.tier ?? 'not-graded' }));
  }

  async run(p: Principal, req: DrawRequest): Promise<InspectionDrawnData & { perTier: DrawResult['perTier'] }> {
    if (p.kind !== 'account' || p.account.role !== 'administrator') throw new AppError('forbidden', 'inspection draws are run by administrators');
    if (req.seed.trim().length < 8) {
      throw new AppError('validation-failed', 'seed is the published random seed (at least 8 characters, e.g. the drawing of a public lottery)', {
        errors: [{ field: 'seed', message: 'is required' }],
      });
    }
    const divisionPrefix = req.divisionPrefix !== undefined && /^\d{2,6}$/.test(req.divisionPrefix) ? req.divisionPrefix : null;
    const inspectors = req.inspectors ?? [];
    const date = this.policy.localDate(this.clock.now());
    const population = await this.population(divisionPrefix);
    if (population.length === 0)
      throw new AppError('step-refused', 'no evaluated subjects to draw from: run xinyong evaluate --all first', { refusal: { code: 'empty-population' } });
    const rates = Object.fromEntries(this.policy.supervision.rates.map((r) => [r.tier, r.rate]));
    const result = draw({ seed: req.seed, date, population, rates, inspectors });
    const card = this.policy.scorecard(this.policy.supervision.scorecard)!;
    const drawId = `drw_${createHash('sha256').update(`${req.seed}|${date}|${result.populationDigest}`).digest('hex').slice(0, 20)}`;
    const data: InspectionDrawnData = {
      date,
      divisionPrefix,
      drawId,
      inspectors: inspectors.map((i) => ({
        ...(i.conflicts ? { conflicts: i.conflicts } : {}),
        ...(i.excludedDivisions ? { excludedDivisions: i.excludedDivisions } : {}),
        id: i.id,
      })),
      populationDigest: result.populationDigest,
      populationSize: population.length,
      rates,
      scorecard: card.code,
      seed: req.seed,
      selected: result.selected.map((s) => ({ inspector: s.inspector, subject: s.subject, tier: s.tier })),
      version: card.version,
    };
    await this.db.transaction(async (tx) => {
      if (await drawExists(tx, drawId))
        throw new AppError('step-refused', `this draw (${drawId}) was already made with the same seed, day and population`, {
          refusal: { code: 'duplicate-draw' },
        });
      await keepPopulation(tx, drawId, population);
      await appendAndProject(tx, [{ type: 'inspection.drawn', subject: null, data }], actorOf(p), this.clock.now());
    });
    return { ...data, perTier: result.perTier };
  }

  async get(drawId: string): Promise<InspectionDrawnData> {
    const event = await drawEvent(this.db, drawId);
    if (event === undefined) throw new AppError('not-found', `there is no draw ${drawId}`);
    return event.data as InspectionDrawnData;
  }

  /** Recomputes a draw from its seed and its kept population; the result must be the same. */
  async verify(drawId: string): Promise<{ drawId: string; identical: boolean; populationIntact: boolean; recomputed: number; recorded: number }> {
    const d = await this.get(drawId);
    const population = await keptPopulation(this.db, drawId);
    const again = draw({ seed: d.seed, date: d.date, population, rates: d.rates, inspectors: d.inspectors });
    const same = (a: DrawResult['selected'], b: DrawResult['selected']) =>
      a.length === b.length && a.every((x, i) => x.subject === b[i]!.subject && x.tier === b[i]!.tier && x.inspector === b[i]!.inspector);
    return {
      drawId,
      identical: same(again.selected, d.selected),
      populationIntact: populationDigest(population) === d.populationDigest,
      recomputed: again.selected.length,
      recorded: d.selected.length,
    };
  }
}
