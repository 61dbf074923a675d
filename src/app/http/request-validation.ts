// How requests are validated: bodies exactly as their schemas say, parameters as text made typed.
// A query string or path only carries text, so its values are coerced to the schema's types (a
// list given once is a list of one); a JSON body carries types of its own, and a number where text
// belongs, or a null, is bad input, never quietly turned into "914403001922038300" or "". An API
// body's objects are closed: a property its schema does not name (a typo of `at`, a field the
// law does not let us record) is refused, not ignored.
import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyServerOptions, RouteOptions } from 'fastify';
import { problemResponses } from '../../http/schemas.ts';

type BuildValidator = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;
/** What Fastify hands a validator compiler for one part of one route. */
interface RoutePart {
  schema: unknown;
  httpPart?: string;
}
type Compile = (route: RoutePart) => unknown;

const compilers = AjvCompiler() as unknown as (schemas: unknown, options: Record<string, unknown>) => Compile;

/** Two ajv instances over the same shared schemas: one coercing parameters, one strict for bodies. */
export const buildValidator = ((externalSchemas: unknown, ajvOptions: { customOptions?: Record<string, unknown> } = {}) => {
  const custom = ajvOptions.customOptions ?? {};
  const forParameters = compilers(externalSchemas, { ...ajvOptions, customOptions: { ...custom, coerceTypes: 'array' } });
  const forBodies = compilers(externalSchemas, { ...ajvOptions, customOptions: { ...custom, coerceTypes: false } });
  return (route: RoutePart) =>
    (route.httpPart === 'querystring' || route.httpPart === 'params' || route.httpPart === 'headers' ? forParameters : forBodies)(route);
}) as unknown as BuildValidator;

type Schema = Record<string, unknown>;

/**
 * A copy of a body schema whose objects refuse properties they do not name, unless the schema
 * says otherwise (an open map, such as a record's catalogue fields, says so explicitly).
 */
export function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    out[k] = k === 'properties' || k === 'patternProperties' || k === 'content' ? mapValues(v as Schema, closed) : SUBSCHEMA_KEYS.has(k) ? closed(v) : v;
  }
  if (out.type === 'object' && out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

const SUBSCHEMA_KEYS = new Set(['items', 'prefixItems', 'anyOf', 'oneOf', 'allOf', 'not', 'if', 'then', 'else', 'schema', 'additionalProperties']);

function mapValues(o: Schema, f: (v: unknown) => unknown): Schema {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

/** Closes the body schema of an API route (under /v1/) as it is registered. */
export function closeApiBody(route: RouteOptions): void {
  if (route.url.startsWith('/v1/') && route.schema?.body) route.schema = { ...route.schema, body: closed(route.schema.body) };
}

/**
 * Documents the problem every operation may answer: before any route's schema, a parameter with
 * a control character or a number that is not finite is refused as validation-failed (422), on
 * every route (refuseBadParameters). An operation that names no 4xx problem of its own gets that one.
 */
export function documentParameterProblem(route: RouteOptions): void {
  const schema = route.schema;
  if (!schema?.response || schema.hide) return;
  const response = schema.response as Record<string, unknown>;
  if (Object.keys(response).some((status) => status.startsWith('4'))) return;
  route.schema = { ...schema, response: { ...response, ...problemResponses(422) } };
}
