// Evaluations and inspection draws over HTTP.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Policy } from '../../domain/policy/policy.ts';
import { OPTIONAL_CREDENTIALS, PUBLIC, SECURED, answers, problemResponses } from '../../http/schemas.ts';
import { principalOf, requirePrincipal, type Authenticator } from '../../http/auth.ts';
import { ScorecardsSchema } from '../../domain/policy/schema.ts';
import type { EvaluationService } from './evaluation.service.ts';
import type { InspectionService } from './inspection.service.ts';
import { DrawRequest, OverrideRequest } from './evaluation.schemas.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';

export function evaluationRoutes(
  app: FastifyInstance,
  deps: { evaluations: EvaluationService; inspections: InspectionService; policy: Policy; auth: Authenticator },
): void {
  const { evaluations, inspections, policy, auth } = deps;
  app.get(
    '/v1/scorecards',
    {
      schema: {
        operationId: 'listScorecards',
        security: PUBLIC,
        tags: ['evaluations'],
        summary: 'The published scorecards: factors, weights, caps, tiers, eligibility; and the supervision rates',
        response: { 200: Type.Object({ policyVersion: Type.String(), ...ScorecardsSchema.properties }) },
      },
    },
    async () => ({
      policyVersion: policy.version,
      scorecards: policy.scorecards,
      supervision: policy.supervision,
    }),
  );
  app.get(
    '/v1/evaluations/:code',
    {
      schema: {
        operationId: 'getEvaluations',
        security: OPTIONAL_CREDENTIALS,
        tags: ['evaluations'],
        summary:
          "A subject's evaluations: in full (score, every factor, the records behind it) for the subject, agencies and oversight; the tier only, where published, for the public",
        params: Type.Object({ code: Type.String() }),
        querystring: Type.Object({
          asOf: Type.Optional(
            Type.String({
              description:
                'YYYY-MM-DD (the end of that day) or an ISO 8601 instant: the evaluations as the platform showed them then, with the overrides then in force',
            }),
          ),
        }),
        response: answers(200, 'Evaluations', 400, 401, 404, 422),
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const { asOf } = request.query as { asOf?: string };
      // The subject as asked for, with an identity number masked: the answer never repeats it.
      return { subject: maskIdentityNumbers(code), evaluations: (await evaluations.viewFor(await principalOf(auth, request), code, asOf)).evaluations };
    },
  );
  app.get(
    '/v1/evaluations/:code/history',
    {
      schema: {
        operationId: 'getEvaluationHistory',
        security: SECURED,
        tags: ['evaluations'],
        summary: "A subject's evaluation history: each change in tier, eligibility, tier rule or version, and when it was recorded",
        description:
          'For the subject itself, agencies, administrators and auditors (logged in the access log, but for the subject). Newest first, at most 500. ' +
          'The tiers are those computed; manual overrides are ledger events, shown in every evaluation (also as of a past instant). ' +
          'An ended row (ended: true, not eligible, no tier) means the scorecard stopped producing a result for the subject. ' +
          "A scorecard that mirrors an authority's grade (the tax credit grade) lists only the grades the authority filed, each naming its record (filed), and their ends: " +
          'a result the platform computed under its code (a score, no filed record) is left out, as it is from every evaluation, now and as of a past instant.',
        params: Type.Object({ code: Type.String() }),
        response: answers(200, 'EvaluationHistory', 400, 401, 403),
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      return { subject: maskIdentityNumbers(code), history: await evaluations.historyFor(await requirePrincipal(auth, request), code) };
    },
  );
  app.post(
    '/v1/evaluations/:code/override',
    {
      schema: {
        operationId: 'overrideTier',
        security: SECURED,
        tags: ['evaluations'],
        summary: 'Override a tier (administrators), with a reason; {lift: true} lifts it. Shown in every explanation, never silent.',
        params: Type.Object({ code: Type.String() }),
        body: OverrideRequest,
        response: {
          200: {
            description: "the subject's evaluations in full, the override in them",
            content: { 'application/json': { schema: Type.Object({ evaluations: Type.Array(Type.Ref('Evaluation')) }) } },
          },
          ...problemResponses(401, 403, 404, 409, 422),
        },
      },
    },
    async (request) => ({
      evaluations: await evaluations.override(
        await requirePrincipal(auth, request),
        (request.params as { code: string }).code,
        request.body as OverrideRequest,
      ),
    }),
  );
  app.post(
    '/v1/inspections/draws',
    {
      schema: {
        operationId: 'drawInspections',
        security: SECURED,
        tags: ['evaluations'],
        summary: 'Draw subjects for inspection by tier from a published seed (administrators); anyone can recompute it',
        body: DrawRequest,
        response: answers(201, 'Draw', 401, 403, 409, 422),
      },
    },
    async (request, reply) => reply.code(201).send(await inspections.run(await requirePrincipal(auth, request), request.body as DrawRequest)),
  );
  app.get(
    '/v1/inspections/draws/:id',
    {
      schema: {
        operationId: 'getInspectionDraw',
        security: PUBLIC,
        tags: ['evaluations'],
        summary: 'A draw: its seed, rates, population digest and selection',
        params: Type.Object({ id: Type.String() }),
        response: answers(200, 'Draw', 404),
      },
    },
    async (request) => inspections.get((request.params as { id: string }).id),
  );
  app.get(
    '/v1/inspections/draws/:id/verify',
    {
      schema: {
        operationId: 'verifyInspectionDraw',
        security: PUBLIC,
        tags: ['evaluations'],
        summary: 'Recompute a draw from its seed and kept population; identical or not',
        params: Type.Object({ id: Type.String() }),
        response: answers(200, 'DrawVerification', 404),
      },
    },
    async (request) => inspections.verify((request.params as { id: string }).id),
  );
}
