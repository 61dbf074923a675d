// Subjects: the public profile (what is in publicity now, or as of a past instant).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Platform } from '../../app/platform.ts';
import { answers, problemResponses } from '../../http/schemas.ts';
import { SUBJECT_KINDS } from '../../domain/enumerations.ts';

export function subjectRoutes(app: FastifyInstance, platform: Platform): void {
  app.get(
    '/v1/subjects',
    {
      schema: {
        tags: ['subjects'],
        summary: 'Search subjects by code, code prefix, name or part of it, pinyin or pinyin initials',
        description:
          'Best match first: an exact code, then code and name prefixes, then names containing the query, then (when nothing else matches) similar names. ' +
          'Traditional characters, full-width brackets and spacing are folded. Natural persons are left out unless kind asks for them ' +
          '(and are found by identity number at GET /v1/subjects/{code}).',
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 200, description: 'what to look for, e.g. 华为, huawei, hw, 914403001922038216 or 91440300' }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
          kind: Type.Optional(Type.Array(Type.Union(SUBJECT_KINDS.map((k) => Type.Literal(k))), { description: 'only these kinds of subject' })),
        }),
        response: answers(200, 'SearchResults', 422),
      },
    },
    async (request) => {
      const { q, limit, kind } = request.query as { q: string; limit?: number; kind?: string[] };
      const hits = await platform.search.search(q, { limit: limit ?? 10, kinds: kind });
      return { query: q, results: hits.map(({ code, name, kind: k, score, matched }) => ({ code, name, kind: k, score, matched })) };
    },
  );
  app.get(
    '/v1/subjects/:code',
    {
      schema: {
        tags: ['subjects'],
        summary: "A subject's public profile",
        description:
          'The public fields of the records about a subject that are inside their publicity window. With asOf (a date, meaning the end of that day, or an instant), ' +
          'the profile as the platform showed it then, replayed from the ledger.',
        params: Type.Object({ code: Type.String({ description: 'Unified Social Credit Code' }) }),
        querystring: Type.Object({ asOf: Type.Optional(Type.String({ description: 'YYYY-MM-DD or an ISO 8601 instant' })) }),
        response: { 200: Type.Ref('PublicProfile'), ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const { asOf } = request.query as { asOf?: string };
      return platform.subjects.publicProfile(code, asOf ? platform.subjects.parseInstant(asOf) : undefined);
    },
  );
}
