// The person's credit rights on its own page (/me): the own report last obtained, the count of the
// year's free reports and the form that obtains the next (accepting its fee when one is due), the
// objections and their states with the form that files one, and the personal statement's form.
// Each form is one service call, then back to /me with the outcome (CSRF as every /me form).
import { Type } from '@sinclair/typebox';
import { formSchema, type Portal } from '../../http/portal.ts';
import { html, table, td, type Raw } from '../../http/html.ts';
import { tx, type Lang } from '../../http/i18n.ts';
import { checked } from '../../http/validation.ts';
import type { Principal } from '../../kernel/principal.ts';
import { STATEMENT_MAX_CODE_POINTS, type CreditObjectionState } from '../../domain/credit-reporting/disputes.ts';
import type { CreditDisputesService } from './credit-disputes.service.ts';
import type { CreditRightsService } from './credit-rights.service.ts';
import { FileCreditObjectionBody } from './credit-rights.schemas.ts';
import { creditReportHtml } from './credit-report-render.ts';

const text = Type.Optional(Type.String());
const OwnReportForm = formSchema({ acceptFee: text, lang: text });
const CreditObjectionForm = formSchema({ furnisher: text, account: text, month: text, reason: text });
const CreditStatementForm = formSchema({ text });

const L = {
  heading: { zh: '我的征信', en: 'My credit report' },
  count: {
    zh: (y: number, n: number, free: number, left: number) => `${y} 年已获取本人信用报告 ${n} 次；每年免费 ${free} 次，尚余 ${left} 次。`,
    en: (y: number, n: number, free: number, left: number) => `Own reports obtained in ${y}: ${n}. ${free} a year are free; ${left} left.`,
  },
  fee: { zh: (fee: number) => `下一份报告收费 ${fee} 元。`, en: (fee: number) => `The next report costs ${fee} yuan.` },
  acceptFee: { zh: (fee: number) => `我同意支付 ${fee} 元`, en: (fee: number) => `I accept the fee of ${fee} yuan` },
  obtain: { zh: '获取本人信用报告', en: 'Obtain my credit report' },
  lastServed: { zh: '以下为最近一次获取的报告，获取日期：', en: 'The report last obtained, on ' },
  noneServed: { zh: '尚未获取过本人信用报告。', en: 'No own report obtained yet.' },
  signed: { zh: '签名报告核验码：', en: 'Signed report, verification code:' },
  verify: { zh: '核验', en: 'Verify' },
  objections: { zh: '我的异议', en: 'My objections' },
  noObjections: { zh: '没有提出过异议。', en: 'No objections filed.' },
  fileObjection: { zh: '对账户或某月记录提出异议（机构须在20日内答复）', en: 'Object to an account or a month of it (the institution answers within 20 days)' },
  furnisher: { zh: '机构代码', en: 'Institution code' },
  account: { zh: '账户', en: 'Account' },
  month: { zh: '月份（YYYY-MM，留空表示整个账户）', en: 'Month (YYYY-MM; blank for the whole account)' },
  reason: { zh: '异议理由', en: 'Reason' },
  submit: { zh: '提交', en: 'Submit' },
  filedOn: { zh: '提出日期', en: 'Filed on' },
  dueOn: { zh: '答复期限', en: 'Answer due' },
  state: { zh: '状态', en: 'State' },
  answer: { zh: '答复', en: 'Answer' },
  statement: { zh: '本人声明', en: 'Personal statement' },
  statementHint: {
    zh: `最多 ${STATEMENT_MAX_CODE_POINTS} 字，添加后显示在信用报告中；再次提交即替换。`,
    en: `At most ${STATEMENT_MAX_CODE_POINTS} characters, shown on your credit report; submitting again replaces it.`,
  },
} as const;

const STATES: Record<CreditObjectionState, { zh: string; en: string }> = {
  open: { zh: '待答复', en: 'awaiting the answer' },
  escalated: { zh: '逾期未答复，已报监管', en: 'unanswered in time: escalated to the regulator' },
  answered: { zh: '已答复', en: 'answered' },
};

const OUTCOMES: Record<string, { zh: string; en: string }> = {
  'upheld-corrected': { zh: '异议成立，已更正', en: 'upheld, corrected' },
  rejected: { zh: '异议不成立', en: 'rejected' },
};

export interface CreditPageDeps {
  disputes: CreditDisputesService;
  rights: CreditRightsService;
}

/**
 * The credit section of a subject's own page, or null for a subject the furnished data does not
 * know and that never obtained a report (its page stays as it was).
 */
export async function creditSection(deps: CreditPageDeps, subject: Principal & { kind: 'account' }, lang: Lang, csrf: string): Promise<Raw | null> {
  const key = subject.account.subjectKey!;
  const last = await deps.rights.lastServed(subject);
  if (!last && !(await deps.rights.knows(key))) return null;
  const count = await deps.rights.standing(subject);
  const objections = await deps.disputes.mine(subject);
  const statement = last?.report.statement?.text ?? '';
  return html`<section id="credit" aria-labelledby="credit-heading">
    <h2 id="credit-heading">${tx(L.heading, lang)}</h2>
    <p class="notice" id="credit-count">
      ${L.count[lang](count.period, count.served, count.freePerYear, count.freeRemaining)} ${count.nextFee > 0 ? L.fee[lang](count.nextFee) : ''}
    </p>
    <form method="post" action="/me/credit-report">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <input type="hidden" name="lang" value="${lang}" />
      ${count.nextFee > 0 ? html`<label><input type="checkbox" name="acceptFee" value="true" /> ${L.acceptFee[lang](count.nextFee)}</label>` : ''}
      <button type="submit">${tx(L.obtain, lang)}</button>
    </form>
    ${
      last
        ? html`<p class="note">${tx(L.lastServed, lang)}${last.servedOn}</p>
            <p id="credit-signed">
              ${tx(L.signed, lang)} <code>${last.signed.code}</code> · <a href="${last.signed.htmlPath}">HTML</a> · <a href="${last.signed.pdfPath}">PDF</a> ·
              <a href="${last.signed.portalVerifyPath}">${tx(L.verify, lang)}</a>
            </p>
            ${creditReportHtml(last.report, lang)}`
        : html`<p>${tx(L.noneServed, lang)}</p>`
    }

    <h2>${tx(L.objections, lang)}</h2>
    ${
      objections.length === 0
        ? html`<p>${tx(L.noObjections, lang)}</p>`
        : table(
            ['ID', tx(L.furnisher, lang), tx(L.account, lang), tx(L.filedOn, lang), tx(L.dueOn, lang), tx(L.state, lang), tx(L.answer, lang)],
            objections,
            (o) => [
              o.objectionId,
              o.furnisher,
              `${o.account}${o.month ? ` · ${o.month}` : ''}`,
              o.filedOn,
              o.dueOn,
              td(o.state === 'escalated' ? 'neg' : o.state === 'open' ? 'warn' : '', tx(STATES[o.state], lang)),
              o.outcome ? `${tx(OUTCOMES[o.outcome], lang)}（${o.answeredOn}）：${o.explanation ?? ''}` : '',
            ],
          )
    }
    <form method="post" action="/me/credit-objections">
      <h3>${tx(L.fileObjection, lang)}</h3>
      <input type="hidden" name="_csrf" value="${csrf}" />
      <label for="co-furnisher">${tx(L.furnisher, lang)}</label><input id="co-furnisher" name="furnisher" required />
      <label for="co-account">${tx(L.account, lang)}</label><input id="co-account" name="account" required /> <label for="co-month">${tx(L.month, lang)}</label
      ><input id="co-month" name="month" pattern="\\d{4}-\\d{2}" /> <label for="co-reason">${tx(L.reason, lang)}</label
      ><textarea id="co-reason" name="reason" required></textarea>
      <button type="submit">${tx(L.submit, lang)}</button>
    </form>

    <form method="post" action="/me/credit-statement">
      <h2>${tx(L.statement, lang)}</h2>
      <p class="note">${tx(L.statementHint, lang)}</p>
      <input type="hidden" name="_csrf" value="${csrf}" />
      <label for="cs-text">${tx(L.statement, lang)}</label><textarea id="cs-text" name="text" required>${statement}</textarea>
      <button type="submit">${tx(L.submit, lang)}</button>
    </form>
  </section>`;
}

export function creditReportPages(portal: Portal, deps: CreditPageDeps): void {
  portal.meForm('/me/credit-report', OwnReportForm, 'credit-report', (subject, body) =>
    deps.rights.ownReport(subject, { acceptFee: body.acceptFee === 'true', months: 24, lang: body.lang === 'en' ? 'en' : 'zh' }),
  );
  portal.meForm('/me/credit-objections', CreditObjectionForm, 'credit-objection', (subject, body) =>
    deps.disputes.file(
      subject,
      checked(
        FileCreditObjectionBody,
        { furnisher: body.furnisher ?? '', account: body.account ?? '', ...(body.month ? { month: body.month } : {}), reason: body.reason ?? '' },
        'the objection',
      ),
    ),
  );
  portal.meForm('/me/credit-statement', CreditStatementForm, 'credit-statement', (subject, body) => deps.disputes.makeStatement(subject, body.text ?? ''));
}
