// Lists, objections, repair and sessions over HTTP. Every refusal is a problem document saying
// why and, where waiting is what it takes, from which day the step becomes possible.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Platform } from '../../app/platform.ts';
import { AppError } from '../../kernel/problems.ts';
import { ListService } from '../lists/list.service.ts';
import { parseTarget } from './objection.service.ts';
import { SECURED, answers, problemResponses } from '../../http/schemas.ts';
import { bearerToken, principalOf, requireAgency, requireOversight, requirePrincipal, requireSubject } from '../../http/auth.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { ListDefSchema } from '../../domain/policy/schema.ts';

const body = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {});
const noBodyValidation = () => () => true;
const anyObject = Type.Object({}, { additionalProperties: true });

/** The body of each lifecycle step, for the OpenAPI document (the service checks them). */
const STEP_BODY = Type.Union([
  Type.Object({ facts: Type.String({ description: 'notice: the facts, the legal basis and the right to state one’s case' }) }, { title: 'notice' }),
  Type.Object({ statement: Type.String() }, { title: 'statement' }),
  Type.Object({ outcome: Type.Union([Type.Literal('add'), Type.Literal('drop')]), reasons: Type.String() }, { title: 'decision' }),
  Type.Object({ until: Type.String({ description: 'YYYY-MM-DD, the new first day off the list' }), reasons: Type.String() }, { title: 'extension' }),
  Type.Object(
    {
      reason: Type.String({ description: "one of the list's removal reasons (repair goes through a repair application)" }),
      reasons: Type.String(),
    },
    { title: 'removal' },
  ),
]);

export function dueProcessRoutes(app: FastifyInstance, platform: Platform): void {
  // ---------------------------------------------------------------- sessions
  app.post(
    '/v1/session',
    {
      validatorCompiler: noBodyValidation,
      schema: {
        tags: ['accounts'],
        summary: 'Log in to an account (subject, administrator, auditor) and get a session token',
        body: Type.Object({ username: Type.String(), password: Type.String() }),
        response: answers(200, 'Session', 401, 422, 423),
      },
    },
    async (request) => {
      const b = body(request.body);
      if (typeof b.username !== 'string' || typeof b.password !== 'string') throw new AppError('validation-failed', 'username and password are required');
      const s = await platform.accounts.login(b.username, b.password);
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), role: s.principal.role, subject: s.principal.subjectKey };
    },
  );
  app.delete(
    '/v1/session',
    { schema: { tags: ['accounts'], summary: 'Log out', response: { 204: { description: 'the session token no longer works' } } } },
    async (request, reply) => {
      const token = bearerToken(request);
      if (token?.startsWith('xys.')) await platform.accounts.logout(token);
      return reply.code(204).send();
    },
  );
  app.get(
    '/v1/subjects/:code/record',
    {
      schema: {
        security: SECURED,
        tags: ['accounts'],
        summary:
          "Everything about a subject at every disclosure level: for the subject itself, administrators and auditors (logged in the subject's access log)",
        params: Type.Object({ code: Type.String() }),
        response: answers(200, 'OwnView', 400, 401, 403, 404),
      },
    },
    async (request) => {
      const p = await requirePrincipal(platform, request);
      const key = platform.subjects.keyOf((request.params as { code: string }).code);
      const self = p.kind === 'account' && p.account.subjectKey === key;
      if (!self && !(p.kind === 'account' && (p.account.role === 'administrator' || p.account.role === 'auditor'))) {
        throw new AppError('forbidden', 'the full record is for the subject itself, administrators and auditors');
      }
      if (!self) await platform.accessLog.viewed(key, 'beyond-public', 'read the full record');
      return platform.subjects.ownView(key);
    },
  );
  app.get(
    '/v1/subjects/:code/access-log',
    {
      schema: {
        security: SECURED,
        tags: ['accounts'],
        summary: "Who looked at a subject's data: for the subject itself and auditors",
        params: Type.Object({ code: Type.String() }),
        response: answers(200, 'AccessLog', 400, 401, 403),
      },
    },
    async (request) => {
      const p = await requirePrincipal(platform, request);
      const key = platform.subjects.keyOf((request.params as { code: string }).code);
      const self = p.kind === 'account' && p.account.subjectKey === key;
      if (!self && !(p.kind === 'account' && p.account.role === 'auditor'))
        throw new AppError('forbidden', 'the access log is for the subject itself and auditors');
      return { entries: await platform.accessLog.of(key) };
    },
  );
  app.get(
    '/v1/me',
    {
      schema: {
        security: SECURED,
        tags: ['accounts'],
        summary: 'Everything about the logged-in subject: all records at every disclosure level, list entries, objections, repairs',
        response: answers(200, 'OwnView', 401, 403, 404),
      },
    },
    async (request) => {
      const p = await requireSubject(platform, request);
      return platform.subjects.ownView(p.account.subjectKey!);
    },
  );

  // ---------------------------------------------------------------- lists
  app.get(
    '/v1/lists',
    { schema: { tags: ['lists'], summary: 'Every list with its legal basis and the number of entries in force', response: answers(200, 'ListSummaries') } },
    async () => ({
      lists: await platform.lists.summaries(),
    }),
  );
  app.get(
    '/v1/lists/:code',
    {
      schema: {
        tags: ['lists'],
        summary: 'A list definition: area, inclusion rule, duration, notice, removal',
        params: Type.Object({ code: Type.String() }),
        response: { 200: ListDefSchema, ...problemResponses(404) },
      },
    },
    async (request) => platform.lists.def((request.params as { code: string }).code),
  );
  app.get(
    '/v1/lists/:code/entries',
    {
      schema: {
        tags: ['lists'],
        summary: 'Who is on a list on a day (default today); as of any past day',
        params: Type.Object({ code: Type.String() }),
        querystring: Type.Object({
          date: Type.Optional(Type.String()),
          after: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: answers(200, 'ListEntriesPage', 404, 422),
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const q = request.query as { date?: string; after?: string; limit?: number };
      if (q.date !== undefined && !isIsoDate(q.date))
        throw new AppError('validation-failed', 'date is YYYY-MM-DD', { errors: [{ field: 'date', message: 'must be a date' }] });
      const date = q.date ?? platform.policy.localDate(platform.clock.now());
      const r = await platform.lists.entriesOn(code, date, { ...(q.after ? { after: q.after } : {}), ...(q.limit ? { limit: q.limit } : {}) });
      return {
        list: code,
        date: r.date,
        entries: r.entries.map((e) => ({ ...platform.subjects.entryView(e), subject: { code: e.subjectCode, name: e.subjectName } })),
        next: r.entries.length > 0 ? r.entries[r.entries.length - 1]!.entryId : null,
      };
    },
  );
  app.get(
    '/v1/lists/:code/changes',
    {
      schema: {
        tags: ['lists'],
        summary: 'The change feed of a list, for systems that keep a copy: every entry listed, changed or ended after a cursor, in order',
        description:
          'Start with after=0 and pass `next` back until `more` is false; later, poll with the last `next`. Apply each change by entryId: ' +
          '`listed` puts or replaces the entry, `ended` deletes it. An entry also ends on its `until` day, which the feed reports once the ' +
          "platform's daily run has ended it; the feed does not repeat whom an ended entry named. A subject renamed by a new " +
          'registration record changes its entries in force: each is sent again with the new name (one whose `until` day has passed comes as ' +
          'ended then, and again when the daily run ends it). Entries one change touched share its `seq` and come on one page, which may ' +
          'then hold more than `limit` changes. Each natural person shown is access-logged.',
        params: Type.Object({ code: Type.String() }),
        querystring: Type.Object({
          after: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: answers(200, 'ListChanges', 404, 422),
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const q = request.query as { after?: number; limit?: number };
      const after = q.after ?? 0;
      const limit = q.limit ?? 100;
      const r = await platform.lists.changes(code, after, limit);
      return { list: code, after, next: r.next, more: r.changes.length >= limit, changes: r.changes };
    },
  );
  app.post(
    '/v1/lists/:code/entries',
    {
      validatorCompiler: noBodyValidation,
      schema: {
        tags: ['lists'],
        summary: 'Propose an entry (an agency of a proposing kind), on records that meet the inclusion rule',
        security: [{ apiKey: [] }],
        params: Type.Object({ code: Type.String() }),
        body: Type.Object({ basisRecords: Type.Array(Type.String()), reasons: Type.String() }),
        response: answers(201, 'ListEntry', 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => {
      const p = await requirePrincipal(platform, request);
      const entry = await platform.lists.propose(p, (request.params as { code: string }).code, body(request.body));
      return reply.code(201).send(entry);
    },
  );
  app.get(
    '/v1/list-entries/:id',
    {
      schema: {
        security: SECURED,
        tags: ['lists'],
        summary: 'A list entry: public while in force; its subject and deciding agency always see it',
        params: Type.Object({ id: Type.String() }),
        response: {
          200: {
            description: 'in full (ListEntry) for its subject, its deciding agency and the oversight roles; otherwise the public view of an entry in force',
            content: { 'application/json': { schema: Type.Union([Type.Ref('ListEntry'), Type.Ref('PublicListEntry')]) } },
          },
          ...problemResponses(404),
        },
      },
    },
    async (request) => {
      const entry = await platform.lists.get((request.params as { id: string }).id);
      const p = await principalOf(platform, request);
      const privileged =
        (p?.kind === 'agency' && p.agency.code === entry.decidingAgency) ||
        (p?.kind === 'account' && (p.account.role !== 'subject' || p.account.subjectKey === entry.subjectKey));
      if (!privileged && entry.state !== 'in-force') throw new AppError('list-entry-not-found', `there is no public list entry ${entry.entryId}`);
      return privileged ? entry : platform.subjects.entryView(entry);
    },
  );
  app.post(
    '/v1/list-entries/:id/:step',
    {
      validatorCompiler: noBodyValidation,
      schema: {
        security: SECURED,
        tags: ['lists'],
        summary: 'A lifecycle step: notice, statement, decision, extension or removal',
        description:
          'notice {facts}: the deciding agency tells the subject the facts, basis and its right to state its case, with a deadline in working days. statement {statement}: the subject (or the agency recording it). ' +
          "decision {outcome: add|drop, reasons}: adding needs notice first and the statement or the end of the notice period; on a list with no period to state one's case the notice is served with the decision (two ledger events), so nothing is listed without notice. extension {until, reasons}. removal {reason, reasons}.",
        params: Type.Object({ id: Type.String(), step: Type.Union(['notice', 'statement', 'decision', 'extension', 'removal'].map((s) => Type.Literal(s))) }),
        body: STEP_BODY,
        response: answers(200, 'ListEntry', 401, 403, 404, 409, 422),
      },
    },
    async (request) => {
      const { id, step } = request.params as { id: string; step: string };
      const p = await requirePrincipal(platform, request);
      return platform.lists.act(p, id, ListService.action(step, body(request.body)));
    },
  );

  // ---------------------------------------------------------------- objections
  app.post(
    '/v1/objections',
    {
      validatorCompiler: noBodyValidation,
      schema: {
        security: SECURED,
        tags: ['objections'],
        summary: 'Object to a record or list entry (the subject concerned, or an agency)',
        body: Type.Object({
          target: Type.Object({ type: Type.Union([Type.Literal('record'), Type.Literal('list-entry')]), id: Type.String() }),
          reasons: Type.String(),
          evidence: Type.Optional(Type.Array(Type.String())),
        }),
        response: answers(201, 'Objection', 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => reply.code(201).send(await platform.objections.file(await requirePrincipal(platform, request), body(request.body))),
  );
  app.get(
    '/v1/objections/:id',
    {
      schema: {
        security: SECURED,
        tags: ['objections'],
        summary: 'An objection',
        params: Type.Object({ id: Type.String() }),
        response: answers(200, 'Objection', 401, 403, 404),
      },
    },
    async (request) => platform.objections.get(await requirePrincipal(platform, request), (request.params as { id: string }).id),
  );
  app.post(
    '/v1/objections/:id/decision',
    {
      validatorCompiler: noBodyValidation,
      schema: {
        security: SECURED,
        tags: ['objections'],
        summary: 'Decide an objection (the supplying or deciding agency): maintained, corrected (with the correction) or withdrawn',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({
          outcome: Type.Union(['maintained', 'corrected', 'withdrawn'].map((s) => Type.Literal(s))),
          reasons: Type.String(),
          correction: Type.Optional(anyObject),
        }),
        response: answers(200, 'Objection', 401, 403, 404, 409, 422),
      },
    },
    async (request) => platform.objections.decide(await requirePrincipal(platform, request), (request.params as { id: string }).id, body(request.body)),
  );

  // ---------------------------------------------------------------- repair
  app.get(
    '/v1/repairs/eligibility',
    {
      schema: {
        security: SECURED,
        tags: ['repair'],
        summary: 'Whether a record or list entry can be repaired now, and from when',
        querystring: Type.Object({ type: Type.Union([Type.Literal('record'), Type.Literal('list-entry')]), id: Type.String() }),
        response: answers(200, 'RepairEligibility', 401, 403, 404, 422),
      },
    },
    async (request) => {
      const p = await requireSubject(platform, request);
      const q = request.query as { type: string; id: string };
      return platform.repairs.eligibility(parseTarget({ type: q.type, id: q.id }), p.account.subjectKey!);
    },
  );
  app.post(
    '/v1/repairs',
    {
      validatorCompiler: noBodyValidation,
      schema: {
        security: SECURED,
        tags: ['repair'],
        summary: "Apply for credit repair (the subject's own account)",
        body: Type.Object({
          target: Type.Object({ type: Type.Union([Type.Literal('record'), Type.Literal('list-entry')]), id: Type.String() }),
          evidence: Type.Array(Type.String()),
          commitment: Type.Object({ text: Type.String(), signatory: Type.String() }),
        }),
        response: answers(201, 'Repair', 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => reply.code(201).send(await platform.repairs.apply(await requirePrincipal(platform, request), body(request.body))),
  );
  app.get(
    '/v1/repairs/:id',
    {
      schema: {
        security: SECURED,
        tags: ['repair'],
        summary: 'A repair application',
        params: Type.Object({ id: Type.String() }),
        response: answers(200, 'Repair', 401, 403, 404),
      },
    },
    async (request) => platform.repairs.get(await requirePrincipal(platform, request), (request.params as { id: string }).id),
  );
  app.post(
    '/v1/repairs/:id/decision',
    {
      validatorCompiler: noBodyValidation,
      schema: {
        security: SECURED,
        tags: ['repair'],
        summary: 'Decide a repair application (the agency that made the decision being repaired)',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ outcome: Type.Union([Type.Literal('approved'), Type.Literal('refused')]), reasons: Type.String() }),
        response: answers(200, 'Repair', 401, 403, 404, 409, 422),
      },
    },
    async (request) => platform.repairs.decide(await requirePrincipal(platform, request), (request.params as { id: string }).id, body(request.body)),
  );

  // ---------------------------------------------------------------- queues
  app.get(
    '/v1/agency/queue',
    {
      schema: {
        security: SECURED,
        tags: ['lists', 'objections', 'repair'],
        summary:
          "An agency's work: proposals to notify or decide (soonest notice deadline, then oldest proposal first), objections and repairs (soonest deadline first)",
        response: answers(200, 'AgencyQueue', 401, 403),
      },
    },
    async (request) => {
      const agency = await requireAgency(platform, request);
      const today = platform.policy.localDate(platform.clock.now());
      const entries = await platform.db.query<{
        entryId: string;
        list: string;
        subjectKey: string;
        state: string;
        noticeDeadline: string | null;
        proposedOn: string;
      }>(
        `SELECT entry_id AS "entryId", list, subject_key AS "subjectKey", state, notice_deadline AS "noticeDeadline", proposed_on AS "proposedOn" FROM list_entry
       WHERE deciding_agency = $1 AND state IN ('proposed', 'notified', 'statement-received') ORDER BY notice_deadline NULLS LAST, proposed_on, entry_id`,
        [agency.code],
      );
      return {
        date: today,
        toNotify: entries.filter((e) => e.state === 'proposed'),
        awaitingStatement: entries.filter((e) => e.state === 'notified' && e.noticeDeadline !== null && e.noticeDeadline >= today),
        readyToDecide: entries.filter(
          (e) => e.state === 'statement-received' || (e.state === 'notified' && e.noticeDeadline !== null && e.noticeDeadline < today),
        ),
        objections: await platform.objections.queue(agency.code),
        repairs: await platform.repairs.queue(agency.code),
      };
    },
  );
  app.get(
    '/v1/escalations',
    {
      schema: {
        security: SECURED,
        tags: ['objections', 'repair'],
        summary: 'Objections and repair applications past their deadline (administrators and auditors)',
        response: answers(200, 'Escalations', 401, 403),
      },
    },
    async (request) => {
      await requireOversight(platform, request);
      return { objections: await platform.objections.overdue(), repairs: await platform.repairs.overdue() };
    },
  );
}
