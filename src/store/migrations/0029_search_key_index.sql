-- A subject's key in the search table has one index: unique, in byte order (text_pattern_ops),
-- which answers a lookup by key, the upsert's conflict, and a code prefix query alike. The
-- primary key beside it held every key a second time.
ALTER TABLE subject_search DROP CONSTRAINT subject_search_pkey;
DROP INDEX subject_search_key_prefix_idx;
CREATE UNIQUE INDEX subject_search_key_idx ON subject_search (subject_key text_pattern_ops);
