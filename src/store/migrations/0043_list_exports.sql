-- A list's export of a day, kept once the day has ended (docs/api.md, Bulk exports): the
-- entries in force on it as the platform knew them when the export was made (the scheduler's
-- first run of the next day, or the first request for it), each as exported (JSON) with its
-- subject's key (a person's export is access-logged whenever it is served), and the signed
-- checkpoint of the ledger made after they were read. A kept export never changes, so a file's
-- bytes and SHA-256 stay what its first download had, and a delta between two kept days is exact.
-- Entries are written a page at a time under their maker's token, the header last: an export
-- is kept once its header is there, and only its maker's entries are its own (a maker that lost
-- the race removes its own). On a Citus cluster both tables stay on the coordinator (src/store/citus.ts).
CREATE TABLE list_export (
  list           text NOT NULL,
  day            date NOT NULL,
  maker          text NOT NULL,
  made_at        timestamptz NOT NULL,
  checkpoint_id  bigint NOT NULL,
  entries        integer NOT NULL,
  CONSTRAINT list_export_pkey PRIMARY KEY (list, day)
);

CREATE TABLE list_export_entry (
  list         text NOT NULL,
  day          date NOT NULL,
  maker        text NOT NULL,
  entry_id     text NOT NULL,
  subject_key  text NOT NULL,
  item         text NOT NULL,
  CONSTRAINT list_export_entry_pkey PRIMARY KEY (list, day, maker, entry_id)
);
