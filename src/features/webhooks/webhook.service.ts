// Webhooks: an agency subscribes an endpoint of its own to the change feeds of lists, and each
// change (an entry listed, changed or ended) is delivered to it as a signed event: an HTTP POST
// with the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature: v1 and
// the base64 HMAC-SHA256 of "id.timestamp.body" under the subscription's secret), retried with
// exponential backoff for 24 hours until the endpoint answers 2xx. An event's id never changes,
// so a receiver drops one it has seen (a retry, a replay). Every attempt is kept and visible to
// the agency, which can replay the deliveries after any cursor (their seq). A subscription may
// also watch subjects from its registration on: each change of a record about one that the
// public can see is delivered as a thin event (subject-watch.ts says which), read from the
// subjects' ledger logs past its own position.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { lookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { runWithContext } from '../../kernel/request-context.ts';
import type { Database } from '../../store/database.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import { AppError } from '../../kernel/problems.ts';
import type { ListService } from '../lists/list.service.ts';
import type { SubjectService } from '../subjects/subject.service.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import { eventsInRange } from '../../ledger/blocks.ts';
import { logOf, logSizes, partitionsOf, placementOf } from '../../ledger/ledger.ts';
import { decodeCursor, encodeCursor } from '../../ledger/position.ts';
import { publicChanges, recordChangesOf, watchedSubjects, type RecordChange, type RecordState } from './subject-watch.ts';
import {
  activeSubscriptions,
  claimDue,
  deliveriesOf,
  endSubscription,
  insertSubscription,
  queueEvents,
  recordAttempt,
  requeueAfter,
  subscriptionById,
  subscriptionsOf,
  type DeliveryRow,
  type SubscriptionRow,
} from './webhooks.store.ts';

/** How long a delivery is retried after it was queued (or replayed). */
export const RETRY_FOR_MS = 24 * 3600_000;
/** The first retry's wait, doubling each time up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 3600_000;
/** How long an endpoint has to answer. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** Deliveries sent at once by one dispatcher, and batches in one run. */
const BATCH = 50;
const MAX_BATCHES = 20;
/** Changes of a feed read at a time, and events of a watched subject's log. */
const FEED_PAGE = 200;
const LOG_PAGE = 5000;

/** The wait before the next attempt, after `attempts` failed ones. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/** The Standard Webhooks signature of a delivery: v1, then the base64 HMAC-SHA256 of "id.timestamp.body". */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface SubscriptionView {
  id: string;
  url: string;
  lists: string[];
  /** The subjects watched: each USCC, or a person's masked number. */
  subjects: string[];
  createdAt: string;
  endedAt: string | null;
}

/** A delivery as its agency reads it: the row without its subscription and raw body, with the event parsed. */
export type DeliveryView = Omit<DeliveryRow, 'subscriptionId' | 'body'> & { event: unknown };

const view = (s: SubscriptionRow): SubscriptionView => ({
  id: s.id,
  url: s.url,
  lists: s.lists,
  subjects: s.subjectCodes,
  createdAt: s.createdAt,
  endedAt: s.endedAt,
});

/** The event of a watched subject's record change: where and when in the ledger, never the record's contents. */
function watchEvent(subscription: string, code: string, c: RecordChange): { eventId: string; body: string } {
  // From the subscription and the change's place in the ledger alone: a run that reads it again queues it under the same id.
  const eventId = `evt_${createHash('sha256').update(`${subscription}\nsubject\n${c.log}\n${c.index}`).digest('hex').slice(0, 32)}`;
  const change = { event: c.type, recordId: c.data.recordId, log: c.log, index: c.index, at: c.at };
  return { eventId, body: JSON.stringify({ id: eventId, type: 'subject.record.changed', subscription, subject: { code }, change }) };
}

/**
 * Addresses an endpoint may not have unless the operator allows it (XINYONG_WEBHOOK_ALLOW_PRIVATE,
 * for a receiver on the platform's own network): loopback, private, link-local, shared (CGNAT),
 * unspecified, multicast, and IPv6's unique-local and link-local; so that no agency can make the
 * platform POST into its own network and read the answers' statuses back (SSRF).
 */
const PRIVATE_V4 = new BlockList();
const PRIVATE_V6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['192.0.0.0', 24],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE_V4.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  // Unspecified, loopback and IPv4-compatible (::7f00:1); NAT64, 6to4 and Teredo, which reach IPv4 behind them.
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2002::', 16],
  ['2001::', 32],
  ['fec0::', 10],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  // IPv4 mapped into IPv6 (::ffff:7f00:1 is 127.0.0.1): refused whole, whatever address it maps.
  ['::ffff:0:0', 96],
] as const)
  PRIVATE_V6.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  // Two lists: a list checks an IPv4 address against its IPv6 rules too, as mapped.
  const family = isIP(address);
  if (family === 4) return PRIVATE_V4.check(address, 'ipv4');
  return family === 0 || PRIVATE_V6.check(address, 'ipv6');
}

/** The host of a URL as an address or a name (IPv6 without its brackets). */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

export class WebhookService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly lists: ListService,
    private readonly subjects: SubjectService,
    private readonly access: AccessLog,
    private readonly clock: Clock,
    private readonly policy: Policy,
    private readonly options: { allowPrivate: boolean } = { allowPrivate: false },
  ) {}

  /**
   * The name lookup of every delivery's connection: the addresses the connection then uses are
   * the ones checked, so a name cannot answer one address to a check and another to the connect.
   */
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const inside = this.options.allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (inside) return callback(Object.assign(new Error(`${hostname} resolves to a private, loopback or link-local address`), { code: 'EPRIVATE' }), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };

  /**
   * Subscribes an endpoint to lists' changes and watched subjects' record changes from now on
   * (or, with from 'start', from each list feed's start). Subjects are watched from now on
   * whatever `from` says: a replay of their history would name records whose publicity has
   * since ended (repair, expiry) or that were withdrawn, which the public can no longer see.
   */
  async register(
    agency: AgencyPrincipal,
    body: { url: string; lists?: string[]; subjects?: string[]; from?: 'now' | 'start' },
  ): Promise<SubscriptionView & { secret: string }> {
    let url: URL;
    try {
      url = new URL(body.url);
    } catch {
      throw new AppError('validation-failed', 'url: not an absolute URL', { errors: [{ field: 'url', message: 'must be an absolute https URL' }] });
    }
    if (!(url.protocol === 'https:' || (url.protocol === 'http:' && this.options.allowPrivate)) || url.username || url.password)
      throw new AppError('validation-failed', 'url: an https URL without credentials in it', { errors: [{ field: 'url', message: 'must be https' }] });
    // An address written in the URL is checked now; a name, at every send (it may change).
    const host = hostOf(url);
    if (!this.options.allowPrivate && (host === 'localhost' || (isIP(host) && isPrivateAddress(host))))
      throw new AppError('validation-failed', `url: ${host} is a private, loopback or link-local address`, {
        errors: [{ field: 'url', message: 'must be a public address' }],
      });
    const lists = [...new Set(body.lists ?? [])];
    const watched = watchedSubjects(body.subjects ?? [], (code) => this.subjects.keyOf(code));
    if (lists.length === 0 && watched.length === 0)
      throw new AppError('validation-failed', 'lists, subjects: name at least one list or one subject', {
        errors: [{ field: 'lists', message: 'or subjects must name at least one' }],
      });
    for (const code of lists) this.lists.def(code);
    // Both cursors are ledger positions: a list's the head now, or its feed's start; the watch's the head now, always.
    const head = await this.lists.feedHead();
    const listsFrom = body.from === 'start' ? '0' : head;
    const row: SubscriptionRow = {
      id: `whk_${randomBytes(12).toString('hex')}`,
      agency: agency.code,
      url: url.href,
      secret: `whsec_${randomBytes(32).toString('base64')}`,
      lists,
      cursors: lists.map(() => listsFrom),
      subjectKeys: watched.map((w) => w.key),
      subjectCodes: watched.map((w) => w.code),
      watchCursor: head === '0' ? encodeCursor([]) : head,
      createdAt: this.clock.now().toISOString(),
      endedAt: null,
    };
    await insertSubscription(this.db, row);
    return { ...view(row), secret: row.secret };
  }

  async subscriptions(agency: AgencyPrincipal): Promise<SubscriptionView[]> {
    return (await subscriptionsOf(this.db, agency.code)).map(view);
  }

  /** The agency's own subscription; another's is as if there were none. */
  private async own(agency: AgencyPrincipal, id: string): Promise<SubscriptionRow> {
    const s = await subscriptionById(this.db, id);
    if (!s || s.agency !== agency.code) throw new AppError('webhook-not-found', `the agency has no webhook subscription ${id}`);
    return s;
  }

  async end(agency: AgencyPrincipal, id: string): Promise<SubscriptionView> {
    await this.own(agency, id);
    await endSubscription(this.db, id, this.clock.now().toISOString());
    return view((await subscriptionById(this.db, id))!);
  }

  /** A page of a subscription's deliveries after a cursor (seq), each with its attempts and event. */
  async deliveries(agency: AgencyPrincipal, id: string, after = 0, limit = 100): Promise<{ deliveries: DeliveryView[]; next: number }> {
    await this.own(agency, id);
    const rows = await deliveriesOf(this.db, id, after, Math.min(Math.max(limit, 1), 1000));
    return {
      deliveries: rows.map(({ subscriptionId: _s, body, ...d }) => ({ ...d, event: JSON.parse(body) as unknown })),
      next: rows.at(-1)?.seq ?? after,
    };
  }

  /** Sends again every delivery after a cursor (seq), delivered or not, as soon as the dispatcher runs. */
  async replay(agency: AgencyPrincipal, id: string, after: number): Promise<{ requeued: number }> {
    await this.own(agency, id);
    const now = this.clock.now();
    const requeued = await requeueAfter(this.db, id, after, now.toISOString(), new Date(now.getTime() + RETRY_FOR_MS).toISOString());
    if (requeued === null) throw new AppError('step-refused', 'the subscription has ended: nothing is delivered for it');
    return { requeued };
  }

  /** Queues, for every subscription, the changes of its lists and watched subjects since its cursors. */
  async queue(): Promise<{ queued: number; failures: unknown[] }> {
    let queued = 0;
    const failures: unknown[] = [];
    for (const s of await activeSubscriptions(this.db)) {
      // One subscription that fails (a list the pack no longer has) holds no other back; the
      // persons its feeds show are access-logged as shown to its agency.
      try {
        queued += await runWithContext(
          { requestId: `webhook ${s.id}`, actor: { type: 'agency', id: s.agency } },
          async () => (await this.queueFor(s)) + (await this.queueWatch(s)),
        );
      } catch (err) {
        failures.push(err);
      }
    }
    return { queued, failures };
  }

  /** Queues one subscription's changes since its cursors. */
  private async queueFor(s: SubscriptionRow): Promise<number> {
    let queued = 0;
    for (const [i, list] of s.lists.entries()) {
      let cursor = s.cursors[i]!;
      for (;;) {
        const page = await this.lists.changes(list, cursor, FEED_PAGE);
        const now = this.clock.now();
        const events = page.changes.map((change) => {
          const eventId = `evt_${createHash('sha256').update(`${s.id}\n${list}\n${change.log}\n${change.index}\n${change.entryId}`).digest('hex').slice(0, 32)}`;
          const type = change.status === 'listed' ? 'list.entry.listed' : 'list.entry.ended';
          return { eventId, body: JSON.stringify({ id: eventId, type, subscription: s.id, list, change }) };
        });
        if (page.next === cursor) break;
        const inserted = await this.db.transaction((tx) =>
          queueEvents(tx, s.id, { list: i }, cursor, page.next, events, now.toISOString(), new Date(now.getTime() + RETRY_FOR_MS).toISOString()),
        );
        if (!inserted) break; // another dispatcher queued them
        queued += inserted.length;
        cursor = page.next;
        if (!page.more) break;
      }
    }
    return queued;
  }

  /**
   * Queues one subscription's watched subjects' record changes since its position: each log that
   * holds a watched subject is read past the position a page at a time, its events about those
   * subjects kept when subject-watch.ts says so, and the position moved past the page with them
   * (compare-and-set: a page another dispatcher queued first is not queued again). The persons
   * among the subjects of the events queued now are access-logged as shown to the agency; an
   * event queued before (the position moved back) is neither queued nor logged again.
   */
  private async queueWatch(s: SubscriptionRow): Promise<number> {
    if (s.subjectKeys.length === 0) return 0;
    const placement = await placementOf(this.db);
    const position = decodeCursor(s.watchCursor, (await partitionsOf(this.db)) + 1);
    if (!position) throw new Error(`webhook subscription ${s.id}: its watch position ${s.watchCursor} is not one of this ledger`);
    const codeOf = new Map(s.subjectKeys.map((key, i) => [key, s.subjectCodes[i]!]));
    const watched = new Set(s.subjectKeys);
    const logs = [...new Set(s.subjectKeys.map((key) => logOf(key, placement)))].sort((a, b) => a - b);
    const sizes = await logSizes(this.db);
    const states = new Map<string, RecordState>();
    const localDate = (instant: Date) => this.policy.localDate(instant);
    let cursor = s.watchCursor;
    let queued = 0;
    for (const log of logs) {
      while (position[log]! < (sizes[log] ?? 0)) {
        const stored = await eventsInRange(this.db, log, position[log]!, Math.min(position[log]! + LOG_PAGE, sizes[log]!));
        if (stored.length === 0) break;
        const changes = await publicChanges(this.db, recordChangesOf(stored, watched), states, localDate);
        const events = changes.map((c) => ({ ...watchEvent(s.id, codeOf.get(c.subject!)!, c), subject: c.subject! }));
        position[log] = stored.at(-1)!.index + 1;
        const next = encodeCursor(position);
        const now = this.clock.now();
        const retryUntil = new Date(now.getTime() + RETRY_FOR_MS).toISOString();
        const inserted = await this.db.transaction(async (tx) => {
          const ids = await queueEvents(tx, s.id, { subjects: true }, cursor, next, events, now.toISOString(), retryUntil);
          if (!ids) return null;
          const queuedNow = new Set(ids);
          await this.access.viewed(
            events.filter((e) => queuedNow.has(e.eventId)).map((e) => e.subject),
            'public',
            'a change of a public record delivered to a watch',
            s.id,
            tx,
          );
          return ids;
        });
        if (!inserted) return queued; // another dispatcher queued them
        queued += inserted.length;
        cursor = next;
      }
    }
    return queued;
  }

  /** Sends the deliveries due, a batch at a time, and records each attempt. */
  async dispatch(): Promise<{ delivered: number; failed: number; retrying: number }> {
    const out = { delivered: 0, failed: 0, retrying: 0 };
    // A bounded run, so that a stop waits for one batch at most, and the next run comes soon.
    for (let batch = 0; batch < MAX_BATCHES && !this.stopping; batch++) {
      const now = this.clock.now();
      const until = new Date(now.getTime() + ATTEMPT_TIMEOUT_MS * 2).toISOString();
      const due = await claimDue(this.db, now.toISOString(), until, BATCH);
      if (due.length === 0) return out;
      await Promise.all(
        due.map(async (d) => {
          const outcome = await this.attempt(d);
          const at = this.clock.now();
          let state: DeliveryRow['state'] = 'delivered';
          let next: string | null = null;
          if (!outcome.ok) {
            const retryAt = at.getTime() + backoffMs(d.attempts + 1);
            state = retryAt <= Date.parse(d.retryUntil) ? 'pending' : 'failed';
            next = state === 'pending' ? new Date(retryAt).toISOString() : null;
          }
          out[state === 'delivered' ? 'delivered' : state === 'failed' ? 'failed' : 'retrying']++;
          await recordAttempt(this.db, d, until, { at: at.toISOString(), status: outcome.status, error: outcome.error, state, next });
        }),
      );
    }
    return out;
  }

  /** One POST of a delivery to its endpoint. */
  private async attempt(d: DeliveryRow & { url: string; secret: string }): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const url = new URL(d.url);
    const host = hostOf(url);
    if (!this.options.allowPrivate && isIP(host) && isPrivateAddress(host))
      return { ok: false, status: null, error: `${host} is a private, loopback or link-local address` };
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(d.body)),
      'user-agent': 'xinyong-webhooks/1',
      'webhook-id': d.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature(d.secret, d.eventId, timestamp, d.body),
    };
    return new Promise((resolve) => {
      const options: RequestOptions = { method: 'POST', headers, lookup: this.lookup };
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res) => {
        // Only the status counts: the body is not read. A redirect is not followed (an answer like any other).
        res.resume();
        const status = res.statusCode ?? 0;
        clearTimeout(timer);
        resolve(status >= 200 && status < 300 ? { ok: true, status, error: null } : { ok: false, status, error: `answered ${status}` });
      });
      // One time limit over the lookup, the connection and the answer.
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), ATTEMPT_TIMEOUT_MS);
      req.on('error', (err: Error & { code?: string }) => {
        clearTimeout(timer);
        // What the agency reads: why in a few words, never the network's own codes beyond these.
        const why =
          err.code === 'EPRIVATE'
            ? err.message
            : err.code === 'ETIMEDOUT'
              ? `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`
              : err.code === 'ENOTFOUND'
                ? `${host} does not resolve`
                : 'the connection failed';
        resolve({ ok: false, status: null, error: why });
      });
      req.end(d.body);
    });
  }

  /** Queues and sends once (the dispatcher's step; tests call it directly); throws what could not be queued. */
  async runOnce(): Promise<void> {
    const { failures } = await this.queue();
    await this.dispatch();
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} webhook subscription(s) could not be queued`);
  }

  /** Runs the dispatcher every `everyMs` until stopped; a failure goes to `onError`, once until it changes. */
  start(everyMs: number, onError: (err: unknown) => void): void {
    if (this.timer) return;
    let reported: string | null = null;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .then(
          () => void (reported = null),
          (err: unknown) => {
            const message = err instanceof AggregateError ? err.errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ') : String(err);
            if (message !== reported) onError(err);
            reported = message;
          },
        )
        .finally(() => (this.running = null));
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.stopping = false;
  }

  private stopping = false;
}
