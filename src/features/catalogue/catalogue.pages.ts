// The catalogue's pages: every record type with its legal basis, fields and publicity, and every
// measure with its triggers and scenarios; both straight from the policy pack.
import type { Portal } from '../../http/portal.ts';
import { html, table, td, type Raw } from '../../http/html.ts';
import { t, tx, type Lang } from '../../http/i18n.ts';
import { legalBasisList } from '../../http/page-parts.ts';
import { enumLabel } from '../../domain/labels.ts';
import type { Policy } from '../../domain/policy/policy.ts';

export function cataloguePages(portal: Portal, deps: { policy: Policy }): void {
  portal.page('/catalogue', async (request, reply, v) => portal.show(request, reply, v, t('catalogue', v.lang), cataloguePage(v.lang, deps.policy)));
  portal.page('/measures', async (request, reply, v) => portal.show(request, reply, v, t('measures', v.lang), measuresPage(v.lang, deps.policy)));
}

export function cataloguePage(lang: Lang, policy: Policy): Raw {
  return html`<h1>${t('catalogue', lang)}</h1>
    <p class="note">${policy.version}</p>
    ${table([t('item', lang), t('legalBasis', lang), t('fields', lang), t('publicityClass', lang)], policy.items, (i) => [
      html`<strong>${tx(i.name, lang)}</strong><br /><span class="note">${i.code} · ${enumLabel('category', i.category, lang)}</span>`,
      legalBasisList(i.legalBasis, lang),
      i.fields.map((f) => html`${tx(f.label, lang)} <span class="note">(${t(f.disclosure, lang)})</span><br />`),
      tx(policy.publicity.classes.find((c) => c.code === i.publicityClass)?.name, lang),
    ])}`;
}

export function measuresPage(lang: Lang, policy: Policy): Raw {
  const scen = (c: string) => tx(policy.scenario(c)?.name, lang) || c;
  return html`<h1>${t('measures', lang)}</h1>
    <p class="note">${policy.conflictResolution.note}</p>
    ${table([t('name', lang), t('effect', lang), t('triggers', lang), t('scenarios', lang), t('legalBasis', lang)], policy.measures, (m) => [
      td(m.kind === 'reward' ? 'pos' : 'neg', html`${tx(m.name, lang)}<br /><span class="note">${tx(m.implementingAuthority, lang)}</span>`),
      enumLabel('effect', m.effect, lang),
      m.triggers.map((tr) => html`${'list' in tr ? tx(policy.list(tr.list)?.name, lang) : tx(policy.item(tr.item)?.name, lang)}<br />`),
      m.scenarios.map(scen).join('、'),
      legalBasisList(m.legalBasis, lang),
    ])}`;
}
