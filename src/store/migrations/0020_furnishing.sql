-- Financial credit reporting: what licensed lenders furnish, batch by batch.
--
-- These tables are primary data, not projections: a month-end file of millions of lines is one
-- ledger event (furnishing.batch), which commits to its lines by the Merkle root (RFC 9162
-- hashing) over each line's canonical bytes, its line count, the furnisher and the month. The
-- lines themselves live only here, and each row holds every value its line's canonical form is
-- made of, so the canonical bytes are reproducible from the rows: the audit recomputes a batch's
-- root from its rows and compares it with the root in the ledger. A rebuild of the projections
-- leaves these tables alone (the ledger does not hold their contents to rebuild them from).
--
-- A row names its batch by (furnisher, seq) and its leaf in the batch's tree. Nothing is updated
-- in place: a later batch restating an account, an account-month, a notice or a consent adds a row
-- with the higher batch sequence (seq) of its furnisher, and the highest is the current version;
-- every earlier one stays readable. UPDATE, DELETE and TRUNCATE are refused.

CREATE FUNCTION furnishing_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'furnished data is never changed in place or deleted (%.%); furnish a new version', TG_TABLE_NAME, TG_OP;
END;
$$;

-- One row per batch: its place in the ledger and what its event commits to.
CREATE TABLE furnishing_batch (
  batch_id       text PRIMARY KEY,
  furnisher      text NOT NULL,
  -- The reporting month, as its first day.
  month          date NOT NULL,
  -- The furnisher's batches numbered from 1 in the order they were accepted: the version of
  -- every row the batch holds.
  seq            bigint NOT NULL,
  root           bytea NOT NULL,
  line_count     integer NOT NULL,
  log            smallint NOT NULL,
  event_index    bigint NOT NULL,
  policy_version text NOT NULL,
  received_at    timestamptz NOT NULL,
  UNIQUE (furnisher, seq)
);
CREATE INDEX furnishing_batch_month_idx ON furnishing_batch (furnisher, month);

-- Accounts (opening data, restated as new versions). The borrower key is the subject key a
-- report looks up: personKey(keyed hash of the identity number) for a person, the code for an
-- organisation; the identity number itself is never stored.
CREATE TABLE credit_account (
  furnisher       text NOT NULL,
  account_id      text NOT NULL,
  seq             bigint NOT NULL,
  leaf            integer NOT NULL,
  borrower_key    text NOT NULL,
  borrower_kind   text NOT NULL CHECK (borrower_kind IN ('person', 'organisation')),
  borrower_masked text NOT NULL,
  type            text NOT NULL,
  currency        text NOT NULL,
  opened_on       date NOT NULL,
  limit_fen       bigint,
  principal_fen   bigint,
  term_months     integer,
  -- [{key, kind, masked}] in the order furnished.
  guarantors      jsonb,
  consent         text,
  -- Items of the pack's standard beyond those above, in their canonical form.
  extra           jsonb,
  PRIMARY KEY (furnisher, account_id, seq)
);
CREATE INDEX credit_account_borrower_idx ON credit_account (borrower_key);
CREATE INDEX credit_account_guarantors_idx ON credit_account USING gin (guarantors jsonb_path_ops);
CREATE INDEX credit_account_batch_idx ON credit_account (furnisher, seq, leaf);

-- Monthly statements, partitioned by month (a partition per month, made when a batch of that
-- month first arrives, in its transaction).
CREATE TABLE credit_statement (
  furnisher        text NOT NULL,
  account_id       text NOT NULL,
  month            date NOT NULL,
  seq              bigint NOT NULL,
  leaf             integer NOT NULL,
  balance_fen      bigint NOT NULL,
  amount_due_fen   bigint NOT NULL,
  amount_paid_fen  bigint NOT NULL,
  days_past_due    integer NOT NULL,
  status           text NOT NULL,
  closed_on        date,
  written_off_fen  bigint,
  extra            jsonb,
  PRIMARY KEY (furnisher, account_id, month, seq)
) PARTITION BY RANGE (month);
CREATE INDEX credit_statement_batch_idx ON credit_statement (furnisher, seq, leaf);

-- Notices that the person was told before adverse information was first furnished (art. 15).
CREATE TABLE credit_adverse_notice (
  furnisher   text NOT NULL,
  account_id  text NOT NULL,
  seq         bigint NOT NULL,
  leaf        integer NOT NULL,
  notified_on date NOT NULL,
  method      text NOT NULL,
  extra       jsonb,
  PRIMARY KEY (furnisher, account_id, seq)
);
CREATE INDEX credit_adverse_notice_batch_idx ON credit_adverse_notice (furnisher, seq, leaf);

-- Written consents to furnish consent-gated items (art. 14), by the furnisher's reference.
CREATE TABLE credit_furnishing_consent (
  furnisher       text NOT NULL,
  reference       text NOT NULL,
  seq             bigint NOT NULL,
  leaf            integer NOT NULL,
  borrower_key    text NOT NULL,
  borrower_kind   text NOT NULL CHECK (borrower_kind IN ('person', 'organisation')),
  borrower_masked text NOT NULL,
  scope           text[] NOT NULL,
  signed_on       date NOT NULL,
  expires_on      date,
  extra           jsonb,
  PRIMARY KEY (furnisher, reference, seq)
);
CREATE INDEX credit_furnishing_consent_batch_idx ON credit_furnishing_consent (furnisher, seq, leaf);

CREATE TRIGGER furnishing_batch_no_change BEFORE UPDATE OR DELETE ON furnishing_batch FOR EACH ROW EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER furnishing_batch_no_truncate BEFORE TRUNCATE ON furnishing_batch FOR EACH STATEMENT EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER credit_account_no_change BEFORE UPDATE OR DELETE ON credit_account FOR EACH ROW EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER credit_account_no_truncate BEFORE TRUNCATE ON credit_account FOR EACH STATEMENT EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER credit_statement_no_change BEFORE UPDATE OR DELETE ON credit_statement FOR EACH ROW EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER credit_statement_no_truncate BEFORE TRUNCATE ON credit_statement FOR EACH STATEMENT EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER credit_adverse_notice_no_change BEFORE UPDATE OR DELETE ON credit_adverse_notice FOR EACH ROW EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER credit_adverse_notice_no_truncate BEFORE TRUNCATE ON credit_adverse_notice FOR EACH STATEMENT EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER credit_furnishing_consent_no_change BEFORE UPDATE OR DELETE ON credit_furnishing_consent FOR EACH ROW EXECUTE FUNCTION furnishing_refuse_change();
CREATE TRIGGER credit_furnishing_consent_no_truncate BEFORE TRUNCATE ON credit_furnishing_consent FOR EACH STATEMENT EXECUTE FUNCTION furnishing_refuse_change();
