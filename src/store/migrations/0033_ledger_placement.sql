-- How a store places subjects in its logs (ledger/placement.ts), fixed when the store is made:
-- `sha256`, every store made before this migration and every store on PGlite or PostgreSQL (a
-- subject's log is 1 + the first four bytes of SHA-256 of its key, mod partitions); or
-- `citus-shard`, a store made on a Citus coordinator, whose logs are one per shard of the
-- subjects' co-location group (a subject's log is 1 + the index of the shard holding Citus's hash
-- of its key). A citus-shard store keeps the lowest hash of each subject log's shard
-- (shard_bounds, log 1's first) and each log's key (log_keys, log 0 first): the value of the
-- ledger tables' distribution column log_key for that log's rows, a text whose hash falls in the
-- log's shard. store/citus-ledger.ts makes a new store on a coordinator citus-shard, when it lays
-- the ledger's tables out in the subjects' group; any store whose ledger already holds events
-- keeps its placement.
ALTER TABLE ledger_meta
  ADD COLUMN placement text NOT NULL DEFAULT 'sha256' CHECK (placement IN ('sha256', 'citus-shard')),
  ADD COLUMN shard_bounds integer[],
  ADD COLUMN log_keys text[],
  ADD CONSTRAINT ledger_meta_keys_check CHECK ((placement = 'citus-shard') = (log_keys IS NOT NULL));
