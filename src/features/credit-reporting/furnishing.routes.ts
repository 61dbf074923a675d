// Furnishing over HTTP, for a furnisher's API key: a batch as NDJSON (one line per line), CSV
// (a header row, then one line per row) or a JSON array, for one reporting month. The batch is
// validated whole: a refusal lists every bad line and field, and nothing is stored.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../kernel/problems.ts';
import { requireAgency, type Authenticator } from '../../http/auth.ts';
import { problemResponses } from '../../http/schemas.ts';
import { acceptNdjson, isNdjson } from '../../http/ndjson.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { FurnishingLineInput, FurnishingService } from './furnishing.service.ts';
import { csvLines } from './furnishing-files.ts';
import { FurnishResultSchema, StatementVersionSchema, furnishingLineSchema } from './furnishing.schemas.ts';

const CSV_TYPES = ['text/csv'];

export function furnishingRoutes(root: FastifyInstance, deps: { furnishing: FurnishingService; policy: Policy; auth: Authenticator }): void {
  acceptNdjson(root);
  // CSV bodies are read on these routes alone (an encapsulated context): elsewhere they stay 415.
  void root.register(async (app) => {
    app.addContentTypeParser(CSV_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, { csv: body as string }));
    routes(app, deps);
  });
}

function routes(app: FastifyInstance, deps: { furnishing: FurnishingService; policy: Policy; auth: Authenticator }): void {
  const { furnishing, policy, auth } = deps;

  app.post(
    '/v1/furnishing/batches',
    {
      schema: {
        operationId: 'furnishBatch',
        tags: ['furnishing'],
        summary: "Furnish a month's batch of accounts, statements, notices and consents (furnishers only)",
        description:
          'A batch is validated whole against the data standard (GET /v1/catalogue lists the pack; furnishing.yaml holds the standard) and stored all or nothing as one ledger event ' +
          '(furnishing.batch) that commits to its lines by a Merkle root. Send NDJSON, CSV with a header row, or a JSON array. Resubmitting the same batch answers it again (200, duplicate); ' +
          'a later batch restating an account or an account-month adds a new version.',
        security: [{ apiKey: [] }],
        querystring: Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'the reporting month, YYYY-MM' }) }),
        // Each line is checked against the standard by the service, so that every error names its line.
        body: { content: { 'application/json': { schema: Type.Array(furnishingLineSchema(policy.furnishing)) } } },
        response: { 201: FurnishResultSchema, 200: FurnishResultSchema, ...problemResponses(400, 401, 403, 413, 415, 422) },
      },
      attachValidation: true,
    },
    async (request, reply) => {
      const agency = await requireAgency(auth, request);
      if (request.validationError && request.validationError.validationContext === 'querystring')
        throw new AppError('validation-failed', 'month is the reporting month, YYYY-MM', { errors: [{ line: 0, field: 'month', message: 'must be YYYY-MM' }] });
      const body = request.body as unknown;
      const { month } = request.query as { month: string };
      let result;
      // NDJSON is read line by line by the service as it streams the batch in.
      if (isNdjson(body)) result = await furnishing.furnishNdjson(agency, month, body.ndjson);
      else {
        let lines: FurnishingLineInput[];
        if (typeof body === 'object' && body !== null && typeof (body as { csv?: unknown }).csv === 'string')
          lines = csvLines((body as { csv: string }).csv, policy.furnishing);
        else if (Array.isArray(body)) lines = body.map((value, i) => ({ line: i + 1, value: value as unknown }));
        else throw new AppError('malformed-request', 'send a batch as application/x-ndjson, text/csv or a JSON array');
        result = await furnishing.furnish(agency, month, lines);
      }
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );

  app.get(
    '/v1/furnishing/batches',
    {
      schema: {
        operationId: 'listBatches',
        tags: ['furnishing'],
        summary: "The calling furnisher's batches, in the order accepted",
        security: [{ apiKey: [] }],
        response: { 200: Type.Object({ batches: Type.Array(FurnishResultSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ batches: await furnishing.batches(await requireAgency(auth, request)) }),
  );

  app.get(
    '/v1/furnishing/accounts/:account/statements/:month',
    {
      schema: {
        operationId: 'getAccountMonth',
        tags: ['furnishing'],
        summary: "Every version of one of the furnisher's account-months, oldest first",
        security: [{ apiKey: [] }],
        params: Type.Object({ account: Type.String({ maxLength: 64 }), month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }),
        response: { 200: Type.Object({ versions: Type.Array(StatementVersionSchema) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { account, month } = request.params as { account: string; month: string };
      return { versions: await furnishing.statementHistory(await requireAgency(auth, request), account, month) };
    },
  );
}
