// The public pages: home and search, an organisation's profile, the lists, the catalogue, the
// measure list and the statistics. Everything shown is public by the pack's disclosure levels.
import { html, raw, table, td, type Raw } from '../../http/html.ts';
import { t, tx, type Lang } from '../../http/i18n.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { LegalBasis } from '../../domain/policy/schema.ts';
import type { PublicProfile, PublicRecordView, PublicListEntryView } from './subject.service.ts';
import { barChart, stackedBarChart } from '../../http/charts.ts';
import { enumLabel } from '../../domain/labels.ts';

export function legalBasisList(bases: readonly LegalBasis[], lang: Lang): Raw {
  return html`<ul class="note">
    ${bases.map((b) => html`<li>${tx(b.instrument, lang)}${b.articles ? ` ${b.articles}` : ''}${b.reference ? `（${b.reference}）` : ''}</li>`)}
  </ul>`;
}

export const kindName = (k: string, lang: Lang) => enumLabel('kind', k, lang);

export function searchForm(lang: Lang, q = ''): Raw {
  return html`<form class="search" method="get" action="/search" role="search">
    <label for="q" style="width:100%;margin:0">${t('searchLabel', lang)}</label>
    <input id="q" name="q" type="search" value="${q}" autocomplete="off" required />
    <button type="submit">${t('search', lang)}</button>
  </form>`;
}

export function homePage(
  lang: Lang,
  stats: { subjects: number; records: number; lists: Array<{ name: { zh: string; en: string }; code: string; inForce: number }> },
): Raw {
  return html`<h1>${t('site', lang)}</h1>
    ${searchForm(lang)}
    <p class="note">${t('searchHint', lang)}</p>
    <h2>${t('lists', lang)}</h2>
    <ul>
      ${stats.lists.map((l) => html`<li><a href="/lists/${l.code}">${tx(l.name, lang)}</a> · ${l.inForce.toLocaleString()}</li>`)}
    </ul>
    <p class="note">
      ${lang === 'zh' ? `平台共记载 ${stats.subjects.toLocaleString()} 个主体、${stats.records.toLocaleString()} 条信用记录。` : `${stats.subjects.toLocaleString()} subjects and ${stats.records.toLocaleString()} records on the platform.`}
    </p>`;
}

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

function marks(x: { disputed: boolean; underRepair: boolean }, lang: Lang): Raw {
  return html`${x.disputed ? html` <span class="badge warn">${t('disputed', lang)}</span>` : ''}${x.underRepair ? html` <span class="badge warn">${t('underRepair', lang)}</span>` : ''}`;
}

function fieldValue(v: unknown): string {
  if (Array.isArray(v)) return v.join('、');
  if (v && typeof v === 'object' && 'masked' in v) return String((v as { masked: string }).masked);
  return String(v);
}

export function recordTable(records: readonly PublicRecordView[], policy: Policy, lang: Lang): Raw {
  return html`${records.map((r) => {
    const item = policy.item(r.item);
    const label = (name: string) => tx(item?.fields.find((f) => f.name === name)?.label, lang) || name;
    return html`<section aria-labelledby="rec-${r.recordId}">
      <h3 id="rec-${r.recordId}" class="${r.polarity === 'negative' ? 'neg' : r.polarity === 'positive' ? 'pos' : ''}">
        ${tx(r.itemName, lang)}${marks(r, lang)}
      </h3>
      <table>
        <tbody>
          <tr>
            <th scope="row">${t('decisionNumber', lang)}</th>
            <td>${r.decision.number ?? ''}</td>
          </tr>
          <tr>
            <th scope="row">${t('decisionDate', lang)}</th>
            <td>${r.decision.date ?? ''}</td>
          </tr>
          <tr>
            <th scope="row">${t('authority', lang)}</th>
            <td>${r.decision.authority ?? ''}</td>
          </tr>
          <tr>
            <th scope="row">${t('basis', lang)}</th>
            <td>${r.decision.basis ?? ''}</td>
          </tr>
          ${Object.entries(r.fields).map(
            ([k, v]) =>
              html`<tr>
                <th scope="row">${label(k)}</th>
                <td>${fieldValue(v)}</td>
              </tr>`,
          )}
          <tr>
            <th scope="row">${t('publicUntil', lang)}</th>
            <td>${r.publicity.end ?? t('indefinite', lang)}</td>
          </tr>
        </tbody>
      </table>
      <details>
        <summary>${t('legalBasis', lang)}</summary>
        ${legalBasisList(r.legalBasis, lang)}
      </details>
    </section>`;
  })}`;
}

export function entryTable(entries: readonly PublicListEntryView[], lang: Lang): Raw {
  return table([t('lists', lang), t('listedOn', lang), t('until', lang), t('legalBasis', lang)], entries, (e) => [
    td(e.type === 'redlist' ? 'pos' : 'neg', html`<a href="/lists/${e.list}">${tx(e.listName, lang)}</a>${marks(e, lang)}`),
    e.listedOn ?? '',
    e.until ?? t('indefinite', lang),
    legalBasisList(e.legalBasis, lang),
  ]);
}

export function profilePage(
  lang: Lang,
  policy: Policy,
  p: PublicProfile,
  evaluations: Array<{
    scorecard: string;
    name?: { zh: string; en: string };
    tier: string | null;
    tierLabel: { zh: string; en: string } | null;
    published: boolean;
  }>,
): Raw {
  const s = p.subject;
  return html`<h1>${s.name}</h1>
    <dl class="summary">
      <dt>${s.kind === 'natural-person' ? (lang === 'zh' ? '身份证号码' : 'Identity number') : t('code', lang)}</dt>
      <dd>${s.code}${s.codeFlags.length ? html` <span class="badge warn">${s.codeFlags.join(', ')}</span>` : ''}</dd>
      <dt>${t('kind', lang)}</dt>
      <dd>${kindName(s.kind, lang)}</dd>
      <dt>${t('date', lang)}</dt>
      <dd>${p.date}</dd>
      <dt>${t('policyVersion', lang)}</dt>
      <dd>${p.policyVersion}</dd>
    </dl>
    ${s.kind === 'natural-person' ? html`<p class="notice">${t('personNote', lang)}</p>` : ''}
    <form method="get" action="/subjects/${encodeURIComponent(s.code)}" class="search">
      <label for="asof" style="width:100%;margin:0">${t('asOf', lang)}</label>
      <input id="asof" name="asOf" type="date" value="${p.date}" />
      <button type="submit">${t('show', lang)}</button>
    </form>
    ${
      evaluations.length > 0
        ? html`<h2>${t('evaluation', lang)}</h2>
            <ul>
              ${evaluations.map((e) => html`<li>${tx(e.name, lang)}：${e.published && e.tier ? `${e.tier}${e.tierLabel ? `（${tx(e.tierLabel, lang)}）` : ''}` : t('notPublished', lang)}</li>`)}
            </ul>`
        : ''
    }
    <h2>${t('listEntries', lang)}</h2>
    ${p.listEntries.length ? entryTable(p.listEntries, lang) : html`<p>${t('noEntries', lang)}</p>`}
    <h2>${t('records', lang)}</h2>
    ${p.records.length ? recordTable(p.records, policy, lang) : html`<p>${t('noRecords', lang)}</p>`}
    <p><a href="/reports/new?subject=${encodeURIComponent(s.code)}">${t('downloadReport', lang)}</a></p>`;
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
  def: { code: string; name: { zh: string; en: string }; inclusion: { description: string }; duration: string; legalBasis: LegalBasis[] },
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
    <p>${def.inclusion.description}</p>
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

export function statisticsPage(
  lang: Lang,
  policy: Policy,
  data: {
    byCategoryYear: Array<{ category: string; year: number; n: number }>;
    lists: Array<{ name: { zh: string; en: string }; inForce: number }>;
    applied: Array<{ measure: string; times: number }>;
    checks: Array<{ outcome: string; checks: number }>;
    /** When the counts were taken (local time of the pack). */
    countedAt: string;
  },
): Raw {
  const years = [...new Set(data.byCategoryYear.map((r) => r.year))].sort();
  const categories = [...new Set(data.byCategoryYear.map((r) => r.category))].sort();
  const perYear = years.map((y) => ({
    label: String(y),
    parts: new Map(data.byCategoryYear.filter((r) => r.year === y).map((r) => [r.category, r.n])),
  }));
  const series = categories.map((c) => ({ key: c, label: enumLabel('category', c, lang) }));
  return html`<h1>${t('statistics', lang)}</h1>
    <p class="note">${t('countedAt', lang)}${data.countedAt}</p>
    <h2>${t('recordsByCategory', lang)}</h2>
    ${stackedBarChart(perYear, series, lang === 'zh' ? '每年作出的决定数（按类别）' : 'Decisions per year, by category')}
    <table>
      <caption class="note">
        ${t('recordsByCategory', lang)}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('category', lang)}</th>
          ${years.map((y) => html`<th scope="col">${y}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${categories.map(
          (c) =>
            html`<tr>
              <th scope="row">${enumLabel('category', c, lang)}</th>
              ${years.map((y) => html`<td>${(data.byCategoryYear.find((r) => r.category === c && r.year === y)?.n ?? 0).toLocaleString()}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>${t('listSizes', lang)}</h2>
    ${barChart(
      data.lists.map((l) => ({ label: tx(l.name, lang), value: l.inForce })),
      t('listSizes', lang),
    )}
    <h2>${t('measuresApplied', lang)}</h2>
    ${
      data.applied.length
        ? barChart(
            data.applied.map((a) => ({ label: tx(policy.measures.find((m) => m.code === a.measure)?.name, lang) || a.measure, value: a.times })),
            t('measuresApplied', lang),
          )
        : html`<p class="note">${lang === 'zh' ? '尚无反馈。' : 'No feedback yet.'}</p>`
    }
    <h2>${t('checksByOutcome', lang)}</h2>
    ${barChart(
      data.checks.map((c) => ({
        label: c.outcome === 'none' ? (lang === 'zh' ? '无适用措施' : 'no measure') : enumLabel('effect', c.outcome, lang),
        value: c.checks,
      })),
      t('checksByOutcome', lang),
    )}
    ${raw('')}`;
}
