// A per-client token bucket for the few operations that cost real work per call or can be
// abused by anyone: issuing a signed report and rendering a PDF (the client is the agency or
// account behind the credentials, else the remote address), and failed logins (the client is
// the remote address). Refusals are problem documents (`rate-limited`, 429) that say when to try
// again; nothing is stored for a refused call.
import { AppError } from '../kernel/problems.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /**
   * @param perPeriod calls per period per client, also the burst; 0 turns it off.
   * @param now the clock, in milliseconds (tests pass their own).
   * @param minutes the period, over which an empty bucket fills again.
   */
  constructor(
    private readonly perPeriod: number,
    private readonly what: string,
    private readonly now: () => number = Date.now,
    private readonly minutes = 1,
  ) {}

  private get refill(): number {
    return this.perPeriod / (this.minutes * 60_000);
  }

  private tokens(b: Bucket | undefined, now: number): number {
    return b ? Math.min(this.perPeriod, b.tokens + (now - b.at) * this.refill) : this.perPeriod;
  }

  /** Takes one call for the client, or throws `rate-limited` with the seconds to wait. */
  take(client: string): void {
    if (this.perPeriod <= 0) return;
    const now = this.now();
    const b = this.buckets.get(client);
    const tokens = this.tokens(b, now);
    if (tokens < 1) {
      const retryAfterSeconds = Math.ceil((1 - tokens) / this.refill / 1000);
      const period = this.minutes === 1 ? 'minute' : `${this.minutes} minutes`;
      throw new AppError('rate-limited', `at most ${this.perPeriod} ${this.what} per ${period} per client; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    }
    // Forget idle clients rather than grow without bound (a full bucket is the default anyway).
    if (!b && this.buckets.size >= 100_000) this.buckets.clear();
    this.buckets.set(client, { tokens: tokens - 1, at: now });
  }

  /** Gives back a call taken for the client that turned out not to count (a login that succeeded). */
  giveBack(client: string): void {
    const b = this.buckets.get(client);
    if (this.perPeriod <= 0 || !b) return;
    const now = this.now();
    this.buckets.set(client, { tokens: Math.min(this.perPeriod, this.tokens(b, now) + 1), at: now });
  }
}
