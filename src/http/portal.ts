// The portal kit: what every server-rendered page shares. Sessions are cookies holding a session
// token (HttpOnly, SameSite=Lax, Secure behind HTTPS); every form carries a CSRF token checked
// against the session (or, before login, against a cookie: double submit). Features register
// their pages through it; it knows no feature.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TObject, type TOptional, type TProperties, type TString } from '@sinclair/typebox';
import { AppError } from '../kernel/problems.ts';
import { actorOf, type AccountPrincipal, type Principal } from '../kernel/principal.ts';
import { runWithContext } from '../kernel/request-context.ts';
import { page, type PageContext } from './layout.ts';
import { html, type Raw } from './html.ts';
import { t, type Lang } from './i18n.ts';
import { parseCookies, SESSION_COOKIE, type Authenticator } from './auth.ts';
import { maskIdentityNumbers } from '../domain/ids/redact.ts';
import { controlCharacterInForm } from './parameters.ts';

/** The cookie that holds the CSRF token of the login form (double submit, before a session exists). */
export const PRE_CSRF_COOKIE = 'xy_csrf';
const LANG_COOKIE = 'xy_lang';

/** Who is looking at a page: the language, the session's account (null for the public) and the cookies sent. */
export interface Visitor {
  lang: Lang;
  account: AccountPrincipal | null;
  /** The session token of the session cookie, even when it no longer authenticates. */
  token: string | null;
  cookies: Record<string, string>;
}

/** A subject logged in to its own account. */
export interface SubjectVisitor extends Visitor {
  account: AccountPrincipal & { subjectKey: string };
}

/** A form's body: its fields (a browser sends strings) and the CSRF token. */
export function formSchema<P extends TProperties>(fields: P): TObject<P & { _csrf: TOptional<TString> }> {
  return Type.Object({ ...fields, _csrf: Type.Optional(Type.String()) });
}

type Handler<V> = (request: FastifyRequest, reply: FastifyReply, visitor: V) => Promise<unknown>;

/** The CSRF token a posted body carries, whatever its shape. */
function csrfOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { _csrf?: unknown })._csrf : undefined;
}

/** What is wrong with a form, in the words the page shows: the field and why. */
function formError(err: Error & { validation?: Array<{ instancePath: string; keyword: string; message?: string; params?: Record<string, unknown> }> }): string {
  const first = err.validation?.[0];
  if (!first) return err.message;
  const field = [first.instancePath.replace(/^\//, '').replace(/\//g, '.'), first.params?.missingProperty].filter(Boolean).join('.') || 'form';
  const why =
    first.keyword === 'pattern' && first.params?.pattern === '\\S'
      ? 'must not be blank'
      : first.keyword === 'required'
        ? 'is required'
        : ['const', 'enum', 'anyOf'].includes(first.keyword)
          ? 'is not one of the values allowed'
          : (first.message ?? 'is not valid');
  return `${field}: ${why}`;
}

export class Portal {
  constructor(
    private readonly app: FastifyInstance,
    private readonly auth: Authenticator,
  ) {
    // Forms are posted as application/x-www-form-urlencoded: one string per field. The API takes
    // no form: its routes validate the bodies they take by media type, and a form would reach
    // their handlers unvalidated.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
      if (req.url.startsWith('/v1/')) {
        done(new AppError('unsupported-media-type', 'the API takes no form bodies: send application/json (or, where a route says so, NDJSON or CSV)'), undefined);
        return;
      }
      const params = new URLSearchParams(body as string);
      const out: Record<string, string> = {};
      for (const [k, v] of params) out[k] = v;
      done(null, out);
    });
  }

  /** A page: GET, kept out of the API document, for anyone. */
  page(path: string, handler: Handler<Visitor>): void {
    this.app.get(path, { schema: { hide: true } }, async (request, reply) => handler(request, reply, await this.who(request, reply)));
  }

  /** A page of a subject's own account: anyone else is sent to the login page. */
  ownPage(path: string, handler: Handler<SubjectVisitor>): void {
    this.app.get(path, { schema: { hide: true } }, async (request, reply) => {
      const visitor = await this.subjectSession(request, reply);
      return visitor ? handler(request, reply, visitor) : reply;
    });
  }

  /**
   * A form's target: POST with its body validated by `body`, kept out of the API document. A body
   * that fails its schema, or holds a control character no browser's form sends, gets a page that
   * says what is wrong (a browser posted it), never JSON.
   */
  form<S extends TObject>(
    path: string,
    body: S,
    handler: (request: FastifyRequest, reply: FastifyReply, visitor: Visitor, form: Static<S>) => Promise<unknown>,
  ): void {
    this.app.post(path, { schema: { hide: true, body }, attachValidation: true }, async (request, reply) => {
      const visitor = await this.who(request, reply);
      const control = controlCharacterInForm(request.body);
      if (request.validationError || control) {
        const title = t('error', visitor.lang);
        return this.show(
          request,
          reply,
          visitor,
          title,
          html`<h1>${title}</h1>
            <p role="alert" class="error">${request.validationError ? formError(request.validationError) : `${control}: must not contain control characters`}</p>`,
          422,
        );
      }
      // The body has passed the schema; Fastify does not narrow its type for a generic schema.
      return handler(request, reply, visitor, request.body as Static<S>);
    });
  }

  /**
   * A form of the subject's own page: the session's CSRF token, then the body's schema, then one
   * service call; back to /me with the outcome, a refusal or an invalid field shown on the page
   * (a browser posted it, so never JSON).
   */
  meForm<S extends TObject>(path: string, body: S, ok: string, act: (subject: Principal & { kind: 'account' }, form: Static<S>) => Promise<unknown>): void {
    this.app.post(path, { schema: { hide: true, body }, attachValidation: true }, async (request, reply) => {
      const visitor = await this.subjectSession(request, reply);
      if (!visitor) return reply;
      const refused = this.csrfRefused(visitor, request, reply, csrfOf(request.body));
      if (refused) return refused;
      // The outcome goes back in the address of /me, so it holds no identity number, and no more
      // than a page shows of it: a refusal that quotes a huge field must still fit in a header.
      const back = (error: string) => reply.redirect(`/me?error=${encodeURIComponent(shortened(maskIdentityNumbers(error)))}`, 303);
      if (request.validationError) return back(formError(request.validationError));
      const control = controlCharacterInForm(request.body);
      if (control) return back(`${control}: must not contain control characters`);
      try {
        await runWithContext(request.context, () => act({ kind: 'account', account: visitor.account }, request.body as Static<S>));
        return reply.redirect(`/me?ok=${ok}`, 303);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return back(err.detail);
      }
    });
  }

  /** The visitor of this request: `?lang=` sets the language cookie; a valid session cookie makes its account the actor. */
  async who(request: FastifyRequest, reply: FastifyReply): Promise<Visitor> {
    const cookies = parseCookies(request.headers.cookie);
    const q = request.query as { lang?: string };
    let lang: Lang = cookies[LANG_COOKIE] === 'en' ? 'en' : 'zh';
    if (q.lang === 'en' || q.lang === 'zh') {
      lang = q.lang;
      reply.header('set-cookie', this.cookie(LANG_COOKIE, lang, request, 365 * 86_400));
    }
    const token = cookies[SESSION_COOKIE] ?? null;
    let account: AccountPrincipal | null = null;
    if (token) {
      try {
        account = await this.auth.accounts.authenticate(token);
        if (request.context) request.context.actor = actorOf({ kind: 'account', account });
      } catch {
        account = null; // an expired session reads as the public
      }
    }
    return { lang, account, token, cookies };
  }

  /** The subject's own session, or a redirect to the login page (then null: the caller stops). */
  async subjectSession(request: FastifyRequest, reply: FastifyReply): Promise<SubjectVisitor | null> {
    const visitor = await this.who(request, reply);
    if (!visitor.account || visitor.account.role !== 'subject' || !visitor.account.subjectKey) {
      await reply.redirect('/login', 303);
      return null;
    }
    return visitor as SubjectVisitor;
  }

  /** What the page frame needs: language, path, the account for the navigation, the CSRF token of its forms. */
  context(visitor: Visitor, request: FastifyRequest, csrf?: string): PageContext {
    return {
      lang: visitor.lang,
      path: request.url.split('?')[0]!,
      user: visitor.account ? { username: visitor.account.username, role: visitor.account.role } : null,
      csrf: csrf ?? visitor.account?.csrfToken ?? '',
    };
  }

  /** A page in its frame, never cached. */
  send(reply: FastifyReply, c: PageContext, title: string, body: Raw, status = 200): FastifyReply {
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page(c, title, body));
  }

  /** send() in the frame of this visitor and request. */
  show(request: FastifyRequest, reply: FastifyReply, visitor: Visitor, title: string, body: Raw, status = 200): FastifyReply {
    return this.send(reply, this.context(visitor, request), title, body, status);
  }

  /**
   * Forms of a logged-in session carry its CSRF token. A form without it gets a page that says
   * so (a browser posted it), never JSON; the caller stops there.
   */
  csrfRefused(visitor: Visitor, request: FastifyRequest, reply: FastifyReply, csrf: unknown): FastifyReply | null {
    if (visitor.account && csrf && csrf === visitor.account.csrfToken) return null;
    return this.staleForm(visitor, request, reply);
  }

  /**
   * The CSRF token of a form anyone may post: the session's, or for a visitor without one the
   * pre-session cookie's (double submit), set here when the visitor has none yet.
   */
  formToken(visitor: Visitor, request: FastifyRequest, reply: FastifyReply): string {
    return visitor.account ? visitor.account.csrfToken : this.preSessionToken(visitor, request, reply);
  }

  /** The pre-session CSRF token (the login form's, and the forms of visitors without a session): the cookie's, or a new one set here. */
  preSessionToken(visitor: Visitor, request: FastifyRequest, reply: FastifyReply): string {
    const kept = visitor.cookies[PRE_CSRF_COOKIE];
    if (kept) return kept;
    const token = randomBytes(18).toString('base64url');
    reply.header('set-cookie', this.cookie(PRE_CSRF_COOKIE, token, request, 3600));
    visitor.cookies[PRE_CSRF_COOKIE] = token;
    return token;
  }

  /**
   * csrfRefused for a form anyone may post (see formToken): a session's form carries the
   * session's token; a visitor without a session sends the pre-session cookie and the same
   * value in the form, which a page of another site can neither read nor set.
   */
  formCsrfRefused(visitor: Visitor, request: FastifyRequest, reply: FastifyReply, csrf: unknown): FastifyReply | null {
    if (visitor.account) return this.csrfRefused(visitor, request, reply, csrf);
    const expected = visitor.cookies[PRE_CSRF_COOKIE];
    if (expected && typeof csrf === 'string' && csrf === expected) return null;
    return this.staleForm(visitor, request, reply);
  }

  /** The page for a form that failed its CSRF check. */
  private staleForm(visitor: Visitor, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const title = visitor.lang === 'zh' ? '表单已失效' : 'Stale form';
    return this.show(
      request,
      reply,
      visitor,
      title,
      html`<h1>${title}</h1>
        <p role="alert" class="error">
          ${visitor.lang === 'zh' ? '表单已失效或并非来自本站（CSRF 校验未通过）：请刷新页面后重试。' : 'The form is stale or did not come from this site (CSRF check failed): reload the page and try again.'}
        </p>
        <p><a href="${visitor.account ? '/me' : '/'}">${visitor.account ? t('everything', visitor.lang) : t('home', visitor.lang)}</a></p>`,
      403,
    );
  }

  /** A portal cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS; Max-Age 0 deletes it. */
  cookie(name: string, value: string, request: FastifyRequest, maxAge?: number): string {
    const secure = request.protocol === 'https' ? '; Secure' : '';
    return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax${secure}${maxAge !== undefined ? `; Max-Age=${maxAge}` : ''}`;
  }

  /** The page for an address with no page (a browser's GET outside /v1/). */
  readonly notFound = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const visitor = await this.who(request, reply);
    return this.show(
      request,
      reply,
      visitor,
      t('notFound', visitor.lang),
      html`<h1>${t('notFound', visitor.lang)}</h1>
        <p role="alert" class="error">
          ${visitor.lang === 'zh' ? '此地址下没有页面。' : 'There is no page at this address.'} <a href="/">${t('home', visitor.lang)}</a>
        </p>`,
      404,
    );
  };
}

export function createPortal(app: FastifyInstance, auth: Authenticator): Portal {
  return new Portal(app, auth);
}

/** The first 500 characters of a message for an address, marked as cut when longer. */
function shortened(message: string): string {
  const chars = [...message];
  return chars.length <= 500 ? message : `${chars.slice(0, 500).join('')}…`;
}
