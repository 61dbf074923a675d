// The records the benchmarks load: the synthetic generator's realistic mix (records of every
// catalogue item from the demo agencies over five years), the same for every run with the same seed.
import { join } from 'node:path';
import { loadPolicyPack } from '../src/kernel/policy-pack.ts';
import { DEMO_AGENCIES, generateDataset } from '../src/synthetic/generator.ts';

export interface BenchDataset {
  source: string;
  subjects: number;
  agencies: Array<{ code: string; name: string; kind: string }>;
  lines: Array<{
    agency: string;
    record: {
      item: string;
      subject: { code?: string; idNumber?: string; name: string };
      decision: { number: string; date: string; authority: string; basis: string };
      fields: Record<string, unknown>;
    };
  }>;
}

/** The generator's mean number of records per subject, to size the subjects of a run. */
const RECORDS_PER_SUBJECT = 5.4;

/** About `records` records (fewer if the subjects give fewer). */
export async function benchDataset(records: number, today: string): Promise<BenchDataset> {
  const policy = loadPolicyPack(join(import.meta.dirname, '..', 'policy', 'cn-national'));
  const subjects = Math.max(10, Math.round(records / RECORDS_PER_SUBJECT));
  const lines: BenchDataset['lines'] = [];
  for (const r of generateDataset({ seed: 1, subjects, today, policy }).records()) {
    lines.push(r as BenchDataset['lines'][number]);
    if (lines.length >= records) break;
  }
  return {
    source: `synthetic generator, seed 1, ${subjects} subjects`,
    subjects,
    agencies: DEMO_AGENCIES.map(({ code, name, kind }) => ({ code, name, kind })),
    lines,
  };
}
