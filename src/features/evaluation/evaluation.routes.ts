// Evaluations and inspection draws over HTTP.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Platform } from '../../app/platform.ts';
import { SECURED, answers, problemResponses } from '../../http/schemas.ts';
import { principalOf, requirePrincipal } from '../../http/auth.ts';
import { AppError } from '../../kernel/problems.ts';
import { ownSubject } from '../../kernel/principal.ts';
import { pastInstant } from '../../kernel/clock.ts';
import { ScorecardsSchema } from '../../domain/policy/schema.ts';

const noBodyValidation = () => () => true;

export function evaluationRoutes(app: FastifyInstance, platform: Platform): void {
  app.get(
    '/v1/scorecards',
    {
      schema: {
        tags: ['evaluations'],
        summary: 'The published scorecards: factors, weights, caps, tiers, eligibility; and the supervision rates',
        response: { 200: Type.Object({ policyVersion: Type.String(), ...ScorecardsSchema.properties }) },
      },
    },
    async () => ({
      policyVersion: platform.policy.version,
      scorecards: platform.policy.scorecards,
      supervision: platform.policy.supervision,
    }),
  );
  app.get(
    '/v1/evaluations/:code',
    {
      schema: {
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
        response: answers(200, 'Evaluations', 400, 404, 422),
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const { asOf } = request.query as { asOf?: string };
      const key = platform.subjects.keyOf(code);
      const past = pastInstant(asOf ? platform.subjects.parseInstant(asOf) : undefined, platform.clock);
      const p = await principalOf(platform, request);
      if (p && !(p.kind === 'account' && p.account.subjectKey === key))
        await platform.accessLog.viewed(key, 'beyond-public', 'read the evaluations in full', past ? `as of ${past.toISOString()}` : null);
      return { subject: code, evaluations: await platform.evaluations.view(p, key, past) };
    },
  );
  app.get(
    '/v1/evaluations/:code/history',
    {
      schema: {
        security: SECURED,
        tags: ['evaluations'],
        summary: "A subject's evaluation history: each change in tier, eligibility, tier rule or version, and when it was recorded",
        description:
          'For the subject itself, agencies, administrators and auditors (logged in the access log, but for the subject). Newest first, at most 500. ' +
          'The tiers are those computed; manual overrides are ledger events, shown in every evaluation (also as of a past instant). ' +
          'An ended row (ended: true, not eligible, no tier) means the scorecard stopped producing a result for the subject.',
        params: Type.Object({ code: Type.String() }),
        response: answers(200, 'EvaluationHistory', 400, 401, 403),
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const p = await requirePrincipal(platform, request);
      const key = platform.subjects.keyOf(code);
      const self = ownSubject(p) === key;
      if (p.kind === 'account' && p.account.role === 'subject' && !self)
        throw new AppError('forbidden', 'a subject sees the evaluation history of its own, not of others');
      if (!self) await platform.accessLog.viewed(key, 'beyond-public', 'read the evaluation history');
      return { subject: code, history: await platform.evaluations.history(key) };
    },
  );
  app.post(
    '/v1/evaluations/:code/override',
    {
      validatorCompiler: noBodyValidation,
      schema: {
        security: SECURED,
        tags: ['evaluations'],
        summary: 'Override a tier (administrators), with a reason; {lift: true} lifts it. Shown in every explanation, never silent.',
        params: Type.Object({ code: Type.String() }),
        body: Type.Object({ scorecard: Type.String(), tier: Type.Optional(Type.String()), reason: Type.String(), lift: Type.Optional(Type.Boolean()) }),
        response: {
          200: {
            description: "the subject's evaluations in full, the override in them",
            content: { 'application/json': { schema: Type.Object({ evaluations: Type.Array(Type.Ref('Evaluation')) }) } },
          },
          ...problemResponses(401, 403, 404, 409, 422),
        },
      },
    },
    async (request) => {
      const p = await requirePrincipal(platform, request);
      const key = platform.subjects.keyOf((request.params as { code: string }).code);
      await platform.evaluations.override(p, key, (request.body ?? {}) as Record<string, unknown>);
      // The same full view the explanation gives (the effective tier, the names, the legal basis).
      return { evaluations: await platform.evaluations.view(p, key) };
    },
  );
  app.post(
    '/v1/inspections/draws',
    {
      validatorCompiler: noBodyValidation,
      schema: {
        security: SECURED,
        tags: ['evaluations'],
        summary: 'Draw subjects for inspection by tier from a published seed (administrators); anyone can recompute it',
        body: Type.Object({
          seed: Type.String(),
          divisionPrefix: Type.Optional(Type.String()),
          inspectors: Type.Optional(
            Type.Array(
              Type.Object({
                id: Type.String(),
                conflicts: Type.Optional(Type.Array(Type.String())),
                excludedDivisions: Type.Optional(Type.Array(Type.String())),
              }),
            ),
          ),
        }),
        response: answers(201, 'Draw', 401, 403, 409, 422),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await platform.inspections.run(await requirePrincipal(platform, request), (request.body ?? {}) as Record<string, unknown>)),
  );
  app.get(
    '/v1/inspections/draws/:id',
    {
      schema: {
        tags: ['evaluations'],
        summary: 'A draw: its seed, rates, population digest and selection',
        params: Type.Object({ id: Type.String() }),
        response: answers(200, 'Draw', 404),
      },
    },
    async (request) => platform.inspections.get((request.params as { id: string }).id),
  );
  app.get(
    '/v1/inspections/draws/:id/verify',
    {
      schema: {
        tags: ['evaluations'],
        summary: 'Recompute a draw from its seed and kept population; identical or not',
        params: Type.Object({ id: Type.String() }),
        response: answers(200, 'DrawVerification', 404),
      },
    },
    async (request) => platform.inspections.verify((request.params as { id: string }).id),
  );
}
