-- The history of each person's credit score (docs/personal-score.md): a row whenever the score
-- the platform computes for a person differs from their latest row — a lender's inquiry or the
-- person's own report served it, or the scheduler's daily rescoring found it changed by data
-- furnished since or by time alone (months leaving the 24-month window, inquiries past 12 months,
-- adverse information past five years, a longer history). A report never reads it: it computes
-- the score from the data as of its date under the scorecard in force then. Rows are numbered per
-- person by n (1, 2, ...); on a Citus cluster the table lies in the subjects' group by subject_key
-- (src/store/citus-credit.ts).
CREATE TABLE personal_score_history (
  subject_key     text NOT NULL,
  n               integer NOT NULL,
  recorded_at     timestamptz NOT NULL,
  -- The date the score describes and what recorded it: inquiry, own-report or rescoring.
  as_of           date NOT NULL,
  cause           text NOT NULL,
  scored          boolean NOT NULL,
  -- Scored: code@version of the scorecard, the day it took effect, the score, band and reason codes.
  model           text,
  effective_from  date,
  score           integer,
  band            text,
  reasons         text[] NOT NULL DEFAULT '{}',
  -- Not scored: why (no-accounts, no-scorecard).
  not_scored      text,
  CONSTRAINT personal_score_history_pkey PRIMARY KEY (subject_key, n)
);
