// The process the checkpoint crash test kills: it opens the platform on the store it is given and,
// without end, appends a batch of events to random logs (one transaction) and then makes a
// checkpoint. It says "ready" once open, "committed N" when its Nth batch is committed (the
// moment before signing, which the parent may kill it at) and "checkpoint <id> <sha256 of the
// note>" once a checkpoint is committed and could have been served.
//
//   node --import tsx test/support/checkpoint-child.ts '{"dataDir": ..., "databaseUrl": ..., "signingKey": ..., "seed": S}'
import { createHash } from 'node:crypto';
import { Platform } from '../../src/app/platform.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { appendEvents } from '../../src/ledger/ledger.ts';
import { TEST_SECRET } from './platform.ts';
import { seeded } from './crash-batches.ts';

export interface CheckpointChildArgs {
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL: the configured report signing key (PGlite keeps its own in the data directory). */
  signingKey: string | undefined;
  seed: number;
}

async function main(args: CheckpointChildArgs): Promise<void> {
  // The parent holds standard input open; if the parent dies, the child stops too.
  process.stdin.once('end', () => process.exit(4));
  process.stdin.resume();
  const config = loadConfig(
    { dataDir: args.dataDir, databaseUrl: args.databaseUrl, idHashSecret: TEST_SECRET, logLevel: 'silent', reportSigningKey: args.signingKey },
    {},
  );
  const platform = await Platform.open(config);
  const random = seeded(args.seed);
  process.stdout.write('ready\n');
  for (let batch = 1; ; batch++) {
    const events = Array.from({ length: 1 + Math.floor(random() * 20) }, (_, i) => ({
      type: 'evaluation.override-lifted' as const,
      subject: `crash-subject-${Math.floor(random() * 30)}`,
      data: { scorecard: `card-${args.seed}-${batch}-${i}`, reason: 'crash test' },
    }));
    await platform.db.transaction((tx) => appendEvents(tx, events, SYSTEM_ACTOR, new Date()));
    process.stdout.write(`committed ${batch}\n`);
    const made = await platform.log.currentCheckpoint();
    process.stdout.write(`checkpoint ${made.id} ${createHash('sha256').update(made.note).digest('hex')}\n`);
  }
}

main(JSON.parse(process.argv[2]!) as CheckpointChildArgs).catch((err: unknown) => {
  process.stderr.write(`checkpoint-child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(3);
});
