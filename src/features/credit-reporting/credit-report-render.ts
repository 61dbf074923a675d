// The financial credit report as HTML, in Chinese or English: every section of the report's types
// (src/domain/credit-reporting/report.ts) in the second-generation report's order: identity
// (masked), summary, accounts by type with the repayment grid, guarantees given, public records,
// statements and dispute marks, inquiry records. A fragment for a page; the portal frames it.
import { html, table, td, type Raw } from '../../http/html.ts';
import { tx, type Lang } from '../../http/i18n.ts';
import { ADVERSE_STATUSES } from '../../domain/credit-reporting/standard.ts';
import type { CreditAccountDetail, CreditDisputeMark, CreditReport } from '../../domain/credit-reporting/report.ts';
import { SCORE_LABELS, scoreRows } from './credit-report-score.ts';

export const CREDIT_LABELS = {
  personTitle: { zh: '个人信用报告', en: 'Personal credit report' },
  organisationTitle: { zh: '企业信用报告', en: 'Enterprise credit report' },
  asOf: { zh: '报告日期', en: 'Report date' },
  identity: { zh: '身份信息', en: 'Identity' },
  kind: { zh: '主体类型', en: 'Kind' },
  person: { zh: '自然人', en: 'Natural person' },
  organisation: { zh: '企业', en: 'Enterprise' },
  idNumber: { zh: '证件号码', en: 'Identity number' },
  name: { zh: '名称', en: 'Name' },
  summary: { zh: '信息概要', en: 'Summary' },
  accountCount: { zh: '账户数', en: 'Accounts' },
  openCount: { zh: '未结清账户数', en: 'Open accounts' },
  totalLimit: { zh: '授信总额（元）', en: 'Total limits (yuan)' },
  totalPrincipal: { zh: '借款总额（元）', en: 'Total principal (yuan)' },
  totalBalance: { zh: '余额（元）', en: 'Balances (yuan)' },
  worst: { zh: '近24个月最差还款状态', en: 'Worst status in 24 months' },
  writtenOff: { zh: '呆账账户数', en: 'Written-off accounts' },
  guaranteesGiven: { zh: '对外担保', en: 'Guarantees given' },
  inquiriesCount: { zh: '查询次数（近1年/近2年）', en: 'Inquiries (1 year / 2 years)' },
  none: { zh: '无', en: 'None' },
  details: { zh: '信贷交易明细', en: 'Credit transactions' },
  furnisher: { zh: '机构', en: 'Institution' },
  account: { zh: '账户', en: 'Account' },
  openedOn: { zh: '开立日期', en: 'Opened on' },
  currency: { zh: '币种', en: 'Currency' },
  limit: { zh: '授信额度', en: 'Limit' },
  principal: { zh: '借款金额', en: 'Principal' },
  term: { zh: '期限（月）', en: 'Term (months)' },
  state: { zh: '账户状态', en: 'State' },
  balance: { zh: '余额', en: 'Balance' },
  latestMonth: { zh: '最近月份', en: 'Latest month' },
  status: { zh: '还款状态', en: 'Status' },
  guarantors: { zh: '担保人', en: 'Guarantors' },
  grid: { zh: '还款记录（每月）', en: 'Repayment record (monthly)' },
  month: { zh: '月份', en: 'Month' },
  disputed: { zh: '异议中', en: 'disputed' },
  guarantees: { zh: '相关还款责任（担保）', en: 'Repayment responsibilities (guarantees)' },
  borrower: { zh: '借款人', en: 'Borrower' },
  amount: { zh: '金额', en: 'Amount' },
  publicRecords: { zh: '公共信息', en: 'Public information' },
  item: { zh: '事项', en: 'Item' },
  agency: { zh: '机关', en: 'Authority' },
  decision: { zh: '决定', en: 'Decision' },
  publicity: { zh: '公示期', en: 'Publicity' },
  basis: { zh: '依据', en: 'Legal basis' },
  list: { zh: '名单', en: 'List' },
  listedOn: { zh: '列入日期', en: 'Listed on' },
  until: { zh: '至', en: 'Until' },
  annotations: { zh: '声明及异议标注', en: 'Statements and dispute marks' },
  statement: { zh: '本人声明', en: 'Personal statement' },
  noStatement: { zh: '无本人声明。', en: 'No personal statement.' },
  disputes: { zh: '异议标注', en: 'Dispute marks' },
  objection: { zh: '异议', en: 'Objection' },
  filedOn: { zh: '提出日期', en: 'Filed on' },
  dueOn: { zh: '答复期限', en: 'Answer due' },
  wholeAccount: { zh: '整个账户', en: 'whole account' },
  inquiries: { zh: '查询记录', en: 'Inquiry records' },
  date: { zh: '查询日期', en: 'Date' },
  institution: { zh: '查询机构', en: 'Institution' },
  purpose: { zh: '查询原因', en: 'Purpose' },
} as const;

export const ACCOUNT_STATE_LABELS = {
  open: { zh: '正常', en: 'Open' },
  settled: { zh: '结清', en: 'Settled' },
  closed: { zh: '关闭', en: 'Closed' },
  'written-off': { zh: '呆账', en: 'Written off' },
} as const;

export const DISPUTE_STATE_LABELS: Record<string, { zh: string; en: string }> = {
  open: { zh: '待机构答复', en: 'awaiting the answer' },
  escalated: { zh: '逾期未答复，已报监管', en: 'unanswered, escalated to the regulator' },
};

export const money = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/** The repayment grid: months across, the status under each (blank: no statement, or past its five years). */
function grid(a: CreditAccountDetail, marks: readonly CreditDisputeMark[], lang: Lang): Raw {
  const disputedMonth = (m: string) => marks.some((d) => d.furnisher === a.furnisher.code && d.account === a.account && d.month === m);
  return html`<table class="grid" style="font-size:.8rem;table-layout:fixed">
    <caption class="note">
      ${tx(CREDIT_LABELS.grid, lang)} · ${a.grid[0]?.month ?? ''} – ${a.grid.at(-1)?.month ?? ''}
    </caption>
    <thead>
      <tr>
        <th scope="row" style="white-space:nowrap">${tx(CREDIT_LABELS.month, lang)}</th>
        ${a.grid.map((g) => html`<th scope="col" title="${g.month}">${g.month.slice(5)}</th>`)}
      </tr>
    </thead>
    <tbody>
      <tr>
        <th scope="row" style="white-space:nowrap">${tx(CREDIT_LABELS.status, lang)}</th>
        ${a.grid.map((g) => {
          // A month's status, red when adverse, with † when the month is disputed.
          const text = `${g.status ?? ''}${disputedMonth(g.month) ? '†' : ''}`;
          return g.status !== null && ADVERSE_STATUSES.has(g.status)
            ? html`<td data-month="${g.month}" class="neg">${text}</td>`
            : html`<td data-month="${g.month}">${text}</td>`;
        })}
      </tr>
    </tbody>
  </table>`;
}

function accountSection(a: CreditAccountDetail, marks: readonly CreditDisputeMark[], lang: Lang): Raw {
  const wholeDisputed = marks.some((d) => d.furnisher === a.furnisher.code && d.account === a.account && d.month === null);
  return html`<section class="credit-account">
    <h4>${a.furnisher.name} · ${a.account}${wholeDisputed ? html` <span class="badge warn">${tx(CREDIT_LABELS.disputed, lang)}</span>` : ''}</h4>
    <dl class="summary">
      <dt>${tx(CREDIT_LABELS.openedOn, lang)}</dt>
      <dd>${a.openedOn}</dd>
      <dt>${tx(CREDIT_LABELS.currency, lang)}</dt>
      <dd>${a.currency}</dd>
      ${
        a.limit !== null
          ? html`<dt>${tx(CREDIT_LABELS.limit, lang)}</dt>
              <dd>${money(a.limit)}</dd>`
          : ''
      }
      ${
        a.principal !== null
          ? html`<dt>${tx(CREDIT_LABELS.principal, lang)}</dt>
              <dd>${money(a.principal)}</dd>`
          : ''
      }
      ${
        a.termMonths !== null
          ? html`<dt>${tx(CREDIT_LABELS.term, lang)}</dt>
              <dd>${a.termMonths}</dd>`
          : ''
      }
      <dt>${tx(CREDIT_LABELS.state, lang)}</dt>
      <dd>${tx(ACCOUNT_STATE_LABELS[a.state], lang)}</dd>
      ${
        a.latest
          ? html`<dt>${tx(CREDIT_LABELS.latestMonth, lang)}</dt>
              <dd>${a.latest.month}</dd>
              <dt>${tx(CREDIT_LABELS.balance, lang)}</dt>
              <dd>${money(a.latest.balance)}</dd>`
          : ''
      }
      ${
        a.guarantors.length
          ? html`<dt>${tx(CREDIT_LABELS.guarantors, lang)}</dt>
              <dd>${a.guarantors.join('、')}</dd>`
          : ''
      }
    </dl>
    ${grid(a, marks, lang)}
  </section>`;
}

/** A person's score section; none for an organisation, whose report has no score. */
function scoreSection(r: CreditReport, lang: Lang): Raw | '' {
  if (!r.score) return '';
  const rows = scoreRows(r.score, lang);
  const heading = html`<h3>${tx(SCORE_LABELS.heading, lang)}</h3>`;
  if (typeof rows === 'string')
    return html`<section class="credit-score" aria-label="${tx(SCORE_LABELS.heading, lang)}">
      ${heading}
      <p>${rows}</p>
    </section>`;
  return html`<section class="credit-score" aria-label="${tx(SCORE_LABELS.heading, lang)}">
    ${heading}
    <dl class="summary">
      ${rows.pairs.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd>${v}</dd>`,
      )}
    </dl>
    <h4>${tx(SCORE_LABELS.reasons, lang)}</h4>
    ${rows.reasons.rows.length ? table(rows.reasons.head, rows.reasons.rows, (x) => x) : html`<p>${tx(SCORE_LABELS.noReasons, lang)}</p>`}
    <h4>${tx(SCORE_LABELS.attributes, lang)}</h4>
    ${table(rows.attributes.head, rows.attributes.rows, (x) => x)}
    <p class="note">${tx(SCORE_LABELS.note, lang)}</p>
  </section>`;
}

/** The report as an HTML fragment, headed at level 2. */
export function creditReportHtml(r: CreditReport, lang: Lang): Raw {
  const s = r.summary;
  const yes = (n: number) => String(n);
  const title = tx(r.identity.kind === 'person' ? CREDIT_LABELS.personTitle : CREDIT_LABELS.organisationTitle, lang);
  return html`<article class="credit-report" aria-label="${title}">
    <h2>${title}</h2>
    <p class="note">${tx(CREDIT_LABELS.asOf, lang)}：${r.asOf}</p>

    <h3>${tx(CREDIT_LABELS.identity, lang)}</h3>
    <dl class="summary">
      <dt>${tx(CREDIT_LABELS.kind, lang)}</dt>
      <dd>${tx(r.identity.kind === 'person' ? CREDIT_LABELS.person : CREDIT_LABELS.organisation, lang)}</dd>
      <dt>${tx(CREDIT_LABELS.idNumber, lang)}</dt>
      <dd>${r.identity.masked}</dd>
      ${
        r.identity.name
          ? html`<dt>${tx(CREDIT_LABELS.name, lang)}</dt>
              <dd>${r.identity.name}</dd>`
          : ''
      }
    </dl>

    <h3>${tx(CREDIT_LABELS.summary, lang)}</h3>
    <dl class="summary">
      <dt>${tx(CREDIT_LABELS.accountCount, lang)}</dt>
      <dd>${yes(s.accountCount)}</dd>
      <dt>${tx(CREDIT_LABELS.openCount, lang)}</dt>
      <dd>${yes(s.openCount)}</dd>
      <dt>${tx(CREDIT_LABELS.totalLimit, lang)}</dt>
      <dd>${money(s.totalLimit)}</dd>
      <dt>${tx(CREDIT_LABELS.totalPrincipal, lang)}</dt>
      <dd>${money(s.totalPrincipal)}</dd>
      <dt>${tx(CREDIT_LABELS.totalBalance, lang)}</dt>
      <dd>${money(s.totalBalance)}</dd>
      <dt>${tx(CREDIT_LABELS.worst, lang)}</dt>
      <dd>${s.worstStatus24 ?? tx(CREDIT_LABELS.none, lang)}</dd>
      <dt>${tx(CREDIT_LABELS.writtenOff, lang)}</dt>
      <dd>${yes(s.writtenOffCount)}</dd>
      <dt>${tx(CREDIT_LABELS.guaranteesGiven, lang)}</dt>
      <dd>${yes(s.guaranteesGiven.count)} · ${money(s.guaranteesGiven.amount)}</dd>
      <dt>${tx(CREDIT_LABELS.inquiriesCount, lang)}</dt>
      <dd>${yes(s.inquiries.lastYear)} / ${yes(s.inquiries.lastTwoYears)}</dd>
    </dl>
    ${scoreSection(r, lang)}

    <h3>${tx(CREDIT_LABELS.details, lang)}</h3>
    ${r.accounts.length === 0 ? html`<p>${tx(CREDIT_LABELS.none, lang)}</p>` : ''}
    ${r.accounts.map(
      (g) =>
        html`<section>
          <h3>${tx(g.label, lang)}</h3>
          ${g.accounts.map((a) => accountSection(a, r.disputes, lang))}
        </section>`,
    )}

    <h3>${tx(CREDIT_LABELS.guarantees, lang)}</h3>
    ${
      r.guarantees.length === 0
        ? html`<p>${tx(CREDIT_LABELS.none, lang)}</p>`
        : table(
            [
              tx(CREDIT_LABELS.furnisher, lang),
              tx(CREDIT_LABELS.account, lang),
              tx(CREDIT_LABELS.borrower, lang),
              tx(CREDIT_LABELS.amount, lang),
              tx(CREDIT_LABELS.state, lang),
              tx(CREDIT_LABELS.balance, lang),
              tx(CREDIT_LABELS.status, lang),
            ],
            r.guarantees,
            (g) => [
              g.furnisher.name,
              g.account,
              g.borrower,
              `${money(g.amount)} ${g.currency}`,
              tx(ACCOUNT_STATE_LABELS[g.state], lang),
              money(g.balance),
              g.status ?? '—',
            ],
          )
    }

    <h3>${tx(CREDIT_LABELS.publicRecords, lang)}</h3>
    ${
      r.publicRecords.records.length === 0 && r.publicRecords.listEntries.length === 0
        ? html`<p>${tx(CREDIT_LABELS.none, lang)}</p>`
        : html`${
            r.publicRecords.records.length
              ? table(
                  [
                    tx(CREDIT_LABELS.item, lang),
                    tx(CREDIT_LABELS.agency, lang),
                    tx(CREDIT_LABELS.decision, lang),
                    tx(CREDIT_LABELS.publicity, lang),
                    tx(CREDIT_LABELS.basis, lang),
                  ],
                  r.publicRecords.records,
                  (p) => [
                    tx(p.itemName, lang),
                    p.agency,
                    Object.values(p.decision).join(' · '),
                    `${p.publicity.start ?? ''} – ${p.publicity.end ?? ''}`,
                    p.legalBasis.map((b) => `${tx(b.instrument, lang)}${b.articles ? ` ${b.articles}` : ''}`).join('；'),
                  ],
                )
              : ''
          }
          ${
            r.publicRecords.listEntries.length
              ? table(
                  [
                    tx(CREDIT_LABELS.list, lang),
                    tx(CREDIT_LABELS.agency, lang),
                    tx(CREDIT_LABELS.listedOn, lang),
                    tx(CREDIT_LABELS.until, lang),
                    tx(CREDIT_LABELS.basis, lang),
                  ],
                  r.publicRecords.listEntries,
                  (e) => [
                    tx(e.listName, lang),
                    e.decidingAgency,
                    e.listedOn ?? '',
                    e.until ?? '',
                    e.legalBasis.map((b) => `${tx(b.instrument, lang)}${b.articles ? ` ${b.articles}` : ''}`).join('；'),
                  ],
                )
              : ''
          }`
    }

    <h3>${tx(CREDIT_LABELS.annotations, lang)}</h3>
    <h4>${tx(CREDIT_LABELS.statement, lang)}</h4>
    ${
      r.statement
        ? html`<blockquote class="credit-statement">${r.statement.text}</blockquote>
            <p class="note">${r.statement.addedOn}</p>`
        : html`<p>${tx(CREDIT_LABELS.noStatement, lang)}</p>`
    }
    <h4>${tx(CREDIT_LABELS.disputes, lang)}</h4>
    ${
      r.disputes.length === 0
        ? html`<p>${tx(CREDIT_LABELS.none, lang)}</p>`
        : table(
            [
              tx(CREDIT_LABELS.objection, lang),
              tx(CREDIT_LABELS.furnisher, lang),
              tx(CREDIT_LABELS.account, lang),
              tx(CREDIT_LABELS.month, lang),
              tx(CREDIT_LABELS.filedOn, lang),
              tx(CREDIT_LABELS.dueOn, lang),
              tx(CREDIT_LABELS.state, lang),
            ],
            r.disputes,
            (d) => [
              d.objection,
              d.furnisher,
              d.account,
              d.month ?? tx(CREDIT_LABELS.wholeAccount, lang),
              d.filedOn,
              d.dueOn,
              td(d.state === 'escalated' ? 'neg' : 'warn', tx(DISPUTE_STATE_LABELS[d.state], lang) || d.state),
            ],
          )
    }

    <h3>${tx(CREDIT_LABELS.inquiries, lang)}</h3>
    ${
      r.inquiries.length === 0
        ? html`<p>${tx(CREDIT_LABELS.none, lang)}</p>`
        : table([tx(CREDIT_LABELS.date, lang), tx(CREDIT_LABELS.institution, lang), tx(CREDIT_LABELS.purpose, lang)], r.inquiries, (i) => [
            i.date,
            i.institution.name,
            tx(i.purposeLabel, lang) || i.purpose,
          ])
    }
  </article>`;
}
