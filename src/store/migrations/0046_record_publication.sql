-- The public records of each day, kept once the day has ended (docs/api.md, Bulk exports), as
-- the changes from the last day kept before it: for each record whose public view changed, its
-- view as exported (JSON), or NULL when it stopped being public. The records public on a kept day
-- are, for each record, its latest change on or before that day, where that is not NULL; so a
-- day costs the rows of its changes, not a copy of every public record. The first day kept has
-- every record public on it.
--
-- A day's changes are written a page at a time under their maker's token, the header last: the
-- day is kept once its header is there, and only its maker's changes are its own. A day is kept
-- only after the last day kept, against it (the header names it as `after_day`), so the changes
-- always chain. On a Citus cluster both tables stay on the coordinator (src/store/citus.ts).
CREATE TABLE record_publication_day (
  day            date PRIMARY KEY,
  maker          text NOT NULL,
  after_day      date,
  made_at        timestamptz NOT NULL,
  checkpoint_id  bigint NOT NULL,
  -- Records public on the day, and the day's changes: added, modified and deleted.
  records        integer NOT NULL,
  added          integer NOT NULL,
  modified       integer NOT NULL,
  deleted        integer NOT NULL
);

CREATE TABLE record_publication (
  record_id    text NOT NULL,
  day          date NOT NULL,
  maker        text NOT NULL,
  subject_key  text NOT NULL,
  item         text
);
-- A kept day's records are read as each record's latest change on or before it, in record id
-- order: this index gives them in that order (latest day first), a page at a time.
CREATE UNIQUE INDEX record_publication_key ON record_publication (record_id, day DESC, maker);
CREATE INDEX record_publication_day_idx ON record_publication (day, maker);
