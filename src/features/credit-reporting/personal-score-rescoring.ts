// The daily rescoring of the persons with a score history (personal-score-history.store.ts holds
// the history's rows): the scheduler's tick runs it once a local day.
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { readScoreAsOf } from './credit-report.service.ts';
import { holdScoreOf, recordScore, scoredPersonsAfter } from './personal-score-history.store.ts';

/**
 * The daily rescoring: every person with a history (a score was served about them) is scored as
 * of `today` and a row added where the score changed, whether by data furnished since their
 * latest row or by time alone. A person's history thus begins with the first score served about
 * them and follows every change after it; a report never needs it. One transaction a person, in
 * key order a page at a time. Each holds the person's score before it reads anything (as an
 * inquiry or an own report does), then `hold` (the scheduler's lease, checked after any wait for
 * the score), and reads as of the clock's instant once it holds both: a score served meanwhile is
 * recorded before it or after it, never between its read and its row.
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
    const keys = await scoredPersonsAfter(db, after, page);
    for (const key of keys) {
      const added = await db.transaction(async (tx) => {
        // A rescoring lost with the server is run again, and adds what it lost: its commits need
        // not wait for the disk (the lease's row lock makes each transaction one that writes).
        await tx.exec('SET LOCAL synchronous_commit = off');
        await holdScoreOf(tx, key);
        await options.hold?.(tx);
        const at = clock.now();
        return recordScore(tx, key, await readScoreAsOf(tx, policy, key, today, at), 'rescoring', at);
      });
      if (added) changed++;
    }
    if (keys.length < page) return changed;
    after = keys.at(-1)!;
  }
}
