// Bulk exports over HTTP: a list's file of a day, the public records of a day, the manifest of
// each, and the delta between two days' files. Each file answers with its length, its SHA-256 (Repr-Digest, RFC 9530, and the ETag) and
// the checkpoint of the ledger it reflects, before its body.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PUBLIC, answers, problemResponses } from '../../http/schemas.ts';
import type { RateLimiter } from '../../http/rate-limit.ts';
import type { ExportService } from './export.service.ts';
import type { RecordExportService } from './record-export.service.ts';
import { fileStream, type ExportFile, type FileBasis } from './export-files.ts';
import {
  DeltaQuery,
  ExportParams,
  ExportQuery,
  ManifestQuery,
  RecordDeltaQuery,
  RecordExportQuery,
  type DeltaRequest,
  type RecordDeltaRequest,
  type RecordExportRequest,
  type ExportPath,
  type ExportRequest,
  type ManifestRequest,
} from './exports.schemas.ts';

const FILE = Type.String({ description: 'the file' });

const fileResponse = (description: string, ...problems: number[]) => ({
  200: {
    description,
    headers: {
      'repr-digest': Type.String({ description: 'sha-256=:<base64>: of the whole file (RFC 9530)' }),
      'x-xinyong-checkpoint': Type.Integer({ description: 'the signed checkpoint of the ledger the file reflects' }),
      'x-xinyong-export-kept': Type.Boolean({ description: 'true when the export is kept as first made once its day ended (its bytes never change)' }),
      'x-xinyong-entries': Type.Integer({ description: 'entries in the export (for a delta, in the newer one)' }),
      etag: Type.String({ description: 'the SHA-256 of the file, hex, quoted' }),
    },
    content: { 'application/x-ndjson': { schema: FILE }, 'text/csv': { schema: FILE } },
  },
  ...problemResponses(...problems),
});

/**
 * Sends a file. Only a file named by its day(s), all of them kept, is the same bytes forever; an
 * address without its dates names another day's file tomorrow, and today's changes until midnight.
 * Private: a shared cache would serve the persons in it without the access log knowing.
 */
function send(reply: FastifyReply, basis: FileBasis, file: ExportFile, immutable: boolean) {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', file.bytes)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('repr-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
    .header('etag', `"${file.sha256}"`)
    .header('x-xinyong-checkpoint', String(basis.checkpoint.id))
    .header('x-xinyong-export-kept', String(basis.kept))
    .header('x-xinyong-entries', String(basis.entries))
    .header('cache-control', immutable ? 'private, max-age=86400, immutable' : 'no-cache')
    .send(fileStream(file));
}

export function exportRoutes(app: FastifyInstance, deps: { exports: ExportService; records: RecordExportService; limit: RateLimiter }): void {
  const { exports, records, limit } = deps;
  const admit = (request: FastifyRequest) => limit.take(request.ip);

  app.get<{ Params: ExportPath; Querystring: ExportRequest }>(
    '/v1/exports/lists/:code',
    {
      schema: {
        operationId: 'exportList',
        security: PUBLIC,
        tags: ['exports'],
        summary: 'Who is on a list on a day, as one file (NDJSON, CSV or FollowTheMoney entities), with no cap, its SHA-256 and the checkpoint it reflects',
        description:
          "A list's export of a day is kept as first made once the day has ended (the scheduler's first run of the next day, or that day's first request): every download of it is the same bytes, and the delta between two kept days is exact. " +
          "Today's export, and a day never kept, are read as known now (x-xinyong-export-kept: false). In entry id order; " +
          'FollowTheMoney: a Sanction (program, legal basis as provisions, authority, dates) and the Company, Organization or Person it names, per entry. ' +
          'Each natural person exported is access-logged.',
        params: ExportParams,
        querystring: ExportQuery,
        response: fileResponse('the export, as an attachment', 404, 422, 429),
      },
    },
    async (request, reply) => {
      admit(request);
      const { basis, file } = await exports.file(request.params.code, request.query.date, request.query.format ?? 'ndjson');
      return send(reply, basis, file, basis.kept && request.query.date !== undefined);
    },
  );

  app.get<{ Params: ExportPath; Querystring: ManifestRequest }>(
    '/v1/exports/lists/:code/manifest',
    {
      schema: {
        operationId: 'getListExportManifest',
        security: PUBLIC,
        tags: ['exports'],
        summary: "A list's export of a day: its files in every format with their SHA-256 and size, whether it is kept, and the checkpoint it reflects",
        params: ExportParams,
        querystring: ManifestQuery,
        response: answers(200, 'ExportManifest', 404, 422, 429),
      },
    },
    async (request) => {
      admit(request);
      return exports.manifest(request.params.code, request.query.date);
    },
  );

  app.get<{ Params: ExportPath; Querystring: DeltaRequest }>(
    '/v1/exports/lists/:code/delta',
    {
      schema: {
        operationId: 'exportListDelta',
        security: PUBLIC,
        tags: ['exports'],
        summary: "The changes from one day's export of a list to another's (by default yesterday's to today's), as a delta file",
        description:
          'Every line (an entry; in FollowTheMoney, an entity) added, changed or deleted, in key order: in NDJSON and FollowTheMoney ' +
          '{"op": "ADD" | "MOD" | "DEL", "entity": <the line>}, in CSV an `op` column before the export\'s. ADD and MOD carry the line as it is in the newer file, ' +
          'DEL as it was. Apply them by key (entryId; the entity id) to the older file and keep the key order: the result is the newer file, byte for byte. ' +
          "x-xinyong-delta counts the operations; the checkpoint is the newer export's.",
        params: ExportParams,
        querystring: DeltaQuery,
        response: fileResponse('the delta, as an attachment', 404, 422, 429),
      },
    },
    async (request, reply) => {
      admit(request);
      const { from, to, counts, file } = await exports.delta(request.params.code, request.query.from, request.query.to, request.query.format ?? 'ndjson');
      reply.header('x-xinyong-delta', `added=${counts.added}, modified=${counts.modified}, deleted=${counts.deleted}`);
      return send(reply, to, file, from.kept && to.kept && request.query.from !== undefined && request.query.to !== undefined);
    },
  );

  app.get<{ Querystring: RecordExportRequest }>(
    '/v1/exports/records',
    {
      schema: {
        operationId: 'exportPublicRecords',
        security: PUBLIC,
        tags: ['exports'],
        summary: 'Every record public on a day, as one file (NDJSON or CSV), with no cap, its SHA-256 and the checkpoint it reflects',
        description:
          "What the portal shows of each record in publicity that day: its item and legal basis, the disclosed parts of its decision, its public fields (a person's identity number masked), " +
          'its publicity window, whether it is disputed or under repair, and its subject. In record id order. ' +
          "A day's public records are kept as first made once the day has ended (the scheduler's first run of the next day, or that day's first request): every download of them is the same bytes, " +
          "and the delta between two kept days is exact. Today's, and a day's never kept, are read as known now (x-xinyong-export-kept: false). Each natural person exported is access-logged.",
        querystring: RecordExportQuery,
        response: fileResponse('the public records, as an attachment', 422, 429),
      },
    },
    async (request, reply) => {
      admit(request);
      const { basis, file } = await records.file(request.query.date, request.query.format ?? 'ndjson');
      return send(reply, basis, file, basis.kept && request.query.date !== undefined);
    },
  );

  app.get<{ Querystring: ManifestRequest }>(
    '/v1/exports/records/manifest',
    {
      schema: {
        operationId: 'getPublicRecordsManifest',
        security: PUBLIC,
        tags: ['exports'],
        summary: "A day's public records: their files in every format with their SHA-256 and size, whether kept, what changed that day, and the checkpoint",
        querystring: ManifestQuery,
        response: answers(200, 'PublicRecordsManifest', 422, 429),
      },
    },
    async (request) => {
      admit(request);
      return records.manifest(request.query.date);
    },
  );

  app.get<{ Querystring: RecordDeltaRequest }>(
    '/v1/exports/records/delta',
    {
      schema: {
        operationId: 'exportPublicRecordsDelta',
        security: PUBLIC,
        tags: ['exports'],
        summary:
          "The changes from one day's public records to another's (by default yesterday's to today's): records that entered publicity, changed, or left it",
        description:
          'Every record added (entered publicity), changed (corrected, disputed, under repair) or deleted (publicity ended: expiry, repair, withdrawal), in record id order: ' +
          'in NDJSON {"op": "ADD" | "MOD" | "DEL", "entity": <the line>}, in CSV an `op` column before the export\'s. ADD and MOD carry the record as it is in the newer file, DEL as it was. ' +
          'Apply them by recordId to the older file and keep the order: the result is the newer file, byte for byte. ' +
          "x-xinyong-delta counts the operations; the checkpoint is the newer day's.",
        querystring: RecordDeltaQuery,
        response: fileResponse('the delta, as an attachment', 422, 429),
      },
    },
    async (request, reply) => {
      admit(request);
      const { from, to, counts, file } = await records.delta(request.query.from, request.query.to, request.query.format ?? 'ndjson');
      reply.header('x-xinyong-delta', `added=${counts.added}, modified=${counts.modified}, deleted=${counts.deleted}`);
      return send(reply, to, file, from.kept && to.kept && request.query.from !== undefined && request.query.to !== undefined);
    },
  );
}
