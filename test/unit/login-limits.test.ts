// The login limits as configured: one client address may never be able to lock an account alone
// (OWASP Authentication Cheat Sheet, "Account Lockout": a lockout an attacker can trigger at will
// is a denial of service), so the lock threshold must exceed what one address can fail within a
// window: its budget at the end of one window, then again at the start of the next.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/kernel/config.ts';

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
