// Lists over HTTP: the lists and who is on them on a day, a list's change feed, and the list
// entry lifecycle (an agency's proposal, then notice, statement, decision, extension, removal).
// Every refusal is a problem document saying why and, where waiting is what it takes, from which
// day the step becomes possible.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { ListService } from './list.service.ts';
import {
  ChangesQuery,
  EntriesQuery,
  EntryParams,
  ListParams,
  LIST_STEPS,
  ProposeEntryBody,
  STEP_BODIES,
  StepBody,
  StepParams,
  type ChangesRequest,
  type EntriesRequest,
  type EntryPath,
  type ListPath,
  type ListStep,
  type ProposeEntry,
  type StepPath,
  type StepRequest,
} from './lists.schemas.ts';
import type { ListAction } from '../../domain/lists.ts';
import { assertNever } from '../../domain/assert-never.ts';
import { ListDefSchema } from '../../domain/policy/schema.ts';
import { OPTIONAL_CREDENTIALS, PUBLIC, SECURED, answers, problemResponses } from '../../http/schemas.ts';
import { principalOf, requirePrincipal, type Authenticator } from '../../http/auth.ts';

/** The lifecycle action a step's body asks for. */
function stepAction(r: StepRequest): ListAction {
  switch (r.step) {
    case 'notice':
      return { type: 'notify', facts: r.body.facts.trim() };
    case 'statement':
      return { type: 'statement', statement: r.body.statement.trim() };
    case 'decision':
      return { type: 'decide', outcome: r.body.outcome, reasons: r.body.reasons.trim() };
    case 'extension':
      return { type: 'extend', until: r.body.until, reasons: r.body.reasons.trim() };
    case 'removal':
      return { type: 'remove', reason: r.body.reason, reasons: r.body.reasons.trim() };
    default:
      return assertNever(r, 'list step');
  }
}

const isStep = (s: string): s is ListStep => (LIST_STEPS as readonly string[]).includes(s);

/**
 * Validates a step's body against the schema of the step named in the path, before Fastify
 * validates the path and the body against the union of every step's body. A failure is the same
 * validation error Fastify raises for a body (a 422 with each field in `errors[]`).
 */
async function validateStepBody(request: FastifyRequest): Promise<void> {
  const { step } = request.params as { step: string };
  if (!isStep(step)) return; // the path's schema refuses an unknown step
  const validate = request.compileValidationSchema(STEP_BODIES[step], 'body');
  if (validate(request.body)) return;
  throw Object.assign(new Error(`body ${validate.errors?.[0]?.message ?? 'is not valid'}`), {
    statusCode: 400,
    code: 'FST_ERR_VALIDATION',
    validation: validate.errors ?? [],
    validationContext: 'body',
  });
}

export function listRoutes(app: FastifyInstance, deps: { lists: ListService; auth: Authenticator }): void {
  const { lists, auth } = deps;
  app.get(
    '/v1/lists',
    {
      schema: {
        operationId: 'listLists',
        security: PUBLIC,
        tags: ['lists'],
        summary: 'Every list with its legal basis and the number of entries in force',
        response: answers(200, 'ListSummaries'),
      },
    },
    async () => ({ lists: await lists.summaries() }),
  );
  app.get<{ Params: ListPath }>(
    '/v1/lists/:code',
    {
      schema: {
        operationId: 'getList',
        security: PUBLIC,
        tags: ['lists'],
        summary: 'A list definition: area, inclusion rule, duration, notice, removal',
        params: ListParams,
        response: { 200: ListDefSchema, ...problemResponses(404) },
      },
    },
    async (request) => lists.def(request.params.code),
  );
  app.get<{ Params: ListPath; Querystring: EntriesRequest }>(
    '/v1/lists/:code/entries',
    {
      schema: {
        operationId: 'listEntriesOnDay',
        security: PUBLIC,
        tags: ['lists'],
        summary: 'Who is on a list on a day (default today); as of any past day',
        params: ListParams,
        querystring: EntriesQuery,
        response: answers(200, 'ListEntriesPage', 404, 422),
      },
    },
    async (request) => lists.entriesPage(request.params.code, request.query),
  );
  app.get<{ Params: ListPath; Querystring: ChangesRequest }>(
    '/v1/lists/:code/changes',
    {
      schema: {
        operationId: 'followListChanges',
        security: PUBLIC,
        tags: ['lists'],
        summary: 'The change feed of a list, for systems that keep a copy: every entry listed, changed or ended after a cursor, in order',
        description:
          'Start with after=0 and pass `next` (opaque) back until `more` is false; later, poll with the last `next`. Apply each change by entryId: ' +
          '`listed` puts or replaces the entry, `ended` deletes it. An entry also ends on its `until` day, which the feed reports once the ' +
          "platform's daily run has ended it; the feed does not repeat whom an ended entry named. A subject renamed by a new " +
          'registration record changes its entries in force: each is sent again with the new name (one whose `until` day has passed comes as ' +
          'ended then, and again when the daily run ends it). Entries one change touched share its `log` and `index` and come on one page, which may ' +
          'then hold more than `limit` changes. Each natural person shown is access-logged.',
        params: ListParams,
        querystring: ChangesQuery,
        response: answers(200, 'ListChanges', 400, 404, 422),
      },
    },
    async (request) => lists.changes(request.params.code, request.query.after, request.query.limit),
  );
  app.post<{ Params: ListPath; Body: ProposeEntry }>(
    '/v1/lists/:code/entries',
    {
      schema: {
        operationId: 'proposeListEntry',
        tags: ['lists'],
        summary: 'Propose an entry (an agency of a proposing kind), on records that meet the inclusion rule',
        security: [{ apiKey: [] }],
        params: ListParams,
        body: ProposeEntryBody,
        response: answers(201, 'ListEntry', 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => reply.code(201).send(await lists.propose(await requirePrincipal(auth, request), request.params.code, request.body)),
  );
  app.get<{ Params: EntryPath }>(
    '/v1/list-entries/:id',
    {
      schema: {
        operationId: 'getListEntry',
        security: OPTIONAL_CREDENTIALS,
        tags: ['lists'],
        summary: 'A list entry: public while in force; its subject and deciding agency always see it',
        params: EntryParams,
        response: {
          200: {
            description: 'in full (ListEntry) for its subject, its deciding agency and the oversight roles; otherwise the public view of an entry in force',
            content: { 'application/json': { schema: Type.Union([Type.Ref('ListEntry'), Type.Ref('PublicListEntry')]) } },
          },
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => lists.view(await principalOf(auth, request), request.params.id),
  );
  app.post<{ Params: StepPath; Body: StepRequest['body'] }>(
    '/v1/list-entries/:id/:step',
    {
      preValidation: validateStepBody,
      schema: {
        operationId: 'takeListEntryStep',
        security: SECURED,
        tags: ['lists'],
        summary: 'A lifecycle step: notice, statement, decision, extension or removal',
        description:
          'notice {facts}: the deciding agency tells the subject the facts, basis and its right to state its case, with a deadline in working days. statement {statement}: the subject (or the agency recording it). ' +
          "decision {outcome: add|drop, reasons}: adding needs notice first and the statement or the end of the notice period; on a list with no period to state one's case the notice is served with the decision (two ledger events), so nothing is listed without notice. extension {until, reasons}. removal {reason, reasons}.",
        params: StepParams,
        body: StepBody,
        response: answers(200, 'ListEntry', 401, 403, 404, 409, 422),
      },
    },
    async (request) => {
      // validateStepBody has checked the body against the schema of this step.
      const action = stepAction({ step: request.params.step, body: request.body } as StepRequest);
      return lists.act(await requirePrincipal(auth, request), request.params.id, action);
    },
  );
}
