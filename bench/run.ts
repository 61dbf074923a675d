// npm run bench -- NAME [--option value ...]: runs bench/NAME.ts, prints progress on stderr and,
// as its last line on stdout, the JSON report, which it also writes to bench/results/NAME.json
// when it holds results.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, saveReport, type BenchReport } from './lib.ts';

const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
if (!name || !existsSync(join(import.meta.dirname, `${name}.bench.ts`))) {
  process.stderr.write(`usage: npm run bench -- NAME [--option value]\navailable: ${available.join(', ')}\n`);
  process.exit(2);
}
const mod = (await import(`./${name}.bench.ts`)) as { run(args: Record<string, string | true>): Promise<BenchReport> };
const report = await mod.run(parseArgs(rest));
// A run that measured nothing (a store loaded for a later run) leaves the recorded results alone.
if (report.results.length > 0) process.stderr.write(`saved ${saveReport(report)}\n`);
else process.stderr.write('nothing measured: bench/results left as they are\n');
process.stdout.write(`${JSON.stringify(report)}\n`);
