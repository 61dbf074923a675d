// demo-credentials.json: what a newcomer needs to try the platform at once: the demo agencies'
// API keys, demo accounts (subjects' own, an administrator, an auditor) and subjects worth a look.
import { writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '../platform.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { generatePassword } from '../../features/accounts/password.ts';
import type { SeedResult } from './seed.ts';
import { SEED_ADMINISTRATOR } from '../../kernel/constants.ts';

export interface DemoCredentials {
  baseUrl?: string;
  agencies: Array<{ code: string; name: string; apiKey: string; items: string[] }>;
  accounts: Array<{ subject: string | null; username: string; password: string; role: string }>;
  samples: SeedResult['samples'];
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

/** Creates the demo accounts: two subjects of each sample kind, an administrator and an auditor. */
export async function createDemoAccounts(platform: Platform, samples: SeedResult['samples']): Promise<DemoCredentials['accounts']> {
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
    for (const role of ['administrator', 'auditor'] as const) {
      const { username, password } = await platform.accounts.create({ username: `demo-${role}`, role, password: generatePassword() });
      accounts.push({ subject: null, username, password, role });
    }
  });
  return accounts;
}
