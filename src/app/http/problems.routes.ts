// Every problem `type` URI resolves to a short page that documents the error kind.
import type { FastifyInstance } from 'fastify';
import { PROBLEMS, problemType, type ProblemCode } from '../../kernel/problems.ts';
import { AppError } from '../../kernel/problems.ts';

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function problemRoutes(app: FastifyInstance): void {
  app.get('/problems', { schema: { hide: true } }, async (_req, reply) => {
    const rows = Object.entries(PROBLEMS)
      .map(([code, p]) => `<tr><td><a href="${problemType(code as ProblemCode)}">${code}</a></td><td>${p.status}</td><td>${escape(p.title)}</td></tr>`)
      .join('');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>Problem types</title><h1>Problem types</h1><table><tr><th>type</th><th>status</th><th>title</th></tr>${rows}</table></html>`,
      );
  });
  app.get('/problems/:code', { schema: { hide: true } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    // Only the catalogue's own entries: a name such as __proto__ or constructor is no problem type.
    const p = Object.hasOwn(PROBLEMS, code) ? (PROBLEMS as Record<string, { status: number; title: string }>)[code] : undefined;
    if (!p) throw new AppError('not-found', `there is no problem type ${code}`);
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escape(code)}</title><h1>${escape(code)}</h1><p>HTTP status ${p.status}.</p><p>${escape(p.title)}.</p><p><a href="/problems">All problem types</a></p></html>`,
      );
  });
}
