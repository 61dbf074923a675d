// The subjects' pages as HTML: the home page, a subject's public profile (its list entries and
// records as the pack discloses them), and a subject's own page (everything at every disclosure
// level, evaluations with their explanation, the forms of due process) and access log.
import type { EvaluationHistoryEntry } from '../evaluation/evaluation.service.ts';
import { html, table, td, type Raw } from '../../http/html.ts';
import { t, tx, type Lang } from '../../http/i18n.ts';
import { actorName, csrfField, fieldValueText, kindName, legalBasisList, marks, reportForm, searchForm } from '../../http/page-parts.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import { ENUM_LABELS, enumLabel } from '../../domain/labels.ts';
import type { OwnView, PublicProfile, PublicRecordView, PublicListEntryView } from './subject.service.ts';
import type { AccessEntry } from '../access-log/access-log.service.ts';

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

export function recordTable(records: readonly PublicRecordView[], policy: Policy, lang: Lang): Raw {
  return html`${records.map((r) => {
    const item = policy.item(r.item);
    const field = (name: string) => item?.fields.find((f) => f.name === name);
    const label = (name: string) => tx(field(name)?.label, lang) || name;
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
                <td>${fieldValueText(field(k), v, lang)}</td>
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
      <p class="note">
        <a href="/records/${encodeURIComponent(r.recordId)}/proof?version=${r.version}">${lang === 'zh' ? '账本存证证明' : 'Ledger proof'}</a>
      </p>
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

/** An evaluation as the public sees it: the tier only where the scorecard publishes it. */
export interface PublicEvaluationView {
  scorecard: string;
  name?: { zh: string; en: string };
  tier: string | null;
  tierLabel: { zh: string; en: string } | null;
  published: boolean;
  /** A published grade an authority filed: the date of its decision. */
  filed?: { decisionDate: string } | null;
}

/** "（评定于 2026-04-01）": when the authority decided a grade it filed. */
const gradedOn = (filed: { decisionDate: string } | null | undefined, lang: Lang): string =>
  filed ? (lang === 'zh' ? `（评定于 ${filed.decisionDate}）` : ` (graded on ${filed.decisionDate})`) : '';

export function profilePage(lang: Lang, policy: Policy, p: PublicProfile, evaluations: readonly PublicEvaluationView[], csrf: string): Raw {
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
    <form method="get" class="search">
      <label for="asof" style="width:100%;margin:0">${t('asOf', lang)}</label>
      <input id="asof" name="asOf" type="date" value="${p.date}" />
      <button type="submit">${t('show', lang)}</button>
    </form>
    ${
      evaluations.length > 0
        ? html`<h2>${t('evaluation', lang)}</h2>
            <ul>
              ${evaluations.map((e) => html`<li>${tx(e.name, lang)}：${e.published && e.tier ? `${e.tier}${e.tierLabel ? `（${tx(e.tierLabel, lang)}）` : ''}${gradedOn(e.filed, lang)}` : t('notPublished', lang)}</li>`)}
            </ul>`
        : ''
    }
    <h2>${t('listEntries', lang)}</h2>
    ${p.listEntries.length ? entryTable(p.listEntries, lang) : html`<p>${t('noEntries', lang)}</p>`}
    <h2>${t('records', lang)}</h2>
    ${p.records.length ? recordTable(p.records, policy, lang) : html`<p>${t('noRecords', lang)}</p>`}
    <h2>${t('report', lang)}</h2>
    ${reportForm(lang, csrf, s.kind === 'natural-person' ? '' : s.code, 'public')}`;
}

export function mePage(
  lang: Lang,
  policy: Policy,
  me: OwnView,
  evaluations: Array<Record<string, any>>,
  history: readonly EvaluationHistoryEntry[],
  csrf: string,
  flash: { ok?: string; error?: string },
  repairFrom: Map<string, RepairOutlook>,
): Raw {
  const fieldDef = (item: string, field: string) => policy.item(item)?.fields.find((f) => f.name === field);
  const disclosure = (item: string, field: string) => fieldDef(item, field)?.disclosure ?? 'public';
  const label = (item: string, field: string) => tx(fieldDef(item, field)?.label, lang) || field;
  const cases = ['ID', t('subject', lang), t('status', lang), t('deadline', lang)];
  return html`<h1>${t('everything', lang)}</h1>
    ${flash.ok ? html`<p class="notice" role="status">${flash.ok}</p>` : ''} ${flash.error ? html`<p class="error" role="alert">${flash.error}</p>` : ''}
    <dl class="summary">
      <dt>${t('name', lang)}</dt>
      <dd>${me.subject.name}</dd>
      <dt>${t('code', lang)}</dt>
      <dd>${me.subject.code}</dd>
      <dt>${t('kind', lang)}</dt>
      <dd>${kindName(me.subject.kind, lang)}</dd>
    </dl>
    <p><a href="/me/access-log">${t('accessLog', lang)}</a> · <a href="/me/checks">${t('checksAboutMe', lang)}</a></p>
    ${reportForm(lang, csrf, me.subject.kind === 'natural-person' ? '' : me.subject.code, 'full')}

    <h2>${t('evaluation', lang)}</h2>
    ${evaluations.map(
      (e) =>
        html`<section>
          <h3>
            ${tx(e.name, lang)}：${e.effectiveTier ?? t('notGraded', lang)}${e.effectiveTierLabel ? `（${tx(e.effectiveTierLabel, lang)}）` : ''}${gradedOn(e.filed, lang)}${e.score !== null && e.score !== undefined ? html` · ${t('score', lang)} ${Number(e.score).toFixed(2)}` : ''}
          </h3>
          ${e.override ? html`<p class="notice">${t('override', lang)}：${e.override.tier} · ${e.override.reason} · ${e.override.actor} · ${e.override.at}</p>` : ''}
          ${e.tierReason && !e.filed ? html`<p class="note">${e.tierReason}</p>` : ''}
          ${
            e.factors?.length
              ? table(
                  [t('factor', lang), t('contribution', lang), t('basedOn', lang)],
                  e.factors as Array<{ code: string; contribution: number; records: string[]; entries: string[] }>,
                  (f) => [tx(e.factorNames?.[f.code], lang) || f.code, f.contribution.toFixed(2), [...f.records, ...f.entries].join(', ')],
                )
              : ''
          }
        </section>`,
    )}
    ${
      history.length
        ? html`<h3>${t('evaluationHistory', lang)}</h3>
            ${table([t('recordedAt', lang), t('evaluation', lang), t('tier', lang), t('evaluatedOn', lang), t('policyVersion', lang)], history, (h) => [
              policy.localDate(new Date(h.recordedAt)),
              tx(h.name, lang) || h.scorecard,
              h.ended ? t('evaluationEnded', lang) : `${h.tier ?? t('notGraded', lang)}${h.tierLabel ? `（${tx(h.tierLabel, lang)}）` : ''}`,
              h.date,
              h.version,
            ])}`
        : ''
    }

    <h2>${t('listEntries', lang)}</h2>
    ${table([t('lists', lang), t('status', lang), t('listedOn', lang), t('until', lang), t('deadline', lang)], me.listEntries, (e) => [
      html`${tx(policy.list(e.list)?.name, lang)} <span class="note">${e.entryId}</span>`,
      `${enumLabel('state', e.state, lang)}${e.removalReason ? ` (${enumLabel('reason', e.removalReason, lang)})` : ''}`,
      e.listedOn ?? '',
      e.until ?? '',
      e.state === 'notified' ? e.noticeDeadline : '',
    ])}
    ${me.listEntries
      .filter((e) => ACTIVE_ENTRY_STATES.has(e.state))
      .map(
        (e) =>
          html`<section aria-labelledby="e-${e.entryId}">
            <h3 id="e-${e.entryId}">${tx(policy.list(e.list)?.name, lang)} <span class="note">${e.entryId}</span></h3>
            ${
              e.state === 'notified' && e.noticeDeadline && me.date <= e.noticeDeadline
                ? html`<details data-statement-open="yes">
                    <summary>${t('stateCase', lang)} (${t('deadline', lang)} ${e.noticeDeadline})</summary>
                    <form method="post" action="/me/statements">
                      ${csrfField(csrf)}<input type="hidden" name="entryId" value="${e.entryId}" />
                      <label for="st-${e.entryId}">${t('statement', lang)}</label>
                      <textarea id="st-${e.entryId}" name="statement" required></textarea>
                      <p><button type="submit">${t('stateCase', lang)}</button></p>
                    </form>
                  </details>`
                : ''
            }
            ${objectionForm(lang, csrf, 'list-entry', e.entryId)}
            ${e.state === 'in-force' && policy.list(e.list)?.repairable ? repairForm(lang, csrf, 'list-entry', e.entryId, repairFrom.get(e.entryId)) : ''}
          </section>`,
      )}

    <h2>${lang === 'zh' ? '我的全部信用记录' : 'All my records'}</h2>
    ${me.records.map((r) => {
      const repair = repairFrom.get(r.recordId);
      return html`<section aria-labelledby="r-${r.recordId}">
        <h3 id="r-${r.recordId}">
          ${tx(r.itemName, lang)} <span class="note">${r.recordId}</span>
          ${r.publicNow ? html`<span class="badge">${t('public', lang)}</span>` : ''}${r.disputed ? html` <span class="badge warn">${t('disputed', lang)}</span>` : ''}${r.underRepair ? html` <span class="badge warn">${t('underRepair', lang)}</span>` : ''}
        </h3>
        <table>
          <tbody>
            <tr>
              <th scope="row">${t('decision', lang)}</th>
              <td>${r.decision.number} · ${r.decision.date} · ${r.decision.authority} · ${r.decision.basis}</td>
            </tr>
            ${Object.entries(r.fields).map(
              ([k, v]) =>
                html`<tr>
                  <th scope="row">${label(r.item, k)} <span class="note">(${t(disclosure(r.item, k) as 'public', lang)})</span></th>
                  <td>${fieldValueText(fieldDef(r.item, k), v, lang)}</td>
                </tr>`,
            )}
            <tr>
              <th scope="row">${t('publicUntil', lang)}</th>
              <td>
                ${r.publicityEndedOn ? `${r.publicityEndedOn}（${enumLabel('reason', r.publicityEndReason, lang)}）` : (r.publicity.end ?? t('indefinite', lang))}
              </td>
            </tr>
          </tbody>
        </table>
        ${objectionForm(lang, csrf, 'record', r.recordId)} ${r.repairable && r.publicNow ? repairForm(lang, csrf, 'record', r.recordId, repair) : ''}
      </section>`;
    })}

    <h2>${t('objections', lang)}</h2>
    ${table(cases, me.objections, (o) => [o.objectionId, `${enumLabel('targetType', o.targetType, lang)} ${o.targetId}`, enumLabel('objectionState', o.state, lang), o.deadline])}
    <h2>${t('repairs', lang)}</h2>
    ${table(cases, me.repairs, (r) => [r.repairId, `${enumLabel('targetType', r.targetType, lang)} ${r.targetId}`, enumLabel('repairState', r.state, lang), r.decideBy])}`;
}

export function accessLogPage(lang: Lang, entries: readonly AccessEntry[]): Raw {
  return html`<h1>${t('accessLog', lang)}</h1>
    <p><a href="/me">${t('everything', lang)}</a></p>
    ${table([t('when', lang), t('who', lang), t('what', lang)], entries, (e) => [
      e.at,
      actorName(e.actor, lang),
      html`${enumLabel('accessAction', e.action, lang)}${e.detail ? html` · <code>${e.detail}</code>` : ''}`,
    ])}`;
}

/** What the platform knows of repair for an item: possible now, or why not (a code the page names) and from when. */
export interface RepairOutlook {
  ok: boolean;
  possibleFrom?: string | null;
  code?: string;
  message?: string;
}

/** Entries a subject can still act on: state its case, object, apply for repair. */
const ACTIVE_ENTRY_STATES = new Set(['proposed', 'notified', 'statement-received', 'in-force']);

type TargetType = 'record' | 'list-entry';

/** The objection form for a record or a list entry. */
function objectionForm(lang: Lang, csrf: string, type: TargetType, id: string): Raw {
  return html`<details>
    <summary>${t('fileObjection', lang)}</summary>
    <form method="post" action="/me/objections">
      ${csrfField(csrf)}<input type="hidden" name="targetType" value="${type}" /><input type="hidden" name="targetId" value="${id}" />
      <label for="reasons-${id}">${t('reasons', lang)}</label>
      <textarea id="reasons-${id}" name="reasons" required></textarea>
      <label for="evidence-${id}">${t('evidence', lang)}</label>
      <textarea id="evidence-${id}" name="evidence"></textarea>
      <p><button type="submit">${t('fileObjection', lang)}</button></p>
    </form>
  </details>`;
}

/** The repair form (evidence and a signed credit commitment), with what the platform knows of eligibility. */
function repairForm(
  lang: Lang,
  csrf: string,
  type: TargetType,
  id: string,
  eligibility: RepairOutlook | undefined,
): Raw {
  return html`<details data-repair-open="${eligibility?.ok ? 'yes' : 'no'}">
    <summary>${t('applyRepair', lang)}${eligibility?.possibleFrom ? ` (${t('possibleFrom', lang)} ${eligibility.possibleFrom})` : ''}</summary>
    ${eligibility && !eligibility.ok ? html`<p class="note">${eligibility.code && ENUM_LABELS.repairRefusal?.[eligibility.code] ? enumLabel('repairRefusal', eligibility.code, lang) : eligibility.message}</p>` : ''}
    <form method="post" action="/me/repairs">
      ${csrfField(csrf)}<input type="hidden" name="targetType" value="${type}" /><input type="hidden" name="targetId" value="${id}" />
      <label for="ev-${id}">${t('evidence', lang)}</label>
      <textarea id="ev-${id}" name="evidence" required></textarea>
      <label for="cm-${id}">${t('commitment', lang)}</label>
      <textarea id="cm-${id}" name="commitment" required>
${lang === 'zh' ? '本单位承诺已纠正失信行为、履行全部法定义务，所提交材料真实有效，如有虚假愿承担相应责任。' : 'We commit that the conduct is corrected, every obligation performed and the evidence true, and accept liability for any false statement.'}</textarea>
      <label for="sg-${id}">${t('signatory', lang)}</label>
      <input id="sg-${id}" name="signatory" required />
      <p><button type="submit">${t('applyRepair', lang)}</button></p>
    </form>
  </details>`;
}
