-- The scheduler's lease: which of the server processes sharing a store runs the scheduler (the
-- tick and the daily evaluation), until when (no holder: free). A process takes it, and renews it, under a row lock
-- (the row is free, its own, or past its expiry), so one holds it at a time on PostgreSQL
-- as on Citus, where this is a reference table and an advisory lock would hold on one node only.
-- term counts the takeovers: work begun under one term is refused once another has begun (the
-- work's transactions read the row FOR KEY SHARE, so a takeover, which changes term, a column of
-- the unique key below, waits for them to commit; a renewal, which changes only expires_at, does not).
-- daily_evaluation_on is the local day whose full evaluation has completed, so a new holder, or a
-- restarted server, does not run the day's evaluation again.
CREATE TABLE scheduler_lease (
  name                 text PRIMARY KEY,
  holder               text,
  term                 bigint NOT NULL DEFAULT 0,
  taken_at             timestamptz,
  expires_at           timestamptz,
  daily_evaluation_on  date,
  UNIQUE (name, term)
);
INSERT INTO scheduler_lease (name) VALUES ('scheduler');
