// Record intake over HTTP: one record as JSON, a JSON array, or a batch as NDJSON (one record
// per line). Validation is the intake service's, so the errors name the line and the field.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Platform } from '../../app/platform.ts';
import type { SubmissionLine } from './intake.service.ts';
import { AppError } from '../../kernel/problems.ts';
import { requireAgency } from '../../http/auth.ts';
import { problemResponses } from '../../http/schemas.ts';
import { loadRecords } from '../../ledger/projection.ts';

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

/** Splits NDJSON into lines; blank lines are skipped but keep the numbering of the file. */
export function parseNdjson(text: string): SubmissionLine[] {
  const out: SubmissionLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (err) {
      out.push({ line: i + 1, parseError: `not valid JSON: ${(err as Error).message}` });
    }
  }
  return out;
}

const skipBodyValidation = () => () => true;

export function recordRoutes(app: FastifyInstance, platform: Platform): void {
  app.addContentTypeParser(NDJSON_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, { ndjson: body as string }));

  app.post(
    '/v1/records',
    {
      validatorCompiler: skipBodyValidation,
      schema: {
        tags: ['records'],
        summary: 'File records (one JSON record, a JSON array, or NDJSON)',
        description:
          'Files legally effective decisions as credit records. A batch is atomic: if any line is invalid nothing is stored and the problem lists every bad line and field. ' +
          'Filing is idempotent on (agency, catalogue item, decision number, subject): resubmitting the same record returns it as a duplicate; different content under the same key is a conflict (file a correction).',
        security: [{ apiKey: [] }],
        body: Type.Union([Type.Ref('RecordSubmission'), Type.Array(Type.Ref('RecordSubmission'))]),
        querystring: Type.Object({ lenientCodes: Type.Optional(Type.Boolean({ description: 'accept codes whose check character fails, flagging them' })) }),
        response: { 201: Type.Ref('SubmitResult'), 200: Type.Ref('SubmitResult'), ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const agency = await requireAgency(platform, request);
      const body = request.body as unknown;
      let lines: SubmissionLine[];
      if (body && typeof body === 'object' && 'ndjson' in body && typeof (body as { ndjson: unknown }).ndjson === 'string') {
        lines = parseNdjson((body as { ndjson: string }).ndjson);
      } else if (Array.isArray(body)) {
        lines = body.map((value, i) => ({ line: i + 1, value }));
      } else if (body && typeof body === 'object') {
        lines = [{ line: 1, value: body }];
      } else {
        throw new AppError('malformed-request', 'send one record as application/json, or a batch as application/x-ndjson');
      }
      const lenient = (request.query as { lenientCodes?: boolean | string }).lenientCodes;
      const result = await platform.intake.submit(agency, lines, { lenientCodes: lenient === true || lenient === 'true' });
      return reply.code(result.created > 0 ? 201 : 200).send(result);
    },
  );

  app.get(
    '/v1/records/:recordId',
    {
      schema: {
        tags: ['records'],
        summary: 'A record in full, for the agency that filed it',
        security: [{ apiKey: [] }],
        params: Type.Object({ recordId: Type.String() }),
        response: { 200: Type.Ref('FullRecord'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const agency = await requireAgency(platform, request);
      const { recordId } = request.params as { recordId: string };
      const [record] = await loadRecords(platform.db, [recordId]);
      if (!record) throw new AppError('record-not-found', `there is no record ${recordId}`);
      if (record.agencyCode !== agency.code) throw new AppError('forbidden', `record ${recordId} was filed by another agency`);
      await platform.accessLog.viewed(record.subjectKey, 'beyond-public', 'read a record in full', recordId);
      return record;
    },
  );

  app.post(
    '/v1/records/:recordId/corrections',
    {
      validatorCompiler: skipBodyValidation,
      schema: {
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
      const agency = await requireAgency(platform, request);
      const { recordId } = request.params as { recordId: string };
      return platform.intake.correct(agency, recordId, request.body);
    },
  );
}
