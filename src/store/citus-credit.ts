// Financial credit reporting's tables on a Citus cluster (issue 21 on the cluster of issue 20):
// the tables of a borrower's accounts, statements, consents and inquiries distributed in the
// subjects' co-location group, by the borrower's subject key, and the furnishers' small tables as
// reference tables. Called by citus.ts after the subjects' tables are laid out, in the
// migrations' transaction. docs/scaling.md holds the table-by-table plan.
//
// A borrower's report then reads one shard: its accounts, their statements, its inquiries,
// objections and statement all lie in the shard of its subject key (migration 36 gives statements
// and notices their account's borrower key). An account a subject guarantees lies with its
// borrower; credit_guarantee, by the guarantor's key, names it, so that a guarantor's accounts are
// read from the shards of their borrowers alone.
import type { Queryable } from './database.ts';

/** Tables distributed in the subjects' group, each by its column holding the borrower's subject key. */
export const CREDIT_DISTRIBUTED: Readonly<Record<string, string>> = {
  credit_account: 'borrower_key',
  credit_statement: 'borrower_key',
  credit_adverse_notice: 'borrower_key',
  credit_furnishing_consent: 'borrower_key',
  credit_guarantee: 'guarantor_key',
  credit_objection: 'subject_key',
  credit_inquiry_consent: 'subject_key',
  credit_inquiry_consent_withdrawal: 'subject_key',
  personal_score_history: 'subject_key',
};

/**
 * Primary keys on Citus, which refuses a key without the distribution column: each is the key of
 * PostgreSQL with the borrower's key first. A furnisher's account, statement, notice and consent
 * stay unique by (furnisher, id, seq) through the furnishing service, which reads the furnisher's
 * rows under its lock; an objection's id is 96 bits of a hash over its target, the instant and 64
 * random bits; a lender's authorisation reference is recorded under the lender's lock on it.
 */
export const CREDIT_KEYS: Readonly<Record<string, readonly string[]>> = {
  credit_account: ['borrower_key', 'furnisher', 'account_id', 'seq'],
  credit_statement: ['borrower_key', 'furnisher', 'account_id', 'month', 'seq'],
  credit_adverse_notice: ['borrower_key', 'furnisher', 'account_id', 'seq'],
  credit_furnishing_consent: ['borrower_key', 'furnisher', 'reference', 'seq'],
  credit_objection: ['subject_key', 'objection_id'],
  credit_inquiry_consent: ['subject_key', 'lender', 'reference'],
  credit_inquiry_consent_withdrawal: ['subject_key', 'lender', 'reference'],
};

/** Foreign keys between tables of the group, made again over the distribution column once both are distributed. */
const CREDIT_FOREIGN_KEYS: Readonly<Record<string, { constraint: string; columns: readonly string[]; references: string }>> = {
  credit_inquiry_consent_withdrawal: {
    constraint: 'credit_inquiry_consent_withdrawal_lender_reference_fkey',
    columns: ['subject_key', 'lender', 'reference'],
    references: 'credit_inquiry_consent',
  },
};

/**
 * The furnishers' small tables, held by every node. furnishing_batch is a row per batch, read by
 * every report (the batches after its instant) and by every batch of its furnisher.
 */
export const CREDIT_REFERENCE_TABLES: readonly string[] = ['furnishing_batch'];

/**
 * Lays out the credit tables not laid out yet, co-located with `anchor` (the subjects' group),
 * and returns the tables laid out now. A table a pending migration has not made yet waits.
 */
export async function layOutCreditReportingOnCitus(tx: Queryable, anchor: string): Promise<string[]> {
  const tables = [...CREDIT_REFERENCE_TABLES, ...Object.keys(CREDIT_DISTRIBUTED)];
  const pending = new Set(
    (
      await tx.query<{ table: string }>(
        `SELECT t AS table FROM unnest($1::text[]) AS t
          WHERE to_regclass(t) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = to_regclass(t))`,
        [tables],
      )
    ).map((r) => r.table),
  );
  // Before migration 36 the statements, notices and withdrawals lack the column they are placed by.
  const [ready] = await tx.query<{ ready: boolean }>("SELECT to_regclass('credit_guarantee') IS NOT NULL AS ready");
  if (!ready!.ready) return [];
  const laidOut: string[] = [];
  for (const table of CREDIT_REFERENCE_TABLES) {
    if (!pending.has(table)) continue;
    await tx.query('SELECT create_reference_table($1)', [table]);
    laidOut.push(table);
  }
  for (const [table, fk] of Object.entries(CREDIT_FOREIGN_KEYS))
    if (pending.has(table)) await tx.exec(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${fk.constraint}`);
  for (const [table, column] of Object.entries(CREDIT_DISTRIBUTED)) {
    if (!pending.has(table)) continue;
    const key = CREDIT_KEYS[table];
    if (key) await tx.exec(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (${key.join(', ')})`);
    await tx.query('SELECT create_distributed_table($1, $2, colocate_with => $3)', [table, column, anchor]);
    laidOut.push(table);
  }
  for (const [table, fk] of Object.entries(CREDIT_FOREIGN_KEYS)) {
    if (!pending.has(table)) continue;
    const columns = fk.columns.join(', ');
    await tx.exec(`ALTER TABLE ${table} ADD CONSTRAINT ${fk.constraint} FOREIGN KEY (${columns}) REFERENCES ${fk.references} (${columns})`);
  }
  return laidOut;
}
