// Record intake over HTTP: one record as JSON, a JSON array, or a batch as NDJSON (one record
// per line), each validated against the record's schema; the intake service validates every
// record against its catalogue item, so the errors name the line and the field.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { IntakeService, SubmissionLine } from './intake.service.ts';
import type { RecordService } from './record.service.ts';
import { requireAgency, type Authenticator } from '../../http/auth.ts';
import { problemResponses } from '../../http/schemas.ts';
import { RecordSubmission, type Correction } from './records.schemas.ts';
import { acceptNdjson, batchLines, objectBody } from '../../http/ndjson.ts';

export function recordRoutes(app: FastifyInstance, deps: { intake: IntakeService; records: RecordService; auth: Authenticator }): void {
  const { intake, records, auth } = deps;
  acceptNdjson(app);

  app.post(
    '/v1/records',
    {
      schema: {
        operationId: 'fileRecords',
        tags: ['records'],
        summary: 'File records (one JSON record, a JSON array, or NDJSON)',
        description:
          'Files legally effective decisions as credit records. A batch is atomic: if any line is invalid nothing is stored and the problem lists every bad line and field. ' +
          'Filing is idempotent on (agency, catalogue item, decision number, subject): resubmitting the same record returns it as a duplicate; different content under the same key is a conflict (file a correction).',
        security: [{ apiKey: [] }],
        // One record or an array of them as JSON, or NDJSON: each record is validated against its
        // schema in the handler, so that every error names its line (the array's element).
        body: { content: { 'application/json': { schema: Type.Union([Type.Ref('RecordSubmission'), Type.Array(Type.Ref('RecordSubmission'))]) } } },
        querystring: Type.Object({ lenientCodes: Type.Optional(Type.Boolean({ description: 'accept codes whose check character fails, flagging them' })) }),
        response: { 201: Type.Ref('SubmitResult'), 200: Type.Ref('SubmitResult'), ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
      },
      // The whole body's schema error would not say which record is wrong; each is validated below.
      attachValidation: true,
      // A body that is no JSON object or array (a bare string, null, text) is malformed, not invalid.
      preValidation: objectBody('send one record as application/json, or a batch as application/x-ndjson'),
    },
    async (request, reply) => {
      const agency = await requireAgency(auth, request);
      const body = request.body as unknown;
      const validate = request.compileValidationSchema(RecordSubmission, 'body');
      const lines: SubmissionLine[] = batchLines(body, validate);
      const { lenientCodes } = request.query as { lenientCodes?: boolean };
      const result = await intake.submit(agency, lines, { lenientCodes: lenientCodes === true });
      return reply.code(result.created > 0 ? 201 : 200).send(result);
    },
  );

  app.get(
    '/v1/records/:recordId',
    {
      schema: {
        operationId: 'getRecord',
        tags: ['records'],
        summary: 'A record in full, for the agency that filed it',
        security: [{ apiKey: [] }],
        params: Type.Object({ recordId: Type.String() }),
        response: { 200: Type.Ref('FullRecord'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => records.fullRecord(await requireAgency(auth, request), (request.params as { recordId: string }).recordId),
  );

  app.post(
    '/v1/records/:recordId/corrections',
    {
      schema: {
        operationId: 'correctRecord',
        tags: ['records'],
        summary: 'Correct a record (the filing agency only)',
        description: 'Appends a new version of the record to the ledger; the earlier version stays in the ledger. A field set to null is removed.',
        security: [{ apiKey: [] }],
        params: Type.Object({ recordId: Type.String() }),
        body: Type.Ref('Correction'),
        response: { 200: Type.Ref('FullRecord'), ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const agency = await requireAgency(auth, request);
      const { recordId } = request.params as { recordId: string };
      return intake.correct(agency, recordId, request.body as Correction);
    },
  );
}
