// The portal: server-rendered pages in Chinese and English. Sessions are cookies holding a
// session token (HttpOnly, SameSite=Lax, Secure behind HTTPS); every form carries a CSRF token
// checked against the session (or, before login, against a cookie: double submit).
import { pastInstant } from '../../kernel/clock.ts';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../platform.ts';
import { AppError } from '../../kernel/problems.ts';
import { page, type PageContext } from '../../http/layout.ts';
import { html, type Raw } from '../../http/html.ts';
import { t, type Lang } from '../../http/i18n.ts';
import { SharedAnswer } from '../../kernel/shared-answer.ts';
import { localDateTime } from '../../domain/time-zone.ts';
import { STATISTICS_TTL_MS } from '../../features/checks/check.service.ts';
import { cataloguePage, homePage, listPage, listsPage, measuresPage, profilePage, resultsPage, statisticsPage } from '../../features/subjects/public.pages.ts';
import { accessLogPage, checksPage, loginPage, mePage } from '../../features/subjects/self-service.pages.ts';
import { actorOf, type Principal } from '../../kernel/principal.ts';
import type { AccountPrincipal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { parseCookies, SESSION_COOKIE } from '../../http/auth.ts';
import { clientOf, requireOwnSubject } from '../../features/reports/reports.routes.ts';
import type { RateLimiter } from '../../http/rate-limit.ts';

const SESSION = SESSION_COOKIE;
const PRE_CSRF = 'xy_csrf';
const LANG = 'xy_lang';

function cookie(name: string, value: string, request: FastifyRequest, maxAge?: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax${secure}${maxAge !== undefined ? `; Max-Age=${maxAge}` : ''}`;
}

interface WebRequest {
  lang: Lang;
  account: AccountPrincipal | null;
  token: string | null;
  cookies: Record<string, string>;
}

export function webRoutes(
  app: FastifyInstance,
  platform: Platform,
  reportLimit: RateLimiter,
): { notFound: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> } {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const params = new URLSearchParams(body as string);
    const out: Record<string, string> = {};
    for (const [k, v] of params) out[k] = v;
    done(null, out);
  });

  async function who(request: FastifyRequest, reply: FastifyReply): Promise<WebRequest> {
    const cookies = parseCookies(request.headers.cookie);
    const q = request.query as { lang?: string };
    let lang: Lang = cookies[LANG] === 'en' ? 'en' : 'zh';
    if (q.lang === 'en' || q.lang === 'zh') {
      lang = q.lang;
      reply.header('set-cookie', cookie(LANG, lang, request, 365 * 86_400));
    }
    const token = cookies[SESSION] ?? null;
    let account: AccountPrincipal | null = null;
    if (token) {
      try {
        account = await platform.accounts.authenticate(token);
        if (request.context) request.context.actor = actorOf({ kind: 'account', account });
      } catch {
        account = null;
      }
    }
    return { lang, account, token, cookies };
  }

  const ctx = (w: WebRequest, request: FastifyRequest, csrf?: string): PageContext => ({
    lang: w.lang,
    path: request.url.split('?')[0]!,
    user: w.account ? { username: w.account.username, role: w.account.role } : null,
    csrf: csrf ?? w.account?.csrfToken ?? '',
  });
  const send = (reply: FastifyReply, c: PageContext, title: string, body: Raw, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page(c, title, body));

  /**
   * Forms of a logged-in session carry its CSRF token. A form without it gets a page that says
   * so (a browser posted it), never JSON; the caller stops there.
   */
  function csrfRefused(w: WebRequest, request: FastifyRequest, reply: FastifyReply, body: Record<string, string>): FastifyReply | null {
    if (w.account && body._csrf && body._csrf === w.account.csrfToken) return null;
    const title = w.lang === 'zh' ? '表单已失效' : 'Stale form';
    return send(
      reply,
      ctx(w, request),
      title,
      html`<h1>${title}</h1>
        <p role="alert" class="error">the form is stale or did not come from this site (CSRF check failed): reload the page and try again</p>
        <p><a href="/me">${t('everything', w.lang)}</a></p>`,
      403,
    );
  }

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const counts = await platform.db.query<{ subjects: number; records: number }>(
      'SELECT (SELECT count(*)::int FROM subject) AS subjects, (SELECT count(*)::int FROM credit_record) AS records',
    );
    const lists = await platform.lists.summaries();
    return send(reply, ctx(w, request), t('home', w.lang), homePage(w.lang, { ...counts[0]!, lists }));
  });

  app.get('/search', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const q = String((request.query as { q?: string }).q ?? '')
      .trim()
      .slice(0, 100);
    const results = q ? await platform.subjects.find(q, 20) : [];
    return send(reply, ctx(w, request), t('results', w.lang), resultsPage(w.lang, q, results));
  });

  app.get('/subjects/:code', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const { code } = request.params as { code: string };
    const asOf = (request.query as { asOf?: string }).asOf;
    try {
      // Every view of a person's data is logged, the public's included.
      const at = asOf && isIsoDate(asOf) ? platform.subjects.parseInstant(asOf) : undefined;
      const profile = await platform.subjects.publicProfile(code, at);
      const key = platform.subjects.keyOf(code);
      // As of a past day, the evaluations then in force, beside that day's records.
      const past = pastInstant(at, platform.clock);
      const evaluations = (await platform.evaluations.view(null, key, past)) as Array<{
        scorecard: string;
        name?: { zh: string; en: string };
        tier: string | null;
        tierLabel: { zh: string; en: string } | null;
        published: boolean;
      }>;
      return send(reply, ctx(w, request), profile.subject.name, profilePage(w.lang, platform.policy, profile, evaluations));
    } catch (err) {
      if (err instanceof AppError && (err.code === 'subject-not-found' || err.code === 'invalid-identifier')) {
        return send(
          reply,
          ctx(w, request),
          t('notFound', w.lang),
          html`<h1>${t('notFound', w.lang)}</h1>
            <p>${err.detail}</p>`,
          err.status,
        );
      }
      throw err;
    }
  });

  app.get('/lists', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    return send(reply, ctx(w, request), t('lists', w.lang), listsPage(w.lang, await platform.lists.summaries()));
  });

  app.get('/lists/:code', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const { code } = request.params as { code: string };
    const q = request.query as { date?: string; after?: string };
    const def = platform.policy.list(code);
    if (!def) return send(reply, ctx(w, request), t('notFound', w.lang), html`<h1>${t('notFound', w.lang)}</h1>`, 404);
    const date = q.date && isIsoDate(q.date) ? q.date : platform.policy.localDate(platform.clock.now());
    const r = await platform.lists.entriesOn(code, date, { limit: 100, ...(q.after ? { after: q.after } : {}) });
    const entries = r.entries.map((e) => ({
      entryId: e.entryId,
      listedOn: e.listedOn,
      until: e.until,
      subject: { code: e.subjectCode, name: e.subjectName },
      disputed: e.openObjections > 0,
      underRepair: e.pendingRepair !== null,
    }));
    return send(reply, ctx(w, request), `${def.name[w.lang]}`, listPage(w.lang, def, date, entries, r.entries.length === 100 ? r.entries[99]!.entryId : null));
  });

  app.get('/catalogue', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    return send(reply, ctx(w, request), t('catalogue', w.lang), cataloguePage(w.lang, platform.policy));
  });

  app.get('/measures', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    return send(reply, ctx(w, request), t('measures', w.lang), measuresPage(w.lang, platform.policy));
  });

  // The page counts every record of five years and every list: one count serves for a minute.
  const published = new SharedAnswer(async () => {
    const byCategoryYear = await platform.db.query<{ category: string; year: number; n: number }>(
      `SELECT category, extract(year FROM decision_date)::int AS year, count(*)::int AS n FROM credit_record
       WHERE decision_date >= $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [`${Number(platform.policy.localDate(platform.clock.now()).slice(0, 4)) - 5}-01-01`],
    );
    const countedAt = localDateTime(platform.clock.now(), platform.policy.manifest.timeZone);
    return { byCategoryYear, lists: await platform.lists.summaries(), countedAt };
  }, STATISTICS_TTL_MS);
  app.get('/statistics', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const { byCategoryYear, lists, countedAt } = await published.get();
    const stats = await platform.checks.statistics();
    const checks = stats.checks.reduce<Array<{ outcome: string; checks: number }>>((acc, r) => {
      const found = acc.find((a) => a.outcome === r.outcome);
      if (found) found.checks += r.checks;
      else acc.push({ outcome: r.outcome, checks: r.checks });
      return acc;
    }, []);
    return send(
      reply,
      ctx(w, request),
      t('statistics', w.lang),
      statisticsPage(w.lang, platform.policy, { byCategoryYear, lists, applied: stats.measuresApplied, checks, countedAt }),
    );
  });

  // ---------------------------------------------------------------- sessions
  app.get('/login', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const csrf = randomBytes(18).toString('base64url');
    reply.header('set-cookie', cookie(PRE_CSRF, csrf, request, 3600));
    return send(reply, ctx(w, request, csrf), t('login', w.lang), loginPage(w.lang, csrf, null));
  });

  app.post('/login', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const body = (request.body ?? {}) as Record<string, string>;
    const expected = w.cookies[PRE_CSRF];
    if (!expected || body._csrf !== expected) {
      return send(reply, ctx(w, request, expected ?? ''), t('login', w.lang), loginPage(w.lang, expected ?? '', 'CSRF', body.username), 403);
    }
    try {
      const s = await platform.accounts.login(String(body.username ?? ''), String(body.password ?? ''));
      reply.header('set-cookie', [cookie(SESSION, s.token, request, 12 * 3600), cookie(PRE_CSRF, '', request, 0)]);
      return reply.redirect(s.principal.role === 'subject' ? '/me' : '/', 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const message = err.code === 'account-locked' ? t('accountLocked', w.lang) : t('loginFailed', w.lang);
      return send(reply, ctx(w, request, expected), t('login', w.lang), loginPage(w.lang, expected, message, body.username), err.status);
    }
  });

  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const refused = csrfRefused(w, request, reply, (request.body ?? {}) as Record<string, string>);
    if (refused) return refused;
    if (w.token) await platform.accounts.logout(w.token);
    reply.header('set-cookie', cookie(SESSION, '', request, 0));
    return reply.redirect('/', 303);
  });

  // ---------------------------------------------------------------- self-service
  async function subjectSession(request: FastifyRequest, reply: FastifyReply): Promise<(WebRequest & { account: AccountPrincipal }) | null> {
    const w = await who(request, reply);
    if (!w.account || w.account.role !== 'subject' || !w.account.subjectKey) {
      await reply.redirect('/login', 303);
      return null;
    }
    return w as WebRequest & { account: AccountPrincipal };
  }

  app.get('/me', { schema: { hide: true } }, async (request, reply) => {
    const w = await subjectSession(request, reply);
    if (!w) return reply;
    const key = w.account.subjectKey!;
    const me = await platform.subjects.ownView(key);
    const evaluations = (await platform.evaluations.view({ kind: 'account', account: w.account }, key)) as Array<Record<string, unknown>>;
    const repairFrom = new Map<string, { ok: boolean; possibleFrom?: string | null; message?: string }>();
    for (const r of me.records)
      if (r.repairable && r.publicNow) repairFrom.set(r.recordId, (await platform.repairs.eligibility({ type: 'record', id: r.recordId })) as never);
    for (const e of me.listEntries)
      if (e.state === 'in-force' && platform.policy.list(e.list)?.repairable)
        repairFrom.set(e.entryId, (await platform.repairs.eligibility({ type: 'list-entry', id: e.entryId })) as never);
    const q = request.query as { ok?: string; error?: string };
    const flash = { ...(q.ok ? { ok: t('done', w.lang) } : {}), ...(q.error ? { error: q.error.slice(0, 300) } : {}) };
    return send(
      reply,
      ctx(w, request),
      t('everything', w.lang),
      mePage(w.lang, platform.policy, me, evaluations, await platform.evaluations.history(key, 50), w.account.csrfToken, flash, repairFrom),
    );
  });

  app.get('/me/access-log', { schema: { hide: true } }, async (request, reply) => {
    const w = await subjectSession(request, reply);
    if (!w) return reply;
    return send(reply, ctx(w, request), t('accessLog', w.lang), accessLogPage(w.lang, await platform.accessLog.of(w.account.subjectKey!)));
  });

  app.get('/me/checks', { schema: { hide: true } }, async (request, reply) => {
    const w = await subjectSession(request, reply);
    if (!w) return reply;
    return send(
      reply,
      ctx(w, request),
      t('checksAboutMe', w.lang),
      checksPage(w.lang, (await platform.checks.about(w.account.subjectKey!)) as Array<Record<string, unknown>>, platform.policy),
    );
  });

  const lines = (s: string | undefined) =>
    (s ?? '')
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter(Boolean);

  /** A form of the subject's own page: the session's CSRF token, one service call, back to /me with the outcome. */
  function meForm(path: string, ok: string, act: (subject: Principal & { kind: 'account' }, body: Record<string, string>) => Promise<unknown>): void {
    app.post(path, { schema: { hide: true } }, async (request, reply) => {
      const w = await subjectSession(request, reply);
      if (!w) return reply;
      const body = (request.body ?? {}) as Record<string, string>;
      const refused = csrfRefused(w, request, reply, body);
      if (refused) return refused;
      try {
        await runWithContext(request.context, () => act({ kind: 'account', account: w.account }, body));
        return reply.redirect(`/me?ok=${ok}`, 303);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return reply.redirect(`/me?error=${encodeURIComponent(err.detail)}`, 303);
      }
    });
  }

  meForm('/me/objections', 'objection', (subject, body) =>
    platform.objections.file(subject, { target: { type: body.targetType, id: body.targetId }, reasons: body.reasons, evidence: lines(body.evidence) }),
  );

  meForm('/me/statements', 'statement', (subject, body) =>
    platform.lists.act(subject, body.entryId ?? '', { type: 'statement', statement: body.statement ?? '' }),
  );

  meForm('/me/repairs', 'repair', (subject, body) =>
    platform.repairs.apply(subject, {
      target: { type: body.targetType, id: body.targetId },
      evidence: lines(body.evidence),
      commitment: { text: body.commitment ?? '', signatory: body.signatory ?? '' },
    }),
  );

  // ---------------------------------------------------------------- reports
  app.get('/reports/new', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const q = request.query as { subject?: string; scope?: string };
    const scope = q.scope === 'full' ? 'full' : 'public';
    const fail = (status: number, detail: string) =>
      send(
        reply,
        ctx(w, request),
        t('report', w.lang),
        html`<h1>${t('report', w.lang)}</h1>
          <p role="alert" class="error">${detail}</p>`,
        status,
      );
    if (!q.subject) return fail(400, w.lang === 'zh' ? '请指定主体。' : 'Name a subject.');
    try {
      // A full report is for the subject's own account only; a public one for anyone.
      const principal: Principal | null = w.account ? { kind: 'account', account: w.account } : null;
      if (scope === 'full') requireOwnSubject(principal, platform.subjects.keyOf(q.subject));
      reportLimit.take(clientOf(principal, request));
      const r = await runWithContext(request.context, () => platform.reports.issue(q.subject!, { scope, lang: w.lang }));
      return reply.redirect(`/v1/reports/${encodeURIComponent(r.code)}/html`, 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return fail(err.status, err.detail);
      throw err;
    }
  });

  app.get('/reports/verify', { schema: { hide: true } }, async (request, reply) => {
    const w = await who(request, reply);
    const code = String((request.query as { code?: string }).code ?? '')
      .trim()
      .slice(0, 40);
    const result = code ? await platform.reports.verify(code) : null;
    const body = html`<h1>${t('verifyReport', w.lang)}</h1>
      <form method="get" action="/reports/verify" class="search">
        <label for="code" style="width:100%;margin:0">${t('verificationCode', w.lang)}</label>
        <input id="code" name="code" value="${code}" required />
        <button type="submit">${t('verify', w.lang)}</button>
      </form>
      ${
        result
          ? result.valid
            ? html`<p class="notice" role="status">
                  ${w.lang === 'zh' ? '核验通过：报告真实、未被篡改。' : 'Verified: the report is authentic and unaltered.'}
                </p>
                <pre>${JSON.stringify(result, null, 2)}</pre>`
            : html`<p class="error" role="alert">${w.lang === 'zh' ? '核验未通过' : 'Not verified'}: ${String(result.reason)}</p>`
          : ''
      }`;
    return send(reply, ctx(w, request), t('verifyReport', w.lang), body);
  });

  return {
    notFound: async (request, reply) => {
      const w = await who(request, reply);
      return send(
        reply,
        ctx(w, request),
        t('notFound', w.lang),
        html`<h1>${t('notFound', w.lang)}</h1>
          <p role="alert" class="error">
            ${w.lang === 'zh' ? '此地址下没有页面。' : 'There is no page at this address.'} <a href="/">${t('home', w.lang)}</a>
          </p>`,
        404,
      );
    },
  };
}
