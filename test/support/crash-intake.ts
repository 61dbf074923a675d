// The process the crash test kills: it opens the platform on the store it is given and files
// batches of records through intake, one transaction each, without end. It says "ready" once
// open, "begin B N" before it submits batch B of N records and "ack B N" as soon as the store
// has answered that the batch is committed: what the parent may hold the store to.
//
//   node --import tsx test/support/crash-intake.ts '{"dataDir": ..., "databaseUrl": ..., "apiKey": ..., "cycle": C, "seed": S, "maxBatch": M}'
import { Platform } from '../../src/app/platform.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { runWithContext } from '../../src/kernel/request-context.ts';
import { penalty } from './records.ts';
import { TEST_SECRET } from './platform.ts';
import { batchPrefix, CRASH_SUBJECTS, seeded, type CrashChildArgs } from './crash-batches.ts';

async function main(args: CrashChildArgs): Promise<void> {
  // The parent holds standard input open; if the parent dies, the child stops filing too.
  process.stdin.once('end', () => process.exit(4));
  process.stdin.resume();
  const config = loadConfig({ dataDir: args.dataDir, databaseUrl: args.databaseUrl, idHashSecret: TEST_SECRET, logLevel: 'silent' }, {});
  const platform = await Platform.open(config);
  const agency = await platform.agencies.authenticate(args.apiKey);
  const random = seeded(args.seed);
  process.stdout.write('ready\n');
  for (let batch = 1; ; batch++) {
    const size = 1 + Math.floor(random() * args.maxBatch);
    const lines = Array.from({ length: size }, (_, i) => {
      // One in twenty is serious: intake then proposes a listing in the same transaction.
      const record = penalty(0, { code: CRASH_SUBJECTS[Math.floor(random() * CRASH_SUBJECTS.length)], severity: random() < 0.05 ? 'serious' : 'general' });
      return { line: i + 1, value: { ...record, decision: { ...record.decision, number: `${batchPrefix(args.cycle, batch)}${i + 1}号` } } };
    });
    process.stdout.write(`begin ${batch} ${size}\n`);
    const result = await runWithContext({ requestId: `crash-${args.cycle}-${batch}`, actor: { type: 'agency', id: agency.code } }, () =>
      platform.intake.submit(agency, lines),
    );
    if (result.created !== size) throw new Error(`batch ${batch}: ${result.created} of ${size} created`);
    process.stdout.write(`ack ${batch} ${size}\n`);
  }
}

main(JSON.parse(process.argv[2]!) as CrashChildArgs).catch((err: unknown) => {
  process.stderr.write(`crash-intake: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(3);
});
