-- The accounts whose versions name more than one borrower. Furnishing refuses a version that
-- names another borrower than the account's earlier ones (422 account-borrower-changed), so no
-- account becomes such an account after this migration; one furnished before that rule was
-- restated for another borrower, and its versions, statements and notices lie under each of its
-- borrowers' keys. This table lists every version of each such account with its borrower, so that a
-- report shows the account to the borrower of its current version (as of the report's instant)
-- alone, with its months stored under every one of its borrowers (credit-report.store.ts).
-- Written here once and never again: in every store made after the rule it is empty.
CREATE TABLE credit_account_move (
  furnisher    text NOT NULL,
  account_id   text NOT NULL,
  seq          bigint NOT NULL,
  borrower_key text NOT NULL,
  PRIMARY KEY (furnisher, account_id, seq)
);
INSERT INTO credit_account_move (furnisher, account_id, seq, borrower_key)
  SELECT a.furnisher, a.account_id, a.seq, a.borrower_key
    FROM credit_account a
    JOIN (SELECT furnisher, account_id FROM credit_account GROUP BY furnisher, account_id HAVING count(DISTINCT borrower_key) > 1) m
      ON m.furnisher = a.furnisher AND m.account_id = a.account_id;
CREATE TRIGGER credit_account_move_no_change BEFORE UPDATE OR DELETE ON credit_account_move FOR EACH ROW EXECUTE FUNCTION furnishing_refuse_change();
