// Whatever mix a run of filings holds (new and stored subjects, renames by the registration
// authority inside a run and across runs, persons in roles, resubmissions, concurrent batches,
// list proposals, corrections and withdrawals, filings after them), the projection's tables hold
// what a rebuild from the ledger makes of the same events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { judgment, ORG_A, ORG_B, ORG_C, penalty, registration } from '../support/records.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import type { Queryable } from '../../src/store/database.ts';

const lines = (values: unknown[]) => values.map((value, i) => ({ line: i + 1, value }));

/** Every projection table, each in a fixed order. */
async function dump(q: Queryable) {
  return {
    subjects: await q.query('SELECT * FROM subject ORDER BY subject_key'),
    records: await q.query('SELECT * FROM credit_record ORDER BY record_id'),
    classes: await q.query('SELECT * FROM record_class ORDER BY class_id'),
    roles: await q.query('SELECT * FROM person_role ORDER BY record_id, role'),
    entries: await q.query('SELECT * FROM list_entry ORDER BY entry_id'),
    search: await q.query('SELECT * FROM subject_search ORDER BY subject_key'),
  };
}

describe.each(ALL_STORES)('filings projected incrementally as a rebuild projects them, on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  let court: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    court = (await addAgency(t.platform, 'court-hangzhou', 'court')).principal;
  });
  afterAll(async () => t?.close());

  const submit = (agency: AgencyPrincipal, values: unknown[]) =>
    asActor({ type: 'agency', id: agency.code }, () => t.platform.intake.submit(agency, lines(values)));

  it('projects new and stored subjects, renames, roles, duplicates and concurrent batches as a rebuild does', async () => {
    // New subjects; a new subject renamed by its registration authority within its first run.
    const first = await submit(samr, [
      registration(ORG_A, '杭州示例科技有限公司'),
      penalty(1),
      registration(ORG_B, '深圳示例甲有限公司', 1),
      penalty(2, { code: ORG_B }),
      registration(ORG_B, '深圳示例乙有限公司', 2),
    ]);
    expect(first.created).toBe(5);
    const [b] = await t.platform.db.query<{ name: string }>(
      'SELECT name FROM subject WHERE subject_key = (SELECT subject_key FROM credit_record WHERE record_id = $1)',
      [first.records[3]!.recordId],
    );
    expect(b!.name).toBe('深圳示例乙有限公司');

    // Stored subjects renamed (one twice in a run), beside new filings and resubmitted ones.
    const second = await submit(samr, [
      penalty(1),
      registration(ORG_A, '杭州示例新名有限公司', 3),
      penalty(3),
      registration(ORG_A, '杭州示例再名有限公司', 4),
      penalty(4, { code: ORG_C }),
      registration(ORG_B, '深圳示例乙有限公司', 5),
    ]);
    expect(second.created).toBe(5);
    expect(second.duplicates).toBe(1);

    // Concurrent batches over the same subjects, with list proposals after the court's filings.
    const batches = [0, 1, 2, 3].map((k) => [
      penalty(100 + k),
      penalty(110 + k, { code: ORG_B }),
      registration(ORG_C, `深圳示例${k}号有限公司`, 10 + k),
      penalty(120 + k, { code: ORG_C, severity: 'serious' }),
    ]);
    const results = await Promise.all([
      ...batches.map((batch) => submit(samr, batch)),
      submit(court, [judgment(1, ORG_A, '2026-10-01'), judgment(2, ORG_C, '2026-10-02')]),
    ]);
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(18);
    const [entries] = await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM list_entry');
    expect(entries!.n).toBeGreaterThan(0);

    // A correction and a withdrawal, and filings after them.
    await asActor({ type: 'agency', id: samr.code }, () =>
      t.platform.intake.correct(samr, first.records[1]!.recordId, { reason: '更正罚款金额', fields: { fineAmount: 60000 } }),
    );
    // The court withdraws its judgment on ORG_A.
    const judged = results[4]!.records[0]!.recordId;
    const [{ subject_key: judgedSubject }] = (await t.platform.db.query<{ subject_key: string }>('SELECT subject_key FROM credit_record WHERE record_id = $1', [
      judged,
    ])) as [{ subject_key: string }];
    await t.platform.db.transaction((tx) =>
      t.platform.intake.withdrawIn(tx, { type: 'agency', id: court.code }, judgedSubject, {
        cause: 'agency',
        reason: '判决经再审撤销',
        recordId: judged,
        withdrawnOn: '2026-11-20',
      }),
    );
    const [withdrawn] = await t.platform.db.query<{ status: string }>('SELECT status FROM credit_record WHERE record_id = $1', [judged]);
    expect(withdrawn!.status).toBe('withdrawn');
    const again = await submit(samr, [penalty(1), penalty(200), registration(ORG_A, '杭州示例末名有限公司', 20)]);
    expect(again.created).toBe(2);

    const incremental = await dump(t.platform.db);
    expect(incremental.roles.length).toBeGreaterThan(0);
    await t.platform.rebuild();
    expect(await dump(t.platform.db)).toEqual(incremental);
  });
});
