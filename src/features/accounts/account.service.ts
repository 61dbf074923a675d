// Accounts of people who log in: subjects (an organisation's own account), administrators and
// auditors. Sessions are random tokens stored only as hashes, with an expiry; repeated failed
// logins lock an account for a while.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import type { AccountPrincipal, AccountRole } from '../../kernel/principal.ts';
import { generatePassword, hashPassword, verifyPassword } from './password.ts';
import { endSession, findLogin, findSession, insertAccount, openSession, recordFailedLogins, usernameTaken } from './accounts.store.ts';
import type { SubjectService } from '../subjects/subject.service.ts';

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;
const SESSION_HOURS = 12;
const USERNAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;

/** Session tokens start with this; agencies' API keys do not. */
const SESSION_TOKEN_PREFIX = 'xys.';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly subjects: Pick<SubjectService, 'exists'>,
  ) {}

  /** Creates an account; returns the password (generated when not given), shown only once. */
  async create(input: { username: string; role: AccountRole; subjectKey?: string | null; password?: string }): Promise<{ username: string; password: string }> {
    if (!USERNAME_RE.test(input.username)) throw new AppError('validation-failed', 'a username is 3-64 letters, digits and . _ @ -');
    if (input.role === 'subject' && !input.subjectKey) throw new AppError('validation-failed', 'a subject account names its subject');
    if (input.role !== 'subject' && input.subjectKey) throw new AppError('validation-failed', 'only a subject account names a subject');
    const password = input.password ?? generatePassword();
    if (password.length < 10) throw new AppError('validation-failed', 'a password has at least 10 characters');
    if (input.subjectKey && !(await this.subjects.exists(input.subjectKey))) {
      throw new AppError('subject-not-found', `the platform holds no records about ${input.subjectKey}`);
    }
    const hash = await hashPassword(password);
    if (await usernameTaken(this.db, input.username)) throw new AppError('validation-failed', `username ${input.username} is taken`);
    await insertAccount(this.db, { username: input.username, role: input.role, subjectKey: input.subjectKey ?? null, passwordHash: hash });
    return { username: input.username, password };
  }

  /** Checks a password and opens a session; locks the account after repeated failures. */
  async login(username: string, password: string): Promise<{ token: string; csrfToken: string; expiresAt: Date; principal: AccountPrincipal }> {
    const now = this.clock.now();
    const a = await findLogin(this.db, username);
    if (a?.locked_until && a.locked_until > now) {
      throw new AppError('account-locked', `too many failed logins: the account is locked until ${a.locked_until.toISOString()}`, {
        lockedUntil: a.locked_until.toISOString(),
      });
    }
    // Verify against a dummy hash when the user does not exist, so timing does not tell.
    const ok = await verifyPassword(password, a?.password_hash ?? DUMMY_HASH);
    if (!a || !ok) {
      if (a) {
        const failures = a.failed_logins + 1;
        const lock = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
        await recordFailedLogins(this.db, username, lock ? 0 : failures, lock);
      }
      throw new AppError('invalid-credentials', 'the username or the password is wrong');
    }
    const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await this.db.transaction((tx) => openSession(tx, { username, tokenHash: tokenHash(token), csrfToken, at: now, expiresAt }));
    return {
      token,
      csrfToken,
      expiresAt,
      principal: { username, role: a.role, subjectKey: a.subject_key, sessionId: tokenHash(token).slice(0, 16), csrfToken },
    };
  }

  async authenticate(token: string): Promise<AccountPrincipal> {
    const r = await findSession(this.db, tokenHash(token), this.clock.now());
    if (!r) throw new AppError('invalid-credentials', 'the session has expired or does not exist: log in again');
    return { username: r.username, role: r.role, subjectKey: r.subject_key, sessionId: r.token_hash.slice(0, 16), csrfToken: r.csrf_token };
  }

  /** Ends the session of a session token; any other token (an agency's API key) ends nothing. */
  async logout(token: string): Promise<void> {
    if (!token.startsWith(SESSION_TOKEN_PREFIX)) return;
    await endSession(this.db, tokenHash(token), this.clock.now());
  }
}

// A valid scrypt hash of a random password, used to spend the same time on unknown usernames.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
