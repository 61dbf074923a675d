// An import stopped by kill -9 at any moment continues after its last committed batch when run
// again, filing nothing twice and losing nothing: NDJSON and CSV, on every store, stopped after
// several numbers of batches (picked from the import's own progress lines, --progress lines,
// never by waiting), ends with the store an uninterrupted import of the same file makes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshStore, STORES, type StoreLocation } from '../support/stores.ts';
import { runUntil } from '../support/kill-at.ts';
import { firstLedgerDifference, storeDigest } from '../support/store-digest.ts';
import { ORG_A, ORG_B, ORG_C, penalty } from '../support/records.ts';

const RECORDS = 1200;
const BATCH = 50;
const CODES = [ORG_A, ORG_B, ORG_C];

function records(): Array<ReturnType<typeof penalty>> {
  return Array.from({ length: RECORDS }, (_, i) => penalty(20_000 + i, { code: CODES[i % CODES.length]!, date: `2026-0${1 + (i % 9)}-1${i % 10}` }));
}

function ndjson(dir: string): string {
  const file = join(dir, 'records.ndjson');
  writeFileSync(
    file,
    records()
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );
  return file;
}

function csv(dir: string): string {
  const file = join(dir, 'records.csv');
  const cols = ['item', 'subject.code', 'subject.name', 'decision.number', 'decision.date', 'decision.authority', 'decision.basis'];
  const fields = ['penaltyTypes', 'violatedProvision', 'facts', 'fineAmount'];
  const cell = (v: unknown) => {
    const s = Array.isArray(v) ? v.join('|') : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = records().map((r) =>
    [
      r.item,
      r.subject.code,
      r.subject.name,
      r.decision.number,
      r.decision.date,
      r.decision.authority,
      r.decision.basis,
      ...fields.map((f) => (r.fields as Record<string, unknown>)[f]),
    ]
      .map(cell)
      .join(','),
  );
  writeFileSync(file, [[...cols, ...fields.map((f) => `fields.${f}`)].join(','), ...rows].join('\r\n') + '\r\n');
  return file;
}

/** The batches this run committed, by its progress line. */
function batchOf(line: string): number {
  const m = /batch (\d+) committed/.exec(line);
  return m ? Number(m[1]) : 0;
}

describe.concurrent.each(STORES)('an import stopped by kill -9 and run again, on %s', (store) => {
  const locations: StoreLocation[] = [];
  afterAll(async () => {
    for (const l of locations) await l.cleanup();
  });

  it.each([
    ['NDJSON', ndjson],
    ['CSV', csv],
  ])(
    'files every record of a %s file once, as an uninterrupted import does',
    async (_format, write) => {
      const whole = await freshStore(store);
      const stopped = await freshStore(store);
      locations.push(whole, stopped);
      const file = write(stopped.dataDir);
      const where = (l: StoreLocation): { args: string[]; env: Record<string, string> } => ({
        args: ['--data', l.dataDir],
        env: l.databaseUrl ? { DATABASE_URL: l.databaseUrl } : {},
      });
      const keyOf = async (l: StoreLocation) => {
        const r = await runUntil(
          ['agency', 'add', ...where(l).args, '--code', 'samr-hangzhou', '--name', '杭州市市场监督管理局', '--kind', 'market-regulation'],
          where(l).env,
        );
        expect(r.status, r.stderr).toBe(0);
        return (JSON.parse(r.stdout) as { apiKey: string }).apiKey;
      };
      const importArgs = (l: StoreLocation, key: string) => [
        'import',
        file,
        ...where(l).args,
        '--agency',
        key,
        '--batch',
        String(BATCH),
        '--progress',
        'lines',
      ];

      const wholeKey = await keyOf(whole);
      const reference = runUntil(importArgs(whole, wholeKey), where(whole).env);
      const key = await keyOf(stopped);
      // Stopped after 1 batch, then 5 more, then 9 more.
      for (const after of [1, 5, 9]) {
        const run = await runUntil(importArgs(stopped, key), where(stopped).env, (l) => batchOf(l) >= after);
        expect(run.killed, run.stderr).toBe(true);
        expect(run.at).toMatch(/import \[.*\] .*bytes \([\d,]+ left\)/);
      }
      const last = await runUntil(importArgs(stopped, key), where(stopped).env);
      expect(last.status, last.stderr).toBe(0);
      const result = JSON.parse(last.stdout) as Record<string, unknown>;
      expect(result).toMatchObject({ created: RECORDS, duplicates: 0, complete: true });
      expect(result.resumedFromLine as number).toBeGreaterThanOrEqual(15 * BATCH);
      expect(last.stderr).toMatch(/import: continued an import that stopped after line \d+/);

      const done = await reference;
      expect(done.status, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({ created: RECORDS, duplicates: 0, complete: true, resumedFromLine: 0 });
      const [a, b] = [await storeDigest(whole), await storeDigest(stopped)];
      expect(b.records).toBe(RECORDS);
      if (a.eventSequence !== b.eventSequence) expect(await firstLedgerDifference(whole, stopped)).toBeNull();
      expect(b).toEqual(a);
      const audit = await runUntil(['audit', 'verify', '--all', ...where(stopped).args], where(stopped).env);
      expect(audit.status, audit.stdout).toBe(0);

      // Run again, the import is complete and files nothing.
      const again = await runUntil(importArgs(stopped, key), where(stopped).env);
      expect(JSON.parse(again.stdout)).toMatchObject({ alreadyComplete: true, created: RECORDS });
      expect((await storeDigest(stopped)).records).toBe(RECORDS);
    },
    1_800_000,
  );
});
