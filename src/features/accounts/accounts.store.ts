// The accounts' tables: `account` (one row per person who logs in, with the password hash, the
// failed-login count of the current observation window and the lock), `session` (one row per
// session, keyed by the hash of its token) and `login_client_failures` (the failed logins of each
// client in its current window). Each count changes only in single statements that read and write
// the row together, so concurrent logins, in one server process or several, cannot lose a failure.
import type { Queryable } from '../../store/database.ts';
import type { AccountRole } from '../../kernel/principal.ts';

/** What logging in needs of an account. */
export interface LoginRow {
  username: string;
  role: AccountRole;
  subject_key: string | null;
  password_hash: string;
  locked_until: Date | null;
}

/** An open session with its account. */
export interface SessionRow {
  username: string;
  role: AccountRole;
  subject_key: string | null;
  csrf_token: string;
  token_hash: string;
}

export async function usernameTaken(q: Queryable, username: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM account WHERE username = $1', [username])).length > 0;
}

export async function insertAccount(q: Queryable, a: { username: string; role: AccountRole; subjectKey: string | null; passwordHash: string }): Promise<void> {
  await q.query('INSERT INTO account (username, role, subject_key, password_hash) VALUES ($1, $2, $3, $4)', [a.username, a.role, a.subjectKey, a.passwordHash]);
}

/** An account that is not disabled. */
export async function findLogin(q: Queryable, username: string): Promise<LoginRow | undefined> {
  const rows = await q.query<LoginRow & Record<string, unknown>>(
    'SELECT username, role, subject_key, password_hash, locked_until FROM account WHERE username = $1 AND disabled_at IS NULL',
    [username],
  );
  return rows[0];
}

/** How failed logins lock an account: the threshold within the observation window, and the lock's duration. */
export interface LockPolicy {
  failuresToLock: number;
  windowMs: number;
  lockMs: number;
}

/**
 * Counts one failed login, atomically: the count of the current window goes up by one (a failure
 * after the window has passed starts a new one), and the failure that reaches the threshold locks
 * the account and starts the count again. A failure on a locked (or unknown, or disabled) account
 * counts nothing and answers undefined; otherwise the account's lock after this failure.
 */
export async function countFailedLogin(q: Queryable, username: string, at: Date, p: LockPolicy): Promise<{ lockedUntil: Date | null } | undefined> {
  const windowStart = new Date(at.getTime() - p.windowMs);
  const lockUntil = new Date(at.getTime() + p.lockMs);
  // Every expression reads the row's old values (SQL evaluates SET against the row being replaced); `counted` is the count after the update.
  const counted = 'CASE WHEN failures_since > $3 THEN failed_logins + 1 ELSE 1 END';
  const rows = await q.query<{ locked_until: Date | null }>(
    `UPDATE account SET
       failed_logins  = CASE WHEN ${counted} >= $4 THEN 0 ELSE ${counted} END,
       failures_since = CASE WHEN ${counted} >= $4 THEN NULL WHEN failures_since > $3 THEN failures_since ELSE $2 END,
       locked_until   = CASE WHEN ${counted} >= $4 THEN $5 ELSE locked_until END
     WHERE username = $1 AND disabled_at IS NULL AND (locked_until IS NULL OR locked_until <= $2)
     RETURNING locked_until`,
    [username, at, windowStart, p.failuresToLock, lockUntil],
  );
  const r = rows[0];
  if (!r) return undefined;
  return { lockedUntil: r.locked_until && r.locked_until > at ? r.locked_until : null };
}

/** A client's budget of failed logins: so many per window (a window opens at a failure after the last one has passed). */
export interface ClientBudget {
  attempts: number;
  windowMs: number;
}

/**
 * Spends one failed login of the client's budget, atomically: the count of its current window
 * goes up by one while it is below the budget (a failure after the window has passed opens a new
 * one), so parallel logins from one client, through any number of server processes, never spend
 * more than the budget. Answers null when spent, or when the budget is spent already the instant
 * its window ends. A failure that opens a window also deletes the rows of windows that have passed
 * (rows other logins hold are left for another time), so the table holds only live windows.
 */
export async function spendLoginAttempt(q: Queryable, client: string, at: Date, b: ClientBudget): Promise<{ windowEnds: Date } | null> {
  const windowStart = new Date(at.getTime() - b.windowMs);
  // Every expression reads the row's old values; the row is updated only while it has budget left.
  const spent = await q.query<{ opened: boolean }>(
    `INSERT INTO login_client_failures AS f (client, failures, window_start) VALUES ($1, 1, $2)
     ON CONFLICT (client) DO UPDATE SET
       failures     = CASE WHEN f.window_start > $3 THEN f.failures + 1 ELSE 1 END,
       window_start = CASE WHEN f.window_start > $3 THEN f.window_start ELSE $2 END
     WHERE f.window_start <= $3 OR f.failures < $4
     RETURNING window_start = $2 AS opened`,
    [client, at, windowStart, b.attempts],
  );
  if (spent[0]) {
    if (spent[0].opened) {
      await q.query(
        `DELETE FROM login_client_failures WHERE client IN
           (SELECT client FROM login_client_failures WHERE window_start <= $1 FOR UPDATE SKIP LOCKED)`,
        [windowStart],
      );
    }
    return null;
  }
  const [row] = await q.query<{ window_start: Date }>('SELECT window_start FROM login_client_failures WHERE client = $1', [client]);
  return { windowEnds: new Date((row?.window_start ?? at).getTime() + b.windowMs) };
}

/** Gives back a failed login spent by the client that turned out not to be one (the login succeeded, or met a locked account). */
export async function refundLoginAttempt(q: Queryable, client: string): Promise<void> {
  await q.query('UPDATE login_client_failures SET failures = failures - 1 WHERE client = $1 AND failures > 0', [client]);
}

/** The instant an account is locked until, if it is locked at `at`. */
export async function lockedUntil(q: Queryable, username: string, at: Date): Promise<Date | undefined> {
  const rows = await q.query<{ locked_until: Date }>('SELECT locked_until FROM account WHERE username = $1 AND locked_until > $2', [username, at]);
  return rows[0]?.locked_until;
}

/**
 * Clears the failed logins and stores a new session, in one transaction (the caller's), unless
 * the account is locked at `at` (or was disabled meanwhile): then nothing is stored and the answer
 * is false. The check and the clearing are one statement, so a lock set by failures that raced
 * this login's password check holds.
 */
export async function openSession(tx: Queryable, s: { username: string; tokenHash: string; csrfToken: string; at: Date; expiresAt: Date }): Promise<boolean> {
  const cleared = await tx.query(
    `UPDATE account SET failed_logins = 0, failures_since = NULL, locked_until = NULL, last_login_at = $2
     WHERE username = $1 AND disabled_at IS NULL AND (locked_until IS NULL OR locked_until <= $2) RETURNING username`,
    [s.username, s.at],
  );
  if (cleared.length === 0) return false;
  await tx.query('INSERT INTO session (token_hash, username, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    s.tokenHash,
    s.username,
    s.csrfToken,
    s.at,
    s.expiresAt,
  ]);
  return true;
}

/** The session of a token hash if it is open at `now` and its account is not disabled. */
export async function findSession(q: Queryable, tokenHash: string, now: Date): Promise<SessionRow | undefined> {
  const rows = await q.query<SessionRow & Record<string, unknown>>(
    `SELECT a.username, a.role, a.subject_key, s.csrf_token, s.token_hash FROM session s JOIN account a ON a.username = s.username
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.ended_at IS NULL AND a.disabled_at IS NULL`,
    [tokenHash, now],
  );
  return rows[0];
}

export async function endSession(q: Queryable, tokenHash: string, at: Date): Promise<void> {
  await q.query('UPDATE session SET ended_at = $2 WHERE token_hash = $1', [tokenHash, at]);
}
