// `xinyong import FILE`: records from NDJSON or CSV through intake, with a progress bar.
import { existsSync } from 'node:fs';
import type { Config } from '../../../kernel/config.ts';
import { importFile } from '../../../features/records/import.ts';
import { withPlatform } from '../with-platform.ts';
import { printJson } from '../output.ts';
import { Progress } from '../progress.ts';
import { AppError } from '../../../kernel/problems.ts';

export async function importCommand(
  config: Config,
  file: string,
  opts: { agency: string; format?: 'ndjson' | 'csv'; batch: string; lenientCodes?: boolean; maxBatches?: string },
): Promise<void> {
  if (!existsSync(file)) throw new AppError('not-found', `there is no file ${file}`);
  const batchSize = Number(opts.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)
    throw new AppError('validation-failed', '--batch must be a whole number from 1 to 100000');
  const maxBatches = opts.maxBatches === undefined ? undefined : Number(opts.maxBatches);
  if (maxBatches !== undefined && (!Number.isInteger(maxBatches) || maxBatches < 1))
    throw new AppError('validation-failed', '--max-batches must be a whole number of at least 1');
  const progress = new Progress('import', 0, ' bytes');
  const t0 = Date.now();
  const result = await withPlatform(config, async (p) => {
    const agency = await p.agencies.authenticate(opts.agency);
    return importFile(p.db, p.intake, p.policy, agency, file, {
      ...(opts.format ? { format: opts.format } : {}),
      batchSize,
      lenientCodes: opts.lenientCodes ?? false,
      ...(maxBatches !== undefined ? { maxBatches } : {}),
      onProgress: ({ bytes, totalBytes, records, duplicates }) => {
        progress.setTotal(totalBytes);
        progress.update(bytes, `records ${records} duplicates ${duplicates}`);
      },
    });
  });
  progress.finish();
  printJson({ ...result, seconds: (Date.now() - t0) / 1000 });
}
