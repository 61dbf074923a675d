// The fuzz test's requests: a valid request for a route and a credential (from the world the
// test seeded), as a draft the mutators change, and the draft on the wire.
import { encodeText, type WireRequest } from './fuzz-http.ts';
import { synthesise, type Json, type OpenApi, type Target } from './fuzz-targets.ts';
import type { Rng } from './fuzz-values.ts';

export type CredKind = 'none' | 'agency' | 'subject' | 'administrator' | 'wrong';
export const CRED_KINDS: readonly CredKind[] = ['none', 'agency', 'subject', 'administrator', 'wrong'];

type QueryPart = { k: string; v: string | null; mode: 'encoded' | 'raw' };
export type DraftBody =
  | { type: 'none' }
  | { type: 'json'; value: Json }
  | { type: 'form'; fields: Array<[string, string]> }
  | { type: 'bytes'; bytes: Buffer; contentType: string | null };

/** A request being built: valid at first, then mutated. */
export interface Draft {
  target: Target;
  cred: CredKind;
  method: string;
  pathValues: Record<string, { value: string; mode: 'encoded' | 'raw' }>;
  pathTransform: ((p: string) => string) | null;
  query: QueryPart[];
  rawQuery: string | null;
  headers: Array<[string, string]>;
  cookies: string[];
  body: DraftBody;
  /** Overrides the content type the body would have (null: none sent). */
  contentType?: string | null;
  labels: string[];
}

/** What the test provides: valid values and credentials of its seeded platform. */
export interface World {
  doc: OpenApi;
  pathValue(target: Target, name: string, rng: Rng): string;
  queryValues(target: Target, rng: Rng): Array<[string, string]>;
  /** A valid body (null when the test has no example: one is synthesised from the schema). */
  body(target: Target, rng: Rng, pathValues: Record<string, string>): Json | Array<[string, string]> | null;
  /** Headers and cookies of a credential, and the CSRF token that goes with it (for forms). */
  credential(target: Target, cred: CredKind, rng: Rng): { headers: Array<[string, string]>; cookies: string[]; csrf: string | null };
}

/** The valid request for a target and a credential. */
export function baseline(world: World, target: Target, cred: CredKind, rng: Rng): Draft {
  const pathValues: Draft['pathValues'] = {};
  for (const p of target.pathParams) pathValues[p.name] = { value: world.pathValue(target, p.name, rng), mode: 'encoded' };
  const c = world.credential(target, cred, rng);
  let body: DraftBody = { type: 'none' };
  if (target.body !== 'none') {
    const b = world.body(target, rng, Object.fromEntries(Object.entries(pathValues).map(([k, v]) => [k, v.value])));
    if (target.body === 'form') {
      const fields = Array.isArray(b) && (b.length === 0 || Array.isArray(b[0])) ? [...(b as Array<[string, string]>)] : [];
      if (c.csrf !== null && !fields.some(([k]) => k === '_csrf')) fields.unshift(['_csrf', c.csrf]);
      body = { type: 'form', fields };
    } else body = { type: 'json', value: b === null ? synthesise(world.doc, target.bodySchema) : (b as Json) };
  }
  return {
    target,
    cred,
    method: target.method,
    pathValues,
    pathTransform: null,
    query: world.queryValues(target, rng).map(([k, v]) => ({ k, v, mode: 'encoded' })),
    rawQuery: null,
    headers: [['accept', target.kind === 'page' ? 'text/html,application/xhtml+xml' : 'application/json'], ...c.headers],
    cookies: c.cookies,
    body,
    labels: [],
  };
}

/** The request on the wire. */
export function render(d: Draft, requestId: string): WireRequest {
  let path = d.target.template.replace(/\{(\w+|\*)\}/g, (_, n: string) => {
    const v = d.pathValues[n];
    return v ? encodeText(v.value, v.mode) : '';
  });
  if (d.pathTransform) path = d.pathTransform(path);
  const q = d.query.map((p) => (p.v === null ? encodeText(p.k, p.mode) : `${encodeText(p.k, p.mode)}=${encodeText(p.v, p.mode)}`));
  if (d.rawQuery !== null) q.push(d.rawQuery);
  const target = q.length > 0 ? `${path}${path.includes('?') ? '&' : '?'}${q.join('&')}` : path;
  const headers: Array<[string, string]> = [['x-request-id', requestId], ...d.headers];
  if (d.cookies.length > 0) headers.push(['cookie', d.cookies.join('; ')]);
  let body: Buffer | undefined;
  let type: string | null = null;
  switch (d.body.type) {
    case 'none':
      break;
    case 'json':
      body = Buffer.from(JSON.stringify(d.body.value));
      type = 'application/json';
      break;
    case 'form':
      body = Buffer.from(new URLSearchParams(d.body.fields).toString());
      type = 'application/x-www-form-urlencoded';
      break;
    case 'bytes':
      body = d.body.bytes;
      type = d.body.contentType;
      break;
  }
  if (d.contentType !== undefined) type = d.contentType;
  if (type !== null && body !== undefined) headers.push(['content-type', type]);
  return { method: d.method, target, headers, ...(body !== undefined ? { body } : {}) };
}

/** A value put where a raw JSON text (perhaps not JSON at all) goes once the body is serialised. */
export const SLOT = '\u0001fuzz-slot\u0001';
export const SLOT_JSON = JSON.stringify(SLOT);

/** Where a value is in a JSON body: keys and indexes. */
export type JsonPath = Array<string | number>;

/** Every place in a JSON value, inner ones included. */
export function pathsOf(v: Json, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push([...prefix, i], ...pathsOf(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push([...prefix, k], ...pathsOf(x, [...prefix, k]));
  return out;
}

/** A copy of the value with the value at a path set (created, with its parents) or, for undefined, removed. */
export function setAt(root: Json, path: JsonPath, value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let cur = copy as Record<string | number, Json>;
  for (let i = 0; i < path.length - 1; i++) {
    if (cur[path[i]!] === null || typeof cur[path[i]!] !== 'object') cur[path[i]!] = {};
    cur = cur[path[i]!] as Record<string | number, Json>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last];
  } else cur[last] = value;
  return copy;
}

/** The value as JSON text with a raw text at a path. */
export function withRawAt(value: Json, path: JsonPath, raw: string): string {
  return JSON.stringify(setAt(value, path, SLOT)).replace(SLOT_JSON, raw);
}
