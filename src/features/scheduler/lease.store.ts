// The lease that gives one server process at a time the scheduler (migration 32): taken and
// renewed under a row lock, checked inside the work's own transactions, given up at a stop.
// Time is the caller's clock (an argument), so tests drive expiry without waiting; servers that
// share a store need clocks that agree to well within a lease.
import type { Database, Queryable } from '../../store/database.ts';
import type { IsoDate } from '../../domain/dates.ts';

/** A lease as its holder knows it: the term it took, and until when it holds it. */
export interface Lease {
  name: string;
  holder: string;
  /** Counts the takeovers: a renewal answering another term means the lease was lost meanwhile. */
  term: number;
  expiresAt: Date;
  /** The local day whose daily evaluation completed last, under any holder. */
  dailyEvaluationOn: IsoDate | null;
}

interface LeaseRow {
  name: string;
  holder: string | null;
  term: number;
  expires_at: Date | null;
  daily_evaluation_on: string | null;
  [k: string]: unknown;
}

const COLUMNS = 'name, holder, term, expires_at, daily_evaluation_on';

function fromRow(r: LeaseRow): Lease {
  return { name: r.name, holder: r.holder ?? '', term: r.term, expiresAt: new Date(r.expires_at!), dailyEvaluationOn: r.daily_evaluation_on };
}

/**
 * Takes the lease, or renews it for its holder, until `ms` after the time it is written: it
 * succeeds when the lease is free, held by `holder`, or past its expiry, and answers null when
 * another holds it. A takeover (any holder other than `holder` before) starts a new term.
 *
 * `now` is read after each lock is granted, not before, so a lease taken after a wait does not
 * start out shorter, or already run out. The row is locked FOR NO KEY UPDATE first, which waits
 * only for another taker; a renewal then changes expires_at alone, which does not wait for the
 * holder's own work holding the row FOR KEY SHARE (holdsLease). A takeover changes term, part of
 * a unique key (migration 32), so it locks the row FOR UPDATE, which waits for that work to end.
 */
export async function takeLease(db: Database, name: string, holder: string, now: () => Date, ms: number): Promise<Lease | null> {
  return db.transaction(async (tx) => {
    const lock = (strength: string) => tx.query<LeaseRow>(`SELECT ${COLUMNS} FROM scheduler_lease WHERE name = $1 FOR ${strength}`, [name]);
    let [row] = await lock('NO KEY UPDATE');
    if (!row) {
      // A lease no one has taken yet is made; then, like any other, taken if still free.
      await tx.query('INSERT INTO scheduler_lease (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
      [row] = await lock('NO KEY UPDATE');
    }
    if (!row) return null;
    if (row.holder === holder) {
      const [renewed] = await tx.query<LeaseRow>(`UPDATE scheduler_lease SET expires_at = $2 WHERE name = $1 RETURNING ${COLUMNS}`, [
        name,
        new Date(now().getTime() + ms),
      ]);
      return fromRow(renewed!);
    }
    if (row.holder !== null && row.expires_at !== null && new Date(row.expires_at) > now()) return null;
    // Free or run out: no one else can renew or take it while this lock is held, so it stays so.
    await lock('UPDATE');
    const at = now();
    const [taken] = await tx.query<LeaseRow>(
      `UPDATE scheduler_lease SET term = term + 1, taken_at = $3, holder = $2, expires_at = $4 WHERE name = $1 RETURNING ${COLUMNS}`,
      [name, holder, at, new Date(at.getTime() + ms)],
    );
    return fromRow(taken!);
  });
}

/**
 * Whether `lease` still holds at `now`, read inside the caller's transaction with the row locked
 * FOR KEY SHARE: a takeover, which changes the term, then waits until that transaction ends, so
 * work it commits was done under the lease, and work begun after a takeover finds it lost; the
 * holder's renewal, which changes only the expiry, does not wait for it.
 */
export async function holdsLease(tx: Queryable, lease: Pick<Lease, 'name' | 'holder' | 'term'>, now: Date): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM scheduler_lease WHERE name = $1 AND holder = $2 AND term = $3 AND expires_at > $4 FOR KEY SHARE', [
    lease.name,
    lease.holder,
    lease.term,
    now,
  ]);
  return rows.length > 0;
}

/** Gives the lease up (a stopping server), so another takes it at once; nothing if it was lost already. */
export async function releaseLease(q: Queryable, lease: Pick<Lease, 'name' | 'holder' | 'term'>): Promise<void> {
  await q.query("UPDATE scheduler_lease SET holder = NULL, expires_at = NULL WHERE name = $1 AND holder = $2 AND term = $3", [lease.name, lease.holder, lease.term]);
}

/** Records that the daily evaluation of `day` completed, if `lease` still holds at `now`; answers whether it did. */
export async function markDailyEvaluation(q: Queryable, lease: Pick<Lease, 'name' | 'holder' | 'term'>, day: IsoDate, now: Date): Promise<boolean> {
  const rows = await q.query('UPDATE scheduler_lease SET daily_evaluation_on = $4 WHERE name = $1 AND holder = $2 AND term = $3 AND expires_at > $5 RETURNING 1', [
    lease.name,
    lease.holder,
    lease.term,
    day,
    now,
  ]);
  return rows.length > 0;
}

/** The lease as the store has it (for operators and tests); null when never taken. */
export async function readLease(q: Queryable, name: string): Promise<{ holder: string | null; term: number; expiresAt: Date | null; dailyEvaluationOn: IsoDate | null } | null> {
  const [r] = await q.query<LeaseRow>(`SELECT ${COLUMNS} FROM scheduler_lease WHERE name = $1`, [name]);
  return r ? { holder: r.holder, term: r.term, expiresAt: r.expires_at && new Date(r.expires_at), dailyEvaluationOn: r.daily_evaluation_on } : null;
}
