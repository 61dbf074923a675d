// The reports' pages: ask for a credit report (public for anyone, full for the subject's own
// session; counted against the same per-client budget as the API) and verify one by its code.
import type { Portal } from '../../http/portal.ts';
import { html } from '../../http/html.ts';
import { t } from '../../http/i18n.ts';
import type { RateLimiter } from '../../http/rate-limit.ts';
import { AppError } from '../../kernel/problems.ts';
import type { Principal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import type { ReportService } from './report.service.ts';
import { clientOf } from './report-client.ts';

export function reportPages(portal: Portal, deps: { reports: ReportService; limit: RateLimiter }): void {
  const { reports } = deps;

  portal.page('/reports/new', async (request, reply, v) => {
    const q = request.query as { subject?: string; scope?: string };
    const scope = q.scope === 'full' ? 'full' : 'public';
    const fail = (status: number, detail: string) =>
      portal.show(
        request,
        reply,
        v,
        t('report', v.lang),
        html`<h1>${t('report', v.lang)}</h1>
          <p role="alert" class="error">${detail}</p>`,
        status,
      );
    const subject = q.subject;
    if (!subject) return fail(400, v.lang === 'zh' ? '请指定主体。' : 'Name a subject.');
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
    const code = String((request.query as { code?: string }).code ?? '')
      .trim()
      .slice(0, 40);
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
            : html`<p class="error" role="alert">${v.lang === 'zh' ? '核验未通过' : 'Not verified'}: ${String(result.reason)}</p>`
          : ''
      }`;
    return portal.show(request, reply, v, t('verifyReport', v.lang), body);
  });
}
