// Subjects over HTTP: search, the public profile (what is in publicity now, or as of a past
// instant), and for those entitled to it the full record, the access log and the subject's own view.
import type { FastifyInstance } from 'fastify';
import type { SubjectService } from './subject.service.ts';
import type { SubjectSearch } from '../search/search.service.ts';
import { ProfileParams, ProfileQuery, SearchQuery, SubjectParams, type ProfileRequest, type SearchRequest, type SubjectPath } from './subjects.schemas.ts';
import { PUBLIC, SECURED, answers, problemResponses } from '../../http/schemas.ts';
import { Type } from '@sinclair/typebox';
import { requirePrincipal, type Authenticator } from '../../http/auth.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';

export function subjectRoutes(app: FastifyInstance, deps: { subjects: SubjectService; search: SubjectSearch; auth: Authenticator }): void {
  const { subjects, search, auth } = deps;
  app.get<{ Querystring: SearchRequest }>(
    '/v1/subjects',
    {
      schema: {
        operationId: 'searchSubjects',
        security: PUBLIC,
        tags: ['subjects'],
        summary: 'Search subjects by code, code prefix, name or part of it, pinyin or pinyin initials',
        description:
          'Best match first: an exact code, then code and name prefixes, then names containing the query, then (when nothing else matches) similar names. ' +
          'kind may be given once or repeated (kind=enterprise&kind=individual-business). ' +
          'Traditional characters, full-width brackets and spacing are folded. Natural persons are left out unless kind asks for them ' +
          '(and are found by identity number at GET /v1/subjects/{code}).',
        querystring: SearchQuery,
        response: answers(200, 'SearchResults', 422),
      },
    },
    async (request) => {
      const { q, limit, kind } = request.query;
      const hits = await search.search(q, { limit: limit ?? 10, ...(kind ? { kinds: kind } : {}) });
      // The query is echoed with any identity number in it masked.
      return { query: maskIdentityNumbers(q), results: hits.map(({ code, name, kind: k, score, matched }) => ({ code, name, kind: k, score, matched })) };
    },
  );
  app.get<ProfileRequest>(
    '/v1/subjects/:code',
    {
      schema: {
        operationId: 'getPublicProfile',
        security: PUBLIC,
        tags: ['subjects'],
        summary: "A subject's public profile",
        description:
          'The public fields of the records about a subject that are inside their publicity window. With asOf (a date, meaning the end of that day, or an instant), ' +
          'the profile as the platform showed it then, replayed from the ledger.',
        params: ProfileParams,
        querystring: ProfileQuery,
        response: { 200: Type.Ref('PublicProfile'), ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => subjects.publicProfile(request.params.code, request.query.asOf || undefined),
  );
  app.get<{ Params: SubjectPath }>(
    '/v1/subjects/:code/record',
    {
      schema: {
        operationId: 'getSubjectRecord',
        security: SECURED,
        tags: ['accounts'],
        summary:
          "Everything about a subject at every disclosure level: for the subject itself, administrators and auditors (logged in the subject's access log)",
        params: SubjectParams,
        response: answers(200, 'OwnView', 400, 401, 403, 404),
      },
    },
    async (request) => subjects.fullRecord(await requirePrincipal(auth, request), request.params.code),
  );
  app.get<{ Params: SubjectPath }>(
    '/v1/subjects/:code/access-log',
    {
      schema: {
        operationId: 'getAccessLog',
        security: SECURED,
        tags: ['accounts'],
        summary: "Who looked at a subject's data: for the subject itself and auditors",
        params: SubjectParams,
        response: answers(200, 'AccessLog', 400, 401, 403),
      },
    },
    async (request) => ({ entries: await subjects.accessLogOf(await requirePrincipal(auth, request), request.params.code) }),
  );
  app.get(
    '/v1/me',
    {
      schema: {
        operationId: 'getOwnRecord',
        security: SECURED,
        tags: ['accounts'],
        summary: 'Everything about the logged-in subject: all records at every disclosure level, list entries, objections, repairs',
        response: answers(200, 'OwnView', 401, 403, 404),
      },
    },
    async (request) => subjects.mine(await requirePrincipal(auth, request)),
  );
}
