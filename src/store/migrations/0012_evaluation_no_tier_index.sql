-- No query reads evaluations by tier: the inspection draw reads a scorecard's whole population
-- in subject order (the primary key), the API reads a subject's evaluations (the primary key).
-- The index on (scorecard, tier) only cost every full run a sort of all its rows (1.8 million
-- at 1,000,000 subjects, some 3 s of the 30 s a run may take on PGlite).
DROP INDEX evaluation_tier_idx;
