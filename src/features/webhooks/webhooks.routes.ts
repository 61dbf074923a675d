// Webhooks over HTTP: an agency subscribes its endpoint to lists' changes and watched subjects'
// record changes, reads each delivery's attempts, replays from a cursor, and ends a subscription.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { SECURED, problemResponses } from '../../http/schemas.ts';
import { requireAgency, type Authenticator } from '../../http/auth.ts';
import type { WebhookService } from './webhook.service.ts';
import { MAX_WATCHED_SUBJECTS } from './subject-watch.ts';

const Subscribe = Type.Object({
  url: Type.String({ maxLength: 2000, description: 'the endpoint: https (plain http only on the loopback address), no credentials in it' }),
  lists: Type.Optional(
    Type.Array(Type.String(), { maxItems: 100, description: 'the lists whose changes are delivered; lists, subjects or both must name at least one' }),
  ),
  subjects: Type.Optional(
    Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: MAX_WATCHED_SUBJECTS,
      description:
        'the subjects watched (Unified Social Credit Codes or resident identity numbers, known to the platform or not), from now on whatever from says: each change of a record about one that the public can see, on the day of the change, before it or after it, is delivered',
    }),
  ),
  from: Type.Optional(
    Type.Union([Type.Literal('now'), Type.Literal('start')], {
      description:
        "now (default): changes from now on; start: every change in each list's feed. Watched subjects are watched from now on either way: their earlier records are never replayed",
    }),
  ),
});
const SubscriptionParams = Type.Object({ id: Type.String() });
const DeliveriesQuery = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'a delivery cursor (seq); default 0' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
const Replay = Type.Object({ after: Type.Integer({ minimum: 0, description: 'every delivery after this cursor (seq) is sent again' }) });

const Subscription = Type.Object({
  id: Type.String(),
  url: Type.String(),
  lists: Type.Array(Type.String()),
  subjects: Type.Array(Type.String(), { description: "the subjects watched: each USCC, or a person's masked identity number" }),
  createdAt: Type.String({ format: 'date-time' }),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const NULLABLE_TIME = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Delivery = Type.Object({
  seq: Type.Integer({ description: 'the delivery cursor' }),
  eventId: Type.String({ description: 'the event id, also the webhook-id header: the same on every attempt and replay' }),
  queuedAt: Type.String({ format: 'date-time' }),
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: NULLABLE_TIME,
  retryUntil: Type.String({ format: 'date-time' }),
  lastAttemptAt: NULLABLE_TIME,
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: NULLABLE_TIME,
  event: Type.Object(
    {},
    { additionalProperties: true, description: 'the body delivered: {id, type, subscription, list, change} or {id, type, subscription, subject, change}' },
  ),
});

export function webhookRoutes(app: FastifyInstance, deps: { webhooks: WebhookService; auth: Authenticator }): void {
  const { webhooks, auth } = deps;
  app.post<{ Body: Static<typeof Subscribe> }>(
    '/v1/webhooks',
    {
      schema: {
        operationId: 'subscribeWebhook',
        security: SECURED,
        tags: ['webhooks'],
        summary:
          "Subscribe an endpoint to lists' changes and watched subjects' record changes: each is POSTed to it, signed (Standard Webhooks), retried with backoff for 24 hours",
        description:
          'Answers the subscription with its secret (whsec_…), shown this once. Each delivery is a POST of {id, type: list.entry.listed | list.entry.ended, subscription, list, change} ' +
          'or, for a watched subject, {id, type: subject.record.changed, subscription, subject: {code}, change: {event, recordId, log, index, at}}: ' +
          'event is record.filed, record.corrected, record.withdrawn or record.publicity-ended; only a change of a record the public can see on the day of the change, before it or after it, ' +
          '(active, inside its publicity window, its publicity not ended) yields one, and so does the end of a publicity the record had; the event carries none of its contents ' +
          '(read them from GET /v1/subjects/{code}); subjects are watched from the registration on, even with from: start. Each is sent ' +
          'with webhook-id (the event id), webhook-timestamp (Unix seconds) and webhook-signature (v1, then the base64 HMAC-SHA256 of "id.timestamp.body" under the base64 part of the secret). ' +
          'A 2xx answer delivers it; anything else is retried after 30 s, 1 min, 2 min, … (at most an hour apart) until 24 hours have passed.',
        body: Subscribe,
        response: {
          201: Type.Composite([Subscription, Type.Object({ secret: Type.String({ description: 'the HMAC key, whsec_ and base64: shown once' }) })]),
          ...problemResponses(401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await webhooks.register(await requireAgency(auth, request), request.body)),
  );
  app.get(
    '/v1/webhooks',
    {
      schema: {
        operationId: 'listWebhooks',
        security: SECURED,
        tags: ['webhooks'],
        summary: "The calling agency's webhook subscriptions",
        response: { 200: Type.Object({ subscriptions: Type.Array(Subscription) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ subscriptions: await webhooks.subscriptions(await requireAgency(auth, request)) }),
  );
  app.delete<{ Params: Static<typeof SubscriptionParams> }>(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'endWebhook',
        security: SECURED,
        tags: ['webhooks'],
        summary: 'End a subscription: nothing more is queued or sent for it',
        params: SubscriptionParams,
        response: { 200: Subscription, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => webhooks.end(await requireAgency(auth, request), request.params.id),
  );
  app.get<{ Params: Static<typeof SubscriptionParams>; Querystring: Static<typeof DeliveriesQuery> }>(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        security: SECURED,
        tags: ['webhooks'],
        summary: "A subscription's deliveries after a cursor, oldest first: state, attempts, the last answer or error, the next attempt, the event",
        params: SubscriptionParams,
        querystring: DeliveriesQuery,
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery), next: Type.Integer() }), ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => webhooks.deliveries(await requireAgency(auth, request), request.params.id, request.query.after ?? 0, request.query.limit ?? 100),
  );
  app.post<{ Params: Static<typeof SubscriptionParams>; Body: Static<typeof Replay> }>(
    '/v1/webhooks/:id/replay',
    {
      schema: {
        operationId: 'replayWebhook',
        security: SECURED,
        tags: ['webhooks'],
        summary: 'Send again every delivery after a cursor (seq), delivered or not, with its own event id',
        params: SubscriptionParams,
        body: Replay,
        response: { 200: Type.Object({ requeued: Type.Integer() }), ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => webhooks.replay(await requireAgency(auth, request), request.params.id, request.body.after),
  );
}
