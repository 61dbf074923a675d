-- The tree's level-4 nodes (each over 16 events) are stored, 16 to a leaf tile, in ledger_tile
-- rows at level -4: row idx holds those under leaf tile idx (512 bytes when full, about 2 bytes an
-- event). A proof hashes the 16 leaves of its event's group and takes the rest of its leaf tile
-- from them (ledger/proofs.ts); the audit names an altered event to within its group.
COMMENT ON COLUMN ledger_tile.level IS
  'C2SP tile level L >= 0 (the nodes of tree level 8L, 256 a tile), or -4: the tree''s level-4 nodes under leaf tile idx, 16 a row';

-- Logs written before this migration lack the level-4 nodes of their first `tiles` leaf tiles.
-- SQL cannot hash the events (their blocks are deflated), so the platform fills them when it
-- opens (ledger/level4-fill.ts): the last leaf tile first, before anything is appended, since
-- appends extend the row of a partial tile in place; then the rest, a batch a transaction, each
-- lowering `tiles`, so that a fill stopped midway resumes where it stood. A log's row goes when
-- it is done. Until then a proof hashes the whole leaf tile where its row is missing.
CREATE TABLE ledger_level4_fill (
  log    smallint PRIMARY KEY,
  tiles  bigint NOT NULL CHECK (tiles > 0)
);
INSERT INTO ledger_level4_fill (log, tiles)
SELECT log, (size + 255) / 256 FROM ledger_log WHERE size > 0;
