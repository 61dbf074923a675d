-- A list's export of a day, kept as it was first made on that day (docs/api.md, Bulk exports):
-- the entries in force as the platform knew them then, each as exported (JSON), and the signed
-- checkpoint of the ledger made after they were read. A kept export never changes, so its files'
-- bytes and SHA-256 stay what its first download had, and a delta to the next day's export is
-- exact. A day no export was made on is exported from the entries as known now, and not kept.
-- On a Citus cluster both tables stay on the coordinator (src/store/citus.ts).
CREATE TABLE list_export (
  list           text NOT NULL,
  day            date NOT NULL,
  made_at        timestamptz NOT NULL,
  checkpoint_id  bigint NOT NULL,
  entries        integer NOT NULL,
  CONSTRAINT list_export_pkey PRIMARY KEY (list, day)
);

CREATE TABLE list_export_entry (
  list      text NOT NULL,
  day       date NOT NULL,
  entry_id  text NOT NULL,
  item      text NOT NULL,
  CONSTRAINT list_export_entry_pkey PRIMARY KEY (list, day, entry_id)
);
