// The public records' kept days on every store: a day is kept only after the last day kept and
// against it, with all of its maker's changes, so the kept days always chain and a day's records
// (each record's latest kept change on or before it) never change once kept; changes no kept day
// owns are swept, a kept day's never.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import {
  dropPublicationChanges,
  dropUnkeptPublicationChanges,
  keepPublicationHeader,
  keptPublication,
  publicationPage,
  writePublicationChanges,
  type KeptPublication,
} from '../../src/features/exports/record-exports.store.ts';

const header = (day: string, maker: string, afterDay: string | null, changes: number): KeptPublication => ({
  day,
  maker,
  afterDay,
  madeAt: '2026-11-21T00:00:00.000Z',
  checkpointId: 1,
  records: changes,
  added: changes,
  modified: 0,
  deleted: 0,
});

describe.each(ALL_STORES)('the public records kept day by day on %s', (store) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await openTestPlatform(store);
  });
  afterAll(async () => {
    await t?.close();
  });

  const change = (recordId: string, item: string | null) => ({ recordId, subjectKey: 'k', item });
  const page = async (day: string) => (await publicationPage(t.platform.db, day, '', 100)).map((r) => [r.recordId, r.item]);

  it('keeps a first day only when no day is kept, and only with all of its changes', async () => {
    const db = t.platform.db;
    await writePublicationChanges(db, '2026-11-20', 'm1', [change('rec_01', 'a1'), change('rec_02', 'b1')]);
    // The count of its changes is the header's: a maker that claims one it did not write keeps nothing.
    expect(await keepPublicationHeader(db, header('2026-11-20', 'm1', null, 3))).toBe(false);
    expect(await keepPublicationHeader(db, header('2026-11-20', 'm1', null, 2))).toBe(true);
    // A second maker of the same day, or another first day, is refused.
    await writePublicationChanges(db, '2026-11-20', 'm2', [change('rec_01', 'a-other')]);
    expect(await keepPublicationHeader(db, header('2026-11-20', 'm2', null, 1))).toBe(false);
    expect(await keepPublicationHeader(db, header('2026-11-19', 'm2', null, 0))).toBe(false);
    expect(await page('2026-11-20')).toEqual([
      ['rec_01', 'a1'],
      ['rec_02', 'b1'],
    ]);
  });

  it('keeps a later day only against the last day kept, and reads each day as its changes made it', async () => {
    const db = t.platform.db;
    await writePublicationChanges(db, '2026-11-21', 'm3', [change('rec_01', 'a2'), change('rec_02', null), change('rec_03', 'c1')]);
    // Against a day before the last one kept (a maker that read an older chain): refused.
    expect(await keepPublicationHeader(db, header('2026-11-21', 'm3', null, 3))).toBe(false);
    expect(await keepPublicationHeader(db, header('2026-11-21', 'm3', '2026-11-20', 3))).toBe(true);
    // A day between two kept days can no longer be kept: the 21st's changes are from the 20th.
    await writePublicationChanges(db, '2026-11-22', 'm4', []);
    expect(await keepPublicationHeader(db, header('2026-11-22', 'm4', '2026-11-20', 0))).toBe(false);
    expect(await page('2026-11-20')).toEqual([
      ['rec_01', 'a1'],
      ['rec_02', 'b1'],
    ]);
    expect(await page('2026-11-21')).toEqual([
      ['rec_01', 'a2'],
      ['rec_03', 'c1'],
    ]);
    // A day after the last kept reads as it: nothing kept changed since.
    expect(await page('2026-11-25')).toEqual(await page('2026-11-21'));
    expect(await page('2026-11-19')).toEqual([]);
    expect((await keptPublication(db, '2026-11-21'))!.afterDay).toBe('2026-11-20');
  });

  it("sweeps changes no kept day owns, and never a kept day's", async () => {
    const db = t.platform.db;
    await dropUnkeptPublicationChanges(db, '2026-11-22');
    await dropPublicationChanges(db, '2026-11-21', 'm3'); // kept: a failed maker's clean-up leaves it
    const rows = await db.query<{ day: string; maker: string }>(
      "SELECT to_char(day, 'YYYY-MM-DD') AS day, maker FROM record_publication ORDER BY day, maker, record_id",
    );
    expect(rows.map((r) => `${r.day} ${r.maker}`)).toEqual(['2026-11-20 m1', '2026-11-20 m1', '2026-11-21 m3', '2026-11-21 m3', '2026-11-21 m3']);
  });
});
