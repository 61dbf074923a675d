// The per-client token bucket: a burst of perMinute calls, then one call per 60/perMinute
// seconds; clients are independent; 0 turns the limit off.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/http/rate-limit.ts';
import { AppError } from '../../src/kernel/problems.ts';

function refusal(fn: () => void): AppError | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

describe('RateLimiter', () => {
  it('allows a burst of perMinute calls, then refuses with the seconds until the next token', () => {
    let now = 1_000_000;
    const limit = new RateLimiter(6, 'reports', () => now); // one token every 10 s
    for (let i = 0; i < 6; i++) expect(refusal(() => limit.take('a'))).toBeNull();
    const err = refusal(() => limit.take('a'))!;
    expect(err.code).toBe('rate-limited');
    expect(err.status).toBe(429);
    expect(err.extensions.retryAfterSeconds).toBe(10);
    now += 4_000;
    expect(refusal(() => limit.take('a'))!.extensions.retryAfterSeconds).toBe(6);
    now += 6_000;
    expect(refusal(() => limit.take('a'))).toBeNull();
    expect(refusal(() => limit.take('a'))).not.toBeNull();
  });

  it('keeps clients apart and never refills beyond the burst', () => {
    let now = 0;
    const limit = new RateLimiter(2, 'reports', () => now);
    limit.take('a');
    limit.take('a');
    expect(refusal(() => limit.take('a'))).not.toBeNull();
    expect(refusal(() => limit.take('b'))).toBeNull();
    now += 3_600_000; // an hour idle: still only two in a row
    limit.take('a');
    limit.take('a');
    expect(refusal(() => limit.take('a'))).not.toBeNull();
  });

  it('does not count a refused call', () => {
    let now = 0;
    const limit = new RateLimiter(1, 'reports', () => now);
    limit.take('a');
    for (let i = 0; i < 5; i++) expect(refusal(() => limit.take('a'))).not.toBeNull();
    now += 60_000;
    expect(refusal(() => limit.take('a'))).toBeNull();
  });

  it('is off at 0', () => {
    const limit = new RateLimiter(0, 'reports');
    for (let i = 0; i < 1000; i++) limit.take('a');
  });
});
