-- Failed logins are counted over an observation window: failures_since is when the window of
-- the current count began (null while nothing is counted), so that failures long ago do not add
-- up to a lock.
ALTER TABLE account ADD COLUMN failures_since timestamptz;
