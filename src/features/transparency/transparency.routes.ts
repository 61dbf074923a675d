// The transparency log over HTTP, for anyone: the signed checkpoint (a C2SP signed note, as
// text), past checkpoints by number, the keys that verify them, inclusion and consistency proofs,
// a ledger entry, and the witnesses' cosignatures posted back. The reads that cost the store work
// (checkpoints, entries, proofs) are rate limited per client address, as the reports are.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { OPTIONAL_CREDENTIALS, PUBLIC, answers, problemResponses } from '../../http/schemas.ts';
import { principalOf, type Authenticator } from '../../http/auth.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { AppError } from '../../kernel/problems.ts';
import type { TransparencyLog } from './transparency.service.ts';
import {
  CheckpointParams,
  ConsistencyQuery,
  EntryParams,
  InclusionQuery,
  sizesOf,
  type CheckpointPath,
  type ConsistencyRequest,
  type EntryPath,
  type InclusionRequest,
} from './transparency.schemas.ts';

const NOTE = Type.String({ description: 'a C2SP signed note' });

const COSIGNATURE_ANSWERS: Record<number, unknown> = {
  ...answers(201, 'CosignatureKept', 400, 403, 404, 415, 422),
  200: {
    description: 'not kept: a newer cosignature of this text by the witness is kept',
    content: { 'application/json': { schema: Type.Ref('CosignatureKept') } },
  },
};

export interface TransparencyRouteDeps {
  log: TransparencyLog;
  auth: Authenticator;
  /** The budget of the rate-limited reads, counted per client address; by default log.requestsPerMinute, read when the routes are built. */
  limit?: RateLimiter;
}

export function transparencyRoutes(app: FastifyInstance, deps: TransparencyRouteDeps): void {
  const { log, auth } = deps;
  const limit = deps.limit ?? new RateLimiter(log.requestsPerMinute, 'requests for checkpoints, entries and proofs of the log');
  // Anyone may ask, so the address is the client, whoever the credentials name; refused before any work.
  const limited = { onRequest: async (request: FastifyRequest) => limit.take(`ip:${request.ip}`) };

  app.get(
    '/v1/log/checkpoint',
    {
      schema: {
        operationId: 'getLatestCheckpoint',
        security: PUBLIC,
        tags: ['log'],
        summary: "The ledger's latest signed checkpoint, with the witnesses' cosignatures",
        description:
          'A C2SP tlog-checkpoint in a C2SP signed note: the origin, the number of entries in all logs, the root over the logs’ heads, and one line ' +
          '`log <n> <size> <base64 root>` per log; then a blank line and the signature lines: the platform’s (Ed25519, key name the origin; ' +
          'GET /v1/log/keys) and each witness’s cosignature (C2SP tlog-cosignature v1). A checkpoint is made first if the ledger has moved, so ' +
          'it is never older than the request.',
        response: { 200: { description: 'the signed checkpoint', content: { 'text/plain': { schema: NOTE } } }, ...problemResponses(429, 500) },
      },
      ...limited,
    },
    async (_request, reply) =>
      reply
        .header('cache-control', 'no-cache')
        .type('text/plain; charset=utf-8')
        .send(await log.checkpointNote()),
  );

  app.get(
    '/v1/log/checkpoints/:id',
    {
      schema: {
        operationId: 'getCheckpoint',
        security: PUBLIC,
        tags: ['log'],
        summary: 'A checkpoint the platform signed, by its number, with the witnesses’ cosignatures',
        description:
          'Any stored checkpoint, in the form of GET /v1/log/checkpoint, with the cosignatures of its text, so that a witness or an auditor can ' +
          'fetch a past checkpoint, not only the latest. Checkpoints are numbered from 1 in the order they were made. 404 checkpoint-not-found ' +
          'if there is no checkpoint of that number.',
        params: CheckpointParams,
        response: { 200: { description: 'the signed checkpoint', content: { 'text/plain': { schema: NOTE } } }, ...problemResponses(404, 422, 429) },
      },
      ...limited,
    },
    async (request, reply) => {
      const { id } = request.params as CheckpointPath;
      // A stored checkpoint never changes, but its cosignatures may grow.
      return reply
        .header('cache-control', 'no-cache')
        .type('text/plain; charset=utf-8')
        .send(await log.checkpointNoteById(id));
    },
  );

  app.get(
    '/v1/log/keys',
    {
      schema: {
        operationId: 'getLogKeys',
        security: PUBLIC,
        tags: ['log'],
        summary: "The keys that verify the log's checkpoints, and the witnesses'",
        response: answers(200, 'LogKeys', 500),
      },
    },
    async () => log.keys(),
  );

  app.get(
    '/v1/log/entries/:log/:index',
    {
      schema: {
        operationId: 'getLogEntry',
        security: OPTIONAL_CREDENTIALS,
        tags: ['log'],
        summary: 'An entry of a log: its bytes and leaf hash',
        description:
          'An entry of the platform log (0: agencies, policy, inspection draws) is public. An entry of a subject’s log holds everything its ' +
          'event says, beyond what is public, so it is shown only to the subject’s account and to administrators and auditors, and the view ' +
          'is access-logged. Anyone can prove an entry’s inclusion by its leaf hash (GET /v1/log/proofs/inclusion).',
        params: EntryParams,
        response: answers(200, 'LogEntry', 401, 403, 404, 429),
      },
      ...limited,
    },
    async (request) => {
      const { log: n, index } = request.params as EntryPath;
      return log.entry(await principalOf(auth, request), n, index);
    },
  );

  app.get(
    '/v1/log/proofs/inclusion',
    {
      schema: {
        operationId: 'getInclusionProof',
        security: PUBLIC,
        tags: ['log'],
        summary: 'The inclusion proof of an entry in its log',
        description: 'RFC 9162 §2.1.3: verify it with the entry’s leaf hash against the log’s root in a checkpoint of that size.',
        querystring: InclusionQuery,
        response: answers(200, 'InclusionProof', 404, 422, 429),
      },
      ...limited,
    },
    async (request) => {
      const q = request.query as InclusionRequest;
      return log.inclusion(q.log, q.index, q.size);
    },
  );

  app.get(
    '/v1/log/proofs/consistency',
    {
      schema: {
        operationId: 'getConsistencyProofs',
        security: PUBLIC,
        tags: ['log'],
        summary: 'Consistency proofs from one checkpoint to a later one, one per log',
        description:
          'RFC 9162 §2.1.4: each proves that the log at its size in `to` extends the log at its size in `from`; verify each against the roots ' +
          'of the two checkpoints. 409 log-not-extended if a log is smaller in `to` than in `from`; 404 if a log has not grown to its size in `to`.',
        querystring: ConsistencyQuery,
        response: answers(200, 'ConsistencyProofs', 404, 409, 422, 429),
      },
      ...limited,
    },
    async (request) => {
      const q = request.query as ConsistencyRequest;
      return log.consistency(sizesOf(q.from), q.to === undefined ? undefined : sizesOf(q.to));
    },
  );

  app.post(
    '/v1/log/cosignatures',
    {
      schema: {
        operationId: 'addCosignature',
        security: PUBLIC,
        tags: ['log'],
        summary: "A witness's cosignature of a checkpoint",
        description:
          'The body (text/plain) is a signed note whose text is one of the platform’s checkpoints, byte for byte, carrying a cosignature ' +
          '(C2SP tlog-cosignature v1) by a configured witness (GET /v1/log/keys). It is kept, one per witness per checkpoint text (a newer ' +
          'one, by its time, replaces it; an older one does not: 200 with `kept` false), and served with the checkpoint while the witness is ' +
          'configured. 404 if the text is no checkpoint of the platform; 403 if no configured witness signed it; 422 if the cosignature does ' +
          'not verify.',
        body: { content: { 'text/plain': { schema: NOTE } } },
        response: COSIGNATURE_ANSWERS,
      },
    },
    async (request, reply) => {
      // Only a text/plain body reaches here as text; a JSON one is parsed into something else.
      if (typeof request.body !== 'string') throw new AppError('unsupported-media-type', 'a cosigned checkpoint is sent as text/plain: the signed note itself');
      const answer = await log.cosign(request.body);
      return reply.code(answer.kept ? 201 : 200).send(answer);
    },
  );
}
