-- A record's row, smaller.
--
-- Its classification is kept once, not in every row. Seven of a record's columns repeat
-- the same few hundred combinations over millions of rows: the catalogue item, its category and
-- polarity, the filing agency, the publicity class, the publicity rule version and the policy
-- version (about 110 bytes of text per row). They move to record_class, one row per distinct
-- combination, and each record names its combination by class_id: the first 8 bytes of the
-- SHA-256 of the seven values joined by U+001F, read as a signed big-endian integer. The id is a
-- function of the values, so writers on any number of connections name the same combination by
-- the same id with no coordination (projection/rows.ts computes it the same way), and a rebuild
-- gives every record the id the incremental projection gave it.
--
-- credit_record_view joins them back: it has the columns credit_record had, and every reader
-- reads it. Writers write credit_record and record_class. The table is rewritten with its
-- columns ordered by alignment (8-byte, 4-byte, 1-byte, then variable), which saves the padding
-- PostgreSQL otherwise puts between them.

CREATE TABLE record_class (
  class_id         bigint PRIMARY KEY,
  item             text NOT NULL,
  category         text NOT NULL,
  polarity         text NOT NULL,
  agency_code      text NOT NULL,
  publicity_class  text NOT NULL,
  rule_version     text NOT NULL,
  policy_version   text NOT NULL
);

CREATE FUNCTION record_class_id(item text, category text, polarity text, agency_code text, publicity_class text, rule_version text, policy_version text)
  RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT ('x' || left(encode(sha256(convert_to(concat_ws(chr(31), item, category, polarity, agency_code, publicity_class, rule_version, policy_version), 'UTF8')), 'hex'), 16))::bit(64)::bigint $$;

INSERT INTO record_class
SELECT DISTINCT record_class_id(item, category, polarity, agency_code, publicity_class, rule_version, policy_version),
       item, category, polarity, agency_code, publicity_class, rule_version, policy_version
FROM credit_record;

CREATE TABLE credit_record_classed (
  class_id               bigint NOT NULL,
  filed_at               timestamptz NOT NULL,
  filed_index            bigint NOT NULL,
  body_index             bigint NOT NULL,
  last_index             bigint NOT NULL,
  decision_date          date NOT NULL,
  version                integer NOT NULL,
  open_objections        integer NOT NULL DEFAULT 0,
  publicity_start        date,
  publicity_minimum_end  date,
  publicity_end          date,
  publicity_ended_on     date,
  withdrawn_on           date,
  published              boolean NOT NULL,
  repairable             boolean NOT NULL,
  subject_key            text NOT NULL,
  record_id              text NOT NULL,
  decision_number        text NOT NULL,
  attrs                  text NOT NULL DEFAULT '{}',
  status                 text NOT NULL,
  publicity_end_reason   text,
  pending_repair         text
);

INSERT INTO credit_record_classed
SELECT record_class_id(item, category, polarity, agency_code, publicity_class, rule_version, policy_version),
       filed_at, filed_index, body_index, last_index, decision_date, version, open_objections,
       publicity_start, publicity_minimum_end, publicity_end, publicity_ended_on, withdrawn_on, published, repairable,
       subject_key, record_id, decision_number, attrs, status, publicity_end_reason, pending_repair
FROM credit_record;

DROP TABLE credit_record;
ALTER TABLE credit_record_classed RENAME TO credit_record;
-- A record is found by its id, and a subject's records by the subject's key; neither needs the
-- B-tree over both that the primary key was (about 100 bytes per record). The id is unique by an
-- exclusion constraint on its hash index (a record id is derived from its subject's key, so one
-- id under two subjects would be a SHA-256 collision), and the subject's key has a B-tree of its
-- own, whose duplicates PostgreSQL keeps once per page with the list of their rows.
ALTER TABLE credit_record ADD CONSTRAINT credit_record_id_unique EXCLUDE USING hash (record_id WITH =);
CREATE INDEX credit_record_subject_idx ON credit_record (subject_key);
CREATE INDEX credit_record_publicity_end_idx ON credit_record (publicity_end) WHERE publicity_ended_on IS NULL AND publicity_end IS NOT NULL;

CREATE VIEW credit_record_view AS
SELECT r.subject_key, r.record_id, c.item, c.category, c.polarity, c.agency_code, r.decision_number, r.decision_date, r.attrs,
       r.version, r.status, c.publicity_class, c.rule_version, r.published, r.publicity_start, r.publicity_minimum_end,
       r.publicity_end, r.repairable, c.policy_version, r.publicity_ended_on, r.publicity_end_reason, r.open_objections,
       r.pending_repair, r.filed_at, r.withdrawn_on, r.filed_index, r.body_index, r.last_index, r.class_id
FROM credit_record r JOIN record_class c ON c.class_id = r.class_id;

-- The persons a record names are looked up by their keyed hash, always for equality: a hash
-- index holds a 4-byte hash code per row where the B-tree held the 64-character hash.
DROP INDEX person_role_person_idx;
CREATE INDEX person_role_person_idx ON person_role USING hash (person_hash);
