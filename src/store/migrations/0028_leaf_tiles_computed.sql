-- Leaf tiles are not stored: a leaf hash is SHA-256(0x00 || the event's canonical bytes), which
-- the blocks hold, so a proof hashes the 256 leaves of a tile it needs from their events
-- (ledger/proofs.ts) and the audit recomputes them anyway. The tiles above the leaves, which
-- cannot be hashed back from a few blocks, stay. ledger_tile has no trigger refusing deletes, and
-- deleting its leaf tiles loses nothing: they are derived data, and every node above them (each
-- log's edge, the tiles of level 1 and above, the signed checkpoints) is kept as it is, so every
-- proof and the audit still check the events against what was committed to.
DELETE FROM ledger_tile WHERE level = 0;
