// Credit reports over HTTP: issue one (public for anyone; full for the subject itself), read it
// as JSON, HTML or PDF, verify it by its code (anyone), and fetch the platform's public key.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Platform } from '../../app/platform.ts';
import type { Principal } from '../../kernel/principal.ts';
import { ownSubject } from '../../kernel/principal.ts';
import { AppError } from '../../kernel/problems.ts';
import { problemResponses, answers } from '../../http/schemas.ts';
import { principalOf, readerOf } from '../../http/auth.ts';
import type { ReportService, StoredReport } from './report.service.ts';
import type { ReportLang, ReportScope } from './content.ts';
import type { RateLimiter } from '../../http/rate-limit.ts';

const CODE_PARAM = Type.Object({ code: Type.String({ description: 'verification code, e.g. XY-ABCD-EFGH-JKLM' }) });

/** A full report goes only to the subject's own account. */
export function requireOwnSubject(p: Principal | null, subjectKey: string): void {
  if (!p) {
    throw new AppError(
      'unauthenticated',
      "a full report is only for the subject itself: log in to the subject's account (POST /v1/session) and send its token; anyone can have a public report",
    );
  }
  if (ownSubject(p) !== subjectKey) throw new AppError('forbidden', "a full report is only for the subject's own account; anyone can have a public report");
}

/** The origin the caller used, so that printed verification links work from paper. */
function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Whom a rate limit counts: the agency or account behind the credentials, else the address. */
export function clientOf(p: Principal | null, request: FastifyRequest): string {
  if (!p) return `ip:${request.ip}`;
  return p.kind === 'agency' ? `agency:${p.agency.code}` : `account:${p.account.username}`;
}

const PDF = Type.String({ format: 'binary', description: 'PDF bytes' });

export function reportRoutes(app: FastifyInstance, platform: Platform, reports: ReportService, limit: RateLimiter): void {
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

  /** A stored report the caller may read: public ones for anyone, full ones for their subject. */
  const readable = async (request: FastifyRequest, code: string): Promise<StoredReport> => {
    const report = await reports.get(code);
    if (report.scope === 'full') requireOwnSubject(await readerOf(platform, request), report.subjectKey);
    return report;
  };

  const headers = (reply: FastifyReply, report: StoredReport) =>
    reply.header('cache-control', report.scope === 'full' ? 'private, no-store' : 'public, max-age=300').header('x-content-type-options', 'nosniff');

  const sendHtml = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    const report = await readable(request, code);
    const html = await reports.html(report.code, { baseUrl: origin(request), report });
    return headers(reply, report)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      .type('text/html; charset=utf-8')
      .send(html);
  };

  const sendPdf = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    const report = await readable(request, code);
    limit.take(clientOf(await readerOf(platform, request), request));
    const pdf = await reports.pdf(report.code, { baseUrl: origin(request), report });
    return headers(reply, report).header('content-disposition', `inline; filename="xinyong-report-${report.code}.pdf"`).type('application/pdf').send(pdf);
  };

  const sendJson = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    const report = await readable(request, code);
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
        tags: ['reports'],
        summary: 'Issue a signed credit report about a subject',
        description:
          'scope public (default): what the portal shows, for anyone, with or without credentials. scope full: every record at every disclosure level ' +
          "(identity numbers masked), list entries and evaluations in full, only for the subject's own account. asOf: a date (the end of that day) or an instant. " +
          'Answers the verification code and where to read and verify the report.',
        body: Type.Object(
          {
            subject: Type.String({ description: 'Unified Social Credit Code, or a resident identity number' }),
            scope: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('full')])),
            lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
            asOf: Type.Optional(Type.String({ description: 'YYYY-MM-DD or an ISO 8601 instant' })),
          },
          { additionalProperties: false },
        ),
        response: answers(201, 'ReportIssued', 400, 401, 403, 404, 422, 429),
      },
    },
    async (request, reply) => {
      const body = request.body as { subject: string; scope?: ReportScope; lang?: ReportLang; asOf?: string };
      const scope = body.scope ?? 'public';
      // Invalid credentials are an error even for a public report, never silently the public.
      const principal = await principalOf(platform, request);
      const key = platform.subjects.keyOf(body.subject);
      if (scope === 'full') requireOwnSubject(principal, key);
      limit.take(clientOf(principal, request));
      const asOf = body.asOf ? platform.subjects.parseInstant(body.asOf) : undefined;
      const issued = await reports.issue(body.subject, { scope, lang: body.lang ?? 'zh', ...(asOf ? { asOf } : {}) });
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
        tags: ['reports'],
        summary: 'Verify a report by its code (anyone): valid, or why not (unknown-code, tampered, bad-signature)',
        description:
          'Re-hashes the stored content and checks its Ed25519 signature with the platform key. Always 200: {valid: true, subject, issuedAt, asOf, scope, digest, ...} or {valid: false, reason, detail}.',
        params: CODE_PARAM,
        response: answers(200, 'ReportVerification'),
      },
    },
    async (request) => reports.verify((request.params as { code: string }).code),
  );
}
