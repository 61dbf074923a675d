-- Each account's history in one row: the current statement of each of its months, packed
-- (domain/credit-reporting/account-history.ts), as of the batches a build saw. A report or a score
-- reads a borrower's histories by the borrower's key in one index scan, and adds the statements
-- of batches received since the build from the few months those batches are of; without a build,
-- or as of an instant before one, it reads the statements themselves. The histories are a
-- projection of credit_statement: rebuilt from it, never the only copy of anything.
--
-- A build (features/credit-reporting/account-history.ts) takes in the months compacted so far
-- (statement-compaction.ts), whose statements lie in borrower order: it writes the histories anew
-- beside these and replaces them together with its marks here, one row a furnisher: the last
-- month it took in (the same in every row) and the furnisher's last batch it saw. A history holds
-- every version of those months the build saw; a reader adds the statements of the months after
-- through_month and of the furnisher's batches after seq. An account restated for another
-- borrower has a history for each borrower, as its statements do.
CREATE TABLE credit_account_history (
  borrower_key  text NOT NULL,
  furnisher     text NOT NULL,
  account_id    text NOT NULL,
  first_month   date NOT NULL,
  statuses      text NOT NULL,
  figures       text NOT NULL,
  PRIMARY KEY (borrower_key, furnisher, account_id)
);

CREATE TABLE credit_history_build (
  furnisher      text PRIMARY KEY,
  seq            bigint NOT NULL,
  through_month  date NOT NULL,
  built_at       timestamptz NOT NULL
);
