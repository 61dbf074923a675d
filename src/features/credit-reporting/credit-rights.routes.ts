// The person's rights in financial credit reporting over HTTP: its own report (free twice a
// calendar year, then for the stated fee), objections to furnished information and the
// furnisher's answers, escalations for oversight, and the personal statement.
import type { FastifyInstance } from 'fastify';
import { type Static } from '@sinclair/typebox';
import { SECURED, answers, problemResponses } from '../../http/schemas.ts';
import { requireAgency, requirePrincipal, requireSubject, type Authenticator } from '../../http/auth.ts';
import type { CreditDisputesService } from './credit-disputes.service.ts';
import type { CreditRightsService } from './credit-rights.service.ts';
import {
  AnswerCreditObjectionBody,
  CreditObjectionIdParams,
  CreditObjectionList,
  CreditObjectionsQuery,
  CreditStatementAnswer,
  CreditStatementBody,
  FileCreditObjectionBody,
  OwnReportQuery,
  ScoreHistoryAnswer,
  ScoreHistoryQuery,
  ownReportAnswer,
  type AnswerCreditObjectionRequest,
  type FileCreditObjectionRequest,
} from './credit-rights.schemas.ts';

export function creditRightsRoutes(app: FastifyInstance, deps: { disputes: CreditDisputesService; rights: CreditRightsService; auth: Authenticator }): void {
  const { disputes, rights, auth } = deps;

  app.get<{ Querystring: Static<typeof OwnReportQuery> }>(
    '/v1/me/credit-report',
    {
      schema: {
        operationId: 'getOwnCreditReport',
        security: SECURED,
        tags: ['credit-rights'],
        summary: "The subject's own financial credit report (free twice a calendar year, then for the stated fee)",
        description:
          'Regulation art. 17: the first two own reports of a calendar year are free. The answer states how many were served, how many free ones remain and the fee of the next. ' +
          'A report beyond the free ones is served only with acceptFee=true, otherwise 402 fee-not-accepted naming the fee. Each report served is an own-query inquiry record.',
        querystring: OwnReportQuery,
        response: { 200: ownReportAnswer, ...problemResponses(401, 402, 403, 404) },
      },
    },
    async (request) =>
      rights.ownReport(await requireSubject(auth, request), {
        acceptFee: request.query.acceptFee === true,
        months: request.query.months ?? 24,
        lang: request.query.lang ?? 'zh',
      }),
  );

  app.get<{ Querystring: Static<typeof ScoreHistoryQuery> }>(
    '/v1/me/credit-score-history',
    {
      schema: {
        operationId: 'getOwnScoreHistory',
        security: SECURED,
        tags: ['credit-rights'],
        summary: "The subject's credit score history, newest first",
        description:
          'A row whenever the score the platform computed changed: served to a lender (inquiry) or to the person (own-report), or found by the daily rescoring. ' +
          "A report as of a date computes its score from that date's data under the scorecard then in force; the history records what was computed and when. " +
          'A page holds the 100 newest rows, or those numbered below `before`; `next` links the page of older rows, null when none is left.',
        querystring: ScoreHistoryQuery,
        response: { 200: ScoreHistoryAnswer, ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const page = await rights.scoreHistory(await requireSubject(auth, request), request.query.before === undefined ? {} : { before: request.query.before });
      return { history: page.history, next: page.nextBefore === null ? null : `/v1/me/credit-score-history?before=${page.nextBefore}` };
    },
  );

  app.post<{ Body: FileCreditObjectionRequest }>(
    '/v1/me/credit-objections',
    {
      schema: {
        operationId: 'objectToCreditAccount',
        security: SECURED,
        tags: ['credit-rights'],
        summary: 'Object to one of your credit accounts, or one month of it (Regulation art. 25)',
        description:
          'The item shows a dispute mark at once; the furnisher answers within 20 calendar days of receipt (due on = filed on + 20 days), or the objection escalates to the regulator.',
        body: FileCreditObjectionBody,
        response: answers(201, 'CreditObjection', 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => reply.code(201).send(await disputes.file(await requireSubject(auth, request), request.body)),
  );

  app.get(
    '/v1/me/credit-objections',
    {
      schema: {
        operationId: 'listOwnCreditObjections',
        security: SECURED,
        tags: ['credit-rights'],
        summary: 'Your credit objections and their states, newest first',
        response: { 200: CreditObjectionList, ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ objections: await disputes.mine(await requireSubject(auth, request)) }),
  );

  app.put<{ Body: Static<typeof CreditStatementBody> }>(
    '/v1/me/credit-statement',
    {
      schema: {
        operationId: 'putPersonalStatement',
        security: SECURED,
        tags: ['credit-rights'],
        summary: 'Add or replace your personal statement (本人声明) on your credit report: at most 500 characters',
        body: CreditStatementBody,
        response: { 200: CreditStatementAnswer, ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => ({ statement: await disputes.makeStatement(await requireSubject(auth, request), request.body.text) }),
  );

  app.get(
    '/v1/furnishing/objections',
    {
      schema: {
        operationId: 'listObjectionsToAnswer',
        security: SECURED,
        tags: ['credit-rights'],
        summary: "The calling furnisher's credit objections waiting for its answer, soonest due first",
        response: { 200: CreditObjectionList, ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ objections: await disputes.queue(await requireAgency(auth, request)) }),
  );

  app.post<{ Params: Static<typeof CreditObjectionIdParams>; Body: AnswerCreditObjectionRequest }>(
    '/v1/furnishing/objections/:id/answer',
    {
      schema: {
        operationId: 'answerCreditObjection',
        security: SECURED,
        tags: ['credit-rights'],
        summary: 'Answer a credit objection to your account: upheld and corrected (citing the batch of the correction), or rejected with an explanation',
        params: CreditObjectionIdParams,
        body: AnswerCreditObjectionBody,
        response: answers(200, 'CreditObjection', 400, 401, 403, 404, 409, 422),
      },
    },
    async (request) => disputes.answer(await requireAgency(auth, request), request.params.id, request.body),
  );

  app.get<{ Querystring: Static<typeof CreditObjectionsQuery> }>(
    '/v1/credit-objections',
    {
      schema: {
        operationId: 'listCreditObjections',
        security: SECURED,
        tags: ['credit-rights'],
        summary: "Every furnisher's credit objections in a state, escalated by default (administrators and auditors)",
        querystring: CreditObjectionsQuery,
        response: { 200: CreditObjectionList, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({ objections: await disputes.inState(await requirePrincipal(auth, request), request.query.state ?? 'escalated') }),
  );
}
