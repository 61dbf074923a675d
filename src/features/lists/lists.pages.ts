// The lists' pages: every list with its size and legal basis, and who is on a list on a day, a
// hundred entries a page. The persons shown are access-logged by ListService.entriesOn.
import type { Portal } from '../../http/portal.ts';
import { html, table, type Raw } from '../../http/html.ts';
import { t, tx, type Lang } from '../../http/i18n.ts';
import { legalBasisList, marks } from '../../http/page-parts.ts';
import type { Clock } from '../../kernel/clock.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { enumLabel } from '../../domain/labels.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { LegalBasis } from '../../domain/policy/schema.ts';
import type { ListService } from './list.service.ts';

const PAGE_SIZE = 100;

export function listPages(portal: Portal, deps: { lists: ListService; policy: Policy; clock: Clock }): void {
  const { lists, policy } = deps;

  portal.page('/lists', async (request, reply, v) => portal.show(request, reply, v, t('lists', v.lang), listsPage(v.lang, await lists.summaries())));

  portal.page('/lists/:code', async (request, reply, v) => {
    const { code } = request.params as { code: string };
    const q = request.query as { date?: string; after?: string };
    const def = policy.list(code);
    if (!def) return portal.show(request, reply, v, t('notFound', v.lang), html`<h1>${t('notFound', v.lang)}</h1>`, 404);
    const date = q.date && isIsoDate(q.date) ? q.date : policy.localDate(deps.clock.now());
    const r = await lists.entriesOn(code, date, { limit: PAGE_SIZE, ...(q.after ? { after: q.after } : {}) });
    const entries = r.entries.map((e) => ({
      entryId: e.entryId,
      listedOn: e.listedOn,
      until: e.until,
      subject: { code: e.subjectCode, name: e.subjectName },
      disputed: e.openObjections > 0,
      underRepair: e.pendingRepair !== null,
    }));
    const next = r.entries.length === PAGE_SIZE ? r.entries[PAGE_SIZE - 1]!.entryId : null;
    return portal.show(request, reply, v, `${def.name[v.lang]}`, listPage(v.lang, def, date, entries, next));
  });
}

export function listsPage(
  lang: Lang,
  lists: Array<{ code: string; type: string; area: string | null; name: { zh: string; en: string }; inForce: number; legalBasis: LegalBasis[] }>,
): Raw {
  return html`<h1>${t('lists', lang)}</h1>
    ${table([t('name', lang), t('category', lang), t('inForce', lang), t('legalBasis', lang)], lists, (l) => [
      html`<a href="/lists/${l.code}">${tx(l.name, lang)}</a>`,
      html`${enumLabel('listType', l.type, lang)}${l.area ? html`<br /><span class="note">${enumLabel('area', l.area, lang)}</span>` : ''}`,
      l.inForce.toLocaleString(),
      legalBasisList(l.legalBasis, lang),
    ])}`;
}

export function listPage(
  lang: Lang,
  def: { code: string; name: { zh: string; en: string }; inclusion: { description: { zh: string; en: string } }; duration: string; legalBasis: LegalBasis[] },
  date: string,
  entries: Array<{
    entryId: string;
    listedOn: string | null;
    until: string | null;
    subject: { code: string; name: string };
    disputed: boolean;
    underRepair: boolean;
  }>,
  next: string | null,
): Raw {
  return html`<h1>${tx(def.name, lang)}</h1>
    <p>${tx(def.inclusion.description, lang)}</p>
    ${legalBasisList(def.legalBasis, lang)}
    <form method="get" action="/lists/${def.code}" class="search">
      <label for="date" style="width:100%;margin:0">${t('entriesOn', lang)}</label>
      <input id="date" name="date" type="date" value="${date}" />
      <button type="submit">${t('show', lang)}</button>
    </form>
    ${table(
      [t('subject', lang), t('listedOn', lang), t('until', lang)],
      entries,
      (e) => [
        html`<a href="/subjects/${encodeURIComponent(e.subject.code)}">${e.subject.name}</a> <span class="note">${e.subject.code}</span>${marks(e, lang)}`,
        e.listedOn ?? '',
        e.until ?? '',
      ],
      `${t('entriesOn', lang)} ${date}`,
    )}
    ${next ? html`<p><a href="/lists/${def.code}?date=${date}&amp;after=${next}">${lang === 'zh' ? '下一页' : 'Next page'}</a></p>` : ''}`;
}
