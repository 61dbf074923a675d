// The daily rescoring of the persons with a score history (personal-score-history.store.ts holds
// the history's rows): the scheduler's tick runs it once a local day.
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { readScoreAsOf } from './credit-report.service.ts';
import { recordScore, scoredPersonsAfter } from './personal-score-history.store.ts';

/**
 * The daily rescoring: every person with a history (a score was served about them) is scored as
 * of `today` and a row added where the score changed, whether by data furnished since their
 * latest row or by time alone. A person's history thus begins with the first score served about
 * them and follows every change after it; a report never needs it. A page of persons per
 * transaction; `hold` runs first in each (the scheduler's lease). Each person is read as of the
 * clock's instant when their turn comes, not the run's start: an inquiry or own report recorded
 * meanwhile is then part of what is read, or, recorded after it, left as the newer row.
 */
export async function rescorePersons(
  db: Database,
  policy: Policy,
  today: string,
  clock: Clock,
  options: { page?: number; hold?: (q: Queryable) => Promise<void> } = {},
): Promise<number> {
  const page = options.page ?? 500;
  let after = '';
  let changed = 0;
  for (;;) {
    const { n, last } = await db.transaction(async (tx) => {
      await options.hold?.(tx);
      const keys = await scoredPersonsAfter(tx, after, page);
      let n = 0;
      for (const key of keys) {
        const at = clock.now();
        if (await recordScore(tx, key, await readScoreAsOf(tx, policy, key, today, at), 'rescoring', at)) n++;
      }
      return { n, last: keys.length < page ? null : keys.at(-1)! };
    });
    changed += n;
    if (last === null) return changed;
    after = last;
  }
}
