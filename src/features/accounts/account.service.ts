// Accounts of people who log in: subjects (an organisation's own account), administrators and
// auditors. Sessions are random tokens stored only as hashes, with an expiry.
//
// Password guessing meets two defences (OWASP Authentication Cheat Sheet, "Account Lockout";
// NIST SP 800-63B 5.2.2): each client (an address's block: an IPv4 address, an IPv6 /64) has a
// small budget of failed logins per login window over all accounts (429 beyond it), and an account
// locks for a window after many more failures within one window, from any number of clients. Both
// are counted in the store, so every server process on one database spends the same budget. One
// client can never spend enough to lock an account (the configuration refuses a threshold that it
// could reach), so a stranger cannot lock the owner out; guessing spread over many clients still
// locks it.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../store/database.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import type { AccountPrincipal, AccountRole } from '../../kernel/principal.ts';
import { generatePassword, hashPassword, verifyPassword } from './password.ts';
import {
  countFailedLogin,
  endSession,
  findLogin,
  findSession,
  insertAccount,
  lockedUntil,
  openSession,
  refundLoginAttempt,
  spendLoginAttempt,
  usernameTaken,
  type ClientBudget,
  type LockPolicy,
} from './accounts.store.ts';
import type { SubjectService } from '../subjects/subject.service.ts';
import { addressBlock } from '../../http/address-block.ts';

/** How logins are limited (see the configuration's login settings). */
export interface LoginLimits {
  /** Failed logins per client (an address's block) per window; 0: no limit. */
  attemptsPerClient: number;
  /** Failed logins on one account within a window that lock it for a window. */
  failuresToLock: number;
  windowMinutes: number;
}

/** The client of a login made inside the process (the command line, tests), not over HTTP. */
const IN_PROCESS_CLIENT = 'in-process';

const SESSION_HOURS = 12;
const USERNAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;

/** Session tokens start with this; agencies' API keys do not. */
const SESSION_TOKEN_PREFIX = 'xys.';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class AccountService {
  private readonly lock: LockPolicy;
  private readonly clientBudget: ClientBudget;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly subjects: Pick<SubjectService, 'exists'>,
    limits: LoginLimits,
    /** Borrowers the furnished credit data knows, whom the public side may not (a person with a loan and no public record). */
    private readonly borrowers: { knows(subjectKey: string): Promise<boolean> } = { knows: async () => false },
  ) {
    const windowMs = limits.windowMinutes * 60_000;
    this.lock = { failuresToLock: limits.failuresToLock, windowMs, lockMs: windowMs };
    this.clientBudget = { attempts: limits.attemptsPerClient, windowMs };
  }

  /**
   * Creates an account; returns the password (generated when not given), shown only once. A
   * subject account names a subject the public side knows, or a borrower (or guarantor) of a
   * furnished credit account: a person by the keyed hash of the identity number, never the number.
   */
  async create(input: { username: string; role: AccountRole; subjectKey?: string | null; password?: string }): Promise<{ username: string; password: string }> {
    if (!USERNAME_RE.test(input.username)) throw new AppError('validation-failed', 'a username is 3-64 letters, digits and . _ @ -');
    if (input.role === 'subject' && !input.subjectKey) throw new AppError('validation-failed', 'a subject account names its subject');
    if (input.role !== 'subject' && input.subjectKey) throw new AppError('validation-failed', 'only a subject account names a subject');
    const password = input.password ?? generatePassword();
    if (password.length < 10) throw new AppError('validation-failed', 'a password has at least 10 characters');
    if (input.subjectKey && !(await this.subjects.exists(input.subjectKey)) && !(await this.borrowers.knows(input.subjectKey))) {
      throw new AppError('subject-not-found', `the platform holds no records and no furnished credit accounts about ${input.subjectKey}`);
    }
    const hash = await hashPassword(password);
    if (await usernameTaken(this.db, input.username)) throw new AppError('validation-failed', `username ${input.username} is taken`);
    await insertAccount(this.db, { username: input.username, role: input.role, subjectKey: input.subjectKey ?? null, passwordHash: hash });
    return { username: input.username, password };
  }

  /**
   * Checks a password and opens a session. `from` is who is trying (the remote address): its
   * block is refused with 429 once it has spent its budget of failed logins. An account locked
   * by failures is refused with 423, even with the right password.
   */
  async login(
    username: string,
    password: string,
    from: string = IN_PROCESS_CLIENT,
  ): Promise<{ token: string; csrfToken: string; expiresAt: Date; principal: AccountPrincipal }> {
    const client = addressBlock(from);
    const now = this.clock.now();
    // Spent before the password is checked, so that parallel attempts cannot all pass; given back
    // when the login succeeds, so that only failures spend the budget.
    await this.spendAttempt(client, now);
    const a = await findLogin(this.db, username);
    if (a?.locked_until && a.locked_until > now) {
      // Refused before any password is tried: no guess, so the client's budget is not spent.
      await this.refundAttempt(client);
      throw locked(a.locked_until, now);
    }
    // Verify against a dummy hash when the user does not exist, so timing does not tell.
    const ok = await verifyPassword(password, a?.password_hash ?? DUMMY_HASH);
    if (!a || !ok) {
      if (a) {
        const counted = await countFailedLogin(this.db, username, now, this.lock);
        // Not counted: the account was locked meanwhile by other failures.
        const until = counted ? counted.lockedUntil : await lockedUntil(this.db, username, now);
        if (!counted && until) throw locked(until, now);
      }
      throw new AppError('invalid-credentials', 'the username or the password is wrong');
    }
    const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    const opened = await this.db.transaction((tx) => openSession(tx, { username, tokenHash: tokenHash(token), csrfToken, at: now, expiresAt }));
    if (!opened) {
      // Failures locked the account while this password was checked: the lock holds.
      const until = await lockedUntil(this.db, username, now);
      if (until) throw locked(until, now);
      throw new AppError('invalid-credentials', 'the username or the password is wrong');
    }
    await this.refundAttempt(client);
    return {
      token,
      csrfToken,
      expiresAt,
      principal: { username, role: a.role, subjectKey: a.subject_key, sessionId: tokenHash(token).slice(0, 16), csrfToken },
    };
  }

  private async spendAttempt(client: string, now: Date): Promise<void> {
    const { attempts, windowMs } = this.clientBudget;
    if (attempts === 0) return;
    const spent = await spendLoginAttempt(this.db, client, now, this.clientBudget);
    if (!spent) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((spent.windowEnds.getTime() - now.getTime()) / 1000));
    throw new AppError('rate-limited', `at most ${attempts} failed logins per ${windowMs / 60_000} minutes per client; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }

  private async refundAttempt(client: string): Promise<void> {
    if (this.clientBudget.attempts > 0) await refundLoginAttempt(this.db, client);
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

function locked(until: Date, now: Date): AppError {
  return new AppError('account-locked', `too many failed logins: the account is locked until ${until.toISOString()}`, {
    lockedUntil: until.toISOString(),
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  });
}

// A valid scrypt hash of a random password, used to spend the same time on unknown usernames.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
