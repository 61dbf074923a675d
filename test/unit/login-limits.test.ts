// The login limits as configured: one client address may never be able to lock an account alone
// (OWASP Authentication Cheat Sheet, "Account Lockout": a lockout an attacker can trigger at will
// is a denial of service), so the lock threshold must exceed what one address can fail within a
// window: its budget, then as much again refilled during the window.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/kernel/config.ts';
import { RateLimiter } from '../../src/http/rate-limit.ts';
import { AppError } from '../../src/kernel/problems.ts';

describe('login limits', () => {
  it('ship with a lock threshold above twice the per-address budget, over a window of minutes', () => {
    const c = loadConfig({}, {});
    expect(c.loginAttemptsPerClient).toBeGreaterThan(0);
    expect(c.loginFailuresToLock).toBeGreaterThan(2 * c.loginAttemptsPerClient);
    expect(c.loginWindowMinutes).toBeGreaterThan(0);
  });

  it('refuse a lock threshold that one address could reach alone, naming both settings', () => {
    expect(() => loadConfig({}, { XINYONG_LOGIN_ATTEMPTS_PER_CLIENT: '10', XINYONG_LOGIN_FAILURES_TO_LOCK: '20' })).toThrow(ConfigError);
    expect(() => loadConfig({ loginAttemptsPerClient: 5, loginFailuresToLock: 10 }, {})).toThrow(/loginFailuresToLock.*loginAttemptsPerClient/);
    expect(loadConfig({ loginAttemptsPerClient: 5, loginFailuresToLock: 11 }, {}).loginFailuresToLock).toBe(11);
  });

  it('read the environment, and allow the throttle off (0) with any threshold', () => {
    const c = loadConfig({}, { XINYONG_LOGIN_ATTEMPTS_PER_CLIENT: '0', XINYONG_LOGIN_FAILURES_TO_LOCK: '5', XINYONG_LOGIN_WINDOW_MINUTES: '30' });
    expect(c).toMatchObject({ loginAttemptsPerClient: 0, loginFailuresToLock: 5, loginWindowMinutes: 30 });
    expect(() => loadConfig({}, { XINYONG_LOGIN_WINDOW_MINUTES: '0' })).toThrow(/XINYONG_LOGIN_WINDOW_MINUTES/);
  });
});

describe('the per-address budget of failed logins', () => {
  const refusal = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
  };

  it('is a burst that refills over the window, and says how long to wait', () => {
    let now = 0;
    const budget = new RateLimiter(10, 'failed logins', () => now, 15); // one more every 90 s
    for (let i = 0; i < 10; i++) expect(refusal(() => budget.take('ip:a'))).toBeNull();
    const err = refusal(() => budget.take('ip:a'))!;
    expect(err.code).toBe('rate-limited');
    expect(err.extensions.retryAfterSeconds).toBe(90);
    expect(err.detail).toContain('at most 10 failed logins per 15 minutes per client');
    now += 90_000;
    expect(refusal(() => budget.take('ip:a'))).toBeNull();
    expect(refusal(() => budget.take('ip:a'))).not.toBeNull();
  });

  it('counts only what is not given back (a login that succeeded), and never holds more than the burst', () => {
    const budget = new RateLimiter(2, 'failed logins', () => 0, 15);
    for (let i = 0; i < 5; i++) {
      budget.take('ip:a');
      budget.giveBack('ip:a');
    }
    budget.giveBack('ip:a');
    budget.take('ip:a');
    budget.take('ip:a');
    expect(refusal(() => budget.take('ip:a'))?.code).toBe('rate-limited');
  });
});
