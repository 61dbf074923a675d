// A record's classification (item, category, polarity, agency, publicity class, rule and policy
// versions) is stored once per distinct combination (migration 25), on both stores: the id a
// writer computes is the one the migration's SQL computes, every record names a combination that
// is there, a combination is stored once however many records and transactions use it, and a
// correction that moves a record to another combination is read back with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_C, penalty, registration } from '../support/records.ts';
import { classIdOf } from '../../src/ledger/projection/rows.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

const CLASS_COLUMNS = 'item, category, polarity, agency_code, publicity_class, rule_version, policy_version';

describe.each(ALL_STORES)('record classes on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  const samrActor = { type: 'agency' as const, id: 'samr-hangzhou' };

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    await asActor(samrActor, async () => {
      await t.platform.intake.submit(samr, [
        { line: 1, value: registration(ORG_A) },
        { line: 2, value: penalty(1, { date: '2026-03-01' }) },
        { line: 3, value: penalty(2, { date: '2026-06-01' }) },
      ]);
      // A second transaction with the same combinations and one more subject.
      await t.platform.intake.submit(samr, [
        { line: 1, value: registration(ORG_C, '深圳示例贸易有限公司') },
        { line: 2, value: penalty(3, { date: '2026-06-02' }) },
      ]);
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('computes the id in the writer as the SQL function does, for any text', async () => {
    const samples = [
      ['administrative-penalty-general', 'administrative-penalty', 'negative', 'samr-hangzhou', 'penalty-general', 'order-36', 'cn-national@2026.11'],
      ['项目', '类别', '中性', '机构', '公示', '规则', '版本'],
      ['a\tb', 'c\\d', "e'f", 'g"h', 'i\nj', '', 'k'],
    ];
    for (const values of samples) {
      const [row] = await t.platform.db.query<{ id: string }>('SELECT record_class_id($1, $2, $3, $4, $5, $6, $7)::text AS id', values);
      expect(row!.id).toBe(classIdOf(values));
    }
  });

  it('gives every record the id of its own combination, stored once', async () => {
    const records = await t.platform.db.query<{ class_id: string; expected: string }>(
      `SELECT r.class_id::text, record_class_id(${CLASS_COLUMNS})::text AS expected FROM credit_record r JOIN record_class c USING (class_id)`,
    );
    const [{ n }] = (await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_record')) as [{ n: number }];
    expect(records).toHaveLength(n);
    for (const r of records) expect(r.class_id).toBe(r.expected);
    const [{ classes, distinct }] = (await t.platform.db.query<{ classes: number; distinct: number }>(
      `SELECT (SELECT count(*)::int FROM record_class) AS classes, (SELECT count(DISTINCT class_id)::int FROM credit_record) AS distinct`,
    )) as [{ classes: number; distinct: number }];
    // One agency's two registrations share one combination; its penalties make two, the one
    // decided before 2026-04-01 under Order No. 58's rule, the others under Order No. 36's.
    expect(distinct).toBe(3);
    const rules = await t.platform.db.query<{ rule_version: string }>(
      "SELECT DISTINCT rule_version FROM credit_record_view WHERE item <> 'registration-basics' ORDER BY 1",
    );
    expect(rules).toHaveLength(2);
    expect(classes).toBe(distinct);
  });

  it('reads each record with its classification joined back', async () => {
    const rows = await t.platform.db.query<{ item: string; category: string; agency_code: string; policy_version: string }>(
      `SELECT ${CLASS_COLUMNS} FROM credit_record_view ORDER BY item`,
    );
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.agency_code))).toEqual(new Set(['samr-hangzhou']));
    expect(rows.filter((r) => r.item === 'registration-basics')).toHaveLength(2);
    for (const r of rows) expect(r.policy_version).toBe(t.platform.policy.version);
  });

  it('is rebuilt with the same ids, every record naming a stored combination and none left unused', async () => {
    const before = await t.platform.db.query('SELECT record_id, class_id::text FROM credit_record ORDER BY record_id');
    // A combination no record names (left by a record corrected into another class, say).
    await t.platform.db.query("INSERT INTO record_class VALUES (1, 'unused-item', 'c', 'neutral', 'a', 'p', 'r', 'v')");
    await t.platform.rebuild();
    expect(await t.platform.db.query('SELECT record_id, class_id::text FROM credit_record ORDER BY record_id')).toEqual(before);
    const [{ orphans }] = (await t.platform.db.query<{ orphans: number }>(
      'SELECT count(*)::int AS orphans FROM credit_record r WHERE NOT EXISTS (SELECT 1 FROM record_class c WHERE c.class_id = r.class_id)',
    )) as [{ orphans: number }];
    expect(orphans).toBe(0);
    // The rebuild kept no combination that no record uses.
    const [{ classes, distinct }] = (await t.platform.db.query<{ classes: number; distinct: number }>(
      `SELECT (SELECT count(*)::int FROM record_class) AS classes, (SELECT count(DISTINCT class_id)::int FROM credit_record) AS distinct`,
    )) as [{ classes: number; distinct: number }];
    expect(classes).toBe(distinct);
  });
});
