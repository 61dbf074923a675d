-- Evaluation reads every record of a range of subjects in key order. Records are stored in the
-- order they were filed, so a subject's records lie on as many heap pages as it has records:
-- a full run over 1,000,000 subjects touched about one page per record (92 s on PostgreSQL for
-- 5.35 million records, where scanning the table takes 1.4 s). The primary key now carries the
-- columns evaluation reads, so those reads are index-only scans in key order (57 s). The
-- attributes it carries are bounded values only: the pack loader refuses a condition or sum on
-- free text or personal data.
ALTER TABLE credit_record DROP CONSTRAINT credit_record_pkey;
ALTER TABLE credit_record ADD CONSTRAINT credit_record_pkey PRIMARY KEY (subject_key, record_id)
  INCLUDE (item, agency_code, decision_date, status, published, publicity_start, publicity_end, publicity_ended_on, publicity_end_reason, attrs);
