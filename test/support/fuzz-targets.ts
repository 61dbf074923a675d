// The fuzz test's routes: the operations of the live OpenAPI document and every other route the
// server has (pages, forms, documents, read from Fastify's route tree), with what each parameter
// stands for, a valid body synthesised from a schema where the test has none, and the weighted
// choice of a route to try.
import type { Hint, Rng } from './fuzz-values.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
/** A JSON Schema of the document, read loosely: the generator only follows what it knows. */
export type Schema = Record<string, any>;

export interface ParamSpec {
  name: string;
  required: boolean;
  schema: Schema;
  hint: Hint;
}

export interface Target {
  /** "METHOD template", the template in OpenAPI form ({name}). */
  key: string;
  /** api: an operation of the OpenAPI document; page: a portal page or form; other: documents and the rest. */
  kind: 'api' | 'page' | 'other';
  method: string;
  template: string;
  pathParams: ParamSpec[];
  query: ParamSpec[];
  body: 'json' | 'form' | 'none';
  bodySchema?: Schema;
  /** Writes go one at a time with the ledger head read before and after. */
  writes: boolean;
  /** The operation takes NDJSON batches (its document says so): NDJSON bodies are tried most there. */
  ndjson: boolean;
}

export type OpenApi = { paths: Record<string, Record<string, Schema>>; components?: { schemas?: Record<string, Schema> } };

/** Methods that may change something. */
export const WRITING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves a local $ref of the document. */
export function deref(doc: OpenApi, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; i < 20 && cur && typeof cur.$ref === 'string'; i++) {
    const name = (cur.$ref as string).replace(/^#\/components\/schemas\//, '');
    cur = doc.components?.schemas?.[name];
  }
  return cur;
}

/** What a parameter or field stands for, from its schema and its name. */
export function hintOf(name: string, schema: Schema | undefined): Hint {
  const s = schema ?? {};
  if (s.format === 'date') return 'date';
  if (s.type === 'integer' || s.type === 'number') return name === 'after' ? 'cursor' : 'int';
  if (s.type === 'boolean') return 'bool';
  if (Array.isArray(s.enum) || Array.isArray(s.anyOf)) return 'enum';
  if (/^(after|cursor|next)$/i.test(name)) return 'cursor';
  if (/^asOf$|^at$/.test(name)) return 'instant';
  if (/date|until|On$/i.test(name)) return 'date';
  if (/^(code|subject|subjectKey|idNumber)$/.test(name)) return 'code';
  if (/(^id$|Id$|Ids$|^basisRecords$)/.test(name)) return 'id';
  return 'text';
}

/** The operations of the OpenAPI document. */
export function apiTargets(doc: OpenApi): Target[] {
  const out: Target[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const params = (op.parameters ?? []) as Array<{ in: string; name: string; required?: boolean; schema?: Schema }>;
      const spec = (p: { name: string; required?: boolean; schema?: Schema }): ParamSpec => ({
        name: p.name,
        required: p.required === true,
        schema: deref(doc, p.schema) ?? {},
        hint: hintOf(p.name, deref(doc, p.schema)),
      });
      const content = op.requestBody?.content as Record<string, { schema?: Schema }> | undefined;
      const jsonSchema = content?.['application/json']?.schema;
      out.push({
        key: `${method} ${template}`,
        kind: 'api',
        method,
        template,
        pathParams: params.filter((p) => p.in === 'path').map(spec),
        query: params.filter((p) => p.in === 'query').map(spec),
        body: content ? 'json' : 'none',
        ...(jsonSchema ? { bodySchema: jsonSchema } : {}),
        writes: WRITING.has(method),
        ndjson: /ndjson/i.test(`${op.summary ?? ''} ${op.description ?? ''}`),
      });
    }
  }
  return out;
}

/**
 * Every route of the server as METHOD and path, read from Fastify's route tree
 * (printRoutes({ commonPrefix: false })): each line's segment continues its parent's path.
 */
export function routesOfTree(tree: string): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[└├]── (.*?)(?: \(([^)]*)\))?$/.exec(line.replace(/\u00a0/g, ' '));
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (depth === 0 ? '' : stack[depth - 1]!) + m[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim())) if (method) out.push({ method, path });
  }
  return out;
}

/**
 * Routes the OpenAPI document does not name: pages, forms, documents (HEAD is left to its GET).
 * `queries` names the query parameters a page reads (no document declares them).
 */
export function otherTargets(
  routes: Array<{ method: string; path: string }>,
  api: Target[],
  isPage: (path: string) => boolean,
  queries: Record<string, string[]> = {},
): Target[] {
  const known = new Set(api.map((t) => t.key));
  const out: Target[] = [];
  for (const r of routes) {
    if (r.method === 'HEAD' || r.method === 'OPTIONS') continue;
    const template = r.path.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}');
    const key = `${r.method} ${template}`;
    if (known.has(key) || out.some((t) => t.key === key)) continue;
    const names = [...template.matchAll(/\{(\w+|\*)\}/g)].map((x) => x[1]!);
    const page = isPage(r.path);
    out.push({
      key,
      kind: page ? 'page' : 'other',
      method: r.method,
      template,
      pathParams: names.map((name) => ({ name, required: true, schema: { type: 'string' }, hint: name === '*' ? 'text' : hintOf(name, undefined) })),
      query: (queries[key] ?? []).map((name) => ({ name, required: false, schema: { type: 'string' }, hint: hintOf(name, undefined) })),
      body: r.method === 'POST' ? (page ? 'form' : 'json') : 'none',
      writes: WRITING.has(r.method),
      ndjson: false,
    });
  }
  return out;
}

/** A minimal value valid against a schema, for an operation the test has no example of. */
export function synthesise(doc: OpenApi, schema: Schema | undefined, name = ''): Json {
  const s = deref(doc, schema) ?? {};
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) return synthesise(doc, s.anyOf[0], name);
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0] as Json;
  if ('const' in s) return s.const as Json;
  switch (s.type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const k of (s.required ?? []) as string[]) out[k] = synthesise(doc, s.properties?.[k], k);
      return out;
    }
    case 'array':
      return [synthesise(doc, s.items, name)];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return false;
    case 'string':
      return s.format === 'date' ? '2026-11-20' : hintOf(name, s) === 'date' ? '2026-11-20' : 'fuzz';
    default:
      return 'fuzz';
  }
}

/** The schema at a path inside a body, as far as it can be followed. */
export function schemaAt(doc: OpenApi, schema: Schema | undefined, path: Array<string | number>): Schema | undefined {
  let s = deref(doc, schema);
  for (const p of path) {
    if (!s) return undefined;
    if (Array.isArray(s.anyOf)) s = deref(doc, s.anyOf.find((x: Schema) => deref(doc, x)?.properties?.[p] || deref(doc, x)?.items) ?? s.anyOf[0]);
    if (!s) return undefined;
    s =
      typeof p === 'number'
        ? deref(doc, s.items)
        : deref(doc, s.properties?.[p] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined));
  }
  return s;
}

/**
 * The fields a body schema names, nested objects included (through anyOf, into the first item of
 * an array): each with its path and schema.
 */
export function fieldsOf(
  doc: OpenApi,
  schema: Schema | undefined,
  prefix: Array<string | number> = [],
  depth = 0,
): Array<{ path: Array<string | number>; schema: Schema }> {
  const s = deref(doc, schema);
  if (!s || depth > 4) return [];
  const out: Array<{ path: Array<string | number>; schema: Schema }> = [];
  if (Array.isArray(s.anyOf)) for (const v of s.anyOf as Schema[]) out.push(...fieldsOf(doc, v, prefix, depth + 1));
  if (s.type === 'array' && prefix.length > 0) out.push(...fieldsOf(doc, s.items, [...prefix, 0], depth + 1));
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    out.push({ path: [...prefix, k], schema: deref(doc, v) ?? {} }, ...fieldsOf(doc, v, [...prefix, k], depth + 1));
  }
  return out;
}

/**
 * A route to try, by weight: a PDF (rendered each time) and a login (a password hashed each
 * time) cost far more than the rest, so they are tried less often, yet still tried.
 */
export function pickTarget(rng: Rng, targets: readonly Target[]): Target {
  const weight = (t: Target) => (t.template.endsWith('/pdf') ? 0.25 : t.key === 'POST /v1/session' || t.key === 'POST /login' ? 0.5 : 1);
  let r = rng.next() * targets.reduce((sum, t) => sum + weight(t), 0);
  for (const t of targets) {
    r -= weight(t);
    if (r < 0) return t;
  }
  return targets[targets.length - 1]!;
}
