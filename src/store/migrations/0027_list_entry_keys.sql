-- A list entry is found by its id, and a subject's entries by the subject's key, as records are
-- (migration 25): the B-trees over (subject key, id) and over the 28-character id give way to an
-- exclusion constraint on the id's hash index, which keeps ids unique, and a B-tree on the
-- subject key, whose duplicates PostgreSQL keeps once per page.
ALTER TABLE list_entry DROP CONSTRAINT list_entry_pkey;
DROP INDEX list_entry_id_idx;
ALTER TABLE list_entry ADD CONSTRAINT list_entry_id_unique EXCLUDE USING hash (entry_id WITH =);
CREATE INDEX list_entry_subject_idx ON list_entry (subject_key);
