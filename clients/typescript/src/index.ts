// The xinyong API client: openapi-fetch over the types generated from the platform's OpenAPI
// document, so that every path, parameter, body and answer is typed as the server documents it.
// An agency or a lender passes its API key (xyk.…), a person's session a session token (xys.…).
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** A problem document (RFC 9457), as every error of the API is answered. */
export type Problem = import('./schema.js').components['schemas']['Problem'];

export type XinyongClient = Client<paths>;

export interface XinyongClientOptions extends ClientOptions {
  /** The platform's address, e.g. https://credit.example.gov.cn */
  baseUrl: string;
  /** An API key or a session token, sent as Authorization: Bearer on every request. */
  token?: string;
}

export function createXinyongClient(options: XinyongClientOptions): XinyongClient {
  const { token, headers, ...rest } = options;
  // Headers of any form (a Headers, pairs, a record), with the token's unless they carry their own.
  const given =
    headers && typeof headers === 'object' && !(Symbol.iterator in headers)
      ? Object.entries(headers)
          .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== null)
          .map(([k, v]) => [k, String(v)] as [string, string])
      : (headers as ConstructorParameters<typeof Headers>[0]);
  const merged = new Headers(given);
  if (token && !merged.has('authorization')) merged.set('authorization', `Bearer ${token}`);
  return createClient<paths>({ ...rest, headers: Object.fromEntries(merged) });
}
