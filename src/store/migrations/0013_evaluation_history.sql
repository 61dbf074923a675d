-- What each evaluation showed, and from when: a row is added whenever a subject's result for a
-- scorecard changes in what it decides (the tier, eligibility, the rule that set the tier, the
-- scorecard version), so a report or an explanation as of a past instant shows the tier then in
-- force. A score that moves within its tier (a penalty's weight decaying day by day) adds no
-- row: the score and factors kept are those of the evaluation that set the tier, dated by
-- evaluated_on. A result that is no longer computed at all (its scorecard left the pack, or no
-- longer applies to the subject) gets an `ended` row. Append-only like the ledger; overrides are
-- ledger events and are replayed. The latest row of a subject and scorecard is the one with the
-- highest id (rows are added under the evaluation writers' lock, so in order).
CREATE TABLE evaluation_history (
  id            bigserial PRIMARY KEY,
  subject_key   text NOT NULL,
  scorecard     text NOT NULL,
  recorded_at   timestamptz NOT NULL,
  version       text NOT NULL,
  evaluated_on  date NOT NULL,
  eligible      boolean NOT NULL,
  score         double precision,
  tier          text,
  tier_reason   text,
  factors       text NOT NULL,
  ended         boolean NOT NULL DEFAULT false
);
CREATE INDEX evaluation_history_subject_idx ON evaluation_history (subject_key, scorecard, id);

CREATE FUNCTION evaluation_history_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the evaluation history is append-only: % on evaluation_history is refused', TG_OP;
END
$$;
CREATE TRIGGER evaluation_history_no_update_delete BEFORE UPDATE OR DELETE ON evaluation_history
  FOR EACH ROW EXECUTE FUNCTION evaluation_history_refuse_change();

-- The evaluations held when this table arrived are its first rows, recorded from the start of
-- the day they were computed (the hour within that day is not known), in the national pack's
-- time zone.
INSERT INTO evaluation_history (subject_key, scorecard, recorded_at, version, evaluated_on, eligible, score, tier, tier_reason, factors)
SELECT subject_key, scorecard, evaluated_on::timestamp AT TIME ZONE 'Asia/Shanghai', version, evaluated_on, eligible, score, tier, tier_reason, factors
FROM evaluation ORDER BY subject_key, scorecard;
