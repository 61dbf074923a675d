-- Subject search by name and code (src/search). One row per subject with the forms its name is
-- searched by, computed in the application (traditional characters simplified, brackets and
-- punctuation removed, pinyin): a projection of `subject`, rebuilt from it at any time.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE subject_search (
  subject_key  text PRIMARY KEY,
  -- Simplified, half-width, lower-case, without brackets, white space or punctuation.
  folded       text NOT NULL,
  -- Full pinyin without tones or spaces, and the first letters of its syllables.
  pinyin       text NOT NULL,
  initials     text NOT NULL
);

-- The distinct two-character pieces of a folded name. A fragment of two characters (a trade
-- name) is too short for trigrams; a longer fragment is found by all of its pieces, and a
-- misspelled name by a few rare ones. Indexed as an expression, so the table does not store them.
CREATE FUNCTION search_bigrams(folded text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(DISTINCT substr(folded, i, 2)), '{}') FROM generate_series(1, char_length(folded) - 1) AS i $$;

-- Code prefixes (91330106...): a byte-wise range over the key, whatever the database collation.
CREATE INDEX subject_search_key_prefix_idx ON subject_search (subject_key text_pattern_ops);
-- Exact and prefix matches of the folded name, the pinyin and the initials.
CREATE INDEX subject_search_folded_idx ON subject_search (folded text_pattern_ops);
CREATE INDEX subject_search_pinyin_idx ON subject_search (pinyin text_pattern_ops);
CREATE INDEX subject_search_initials_idx ON subject_search (initials text_pattern_ops);
-- Names containing a fragment, and candidates for misspelled names.
CREATE INDEX subject_search_bigrams_idx ON subject_search USING gin (search_bigrams(folded));
-- Pinyin containing a run of letters (asked for its rarest trigrams).
CREATE INDEX subject_search_pinyin_trgm_idx ON subject_search USING gin (pinyin gin_trgm_ops);
