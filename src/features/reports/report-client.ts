// Whom the reports' rate limit counts, for the API and the portal alike.
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../kernel/principal.ts';

/** The agency or account behind the credentials, else the address. */
export function clientOf(p: Principal | null, request: FastifyRequest): string {
  if (!p) return `ip:${request.ip}`;
  return p.kind === 'agency' ? `agency:${p.agency.code}` : `account:${p.account.username}`;
}
