// Parts that pages of several features show alike: a legal basis, a subject's kind, the marks of
// a disputed or repaired item, the search form, a form's CSRF field.
import { html, type Raw } from './html.ts';
import { t, tx, type Lang } from './i18n.ts';
import type { LegalBasis } from '../domain/policy/schema.ts';
import { enumLabel } from '../domain/labels.ts';

export function legalBasisList(bases: readonly LegalBasis[], lang: Lang): Raw {
  return html`<ul class="note">
    ${bases.map((b) => html`<li>${tx(b.instrument, lang)}${b.articles ? ` ${b.articles}` : ''}${b.reference ? `（${b.reference}）` : ''}</li>`)}
  </ul>`;
}

export const kindName = (k: string, lang: Lang) => enumLabel('kind', k, lang);

/** The badges of an item under objection or under repair. */
export function marks(x: { disputed: boolean; underRepair: boolean }, lang: Lang): Raw {
  return html`${x.disputed ? html` <span class="badge warn">${t('disputed', lang)}</span>` : ''}${x.underRepair ? html` <span class="badge warn">${t('underRepair', lang)}</span>` : ''}`;
}

export function searchForm(lang: Lang, q = ''): Raw {
  return html`<form class="search" method="get" action="/search" role="search">
    <label for="q" style="width:100%;margin:0">${t('searchLabel', lang)}</label>
    <input id="q" name="q" type="search" value="${q}" autocomplete="off" required />
    <button type="submit">${t('search', lang)}</button>
  </form>`;
}

export function csrfField(csrf: string): Raw {
  return html`<input type="hidden" name="_csrf" value="${csrf}" />`;
}
