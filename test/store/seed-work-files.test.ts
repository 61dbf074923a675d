// A seed's records wait on disk, a compressed file per quarter, and each quarter's file is gone
// once its records are filed: at ten million subjects the records as text are about as large as
// the disk's room beside the store, so a seed holds only what it has still to file, compressed.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { Platform } from '../../src/app/platform.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { closeQuarter, seed, seedOpeningInstant, writeQuarter, writeRecord } from '../../src/app/seed/seed.ts';
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
              storedBytes += stored.length;
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

describe("a quarter's work file", () => {
  it('holds every line written to it, in order, across the chunks it is compressed in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xinyong-seed-chunks-'));
    try {
      const f = writeQuarter(dir, '2026-01-01');
      const lines = Array.from({ length: 3000 }, (_, i) => `${JSON.stringify({ n: i, text: '信'.repeat(i % 500) })}\n`);
      for (const line of lines) {
        const full = writeRecord(f, line);
        if (full) await full;
      }
      closeQuarter(f);
      await f.written;
      expect(gunzipSync(readFileSync(join(dir, '2026-01-01.ndjson.gz'))).toString('utf8')).toBe(lines.join(''));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a seed's work file that cannot be written", () => {
  const line = `${JSON.stringify({ agency: 'x', record: { text: 'y'.repeat(400) } })}\n`;
  // A directory that is not there: the file's opening fails once the stream tries it.
  const failing = () => writeQuarter(join(tmpdir(), `xinyong-absent-${process.pid}`, 'work'), '2026-01-01');

  it('answers the next line with its error once its writing has failed', async () => {
    const f = failing();
    expect(writeRecord(f, line)).toBeNull();
    await f.written.catch(() => undefined);
    // The stream is destroyed now: a line written to it would be neither taken nor ever drained.
    await expect(writeRecord(f, line)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('fails the wait for a full buffer to drain when its writing fails meanwhile', async () => {
    const f = failing();
    let full: Promise<unknown> | null = null;
    while (!full) full = writeRecord(f, line);
    await expect(full).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a line once closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xinyong-seed-closed-'));
    try {
      const f = writeQuarter(dir, '2026-01-01');
      closeQuarter(f);
      await f.written;
      await expect(writeRecord(f, line)).rejects.toThrow(/closed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
