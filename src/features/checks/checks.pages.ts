// The checks' pages: the published statistics (records by category and year, list sizes,
// measures applied, checks by outcome) and, for a subject, the checks run about it.
import type { Portal } from '../../http/portal.ts';
import { html, raw, table, type Raw } from '../../http/html.ts';
import { t, tx, type Lang } from '../../http/i18n.ts';
import { barChart, stackedBarChart } from '../../http/charts.ts';
import { actorName } from '../../http/page-parts.ts';
import { enumLabel } from '../../domain/labels.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { CheckService } from './check.service.ts';
import type { RecordStatistics } from '../records/record-statistics.service.ts';

export function checkPages(portal: Portal, deps: { checks: CheckService; recordStatistics: RecordStatistics; policy: Policy }): void {
  const { checks, policy } = deps;

  portal.page('/statistics', async (request, reply, v) => {
    const { byCategoryYear, lists, countedAt } = await deps.recordStatistics.published();
    const stats = await checks.statistics();
    // The page shows checks by outcome across scenarios.
    const byOutcome = stats.checks.reduce<Array<{ outcome: string; checks: number }>>((acc, r) => {
      const found = acc.find((a) => a.outcome === r.outcome);
      if (found) found.checks += r.checks;
      else acc.push({ outcome: r.outcome, checks: r.checks });
      return acc;
    }, []);
    return portal.show(
      request,
      reply,
      v,
      t('statistics', v.lang),
      statisticsPage(v.lang, policy, { byCategoryYear, lists, applied: stats.measuresApplied, checks: byOutcome, countedAt }),
    );
  });

  portal.ownPage('/me/checks', async (request, reply, v) =>
    portal.show(
      request,
      reply,
      v,
      t('checksAboutMe', v.lang),
      checksPage(v.lang, (await checks.about(v.account.subjectKey)) as Array<Record<string, unknown>>, policy),
    ),
  );
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
        label: enumLabel('outcome', c.outcome, lang),
        value: c.checks,
      })),
      t('checksByOutcome', lang),
    )}
    ${raw('')}`;
}

export function checksPage(lang: Lang, checks: ReadonlyArray<Record<string, unknown>>, policy: Policy): Raw {
  return html`<h1>${t('checksAboutMe', lang)}</h1>
    <p><a href="/me">${t('everything', lang)}</a></p>
    ${table([t('when', lang), t('who', lang), t('scenario', lang), t('outcome', lang)], checks, (c) => [
      new Date(c.askedAt as string).toISOString(),
      actorName(String(c.askedBy), lang),
      tx(policy.scenario(c.scenario as string)?.name, lang) || String(c.scenario),
      `${enumLabel('outcome', String(c.outcome), lang)}${(c.measures as string[]).length ? ` · ${(c.measures as string[]).map((m) => tx(policy.measures.find((d) => d.code === m)?.name, lang) || m).join(lang === 'zh' ? '、' : ', ')}` : ''}`,
    ])}`;
}
