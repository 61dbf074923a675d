-- What a score reads of each person's accounts, one row a person (domain/credit-reporting/
-- score-input.ts): each account's type, opening and limit as of the build, and its history, plain
-- (statuses and last balance) where it is scored from its statuses alone, else with its figures.
-- The build of the account histories (features/credit-reporting/account-history.ts) writes it
-- anew beside them and swaps both in together, with the marks of credit_history_build, so a row
-- holds exactly what the histories and the accounts seen by the build hold. A score of every
-- person reads a person's row as it lies, unless the histories and the build's accounts do not
-- hold all there is of them (a statement of a month after the build's last, or of a batch after
-- its furnisher's mark; an account version after the marks): that person is read from the
-- accounts, the histories and the statements since. A projection: rebuilt by every build, never the only copy
-- of anything.
CREATE TABLE credit_score_input (
  borrower_key  text PRIMARY KEY,
  accounts      text NOT NULL
);
