// The scheduler on both stores: publicity ends by itself at each record's maximum, dated that
// day (so as-of reads see it on the right day); three years on the abnormal operations list
// proposes (never lists) the serious list; listings end at their expiry; a second run the same
// day changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_C, penalty, registration } from '../support/records.ts';
import { addDays, addPeriod } from '../../src/domain/dates.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

describe.each(ALL_STORES)('the scheduler on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  let penaltyId: string;
  let publicityEnd: string;
  let abnormalEntry: string;
  let listedOn: string;
  const samrActor = { type: 'agency' as const, id: 'samr-hangzhou' };

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    await asActor(samrActor, async () => {
      const r = await t.platform.intake.submit(samr, [
        { line: 1, value: registration(ORG_A) },
        { line: 2, value: penalty(1, { date: '2026-06-01' }) },
        { line: 3, value: registration(ORG_C, '深圳示例贸易有限公司') },
        {
          line: 4,
          value: {
            item: 'abnormal-operations',
            subject: { code: ORG_C, name: '深圳示例贸易有限公司' },
            decision: { number: '深市监异〔2026〕1号', date: '2026-11-02', authority: '深圳市市场监督管理局', basis: '《企业信息公示暂行条例》第十七条' },
            fields: { reason: 'unreachable-at-registered-address' },
          },
        },
      ]);
      penaltyId = r.records[1]!.recordId;
    });
    const [row] = await t.platform.db.query<{ publicity_end: string }>('SELECT publicity_end::text FROM credit_record WHERE record_id = $1', [penaltyId]);
    publicityEnd = row!.publicity_end;
    const [entry] = await t.platform.db.query<{ entry_id: string }>("SELECT entry_id FROM list_entry WHERE list = 'abnormal-operations'");
    abnormalEntry = entry!.entry_id;
    const decided = await asActor(samrActor, () =>
      t.platform.lists.act({ kind: 'agency', agency: samr }, abnormalEntry, { type: 'decide', outcome: 'add', reasons: '通过登记的住所无法联系。' }),
    );
    listedOn = decided.listedOn!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does nothing before anything is due', async () => {
    expect(await t.platform.tick()).toMatchObject({ publicityEnded: 0, entriesExpired: 0, escalationsProposed: 0 });
  });

  it('ends publicity at the maximum, dated that day, and as-of reads agree', async () => {
    expect(publicityEnd > '2027-01-01').toBe(true);
    t.clock.set(`${addDays(publicityEnd, 3)}T02:00:00Z`); // the scheduler may run late: the end is still dated on the day
    const ticked = await t.platform.tick();
    expect(ticked.publicityEnded).toBe(1);
    const [row] = await t.platform.db.query<{ publicity_ended_on: string; publicity_end_reason: string }>(
      'SELECT publicity_ended_on::text, publicity_end_reason FROM credit_record WHERE record_id = $1',
      [penaltyId],
    );
    expect(row).toEqual({ publicity_ended_on: publicityEnd, publicity_end_reason: 'expiry' });
    const ids = async (day: string) => (await t.platform.subjects.publicProfile(ORG_A, new Date(`${day}T12:00:00+08:00`))).records.map((r) => r.recordId);
    expect(await ids(addDays(publicityEnd, -1))).toContain(penaltyId);
    expect(await ids(publicityEnd)).not.toContain(penaltyId);
    expect((await t.platform.subjects.publicProfile(ORG_A)).records.map((r) => r.recordId)).not.toContain(penaltyId);
    // Nothing is deleted: the record is still there, ended.
    expect((await t.platform.db.query('SELECT 1 FROM credit_record WHERE record_id = $1', [penaltyId])).length).toBe(1);
  });

  it('proposes, never lists, the serious list after three years on the abnormal operations list, once', async () => {
    const due = addPeriod(listedOn, 'P3Y');
    t.clock.set(`${addDays(due, -1)}T02:00:00Z`);
    expect((await t.platform.tick()).escalationsProposed).toBe(0);
    t.clock.set(`${due}T02:00:00Z`);
    expect((await t.platform.tick()).escalationsProposed).toBe(1);
    const rows = await t.platform.db.query<{ list: string; state: string; subject_key: string }>(
      "SELECT list, state, subject_key FROM list_entry WHERE list = 'samr-serious-illegal'",
    );
    expect(rows).toEqual([{ list: 'samr-serious-illegal', state: 'proposed', subject_key: ORG_C }]);
    expect((await t.platform.tick()).escalationsProposed).toBe(0);
  });

  it('ends the listing at its expiry, dated on its end', async () => {
    const [row] = await t.platform.db.query<{ until: string }>('SELECT until::text FROM list_entry WHERE entry_id = $1', [abnormalEntry]);
    t.clock.set(`${addDays(row!.until, 10)}T02:00:00Z`);
    expect((await t.platform.tick()).entriesExpired).toBe(1);
    const [after] = await t.platform.db.query<{ state: string; removed_on: string; removal_reason: string }>(
      'SELECT state, removed_on::text, removal_reason FROM list_entry WHERE entry_id = $1',
      [abnormalEntry],
    );
    expect(after).toEqual({ state: 'removed', removed_on: row!.until, removal_reason: 'expiry' });
    expect(await t.platform.tick()).toMatchObject({ publicityEnded: 0, entriesExpired: 0, escalationsProposed: 0 });
  });
});
