// Sessions over HTTP: a subject, an administrator or an auditor logs in for a session token and
// logs out again. The client whose failed logins are counted is the remote address (the
// forwarded one behind a trusted proxy: XINYONG_TRUST_PROXY), an IPv6 address by its /64.
import type { FastifyInstance } from 'fastify';
import type { AccountService } from './account.service.ts';
import { LoginBody, type LoginRequest } from './accounts.schemas.ts';
import { OPTIONAL_CREDENTIALS, PUBLIC, answers } from '../../http/schemas.ts';
import { bearerToken } from '../../http/auth.ts';

export function accountRoutes(app: FastifyInstance, deps: { accounts: AccountService }): void {
  const { accounts } = deps;
  app.post<{ Body: LoginRequest }>(
    '/v1/session',
    {
      schema: {
        operationId: 'logIn',
        security: PUBLIC,
        tags: ['accounts'],
        summary: 'Log in to an account (subject, administrator, auditor) and get a session token',
        body: LoginBody,
        response: answers(200, 'Session', 401, 422, 423, 429),
      },
    },
    async (request) => {
      const s = await accounts.login(request.body.username, request.body.password, request.ip);
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), role: s.principal.role, subject: s.principal.subjectKey };
    },
  );
  app.delete(
    '/v1/session',
    {
      schema: {
        operationId: 'logOut',
        security: OPTIONAL_CREDENTIALS,
        tags: ['accounts'],
        summary: 'Log out',
        response: { 204: { description: 'the session token no longer works' } },
      },
    },
    async (request, reply) => {
      const token = bearerToken(request);
      if (token) await accounts.logout(token);
      return reply.code(204).send();
    },
  );
}
