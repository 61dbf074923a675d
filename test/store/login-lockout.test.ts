// Password guessing against an account, on both stores, with the platform's fixed clock (no
// sleeps). The rules (OWASP Authentication Cheat Sheet, "Account Lockout"; NIST SP 800-63B 5.2.2):
// failures on an account are counted over an observation window wherever they come from, and
// enough of them lock it, even when they arrive all at once; a locked account refuses the right
// password too; and each client (an IPv4 address, an IPv6 /64) has a budget of failures far below
// the lock threshold, kept in the store so that every server process spends the same one, so
// that a stranger cannot lock the owner out on their own, nor guess much from one address.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, registration } from '../support/records.ts';
import { AppError } from '../../src/kernel/problems.ts';
import { lockedUntil, openSession } from '../../src/features/accounts/accounts.store.ts';
import { AccountService } from '../../src/features/accounts/account.service.ts';

const RIGHT = 'correct horse battery';
const MINUTE = 60_000;

/** The problem code a login answers, or 'ok'. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe.each(ALL_STORES)('login lockout and client throttle on %s', (store) => {
  let t: TestPlatform;
  let n = 0;

  beforeAll(async () => {
    // Small limits keep the number of password hashes low: a client may fail 3 times per 15-minute
    // window, an account locks at 7 failures in a window.
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { loginAttemptsPerClient: 3, loginFailuresToLock: 7, loginWindowMinutes: 15 });
    const samr = await addAgency(t.platform, 'samr-hangzhou', 'market-regulation');
    await asActor({ type: 'agency', id: 'samr-hangzhou' }, () => t.platform.intake.submit(samr.principal, [{ line: 1, value: registration(ORG_A) }]));
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh account of ORG_A, so that each test starts unlocked with nothing counted. */
  async function account(): Promise<string> {
    const username = `owner-${++n}`;
    await asActor(ADMIN, () => t.platform.accounts.create({ username, role: 'subject', subjectKey: ORG_A, password: RIGHT }));
    return username;
  }
  const login = (username: string, password: string, client: string) => outcome(t.platform.accounts.login(username, password, client));
  /** Another server process on the same store: an account service of its own, sharing nothing with the platform's but the database. */
  const otherProcess = () =>
    new AccountService(t.platform.db, t.clock, t.platform.subjects, { attemptsPerClient: 3, failuresToLock: 7, windowMinutes: 15 });

  it('counts failures that arrive all at once: as many parallel wrong passwords as the threshold lock the account (the count is one atomic UPDATE, not a read and a write around the password check)', async () => {
    const username = await account();
    // Each from its own address, so that the client budget refuses none of them.
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => login(username, 'wrong', `10.0.0.${i}`)));
    expect(results.every((r) => r === 'invalid-credentials' || r === 'account-locked')).toBe(true);
    expect(await login(username, RIGHT, '10.0.1.1')).toBe('account-locked');
  });

  it('refuses the right password while the account is locked, and admits it once the lock has passed', async () => {
    const username = await account();
    for (let i = 0; i < 7; i++) expect(await login(username, 'wrong', `10.1.0.${i}`)).toBe('invalid-credentials');
    const locked = await t.platform.accounts.login(username, RIGHT, '10.1.1.1').catch((e: AppError) => e);
    expect(locked).toMatchObject({ code: 'account-locked', extensions: { lockedUntil: new Date(t.clock.now().getTime() + 15 * MINUTE).toISOString() } });
    t.clock.advance(15 * MINUTE);
    expect(await login(username, RIGHT, '10.1.1.1')).toBe('ok');
  });

  it('never opens a session on a locked account, even for a login whose password check began before the lock (the store refuses it in the same statement that clears the count)', async () => {
    const username = await account();
    for (let i = 0; i < 7; i++) await login(username, 'wrong', `10.2.0.${i}`);
    const now = t.clock.now();
    expect(await lockedUntil(t.platform.db, username, now)).toBeDefined();
    const opened = await t.platform.db.transaction((tx) =>
      openSession(tx, { username, tokenHash: `test-${username}`, csrfToken: 'x', at: now, expiresAt: new Date(now.getTime() + 60 * MINUTE) }),
    );
    expect(opened).toBe(false);
    expect(await t.platform.db.query('SELECT 1 FROM session WHERE token_hash = $1', [`test-${username}`])).toEqual([]);
    expect(await lockedUntil(t.platform.db, username, now)).toBeDefined();
  });

  it('a stranger hammering one account from one address is throttled (429) and never locks it; the owner logs in from another address', async () => {
    const username = await account();
    const stranger = '203.0.113.9';
    let failures = 0;
    let throttled = 0;
    // An hour and a half of guessing, one attempt every 10 seconds unless told to wait longer:
    // far more than the 7 failures that lock an account in one window, were they all counted.
    const end = t.clock.now().getTime() + 90 * MINUTE;
    while (t.clock.now().getTime() < end) {
      const err = await t.platform.accounts.login(username, 'wrong', stranger).catch((e: AppError) => e);
      expect(err).toBeInstanceOf(AppError);
      const code = (err as AppError).code;
      expect(code, `after ${failures} failures`).not.toBe('account-locked');
      if (code === 'rate-limited') {
        throttled++;
        const wait = (err as AppError).extensions.retryAfterSeconds;
        expect(typeof wait).toBe('number');
        t.clock.advance((wait as number) * 1000);
      } else {
        expect(code).toBe('invalid-credentials');
        failures++;
        t.clock.advance(10_000);
      }
    }
    expect(failures).toBeGreaterThan(7);
    expect(throttled).toBeGreaterThan(0);
    expect(await login(username, RIGHT, '198.51.100.7')).toBe('ok');
  });

  it('only failures spend an address budget: successful logins do not, nor attempts refused because the account is locked', async () => {
    const username = await account();
    for (let i = 0; i < 10; i++) expect(await login(username, RIGHT, '192.0.2.1')).toBe('ok');
    for (let i = 0; i < 7; i++) expect(await login(username, 'wrong', `192.0.2.${10 + i}`)).toBe('invalid-credentials');
    for (let i = 0; i < 10; i++) expect(await login(username, RIGHT, '192.0.2.1')).toBe('account-locked');
    t.clock.advance(15 * MINUTE);
    for (let i = 0; i < 3; i++) expect(await login(username, 'wrong', '192.0.2.1')).toBe('invalid-credentials');
    expect(await login(username, 'wrong', '192.0.2.1')).toBe('rate-limited');
    expect(await login(username, RIGHT, '192.0.2.1')).toBe('rate-limited');
  });

  it('guessing spread over many addresses still locks the account within one window: the lock remains the defence against distributed guessing', async () => {
    const username = await account();
    for (let i = 0; i < 3; i++) {
      // Three addresses, each within its own budget.
      for (let j = 0; j < 3 && i * 3 + j < 7; j++) expect(await login(username, 'wrong', `100.64.0.${i}`)).toBe('invalid-credentials');
    }
    expect(await login(username, RIGHT, '100.64.1.1')).toBe('account-locked');
    expect(await login(username, 'wrong', '100.64.1.2')).toBe('account-locked');
  });

  it('counts failures over the observation window only: failures spread thinner than the threshold per window never lock', async () => {
    const username = await account();
    for (let w = 0; w < 4; w++) {
      for (let i = 0; i < 6; i++) expect(await login(username, 'wrong', `100.65.${w}.${i}`)).toBe('invalid-credentials');
      t.clock.advance(15 * MINUTE);
    }
    expect(await login(username, RIGHT, '100.65.9.9')).toBe('ok');
  });

  it('every server process on the store spends one budget per client: failures through one count in the other, and the owner still logs in from its own address', async () => {
    const username = await account();
    const a = t.platform.accounts;
    const b = otherProcess();
    const stranger = '203.0.113.50';
    const opened = t.clock.now().getTime();
    expect(await outcome(a.login(username, 'wrong', stranger))).toBe('invalid-credentials');
    expect(await outcome(b.login(username, 'wrong', stranger))).toBe('invalid-credentials');
    expect(await outcome(a.login(username, 'wrong', stranger))).toBe('invalid-credentials');
    // Three failures spent the client's budget, whichever process counted them.
    t.clock.advance(5 * MINUTE);
    for (const p of [a, b]) {
      const refused = await p.login(username, 'wrong', stranger).catch((e: AppError) => e);
      expect(refused).toMatchObject({ code: 'rate-limited', extensions: { retryAfterSeconds: 10 * 60 } });
      expect((refused as AppError).detail).toContain('at most 3 failed logins per 15 minutes per client');
      expect(await outcome(p.login(username, RIGHT, stranger))).toBe('rate-limited');
    }
    // The owner, from its own address, through either process.
    expect(await outcome(b.login(username, RIGHT, '198.51.100.50'))).toBe('ok');
    expect(await outcome(a.login(username, RIGHT, '198.51.100.50'))).toBe('ok');
    // The budget comes back when the window that opened at the first failure ends.
    t.clock.set(new Date(opened + 15 * MINUTE).toISOString());
    expect(await outcome(b.login(username, 'wrong', stranger))).toBe('invalid-credentials');
  });

  it('counts an IPv6 client by its /64 (one party holds the whole block) and an IPv4-mapped IPv6 address as its IPv4 address', async () => {
    const username = await account();
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:DB8:0001:0002:ffff::9']) {
      expect(await login(username, 'wrong', address), address).toBe('invalid-credentials');
    }
    expect(await login(username, 'wrong', '2001:db8:1:2::abcd')).toBe('rate-limited');
    expect(await login(username, RIGHT, '2001:db8:1:2:0:0:0:77')).toBe('rate-limited');
    // The next /64 is another client.
    expect(await login(username, 'wrong', '2001:db8:1:3::1')).toBe('invalid-credentials');
    // Another account, so that this one's failures stay below its lock.
    const other = await account();
    expect(await login(other, 'wrong', '192.0.2.200')).toBe('invalid-credentials');
    expect(await login(other, 'wrong', '::ffff:192.0.2.200')).toBe('invalid-credentials');
    expect(await login(other, 'wrong', '::ffff:c000:2c8')).toBe('invalid-credentials');
    expect(await login(other, 'wrong', '192.0.2.200')).toBe('rate-limited');
    expect(await login(other, RIGHT, '192.0.2.201')).toBe('ok');
    expect(await login(username, RIGHT, '192.0.2.201')).toBe('ok');
  });

  it('spends exactly the budget under 60 parallel failures from one client through two processes (one atomic statement, not a read and a write), and the account does not lock', async () => {
    const username = await account();
    const processes = [t.platform.accounts, otherProcess()];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => outcome(processes[i % 2]!.login(username, 'wrong', `2001:db8:60:60::${(i + 1).toString(16)}`))),
    );
    expect(results.filter((r) => r === 'invalid-credentials')).toHaveLength(3);
    expect(results.filter((r) => r === 'rate-limited')).toHaveLength(57);
    expect(await t.platform.db.query('SELECT failures FROM login_client_failures WHERE client = $1', ['2001:db8:60:60::/64'])).toEqual([{ failures: 3 }]);
    expect(await login(username, RIGHT, '198.51.100.60')).toBe('ok');
  });

  it('keeps only windows that have not passed: a failure that opens a window deletes the rows of windows that ended', async () => {
    const username = await account();
    expect(await login(username, 'wrong', '198.18.0.1')).toBe('invalid-credentials');
    const before = await t.platform.db.query<{ client: string }>('SELECT client FROM login_client_failures');
    expect(before.length).toBeGreaterThan(1);
    t.clock.advance(15 * MINUTE);
    expect(await login(username, 'wrong', '198.18.0.2')).toBe('invalid-credentials');
    expect(await t.platform.db.query('SELECT client FROM login_client_failures')).toEqual([{ client: '198.18.0.2' }]);
  });

  it.runIf(store !== 'pglite')(
    'a right password whose check raced failures that locked the account is refused: the lock set while it waited holds (a held row lock, no timing)',
    async () => {
      const username = await account();
      const blocker = new pg.Client({ connectionString: t.location.databaseUrl });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('SELECT 1 FROM account WHERE username = $1 FOR UPDATE', [username]);
        const attempt = login(username, RIGHT, '100.66.0.1');
        // The login has read the account (unlocked), checked the password, and now waits for the row.
        // (Inside a transaction, pg_stat_activity is a snapshot until cleared.)
        // On Citus the wait is on a placement of the reference table, which citus_lock_waits shows.
        const waits =
          store === 'citus'
            ? `SELECT 1 FROM citus_lock_waits WHERE blocked_statement LIKE 'UPDATE account SET failed_logins = 0%'`
            : `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE account SET failed_logins = 0%'`;
        for (;;) {
          await blocker.query('SELECT pg_stat_clear_snapshot()');
          const waiting = await blocker.query(waits);
          if (waiting.rows.length > 0) break;
          await new Promise((r) => setImmediate(r));
        }
        await blocker.query('UPDATE account SET locked_until = $2 WHERE username = $1', [username, new Date(t.clock.now().getTime() + 15 * MINUTE)]);
        await blocker.query('COMMIT');
        expect(await attempt).toBe('account-locked');
        expect(await t.platform.db.query('SELECT 1 FROM session WHERE username = $1', [username])).toEqual([]);
      } finally {
        await blocker.end();
      }
    },
  );
});
