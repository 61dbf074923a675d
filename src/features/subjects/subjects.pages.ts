// The subjects' pages: the home page, a subject's public profile (as of a past day too), and a
// subject's own page and access log. Viewing a natural person's profile is access-logged by
// SubjectService.publicProfile.
import type { Portal } from '../../http/portal.ts';
import { html, type Raw } from '../../http/html.ts';
import { t, type Lang } from '../../http/i18n.ts';
import { AppError } from '../../kernel/problems.ts';
import type { Principal } from '../../kernel/principal.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { SubjectService } from './subject.service.ts';
import type { SubjectCounts } from './subject-counts.service.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import type { ListService } from '../lists/list.service.ts';
import type { EvaluationService } from '../evaluation/evaluation.service.ts';
import type { RepairService } from '../due-process/repair.service.ts';
import { accessLogPage, homePage, mePage, profilePage, type PublicEvaluationView, type RepairOutlook } from './subjects.views.ts';

export function subjectPages(
  portal: Portal,
  deps: {
    subjects: SubjectService;
    counts: SubjectCounts;
    lists: ListService;
    evaluations: EvaluationService;
    repairs: RepairService;
    accessLog: AccessLog;
    policy: Policy;
    /** The subject's financial credit section (its own report, objections, statement), or null when it has none. */
    credit?: (subject: Principal & { kind: 'account' }, lang: Lang, csrf: string) => Promise<Raw | null>;
  },
): void {
  const { subjects, evaluations, policy } = deps;

  portal.page('/', async (request, reply, v) => {
    const counts = await deps.counts.counts();
    const lists = await deps.lists.summaries();
    return portal.show(request, reply, v, t('home', v.lang), homePage(v.lang, { ...counts, lists }));
  });

  portal.page('/subjects/:code', async (request, reply, v) => {
    const { code } = request.params as { code: string };
    const asOf = (request.query as { asOf?: string }).asOf;
    try {
      const day = asOf && isIsoDate(asOf) ? asOf : undefined;
      const profile = await subjects.publicProfile(code, day ? subjects.parseInstant(day) : undefined);
      // As of a past day, the evaluations then in force, beside that day's records; the public's view.
      const shown = (await evaluations.viewFor(null, code, day)).evaluations as PublicEvaluationView[];
      const csrf = portal.formToken(v, request, reply);
      return portal.show(request, reply, v, profile.subject.name, profilePage(v.lang, policy, profile, shown, csrf));
    } catch (err) {
      if (err instanceof AppError && (err.code === 'subject-not-found' || err.code === 'invalid-identifier')) {
        return portal.show(
          request,
          reply,
          v,
          t('notFound', v.lang),
          html`<h1>${t('notFound', v.lang)}</h1>
            <p>${maskIdentityNumbers(err.detail)}</p>`,
          err.status,
        );
      }
      throw err;
    }
  });

  portal.ownPage('/me', async (request, reply, v) => {
    const subject = { kind: 'account' as const, account: v.account };
    const key = v.account.subjectKey;
    const credit = deps.credit ? await deps.credit(subject, v.lang, v.account.csrfToken) : null;
    if (credit && !(await subjects.exists(key))) {
      // A borrower the public side knows nothing about: its page is its credit section.
      const q = request.query as { ok?: string; error?: string };
      return portal.show(
        request,
        reply,
        v,
        t('everything', v.lang),
        html`<h1>${t('everything', v.lang)}</h1>
          ${q.ok ? html`<p class="notice" role="status">${t('done', v.lang)}</p>` : ''}
          ${typeof q.error === 'string' ? html`<p class="error" role="alert">${maskIdentityNumbers(q.error.slice(0, 300))}</p>` : ''}
          <p><a href="/me/access-log">${t('accessLog', v.lang)}</a></p>
          ${credit}`,
      );
    }
    const me = await subjects.mine(subject);
    const own = (await evaluations.view(subject, key)) as Array<Record<string, unknown>>;
    // What the platform knows of repair for each item the subject could apply for.
    const repairFrom = new Map<string, RepairOutlook>();
    for (const r of me.records)
      if (r.repairable && r.publicNow) repairFrom.set(r.recordId, await deps.repairs.eligibilityFor(subject, { type: 'record', id: r.recordId }));
    for (const e of me.listEntries)
      if (e.state === 'in-force' && policy.list(e.list)?.repairable)
        repairFrom.set(e.entryId, await deps.repairs.eligibilityFor(subject, { type: 'list-entry', id: e.entryId }));
    const q = request.query as { ok?: string; error?: string };
    // The error comes in the page's address, which anyone can write: it is shown with identity numbers masked.
    const flash = { ...(q.ok ? { ok: t('done', v.lang) } : {}), ...(typeof q.error === 'string' ? { error: maskIdentityNumbers(q.error.slice(0, 300)) } : {}) };
    const history = await evaluations.history(key, 50);
    return portal.show(
      request,
      reply,
      v,
      t('everything', v.lang),
      html`${mePage(v.lang, policy, me, own, history, v.account.csrfToken, flash, repairFrom)}${credit ?? ''}`,
    );
  });

  portal.ownPage('/me/access-log', async (request, reply, v) =>
    portal.show(request, reply, v, t('accessLog', v.lang), accessLogPage(v.lang, await deps.accessLog.of(v.account.subjectKey))),
  );
}
