// The server's lifecycle: explicit start and stop, so the CLI and the tests run it in-process.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform.ts';
import { buildApp, type AppOptions } from './app.ts';
import { vacuumAnalyze } from '../../store/maintenance.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(
  platform: Platform,
  options: { host?: string; port?: number; scheduler?: boolean } & AppOptions = {},
): Promise<RunningServer> {
  const app = await buildApp(platform, options.logStream ? { logStream: options.logStream } : {});
  // The check index is built before the server answers, then follows the ledger.
  const pollMs = platform.config.followPollSeconds * 1000;
  await platform.checks.start(pollMs);
  // Evaluations follow the ledger too: a new record, a repair or a list change re-evaluates its subject.
  await platform.evaluations.follow(pollMs);
  // The ledger's checkpoints: signed at least once a second while it grows (stopped when the platform closes).
  platform.log.start((err) => app.log.error({ err }, 'checkpoint failed'));
  await app.listen({ host: options.host ?? platform.config.host, port: options.port ?? platform.config.port });
  // The scheduler runs at start and then every tickMinutes, inside the server process.
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  // Once a local day, every subject is re-evaluated (recency decays with time, not only with events).
  let evaluatedOn: string | null = null;
  const runTick = () => {
    running = running
      .then(async () => {
        const r = await platform.tick();
        app.log.info({ tick: r }, 'scheduler ran');
        const today = platform.policy.localDate(platform.clock.now());
        if (evaluatedOn !== today) {
          const e = await platform.evaluations.evaluateAll();
          evaluatedOn = today;
          app.log.info({ evaluations: e }, 'daily evaluation ran');
          // The embedded store has no autovacuum: the day's updates are reclaimed, and its
          // statistics refreshed, here.
          if (platform.db.kind === 'pglite') await vacuumAnalyze(platform.db);
        }
      })
      .catch((err: unknown) => app.log.error({ err }, 'scheduler failed'));
  };
  if (options.scheduler !== false) {
    runTick();
    if (platform.config.tickMinutes > 0) timer = setInterval(runTick, platform.config.tickMinutes * 60_000).unref();
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port;
  const host = options.host ?? platform.config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    app,
    url,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      await app.close();
    },
  };
}
