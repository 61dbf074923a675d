// Inquiries and the written authorisations they rest on, over HTTP, for a lender's API key
// (Regulation arts. 18, 20): record an authorisation or its withdrawal, inquire (answered with the
// credit report once the inquiry is on record), and list one's own of each.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { requireAgency, type Authenticator } from '../../http/auth.ts';
import { problemResponses } from '../../http/schemas.ts';
import type { ConsentService } from './consent.service.ts';
import type { InquiryService } from './inquiry.service.ts';
import { ConsentInputSchema, ConsentReferenceSchema, ConsentViewSchema, type ConsentInputBody } from './consent.schemas.ts';
import { InquiryAnswerSchema, InquiryInputSchema, InquiryViewSchema, type InquiryInputBody } from './inquiry.schemas.ts';

export function inquiryRoutes(app: FastifyInstance, deps: { consents: ConsentService; inquiries: InquiryService; auth: Authenticator }): void {
  const { consents, inquiries, auth } = deps;

  app.post(
    '/v1/credit-consents',
    {
      schema: {
        operationId: 'recordConsent',
        tags: ['credit-inquiries'],
        summary: "Record a subject's written authorisation to inquire (lenders only)",
        description:
          'The person (or the enterprise through its authorised representative) authorised this lender to inquire for the purposes listed, from signedOn through expiresOn (Regulation art. 18). ' +
          "Recorded as a credit.consent-recorded event on the subject's log; the identity number is kept as a keyed hash and shown masked. The same reference and content again answers 200; other content under it is 409.",
        security: [{ apiKey: [] }],
        body: ConsentInputSchema,
        response: {
          201: Type.Object({ consent: ConsentViewSchema }),
          200: Type.Object({ consent: ConsentViewSchema }),
          ...problemResponses(400, 401, 403, 409, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const { consent, created } = await consents.record(await requireAgency(auth, request), request.body as ConsentInputBody);
      return reply.code(created ? 201 : 200).send({ consent });
    },
  );

  app.get(
    '/v1/credit-consents',
    {
      schema: {
        operationId: 'listConsents',
        tags: ['credit-inquiries'],
        summary: "The calling lender's recorded authorisations, newest first",
        security: [{ apiKey: [] }],
        response: { 200: Type.Object({ consents: Type.Array(ConsentViewSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ consents: await consents.list(await requireAgency(auth, request)) }),
  );

  app.post(
    '/v1/credit-consents/:reference/withdrawal',
    {
      schema: {
        operationId: 'withdrawConsent',
        tags: ['credit-inquiries'],
        summary: "Record the subject's withdrawal of an authorisation, effective today (lenders only)",
        security: [{ apiKey: [] }],
        params: Type.Object({ reference: ConsentReferenceSchema }),
        response: { 200: Type.Object({ consent: ConsentViewSchema }), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { reference } = request.params as { reference: string };
      return { consent: await consents.withdraw(await requireAgency(auth, request), reference) };
    },
  );

  app.post(
    '/v1/credit-inquiries',
    {
      schema: {
        operationId: 'inquireIntoCredit',
        tags: ['credit-inquiries'],
        summary: "Inquire into a subject's credit and receive its credit report (lenders only)",
        description:
          "{subject, purpose, consent}: the purpose is one of the pack's inquiry purposes, the consent the reference of the subject's written authorisation covering it, valid today " +
          '(signed by today, through its expiresOn day, not withdrawn). Post-loan management may go without one when the lender holds an open account of the subject. ' +
          'Refused (403 consent-required, consent-not-valid with its reason, purpose-not-permitted; 422 for an unknown purpose or identity) with nothing recorded; ' +
          "answered (201) only after the inquiry is on record (a credit.inquiry event on the subject's log), with the report as of today.",
        security: [{ apiKey: [] }],
        body: InquiryInputSchema,
        response: { 201: InquiryAnswerSchema, ...problemResponses(400, 401, 403, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await inquiries.inquire(await requireAgency(auth, request), request.body as InquiryInputBody)),
  );

  app.get(
    '/v1/credit-inquiries',
    {
      schema: {
        operationId: 'listInquiries',
        tags: ['credit-inquiries'],
        summary: "The calling lender's inquiries, newest first",
        security: [{ apiKey: [] }],
        response: { 200: Type.Object({ inquiries: Type.Array(InquiryViewSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ inquiries: await inquiries.inquiries(await requireAgency(auth, request)) }),
  );
}
