// Who is calling. An agency sends its API key (xyk.…) and a person a session token (xys.…),
// both as Authorization: Bearer; the public sends nothing. The principal becomes the actor of
// the request's context, which services pass to the ledger and the access log reads.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../kernel/problems.ts';
import type { AccountPrincipal, AgencyPrincipal } from '../kernel/principal.ts';
import { currentContext } from '../kernel/request-context.ts';
import { actorOf, type Principal } from '../kernel/principal.ts';

/** What authenticates a bearer token: the agencies' API keys and the accounts' sessions. */
export interface Authenticator {
  agencies: {
    authenticate(apiKey: string): Promise<AgencyPrincipal>;
    /** The agency whose key was verified in the last minute, without a promise (the check's hot path). */
    verifiedNow(apiKey: string): AgencyPrincipal | undefined;
  };
  accounts: { authenticate(sessionToken: string): Promise<AccountPrincipal> };
}

export function bearerToken(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) throw new AppError('invalid-credentials', 'the Authorization header must be "Bearer <token>"');
  return m[1]!;
}

/** Makes the principal the actor of the current request (services and the access log read it there). */
function actingAs<P extends Principal>(principal: P): P {
  const ctx = currentContext();
  if (ctx) ctx.actor = actorOf(principal);
  return principal;
}

/** The caller, or null for the public. Invalid credentials are an error, never the public. */
export async function principalOf(auth: Authenticator, request: FastifyRequest): Promise<Principal | null> {
  const token = bearerToken(request);
  if (!token) return null;
  const principal: Principal = token.startsWith('xys.')
    ? { kind: 'account', account: await auth.accounts.authenticate(token) }
    : { kind: 'agency', agency: await auth.agencies.authenticate(token) };
  return actingAs(principal);
}

/** The portal's session cookie. */
export const SESSION_COOKIE = 'xy_session';

/**
 * The cookies a request sent. A cookie whose value does not decode (malformed percent-encoding,
 * `a=%`) is not one the portal set: it is left out, and the others still count.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try {
      out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // not a cookie of ours
    }
  }
  return out;
}

/**
 * The reader of a document the portal links to (a report): the bearer token if there is one,
 * else the portal's session cookie. Only for reads: a cookie never authorises a change here,
 * so no CSRF token is needed.
 */
export async function readerOf(auth: Authenticator, request: FastifyRequest): Promise<Principal | null> {
  const bearer = await principalOf(auth, request);
  if (bearer) return bearer;
  const token = parseCookies(request.headers.cookie)[SESSION_COOKIE];
  if (!token) return null;
  let principal: Principal;
  try {
    principal = { kind: 'account', account: await auth.accounts.authenticate(token) };
  } catch {
    return null; // an expired portal session reads as the public
  }
  return actingAs(principal);
}

/**
 * requirePrincipal without a promise when the caller is an agency whose key was verified in the
 * last minute (the credit check's hot path); otherwise the same as requirePrincipal.
 */
export function requirePrincipalNow(auth: Authenticator, request: FastifyRequest): Principal | Promise<Principal> {
  const token = bearerToken(request);
  const agency = token && !token.startsWith('xys.') ? auth.agencies.verifiedNow(token) : undefined;
  if (!agency) return requirePrincipal(auth, request);
  return actingAs<Principal>({ kind: 'agency', agency });
}

export async function requirePrincipal(auth: Authenticator, request: FastifyRequest): Promise<Principal> {
  const p = await principalOf(auth, request);
  if (!p) throw new AppError('unauthenticated', 'this operation needs credentials: an agency API key or a session token, as Authorization: Bearer <token>');
  return p;
}

/** Authenticates the calling agency and makes it the actor of the request. */
export async function requireAgency(auth: Authenticator, request: FastifyRequest): Promise<AgencyPrincipal> {
  const p = await principalOf(auth, request);
  if (!p) throw new AppError('unauthenticated', 'this operation needs an agency API key: send Authorization: Bearer <api key>');
  if (p.kind !== 'agency') throw new AppError('forbidden', 'this operation is for agencies');
  return p.agency;
}

/** A subject's own account. */
export async function requireSubject(auth: Authenticator, request: FastifyRequest): Promise<Principal & { kind: 'account' }> {
  const p = await requirePrincipal(auth, request);
  if (p.kind !== 'account' || p.account.role !== 'subject') throw new AppError('forbidden', "this operation is for a subject's own account");
  return p;
}
