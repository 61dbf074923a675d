// The server's lifecycle: explicit start and stop, so the CLI and the tests run it in-process.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform/platform.ts';
import { buildApp } from './app.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(platform: Platform, options: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const app = await buildApp(platform);
  await app.listen({ host: options.host ?? platform.config.host, port: options.port ?? platform.config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port;
  const host = options.host ?? platform.config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    app,
    url,
    async stop() {
      await app.close();
    },
  };
}
