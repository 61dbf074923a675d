// NDJSON request bodies (one JSON value per line), for batches of records and of checks. The
// content-type parser hands the route the text; the route splits it into lines and validates
// each line with the validator Fastify compiles from the route's TypeBox schema (the same ajv,
// options and formats as a JSON body), so a bad line is named by its number and field while the
// other lines go on.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../kernel/problems.ts';
import type { FieldError } from '../domain/records.ts';
import { fieldErrors, type SchemaError } from './validation.ts';

export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

/** What the NDJSON content-type parser makes of a body: its text, still to be split into lines. */
export interface NdjsonBody {
  ndjson: string;
}

/** A line of a batch: its value (valid against the schema), or what is wrong with it. */
export type ValidatedLine<T> = { line: number; value: T } | { line: number; errors: FieldError[] };

/** A validator compiled by Fastify (ajv): true when valid, else its errors are in `errors`. */
export interface LineValidator {
  (value: unknown): boolean | Promise<unknown>;
  errors?: SchemaError[] | null;
}

/** Accepts NDJSON bodies on every route of the app (as { ndjson: text }); once, whoever asks first. */
export function acceptNdjson(app: FastifyInstance): void {
  if (app.hasContentTypeParser(NDJSON_TYPES[0]!)) return;
  app.addContentTypeParser(NDJSON_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, { ndjson: body as string } satisfies NdjsonBody));
}

/** An NDJSON body, as opposed to a JSON one (or another media type the route did not validate). */
export function isNdjson(body: unknown): body is NdjsonBody {
  return typeof body === 'object' && body !== null && typeof (body as { ndjson?: unknown }).ndjson === 'string';
}

/**
 * Splits NDJSON into lines and validates each; blank lines are skipped but keep the numbering of
 * the text. A line that is not JSON is an error of the whole line (field '').
 */
export function validatedLines<T>(text: string, validate: LineValidator): Array<ValidatedLine<T>> {
  const out: Array<ValidatedLine<T>> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      out.push({ line: i + 1, errors: [{ field: '', message: `not valid JSON: ${(err as Error).message}` }] });
      continue;
    }
    out.push(validatedLine<T>(i + 1, value, validate));
  }
  return out;
}

/** The values of a JSON array (or one value), each validated as a line of a batch is: numbered from 1. */
export function validatedValues<T>(values: readonly unknown[], validate: LineValidator): Array<ValidatedLine<T>> {
  return values.map((value, i) => validatedLine<T>(i + 1, value, validate));
}

function validatedLine<T>(line: number, value: unknown, validate: LineValidator): ValidatedLine<T> {
  // The route's validators are synchronous (no async keywords in these schemas).
  return validate(value) === true ? { line, value: value as T } : { line, errors: fieldErrors(validate.errors) };
}

/**
 * A batch route's preValidation: a body that is no JSON object or array (a bare string, null,
 * text) is malformed, not invalid; `message` says what to send.
 */
export function objectBody(message: string) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) =>
    done(typeof request.body === 'object' && request.body !== null ? undefined : new AppError('malformed-request', message));
}

/** A batch's lines, each validated: NDJSON by line, a JSON array by element, one JSON value as the line. */
export function batchLines<T>(body: unknown, validate: LineValidator): Array<ValidatedLine<T>> {
  return isNdjson(body) ? validatedLines<T>(body.ndjson, validate) : validatedValues<T>(Array.isArray(body) ? body : [body], validate);
}
