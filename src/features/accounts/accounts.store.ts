// The accounts' tables: `account` (one row per person who logs in, with the password hash and the
// failed-login count) and `session` (one row per session, keyed by the hash of its token).
import type { Queryable } from '../../store/database.ts';
import type { AccountRole } from '../../kernel/principal.ts';

/** What logging in needs of an account. */
export interface LoginRow {
  username: string;
  role: AccountRole;
  subject_key: string | null;
  password_hash: string;
  failed_logins: number;
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
    'SELECT username, role, subject_key, password_hash, failed_logins, locked_until FROM account WHERE username = $1 AND disabled_at IS NULL',
    [username],
  );
  return rows[0];
}

export async function recordFailedLogins(q: Queryable, username: string, failures: number, lockedUntil: Date | null): Promise<void> {
  await q.query('UPDATE account SET failed_logins = $2, locked_until = $3 WHERE username = $1', [username, failures, lockedUntil]);
}

/** Clears the failed logins and stores a new session, in one transaction (the caller's). */
export async function openSession(tx: Queryable, s: { username: string; tokenHash: string; csrfToken: string; at: Date; expiresAt: Date }): Promise<void> {
  await tx.query('UPDATE account SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE username = $1', [s.username, s.at]);
  await tx.query('INSERT INTO session (token_hash, username, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    s.tokenHash,
    s.username,
    s.csrfToken,
    s.at,
    s.expiresAt,
  ]);
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
