// What every request's path and query parameters must be before a route's schema sees them: no
// text parameter carries a control character, and a number is finite (ajv turns "1e400" into
// Infinity and then skips the bounds of a non-finite number).
import type { FastifyRequest } from 'fastify';
import { AppError } from '../kernel/problems.ts';

/** C0 controls and DEL: never part of a code, a cursor, a date or a search. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The same, less the tab and the line breaks a form's text area may hold. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The first field of a posted form holding a control character a browser's form never sends (a
 * NUL, say; a text area's line breaks and tabs are text), or null.
 */
export function controlCharacterInForm(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  for (const [name, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === 'string' && CONTROL_IN_TEXT.test(v)) return name;
  return null;
}

/** The names of a parameter schema's number properties (or lists of numbers), remembered per schema. */
const numberNames = new WeakMap<object, string[]>();

function numbersOf(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  let names = numberNames.get(schema);
  if (!names) {
    const properties = Object.entries((schema as { properties?: Record<string, { type?: unknown; items?: { type?: unknown } }> }).properties ?? {});
    const numeric = (type: unknown) => type === 'integer' || type === 'number';
    names = properties.filter(([, p]) => numeric(p?.type) || (p?.type === 'array' && numeric(p.items?.type))).map(([name]) => name);
    numberNames.set(schema, names);
  }
  return names;
}

/** The first path or query parameter holding a control character, as a field name (querystring.after). */
function controlCharacterIn(request: FastifyRequest): string | null {
  for (const [where, values] of [
    ['params', request.params],
    ['querystring', request.query],
  ] as const) {
    if (!values || typeof values !== 'object') continue;
    for (const [name, v] of Object.entries(values as Record<string, unknown>)) {
      const texts = Array.isArray(v) ? v : [v];
      if (texts.some((t) => typeof t === 'string' && CONTROL.test(t))) return `${where}.${name}`;
    }
  }
  return null;
}

/** The first number parameter (by the route's schema) written as a number too large to be one, e.g. 1e400. */
function nonFiniteNumberIn(request: FastifyRequest): string | null {
  const schema = request.routeOptions.schema;
  for (const [where, values, part] of [
    ['params', request.params, schema?.params],
    ['querystring', request.query, schema?.querystring],
  ] as const) {
    if (!values || typeof values !== 'object') continue;
    for (const name of numbersOf(part)) {
      const v = (values as Record<string, unknown>)[name];
      const texts = Array.isArray(v) ? v : [v];
      if (texts.some((t) => typeof t === 'string' && t.trim() !== '' && !Number.isNaN(Number(t)) && !Number.isFinite(Number(t)))) return `${where}.${name}`;
    }
  }
  return null;
}

/**
 * A problem for a parameter with a control character (a NUL in a cursor, say) or a number that is
 * not finite, or null when there is none.
 */
export function refuseBadParameters(request: FastifyRequest): AppError | null {
  const control = controlCharacterIn(request);
  if (control) {
    return new AppError('validation-failed', `${control}: must not contain control characters`, {
      errors: [{ field: control, message: 'must not contain control characters' }],
    });
  }
  const infinite = nonFiniteNumberIn(request);
  if (infinite) return new AppError('validation-failed', `${infinite}: must be a finite number`, { errors: [{ field: infinite, message: 'must be a finite number' }] });
  return null;
}
