// Credit reports over HTTP: issue one (public for anyone; full for the subject itself), read it
// as JSON, HTML or PDF, verify it by its code (anyone), and fetch the platform's public key.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Principal } from '../../kernel/principal.ts';
import { OPTIONAL_CREDENTIALS, PUBLIC, problemResponses, answers } from '../../http/schemas.ts';
import { principalOf, readerOf, type Authenticator } from '../../http/auth.ts';
import type { Reader, ReportService, StoredReport } from './report.service.ts';
import type { RateLimiter } from '../../http/rate-limit.ts';
import { clientOf } from './report-client.ts';
import { IssueRequest } from './reports.schemas.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';

const CODE_PARAM = Type.Object({ code: Type.String({ description: 'verification code, e.g. XY-ABCD-EFGH-JKLM' }) });

/** The origin the caller used, so that printed verification links work from paper. */
function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** The reader of a report: the bearer token, else the portal's session cookie; looked up once, when first asked. */
function readerFor(auth: Authenticator, request: FastifyRequest): Reader {
  let reader: Promise<Principal | null> | undefined;
  return () => (reader ??= readerOf(auth, request));
}

const PDF = Type.String({ format: 'binary', description: 'PDF bytes' });

export function reportRoutes(app: FastifyInstance, deps: { reports: ReportService; auth: Authenticator; limit: RateLimiter }): void {
  const { reports, auth, limit } = deps;
  const links = (code: string) => {
    const c = encodeURIComponent(code);
    return {
      verifyUrl: `/v1/reports/${c}/verify`,
      jsonUrl: `/v1/reports/${c}`,
      htmlUrl: `/v1/reports/${c}/html`,
      pdfUrl: `/v1/reports/${c}/pdf`,
      portalVerifyUrl: `/reports/verify?code=${c}`,
    };
  };

  const headers = (reply: FastifyReply, report: StoredReport) =>
    reply.header('cache-control', report.scope === 'full' ? 'private, no-store' : 'public, max-age=300').header('x-content-type-options', 'nosniff');

  const sendHtml = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    const { report, html } = await reports.readHtml(code, readerFor(auth, request), { baseUrl: origin(request) });
    return headers(reply, report)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      .type('text/html; charset=utf-8')
      .send(html);
  };

  const sendPdf = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    const reader = readerFor(auth, request);
    const { report, pdf } = await reports.readPdf(code, reader, { baseUrl: origin(request), admit: async () => limit.take(clientOf(await reader(), request)) });
    return headers(reply, report).header('content-disposition', `inline; filename="xinyong-report-${report.code}.pdf"`).type('application/pdf').send(pdf);
  };

  const sendJson = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    const report = await reports.read(code, readerFor(auth, request));
    return headers(reply, report).send({
      code: report.code,
      scope: report.scope,
      lang: report.lang,
      issuedAt: report.issuedAt,
      asOf: report.asOf,
      digest: report.digest,
      signature: report.signature,
      keyId: report.keyId,
      ...links(report.code),
      content: report.content,
    });
  };

  app.get(
    '/v1/reports/public-key',
    {
      schema: {
        operationId: 'getReportPublicKey',
        security: PUBLIC,
        tags: ['reports'],
        summary: "The platform's report signing key (Ed25519): PEM, fingerprint and what exactly is signed",
        response: answers(200, 'ReportPublicKey'),
      },
    },
    async () => reports.publicKey(),
  );

  app.post(
    '/v1/reports',
    {
      schema: {
        operationId: 'issueReport',
        security: OPTIONAL_CREDENTIALS,
        tags: ['reports'],
        summary: 'Issue a signed credit report about a subject',
        description:
          'scope public (default): what the portal shows, for anyone, with or without credentials. scope full: every record at every disclosure level ' +
          "(identity numbers masked), list entries and evaluations in full, only for the subject's own account. asOf: a date (the end of that day) or an instant. " +
          'Answers the verification code and where to read and verify the report.',
        body: IssueRequest,
        response: answers(201, 'ReportIssued', 400, 401, 403, 404, 422, 429),
      },
    },
    async (request, reply) => {
      // Invalid credentials are an error even for a public report, never silently the public.
      const principal = await principalOf(auth, request);
      const issued = await reports.issueFor(principal, request.body as IssueRequest, () => limit.take(clientOf(principal, request)));
      const l = links(issued.code);
      return reply
        .code(201)
        .header('location', l.jsonUrl)
        .send({
          code: issued.code,
          scope: issued.scope,
          lang: issued.lang,
          issuedAt: issued.issuedAt,
          asOf: issued.asOf,
          digest: issued.digest,
          keyId: issued.keyId,
          ...l,
        });
    },
  );

  app.get(
    '/v1/reports/:code',
    {
      schema: {
        operationId: 'getReport',
        security: OPTIONAL_CREDENTIALS,
        tags: ['reports'],
        summary: 'A report as JSON: its signed content, digest and signature (a .pdf or .html suffix answers that rendering)',
        description: 'Public reports for anyone; full reports only for their subject. A report that fails its integrity check is not served.',
        params: CODE_PARAM,
        response: {
          200: {
            description: 'the stored report; with a .pdf or .html suffix, that rendering',
            content: {
              'application/json': { schema: Type.Ref('StoredReport') },
              'application/pdf': { schema: PDF },
              'text/html': { schema: Type.String() },
            },
          },
          ...problemResponses(401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      if (/\.pdf$/i.test(code)) return sendPdf(request, reply, code.slice(0, -4));
      if (/\.html?$/i.test(code)) return sendHtml(request, reply, code.replace(/\.html?$/i, ''));
      if (/\.json$/i.test(code)) return sendJson(request, reply, code.slice(0, -5));
      return sendJson(request, reply, code);
    },
  );

  app.get(
    '/v1/reports/:code/pdf',
    {
      schema: {
        operationId: 'getReportPdf',
        security: OPTIONAL_CREDENTIALS,
        tags: ['reports'],
        summary: 'A report as PDF (Chinese font embedded; code, digest and signature in the document info; signed content attached)',
        params: CODE_PARAM,
        response: { 200: { description: 'the report as PDF', content: { 'application/pdf': { schema: PDF } } }, ...problemResponses(401, 403, 404, 429) },
      },
    },
    async (request, reply) => sendPdf(request, reply, (request.params as { code: string }).code),
  );

  app.get(
    '/v1/reports/:code/html',
    {
      schema: {
        operationId: 'getReportHtml',
        security: OPTIONAL_CREDENTIALS,
        tags: ['reports'],
        summary: 'A report as an accessible HTML page',
        params: CODE_PARAM,
        response: { 200: { description: 'the report as HTML', content: { 'text/html': { schema: Type.String() } } }, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => sendHtml(request, reply, (request.params as { code: string }).code),
  );

  app.get(
    '/v1/reports/:code/verify',
    {
      schema: {
        operationId: 'verifyReport',
        security: PUBLIC,
        tags: ['reports'],
        summary: 'Verify a report by its code (anyone): valid, or why not (unknown-code, tampered, bad-signature, bad-proof, unproven, record-mismatch)',
        description:
          'Re-hashes the stored content and checks its Ed25519 signature with the platform key; then opens the checkpoint the report cites with the log keys ' +
          "(GET /v1/log/keys) and runs the inclusion proof of every event proved for each record to its log's root in it. Each event is read from the ledger by its position: " +
          "it must have the leaf hash the report cites and be the event whose bytes the report carries, and every field the report shows of the record must be that event's. " +
          'A report of format xinyong-credit-report/2 without a checkpoint, or with a record lacking the proofs of what it shows, is unproven. ' +
          'Always 200: {valid: true, subject, issuedAt, asOf, scope, digest, ..., proofs: {checkpoint, records: [{recordId, log, index, events, verified, payload}]}} or {valid: false, reason, detail, record?, field?}.',
        params: CODE_PARAM,
        response: answers(200, 'ReportVerification'),
      },
    },
    // A code that is none is repeated in the answer: with any identity number in it masked.
    async (request) => reports.verify(maskIdentityNumbers((request.params as { code: string }).code)),
  );
}
