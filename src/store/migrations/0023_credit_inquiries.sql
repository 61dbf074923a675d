-- Financial credit reporting: the subjects' written authorisations to inquire (Regulation art. 18)
-- as lenders record them, their withdrawals, and every inquiry answered. Each row has its ledger
-- event on the subject's log (credit.consent-recorded, credit.consent-withdrawn, credit.inquiry),
-- appended in the same transaction, so what a lender was authorised to ask and what it asked is
-- provable. A person is kept by subject key (the keyed hash of the identity number) and a masked
-- number, never the number. Nothing is changed in place or deleted: UPDATE, DELETE and TRUNCATE
-- are refused.

CREATE FUNCTION credit_inquiry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'authorisations and inquiries are never changed in place or deleted (%.%)', TG_TABLE_NAME, TG_OP;
END;
$$;

-- A written authorisation, by the lender's reference: the subject agrees that this lender inquires
-- for these purposes from signed_on through expires_on.
CREATE TABLE credit_inquiry_consent (
  lender         text NOT NULL,
  reference      text NOT NULL,
  subject_key    text NOT NULL,
  subject_kind   text NOT NULL CHECK (subject_kind IN ('person', 'organisation')),
  subject_masked text NOT NULL,
  purposes       text[] NOT NULL,
  signed_on      date NOT NULL,
  expires_on     date NOT NULL,
  recorded_at    timestamptz NOT NULL,
  log            smallint NOT NULL,
  event_index    bigint NOT NULL,
  PRIMARY KEY (lender, reference)
);
CREATE INDEX credit_inquiry_consent_subject_idx ON credit_inquiry_consent (subject_key);

-- The subject's withdrawal of an authorisation, as the lender records it: it no longer holds from
-- withdrawn_on.
CREATE TABLE credit_inquiry_consent_withdrawal (
  lender       text NOT NULL,
  reference    text NOT NULL,
  withdrawn_on date NOT NULL,
  recorded_at  timestamptz NOT NULL,
  log          smallint NOT NULL,
  event_index  bigint NOT NULL,
  PRIMARY KEY (lender, reference),
  FOREIGN KEY (lender, reference) REFERENCES credit_inquiry_consent (lender, reference)
);

-- Every inquiry answered, written before the report is returned: the lender, the subject, the
-- purpose and what it rested on (the authorisation cited, or the lender's own open account for
-- post-loan management).
CREATE TABLE credit_inquiry (
  inquiry_id     text PRIMARY KEY,
  lender         text NOT NULL,
  subject_key    text NOT NULL,
  subject_kind   text NOT NULL CHECK (subject_kind IN ('person', 'organisation')),
  subject_masked text NOT NULL,
  purpose        text NOT NULL,
  consent        text,
  open_account   text,
  inquired_at    timestamptz NOT NULL,
  -- The local date of the inquiry, as reports show it.
  inquired_on    date NOT NULL,
  log            smallint NOT NULL,
  event_index    bigint NOT NULL,
  CHECK ((consent IS NULL) <> (open_account IS NULL))
);
CREATE INDEX credit_inquiry_subject_idx ON credit_inquiry (subject_key, inquired_on);
CREATE INDEX credit_inquiry_lender_idx ON credit_inquiry (lender, inquired_at);

CREATE TRIGGER credit_inquiry_consent_no_change BEFORE UPDATE OR DELETE ON credit_inquiry_consent FOR EACH ROW EXECUTE FUNCTION credit_inquiry_refuse_change();
CREATE TRIGGER credit_inquiry_consent_no_truncate BEFORE TRUNCATE ON credit_inquiry_consent FOR EACH STATEMENT EXECUTE FUNCTION credit_inquiry_refuse_change();
CREATE TRIGGER credit_inquiry_consent_withdrawal_no_change BEFORE UPDATE OR DELETE ON credit_inquiry_consent_withdrawal FOR EACH ROW EXECUTE FUNCTION credit_inquiry_refuse_change();
CREATE TRIGGER credit_inquiry_consent_withdrawal_no_truncate BEFORE TRUNCATE ON credit_inquiry_consent_withdrawal FOR EACH STATEMENT EXECUTE FUNCTION credit_inquiry_refuse_change();
CREATE TRIGGER credit_inquiry_no_change BEFORE UPDATE OR DELETE ON credit_inquiry FOR EACH ROW EXECUTE FUNCTION credit_inquiry_refuse_change();
CREATE TRIGGER credit_inquiry_no_truncate BEFORE TRUNCATE ON credit_inquiry FOR EACH STATEMENT EXECUTE FUNCTION credit_inquiry_refuse_change();

