-- Search: a name's two-character pieces are kept in a column, written by the application
-- (bigrams() in search.service.ts, which cuts as search_bigrams() does), and indexed as they
-- are. The index on the expression search_bigrams(folded) ran a SQL function for every row
-- written: on PGlite about half the cost of indexing a new subject, on PostgreSQL about a third.
ALTER TABLE subject_search ADD COLUMN bigrams text[];
UPDATE subject_search SET bigrams = search_bigrams(folded);
ALTER TABLE subject_search ALTER COLUMN bigrams SET NOT NULL;
DROP INDEX subject_search_bigrams_idx;
CREATE INDEX subject_search_bigrams_idx ON subject_search USING gin (bigrams);
