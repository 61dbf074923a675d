-- Webhooks of watched subjects (docs/api.md, Webhooks): a subscription may name subjects as
-- well as (or instead of) lists, and every later change of a published record about one of them
-- is delivered as a thin event. subject_keys are the keys the platform holds the subjects under
-- (a USCC, or a person's keyed hash: never a resident identity number), subject_codes what the
-- subscription and its events show for each (the USCC, or the masked number), in the same
-- order. watch_cursor is the ledger position up to which the watched subjects' logs are examined
-- (position.ts: each log's count of events before it, as an opaque cursor; 'p' is the start),
-- moved compare-and-set as each page is queued, like a list's cursor. A subscription names at
-- least one list or one subject. On a Citus cluster the table stays on the coordinator.
ALTER TABLE webhook_subscription
  ADD COLUMN subject_keys  text[] NOT NULL DEFAULT '{}',
  ADD COLUMN subject_codes text[] NOT NULL DEFAULT '{}',
  ADD COLUMN watch_cursor  text NOT NULL DEFAULT 'p',
  ADD CONSTRAINT webhook_subscription_watches_something CHECK (cardinality(lists) > 0 OR cardinality(subject_keys) > 0),
  ADD CONSTRAINT webhook_subscription_codes_match CHECK (cardinality(subject_codes) = cardinality(subject_keys));
