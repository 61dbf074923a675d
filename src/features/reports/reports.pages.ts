// The reports' pages: ask for a credit report (public for anyone, full for the subject's own
// session; counted against the same per-client budget as the API) and verify one by its code.
// Issuing a report is a change (it is signed, stored and counted), so it is a form posted with
// its CSRF token, never a link a page of another site could follow.
import { Type } from '@sinclair/typebox';
import { formSchema, type Portal } from '../../http/portal.ts';
import { reportForm } from '../../http/page-parts.ts';
import { html, type Raw } from '../../http/html.ts';
import { t, type Lang } from '../../http/i18n.ts';
import type { RateLimiter } from '../../http/rate-limit.ts';
import { AppError } from '../../kernel/problems.ts';
import type { Principal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';
import { enumLabel } from '../../domain/labels.ts';
import type { ReportService } from './report.service.ts';
import { clientOf } from './report-client.ts';

const ReportForm = formSchema({
  subject: Type.Optional(Type.String({ maxLength: 100 })),
  scope: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('full')])),
});

export function reportPages(portal: Portal, deps: { reports: ReportService; limit: RateLimiter }): void {
  const { reports } = deps;

  // The form alone: following a link to it issues nothing.
  portal.page('/reports/new', async (request, reply, v) => {
    const q = request.query as { subject?: string; scope?: string };
    const scope = q.scope === 'full' ? 'full' : 'public';
    const subject = typeof q.subject === 'string' ? q.subject.trim().slice(0, 100) : '';
    const csrf = portal.formToken(v, request, reply);
    return portal.show(request, reply, v, t('report', v.lang), reportFormPage(v.lang, csrf, subject, scope));
  });

  portal.form('/reports/new', ReportForm, async (request, reply, v, body) => {
    const refused = portal.formCsrfRefused(v, request, reply, body._csrf);
    if (refused) return refused;
    const scope = body.scope ?? 'public';
    const fail = (status: number, detail: string) =>
      portal.show(
        request,
        reply,
        v,
        t('report', v.lang),
        html`<h1>${t('report', v.lang)}</h1>
          <p role="alert" class="error">${maskIdentityNumbers(detail)}</p>`,
        status,
      );
    const subject = (body.subject ?? '').trim();
    if (!subject) return fail(422, v.lang === 'zh' ? '请指定主体。' : 'Name a subject.');
    try {
      // The service decides who may have which report; the rate limit counts only those it admits.
      const principal: Principal | null = v.account ? { kind: 'account', account: v.account } : null;
      const admit = () => deps.limit.take(clientOf(principal, request));
      const r = await runWithContext(request.context, () => reports.issueFor(principal, { subject, scope, lang: v.lang }, admit));
      return reply.redirect(`/v1/reports/${encodeURIComponent(r.code)}/html`, 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return fail(err.status, err.detail);
      throw err;
    }
  });

  portal.page('/reports/verify', async (request, reply, v) => {
    const code = maskIdentityNumbers(
      String((request.query as { code?: string }).code ?? '')
        .trim()
        .slice(0, 40),
    );
    const result = code ? await reports.verify(code) : null;
    const body = html`<h1>${t('verifyReport', v.lang)}</h1>
      <form method="get" action="/reports/verify" class="search">
        <label for="code" style="width:100%;margin:0">${t('verificationCode', v.lang)}</label>
        <input id="code" name="code" value="${code}" required />
        <button type="submit">${t('verify', v.lang)}</button>
      </form>
      ${
        result
          ? result.valid
            ? html`<p class="notice" role="status">
                  ${v.lang === 'zh' ? '核验通过：报告真实、未被篡改。' : 'Verified: the report is authentic and unaltered.'}
                </p>
                <pre>${JSON.stringify(result, null, 2)}</pre>`
            : html`<p class="error" role="alert">${v.lang === 'zh' ? '核验未通过' : 'Not verified'}: ${enumLabel('verification', String(result.reason), v.lang)}</p>`
          : ''
      }`;
    return portal.show(request, reply, v, t('verifyReport', v.lang), body);
  });
}

function reportFormPage(lang: Lang, csrf: string, subject: string, scope: 'public' | 'full'): Raw {
  return html`<h1>${t('report', lang)}</h1>
    <p class="note">
      ${
        scope === 'full'
          ? lang === 'zh'
            ? '完整版信用报告仅向主体本人出具。'
            : 'A full report is issued only to the subject itself.'
          : lang === 'zh'
            ? '公开版信用报告载明平台公示的全部信息，经电子签名，可凭核验码核验。'
            : 'A public report holds everything the platform publishes about the subject, signed, and can be verified by its code.'
      }
    </p>
    ${reportForm(lang, csrf, subject, scope)}`;
}
