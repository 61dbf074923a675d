// demo-credentials.json: what a newcomer needs to try the platform at once: the demo agencies'
// and lenders' API keys, demo accounts (subjects' own, two borrowers', an administrator, an
// auditor), subjects worth a look, and borrowers whose lender holds their valid authorisation.
// While a seed is under way, the keys and passwords it has handed out wait in
// demo-credentials.pending.json beside it, so that a seed resumed after a stop hands out the same.
import { writeFileSync, readFileSync, existsSync, mkdirSync, renameSync, rmSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '../platform.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { generatePassword } from '../../features/accounts/password.ts';
import type { SeedResult } from './seed.ts';
import { SEED_ADMINISTRATOR } from '../../kernel/constants.ts';
import { AppError } from '../../kernel/problems.ts';
import type { KeyBook } from './agencies.ts';
import { hashResidentId } from '../../domain/ids/resident-id.ts';
import { personKey } from '../../domain/records.ts';
import type { SampleBorrower } from './credit-samples.ts';

export interface DemoCredentials {
  baseUrl?: string;
  agencies: Array<{ code: string; name: string; apiKey: string; items: string[] }>;
  /** Licensed lenders: they furnish, record authorisations and inquire. */
  lenders: Array<{ code: string; name: string; apiKey: string }>;
  accounts: Array<{ subject: string | null; username: string; password: string; role: string }>;
  samples: SeedResult['samples'] & { borrowers: SampleBorrower[] };
}

/** The credentials of a seed: its agencies, lenders, accounts and samples. */
export function credentialsOf(result: SeedResult, accounts: DemoCredentials['accounts']): DemoCredentials {
  return {
    agencies: result.agencies.map(({ code, name, apiKey, items }) => ({ code, name, apiKey, items })),
    lenders: result.lenders.map(({ code, name, apiKey }) => ({ code, name, apiKey })),
    accounts,
    samples: { ...result.samples, borrowers: result.borrowers },
  };
}

export function credentialsPath(dataDir: string): string {
  return join(dataDir, 'demo-credentials.json');
}

export function readCredentials(dataDir: string): DemoCredentials | null {
  const path = credentialsPath(dataDir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DemoCredentials) : null;
}

export function writeCredentials(dataDir: string, c: DemoCredentials): string {
  mkdirSync(dataDir, { recursive: true });
  const path = credentialsPath(dataDir);
  writeDurably(path, `${JSON.stringify(c, null, 2)}\n`);
  return path;
}

/** Writes a file readable by its owner only, whole or not at all: a new file synced, then renamed over the old. */
function writeDurably(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * The keys and passwords a seed under way has handed out (DIR/demo-credentials.pending.json,
 * readable by its owner only), each written down before it is used, until the credentials are
 * written: a resumed seed hands out the same, and the file goes when the seed completes.
 */
export class PendingSecrets implements KeyBook {
  private readonly data: { keys: Record<string, string>; passwords: Record<string, string> };

  constructor(private readonly path: string) {
    this.data = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as PendingSecrets['data']) : { keys: {}, passwords: {} };
  }

  static of(dataDir: string): PendingSecrets {
    mkdirSync(dataDir, { recursive: true });
    return new PendingSecrets(join(dataDir, 'demo-credentials.pending.json'));
  }

  get(code: string): string | undefined {
    return this.data.keys[code];
  }

  set(code: string, apiKey: string): void {
    this.data.keys[code] = apiKey;
    this.save();
  }

  /** The password of a demo account: the one written down before, or a new one, written down now. */
  password(username: string): { password: string; before: boolean } {
    const kept = this.data.passwords[username];
    if (kept !== undefined) return { password: kept, before: true };
    const password = generatePassword();
    this.data.passwords[username] = password;
    this.save();
    return { password, before: false };
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }

  private save(): void {
    writeDurably(this.path, `${JSON.stringify(this.data)}\n`);
  }
}

/** Sample borrowers given an account of their own, so that /me shows a credit report. */
const BORROWER_ACCOUNTS = ['late-and-cured', 'expired-adverse'] as const;

/**
 * Creates the demo accounts: two subjects of each sample kind, two sample borrowers (persons,
 * by the keyed hash of their number), an administrator and an auditor. With pending secrets, each
 * password is written down before its account is made, and an account a stopped seed made with
 * a password written down is taken as made.
 */
export async function createDemoAccounts(
  platform: Platform,
  samples: SeedResult['samples'],
  borrowers: readonly SampleBorrower[] = [],
  pending?: PendingSecrets,
): Promise<DemoCredentials['accounts']> {
  const accounts: DemoCredentials['accounts'] = [];
  const create = async (input: Omit<Parameters<Platform['accounts']['create']>[0], 'password'>): Promise<{ password: string }> => {
    if (!pending) return platform.accounts.create({ ...input, password: generatePassword() });
    const { password, before } = pending.password(input.username);
    try {
      await platform.accounts.create({ ...input, password });
    } catch (err) {
      const made = before && err instanceof AppError && err.code === 'validation-failed' && err.detail === `username ${input.username} is taken`;
      if (!made) throw err;
    }
    return { password };
  };
  await runWithContext({ requestId: 'demo', actor: SEED_ADMINISTRATOR }, async () => {
    for (const [kind, codes] of Object.entries(samples) as Array<[string, string[]]>) {
      for (const [i, code] of codes.slice(0, 2).entries()) {
        const username = `demo-${kind}-${i + 1}`;
        if (accounts.some((a) => a.subject === code)) continue;
        const { password } = await create({ username, role: 'subject', subjectKey: code });
        accounts.push({ subject: code, username, password, role: 'subject' });
      }
    }
    for (const [i, story] of BORROWER_ACCOUNTS.entries()) {
      const b = borrowers.find((x) => x.story === story && x.kind === 'person');
      if (!b) continue;
      const username = `demo-borrower-${i + 1}`;
      const subjectKey = personKey(hashResidentId(b.subject, platform.secrets.idHashSecret));
      const { password } = await create({ username, role: 'subject', subjectKey });
      accounts.push({ subject: b.subject, username, password, role: 'subject' });
    }
    for (const role of ['administrator', 'auditor'] as const) {
      const username = `demo-${role}`;
      const { password } = await create({ username, role });
      accounts.push({ subject: null, username, password, role });
    }
  });
  return accounts;
}
