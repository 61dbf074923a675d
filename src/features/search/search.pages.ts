// The search page: a subject by name, code or pinyin, twenty at most. A natural person is found
// by the full identity number, which the page then shows only masked.
import type { Portal } from '../../http/portal.ts';
import { html, table, type Raw } from '../../http/html.ts';
import { t, type Lang } from '../../http/i18n.ts';
import { kindName, searchForm } from '../../http/page-parts.ts';
import type { SubjectService } from '../subjects/subject.service.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';

export function searchPages(portal: Portal, deps: { subjects: Pick<SubjectService, 'find'> }): void {
  portal.page('/search', async (request, reply, v) => {
    const q = String((request.query as { q?: string }).q ?? '')
      .trim()
      .slice(0, 100);
    const results = q ? await deps.subjects.find(q, 20) : [];
    return portal.show(request, reply, v, t('results', v.lang), resultsPage(v.lang, maskIdentityNumbers(q), results));
  });
}

/** The results of a search for `q`, which is shown as given (the caller masks identity numbers in it). */
export function resultsPage(lang: Lang, q: string, results: Array<{ code: string; name: string; kind: string }>): Raw {
  return html`<h1>${t('results', lang)}</h1>
    ${searchForm(lang, q)}
    ${
      results.length === 0
        ? html`<p>${t('noResults', lang)}</p>`
        : table(
            [t('name', lang), t('code', lang), t('kind', lang)],
            results,
            (r) => [html`<a href="/subjects/${encodeURIComponent(r.code)}">${r.name}</a>`, r.code, kindName(r.kind, lang)],
            q,
          )
    }`;
}
