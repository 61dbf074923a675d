// The build of the account histories (migration 41): each account's months packed into one row
// (domain/credit-reporting/account-history.ts), so that a report reads a borrower's whole history
// in one index scan and adds only the statements furnished since, from the months they are of,
// where it read every month's partition.
//
// A build takes in the months compacted so far (statement-compaction.ts; their statements lie in
// borrower order, so a part of the borrowers is read from a few pages of each month) and the
// restatements of earlier months, into the histories of the last build, borrowers a part at a
// time in one transaction that sees one snapshot: a new set of histories written beside the old,
// then swapped in with the marks of what it saw. Batches go on meanwhile; readers read the old
// histories until the swap, and wait at most for the swap itself. It runs once a month has been
// compacted, after the compaction (the scheduler's daily work). A history scored from its statuses
// alone is marked with its last balance (score-attributes.ts, plainHistory), and each person's
// accounts as a score reads them are written into one row beside the histories (migration 47,
// domain/credit-reporting/score-input.ts), so that a score of every person reads a row a person
// (bulk-score.ts). Not on Citus, where months are not compacted:
// reports there read the statements. account-history.store.ts holds its statements.
import type { Database, Queryable } from '../../store/database.ts';
import { mergeHistories, spreadHistory } from '../../domain/credit-reporting/account-history.ts';
import { plainHistory, type PackedAccount } from '../../domain/credit-reporting/score-attributes.ts';
import { encodeScoreInput } from '../../domain/credit-reporting/score-input.ts';
import { isPersonKey } from '../../domain/records.ts';
import {
  beginNextHistories,
  borrowersBound,
  historiesBetween,
  historyMarks,
  holdBuild,
  lastBatches,
  restatedMonths,
  takenInBetween,
  swapInHistories,
  vacuumHistories,
  writeNextHistories,
  writeNextScoreInputs,
  type BuiltHistory,
  type TakenIn,
  type StoredHistory,
} from './account-history.store.ts';
import { accountsBetween, type ScoredAccountRow } from './bulk-score.store.ts';
import { statementMonths, useOneSnapshot, type LockWait } from './statement-compaction.store.ts';

export interface HistoryBuild {
  /** The last month taken in, YYYY-MM. */
  throughMonth: string;
  /** The months whose statements it took in (after the last build's, and restated ones). */
  months: string[];
  accounts: number;
  statements: number;
}

export interface HistoryBuildOptions extends LockWait {
  /** Held at the start of the build's transaction (the scheduler's lease). */
  hold?: (tx: Queryable) => Promise<void>;
  /** Borrowers a part. */
  part?: number;
  /** Called once the new histories are written, before the swap (tests start another build meanwhile). */
  beforeSwap?: () => Promise<void>;
}

/** The last month such that it and every month before it with statements is compacted, or null. */
async function compactedThrough(q: Queryable): Promise<string | null> {
  let through: string | null = null;
  for (const m of await statementMonths(q)) {
    if (!m.compacted) break;
    through = m.month;
  }
  return through;
}

/**
 * Builds the histories anew when a month has been compacted since the last build (or none was
 * made), and returns what it took in; null when there was nothing to take in, 'deferred' when
 * readers kept the histories busy through every attempt of the swap (the next run builds again).
 */
export async function buildAccountHistories(db: Database, now: () => Date, options: HistoryBuildOptions = {}): Promise<HistoryBuild | null | 'deferred'> {
  if (db.kind === 'citus') return null;
  const part = options.part ?? 2000;
  const built = await db
    .transaction(async (tx) => {
      await useOneSnapshot(tx, db.kind === 'postgres');
      await options.hold?.(tx);
      if (!(await holdBuild(tx))) return null;
      const through = await compactedThrough(tx);
      const [mark] = await historyMarks(tx);
      const since = mark?.throughMonth ?? null;
      if (through === null || (since !== null && through <= since)) return null;
      const restated = since === null ? [] : await restatedMonths(tx, since);
      const months = [...restated, ...(await statementMonths(tx)).map((m) => m.month).filter((m) => (since === null || m > since) && m <= through)];
      const seen = await lastBatches(tx);
      await beginNextHistories(tx);
      let accounts = 0;
      let statements = 0;
      for (let after = ''; ;) {
        const bound = await borrowersBound(tx, after, part);
        const histories = await historiesBetween(tx, after, bound);
        const newer = await takenInBetween(tx, after, bound, months, since);
        const next = merged(histories, newer).map((h) => ({ ...h, plainLastBalanceFen: plainHistory(h)?.lastBalanceFen ?? null }));
        await writeNextHistories(tx, next);
        await writeNextScoreInputs(tx, scoreInputs(await accountsBetween(tx, after, bound), next));
        accounts += next.length;
        for (const n of newer) statements += n.months.length;
        if (bound === null) break;
        after = bound;
      }
      // The lease is held from the first statement (its row locked until the commit), so no
      // other process takes it while the build runs; it is not read again here, where the
      // snapshot would show it as it was then.
      await options.beforeSwap?.();
      const at = now();
      const marks = seen.map((b) => ({ ...b, throughMonth: through, builtAt: at.toISOString() }));
      // Rolled back when the histories stay busy: the table written is dropped with it.
      if (!(await swapInHistories(tx, marks, at, options))) throw HISTORIES_BUSY;
      return { throughMonth: through, months, accounts, statements };
    })
    .catch((err: unknown) => {
      if (err === HISTORIES_BUSY) return 'deferred' as const;
      throw err;
    });
  // The build is committed: a vacuum that fails leaves the histories as built, for autovacuum to visit.
  if (built && built !== 'deferred') await vacuumHistories(db).catch(() => undefined);
  return built;
}

const HISTORIES_BUSY = Symbol('the account histories stayed busy');

/** A borrower's account as one key: 'borrower\nfurnisher\naccount'. */
const accountKey = (h: { borrowerKey: string; furnisher: string; accountId: string }) => `${h.borrowerKey}\n${h.furnisher}\n${h.accountId}`;

/** The histories of a part of the borrowers with what was taken in: each account's, in borrower order. */
function merged(histories: readonly StoredHistory[], newer: readonly TakenIn[]): StoredHistory[] {
  const byAccount = new Map(newer.map((n) => [accountKey(n), n]));
  const out: StoredHistory[] = [];
  for (const h of histories) {
    const key = accountKey(h);
    const taken = byAccount.get(key);
    byAccount.delete(key);
    out.push(taken ? { ...h, ...mergeHistories(h, spreadHistory(taken.months, taken.statuses, taken.figures)) } : h);
  }
  for (const n of byAccount.values())
    out.push({ borrowerKey: n.borrowerKey, furnisher: n.furnisher, accountId: n.accountId, ...spreadHistory(n.months, n.statuses, n.figures) });
  return out.sort((a, b) => byText(a.borrowerKey, b.borrowerKey) || byText(a.furnisher, b.furnisher) || byText(a.accountId, b.accountId));
}

/**
 * Each person's accounts (their current versions, in borrower order) with their built histories,
 * as a score reads them: one text a person.
 */
function scoreInputs(accounts: readonly ScoredAccountRow[], histories: readonly BuiltHistory[]): Array<{ borrowerKey: string; accounts: string }> {
  const historyOf = new Map(histories.map((h) => [accountKey(h), h]));
  const out: Array<{ borrowerKey: string; accounts: string }> = [];
  let person: string | null = null;
  let own: PackedAccount[] = [];
  const flush = () => {
    if (person !== null) out.push({ borrowerKey: person, accounts: encodeScoreInput(own) });
  };
  for (const a of accounts) {
    if (!isPersonKey(a.borrowerKey)) continue;
    if (a.borrowerKey !== person) {
      flush();
      person = a.borrowerKey;
      own = [];
    }
    const h = historyOf.get(accountKey(a));
    const history =
      h === undefined
        ? null
        : h.plainLastBalanceFen !== null
          ? { firstMonth: h.firstMonth, statuses: h.statuses, lastBalanceFen: h.plainLastBalanceFen }
          : { firstMonth: h.firstMonth, statuses: h.statuses, figures: h.figures };
    own.push({ type: a.type, openedOn: a.openedOn, limitFen: a.limitFen, history });
  }
  flush();
  return out;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
