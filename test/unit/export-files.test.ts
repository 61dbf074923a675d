// Putting items read in any order into key order through temporary files (the public records of
// a day are read in subject order and exported in record id order): every item comes back once,
// in key order, in pages no larger than a page, whatever the order and number read.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PAGE, inKeyOrder } from '../../src/features/exports/export-files.ts';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

async function* inPages<T>(items: readonly T[], size: number): AsyncIterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

describe('inKeyOrder', () => {
  it('gives back every item once, in key order, a page at a time', async () => {
    const hex = fc.stringMatching(/^[0-9a-f]{24}$/);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(hex, { maxLength: 600 }), fc.integer({ min: 1, max: 700 }), async (ids, size) => {
        const items = ids.map((h, i) => ({ recordId: `rec_${h}`, n: i }));
        const pages = await collect(inKeyOrder(inPages(items, size), (r) => r.recordId, 6));
        const out = pages.flat();
        expect(out.map((r) => r.recordId)).toEqual(ids.map((h) => `rec_${h}`).sort());
        expect(new Set(out.map((r) => r.n)).size).toBe(items.length);
        for (const page of pages) expect(page.length).toBeLessThanOrEqual(PAGE);
      }),
      { numRuns: 40 },
    );
  });

  it('orders keys shorter than the prefix before the keys they begin, and more than a page in one bucket', async () => {
    const items = [...Array.from({ length: PAGE + 5 }, (_, i) => ({ k: `rec_00${String(i).padStart(5, '0')}` })), { k: 'rec_' }, { k: 'rec_0' }].reverse();
    const pages = await collect(inKeyOrder(inPages(items, 300), (r) => r.k, 6));
    expect(pages.map((p) => p.length)).toEqual([1, 1, PAGE, 5]); // a page never spans two buckets
    expect(pages.flat().map((r) => r.k)).toEqual(items.map((r) => r.k).sort());
  });
});
