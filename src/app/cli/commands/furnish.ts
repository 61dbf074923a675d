// `xinyong furnish FILE --agency KEY --month YYYY-MM`: a furnisher's batch from an NDJSON or CSV
// file, validated whole and stored all or nothing as one ledger event (as POST /v1/furnishing/batches).
import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../../../kernel/config.ts';
import { AppError } from '../../../kernel/problems.ts';
import { runWithContext } from '../../../kernel/request-context.ts';
import { csvLines } from '../../../features/credit-reporting/furnishing-csv.ts';
import type { FurnishingLineInput } from '../../../features/credit-reporting/furnishing.service.ts';
import { withPlatform } from '../with-platform.ts';
import { printJson } from '../output.ts';

function ndjsonLines(text: string): FurnishingLineInput[] {
  const out: FurnishingLineInput[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(line) as unknown });
    } catch (err) {
      out.push({ line: i + 1, errors: [{ field: '', message: `not valid JSON: ${(err as Error).message}` }] });
    }
  });
  return out;
}

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
