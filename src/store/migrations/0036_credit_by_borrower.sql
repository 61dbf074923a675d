-- Financial credit reporting by borrower: every row a report or an objection reads names the
-- subject it is about, so that on a Citus cluster the tables are distributed by that subject key
-- in the subjects' group and a borrower's report reads one shard (docs/scaling.md).
--
-- A statement and a notice hold their account's borrower: the borrower of the account's latest
-- version in the same batch or an earlier one of the furnisher. A withdrawal holds the subject of
-- the authorisation it withdraws. A guarantee names, by the guarantor's subject key, an account
-- version that names that guarantor, so that a guarantor's accounts are found without reading
-- every borrower's accounts. Rows stored before are given theirs here (the append-only triggers
-- are held off for that alone).

ALTER TABLE credit_statement ADD COLUMN borrower_key text;
ALTER TABLE credit_adverse_notice ADD COLUMN borrower_key text;
ALTER TABLE credit_inquiry_consent_withdrawal ADD COLUMN subject_key text;

ALTER TABLE credit_statement DISABLE TRIGGER credit_statement_no_change;
UPDATE credit_statement s SET borrower_key = (
  SELECT a.borrower_key FROM credit_account a
   WHERE a.furnisher = s.furnisher AND a.account_id = s.account_id AND a.seq <= s.seq
   ORDER BY a.seq DESC LIMIT 1);
ALTER TABLE credit_statement ENABLE TRIGGER credit_statement_no_change;
ALTER TABLE credit_statement ALTER COLUMN borrower_key SET NOT NULL;

ALTER TABLE credit_adverse_notice DISABLE TRIGGER credit_adverse_notice_no_change;
UPDATE credit_adverse_notice n SET borrower_key = (
  SELECT a.borrower_key FROM credit_account a
   WHERE a.furnisher = n.furnisher AND a.account_id = n.account_id AND a.seq <= n.seq
   ORDER BY a.seq DESC LIMIT 1);
ALTER TABLE credit_adverse_notice ENABLE TRIGGER credit_adverse_notice_no_change;
ALTER TABLE credit_adverse_notice ALTER COLUMN borrower_key SET NOT NULL;

ALTER TABLE credit_inquiry_consent_withdrawal DISABLE TRIGGER credit_inquiry_consent_withdrawal_no_change;
UPDATE credit_inquiry_consent_withdrawal w SET subject_key = c.subject_key
  FROM credit_inquiry_consent c WHERE c.lender = w.lender AND c.reference = w.reference;
ALTER TABLE credit_inquiry_consent_withdrawal ENABLE TRIGGER credit_inquiry_consent_withdrawal_no_change;
ALTER TABLE credit_inquiry_consent_withdrawal ALTER COLUMN subject_key SET NOT NULL;

-- An account version's guarantors, one row each, written with the account's row.
CREATE TABLE credit_guarantee (
  guarantor_key text NOT NULL,
  furnisher     text NOT NULL,
  account_id    text NOT NULL,
  seq           bigint NOT NULL,
  borrower_key  text NOT NULL,
  PRIMARY KEY (guarantor_key, furnisher, account_id, seq)
);
INSERT INTO credit_guarantee (guarantor_key, furnisher, account_id, seq, borrower_key)
  SELECT DISTINCT g->>'key', a.furnisher, a.account_id, a.seq, a.borrower_key
    FROM credit_account a CROSS JOIN LATERAL jsonb_array_elements(a.guarantors) AS g
   WHERE a.guarantors IS NOT NULL;
CREATE TRIGGER credit_guarantee_no_change BEFORE UPDATE OR DELETE ON credit_guarantee FOR EACH ROW EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER credit_guarantee_no_truncate BEFORE TRUNCATE ON credit_guarantee FOR EACH STATEMENT EXECUTE FUNCTION furnishing_refuse_change();
