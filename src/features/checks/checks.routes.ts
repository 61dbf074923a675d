// Credit checks over HTTP: one check as JSON, many as NDJSON; feedback; published statistics;
// the measure list and the scenarios.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Policy } from '../../domain/policy/policy.ts';
import { AppError } from '../../kernel/problems.ts';
import { PUBLIC, SECURED, problemResponses } from '../../http/schemas.ts';
import { MeasureSchema, MeasuresSchema, ScenariosSchema } from '../../domain/policy/schema.ts';
import { requirePrincipal, requirePrincipalNow, requireSubject, type Authenticator } from '../../http/auth.ts';
import { checkResultJson } from './check-json.ts';
import type { Principal } from '../../kernel/principal.ts';
import type { CheckService } from './check.service.ts';
import { CheckFeedback, CheckRequest } from './checks.schemas.ts';
import { acceptNdjson, isNdjson, validatedLines } from '../../http/ndjson.ts';

const JSON_UTF8 = 'application/json; charset=utf-8';

export function checkRoutes(app: FastifyInstance, deps: { checks: CheckService; policy: Policy; auth: Authenticator }): void {
  const { checks, policy, auth } = deps;
  acceptNdjson(app);

  app.get(
    '/v1/measures',
    {
      schema: {
        operationId: 'listMeasures',
        security: PUBLIC,
        tags: ['checks'],
        summary: 'The measure list: restrictions and rewards, triggers, scenarios, legal basis',
        response: {
          200: Type.Object({
            policyVersion: Type.String(),
            conflictResolution: MeasuresSchema.properties.conflictResolution,
            measures: Type.Array(MeasureSchema),
          }),
        },
      },
    },
    async () => ({
      policyVersion: policy.version,
      conflictResolution: policy.conflictResolution,
      measures: policy.measures,
    }),
  );
  app.get(
    '/v1/scenarios',
    {
      schema: {
        operationId: 'listScenarios',
        security: PUBLIC,
        tags: ['checks'],
        summary: 'The closed set of scenarios a check is asked about',
        response: { 200: ScenariosSchema },
      },
    },
    async () => ({ scenarios: policy.scenarios }),
  );

  app.post(
    '/v1/checks',
    {
      schema: {
        operationId: 'runCheck',
        tags: ['checks'],
        summary: 'Credit check: which measures apply to a subject in a scenario (now, or at a past instant)',
        description:
          'JSON {subject, scenario, at?} answers one check; application/x-ndjson with one such object per line answers many, one result per line. ' +
          'Every measure comes with the list entry or record that triggered it, its legal basis, effect and implementing authority. ' +
          'The outcome is the strongest effect (prohibit > restrict > enhanced-scrutiny > priority > simplified-procedure); rewards are suppressed while a restriction applies. ' +
          'Every check is logged, and answered only once it is: when the store cannot log it in time (XINYONG_CHECK_WAIT_SECONDS) the answer is 503 store-unavailable with Retry-After.',
        security: [{ apiKey: [] }],
        // Validated as JSON here; an NDJSON body is validated line by line in the handler.
        body: { content: { 'application/json': { schema: CheckRequest } } },
        response: {
          200: {
            description: 'The answer (JSON); for an NDJSON request, one line per check: {line, result} or {line, error: {type, detail}}',
            content: { 'application/json': { schema: Type.Ref('CheckResult') } },
          },
          ...problemResponses(400, 401, 403, 422, 503),
        },
      },
    },
    (request, reply) => {
      // The hot path: no promise until the check log's, and the answer's JSON written by hand.
      const answer = (p: Principal): Promise<unknown> => {
        const body = request.body as unknown;
        if (isNdjson(body)) {
          const lines = validatedLines<CheckRequest>(body.ndjson, request.compileValidationSchema(CheckRequest, 'body'));
          return checks.checkMany(p, lines).then((results) => reply.type('application/x-ndjson').send(results.map((r) => JSON.stringify(r)).join('\n') + '\n'));
        }
        // A JSON body has passed the schema; any other media type is refused here.
        if (!body || typeof body !== 'object' || Array.isArray(body))
          throw new AppError('malformed-request', 'send {subject, scenario, at?} as JSON, or NDJSON of them');
        return checks.check(p, body as CheckRequest).then((r) => reply.type(JSON_UTF8).send(checkResultJson(r)));
      };
      try {
        const p = requirePrincipalNow(auth, request);
        return p instanceof Promise ? p.then(answer) : answer(p);
      } catch (err) {
        return Promise.reject(err);
      }
    },
  );
  app.post(
    '/v1/checks/:id/feedback',
    {
      schema: {
        operationId: 'reportCheckFeedback',
        security: SECURED,
        tags: ['checks'],
        summary: 'Report the action taken on a check (the agency that ran it)',
        params: Type.Object({ id: Type.String() }),
        body: CheckFeedback,
        response: {
          201: Type.Object({ checkId: Type.String(), action: Type.String(), measures: Type.Array(Type.String()) }, { description: 'The feedback as recorded' }),
          ...problemResponses(401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await checks.feedback(await requirePrincipal(auth, request), (request.params as { id: string }).id, request.body as CheckFeedback)),
  );
  app.get(
    '/v1/statistics/measures',
    {
      schema: {
        operationId: 'getMeasureStatistics',
        security: PUBLIC,
        tags: ['checks'],
        summary: 'Published aggregates: checks by scenario and outcome, measures applied per agency feedback',
        response: {
          200: Type.Object({
            asOf: Type.String({ format: 'date-time', description: 'when the counts were taken; one count serves for a minute' }),
            checks: Type.Array(Type.Object({ scenario: Type.String(), outcome: Type.String(), checks: Type.Integer() })),
            measuresApplied: Type.Array(
              Type.Object({ measure: Type.String(), times: Type.Integer({ description: "agencies' feedback that the measure was applied" }) }),
            ),
          }),
        },
      },
    },
    async () => checks.statistics(),
  );
  app.get(
    '/v1/me/checks',
    {
      schema: {
        operationId: 'listChecksAboutMe',
        security: SECURED,
        tags: ['checks', 'accounts'],
        summary: 'Checks run about the logged-in subject: who asked, when, for what',
        response: {
          200: Type.Object({
            checks: Type.Array(
              Type.Object({
                checkId: Type.String(),
                scenario: Type.String(),
                asOf: Type.String({ format: 'date' }),
                askedAt: Type.String({ format: 'date-time' }),
                askedBy: Type.String({ description: 'agency:<code> or the account that asked' }),
                outcome: Type.String(),
                measures: Type.Array(Type.String()),
                feedbackAction: Type.Union([Type.String(), Type.Null()], { description: 'what the asking agency reported doing, if it did' }),
              }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => {
      const p = await requireSubject(auth, request);
      return { checks: await checks.about(p.account.subjectKey!) };
    },
  );
}
