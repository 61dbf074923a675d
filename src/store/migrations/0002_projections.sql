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
  first_seq      bigint NOT NULL
);

-- A record's decision document and fields are not copied here: they stay in the ledger event
-- numbered body_seq (the filing, or the latest correction), joined when a record is read.
CREATE TABLE credit_record (
  subject_key            text NOT NULL,
  record_id              text NOT NULL,
  item                   text NOT NULL,
  category               text NOT NULL,
  polarity               text NOT NULL,
  agency_code            text NOT NULL,
  decision_number        text NOT NULL,
  decision_date          date NOT NULL,
  attrs                  text NOT NULL DEFAULT '{}',
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
  publicity_ended_on     date,
  publicity_end_reason   text,
  open_objections        integer NOT NULL DEFAULT 0,
  pending_repair         text,
  filed_at               timestamptz NOT NULL,
  withdrawn_on           date,
  filed_seq              bigint NOT NULL,
  body_seq               bigint NOT NULL,
  last_seq               bigint NOT NULL,
  PRIMARY KEY (subject_key, record_id)
);

-- record_id is derived from (agency, catalogue item, decision number, subject), so its
-- uniqueness is also the idempotency of filings.
CREATE UNIQUE INDEX credit_record_id_idx ON credit_record (record_id);

-- Natural persons a record names in a role (by keyed hash): the legal representative of a
-- defaulting company, a person restricted by a court. Credit checks of a person follow these.
CREATE TABLE person_role (
  subject_key  text NOT NULL,
  record_id    text NOT NULL,
  role         text NOT NULL,
  person_hash  text NOT NULL,
  first_seq    bigint NOT NULL,
  last_seq     bigint NOT NULL,
  PRIMARY KEY (record_id, role)
);
CREATE INDEX person_role_person_idx ON person_role (person_hash);
CREATE INDEX person_role_subject_idx ON person_role (subject_key);
