// Inspection planning by tier: the supervision rates of the pack applied to the current tiers
// (overrides included), a draw from a published seed, its population kept and its result in
// the ledger, so that anyone can recompute it and check it is the same.
import { createHash } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { appendAndProject } from '../../ledger/write.ts';
import { parseEvent } from '../../ledger/ledger.ts';
import { copyRows } from '../../store/copy.ts';
import { actorOf, type Principal } from '../../kernel/principal.ts';
import { draw, populationDigest, type DrawResult, type Inspector } from './draw.ts';
import type { InspectionDrawnData } from '../../ledger/events.ts';

export interface DrawRequest {
  seed?: unknown;
  divisionPrefix?: unknown;
  inspectors?: unknown;
}

export class InspectionService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {}

  private async population(divisionPrefix: string | null): Promise<Array<{ subject: string; tier: string }>> {
    const card = this.policy.supervision.scorecard;
    const rows = await this.db.query<{ subject_key: string; tier: string | null }>(
      `SELECT e.subject_key, coalesce(o.tier, e.tier) AS tier FROM evaluation e
       LEFT JOIN evaluation_override o ON o.subject_key = e.subject_key AND o.scorecard = e.scorecard AND o.active
       WHERE e.scorecard = $1 AND ($2::text IS NULL OR substr(e.subject_key, 3, 6) LIKE $2 || '%') ORDER BY e.subject_key`,
      [card, divisionPrefix],
    );
    return rows.map((r) => ({ subject: r.subject_key, tier: r.tier ?? 'not-graded' }));
  }

  async run(p: Principal, req: DrawRequest): Promise<InspectionDrawnData & { perTier: DrawResult['perTier'] }> {
    if (p.kind !== 'account' || p.account.role !== 'administrator') throw new AppError('forbidden', 'inspection draws are run by administrators');
    if (typeof req.seed !== 'string' || req.seed.trim().length < 8) {
      throw new AppError('validation-failed', 'seed is the published random seed (at least 8 characters, e.g. the drawing of a public lottery)', {
        errors: [{ field: 'seed', message: 'is required' }],
      });
    }
    const divisionPrefix = typeof req.divisionPrefix === 'string' && /^\d{2,6}$/.test(req.divisionPrefix) ? req.divisionPrefix : null;
    const inspectors = parseInspectors(req.inspectors);
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
      const exists = await tx.query('SELECT 1 FROM draw_population WHERE draw_id = $1 LIMIT 1', [drawId]);
      if (exists.length > 0)
        throw new AppError('step-refused', `this draw (${drawId}) was already made with the same seed, day and population`, {
          refusal: { code: 'duplicate-draw' },
        });
      await tx.copyIn('draw_population', ['draw_id', 'subject_key', 'tier'], copyRows(population.map((x) => [drawId, x.subject, x.tier])));
      await appendAndProject(tx, [{ type: 'inspection.drawn', subject: null, data }], actorOf(p), this.clock.now());
    });
    return { ...data, perTier: result.perTier };
  }

  async get(drawId: string): Promise<InspectionDrawnData> {
    const rows = await this.db.query<{ payload: string }>("SELECT payload FROM ledger_event WHERE type = 'inspection.drawn' AND payload LIKE $1", [
      `%"drawId":"${drawId.replace(/[^a-z0-9_]/g, '')}"%`,
    ]);
    if (!rows[0]) throw new AppError('not-found', `there is no draw ${drawId}`);
    return (parseEvent(rows[0].payload) as { data: InspectionDrawnData }).data;
  }

  /** Recomputes a draw from its seed and its kept population; the result must be the same. */
  async verify(drawId: string): Promise<{ drawId: string; identical: boolean; populationIntact: boolean; recomputed: number; recorded: number }> {
    const d = await this.get(drawId);
    const pop = await this.db.query<{ subject_key: string; tier: string }>(
      'SELECT subject_key, tier FROM draw_population WHERE draw_id = $1 ORDER BY subject_key',
      [drawId],
    );
    const population = pop.map((r) => ({ subject: r.subject_key, tier: r.tier }));
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

function parseInspectors(v: unknown): Inspector[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    throw new AppError('validation-failed', 'inspectors is a list of {id, conflicts?, excludedDivisions?}', {
      errors: [{ field: 'inspectors', message: 'must be a list' }],
    });
  return v.map((x, i) => {
    const o = x as Record<string, unknown>;
    if (!o || typeof o.id !== 'string')
      throw new AppError('validation-failed', `inspector ${i + 1} needs an id`, { errors: [{ field: `inspectors[${i}].id`, message: 'is required' }] });
    return {
      id: o.id,
      ...(Array.isArray(o.conflicts) ? { conflicts: o.conflicts.filter((c): c is string => typeof c === 'string') } : {}),
      ...(Array.isArray(o.excludedDivisions) ? { excludedDivisions: o.excludedDivisions.filter((c): c is string => typeof c === 'string') } : {}),
    };
  });
}
