-- The person's rights in financial credit reporting: objections to furnished information (art. 25),
-- the personal statement (本人声明) and the own reports served (art. 17).
--
-- Each row is written in the transaction of the ledger event it comes from (on the subject's own
-- log: credit-objection.filed, .answered and .escalated, credit-statement.made,
-- credit-report.own-query) and names that event by its log and index; the events carry every
-- value of the rows, so the ledger holds their whole history.

-- Objections to an account, or to one month of an account, of a furnisher.
CREATE TABLE credit_objection (
  objection_id     text PRIMARY KEY,
  subject_key      text NOT NULL,
  furnisher        text NOT NULL,
  account_id       text NOT NULL,
  -- The month objected to, as its first day; null for the account as a whole.
  month            date,
  reason           text NOT NULL,
  filed_on         date NOT NULL,
  -- The last day of the furnisher's 20 days (art. 25).
  due_on           date NOT NULL,
  state            text NOT NULL CHECK (state IN ('open', 'escalated', 'answered')),
  escalated_on     date,
  answered_on      date,
  outcome          text CHECK (outcome IN ('upheld-corrected', 'rejected')),
  explanation      text,
  -- The furnisher's batch holding the corrected version, when the answer cites one.
  correction_batch text,
  log              smallint NOT NULL,
  first_index      bigint NOT NULL,
  last_index       bigint NOT NULL
);
CREATE INDEX credit_objection_subject_idx ON credit_objection (subject_key, filed_on);
CREATE INDEX credit_objection_furnisher_idx ON credit_objection (furnisher, state, due_on);
CREATE INDEX credit_objection_due_idx ON credit_objection (due_on) WHERE state = 'open';

-- The subject's personal statement, each replacement a new version; the highest is current.
CREATE TABLE credit_personal_statement (
  subject_key  text NOT NULL,
  version      integer NOT NULL,
  text         text NOT NULL,
  made_on      date NOT NULL,
  log          smallint NOT NULL,
  event_index  bigint NOT NULL,
  PRIMARY KEY (subject_key, version)
);

-- Own reports served to the subject, numbered within their calendar year, each with the report
-- as served (its JSON), which the subject's page shows again without serving another.
CREATE TABLE credit_own_report (
  subject_key  text NOT NULL,
  period       integer NOT NULL,
  ordinal      integer NOT NULL,
  served_at    timestamptz NOT NULL,
  served_on    date NOT NULL,
  fee_fen      bigint NOT NULL CHECK (fee_fen >= 0),
  report       text,
  log          smallint NOT NULL,
  event_index  bigint NOT NULL,
  PRIMARY KEY (subject_key, period, ordinal)
);

CREATE FUNCTION credit_rights_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never changed or deleted; the ledger holds their history', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER credit_personal_statement_no_change BEFORE UPDATE OR DELETE ON credit_personal_statement FOR EACH ROW EXECUTE FUNCTION credit_rights_refuse_change();
-- An own report's row is written when it is served (the inquiry logged before it is answered) and
-- takes the report once assembled: that one UPDATE, and nothing else, is allowed.
CREATE FUNCTION credit_own_report_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.report IS NULL AND NEW.report IS NOT NULL
     AND (NEW.subject_key, NEW.period, NEW.ordinal, NEW.served_at, NEW.served_on, NEW.fee_fen, NEW.log, NEW.event_index)
       = (OLD.subject_key, OLD.period, OLD.ordinal, OLD.served_at, OLD.served_on, OLD.fee_fen, OLD.log, OLD.event_index) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'an own report served is never changed or deleted (%)', TG_OP;
END;
$$;
CREATE TRIGGER credit_own_report_no_change BEFORE UPDATE OR DELETE ON credit_own_report FOR EACH ROW EXECUTE FUNCTION credit_own_report_keep();
