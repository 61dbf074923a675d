// Subjects: the public profile (what is in publicity now, or as of a past instant).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Platform } from '../../platform/platform.ts';
import { problemResponses } from '../schemas.ts';

export function subjectRoutes(app: FastifyInstance, platform: Platform): void {
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
