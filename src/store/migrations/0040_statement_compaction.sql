-- A borrower's statements found by the borrower's key: a report reads, in each month's partition,
-- one index scan for all its accounts, where it read one for each account by the primary key.
--
-- Months no longer furnished are rewritten in borrower order (features/credit-reporting/
-- statement-compaction.ts), so that a borrower's statements of such a month lie together on one
-- page instead of one page per lender's batch. The rows are the same: a closed month's partition
-- is copied in that order into a table of its own, which replaces it. Each month compacted is
-- recorded here, with the rows it held; statements furnished for it afterwards (restatements) are
-- added after those, in the order they come.
CREATE INDEX credit_statement_borrower_idx ON credit_statement (borrower_key);

CREATE TABLE credit_statement_compaction (
  month         date PRIMARY KEY,
  compacted_at  timestamptz NOT NULL,
  rows          bigint NOT NULL
);
