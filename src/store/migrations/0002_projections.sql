-- Projections: tables derived from the ledger for fast reads. `xinyong rebuild` empties and
-- refills them from the ledger. Every large table is keyed by subject_key so that it can be
-- distributed by it (Citus) without cross-shard joins on the hot path.
CREATE TABLE subject (
  subject_key    text PRIMARY KEY,
  kind           text NOT NULL,
  code           text NOT NULL,
  name           text NOT NULL,
  division_code  text,
  code_flags     text[] NOT NULL DEFAULT '{}',
  first_seq      bigint NOT NULL,
  last_seq       bigint NOT NULL
);

CREATE TABLE credit_record (
  subject_key            text NOT NULL,
  record_id              text NOT NULL,
  item                   text NOT NULL,
  category               text NOT NULL,
  polarity               text NOT NULL,
  agency_code            text NOT NULL,
  decision_number        text NOT NULL,
  decision_date          date NOT NULL,
  decision               jsonb NOT NULL,
  fields                 jsonb NOT NULL,
  version                integer NOT NULL,
  status                 text NOT NULL,
  publicity_class        text NOT NULL,
  rule_version           text NOT NULL,
  published              boolean NOT NULL,
  publicity_start        date,
  publicity_minimum_end  date,
  publicity_end          date,
  repairable             boolean NOT NULL,
  policy_version         text NOT NULL,
  filed_digest           text NOT NULL,
  filed_seq              bigint NOT NULL,
  last_seq               bigint NOT NULL,
  PRIMARY KEY (subject_key, record_id)
);

CREATE UNIQUE INDEX credit_record_id_idx ON credit_record (record_id);
-- Idempotency: one record per agency, catalogue item, decision document and subject.
CREATE UNIQUE INDEX credit_record_filing_idx ON credit_record (agency_code, item, decision_number, subject_key);
