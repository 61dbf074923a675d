-- The public change feed of a list (GET /v1/lists/{code}/changes) reads a list's entries in the
-- order they last changed, after a cursor: the ledger sequence number of each entry's last change.
CREATE INDEX list_entry_changes_idx ON list_entry (list, last_seq);
