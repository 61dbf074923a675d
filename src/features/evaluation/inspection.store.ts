// The SQL of inspection draws: the population drawn from (current tiers with overrides), the
// population each draw keeps, and the draw's ledger event.
import type { Queryable } from '../../store/database.ts';
import { copyRows } from '../../store/copy.ts';
import { namesFiledRecord } from './evaluation.store.ts';
import { platformEvents } from '../../ledger/ledger.ts';
import type { LedgerEvent } from '../../ledger/events.ts';

/**
 * The subjects a scorecard evaluated, with the tier in force (an override's, else the computed
 * one), in key order; with filedOnly, only the results that name the record an authority filed.
 */
export async function tierPopulation(
  q: Queryable,
  of: { scorecard: string; divisionPrefix: string | null; filedOnly: boolean },
): Promise<Array<{ subject: string; tier: string | null }>> {
  const rows = await q.query<{ subject_key: string; tier: string | null }>(
    `SELECT e.subject_key, coalesce(o.tier, e.tier) AS tier FROM evaluation e
     LEFT JOIN evaluation_override o ON o.subject_key = e.subject_key AND o.scorecard = e.scorecard AND o.active
     WHERE e.scorecard = $1 AND ($2::text IS NULL OR substr(e.subject_key, 3, 6) LIKE $2 || '%')
       AND (NOT $3::boolean OR ${namesFiledRecord('e.factors')})
     ORDER BY e.subject_key`,
    [of.scorecard, of.divisionPrefix, of.filedOnly],
  );
  return rows.map((r) => ({ subject: r.subject_key, tier: r.tier }));
}

export async function drawExists(q: Queryable, drawId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM draw_population WHERE draw_id = $1 LIMIT 1', [drawId])).length > 0;
}

/** Keeps the population a draw was made from, so that anyone can recompute it. */
export async function keepPopulation(q: Queryable, drawId: string, population: ReadonlyArray<{ subject: string; tier: string }>): Promise<void> {
  await q.copyIn('draw_population', ['draw_id', 'subject_key', 'tier'], copyRows(population.map((x) => [drawId, x.subject, x.tier])));
}

/** The population kept for a draw, in key order. */
export async function keptPopulation(q: Queryable, drawId: string): Promise<Array<{ subject: string; tier: string }>> {
  const rows = await q.query<{ subject_key: string; tier: string }>('SELECT subject_key, tier FROM draw_population WHERE draw_id = $1 ORDER BY subject_key', [
    drawId,
  ]);
  return rows.map((r) => ({ subject: r.subject_key, tier: r.tier }));
}

/** The ledger event that recorded a draw. */
export async function drawEvent(q: Queryable, drawId: string): Promise<LedgerEvent | undefined> {
  return (await platformEvents(q, 'inspection.drawn')).find((e) => (e.data as { drawId?: unknown }).drawId === drawId);
}
