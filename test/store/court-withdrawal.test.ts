// A court's listing stands on the court's decision, on both stores. On the list of dishonest
// judgment defaulters the court's filed decision is the listing (SPC provisions 法释〔2017〕7号
// art. 5); when the court corrects or revokes that decision (arts. 11, 12) and its record is
// withdrawn, the listing goes with it in the same transaction: the entry is removed as of the
// withdrawal ('decision-revoked'), so the record, the list, the public profile and the nine
// high-consumption restrictions agree. Before the withdrawal day the listing still shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_C, judgment, registration } from '../support/records.ts';
import { ledgerEvents } from '../support/ledger-rows.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

const agency = (a: AgencyPrincipal) => ({ kind: 'agency' as const, agency: a });
const as = <T>(a: AgencyPrincipal, fn: () => Promise<T>) => asActor({ type: 'agency', id: a.code }, fn);

describe.each(ALL_STORES)("a court's listing on %s goes with the court's withdrawn decision", (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  let court: AgencyPrincipal;
  let recordId: string;
  let entryId: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    court = (await addAgency(t.platform, 'court-xihu', 'court')).principal;
    await as(samr, () => t.platform.intake.submit(samr, [{ line: 1, value: registration(ORG_C, '深圳示例贸易有限公司') }]));
    const filed = await as(court, () => t.platform.intake.submit(court, [{ line: 1, value: judgment(1, ORG_C, '2026-11-02') }]));
    recordId = filed.records[0]!.recordId;
    const [entry] = await t.platform.db.query<{ entry_id: string; state: string }>(
      "SELECT entry_id, state FROM list_entry WHERE subject_key = $1 AND list = 'dishonest-judgment-defaulters'",
      [ORG_C],
    );
    expect(entry!.state).toBe('in-force');
    entryId = entry!.entry_id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const check = (at?: string) => as(samr, () => t.platform.checks.check(agency(samr), { subject: ORG_C, scenario: 'high-consumption', ...(at ? { at } : {}) }));

  it('SPC provisions arts. 11-12: the court withdraws its decision on an objection, and the listing is removed in the same step', async () => {
    t.clock.set('2026-11-24T02:00:00Z');
    await t.platform.checks.index.catchUp();
    expect((await check()).outcome).toBe('prohibit');
    // The court reviews its own decision on an objection and withdraws it.
    const objection = await as(court, () =>
      t.platform.objections.file(agency(court), { target: { type: 'record', id: recordId }, reasons: '被执行人已提供财产，纳入决定有误。' }),
    );
    await as(court, () =>
      t.platform.objections.decide(agency(court), objection.objectionId, { outcome: 'withdrawn', reasons: '本院决定撤销纳入失信被执行人名单的决定。' }),
    );

    const [entry] = await t.platform.db.query<{ state: string; removed_on: string | null; removal_reason: string | null }>(
      'SELECT state, removed_on::text, removal_reason FROM list_entry WHERE entry_id = $1',
      [entryId],
    );
    expect(entry).toEqual({ state: 'removed', removed_on: '2026-11-24', removal_reason: 'decision-revoked' });
    // The removal is the court's, recorded in its name.
    const [removed] = (await ledgerEvents(t.platform.db, (e) => e.type === 'list.removed' && e.data.entryId === entryId)).map((e) => ({ actor: e.actor.id }));
    expect(removed).toEqual({ actor: 'court-xihu' });
  });

  it('the public profile, the list today and the high-consumption check agree with the withdrawn record', async () => {
    expect((await t.platform.subjects.publicProfile(ORG_C)).listEntries).toEqual([]);
    expect((await t.platform.lists.entriesOn('dishonest-judgment-defaulters', '2026-11-24')).entries).toEqual([]);
    await t.platform.checks.index.catchUp();
    const now = await check();
    expect(now.outcome).not.toBe('prohibit');
    expect(now.measures.filter((m) => m.code.startsWith('hc-'))).toEqual([]);
  });

  it('as of a day before the withdrawal, the listing still shows', async () => {
    expect((await t.platform.subjects.publicProfile(ORG_C, '2026-11-23')).listEntries.map((e) => e.entryId)).toEqual([entryId]);
    expect((await t.platform.lists.entriesOn('dishonest-judgment-defaulters', '2026-11-23')).entries.map((e) => e.entryId)).toEqual([entryId]);
    expect((await check('2026-11-23')).outcome).toBe('prohibit');
  });
});
