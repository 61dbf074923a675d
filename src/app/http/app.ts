// The HTTP application: wiring only. Routes parse, call one service, map the result; errors go
// through the problem handler; every request runs in a request context and logs one line.
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifySchema } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Platform } from '../platform.ts';
import { PUBLIC_ACTOR } from '../../kernel/constants.ts';
import { runWithContext, type RequestContext } from '../../kernel/request-context.ts';
import { SAFE_TEXT_FORMAT, isSafeText } from '../../domain/safe-text.ts';
import { buildValidator, closeApiBody, documentParameterProblem } from './request-validation.ts';
import { clientErrorProblem, installNotFound, installProblemHandler, sendProblem } from './problem-handler.ts';
import { AppError } from '../../kernel/problems.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';
import { refuseBadParameters } from '../../http/parameters.ts';
import { Problem, LegalBasis, PUBLIC, problemResponses } from '../../http/schemas.ts';
import { RECORDS_SCHEMAS } from '../../features/records/records.schemas.ts';
import { LISTS_SCHEMAS } from '../../features/lists/lists.schemas.ts';
import { SUBJECTS_SCHEMAS } from '../../features/subjects/subjects.schemas.ts';
import { CHECKS_SCHEMAS } from '../../features/checks/checks.schemas.ts';
import { DUE_PROCESS_SCHEMAS } from '../../features/due-process/due-process.schemas.ts';
import { EVALUATION_SCHEMAS } from '../../features/evaluation/evaluation.schemas.ts';
import { ACCOUNTS_SCHEMAS } from '../../features/accounts/accounts.schemas.ts';
import { REPORTS_SCHEMAS } from '../../features/reports/reports.schemas.ts';
import { TRANSPARENCY_SCHEMAS } from '../../features/transparency/transparency.schemas.ts';
import { Type } from '@sinclair/typebox';
import { recordRoutes } from '../../features/records/records.routes.ts';
import { furnishingRoutes } from '../../features/credit-reporting/furnishing.routes.ts';
import { inquiryRoutes } from '../../features/credit-reporting/inquiry.routes.ts';
import { creditRightsRoutes } from '../../features/credit-reporting/credit-rights.routes.ts';
import { creditReportPages, creditSection } from '../../features/credit-reporting/credit-report.pages.ts';
import { CREDIT_RIGHTS_SCHEMAS } from '../../features/credit-reporting/credit-rights.schemas.ts';
import { subjectRoutes } from '../../features/subjects/subjects.routes.ts';
import { catalogueRoutes } from '../../features/catalogue/catalogue.routes.ts';
import { problemRoutes } from './problems.routes.ts';
import { dueProcessRoutes } from '../../features/due-process/due-process.routes.ts';
import { accountRoutes } from '../../features/accounts/accounts.routes.ts';
import { listRoutes } from '../../features/lists/lists.routes.ts';
import { checkRoutes } from '../../features/checks/checks.routes.ts';
import { evaluationRoutes } from '../../features/evaluation/evaluation.routes.ts';
import { createPortal } from '../../http/portal.ts';
import { subjectPages } from '../../features/subjects/subjects.pages.ts';
import { searchPages } from '../../features/search/search.pages.ts';
import { listPages } from '../../features/lists/lists.pages.ts';
import { cataloguePages } from '../../features/catalogue/catalogue.pages.ts';
import { checkPages } from '../../features/checks/checks.pages.ts';
import { accountPages } from '../../features/accounts/accounts.pages.ts';
import { dueProcessPages } from '../../features/due-process/due-process.pages.ts';
import { reportPages } from '../../features/reports/reports.pages.ts';
import { reportRoutes } from '../../features/reports/reports.routes.ts';
import { exportRoutes } from '../../features/exports/exports.routes.ts';
import { EXPORTS_SCHEMAS } from '../../features/exports/exports.schemas.ts';
import { screeningRoutes } from '../../features/screening/screening.routes.ts';
import { webhookRoutes } from '../../features/webhooks/webhooks.routes.ts';
import { transparencyRoutes } from '../../features/transparency/transparency.routes.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { ping } from '../../store/maintenance.ts';

declare module 'fastify' {
  interface FastifyRequest {
    context: RequestContext;
  }
}

export interface AppOptions {
  /** Where the log lines go (standard output when not given). */
  logStream?: { write(line: string): void };
}

export async function buildApp(platform: Platform, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Every line the log writes has its identity numbers masked: request URLs, and whatever an
    // error's message quotes of a request.
    logger:
      platform.config.logLevel === 'silent'
        ? false
        : {
            level: platform.config.logLevel,
            hooks: { streamWrite: maskIdentityNumbers },
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    // One line per request, written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: platform.config.bodyLimit,
    trustProxy: platform.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Bodies are validated strictly and parameters coerced from text (request-validation.ts); a
    // property a schema does not name is refused, never silently dropped.
    // Free text of a request is refused when it could spoof a reader (the `safe-text` format, src/domain/safe-text.ts).
    ajv: { customOptions: { allErrors: true, removeAdditional: false, formats: { [SAFE_TEXT_FORMAT]: isSafeText } } },
    schemaController: { compilersFactory: { buildValidator } },
    // A request Node's parser refuses, and a URL the router cannot decode (bad percent-encoding),
    // are problem documents like any other bad request.
    clientErrorHandler: clientErrorProblem,
    frameworkErrors: (err, request, reply) => {
      request.log.info({ code: err.code }, 'refused before routing');
      return sendProblem(
        reply,
        request,
        new AppError('malformed-request', 'the address is not a valid URL (its percent-encoding does not decode, or a part is too long)'),
      );
    },
  });

  // Every request runs inside its own context; authentication fills in the actor.
  app.decorateRequest('context', null as unknown as RequestContext);
  app.addHook('onRequest', (request, reply, done) => {
    request.context = { requestId: request.id, actor: PUBLIC_ACTOR };
    reply.header('x-request-id', request.id);
    runWithContext(request.context, done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        url: maskIdentityNumbers(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        actor: `${request.context?.actor.type}:${request.context?.actor.id}`,
      },
      'request',
    );
    done();
  });
  // Before the schemas: no text parameter may carry control characters (a NUL in a cursor reaches
  // no store), and a number parameter must be finite.
  app.addHook('preValidation', (request, _reply, done) => done(refuseBadParameters(request) ?? undefined));

  // Every schema that routes refer to by $id, from the features that define them.
  for (const s of [
    Problem,
    LegalBasis,
    ...RECORDS_SCHEMAS,
    ...SUBJECTS_SCHEMAS,
    ...LISTS_SCHEMAS,
    ...CHECKS_SCHEMAS,
    ...DUE_PROCESS_SCHEMAS,
    ...EVALUATION_SCHEMAS,
    ...ACCOUNTS_SCHEMAS,
    ...REPORTS_SCHEMAS,
    ...TRANSPARENCY_SCHEMAS,
    ...CREDIT_RIGHTS_SCHEMAS,
    ...EXPORTS_SCHEMAS,
  ])
    app.addSchema(s);
  installProblemHandler(app);
  // Before the routes and the OpenAPI document see them: every API body's objects are closed.
  app.addHook('onRoute', closeApiBody);
  app.addHook('onRoute', documentParameterProblem);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'xinyong public credit information platform',
        version: platform.policy.version,
        description:
          'Legally grounded credit records, lists, credit checks and due process. Every error is an RFC 9457 problem document whose `type` is stable; see /problems.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      // Relative: the platform that serves this document, wherever it is deployed.
      servers: [{ url: '/', description: 'the platform serving this document' }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'agency API key (xyk.<id>.<secret>) or session token (xys.…) from POST /v1/session' },
        },
      },
      tags: [
        { name: 'records', description: 'filing and correcting credit records (agencies)' },
        { name: 'subjects', description: 'public profiles of subjects' },
        { name: 'policy', description: 'the published policy pack' },
        { name: 'lists', description: 'blacklists, watch lists and redlists, and the list entry lifecycle' },
        { name: 'objections', description: 'disputing a record or list entry' },
        { name: 'repair', description: 'credit repair applications and decisions' },
        { name: 'accounts', description: 'sessions of subjects, administrators and auditors' },
        { name: 'checks', description: 'credit checks: measures, scenarios, feedback and statistics' },
        { name: 'evaluations', description: 'scorecards, evaluations, overrides and inspection draws' },
        { name: 'reports', description: 'signed credit reports: issue, read (JSON, HTML, PDF), verify' },
        { name: 'furnishing', description: 'financial credit reporting: furnishers (licensed lenders) furnish accounts and monthly statements' },
        {
          name: 'credit-inquiries',
          description: "financial credit reporting: lenders record the subjects' written authorisations and inquire, receiving the credit report",
        },
        {
          name: 'credit-rights',
          description:
            "financial credit reporting: the subject's own report, objections to furnished information and the furnisher's answers, the personal statement",
        },
        { name: 'exports', description: 'bulk exports of the lists (NDJSON, CSV, FollowTheMoney) with digests and checkpoints, and deltas between days' },
        { name: 'webhooks', description: "signed deliveries of lists' changes to agencies' endpoints, retried, visible and replayable" },
        { name: 'log', description: 'the ledger as a transparency log: signed checkpoints, inclusion and consistency proofs, witnesses' },
        { name: 'operations', description: 'health and documents' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  const health: FastifySchema = {
    operationId: 'getHealth',
    security: PUBLIC,
    tags: ['operations'],
    summary: 'Liveness and store health',
    response: {
      200: Type.Object({
        status: Type.Literal('ok'),
        store: Type.Union([Type.Literal('pglite'), Type.Literal('postgres'), Type.Literal('citus')]),
        policyVersion: Type.String(),
      }),
      ...problemResponses(503),
    },
  };
  app.get('/healthz', { schema: health }, async (_req, reply) => {
    try {
      await ping(platform.db);
      return { status: 'ok', store: platform.db.kind, policyVersion: platform.policy.version };
    } catch {
      return reply
        .code(503)
        .type('application/problem+json')
        .send({ type: '/problems/store-unavailable', title: 'The store is not available', status: 503, detail: 'the store does not answer' });
    }
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  recordRoutes(app, { intake: platform.intake, records: platform.records, auth: platform.auth });
  subjectRoutes(app, { subjects: platform.subjects, search: platform.search, auth: platform.auth });
  catalogueRoutes(app, { policy: platform.policy });
  accountRoutes(app, { accounts: platform.accounts });
  listRoutes(app, { lists: platform.lists, auth: platform.auth });
  dueProcessRoutes(app, { objections: platform.objections, repairs: platform.repairs, queues: platform.queues, auth: platform.auth });
  checkRoutes(app, { checks: platform.checks, policy: platform.policy, auth: platform.auth });
  screeningRoutes(app, { screening: platform.screening, auth: platform.auth });
  webhookRoutes(app, { webhooks: platform.webhooks, auth: platform.auth });
  evaluationRoutes(app, { evaluations: platform.evaluations, inspections: platform.inspections, policy: platform.policy, auth: platform.auth });
  // One budget per client for the API and the portal alike.
  const reportLimit = new RateLimiter(platform.config.reportsPerMinute, 'reports issued or PDFs rendered');
  reportRoutes(app, { reports: platform.reports, auth: platform.auth, limit: reportLimit });
  transparencyRoutes(app, { log: platform.log, auth: platform.auth });
  exportRoutes(app, { exports: platform.exports, records: platform.recordExports, limit: new RateLimiter(platform.config.exportsPerMinute, 'exports') });
  furnishingRoutes(app, { furnishing: platform.furnishing, policy: platform.policy, auth: platform.auth });
  inquiryRoutes(app, { consents: platform.creditConsents, inquiries: platform.creditInquiries, auth: platform.auth });
  creditRightsRoutes(app, { disputes: platform.creditDisputes, rights: platform.creditRights, auth: platform.auth });
  // The portal: each feature's pages, given its services.
  const portal = createPortal(app, platform.auth);
  const { policy, clock } = platform;
  subjectPages(portal, {
    subjects: platform.subjects,
    counts: platform.subjectCounts,
    lists: platform.lists,
    evaluations: platform.evaluations,
    repairs: platform.repairs,
    accessLog: platform.accessLog,
    policy,
    credit: (subject, lang, csrf) => creditSection({ disputes: platform.creditDisputes, rights: platform.creditRights }, subject, lang, csrf),
  });
  searchPages(portal, { subjects: platform.subjects });
  listPages(portal, { lists: platform.lists, policy, clock });
  cataloguePages(portal, { policy });
  checkPages(portal, { checks: platform.checks, recordStatistics: platform.recordStatistics, policy });
  accountPages(portal, { accounts: platform.accounts });
  dueProcessPages(portal, { objections: platform.objections, repairs: platform.repairs, lists: platform.lists });
  reportPages(portal, { reports: platform.reports, limit: reportLimit });
  creditReportPages(portal, { disputes: platform.creditDisputes, rights: platform.creditRights });
  installNotFound(app, portal.notFound);
  problemRoutes(app);
  return app;
}
