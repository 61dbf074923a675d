-- The ledger as partitioned Merkle logs (RFC 9162 hashing). An event belongs to the log of its
-- subject (a stable hash of subject_key over the store's partitions) or, without a subject, to
-- the platform log 0. Within a log, events are numbered from 0 in commit order; appends to
-- different logs run at once, each log's writers taking only its row of ledger_log. A checkpoint
-- signs every log's size and root at one instant. ledger_event, the single hash chain of
-- earlier releases, is converted into these logs when the store is opened (ledger/upgrade.ts).

-- How many subject logs the store has, fixed when the store is created.
CREATE TABLE ledger_meta (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  partitions   smallint NOT NULL CHECK (partitions BETWEEN 1 AND 4096),
  created_at   timestamptz NOT NULL
);

-- Each log's head: its size, the instant of its last event (instants never decrease along a
-- log) and its right edge (the roots of its perfect subtrees, from which its root follows).
-- Writers of a log hold its row until they commit, so a log's order is its commit order.
CREATE TABLE ledger_log (
  log      smallint PRIMARY KEY,
  size     bigint NOT NULL DEFAULT 0,
  last_at  timestamptz,
  edge     bytea NOT NULL
);

-- The events. payload is exactly the leaf's bytes (canonical JSON): leaf hash SHA-256(0x00 || payload).
CREATE TABLE ledger_entry (
  log          smallint NOT NULL,
  idx          bigint NOT NULL,
  type         text NOT NULL,
  subject_key  text,
  recorded_at  timestamptz NOT NULL,
  payload      text NOT NULL,
  PRIMARY KEY (log, idx)
);

-- As-of reads replay one subject's events (all in one log) up to an instant.
CREATE INDEX ledger_entry_subject_idx ON ledger_entry (subject_key, idx) WHERE subject_key IS NOT NULL;

CREATE TRIGGER ledger_entry_no_update_delete
  BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_entry_no_truncate
  BEFORE TRUNCATE ON ledger_entry
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Interior nodes as C2SP tlog-tiles: tile (level L, index N) holds up to 256 consecutive hashes
-- of tree level 8L, from node 256N on; a partial tile grows as its log does. Hashes do not
-- compress, so they are stored as they are.
CREATE TABLE ledger_tile (
  log     smallint NOT NULL,
  level   smallint NOT NULL,
  idx     bigint NOT NULL,
  hashes  bytea NOT NULL,
  PRIMARY KEY (log, level, idx)
);
ALTER TABLE ledger_tile ALTER COLUMN hashes SET STORAGE EXTERNAL;

-- Signed checkpoints, in the order they were made: the C2SP signed note, and each log's size in
-- it (what a consistency proof from it starts from).
CREATE TABLE ledger_checkpoint (
  id       bigint PRIMARY KEY,
  made_at  timestamptz NOT NULL,
  sizes    bigint[] NOT NULL,
  note     text NOT NULL
);

-- Witnesses' cosignatures of checkpoints (C2SP tlog-cosignature), as signature lines.
CREATE TABLE ledger_cosignature (
  checkpoint_id  bigint NOT NULL REFERENCES ledger_checkpoint (id),
  witness        text NOT NULL,
  signature      text NOT NULL,
  received_at    timestamptz NOT NULL,
  PRIMARY KEY (checkpoint_id, witness)
);

-- Projections name events by their index in their subject's log.
ALTER TABLE subject RENAME COLUMN first_seq TO first_index;
ALTER TABLE credit_record RENAME COLUMN filed_seq TO filed_index;
ALTER TABLE credit_record RENAME COLUMN body_seq TO body_index;
ALTER TABLE credit_record RENAME COLUMN last_seq TO last_index;
ALTER TABLE person_role RENAME COLUMN first_seq TO first_index;
ALTER TABLE person_role RENAME COLUMN last_seq TO last_index;
ALTER TABLE list_entry RENAME COLUMN first_seq TO first_index;
ALTER TABLE list_entry RENAME COLUMN last_seq TO last_index;
ALTER TABLE objection RENAME COLUMN first_seq TO first_index;
ALTER TABLE objection RENAME COLUMN last_seq TO last_index;
ALTER TABLE repair_application RENAME COLUMN first_seq TO first_index;
ALTER TABLE repair_application RENAME COLUMN last_seq TO last_index;
ALTER TABLE evaluation_override RENAME COLUMN last_seq TO last_index;

-- A list's change feed reads, for each log, the entries changed after the cursor's position in it.
ALTER TABLE list_entry ADD COLUMN log smallint NOT NULL DEFAULT 0;
DROP INDEX list_entry_changes_idx;
CREATE INDEX list_entry_changes_idx ON list_entry (list, log, last_index);
