-- Evaluations: the current result of each scorecard for each subject, recomputed from the
-- projections (in full, or for the subjects a new event touches). Derived data: a full run
-- rewrites it. Manual overrides are ledger events, projected into evaluation_override.
CREATE TABLE evaluation (
  subject_key   text NOT NULL,
  scorecard     text NOT NULL,
  version       text NOT NULL,
  evaluated_on  date NOT NULL,
  eligible      boolean NOT NULL,
  score         double precision,
  tier          text,
  tier_reason   text,
  factors       text NOT NULL,
  PRIMARY KEY (subject_key, scorecard)
);
CREATE INDEX evaluation_tier_idx ON evaluation (scorecard, tier);

CREATE TABLE evaluation_override (
  subject_key  text NOT NULL,
  scorecard    text NOT NULL,
  tier         text NOT NULL,
  reason       text NOT NULL,
  actor        text NOT NULL,
  at           timestamptz NOT NULL,
  active       boolean NOT NULL,
  last_seq     bigint NOT NULL,
  PRIMARY KEY (subject_key, scorecard)
);

-- The population an inspection draw selected from (its digest is in the ledger event), so
-- anyone can recompute the draw from the published seed.
CREATE TABLE draw_population (
  draw_id      text NOT NULL,
  subject_key  text NOT NULL,
  tier         text NOT NULL,
  PRIMARY KEY (draw_id, subject_key)
);
