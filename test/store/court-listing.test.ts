// A court's listing is the court's decision, on both stores. On the list of dishonest judgment
// defaulters the court decides to list by a written decision effective on the day it is made
// (SPC provisions 法释〔2017〕7号 art. 5; issue 23 item 5): the entry is in force from that
// decision's date, not from the day the platform learns of it, whether the court's filing lists
// the debtor or the court lists it by hand on its filed decisions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_C, judgment, registration } from '../support/records.ts';
import { ledgerEvents } from '../support/ledger-rows.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import { appendAndProject } from '../../src/ledger/write.ts';
import { entryIdFor } from '../../src/features/lists/list.service.ts';

const LIST = 'dishonest-judgment-defaulters';
const agency = (a: AgencyPrincipal) => ({ kind: 'agency' as const, agency: a });
const as = <T>(a: AgencyPrincipal, fn: () => Promise<T>) => asActor({ type: 'agency', id: a.code }, fn);

describe.each(ALL_STORES)("a court's listing by hand on %s", (store) => {
  let t: TestPlatform;
  let court: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    const samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    court = (await addAgency(t.platform, 'court-xihu', 'court')).principal;
    await as(samr, () => t.platform.intake.submit(samr, [{ line: 1, value: registration(ORG_C, '深圳示例贸易有限公司') }]));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('art. 5: listed by hand on its decisions of 2 and 5 November, the debtor is listed from 5 November, not from the day it was listed here', async () => {
    const filed = await as(court, () =>
      t.platform.intake.submit(court, [
        { line: 1, value: judgment(1, ORG_C, '2026-11-02') },
        { line: 2, value: judgment(2, ORG_C, '2026-11-05') },
      ]),
    );
    const basisRecords = filed.records.map((r) => r.recordId!);
    const entry = await as(court, () => t.platform.lists.propose(agency(court), LIST, { basisRecords, reasons: '被执行人在两案中均有履行能力而拒不履行。' }));
    // In force at once, decided and listed on the decision's day, ending as the decision says
    // (its last listed day 2028-11-01), with no notice of the platform's.
    expect(entry).toMatchObject({
      state: 'in-force',
      origin: 'agency',
      decidingAgency: 'court-xihu',
      decidedOn: '2026-11-05',
      listedOn: '2026-11-05',
      until: '2028-11-02',
      noticeServedOn: null,
    });
    const listed = async (day: string) => (await t.platform.lists.entriesOn(LIST, day)).entries.map((e) => e.entryId);
    expect(await listed('2026-11-05')).toContain(entry.entryId);
    expect(await listed('2026-11-04')).not.toContain(entry.entryId);
    // The decision is the court's, recorded in its name.
    const events = (await ledgerEvents(t.platform.db, (e) => e.data.entryId === entry.entryId)).map((e) => ({ type: e.type, actor: e.actor.id }));
    expect(events).toEqual([
      { type: 'list.proposed', actor: 'court-xihu' },
      { type: 'list.decided', actor: 'court-xihu' },
    ]);
  });
});

// The listing is the court's decision, so it follows the decision as the court corrects it (arts.
// 2, 11: the court sets the period and corrects its decision): a corrected record (a new version)
// naming another last listed day moves the entry's end, in the court's name; a correction that
// leaves the dates alone leaves the entry, and the court's extension of it, as they were.
describe.each(ALL_STORES)("a court's corrected decision on %s", (store) => {
  let t: TestPlatform;
  let court: AgencyPrincipal;
  let recordId: string;
  let entryId: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    const samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    court = (await addAgency(t.platform, 'court-xihu', 'court')).principal;
    await as(samr, () => t.platform.intake.submit(samr, [{ line: 1, value: registration(ORG_C, '深圳示例贸易有限公司') }]));
    const filed = await as(court, () => t.platform.intake.submit(court, [{ line: 1, value: judgment(1, ORG_C, '2026-11-02') }]));
    recordId = filed.records[0]!.recordId!;
    const [entry] = await t.platform.db.query<{ entry_id: string }>('SELECT entry_id FROM list_entry WHERE list = $1 AND subject_key = $2', [LIST, ORG_C]);
    entryId = entry!.entry_id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const entry = () => t.platform.lists.get(entryId);
  const correct = (reason: string, fields: Record<string, unknown>) => as(court, () => t.platform.intake.correct(court, recordId, { reason, fields }));
  const listed = async (day: string) => (await t.platform.lists.entriesOn(LIST, day)).entries.some((e) => e.entryId === entryId);

  it('the court shortens the period its decision names: the listing ends with it, and is no longer on the list from then', async () => {
    expect(await entry()).toMatchObject({ state: 'in-force', listedOn: '2026-11-02', until: '2028-11-02' });
    await correct('本院决定更正失信期限。', { until: '2027-11-01' });
    expect(await entry()).toMatchObject({ state: 'in-force', listedOn: '2026-11-02', until: '2027-11-02', requestedUntil: '2027-11-01' });
    expect(await listed('2027-11-01')).toBe(true);
    expect(await listed('2027-11-02')).toBe(false);
    const [last] = (await ledgerEvents(t.platform.db, (e) => e.data.entryId === entryId))
      .sort((a, b) => a.log - b.log || b.idx - a.idx)
      .map((e) => ({ type: e.type, actor: e.actor.id, reasons: e.data.reasons }));
    expect(last).toMatchObject({ type: 'list.decided', actor: 'court-xihu', reasons: expect.stringContaining(`Record ${recordId} corrected (version 2)`) });
  });

  it('the court lengthens it (art. 2: three years for a serious case): the listing runs to the new last day', async () => {
    await correct('情节严重，本院决定延长失信期限。', { until: '2029-11-01' });
    expect(await entry()).toMatchObject({ listedOn: '2026-11-02', until: '2029-11-02' });
    expect(await listed('2029-11-01')).toBe(true);
  });

  it("a correction that leaves the dates as they were leaves the entry, and the court's extension of it, alone", async () => {
    await as(court, () => t.platform.lists.act(agency(court), entryId, { type: 'extend', until: '2030-05-02', reasons: '延长' }));
    const before = await entry();
    await correct('更正履行义务表述。', { obligation: '支付货款人民币十万元及利息' });
    expect(await entry()).toEqual(before);
    expect(before.until).toBe('2030-05-02');
  });

  it('the court corrects the date of its decision: the listing is in force from the corrected date', async () => {
    await as(court, () =>
      t.platform.intake.correct(court, recordId, {
        reason: '更正决定日期。',
        decision: { ...judgment(1, ORG_C, '2026-11-03').decision },
        fields: { until: '2029-11-02' },
      }),
    );
    expect(await entry()).toMatchObject({ listedOn: '2026-11-03', decidedOn: '2026-11-03', until: '2029-11-03' });
    expect(await listed('2026-11-02')).toBe(false);
    expect(await listed('2026-11-03')).toBe(true);
  });

  it('a rebuild from the ledger gives the entry as it was projected', async () => {
    const projected = await entry();
    await t.platform.rebuild();
    expect(await entry()).toEqual(projected);
  });
});

// A court's listing by hand made before such a listing was decided at once is still proposed in
// the ledger. When the court decides it here (one entry, or many from its queue), the listing is
// still the court's decision (art. 5: effective on the day it is made): in force from the day the
// decision it stands on takes effect (of several, the last), not from the day it is decided here.
describe.each(ALL_STORES)("a court's listing proposed before, decided through the entry's steps on %s", (store) => {
  let t: TestPlatform;
  let court: AgencyPrincipal;
  let records: string[] = [];

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    const samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    court = (await addAgency(t.platform, 'court-xihu', 'court')).principal;
    await as(samr, () => t.platform.intake.submit(samr, [{ line: 1, value: registration(ORG_C, '深圳示例贸易有限公司') }]));
    const filed = await as(court, () =>
      t.platform.intake.submit(court, [
        { line: 1, value: judgment(1, ORG_C, '2026-11-02') },
        { line: 2, value: judgment(2, ORG_C, '2026-11-05') },
        { line: 3, value: judgment(3, ORG_C, '2026-11-03') },
        { line: 4, value: judgment(4, ORG_C, '2026-11-09') },
      ]),
    );
    records = filed.records.map((r) => r.recordId!);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The court's proposal by hand on these records, as the ledger holds one made before: proposed, not decided. */
  const proposedBefore = async (basisRecords: string[]): Promise<string> => {
    const entryId = entryIdFor(LIST, [...basisRecords].sort().join(','));
    const data = { basisRecords, decidingAgency: court.code, entryId, list: LIST, origin: 'agency' as const, proposedOn: '2026-11-20' };
    await t.platform.db.transaction((tx) =>
      appendAndProject(
        tx,
        [{ type: 'list.proposed', subject: ORG_C, data: { ...data, reasons: '被执行人有履行能力而拒不履行。', requestedUntil: '2028-11-01' } }],
        { type: 'agency', id: court.code },
        t.clock.now(),
      ),
    );
    return entryId;
  };
  const add = { type: 'decide' as const, outcome: 'add' as const, reasons: '本院决定将被执行人纳入失信被执行人名单。' };
  const listed = async (day: string) => (await t.platform.lists.entriesOn(LIST, day)).entries.map((e) => e.entryId);
  const decisions = async (entryId: string) =>
    (await ledgerEvents(t.platform.db, (e) => e.type === 'list.decided' && e.data.entryId === entryId)).map((e) => ({
      actor: e.actor.id,
      decided_on: e.data.decidedOn,
      listed_on: e.data.listedOn,
    }));

  it('decided on 10 December, an entry on its decisions of 2 and 5 November is listed from 5 November', async () => {
    const entryId = await proposedBefore([records[0]!, records[1]!]);
    t.clock.set('2026-12-10T02:00:00Z');
    const entry = await as(court, () => t.platform.lists.act(agency(court), entryId, add));
    expect(entry).toMatchObject({ state: 'in-force', decidedOn: '2026-11-05', listedOn: '2026-11-05', until: '2028-11-02', noticeServedOn: null });
    expect(await listed('2026-11-05')).toContain(entryId);
    expect(await listed('2026-11-04')).not.toContain(entryId);
    expect(await decisions(entryId)).toEqual([{ actor: 'court-xihu', decided_on: '2026-11-05', listed_on: '2026-11-05' }]);
  });

  it('decided from its queue with others, an entry on its decisions of 3 and 9 November is listed from 9 November', async () => {
    const entryId = await proposedBefore([records[2]!, records[3]!]);
    t.clock.set('2026-12-11T02:00:00Z');
    expect(await as(court, () => t.platform.lists.actMany(agency(court), [{ entryId, action: add }]))).toEqual({ applied: 1, refused: [] });
    expect(await t.platform.lists.get(entryId)).toMatchObject({ state: 'in-force', decidedOn: '2026-11-09', listedOn: '2026-11-09', until: '2028-11-02' });
    expect(await listed('2026-11-09')).toContain(entryId);
    expect(await listed('2026-11-08')).not.toContain(entryId);
    expect(await decisions(entryId)).toEqual([{ actor: 'court-xihu', decided_on: '2026-11-09', listed_on: '2026-11-09' }]);
  });

  it('a rebuild from the ledger gives the entries as they were projected', async () => {
    const ids = [entryIdFor(LIST, [records[0]!, records[1]!].sort().join(',')), entryIdFor(LIST, [records[2]!, records[3]!].sort().join(','))];
    const projected = await Promise.all(ids.map((id) => t.platform.lists.get(id)));
    await t.platform.rebuild();
    expect(await Promise.all(ids.map((id) => t.platform.lists.get(id)))).toEqual(projected);
  });
});
