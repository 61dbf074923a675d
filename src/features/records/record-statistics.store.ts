// The records' published aggregates: decisions per category and year.
import type { Queryable } from '../../store/database.ts';
import type { IsoDate } from '../../domain/dates.ts';

export type CategoryYearCount = { category: string; year: number; n: number };

/** Records decided on or after `from`, counted by category and year of decision. */
export function countByCategoryAndYear(q: Queryable, from: IsoDate): Promise<CategoryYearCount[]> {
  return q.query<CategoryYearCount>(
    `SELECT category, extract(year FROM decision_date)::int AS year, count(*)::int AS n FROM credit_record_view
     WHERE decision_date >= $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [from],
  );
}
