-- Operational tables: not derived from the ledger (the ledger records that an agency was
-- registered, never its secrets). API keys are stored as SHA-256 hashes of high-entropy secrets.
CREATE TABLE agency (
  code         text PRIMARY KEY,
  name         text NOT NULL,
  kind         text NOT NULL,
  items        text[] NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  disabled_at  timestamptz
);

CREATE TABLE agency_key (
  key_id       text PRIMARY KEY,
  agency_code  text NOT NULL REFERENCES agency (code),
  secret_hash  bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

-- Resumable imports: how far each source file has been committed, in the same transaction as
-- the records themselves, so a rerun after a crash continues exactly where it stopped.
CREATE TABLE import_progress (
  source_digest  text NOT NULL,
  agency_code    text NOT NULL,
  source_name    text NOT NULL,
  byte_offset    bigint NOT NULL,
  line           bigint NOT NULL,
  records        bigint NOT NULL,
  duplicates     bigint NOT NULL,
  completed      boolean NOT NULL DEFAULT false,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_digest, agency_code)
);
