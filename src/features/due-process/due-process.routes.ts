// Objections, repair, an agency's queue and the escalations over HTTP. Every refusal is a problem
// document saying why and, where waiting is what it takes, from which day the step becomes possible.
import type { FastifyInstance } from 'fastify';
import type { ObjectionService } from './objection.service.ts';
import type { RepairService } from './repair.service.ts';
import type { QueueService } from './queue.service.ts';
import {
  ApplyRepairBody,
  DecideObjectionBody,
  DecideRepairBody,
  EligibilityQuery,
  FileObjectionBody,
  IdParams,
  type ApplyRepair,
  type DecideObjection,
  type DecideRepair,
  type EligibilityRequest,
  type FileObjection,
  type IdPath,
} from './due-process.schemas.ts';
import { SECURED, answers } from '../../http/schemas.ts';
import { requireAgency, requirePrincipal, type Authenticator } from '../../http/auth.ts';

export function dueProcessRoutes(
  app: FastifyInstance,
  deps: { objections: ObjectionService; repairs: RepairService; queues: QueueService; auth: Authenticator },
): void {
  const { objections, repairs, queues, auth } = deps;

  // ---------------------------------------------------------------- objections
  app.post<{ Body: FileObjection }>(
    '/v1/objections',
    {
      schema: {
        operationId: 'fileObjection',
        security: SECURED,
        tags: ['objections'],
        summary: 'Object to a record or list entry (the subject concerned, or an agency)',
        body: FileObjectionBody,
        response: answers(201, 'Objection', 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => reply.code(201).send(await objections.file(await requirePrincipal(auth, request), request.body)),
  );
  app.get<{ Params: IdPath }>(
    '/v1/objections/:id',
    {
      schema: {
        operationId: 'getObjection',
        security: SECURED,
        tags: ['objections'],
        summary: 'An objection',
        params: IdParams,
        response: answers(200, 'Objection', 401, 403, 404),
      },
    },
    async (request) => objections.get(await requirePrincipal(auth, request), request.params.id),
  );
  app.post<{ Params: IdPath; Body: DecideObjection }>(
    '/v1/objections/:id/decision',
    {
      schema: {
        operationId: 'decideObjection',
        security: SECURED,
        tags: ['objections'],
        summary: 'Decide an objection (the supplying or deciding agency): maintained, corrected (with the correction) or withdrawn',
        params: IdParams,
        body: DecideObjectionBody,
        response: answers(200, 'Objection', 401, 403, 404, 409, 422),
      },
    },
    async (request) => objections.decide(await requirePrincipal(auth, request), request.params.id, request.body),
  );

  // ---------------------------------------------------------------- repair
  app.get<{ Querystring: EligibilityRequest }>(
    '/v1/repairs/eligibility',
    {
      schema: {
        operationId: 'getRepairEligibility',
        security: SECURED,
        tags: ['repair'],
        summary: 'Whether a record or list entry can be repaired now, and from when',
        querystring: EligibilityQuery,
        response: answers(200, 'RepairEligibility', 401, 403, 404, 422),
      },
    },
    async (request) => repairs.eligibilityFor(await requirePrincipal(auth, request), { type: request.query.type, id: request.query.id }),
  );
  app.post<{ Body: ApplyRepair }>(
    '/v1/repairs',
    {
      schema: {
        operationId: 'applyForRepair',
        security: SECURED,
        tags: ['repair'],
        summary: "Apply for credit repair (the subject's own account)",
        body: ApplyRepairBody,
        response: answers(201, 'Repair', 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => reply.code(201).send(await repairs.apply(await requirePrincipal(auth, request), request.body)),
  );
  app.get<{ Params: IdPath }>(
    '/v1/repairs/:id',
    {
      schema: {
        operationId: 'getRepair',
        security: SECURED,
        tags: ['repair'],
        summary: 'A repair application',
        params: IdParams,
        response: answers(200, 'Repair', 401, 403, 404),
      },
    },
    async (request) => repairs.get(await requirePrincipal(auth, request), request.params.id),
  );
  app.post<{ Params: IdPath; Body: DecideRepair }>(
    '/v1/repairs/:id/decision',
    {
      schema: {
        operationId: 'decideRepair',
        security: SECURED,
        tags: ['repair'],
        summary: 'Decide a repair application (the agency that made the decision being repaired)',
        params: IdParams,
        body: DecideRepairBody,
        response: answers(200, 'Repair', 401, 403, 404, 409, 422),
      },
    },
    async (request) => repairs.decide(await requirePrincipal(auth, request), request.params.id, request.body),
  );

  // ---------------------------------------------------------------- queues
  app.get(
    '/v1/agency/queue',
    {
      schema: {
        operationId: 'getAgencyQueue',
        security: SECURED,
        tags: ['lists', 'objections', 'repair'],
        summary:
          "An agency's work: proposals to notify or decide (soonest notice deadline, then oldest proposal first), objections and repairs (soonest deadline first)",
        response: answers(200, 'AgencyQueue', 401, 403),
      },
    },
    async (request) => queues.agencyQueue(await requireAgency(auth, request)),
  );
  app.get(
    '/v1/escalations',
    {
      schema: {
        operationId: 'listEscalations',
        security: SECURED,
        tags: ['objections', 'repair'],
        summary: 'Objections and repair applications past their deadline (administrators and auditors)',
        response: answers(200, 'Escalations', 401, 403),
      },
    },
    async (request) => queues.escalations(await requirePrincipal(auth, request)),
  );
}
