-- What a score of every person reads without visiting the rows it does not need.
--
-- The accounts by borrower carry, in the index itself, each version's key and what a score reads
-- of it (type, opening, limit): the current version of every account of a range of borrowers is
-- the first of each account in the index's order, read from the index alone, where the heap's
-- rows lie in the order furnished. Every reader by borrower uses it as it used the index on the
-- key alone, which it replaces.
DROP INDEX credit_account_borrower_idx;
CREATE INDEX credit_account_borrower_idx ON credit_account (borrower_key, furnisher, account_id, seq DESC) INCLUDE (type, opened_on, limit_fen);

-- An account history whose every month is scored from its status alone (no month closed or
-- written off; every status one of N, C, *, 1-7, or - for no statement) holds here its last
-- statement's balance, which is all a score reads of its figures. Null where a month needs its
-- figures, where no month has a statement, and in histories built before this column.
ALTER TABLE credit_account_history ADD COLUMN plain_last_balance_fen bigint;
