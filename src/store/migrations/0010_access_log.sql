-- Who looked at a subject's data beyond the public profile, and every view of a natural
-- person's data: append-only, readable by the subject concerned and by auditors.
CREATE TABLE access_log (
  id           bigserial PRIMARY KEY,
  subject_key  text NOT NULL,
  at           timestamptz NOT NULL,
  actor        text NOT NULL,
  action       text NOT NULL,
  detail       text,
  request_id   text
);
CREATE INDEX access_log_subject_idx ON access_log (subject_key, at);

CREATE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the access log is append-only: % on access_log is refused', TG_OP;
END
$$;
CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();
