// Runs the scheduler in one server process at a time among those sharing a store. Every process
// beats every third of a lease: the holder renews its lease, the others try to take it, which
// succeeds once the holder's has run out (it stopped, died, or was paused past it). The holder
// runs the work when it takes the lease and then every `everyMs`; the work checks the lease
// between its steps and inside its transactions, so a holder that lost it stops before doing more.
// runOnceUnderLease runs the work once under the same lease outside a server (the CLI's tick).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { holdsLease, markDailyEvaluation, readLease, releaseLease, takeLease, type Lease } from './lease.store.ts';

/** The lease row the scheduler's processes share. */
export const SCHEDULER_LEASE = 'scheduler';

/** The work found the lease lost (taken over, run out, or the server stopping): it stops there. */
export class LeaseLost extends Error {
  constructor() {
    super('the scheduler lease is no longer held');
    this.name = 'LeaseLost';
  }
}

/** Another process holds the lease (a server's scheduler): a one-off run refuses, running nothing. */
export class LeaseHeld extends Error {
  constructor(
    readonly holder: string | null,
    readonly until: Date | null,
  ) {
    super(
      `the scheduler lease is held by ${holder ?? 'another process'} until ${until?.toISOString() ?? 'it is given up'}: ` +
        'a server runs the scheduler (leave the work to it), or run this again once the lease is free',
    );
    this.name = 'LeaseHeld';
  }
}

/** What the scheduled work asks of the lease it runs under. */
export interface LeaseGuard {
  /** Throws LeaseLost unless the lease still holds by this process's knowledge (between steps). */
  check(): void;
  /**
   * Inside a transaction of the work: throws LeaseLost unless the store says the lease holds,
   * and keeps it from being taken over until that transaction ends.
   */
  hold(tx: Queryable): Promise<void>;
  /**
   * The local day whose daily work (the tick's rescoring, then the evaluation of every subject)
   * completed last, under any holder.
   */
  dailyEvaluationOn(): IsoDate | null;
  /** Records that the daily work of `day` completed (throws LeaseLost if the lease no longer holds). */
  markDailyEvaluation(day: IsoDate): Promise<void>;
}

export interface SchedulerOptions {
  /** The lease's length: a holder that stops renewing is replaced after at most this and a third. */
  leaseMs: number;
  /** Between runs while the lease is held (elapsed time); 0: only when it is taken. */
  everyMs: number;
  /** This process among the lease's holders (the default names host, process and a random part). */
  holder?: string;
}

export class Scheduler {
  readonly holder: string;
  private lease: Lease | null = null;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private run: Promise<void> | null = null;
  private lastRunAt = -Infinity;
  private cutShort = false;
  private stopping = false;
  private reported: string | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: SchedulerOptions,
    private readonly work: (guard: LeaseGuard) => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {
    this.holder = options.holder ?? defaultHolder();
  }

  /** Whether this process holds the lease, as far as it knows. */
  get holding(): boolean {
    return this.lease !== null && this.clock.now() < this.lease.expiresAt;
  }

  /** Beats now, then every third of the lease. */
  start(): void {
    if (this.timer || this.stopping) return;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), Math.max(1, Math.floor(this.options.leaseMs / 3)));
    this.timer.unref();
  }

  /** Stops beating, lets a run under way stop at its next step, and gives the lease up. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    await this.run;
    const lease = this.lease;
    this.lease = null;
    if (lease) await releaseLease(this.db, lease).catch(this.onError);
  }

  /** Takes or renews the lease, and starts a run if one is due; resolves when the lease is settled, not the run. */
  beat(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    // A store that stays unreachable is reported once, not at every beat, until the failure changes.
    this.beating ??= this.renew()
      .then(
        () => void (this.reported = null),
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          if (message !== this.reported) this.onError(err);
          this.reported = message;
        },
      )
      .finally(() => (this.beating = null));
    return this.beating;
  }

  /** Resolves when no run is under way. */
  async idle(): Promise<void> {
    await this.run;
  }

  private async renew(): Promise<void> {
    // A store that does not answer leaves the lease as known: it runs out by the clock.
    const lease = await takeLease(this.db, SCHEDULER_LEASE, this.holder, () => this.clock.now(), this.options.leaseMs);
    if (this.stopping) {
      if (lease) await releaseLease(this.db, lease);
      return;
    }
    const taken = lease !== null && this.lease?.term !== lease.term;
    this.lease = lease;
    if (!lease || this.run) return;
    // The period is elapsed time, as a timer's: the lease's times are the clock's (which tests move).
    // A run cut short by a lease lost is run again as soon as the lease is held, not a period later.
    const due = taken || this.cutShort || (this.options.everyMs > 0 && performance.now() - this.lastRunAt >= this.options.everyMs);
    if (!due) return;
    this.lastRunAt = performance.now();
    this.cutShort = false;
    this.run = this.work(this.guard(lease.term))
      .catch((err: unknown) => {
        if (err instanceof LeaseLost) this.cutShort = true;
        else this.onError(err);
      })
      .finally(() => (this.run = null));
  }

  /** The guard of a run begun under `term`. */
  private guard(term: number): LeaseGuard {
    return leaseGuard(this.db, this.clock, () => (this.stopping ? null : this.lease), term);
  }
}

const defaultHolder = () => `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;

/** The guard of work begun under `term` of the lease `current()` answers (null: lost or stopping). */
function leaseGuard(db: Database, clock: Clock, current: () => Lease | null, term: number): LeaseGuard {
  const check = () => {
    const l = current();
    if (!l || l.term !== term || clock.now() >= l.expiresAt) throw new LeaseLost();
    return l;
  };
  return {
    check: () => void check(),
    hold: async (tx) => {
      const l = check();
      if (!(await holdsLease(tx, l, clock.now()))) throw new LeaseLost();
    },
    dailyEvaluationOn: () => current()?.dailyEvaluationOn ?? null,
    markDailyEvaluation: async (day) => {
      const l = check();
      if (!(await markDailyEvaluation(db, l, day, clock.now()))) throw new LeaseLost();
      const now = current();
      if (now?.term === term) now.dailyEvaluationOn = day;
    },
  };
}

/**
 * Runs `work` once under the lease, as a server's scheduler runs it (the CLI's tick beside servers
 * sharing the store): takes the lease, renews it every third of `leaseMs` while the work runs, and
 * gives it up at the end. Throws LeaseHeld, running nothing, while another process holds it.
 */
export async function runOnceUnderLease<T>(
  db: Database,
  clock: Clock,
  options: { leaseMs: number; holder?: string },
  work: (guard: LeaseGuard) => Promise<T>,
): Promise<T> {
  const holder = options.holder ?? defaultHolder();
  let lease = await takeLease(db, SCHEDULER_LEASE, holder, () => clock.now(), options.leaseMs);
  if (!lease) {
    const held = await readLease(db, SCHEDULER_LEASE);
    throw new LeaseHeld(held?.holder ?? null, held?.expiresAt ?? null);
  }
  const term = lease.term;
  let renewing = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewing.then(async () => {
        if (!lease) return;
        // A store that does not answer leaves the lease as known: it runs out by the clock.
        const renewed = await takeLease(db, SCHEDULER_LEASE, holder, () => clock.now(), options.leaseMs).catch(() => lease);
        if (renewed && renewed.term !== term) await releaseLease(db, renewed).catch(() => undefined);
        lease = renewed?.term === term ? renewed : null;
      });
    },
    Math.max(1, Math.floor(options.leaseMs / 3)),
  );
  timer.unref();
  try {
    return await work(leaseGuard(db, clock, () => lease, term));
  } finally {
    clearInterval(timer);
    await renewing;
    const last = lease as Lease | null;
    lease = null;
    if (last) await releaseLease(db, last);
  }
}
