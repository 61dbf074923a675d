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
      html`<strong>${tx(i.name, lang)}</strong><br /><span class="note"><code>${i.code}</code> · ${enumLabel('category', i.category, lang)}</span>`,
      legalBasisList(i.legalBasis, lang),
      i.fields.map((f) => html`${tx(f.label, lang)} <span class="note">(${t(f.disclosure, lang)})</span><br />`),
      tx(policy.publicity.classes.find((c) => c.code === i.publicityClass)?.name, lang),
    ])}`;
}

export function measuresPage(lang: Lang, policy: Policy): Raw {
  const scen = (c: string) => tx(policy.scenario(c)?.name, lang) || c;
  return html`<h1>${t('measures', lang)}</h1>
    <p class="note">${conflictNote(lang, policy)}</p>
    ${table([t('name', lang), t('effect', lang), t('triggers', lang), t('scenarios', lang), t('legalBasis', lang)], policy.measures, (m) => [
      td(m.kind === 'reward' ? 'pos' : 'neg', html`${tx(m.name, lang)}<br /><span class="note">${tx(m.implementingAuthority, lang)}</span>`),
      enumLabel('effect', m.effect, lang),
      m.triggers.map((tr) => html`${'list' in tr ? tx(policy.list(tr.list)?.name, lang) : tx(policy.item(tr.item)?.name, lang)}<br />`),
      m.scenarios.map(scen).join('、'),
      legalBasisList(m.legalBasis, lang),
    ])}`;
}

/**
 * How measures that meet are resolved, in the page's language: said from the pack's order and
 * its rule on rewards; the pack's own note (with its sources) in English.
 */
function conflictNote(lang: Lang, policy: Policy): string {
  const { order, rewardsWithRestrictions, note } = policy.conflictResolution;
  if (lang === 'en') return note;
  const rewards = rewardsWithRestrictions === 'suppressed' ? '存在惩戒措施时，不予适用激励措施。' : '存在惩戒措施时，激励措施仍予列明。';
  return `同一主体同时适用多项措施时，按${order.map((e) => `“${enumLabel('effect', e, lang)}”`).join('、')}的顺序以效力最强者为准；${rewards}`;
}
