-- Events stored in compressed blocks. Each append writes, for each log it extends, blocks of at
-- most 64 consecutive events: their canonical bytes (what the leaf hashes cover, unchanged)
-- joined by newlines and compressed with a fixed dictionary (ledger/blocks.ts). An event is read
-- by decompressing its block: the block starting at or before its index. A block lists the
-- subjects of its events, so that one subject's events are found without a row per event. Each
-- block starts where the log's last one ends: no two blocks hold the same event.
-- Events written in the layout of migration 18 (a row per event) move into blocks when the store
-- is opened (ledger/upgrade.ts), which then drops ledger_entry.
CREATE TABLE ledger_block (
  log        smallint NOT NULL,
  first_idx  bigint NOT NULL,
  events     smallint NOT NULL CHECK (events BETWEEN 1 AND 64),
  subjects   text[] NOT NULL,
  data       bytea NOT NULL,
  PRIMARY KEY (log, first_idx)
);

-- Compressed already: stored as it is, in the row while it fits.
ALTER TABLE ledger_block ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE INDEX ledger_block_subjects_idx ON ledger_block USING gin (subjects);

CREATE TRIGGER ledger_block_no_update_delete
  BEFORE UPDATE OR DELETE ON ledger_block
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE FUNCTION ledger_block_follows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_idx bigint;
BEGIN
  SELECT b.first_idx + b.events INTO next_idx FROM ledger_block b WHERE b.log = NEW.log ORDER BY b.first_idx DESC LIMIT 1;
  IF NEW.first_idx <> coalesce(next_idx, 0) THEN
    RAISE EXCEPTION 'the ledger is append-only: the next block of log % starts at event %, not %', NEW.log, coalesce(next_idx, 0), NEW.first_idx
      USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER ledger_block_follows
  BEFORE INSERT ON ledger_block
  FOR EACH ROW EXECUTE FUNCTION ledger_block_follows();

CREATE TRIGGER ledger_block_no_truncate
  BEFORE TRUNCATE ON ledger_block
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- A tile of leaf hashes is stored once, when it is full; the leaves of a log's last, partial
-- tile are hashed from its events when a proof needs them.
DELETE FROM ledger_tile WHERE level = 0 AND octet_length(hashes) < 8192;

-- A cosignature is matched to the checkpoints of the head it signs by their sizes (one bigint
-- per log: too wide for a btree entry with many logs).
CREATE INDEX ledger_checkpoint_sizes_idx ON ledger_checkpoint USING hash (sizes);
