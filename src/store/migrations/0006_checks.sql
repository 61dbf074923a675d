-- Credit checks: every check is logged (who asked, about whom, for which scenario, as of when,
-- and what was answered), append-only like the ledger. Agencies report back what they did.
CREATE TABLE check_log (
  check_id        text PRIMARY KEY,
  subject_key     text NOT NULL,
  scenario        text NOT NULL,
  as_of           date NOT NULL,
  asked_at        timestamptz NOT NULL,
  asked_by        text NOT NULL,
  outcome         text NOT NULL,
  measures        text[] NOT NULL,
  policy_version  text NOT NULL
);
CREATE INDEX check_log_subject_idx ON check_log (subject_key, asked_at);

CREATE FUNCTION check_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the check log is append-only: % on check_log is refused', TG_OP;
END
$$;
CREATE TRIGGER check_log_no_update_delete BEFORE UPDATE OR DELETE ON check_log FOR EACH ROW EXECUTE FUNCTION check_log_refuse_change();

CREATE TABLE check_feedback (
  check_id     text PRIMARY KEY REFERENCES check_log (check_id),
  action       text NOT NULL,
  measures     text[] NOT NULL,
  note         text,
  reported_by  text NOT NULL,
  reported_at  timestamptz NOT NULL
);
