// The one place errors become responses: AppError by its catalogue entry, Fastify's own errors
// (bad JSON, body too large, unknown media type, schema failures) mapped to catalogue codes,
// and anything else a logged 500 that reveals nothing internal. A problem document echoes the
// request (its instance, often its detail), so every identity number in it is masked.
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, toProblem, type ProblemCode } from '../../kernel/problems.ts';
import { fieldErrors, type SchemaError } from '../../http/validation.ts';
import { maskIdentityNumbers, maskIdentityNumbersDeep } from '../../domain/ids/redact.ts';

const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-request',
  FST_ERR_VALIDATION: 'validation-failed',
};

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & {
    validation?: SchemaError[];
    validationContext?: string;
  };
  if (fe && typeof fe === 'object') {
    if (fe.validation) {
      const errors = fieldErrors(fe.validation, fe.validationContext ?? 'request');
      return new AppError('validation-failed', `${errors[0]?.field}: ${errors[0]?.message}`, { errors });
    }
    const code = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (code) return new AppError(code, fe.message);
    if (fe.statusCode === 415) return new AppError('unsupported-media-type', fe.message);
    if (fe.statusCode === 413) return new AppError('payload-too-large', fe.message);
    if (fe.statusCode === 400) return new AppError('malformed-request', fe.message);
    // Any other client error a plugin raises (the documentation's static files refusing a path
    // outside their folder, a range that cannot be served): nothing to serve there, never a 500.
    if (fe.statusCode === 403 || fe.statusCode === 404) return new AppError('not-found', 'there is nothing at this address');
    if (fe.statusCode === 405) return new AppError('method-not-allowed', fe.message);
    if (typeof fe.statusCode === 'number' && fe.statusCode > 400 && fe.statusCode < 500) return new AppError('malformed-request', fe.message);
  }
  return null;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, err: AppError): FastifyReply {
  const retry = err.extensions.retryAfterSeconds;
  if (typeof retry === 'number') reply.header('retry-after', String(retry));
  return reply
    .code(err.status)
    .type('application/problem+json')
    .send(maskIdentityNumbersDeep(toProblem(err, request.url)));
}

export function installProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const appErr = toAppError(err);
    if (appErr) {
      if (appErr.status >= 500) request.log.error({ err }, appErr.detail);
      return sendProblem(reply, request, appErr);
    }
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, request, new AppError('internal-error', `the request failed; quote request id ${request.id} to the operator`));
  });
}

/**
 * Nothing at this address: a problem document for the API, and for a browser asking for a page
 * (outside /v1/, accepting HTML) the portal's own not-found page when one is given.
 */
export function installNotFound(app: FastifyInstance, page?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): void {
  app.setNotFoundHandler(async (request, reply) => {
    const browser = !request.url.startsWith('/v1/') && request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (page && browser) return page(request, reply);
    return sendProblem(reply, request, new AppError('not-found', `there is nothing at ${request.method} ${maskIdentityNumbers(request.url.split('?')[0]!)}`));
  });
}

/**
 * A request Node's parser refuses before Fastify sees it (a header too large, a request line that
 * is not HTTP): a problem document too, written on the socket, which is then closed. A request
 * that timed out gets its 408 and nothing more; a reset connection, nothing.
 */
export function clientErrorProblem(err: ConnectionError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.write('HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    } else {
      const detail =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? 'the request headers are too large'
          : 'the request cannot be parsed as HTTP (its request line or a header is not valid)';
      const body = JSON.stringify(toProblem(new AppError('malformed-request', detail)));
      // The answer to a HEAD request has no body, though its headers describe one.
      // (Node gives the bytes it read as a Buffer; Fastify's type describes its JSON form.)
      const raw = err.rawPacket as unknown;
      const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from((raw as { data?: number[] } | undefined)?.data ?? []);
      const head = bytes.subarray(0, 5).toString('latin1') === 'HEAD ';
      socket.write(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? '' : body}`,
      );
    }
  }
  socket.destroy(err);
}
