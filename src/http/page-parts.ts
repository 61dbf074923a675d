// Parts that pages of several features show alike: a legal basis, a subject's kind, the marks of
// a disputed or repaired item, the search form, a form's CSRF field, the form that issues a report.
import { html, type Raw } from './html.ts';
import { t, tx, type Lang } from './i18n.ts';
import type { FieldDef, LegalBasis } from '../domain/policy/schema.ts';
import { enumLabel } from '../domain/labels.ts';
import { maskIdentityNumbers } from '../domain/ids/redact.ts';

/** The legal bases of an item: each a citation, its articles quoted as the pack writes them. */
export function legalBasisList(bases: readonly LegalBasis[], lang: Lang): Raw {
  return html`<ul class="note">
    ${bases.map((b) => html`<li><cite>${tx(b.instrument, lang)}</cite>${b.articles ? html` <cite>${b.articles}</cite>` : ''}${b.reference ? `（${b.reference}）` : ''}</li>`)}
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

/** An actor as logged (`agency:samr-hangzhou`, `subject:public`): its kind in the page's language, then its identifier. */
export function actorName(actor: string, lang: Lang): Raw {
  if (actor === 'subject:public') return html`${enumLabel('actorType', 'public', lang)}`;
  const i = actor.indexOf(':');
  if (i < 0) return html`<code>${actor}</code>`;
  return html`${enumLabel('actorType', actor.slice(0, i), lang)} <code>${actor.slice(i + 1)}</code>`;
}

/**
 * A field's value as a page shows it: an enumerated value by its name in the pack (the value
 * itself where the pack names none), a list joined, an identity number masked.
 */
export function fieldValueText(field: FieldDef | undefined, v: unknown, lang: Lang): string {
  const name = (x: unknown) => {
    const s = String(x);
    const named = field?.valueNames?.[s];
    return named ? named[lang] : s;
  };
  if (Array.isArray(v)) return v.map(name).join(lang === 'zh' ? '、' : ', ');
  if (v && typeof v === 'object' && 'masked' in v) return String((v as { masked: string }).masked);
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  return name(v);
}

export function csrfField(csrf: string): Raw {
  return html`<input type="hidden" name="_csrf" value="${csrf}" />`;
}

/**
 * The form that issues a report, as the profile and the own page show it. A subject known only
 * by an identity number (a natural person, shown masked) is never written into the page: the
 * visitor types the number in.
 */
export function reportForm(lang: Lang, csrf: string, subject: string, scope: 'public' | 'full'): Raw {
  const hidden = subject !== '' && !subject.includes('*') && maskIdentityNumbers(subject) === subject;
  return html`<form method="post" action="/reports/new" class="report">
    ${csrfField(csrf)}<input type="hidden" name="scope" value="${scope}" />
    ${
      hidden
        ? html`<input type="hidden" name="subject" value="${subject}" />`
        : html`<label for="report-subject">${lang === 'zh' ? '统一社会信用代码或身份证号码' : 'Unified Social Credit Code or identity number'}</label>
            <input id="report-subject" name="subject" autocomplete="off" required />`
    }
    <p><button type="submit">${t('downloadReport', lang)}</button></p>
  </form>`;
}
