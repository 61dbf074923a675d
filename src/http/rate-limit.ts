// A per-client token bucket for the few operations that cost real work per call and are open
// to anyone: issuing a signed report and rendering a PDF. A client is the agency or account
// behind the credentials, else the remote address. Refusals are problem documents
// (`rate-limited`, 429) that say when to try again; nothing is stored for a refused call.
import { AppError } from '../kernel/problems.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /**
   * @param perMinute sustained calls per minute per client, also the burst; 0 turns it off.
   * @param now the clock, in milliseconds (tests pass their own).
   */
  constructor(
    private readonly perMinute: number,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one call for the client, or throws `rate-limited` with the seconds to wait. */
  take(client: string): void {
    if (this.perMinute <= 0) return;
    const now = this.now();
    const refill = this.perMinute / 60_000;
    const b = this.buckets.get(client);
    const tokens = b ? Math.min(this.perMinute, b.tokens + (now - b.at) * refill) : this.perMinute;
    if (tokens < 1) {
      const retryAfterSeconds = Math.ceil((1 - tokens) / refill / 1000);
      throw new AppError('rate-limited', `at most ${this.perMinute} ${this.what} per minute per client; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    }
    // Forget idle clients rather than grow without bound (a full bucket is the default anyway).
    if (!b && this.buckets.size >= 100_000) this.buckets.clear();
    this.buckets.set(client, { tokens: tokens - 1, at: now });
  }
}
