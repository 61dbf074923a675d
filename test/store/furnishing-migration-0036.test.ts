// Migration 0036 on a store holding furnished data, authorisations and their withdrawals: each
// statement and notice is given the borrower of its account's latest version in its batch or an
// earlier one, each withdrawal its authorisation's subject, and each guarantor of an account
// version a credit_guarantee row; the append-only triggers refuse changes again afterwards. On both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { migrate } from '../../src/store/migrate.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';
import type { Database } from '../../src/store/database.ts';

describe.each(STORES)('migration 0036 on %s', (store) => {
  let location: StoreLocation;
  let db: Database;

  beforeAll(async () => {
    location = await freshStore(store);
    db = store === 'pglite' ? await PgliteDatabase.open(null) : await PostgresDatabase.open(location.databaseUrl!);
    await migrate(db, { upTo: 35 });
    await db.exec("CREATE TABLE credit_statement_y2026m10 PARTITION OF credit_statement FOR VALUES FROM ('2026-10-01') TO ('2026-11-01')");
    // Account A-1 opened for p:a (batch 1) and restated for p:b (batch 3); a statement of it in batches 2 and 3.
    for (const [seq, borrower, guarantors] of [
      [1, 'p:a', '[{"key": "p:g", "kind": "person", "masked": "g"}]'],
      [3, 'p:b', '[{"key": "p:g", "kind": "person", "masked": "g"}, {"key": "p:h", "kind": "person", "masked": "h"}]'],
    ] as const) {
      await db.query(
        `INSERT INTO credit_account (furnisher, account_id, seq, leaf, borrower_key, borrower_kind, borrower_masked, type, currency, opened_on, guarantors)
         VALUES ('bank', 'A-1', $1, 0, $2, 'person', 'x', 'credit-card', 'CNY', '2026-01-01', $3::jsonb)`,
        [seq, borrower, guarantors],
      );
    }
    for (const seq of [2, 3])
      await db.query(
        `INSERT INTO credit_statement (furnisher, account_id, month, seq, leaf, balance_fen, amount_due_fen, amount_paid_fen, days_past_due, status)
         VALUES ('bank', 'A-1', '2026-10-01', $1, 1, 0, 0, 0, 0, 'N')`,
        [seq],
      );
    await db.query(
      "INSERT INTO credit_adverse_notice (furnisher, account_id, seq, leaf, notified_on, method) VALUES ('bank', 'A-1', 2, 2, '2026-10-05', 'sms')",
    );
    await db.query(
      `INSERT INTO credit_inquiry_consent (lender, reference, subject_key, subject_kind, subject_masked, purposes, signed_on, expires_on, recorded_at, log, event_index)
       VALUES ('bank', 'R-1', 'p:a', 'person', 'x', '{loan-approval}', '2026-01-01', '2027-01-01', '2026-01-01T00:00:00Z', 1, 1)`,
    );
    await db.query(
      `INSERT INTO credit_inquiry_consent_withdrawal (lender, reference, withdrawn_on, recorded_at, log, event_index)
       VALUES ('bank', 'R-1', '2026-02-01', '2026-02-01T00:00:00Z', 1, 2)`,
    );
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await location?.cleanup();
  });

  it("gives stored statements and notices their account's borrower as of their batch, and withdrawals their subject", async () => {
    expect(await db.query('SELECT seq::int AS seq, borrower_key FROM credit_statement ORDER BY seq')).toEqual([
      { seq: 2, borrower_key: 'p:a' },
      { seq: 3, borrower_key: 'p:b' },
    ]);
    expect(await db.query('SELECT borrower_key FROM credit_adverse_notice')).toEqual([{ borrower_key: 'p:a' }]);
    expect(await db.query('SELECT subject_key FROM credit_inquiry_consent_withdrawal')).toEqual([{ subject_key: 'p:a' }]);
  });

  it('lists each guarantor of each account version', async () => {
    expect(await db.query('SELECT guarantor_key, account_id, seq::int AS seq, borrower_key FROM credit_guarantee ORDER BY seq, guarantor_key')).toEqual([
      { guarantor_key: 'p:g', account_id: 'A-1', seq: 1, borrower_key: 'p:a' },
      { guarantor_key: 'p:g', account_id: 'A-1', seq: 3, borrower_key: 'p:b' },
      { guarantor_key: 'p:h', account_id: 'A-1', seq: 3, borrower_key: 'p:b' },
    ]);
  });

  it('requires the new columns of new rows, and refuses changes again', async () => {
    await expect(
      db.query(
        `INSERT INTO credit_statement (furnisher, account_id, month, seq, leaf, balance_fen, amount_due_fen, amount_paid_fen, days_past_due, status)
         VALUES ('bank', 'A-1', '2026-10-01', 4, 1, 0, 0, 0, 0, 'N')`,
      ),
    ).rejects.toThrow(/borrower_key/);
    await expect(db.query('UPDATE credit_statement SET balance_fen = 1 WHERE seq = 2')).rejects.toThrow(/never changed in place/);
    await expect(db.query("UPDATE credit_adverse_notice SET method = 'letter'")).rejects.toThrow(/never changed in place/);
    await expect(db.query('DELETE FROM credit_inquiry_consent_withdrawal')).rejects.toThrow(/never changed in place/);
    await expect(db.query('DELETE FROM credit_guarantee')).rejects.toThrow(/never changed in place/);
  });
});
