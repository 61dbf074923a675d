-- The ledger: one append-only, hash-chained log of every change. Each row's hash is
-- SHA-256(prev_hash || payload), where payload is the canonical JSON of the event exactly as
-- hashed (seq, type, at, actor, subject, data). The database itself refuses UPDATE, DELETE and
-- TRUNCATE, so even a bug or a careless operator cannot rewrite history.
CREATE TABLE ledger_event (
  seq          bigint PRIMARY KEY,
  type         text NOT NULL,
  subject_key  text,
  recorded_at  timestamptz NOT NULL,
  payload      text NOT NULL,
  prev_hash    bytea NOT NULL,
  hash         bytea NOT NULL
);

-- As-of reads replay one subject's events up to an instant.
CREATE INDEX ledger_event_subject_idx ON ledger_event (subject_key, seq) WHERE subject_key IS NOT NULL;

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on ledger_event is refused', TG_OP
    USING ERRCODE = 'P0001', HINT = 'record a new event (a correction, withdrawal or end of publicity) instead';
END
$$;

CREATE TRIGGER ledger_event_no_update_delete
  BEFORE UPDATE OR DELETE ON ledger_event
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_event_no_truncate
  BEFORE TRUNCATE ON ledger_event
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
