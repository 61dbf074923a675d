// `xinyong serve`: the API on the configured store until SIGINT or SIGTERM, then a clean stop.
import type { Config } from '../../../kernel/config.ts';
import { Platform } from '../../platform.ts';
import { startServer } from '../../http/server.ts';

export async function serveCommand(config: Config, banner?: (url: string) => string): Promise<void> {
  const platform = await Platform.open(config);
  let server;
  try {
    server = await startServer(platform);
  } catch (err) {
    await platform.close();
    throw err;
  }
  process.stderr.write(
    banner?.(server.url) ??
      `xinyong serving ${platform.db.location} at ${server.url}\n  API reference: ${server.url}/docs (OpenAPI: ${server.url}/openapi.json)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('xinyong stopping\n');
  await server.stop();
  await platform.close();
}
