-- A check's feedback names the check's subject beside its id: on a Citus cluster check_log and
-- check_feedback are distributed by subject_key, and the feedback lies on the shard of the check
-- it answers (docs/scaling.md). Feedback stored before is given its check's subject.
ALTER TABLE check_feedback ADD COLUMN subject_key text;
UPDATE check_feedback f SET subject_key = l.subject_key FROM check_log l WHERE l.check_id = f.check_id;
ALTER TABLE check_feedback ALTER COLUMN subject_key SET NOT NULL;
