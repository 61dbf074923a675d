-- Signed credit reports. A report is a snapshot: its content (canonical JSON) is hashed
-- (SHA-256) and signed (Ed25519) when issued and never changes; anyone can verify it by its
-- code. UPDATE is refused by trigger; a changed row would be caught anyway, since verification
-- re-hashes the content and checks the signature. DELETE stays possible (retention): a
-- deleted report's code verifies as unknown.
CREATE TABLE report (
  code         text PRIMARY KEY,
  subject_key  text NOT NULL,
  scope        text NOT NULL CHECK (scope IN ('public', 'full')),
  lang         text NOT NULL CHECK (lang IN ('zh', 'en')),
  issued_at    timestamptz NOT NULL,
  as_of        timestamptz NOT NULL,
  content      text NOT NULL,
  digest       text NOT NULL,
  signature    text NOT NULL,
  key_id       text NOT NULL
);
CREATE INDEX report_subject_idx ON report (subject_key, issued_at);

CREATE FUNCTION report_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issued reports do not change: UPDATE on report is refused';
END
$$;
CREATE TRIGGER report_no_update BEFORE UPDATE ON report FOR EACH ROW EXECUTE FUNCTION report_refuse_update();
