-- The evaluation history's rows of a subject and scorecard are numbered by an ordinal of their
-- own, n (1, 2, ...), instead of one sequence for the whole table: the latest row of a subject and
-- scorecard is the one with the highest n, and the key is (subject_key, scorecard, n). A row is
-- added under its subject's own lock (the subject's row, features/evaluation), not a lock of every
-- writer, and on a Citus cluster the table is distributed by subject_key, where a sequence would
-- be drawn on each node from a range of its own and no longer tell which row came last
-- (docs/scaling.md). Rows stored before keep their order: n follows their id.
CREATE TABLE evaluation_history_numbered (
  subject_key   text NOT NULL,
  scorecard     text NOT NULL,
  n             integer NOT NULL,
  recorded_at   timestamptz NOT NULL,
  version       text NOT NULL,
  evaluated_on  date NOT NULL,
  eligible      boolean NOT NULL,
  score         double precision,
  tier          text,
  tier_reason   text,
  factors       text NOT NULL,
  ended         boolean NOT NULL DEFAULT false,
  CONSTRAINT evaluation_history_numbered_pkey PRIMARY KEY (subject_key, scorecard, n)
);
INSERT INTO evaluation_history_numbered (subject_key, scorecard, n, recorded_at, version, evaluated_on, eligible, score, tier, tier_reason, factors, ended)
SELECT subject_key, scorecard, row_number() OVER (PARTITION BY subject_key, scorecard ORDER BY id)::int, recorded_at, version, evaluated_on, eligible,
       score, tier, tier_reason, factors, ended
FROM evaluation_history ORDER BY subject_key, scorecard, id;
DROP TABLE evaluation_history;
ALTER TABLE evaluation_history_numbered RENAME TO evaluation_history;
ALTER INDEX evaluation_history_numbered_pkey RENAME TO evaluation_history_pkey;
CREATE TRIGGER evaluation_history_no_update_delete BEFORE UPDATE OR DELETE ON evaluation_history
  FOR EACH ROW EXECUTE FUNCTION evaluation_history_refuse_change();

-- The evaluation writers' lock: a refresh of some subjects locks this table in SHARE mode
-- (refreshes of other subjects go on side by side; those of one subject wait for each other on
-- the subject's row), and what a full run does to the evaluation table's definition (its run's
-- table, the swap) in EXCLUSIVE mode, so a swap never meets a refresh half-written. A table of
-- the coordinator on a Citus cluster (src/store/citus.ts, COORDINATOR_TABLES); its one row names it.
CREATE TABLE evaluation_writer (
  id  boolean PRIMARY KEY DEFAULT true CHECK (id)
);
INSERT INTO evaluation_writer DEFAULT VALUES;
