// Logging in and out of the portal. The login form's CSRF token is a double submit (a cookie and
// the form's field, before any session exists); a session lives in an HttpOnly cookie for twelve
// hours; logging out is a form of the session and needs its CSRF token.
import { Type } from '@sinclair/typebox';
import { formSchema, PRE_CSRF_COOKIE, type Portal } from '../../http/portal.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';
import { html, type Raw } from '../../http/html.ts';
import { t, type Lang } from '../../http/i18n.ts';
import { AppError } from '../../kernel/problems.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';
import type { AccountService } from './account.service.ts';

const LoginForm = formSchema({ username: Type.Optional(Type.String()), password: Type.Optional(Type.String()) });
const LogoutForm = formSchema({});

const SESSION_SECONDS = 12 * 3600;

/** Shown when this address has spent its budget of failed logins. */
const THROTTLED: Record<Lang, string> = {
  zh: '此地址登录失败次数过多，请稍后再试。',
  en: 'Too many failed logins from this address: try again later.',
};

export function accountPages(portal: Portal, deps: { accounts: AccountService }): void {
  const { accounts } = deps;

  portal.page('/login', async (request, reply, v) => {
    // One pre-session token for every form the visitor has open (a report form too), kept while its cookie lasts.
    const csrf = portal.preSessionToken(v, request, reply);
    return portal.send(reply, portal.context(v, request, csrf), t('login', v.lang), loginPage(v.lang, csrf, null));
  });

  portal.form('/login', LoginForm, async (request, reply, v, body) => {
    const expected = v.cookies[PRE_CSRF_COOKIE];
    if (!expected || body._csrf !== expected) {
      return portal.send(reply, portal.context(v, request, expected ?? ''), t('login', v.lang), loginPage(v.lang, expected ?? '', 'CSRF', body.username), 403);
    }
    try {
      const s = await accounts.login(body.username ?? '', body.password ?? '', request.ip);
      reply.header('set-cookie', [portal.cookie(SESSION_COOKIE, s.token, request, SESSION_SECONDS), portal.cookie(PRE_CSRF_COOKIE, '', request, 0)]);
      return reply.redirect(s.principal.role === 'subject' ? '/me' : '/', 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const message = err.code === 'account-locked' ? t('accountLocked', v.lang) : err.code === 'rate-limited' ? THROTTLED[v.lang] : t('loginFailed', v.lang);
      const retry = err.extensions.retryAfterSeconds;
      if (typeof retry === 'number') reply.header('retry-after', String(retry));
      return portal.send(reply, portal.context(v, request, expected), t('login', v.lang), loginPage(v.lang, expected, message, body.username), err.status);
    }
  });

  portal.form('/logout', LogoutForm, async (request, reply, v, body) => {
    const refused = portal.csrfRefused(v, request, reply, body._csrf);
    if (refused) return refused;
    if (v.token) await accounts.logout(v.token);
    reply.header('set-cookie', portal.cookie(SESSION_COOKIE, '', request, 0));
    return reply.redirect('/', 303);
  });
}

export function loginPage(lang: Lang, csrf: string, error: string | null, username = ''): Raw {
  return html`<h1>${t('login', lang)}</h1>
    ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
    <form method="post" action="/login">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <label for="username">${t('username', lang)}</label>
      <input id="username" name="username" autocomplete="username" value="${maskIdentityNumbers(username)}" required />
      <label for="password">${t('password', lang)}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <p><button type="submit">${t('login', lang)}</button></p>
    </form>`;
}
