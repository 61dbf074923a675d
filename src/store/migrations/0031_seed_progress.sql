-- How far a seed (xinyong seed, xinyong demo) has come, so that one stopped at any moment (kill -9
-- included) continues where it stopped when run again. One row per store: the seed's parameters
-- (the generator is deterministic from them, and a resumed seed must draw the same data), the
-- steps done (the setup, each quarter of simulated history, today, the finish), the record
-- batches done in the step under way, and whether the seed is complete. Each mark is written
-- once the work it describes has committed; the step a stop interrupts is redone, and every
-- step's work is idempotent (see src/app/seed/seed.ts).
CREATE TABLE seed_progress (
  id            boolean PRIMARY KEY DEFAULT true CHECK (id),
  subjects      integer NOT NULL,
  seed          bigint NOT NULL,
  today         date NOT NULL,
  batch_size    integer NOT NULL,
  steps_done    integer NOT NULL DEFAULT 0,
  last_quarter  date,
  batches_done  integer NOT NULL DEFAULT 0,
  records_done  bigint NOT NULL DEFAULT 0,
  completed     boolean NOT NULL DEFAULT false,
  started_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
