// The server's lifecycle: explicit start and stop, so the CLI and the tests run it in-process.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform.ts';
import { buildApp, type AppOptions } from './app.ts';
import { Scheduler } from '../../features/scheduler/scheduler.ts';

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
  // The scheduler: in one process at a time among the servers sharing the store, the holder of
  // its lease (scheduler.ts), when it takes the lease and then every tickMinutes; the day's
  // rescoring and evaluation at its first run of a local day (Platform.scheduledRun).
  const scheduler =
    options.scheduler === false
      ? null
      : new Scheduler(
          platform.db,
          platform.clock,
          { leaseMs: platform.config.schedulerLeaseSeconds * 1000, everyMs: platform.config.tickMinutes * 60_000 },
          async (guard) => {
            const r = await platform.scheduledRun(guard);
            app.log.info({ tick: r.tick, exportsKept: r.exports.made, holder: scheduler!.holder }, 'scheduler ran');
            for (const err of r.exports.failures) app.log.error({ err }, 'an export of yesterday was not kept');
            if (r.evaluations) app.log.info({ evaluations: r.evaluations, holder: scheduler!.holder }, 'daily evaluation ran');
          },
          (err) => app.log.error({ err }, 'scheduler failed'),
        );
  scheduler?.start();
  // Webhooks: every process queues the feeds' changes and sends what is due (each delivery is
  // claimed by one); stopped with the server.
  if (options.scheduler !== false) platform.webhooks.start(pollMs, (err) => app.log.error({ err }, 'webhook dispatch failed'));
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port;
  const host = options.host ?? platform.config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    app,
    url,
    async stop() {
      await scheduler?.stop();
      await platform.webhooks.stop();
      await app.close();
    },
  };
}
