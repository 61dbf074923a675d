// Opening a platform on a fresh store for a test, with a fixed clock and secret.
import { loadConfig, type Config } from '../../src/kernel/config.ts';
import { Platform } from '../../src/app/platform.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { runWithContext } from '../../src/kernel/request-context.ts';
import type { Actor } from '../../src/kernel/principal.ts';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';
import { freshStore, type AnyTestStore, type StoreLocation } from './stores.ts';

export const TEST_SECRET = 'test-secret-for-identity-hashes';
export const ADMIN: Actor = { type: 'administrator', id: 'test' };

export interface TestPlatform {
  platform: Platform;
  clock: FixedClock;
  location: StoreLocation;
  close(): Promise<void>;
}

export async function openTestPlatform(store: AnyTestStore, now = '2026-11-20T02:00:00Z', overrides: Partial<Config> = {}): Promise<TestPlatform> {
  const location = await freshStore(store);
  const clock = new FixedClock(new Date(now));
  const platform = await Platform.open(
    loadConfig(
      {
        dataDir: location.dataDir,
        databaseUrl: location.databaseUrl,
        idHashSecret: TEST_SECRET,
        logLevel: 'silent',
        // PGlite generates its key into the data directory; PostgreSQL needs one configured.
        reportSigningKey: location.databaseUrl ? generateSigningKeyPem() : undefined,
        ...overrides,
      },
      {},
    ),
    { clock },
  );
  return {
    platform,
    clock,
    location,
    async close() {
      await platform.close();
      await location.cleanup();
    },
  };
}

export function asActor<T>(actor: Actor, fn: () => Promise<T>): Promise<T> {
  return runWithContext({ requestId: 'test', actor }, fn);
}

/** Registers an agency and returns its principal and key. */
export async function addAgency(platform: Platform, code: string, kind: string, items?: string[]) {
  const { apiKey } = await asActor(ADMIN, () => platform.agencies.register({ code, name: `${code} agency`, kind, items }));
  const principal = await platform.agencies.authenticate(apiKey);
  return { apiKey, principal };
}
