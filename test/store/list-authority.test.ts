// Who decides a list, on both stores. A list is decided only by the agency kinds the pack names
// for it (lists.yaml `proposers`), also when a rule proposes automatically: a filed record
// proposes an entry with its filer as the deciding agency only where the filer's kind decides
// the list (SAMR Order 44: the market-regulation serious illegal list is the market regulators'),
// and the scheduler's escalations propose only for a deciding agency of a kind that decides the
// target list; otherwise nothing is proposed and the competent authority proposes by hand.
//
// A court's listing takes effect as the court decided (SPC provisions on dishonest judgment
// defaulters, 法释〔2017〕7号 art. 5: the decision is effective on the day it is made and the
// court serves it): the court's filing is the listing, in force from the decision's day, so the
// record, the list, the as-of reads, the change feed and the credit check agree at once. A list
// without that basis (samr-serious-illegal) still waits for the platform's notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, judgment, penalty, registration } from '../support/records.ts';
import { copyPack, edit } from '../support/pack-edits.ts';
import { ledgerEvents } from '../support/ledger-rows.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import { addPeriod } from '../../src/domain/dates.ts';
import { AppError } from '../../src/kernel/problems.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { appendAndProject } from '../../src/ledger/write.ts';
import { entryIdFor } from '../../src/features/lists/list.service.ts';

const agency = (a: AgencyPrincipal) => ({ kind: 'agency' as const, agency: a });
const as = <T>(a: AgencyPrincipal, fn: () => Promise<T>) => asActor({ type: 'agency', id: a.code }, fn);

function taxPenalty(n: number, code: string) {
  const p = penalty(n, { code, severity: 'serious', date: '2026-11-16' });
  return {
    ...p,
    decision: { number: `杭税稽罚〔2026〕${n}号`, date: '2026-11-16', authority: '国家税务总局杭州市税务局稽查局', basis: '《中华人民共和国税收征收管理法》第六十三条' },
  };
}

function abnormal(code: string, name: string, n: number) {
  return {
    item: 'abnormal-operations',
    subject: { code, name },
    decision: { number: `深市监异〔2026〕${n}号`, date: '2026-11-02', authority: '深圳市市场监督管理局', basis: '《企业信息公示暂行条例》第十七条' },
    fields: { reason: 'unreachable-at-registered-address' },
  };
}

describe.each(ALL_STORES)("a list's deciding authority on %s", (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  let tax: AgencyPrincipal;
  let court: AgencyPrincipal;
  let taxRecord: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z'); // a Friday
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    tax = (await addAgency(t.platform, 'tax-hangzhou', 'tax')).principal;
    court = (await addAgency(t.platform, 'court-xihu', 'court')).principal;
    await as(samr, () =>
      t.platform.intake.submit(samr, [
        { line: 1, value: registration(ORG_A) },
        { line: 2, value: registration(ORG_B, '深圳示例有限公司') },
        { line: 3, value: registration(ORG_C, '深圳示例贸易有限公司') },
      ]),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const entriesOf = (subject: string, list: string) =>
    t.platform.db.query<{ entry_id: string; state: string; deciding_agency: string; listed_on: string | null; until: string | null; notice_served_on: string | null }>(
      'SELECT entry_id, state, deciding_agency, listed_on::text, until::text, notice_served_on::text FROM list_entry WHERE subject_key = $1 AND list = $2',
      [subject, list],
    );

  it("SAMR Order 44: a tax bureau's serious penalty proposes nothing on the market-regulation serious illegal list", async () => {
    const filed = await as(tax, () => t.platform.intake.submit(tax, [{ line: 1, value: taxPenalty(1, ORG_A) }]));
    expect(filed.created).toBe(1);
    taxRecord = filed.records[0]!.recordId;
    expect(await entriesOf(ORG_A, 'samr-serious-illegal')).toEqual([]);
    // The record itself is filed and public: only the list is not the tax bureau's to decide.
    const profile = await t.platform.subjects.publicProfile(ORG_A);
    expect(profile.records.map((r) => r.recordId)).toContain(filed.records[0]!.recordId);
    expect(profile.listEntries).toEqual([]);
    // Left to the competent authority: a market regulator may propose it by hand, deciding it itself.
    const byHand = await as(samr, () =>
      t.platform.lists.propose(agency(samr), 'samr-serious-illegal', { basisRecords: [filed.records[0]!.recordId], reasons: '经核查，拟列入。' }),
    );
    expect(byHand).toMatchObject({ state: 'proposed', decidingAgency: 'samr-hangzhou', origin: 'agency' });
  });

  it('an entry a rule proposed for an agency that does not decide the list (a ledger from before) can only be dropped by it', async () => {
    const entryId = entryIdFor('samr-serious-illegal', `legacy:${taxRecord}`);
    await t.platform.db.transaction((tx) =>
      appendAndProject(
        tx,
        [
          {
            type: 'list.proposed',
            subject: ORG_A,
            data: {
              basisRecords: [taxRecord],
              decidingAgency: 'tax-hangzhou',
              entryId,
              list: 'samr-serious-illegal',
              origin: 'inclusion',
              proposedOn: '2026-11-20',
              reasons: 'proposed by the inclusion rule for the filing agency',
              requestedUntil: null,
            },
          },
        ],
        SYSTEM_ACTOR,
        t.clock.now(),
      ),
    );
    for (const action of [
      { type: 'notify' as const, facts: '拟列入' },
      { type: 'decide' as const, outcome: 'add' as const, reasons: '列入' },
    ]) {
      const err = await as(tax, () => t.platform.lists.act(agency(tax), entryId, action).catch((e: unknown) => e));
      expect(err, action.type).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('forbidden');
    }
    const dropped = await as(tax, () => t.platform.lists.act(agency(tax), entryId, { type: 'decide', outcome: 'drop', reasons: '非本机关职权。' }));
    expect(dropped.state).toBe('dropped');
  });

  it("a market regulator's serious penalty proposes the entry with the market regulator deciding, and it still waits for notice", async () => {
    await as(samr, () => t.platform.intake.submit(samr, [{ line: 1, value: penalty(2, { code: ORG_B, severity: 'serious', date: '2026-11-16' }) }]));
    const [entry] = await entriesOf(ORG_B, 'samr-serious-illegal');
    expect(entry).toMatchObject({ state: 'proposed', deciding_agency: 'samr-hangzhou', listed_on: null });
    const refused = await as(samr, () =>
      t.platform.lists.act(agency(samr), entry!.entry_id, { type: 'decide', outcome: 'add', reasons: '严重违法' }).catch((e: unknown) => e),
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).extensions).toMatchObject({ refusal: { code: 'notice-required' } });
  });

  it("a court's judgment-defaulter filing is the listing: in force from the court's decision, the same day, without the platform's notice", async () => {
    // Decided by the court on 2 November, filed on 20 November.
    await as(court, () => t.platform.intake.submit(court, [{ line: 1, value: judgment(1, ORG_C, '2026-11-02') }]));
    const [entry] = await entriesOf(ORG_C, 'dishonest-judgment-defaulters');
    expect(entry).toMatchObject({ state: 'in-force', deciding_agency: 'court-xihu', listed_on: '2026-11-02', until: '2028-11-02', notice_served_on: null });
    const events = (await ledgerEvents(t.platform.db, (e) => e.data.entryId === entry!.entry_id)).map((e) => ({ type: e.type, actor: e.actor.id }));
    expect(events).toEqual([
      { type: 'list.proposed', actor: SYSTEM_ACTOR.id },
      { type: 'list.decided', actor: 'court-xihu' },
    ]);
    // Nothing waits in the court's queue.
    const queue = await t.platform.lists.queueOf('court-xihu');
    expect([...queue.toNotify, ...queue.awaitingStatement, ...queue.readyToDecide]).toEqual([]);
    // The public profile, the list on the days since the decision, and the change feed agree.
    expect((await t.platform.subjects.publicProfile(ORG_C)).listEntries.map((e) => e.entryId)).toEqual([entry!.entry_id]);
    for (const day of ['2026-11-02', '2026-11-10', '2026-11-20']) {
      expect((await t.platform.lists.entriesOn('dishonest-judgment-defaulters', day)).entries.map((e) => e.entryId), day).toEqual([entry!.entry_id]);
    }
    expect((await t.platform.lists.entriesOn('dishonest-judgment-defaulters', '2026-11-01')).entries).toEqual([]);
    const feed = await t.platform.lists.changes('dishonest-judgment-defaulters');
    expect(feed.changes).toEqual([expect.objectContaining({ entryId: entry!.entry_id, status: 'listed', entry: expect.objectContaining({ listedOn: '2026-11-02' }) })]);
    // The platform cannot add a notice of its own to the court's decision.
    const notice = await as(court, () => t.platform.lists.act(agency(court), entry!.entry_id, { type: 'notify', facts: '告知' }).catch((e: unknown) => e));
    expect((notice as AppError).extensions).toMatchObject({ refusal: { code: 'wrong-state' } });
  });

  it('and the credit check in the high-consumption scenario prohibits at once, on every day since the decision', async () => {
    await t.platform.checks.index.catchUp();
    const check = (at?: string) => as(samr, () => t.platform.checks.check(agency(samr), { subject: ORG_C, scenario: 'high-consumption', ...(at ? { at } : {}) }));
    const now = await check();
    expect(now.outcome).toBe('prohibit');
    expect(now.measures.filter((m) => m.code.startsWith('hc-'))).toHaveLength(9);
    expect((await check('2026-11-02')).outcome).toBe('prohibit');
    expect((await check('2026-11-01')).outcome).not.toBe('prohibit');
  });

  it('and as-of reads agree: the record and the listing are shown together, the listing from the decision day', async () => {
    t.clock.set('2026-11-24T02:00:00Z');
    const shown = async (asOf: string) => {
      const p = await t.platform.subjects.publicProfile(ORG_C, asOf);
      return { records: p.records.filter((r) => r.item === 'judgment-defaulter').length, entries: p.listEntries.map((e) => e.listedOn) };
    };
    expect(await shown('2026-11-20')).toEqual({ records: 1, entries: ['2026-11-02'] });
    expect(await shown('2026-11-23')).toEqual({ records: 1, entries: ['2026-11-02'] });
  });
});

describe.each(ALL_STORES)("the scheduler's escalations on %s propose only for an agency that decides the target list", (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  let customs: AgencyPrincipal;

  beforeAll(async () => {
    // A pack in which customs may also decide the abnormal operations list, but not the serious
    // illegal list it escalates to (which stays the market regulators', SAMR Order 44).
    const dir = copyPack();
    edit<{ lists: Array<{ code: string; proposers: string[] }> }>(dir, 'lists.yaml', (doc) => {
      doc.lists.find((l) => l.code === 'abnormal-operations')!.proposers = ['market-regulation', 'customs'];
    });
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { policyDir: dir });
    samr = (await addAgency(t.platform, 'samr-shenzhen', 'market-regulation')).principal;
    customs = (await addAgency(t.platform, 'customs-shenzhen', 'customs')).principal;
    await as(samr, () =>
      t.platform.intake.submit(samr, [
        { line: 1, value: registration(ORG_A) },
        { line: 2, value: registration(ORG_B, '深圳示例有限公司') },
        { line: 3, value: abnormal(ORG_A, '杭州示例科技有限公司', 1) },
        { line: 4, value: abnormal(ORG_B, '深圳示例有限公司', 2) },
        { line: 5, value: abnormal(ORG_B, '深圳示例有限公司', 3) },
      ]),
    );
    // The rule proposes each for the market regulator that filed it. ORG_A it lists; ORG_B's
    // proposals it drops, and customs lists ORG_B by hand on the same two records.
    const entries = await t.platform.db.query<{ entry_id: string; subject_key: string; basis_records: string[] }>(
      "SELECT entry_id, subject_key, basis_records FROM list_entry WHERE list = 'abnormal-operations' ORDER BY subject_key, entry_id",
    );
    for (const e of entries) {
      const action = e.subject_key === ORG_A ? { outcome: 'add' as const, reasons: '无法联系。' } : { outcome: 'drop' as const, reasons: '由海关处理。' };
      await as(samr, () => t.platform.lists.act(agency(samr), e.entry_id, { type: 'decide', ...action }));
    }
    const basisB = entries.filter((e) => e.subject_key === ORG_B).flatMap((e) => e.basis_records);
    const byCustoms = await as(customs, () => t.platform.lists.propose(agency(customs), 'abnormal-operations', { basisRecords: basisB, reasons: '海关查无此企业。' }));
    await as(customs, () => t.platform.lists.act(agency(customs), byCustoms.entryId, { type: 'decide', outcome: 'add', reasons: '无法联系。' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('after three years, only the entry whose deciding agency decides samr-serious-illegal is proposed for it, with that agency deciding', async () => {
    const inForce = await t.platform.db.query<{ subject_key: string; deciding_agency: string; listed_on: string }>(
      "SELECT subject_key, deciding_agency, listed_on::text FROM list_entry WHERE list = 'abnormal-operations' AND state = 'in-force' ORDER BY subject_key",
    );
    expect(inForce.map((e) => [e.subject_key, e.deciding_agency])).toEqual([
      [ORG_A, 'samr-shenzhen'],
      [ORG_B, 'customs-shenzhen'],
    ]);
    t.clock.set(`${addPeriod(inForce[0]!.listed_on, 'P3Y')}T02:00:00Z`);
    expect((await t.platform.tick()).escalationsProposed).toBe(1);
    const proposed = await t.platform.db.query<{ subject_key: string; deciding_agency: string; state: string }>(
      "SELECT subject_key, deciding_agency, state FROM list_entry WHERE list = 'samr-serious-illegal'",
    );
    expect(proposed).toEqual([{ subject_key: ORG_A, deciding_agency: 'samr-shenzhen', state: 'proposed' }]);
    expect((await t.platform.tick()).escalationsProposed).toBe(0);
  });
});
