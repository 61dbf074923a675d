-- Failed logins per client (the block of addresses one party holds: an IPv4 address, an IPv6
-- /64), counted in the store so that every server process on one database spends one budget:
-- failures is the count of the window that began at window_start. Rows whose window has passed
-- count nothing and are deleted (window_start is how they are found).
CREATE TABLE login_client_failures (
  client        text PRIMARY KEY,
  failures      integer NOT NULL CHECK (failures >= 0),
  window_start  timestamptz NOT NULL
);
CREATE INDEX login_client_failures_window_idx ON login_client_failures (window_start);
