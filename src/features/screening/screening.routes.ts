// Batch screening over HTTP: NDJSON in (a line per name or code; a JSON array is taken too),
// NDJSON out (a line per line, in its order).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../kernel/problems.ts';
import { SECURED, problemResponses } from '../../http/schemas.ts';
import { requirePrincipal, type Authenticator } from '../../http/auth.ts';
import { acceptNdjson, batchLines, isNdjson, objectBody } from '../../http/ndjson.ts';
import { MAX_SCREENING_LINES, type ScreeningService } from './screening.service.ts';

/** The lines of NDJSON text that are not blank, counted without parsing them. */
function countLines(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line.trim() !== '') n++;
  return n;
}
import { ScreeningLine, ScreeningQuery, type ScreeningRequest, type ScreeningRequestLine } from './screening.schemas.ts';

export function screeningRoutes(app: FastifyInstance, deps: { screening: ScreeningService; auth: Authenticator }): void {
  const { screening, auth } = deps;
  acceptNdjson(app);

  app.post<{ Querystring: ScreeningRequest }>(
    '/v1/screening',
    {
      schema: {
        operationId: 'screenBatch',
        security: SECURED,
        tags: ['checks'],
        summary:
          'Screen up to 10,000 names or codes at once: for each, the ranked, explained matches, their list entries in force and the measures in a scenario',
        description:
          'application/x-ndjson, one {ref?, code} or {ref?, name} a line (or a JSON array of them). A code (a Unified Social Credit Code or a resident identity number) ' +
          'is screened exactly; a name finds organisations by name, part of it, pinyin or initials, best first (at most `limit`), each with why it matched. Persons are found by identity number only. ' +
          'Each match comes with its list entries in force today and a credit check in the scenario (its checkId, outcome and measures, each explained), logged and shown to the subject ' +
          'before the answer is sent. Answers application/x-ndjson, one line per line in its order: {line, ref, query, matches} or {line, ref, error: {type, detail}}. ' +
          'More than 10,000 lines: 413.',
        querystring: ScreeningQuery,
        body: { content: { 'application/json': { schema: Type.Array(ScreeningLine, { maxItems: MAX_SCREENING_LINES }) } } },
        response: {
          200: {
            description: 'one line per line screened (application/x-ndjson)',
            content: { 'application/x-ndjson': { schema: Type.String() } },
          },
          ...problemResponses(400, 401, 403, 413, 422, 503),
        },
      },
      // Ten thousand lines of at most about 2.4 KB each (a name and a ref written as \u escapes); not the API's 64 MiB.
      bodyLimit: 32 * 1024 * 1024,
      // Each line is validated on its own, so that a bad one is answered in its place.
      attachValidation: true,
      preValidation: objectBody('send the lines to screen as application/x-ndjson (or a JSON array)'),
    },
    async (request, reply) => {
      // Only the lines' own errors are answered in their places; a bad query string is the request's.
      // A bad line stops Fastify's validation before the query string, which is then checked here.
      if (request.validationError) {
        if (request.validationError.validationContext !== 'body') throw request.validationError;
        const query = request.compileValidationSchema(ScreeningQuery, 'querystring');
        if (!query(request.query))
          throw new AppError(
            'validation-failed',
            `querystring ${query.errors?.[0]?.instancePath ?? ''} ${query.errors?.[0]?.message ?? 'is not valid'}`.trim(),
            {
              errors: [
                { field: `querystring${(query.errors?.[0]?.instancePath ?? '').replace(/\//g, '.')}`, message: query.errors?.[0]?.message ?? 'is not valid' },
              ],
            },
          );
      }
      const p = await requirePrincipal(auth, request);
      const body = request.body as unknown;
      // Refused before any line is read: a subject's own account, and more lines than a request takes.
      screening.admit(p, isNdjson(body) ? countLines(body.ndjson) : Array.isArray(body) ? body.length : 1);
      const validate = request.compileValidationSchema(ScreeningLine, 'body');
      const lines = batchLines<ScreeningRequestLine>(body, validate);
      const answers = await screening.screen(p, lines, { scenario: request.query.scenario, ...(request.query.limit ? { limit: request.query.limit } : {}) });
      return reply.type('application/x-ndjson').send(answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
    },
  );
}
