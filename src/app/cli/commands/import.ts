// `xinyong import FILE`: records from NDJSON or CSV through intake, with a progress bar. Each batch
// commits together with how far the file has been read (features/records/import.ts), so an import
// stopped at any moment (kill -9 included) continues after its last committed batch when run
// again, and a record filed before is answered as a duplicate, never filed twice.
import { existsSync } from 'node:fs';
import type { Config } from '../../../kernel/config.ts';
import { importFile } from '../../../features/records/import.ts';
import { withPlatform } from '../with-platform.ts';
import { printJson } from '../output.ts';
import { Progress, type ProgressMode } from '../progress.ts';
import { AppError } from '../../../kernel/problems.ts';

export async function importCommand(
  config: Config,
  file: string,
  opts: { agency: string; format?: 'ndjson' | 'csv'; batch: string; lenientCodes?: boolean; maxBatches?: string; progress?: ProgressMode },
): Promise<void> {
  if (!existsSync(file)) throw new AppError('not-found', `there is no file ${file}`);
  const batchSize = Number(opts.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)
    throw new AppError('validation-failed', '--batch must be a whole number from 1 to 100000');
  const maxBatches = opts.maxBatches === undefined ? undefined : Number(opts.maxBatches);
  if (maxBatches !== undefined && (!Number.isInteger(maxBatches) || maxBatches < 1))
    throw new AppError('validation-failed', '--max-batches must be a whole number of at least 1');
  const progress = new Progress('import', 0, ' bytes', process.stderr, opts.progress ?? 'bar');
  const t0 = Date.now();
  let batches = 0;
  const result = await withPlatform(config, async (p) => {
    const agency = await p.agencies.authenticate(opts.agency);
    return importFile(p.db, p.intake, p.policy, agency, file, {
      ...(opts.format ? { format: opts.format } : {}),
      batchSize,
      lenientCodes: opts.lenientCodes ?? false,
      ...(maxBatches !== undefined ? { maxBatches } : {}),
      onProgress: ({ bytes, totalBytes, records, duplicates }) => {
        progress.setTotal(totalBytes);
        progress.update(bytes, `batch ${++batches} committed, records ${records} filed, duplicates ${duplicates}`);
      },
    });
  });
  progress.finish(`records ${result.created} filed, duplicates ${result.duplicates}`);
  if (result.resumedFromLine > 0 && !result.alreadyComplete)
    process.stderr.write(`import: continued an import that stopped after line ${result.resumedFromLine}\n`);
  printJson({ ...result, seconds: (Date.now() - t0) / 1000 });
}
