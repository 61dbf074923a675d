// The check log's group commit on both stores: a check's promise resolves only once its row is
// committed; batches split at their size and commit one after another; a batch that
// fails rejects its own checks and no others; drain waits for everything written before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { CheckLog, type CheckLogEntry } from '../../src/checks/check-log.ts';

function entry(id: string): CheckLogEntry {
  return {
    checkId: id,
    subjectKey: '91330106MA2AAAAA0X',
    scenario: 'procurement-bid',
    asOf: '2026-11-20',
    askedAt: new Date('2026-11-20T04:00:00Z'),
    askedBy: 'agency:samr',
    outcome: 'none',
    measures: [],
    policyVersion: 'test',
  };
}

describe.each(STORES)('check log group commit on %s', (store) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await openTestPlatform(store);
  });
  afterAll(async () => t?.close());

  const logged = async (prefix: string): Promise<Set<string>> =>
    new Set((await t.platform.db.query<{ check_id: string }>('SELECT check_id FROM check_log WHERE check_id LIKE $1', [`${prefix}%`])).map((r) => r.check_id));

  it('resolves each check once its row is committed, across batches split by size', async () => {
    const log = new CheckLog(t.platform.db, 16);
    const ids = Array.from({ length: 500 }, (_, i) => `chk_split_${String(i).padStart(4, '0')}`);
    const seenAtResolve: boolean[] = [];
    await Promise.all(
      ids.map((id, i) =>
        log.write(entry(id)).then(async () => {
          // Every tenth check looks for its own row as soon as it is acknowledged.
          if (i % 10 === 0) seenAtResolve.push((await logged(id)).has(id));
        }),
      ),
    );
    expect(seenAtResolve).toHaveLength(50);
    expect(seenAtResolve.every(Boolean)).toBe(true);
    expect((await logged('chk_split_')).size).toBe(500);
  });

  it('rejects only the checks of a batch that fails, and drain waits for all', async () => {
    const log = new CheckLog(t.platform.db, 4);
    await log.write(entry('chk_dup_0000'));
    // The third batch of four repeats a logged id: the primary key refuses that COPY.
    const ids = Array.from({ length: 16 }, (_, i) => (i === 9 ? 'chk_dup_0000' : `chk_dup_${String(i + 1).padStart(4, '0')}`));
    const outcomes = ids.map((id) =>
      log.write(entry(id)).then(
        () => 'ok',
        () => 'refused',
      ),
    );
    await log.drain();
    const settled = await Promise.all(outcomes);
    expect(settled).toEqual(ids.map((_, i) => (i >= 8 && i < 12 ? 'refused' : 'ok')));
    const rows = await logged('chk_dup_');
    expect(rows.size).toBe(13);
    for (const i of [8, 10, 11]) expect(rows.has(ids[i]!)).toBe(false);
  });

  it('drain resolves with nothing pending, and waits for a write made before it', async () => {
    const log = new CheckLog(t.platform.db);
    await log.drain();
    const p = log.write(entry('chk_drain_0001'));
    await log.drain();
    expect((await logged('chk_drain_')).has('chk_drain_0001')).toBe(true);
    await p;
  });
});
