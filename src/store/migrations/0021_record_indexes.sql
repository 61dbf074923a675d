-- A record's primary key holds its key only. The columns it carried (INCLUDE) made no read
-- index-only: the evaluation reads filed_index, which is not among them, and every other
-- reader reads the row; they only doubled what each record costs in its index.
ALTER TABLE credit_record DROP CONSTRAINT credit_record_pkey;
ALTER TABLE credit_record ADD CONSTRAINT credit_record_pkey PRIMARY KEY (subject_key, record_id);

-- Records are found by id through a hash index, a fraction of a B-tree over 28-character ids.
-- Uniqueness stays with the primary key: a record id is derived from its subject's key among
-- other parts (intake.service.ts recordIdFor), so one id under two subjects is a SHA-256
-- collision; and intake files an id once (it reads the stored filings of its ids first).
DROP INDEX credit_record_id_idx;
CREATE INDEX credit_record_id_idx ON credit_record USING hash (record_id);
