// demo-credentials.json: what a newcomer needs to try the platform at once: the demo agencies'
// and lenders' API keys, demo accounts (subjects' own, two borrowers', an administrator, an
// auditor), subjects worth a look, and borrowers whose lender holds their valid authorisation.
import { writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '../platform.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { generatePassword } from '../../features/accounts/password.ts';
import type { SeedResult } from './seed.ts';
import { SEED_ADMINISTRATOR } from '../../kernel/constants.ts';
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
  writeFileSync(path, `${JSON.stringify(c, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/** Sample borrowers given an account of their own, so that /me shows a credit report. */
const BORROWER_ACCOUNTS = ['late-and-cured', 'expired-adverse'] as const;

/**
 * Creates the demo accounts: two subjects of each sample kind, two sample borrowers (persons,
 * by the keyed hash of their number), an administrator and an auditor.
 */
export async function createDemoAccounts(
  platform: Platform,
  samples: SeedResult['samples'],
  borrowers: readonly SampleBorrower[] = [],
): Promise<DemoCredentials['accounts']> {
  const accounts: DemoCredentials['accounts'] = [];
  await runWithContext({ requestId: 'demo', actor: SEED_ADMINISTRATOR }, async () => {
    for (const [kind, codes] of Object.entries(samples) as Array<[string, string[]]>) {
      for (const [i, code] of codes.slice(0, 2).entries()) {
        const username = `demo-${kind}-${i + 1}`;
        if (accounts.some((a) => a.subject === code)) continue;
        const { password } = await platform.accounts.create({ username, role: 'subject', subjectKey: code, password: generatePassword() });
        accounts.push({ subject: code, username, password, role: 'subject' });
      }
    }
    for (const [i, story] of BORROWER_ACCOUNTS.entries()) {
      const b = borrowers.find((x) => x.story === story && x.kind === 'person');
      if (!b) continue;
      const username = `demo-borrower-${i + 1}`;
      const subjectKey = personKey(hashResidentId(b.subject, platform.secrets.idHashSecret));
      const { password } = await platform.accounts.create({ username, role: 'subject', subjectKey, password: generatePassword() });
      accounts.push({ subject: b.subject, username, password, role: 'subject' });
    }
    for (const role of ['administrator', 'auditor'] as const) {
      const { username, password } = await platform.accounts.create({ username: `demo-${role}`, role, password: generatePassword() });
      accounts.push({ subject: null, username, password, role });
    }
  });
  return accounts;
}
