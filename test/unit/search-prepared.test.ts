// The search lines intake has computed ahead of a batch's transaction (search.store.ts): a batch
// larger than the bound keeps the lines computed first rather than losing them part-way, lines
// left over from earlier batches make room once stale, and a line moved forward when its subject
// comes again. Time is given, never waited for.
import { describe, expect, it } from 'vitest';
import { prepareSearchRows, preparedSubjects } from '../../src/features/search/search.store.ts';

const MAX = 50_000;
const STALE_MS = 60_000;
const batch = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ subjectKey: `${prefix}${i}`, name: `杭州示例${prefix}${i}有限公司` }));

describe('search lines prepared ahead', () => {
  it('keeps the first lines of a batch larger than the bound, and makes room only from stale ones', () => {
    prepareSearchRows(batch('a', MAX + 10), 0);
    let keys = preparedSubjects();
    expect(keys).toHaveLength(MAX);
    expect(keys[0]).toBe('a0');
    expect(keys.at(-1)).toBe(`a${MAX - 1}`);
    // Within the minute, a second batch finds no room: the first's lines stay.
    prepareSearchRows(batch('b', 5), STALE_MS - 1);
    expect(preparedSubjects().includes('b0')).toBe(false);
    // Past it, the oldest go first, one a new line.
    prepareSearchRows(batch('b', 5), STALE_MS);
    keys = preparedSubjects();
    expect(keys).toHaveLength(MAX);
    expect(keys.slice(0, 2)).toEqual(['a5', 'a6']);
    expect(keys.slice(-5)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    // A subject coming again under another name is computed again and becomes the newest.
    prepareSearchRows([{ subjectKey: 'a5', name: '另一个名字有限公司' }], STALE_MS);
    expect(preparedSubjects().at(-1)).toBe('a5');
  });
});
