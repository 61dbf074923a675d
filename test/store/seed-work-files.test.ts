// A seed's records wait on disk, a compressed file per quarter, and each quarter's file is gone
// once its records are filed: at ten million subjects the records as text are about as large as
// the disk's room beside the store, so a seed holds only what it has still to file, compressed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { Platform } from '../../src/app/platform.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { seed, seedOpeningInstant, writeQuarter, writeRecord } from '../../src/app/seed/seed.ts';
import { addDays } from '../../src/domain/dates.ts';

describe("a seed's work files", () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-seed-work-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are compressed, one a quarter, and removed as their quarters are filed', async () => {
    const clock = new FixedClock(seedOpeningInstant());
    const platform = await Platform.open(loadConfig({ dataDir: join(dir, 'store'), logLevel: 'silent', tickMinutes: 0 }, {}), { clock });
    const workDir = join(dir, 'work');
    const seen: Array<{ step: string; files: string[] }> = [];
    let lines = 0;
    let textBytes = 0;
    let storedBytes = 0;
    try {
      const result = await seed(platform, clock, {
        subjects: 200,
        seed: 3,
        today: platform.policy.localDate(new Date()),
        workDir,
        onProgress: (p) => {
          if (p.phase !== 'step' || !p.step) return;
          const files = readdirSync(workDir).sort();
          seen.push({ step: p.step.name, files });
          if (p.step.name === 'setup')
            for (const f of files) {
              const stored = readFileSync(join(workDir, f));
              const text = gunzipSync(stored).toString('utf8');
              storedBytes += statSync(join(workDir, f)).size;
              textBytes += Buffer.byteLength(text);
              lines += text.split('\n').filter((l) => l.length > 0).length;
            }
        },
      });
      // Every record waited in a quarter's file before it was filed, and every file is compressed.
      expect(lines).toBe(result.records);
      expect(seen[0]!.files.every((f) => /^\d{4}-\d{2}-\d{2}\.ndjson\.gz$/.test(f))).toBe(true);
      expect(storedBytes).toBeLessThan(textBytes / 3);
      // A quarter's file is named by the day after it ends, and its records are filed on its
      // last day: after each filing day's step, no file is left of a quarter ending by then, only
      // those of the quarters still to file, and none once the last is filed.
      for (const { step, files } of seen.slice(1)) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(step)) continue;
        for (const f of files) expect(f.slice(0, 10) > addDays(step, 1), `${f} after the step of ${step}`).toBe(true);
      }
      const lastDay = seen.filter((s) => /^\d{4}-\d{2}-\d{2}$/.test(s.step)).at(-1)!;
      expect(lastDay.files).toEqual([]);
    } finally {
      await platform.close();
    }
  });
});

describe("a seed's work file that cannot be written", () => {
  it('fails the seed with its error instead of waiting for it to drain', async () => {
    // A directory that is not there: the file's opening fails after the first lines are taken.
    const f = writeQuarter(join(tmpdir(), `xinyong-absent-${process.pid}`, 'work'), '2026-01-01');
    const line = `${JSON.stringify({ agency: 'x', record: { text: 'y'.repeat(400) } })}\n`;
    const failure = (async () => {
      for (let i = 0; i < 1_000_000; i++) {
        const full = writeRecord(f, line);
        if (full) await full;
        // As a seed's other quarters' files do, the loop gives way now and then without waiting
        // on this file: its failure comes meanwhile, and the next line must still meet it.
        else await new Promise((resolve) => setImmediate(resolve));
      }
    })().catch((e: unknown) => e);
    expect(await failure).toMatchObject({ code: 'ENOENT' });
  }, 20_000);
});
