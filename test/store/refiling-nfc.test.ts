// Filing is idempotent across the change to composed names: a record filed before intake stored
// names in Unicode's composed form (NFC), sent again unchanged, is a duplicate of itself, never a
// conflict that asks for a correction (a resumed import re-sends what it filed before).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, penalty, registration } from '../support/records.ts';
import { appendAndProject } from '../../src/ledger/write.ts';
import { subjectEvents } from '../../src/ledger/ledger.ts';
import { recordIdFor } from '../../src/features/records/intake.service.ts';
import type { RecordFiledData } from '../../src/ledger/events.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

describe.each(ALL_STORES)('filing again what was filed with a decomposed name, on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  const as = <T>(fn: () => Promise<T>) => asActor({ type: 'agency', id: 'samr-hangzhou' }, fn);
  beforeAll(async () => {
    t = await openTestPlatform(store);
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    await as(() => t.platform.intake.submit(samr, [{ line: 1, value: registration(ORG_A) }]));
  });
  afterAll(async () => t?.close());

  it('is a duplicate, not a conflict', async () => {
    const decomposed = 'Cafe\u0301 杭州示例科技有限公司';
    const line = { ...penalty(7, { date: '2026-11-16' }), subject: { code: ORG_A, name: decomposed } };
    // Filed now, the name is stored composed; the stored event, copied with the name as it came
    // and another decision number, is what a filing of before the change looks like.
    await as(() => t.platform.intake.submit(samr, [{ line: 1, value: { ...line, decision: { ...line.decision, number: 'NEW-1' } } }]));
    const filed = (await subjectEvents(t.platform.db, ORG_A)).filter((e) => e.type === 'record.filed').pop()!.data as RecordFiledData;
    expect(filed.subject.name).toBe(decomposed.normalize('NFC'));
    const old: RecordFiledData = {
      ...filed,
      subject: { ...filed.subject, name: decomposed },
      decision: { ...filed.decision, number: 'OLD-1' },
      recordId: recordIdFor('samr-hangzhou', filed.item, 'OLD-1', ORG_A),
    };
    await t.platform.db.transaction((tx) => appendAndProject(tx, [{ type: 'record.filed', subject: ORG_A, data: old }], { type: 'agency', id: 'samr-hangzhou' }, t.clock.now()));
    const again = await as(() => t.platform.intake.submit(samr, [{ line: 1, value: { ...line, decision: { ...line.decision, number: 'OLD-1' } } }]));
    expect(again.records).toEqual([{ line: 1, recordId: old.recordId, status: 'duplicate' }]);
  });
});
