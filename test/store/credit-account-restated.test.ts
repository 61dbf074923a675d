// An account restated for another borrower, as furnishing allowed before it refused a change of
// borrower (422 account-borrower-changed): each borrower's report shows what was furnished under
// their own key, as if the lender had furnished two accounts. No one is shown another person's
// months (the new borrower does not see the former's late month), and the former borrower keeps
// their own adverse month for its five years. A guarantor of both versions sees both copies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { migrate } from '../../src/store/migrate.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';
import type { Database } from '../../src/store/database.ts';
import { accountsOf } from '../../src/features/credit-reporting/credit-report.store.ts';

describe.each(STORES)('an account restated for another borrower on %s', (store) => {
  let location: StoreLocation;
  let db: Database;

  beforeAll(async () => {
    location = await freshStore(store);
    db = store === 'pglite' ? await PgliteDatabase.open(null) : await PostgresDatabase.open(location.databaseUrl!);
    await migrate(db);
    for (const m of ['09', '10'])
      await db.exec(
        `CREATE TABLE credit_statement_y2026m${m} PARTITION OF credit_statement FOR VALUES FROM ('2026-${m}-01') TO ('2026-${Number(m) + 1}-01')`,
      );
    const account = (id: string, seq: number, borrower: string, guarantors: string) =>
      db.query(
        `INSERT INTO credit_account (furnisher, account_id, seq, leaf, borrower_key, borrower_kind, borrower_masked, type, currency, opened_on, guarantors)
         VALUES ('bank', $1, $2, 0, $3, 'person', $4, 'credit-card', 'CNY', '2026-01-01', $5::jsonb)`,
        [id, seq, borrower, `masked ${borrower}`, guarantors],
      );
    const statement = (id: string, month: string, seq: number, borrower: string, late: boolean) =>
      db.query(
        `INSERT INTO credit_statement (furnisher, account_id, month, seq, leaf, balance_fen, amount_due_fen, amount_paid_fen, days_past_due, status, borrower_key)
         VALUES ('bank', $1, $2, $3, 1, 100, 50, $4, $5, $6, $7)`,
        [id, `${month}-01`, seq, late ? 0 : 50, late ? 12 : 0, late ? '1' : 'N', borrower],
      );
    const g = '[{"key": "p:g", "kind": "person", "masked": "g"}]';
    // A-1 opened for p:a in batch 1, restated for p:b in batch 3; its September late under p:a
    // (batch 2), restated current under p:b (batch 4); its October under p:b (batch 3).
    await account('A-1', 1, 'p:a', g);
    await account('A-1', 3, 'p:b', g);
    for (const [seq, borrower] of [[1, 'p:a'], [3, 'p:b']] as const)
      await db.query(
        "INSERT INTO credit_guarantee (guarantor_key, furnisher, account_id, seq, borrower_key) VALUES ('p:g', 'bank', 'A-1', $1, $2)",
        [seq, borrower],
      );
    await statement('A-1', '2026-09', 2, 'p:a', true);
    await statement('A-1', '2026-10', 3, 'p:b', false);
    await statement('A-1', '2026-09', 4, 'p:b', false);
    // B-1, p:a's all along.
    await account('B-1', 1, 'p:a', '[]');
    await statement('B-1', '2026-09', 2, 'p:a', false);
  });
  afterAll(async () => {
    await db?.close();
    await location?.cleanup();
  });

  const shown = async (subject: string, role: 'borrower' | 'guarantor', later: string[] = []) =>
    (await accountsOf(db, subject, role, '2026-11-15', later)).map((a) => ({
      account: a.account,
      borrower: a.borrowerMasked,
      months: a.statements.map((s) => `${s.month} ${s.status}`),
    }));

  it("shows each borrower the versions and months furnished under their own key, and no one else's", async () => {
    expect(await shown('p:a', 'borrower')).toEqual([
      { account: 'A-1', borrower: 'masked p:a', months: ['2026-09 1'] },
      { account: 'B-1', borrower: 'masked p:a', months: ['2026-09 N'] },
    ]);
    expect(await shown('p:b', 'borrower')).toEqual([{ account: 'A-1', borrower: 'masked p:b', months: ['2026-09 N', '2026-10 N'] }]);
  });

  it('as of an instant before the restatement, shows the account to the earlier borrower alone', async () => {
    const later = ['bank\n3', 'bank\n4'];
    expect(await shown('p:a', 'borrower', later)).toEqual([
      { account: 'A-1', borrower: 'masked p:a', months: ['2026-09 1'] },
      { account: 'B-1', borrower: 'masked p:a', months: ['2026-09 N'] },
    ]);
    expect(await shown('p:b', 'borrower', later)).toEqual([]);
    // Between the restatement and the month restated: the new borrower has October alone.
    expect(await shown('p:b', 'borrower', ['bank\n4'])).toEqual([{ account: 'A-1', borrower: 'masked p:b', months: ['2026-10 N'] }]);
  });

  it('shows a guarantor of both versions each borrower\'s copy', async () => {
    expect(await shown('p:g', 'guarantor')).toEqual([
      { account: 'A-1', borrower: 'masked p:a', months: ['2026-09 1'] },
      { account: 'A-1', borrower: 'masked p:b', months: ['2026-09 N', '2026-10 N'] },
    ]);
  });
});
