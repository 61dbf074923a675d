// The SQL of inspection draws: the population drawn from (current tiers with overrides), the
// population each draw keeps, and the draw's ledger event.
import type { Queryable } from '../../store/database.ts';
import { copyRows } from '../../store/copy.ts';
import { namesFiledRecord } from './evaluation.store.ts';

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

/** The payload of the ledger event that recorded a draw (ids are [a-z0-9_]: anything else is dropped). */
export async function drawEventPayload(q: Queryable, drawId: string): Promise<string | undefined> {
  const rows = await q.query<{ payload: string }>("SELECT payload FROM ledger_entry WHERE log = 0 AND type = 'inspection.drawn' AND payload LIKE $1", [
    `%"drawId":"${drawId.replace(/[^a-z0-9_]/g, '')}"%`,
  ]);
  return rows[0]?.payload;
}
