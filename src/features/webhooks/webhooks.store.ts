// Webhook subscriptions and deliveries (migrations 44 and 45).
import type { Database, Queryable } from '../../store/database.ts';

export interface SubscriptionRow {
  id: string;
  agency: string;
  url: string;
  secret: string;
  lists: string[];
  cursors: string[];
  /** The keys of the subjects watched, and what the subscription shows for each (same order). */
  subjectKeys: string[];
  subjectCodes: string[];
  /** The ledger position (an encoded cursor) up to which the watched subjects' logs are examined. */
  watchCursor: string;
  createdAt: string;
  endedAt: string | null;
}

export interface DeliveryRow {
  subscriptionId: string;
  seq: number;
  eventId: string;
  queuedAt: string;
  body: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  retryUntil: string;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function subscriptionOf(r: Record<string, unknown>): SubscriptionRow {
  return {
    id: r.id as string,
    agency: r.agency as string,
    url: r.url as string,
    secret: r.secret as string,
    lists: r.lists as string[],
    cursors: r.cursors as string[],
    subjectKeys: r.subject_keys as string[],
    subjectCodes: r.subject_codes as string[],
    watchCursor: r.watch_cursor as string,
    createdAt: iso(r.created_at)!,
    endedAt: iso(r.ended_at),
  };
}

function deliveryOf(r: Record<string, unknown>): DeliveryRow {
  return {
    subscriptionId: r.subscription_id as string,
    seq: Number(r.seq),
    eventId: r.event_id as string,
    queuedAt: iso(r.queued_at)!,
    body: r.body as string,
    state: r.state as DeliveryRow['state'],
    attempts: Number(r.attempts),
    nextAttemptAt: iso(r.next_attempt_at),
    retryUntil: iso(r.retry_until)!,
    lastAttemptAt: iso(r.last_attempt_at),
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: (r.last_error as string | null) ?? null,
    deliveredAt: iso(r.delivered_at),
  };
}

export async function insertSubscription(q: Queryable, s: SubscriptionRow): Promise<void> {
  await q.query(
    `INSERT INTO webhook_subscription (id, agency, url, secret, lists, cursors, subject_keys, subject_codes, watch_cursor, created_at)
     VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7::text[], $8::text[], $9, $10)`,
    [s.id, s.agency, s.url, s.secret, s.lists, s.cursors, s.subjectKeys, s.subjectCodes, s.watchCursor, s.createdAt],
  );
}

export async function subscriptionById(q: Queryable, id: string): Promise<SubscriptionRow | null> {
  const [r] = await q.query('SELECT * FROM webhook_subscription WHERE id = $1', [id]);
  return r ? subscriptionOf(r) : null;
}

export async function subscriptionsOf(q: Queryable, agency: string): Promise<SubscriptionRow[]> {
  return (await q.query('SELECT * FROM webhook_subscription WHERE agency = $1 ORDER BY created_at, id', [agency])).map(subscriptionOf);
}

export async function activeSubscriptions(q: Queryable): Promise<SubscriptionRow[]> {
  return (await q.query('SELECT * FROM webhook_subscription WHERE ended_at IS NULL ORDER BY id')).map(subscriptionOf);
}

export async function endSubscription(db: Database, id: string, at: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE webhook_subscription SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL', [id, at]);
    await tx.query(
      "UPDATE webhook_delivery SET state = 'failed', next_attempt_at = NULL, last_error = 'the subscription ended' WHERE subscription_id = $1 AND state = 'pending'",
      [id],
    );
  });
}

/** A subscription's cursor: one list's (by its place in `lists`), or the watched subjects' ledger position. */
export type FeedCursor = { list: number } | { subjects: true };

/**
 * Queues events of one cursor of a subscription and moves that cursor from `from` to `to`,
 * unless another dispatcher moved it first (null). Each event is queued once (its id): the
 * answer is the ids queued now, without those queued before (a cursor moved back, a re-run).
 */
export async function queueEvents(
  q: Queryable,
  subscriptionId: string,
  cursor: FeedCursor,
  from: string,
  to: string,
  events: ReadonlyArray<{ eventId: string; body: string }>,
  at: string,
  retryUntil: string,
): Promise<string[] | null> {
  if ('list' in cursor && !Number.isSafeInteger(cursor.list)) throw new Error(`not a list's place: ${cursor.list}`);
  const column = 'list' in cursor ? `cursors[${cursor.list + 1}]` : 'watch_cursor';
  const [moved] = await q.query<{ first: string | number }>(
    `UPDATE webhook_subscription SET next_seq = next_seq + $3, ${column} = $4
     WHERE id = $1 AND ${column} = $2 AND ended_at IS NULL RETURNING next_seq - $3 AS first`,
    [subscriptionId, from, events.length, to],
  );
  if (!moved) return null;
  if (events.length === 0) return [];
  const first = Number(moved.first);
  const inserted = await q.query<{ event_id: string }>(
    `INSERT INTO webhook_delivery (subscription_id, seq, event_id, queued_at, body, state, next_attempt_at, retry_until)
     SELECT $1, $2::bigint + o - 1, e, $5, b, 'pending', $5, $6 FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS t(e, b, o)
     ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING event_id`,
    [subscriptionId, first, events.map((e) => e.eventId), events.map((e) => e.body), at, retryUntil],
  );
  return inserted.map((r) => r.event_id);
}

/**
 * Claims the deliveries due: each is put off to `until`, so that no other dispatcher sends it
 * meanwhile; the attempt's outcome then sets it right.
 */
export async function claimDue(q: Queryable, now: string, until: string, limit: number): Promise<Array<DeliveryRow & { url: string; secret: string }>> {
  const rows = await q.query(
    `UPDATE webhook_delivery d SET next_attempt_at = $2
     FROM (SELECT x.subscription_id, x.seq FROM webhook_delivery x
           WHERE x.state = 'pending' AND x.next_attempt_at <= $1
             AND EXISTS (SELECT 1 FROM webhook_subscription a WHERE a.id = x.subscription_id AND a.ended_at IS NULL)
           ORDER BY x.next_attempt_at, x.subscription_id, x.seq LIMIT $3 FOR UPDATE OF x SKIP LOCKED) c,
          webhook_subscription s
     WHERE d.subscription_id = c.subscription_id AND d.seq = c.seq AND s.id = d.subscription_id
     RETURNING d.*, s.url, s.secret`,
    [now, until, limit],
  );
  return rows.map((r) => ({ ...deliveryOf(r), url: r.url as string, secret: r.secret as string }));
}

/**
 * Records an attempt: delivered, or pending again at `next`, or failed; only while the delivery
 * is as this attempt claimed it (pending until `claimedUntil`): an ending or a replay since wins.
 */
export async function recordAttempt(
  q: Queryable,
  d: { subscriptionId: string; seq: number },
  claimedUntil: string,
  attempt: { at: string; status: number | null; error: string | null; state: DeliveryRow['state']; next: string | null },
): Promise<void> {
  await q.query(
    `UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = $3, last_status = $4, last_error = $5, state = $6,
       next_attempt_at = $7, delivered_at = CASE WHEN $6 = 'delivered' THEN $3::timestamptz ELSE delivered_at END
     WHERE subscription_id = $1 AND seq = $2 AND state = 'pending' AND next_attempt_at = $8`,
    [d.subscriptionId, d.seq, attempt.at, attempt.status, attempt.error, attempt.state, attempt.next, claimedUntil],
  );
}

export async function deliveriesOf(q: Queryable, subscriptionId: string, after: number, limit: number): Promise<DeliveryRow[]> {
  return (await q.query('SELECT * FROM webhook_delivery WHERE subscription_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [subscriptionId, after, limit])).map(
    deliveryOf,
  );
}

/** Queues again every delivery after a cursor, whatever its state, unless the subscription has ended (null); returns how many. */
export async function requeueAfter(db: Database, subscriptionId: string, after: number, now: string, retryUntil: string): Promise<number | null> {
  return db.transaction(async (tx) => {
    // Held against an ending meanwhile, which would otherwise leave deliveries pending for no one.
    const [open] = await tx.query('SELECT 1 FROM webhook_subscription WHERE id = $1 AND ended_at IS NULL FOR UPDATE', [subscriptionId]);
    if (!open) return null;
    const rows = await tx.query(
      `UPDATE webhook_delivery SET state = 'pending', attempts = 0, next_attempt_at = $3, retry_until = $4
       WHERE subscription_id = $1 AND seq > $2 RETURNING seq`,
      [subscriptionId, after, now, retryUntil],
    );
    return rows.length;
  });
}

/** What a watch reads of a record's row (subject-watch.ts): its publicity state and the events it reflects. */
export interface RecordStateRow {
  status: 'active' | 'withdrawn';
  published: boolean;
  publicityStart: string | null;
  publicityEnd: string | null;
  publicityEndedOn: string | null;
  filedAt: string;
  filedIndex: number;
  /** The event of the current version (the filing or the latest correction). */
  bodyIndex: number;
  /** The latest event the row reflects. */
  lastIndex: number;
}

/** The rows of these records (id to its subject's key), as a watch reads them. */
export async function recordStates(q: Queryable, records: ReadonlyMap<string, string>): Promise<Map<string, RecordStateRow>> {
  if (records.size === 0) return new Map();
  // Named by subject too: on Citus the read reaches those subjects' shards alone.
  const rows = await q.query<Record<string, unknown>>(
    `SELECT record_id, status, published, publicity_start::text AS publicity_start, publicity_end::text AS publicity_end,
            publicity_ended_on::text AS publicity_ended_on, filed_at, filed_index, body_index, last_index
     FROM credit_record WHERE subject_key = ANY($1::text[]) AND record_id = ANY($2::text[])`,
    [[...new Set(records.values())], [...records.keys()]],
  );
  return new Map(
    rows.map((r) => [
      r.record_id as string,
      {
        status: r.status as RecordStateRow['status'],
        published: r.published as boolean,
        publicityStart: (r.publicity_start as string | null) ?? null,
        publicityEnd: (r.publicity_end as string | null) ?? null,
        publicityEndedOn: (r.publicity_ended_on as string | null) ?? null,
        filedAt: iso(r.filed_at)!,
        filedIndex: Number(r.filed_index),
        bodyIndex: Number(r.body_index),
        lastIndex: Number(r.last_index),
      },
    ]),
  );
}
