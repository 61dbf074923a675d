// `xinyong furnish FILE --agency KEY --month YYYY-MM`: a furnisher's batch from an NDJSON or CSV
// file, validated whole and stored all or nothing as one ledger event (as POST /v1/furnishing/batches).
import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../../../kernel/config.ts';
import { AppError } from '../../../kernel/problems.ts';
import { runWithContext } from '../../../kernel/request-context.ts';
import { csvLines, ndjsonLines } from '../../../features/credit-reporting/furnishing-files.ts';
import { withPlatform } from '../with-platform.ts';
import { printJson } from '../output.ts';

export async function furnishCommand(config: Config, file: string, opts: { agency: string; month: string; format?: 'ndjson' | 'csv' }): Promise<void> {
  if (!existsSync(file)) throw new AppError('not-found', `there is no file ${file}`);
  const format = opts.format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson');
  const text = readFileSync(file, 'utf8');
  const t0 = Date.now();
  const result = await withPlatform(config, async (p) => {
    const agency = await p.agencies.authenticate(opts.agency);
    const lines = format === 'csv' ? csvLines(text, p.policy.furnishing) : ndjsonLines(text);
    return runWithContext({ requestId: 'cli', actor: { type: 'agency', id: agency.code } }, () => p.furnishing.furnish(agency, opts.month, lines));
  });
  printJson({ ...result, seconds: (Date.now() - t0) / 1000 });
}
