-- Webhooks (docs/api.md, Webhooks): an agency's subscriptions to the change feeds of lists, and
-- each event's delivery to the subscriber's endpoint, signed, retried with exponential backoff
-- until its retry_until (24 hours after it was queued or replayed), its attempts kept. A
-- subscription's deliveries are numbered from 1 (seq): the cursor a subscriber replays from.
-- The secret is the HMAC key both sides hold (Standard Webhooks: whsec_ and base64); it is shown
-- to the agency once, at registration. On a Citus cluster both tables stay on the coordinator.
CREATE TABLE webhook_subscription (
  id          text PRIMARY KEY,
  agency      text NOT NULL,
  url         text NOT NULL,
  secret      text NOT NULL,
  lists       text[] NOT NULL,
  -- Each list's change feed cursor (the feed's `next`) up to which events are queued.
  cursors     text[] NOT NULL,
  next_seq    bigint NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE INDEX webhook_subscription_agency_idx ON webhook_subscription (agency);

CREATE TABLE webhook_delivery (
  subscription_id  text NOT NULL,
  seq              bigint NOT NULL,
  event_id         text NOT NULL,
  queued_at        timestamptz NOT NULL,
  body             text NOT NULL,
  -- pending (to be sent at next_attempt_at), delivered, failed (retry_until passed).
  state            text NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  retry_until      timestamptz NOT NULL,
  last_attempt_at  timestamptz,
  last_status      integer,
  last_error       text,
  delivered_at     timestamptz,
  CONSTRAINT webhook_delivery_pkey PRIMARY KEY (subscription_id, seq),
  CONSTRAINT webhook_delivery_event_key UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE state = 'pending';
