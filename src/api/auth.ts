// Who is calling: an agency by its bearer API key, or the public. Later roles (subjects,
// administrators, auditors) add their own principals here.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/problems.ts';
import type { AgencyPrincipal } from '../agencies/agency.service.ts';
import type { Platform } from '../platform/platform.ts';
import { currentContext } from '../context/request-context.ts';

export function bearerToken(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) throw new AppError('invalid-credentials', 'the Authorization header must be "Bearer <api key>"');
  return m[1]!;
}

/** Authenticates the calling agency and makes it the actor of the request. */
export async function requireAgency(platform: Platform, request: FastifyRequest): Promise<AgencyPrincipal> {
  const token = bearerToken(request);
  if (!token) throw new AppError('unauthenticated', 'this operation needs an agency API key: send Authorization: Bearer <api key>');
  const agency = await platform.agencies.authenticate(token);
  const ctx = currentContext();
  if (ctx) ctx.actor = { type: 'agency', id: agency.code };
  return agency;
}
