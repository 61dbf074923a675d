// The OpenAPI document without a running platform: the API is built on a throwaway embedded store
// and asked for its document. The document depends on the code and the shipped policy pack, never
// on the data, so this is what every deployment of this version serves at /openapi.json (the
// generated client and `xinyong openapi` use it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../kernel/config.ts';
import { Platform } from '../platform.ts';
import { buildApp } from './app.ts';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'xinyong-openapi-'));
  try {
    const config = loadConfig({ dataDir, databaseUrl: undefined, idHashSecret: randomBytes(32).toString('hex'), logLevel: 'silent' }, {});
    const platform = await Platform.open(config);
    try {
      const app = await buildApp(platform);
      try {
        await app.ready();
        return app.swagger() as unknown as Record<string, unknown>;
      } finally {
        await app.close();
      }
    } finally {
      await platform.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
