// The financial credit report as a signed document: issued to its subject through the reports'
// signing and storage (ReportService.issueDocument: canonical JSON, SHA-256, Ed25519, a
// verification code anyone can check at /reports/verify), and laid out here for the reports'
// HTML page and PDF, which draw the same blocks.
import type { Block, ReportLayout, Section, Signed } from '../reports/layout.ts';
import type { DocumentEnvelope } from '../reports/report.service.ts';
import { apiVerifyPath, pdfPath, portalVerifyPath } from '../reports/content.ts';
import { rt } from '../reports/text.ts';
import { CREDIT_REPORT_FORMAT, type CreditAccountDetail, type CreditReport } from '../../domain/credit-reporting/report.ts';
import type { Lang } from '../../http/i18n.ts';
import { ACCOUNT_STATE_LABELS, CREDIT_LABELS as L, DISPUTE_STATE_LABELS, money } from './credit-report-render.ts';
import { SCORE_LABELS, scoreRows } from './credit-report-score.ts';

/** The format under which a financial credit report is signed and stored among the reports. */
export const CREDIT_DOCUMENT_FORMAT = CREDIT_REPORT_FORMAT;

/** A signed credit report: the reports' envelope and the report. */
export type CreditDocument = DocumentEnvelope & { creditReport: CreditReport };

const absolute = (base: string | undefined, path: string) => (base ? `${base.replace(/\/$/, '')}${path}` : path);

const INTRO = {
  zh: '本报告为信用主体本人查询的征信报告，依据《征信业管理条例》第十七条出具；平台以数字签名保证内容未被篡改，持核验码者均可核验。',
  en: "The subject's own financial credit report, issued under art. 17 of the Regulation on the Administration of the Credit Reporting Industry; the platform's signature shows it unaltered, and anyone holding the verification code can verify it.",
};
const FOOTER = {
  zh: '本报告根据放贷机构报送的信息及平台账本中的公共信息生成。对报告内容有异议的，可在平台提出异议，报送机构须在20日内核查答复；本人可添加不超过500字的声明。',
  en: 'Generated from what licensed lenders furnished and the public records of the platform’s ledger. A subject who disputes an item may object on the platform; the furnisher verifies and answers within 20 days. The subject may add a statement of up to 500 characters.',
};

function accountGroup(a: CreditAccountDetail, r: CreditReport, lang: Lang): Block {
  const disputed = r.disputes.filter((d) => d.furnisher === a.furnisher.code && d.account === a.account);
  const rows: Array<[string, string]> = [
    [L.openedOn[lang], a.openedOn],
    [L.currency[lang], a.currency],
  ];
  if (a.limit !== null) rows.push([L.limit[lang], money(a.limit)]);
  if (a.principal !== null) rows.push([L.principal[lang], money(a.principal)]);
  if (a.termMonths !== null) rows.push([L.term[lang], String(a.termMonths)]);
  rows.push([L.state[lang], ACCOUNT_STATE_LABELS[a.state][lang]]);
  if (a.latest) rows.push([L.latestMonth[lang], a.latest.month], [L.balance[lang], money(a.latest.balance)]);
  if (a.guarantors.length) rows.push([L.guarantors[lang], a.guarantors.join('、')]);
  // The grid in rows of twelve months, so the PDF's columns stay readable.
  const grid: Block[] = [];
  for (let i = 0; i < a.grid.length; i += 12) {
    const months = a.grid.slice(i, i + 12);
    grid.push({
      kind: 'table',
      caption: `${L.grid[lang]} ${months[0]!.month} – ${months.at(-1)!.month}`,
      head: months.map((m) => m.month.slice(2)),
      rows: [months.map((m) => `${m.status ?? ''}${disputed.some((d) => d.month === m.month) ? '†' : ''}`)],
    });
  }
  return {
    kind: 'group',
    heading: `${a.furnisher.name} · ${a.account}`,
    badges: disputed.some((d) => d.month === null) ? [L.disputed[lang]] : [],
    blocks: [{ kind: 'pairs', rows }, ...grid],
  };
}

const none = (lang: Lang): Block => ({ kind: 'para', text: L.none[lang] });

/** The credit report laid out for the reports' HTML page and PDF. */
export function layoutCreditDocument(content: DocumentEnvelope & Record<string, unknown>, signed: Signed, options: { baseUrl?: string }): ReportLayout {
  const c = content as unknown as CreditDocument;
  const r = c.creditReport;
  const lang: Lang = c.lang;
  const s = r.summary;
  const sections: Section[] = [];
  sections.push({
    id: 'summary',
    heading: L.summary[lang],
    blocks: [
      {
        kind: 'pairs',
        rows: [
          [L.accountCount[lang], String(s.accountCount)],
          [L.openCount[lang], String(s.openCount)],
          [L.totalLimit[lang], money(s.totalLimit)],
          [L.totalPrincipal[lang], money(s.totalPrincipal)],
          [L.totalBalance[lang], money(s.totalBalance)],
          [L.worst[lang], s.worstStatus24 ?? L.none[lang]],
          [L.writtenOff[lang], String(s.writtenOffCount)],
          [L.guaranteesGiven[lang], `${s.guaranteesGiven.count} · ${money(s.guaranteesGiven.amount)}`],
          [L.inquiriesCount[lang], `${s.inquiries.lastYear} / ${s.inquiries.lastTwoYears}`],
        ],
      },
    ],
  });
  // A person's score; an organisation's report has none, and no section for it.
  if (r.score) {
    const rows = scoreRows(r.score, lang);
    sections.push({
      id: 'score',
      heading: SCORE_LABELS.heading[lang],
      blocks:
        typeof rows === 'string'
          ? [{ kind: 'para', text: rows }]
          : [
              { kind: 'pairs', rows: rows.pairs },
              rows.reasons.rows.length
                ? { kind: 'table', caption: SCORE_LABELS.reasons[lang], head: rows.reasons.head, rows: rows.reasons.rows, widths: [2, 3, 1, 4] }
                : { kind: 'para', text: SCORE_LABELS.noReasons[lang] },
              { kind: 'table', caption: SCORE_LABELS.attributes[lang], head: rows.attributes.head, rows: rows.attributes.rows },
              { kind: 'para', text: SCORE_LABELS.note[lang] },
            ],
    });
  }
  sections.push({
    id: 'accounts',
    heading: L.details[lang],
    blocks: r.accounts.length
      ? r.accounts.map((g): Block => ({ kind: 'group', heading: g.label[lang], badges: [], blocks: g.accounts.map((a) => accountGroup(a, r, lang)) }))
      : [none(lang)],
  });
  sections.push({
    id: 'guarantees',
    heading: L.guarantees[lang],
    blocks: r.guarantees.length
      ? [
          {
            kind: 'table',
            caption: L.guarantees[lang],
            head: [L.furnisher[lang], L.account[lang], L.borrower[lang], L.amount[lang], L.state[lang], L.balance[lang], L.status[lang]],
            rows: r.guarantees.map((g) => [
              g.furnisher.name,
              g.account,
              g.borrower,
              `${money(g.amount)} ${g.currency}`,
              ACCOUNT_STATE_LABELS[g.state][lang],
              money(g.balance),
              g.status ?? '—',
            ]),
          },
        ]
      : [none(lang)],
  });
  const basis = (b: ReadonlyArray<{ instrument: { zh: string; en: string }; articles?: string }>) =>
    b.map((x) => `${x.instrument[lang]}${x.articles ? ` ${x.articles}` : ''}`).join('；');
  const publicBlocks: Block[] = [];
  if (r.publicRecords.records.length)
    publicBlocks.push({
      kind: 'table',
      caption: L.publicRecords[lang],
      head: [L.item[lang], L.agency[lang], L.decision[lang], L.publicity[lang], L.basis[lang]],
      rows: r.publicRecords.records.map((p) => [
        p.itemName[lang],
        p.agency,
        Object.values(p.decision).join(' · '),
        `${p.publicity.start ?? ''} – ${p.publicity.end ?? ''}`,
        basis(p.legalBasis),
      ]),
    });
  if (r.publicRecords.listEntries.length)
    publicBlocks.push({
      kind: 'table',
      caption: L.list[lang],
      head: [L.list[lang], L.agency[lang], L.listedOn[lang], L.until[lang], L.basis[lang]],
      rows: r.publicRecords.listEntries.map((e) => [e.listName[lang], e.decidingAgency, e.listedOn ?? '', e.until ?? '', basis(e.legalBasis)]),
    });
  sections.push({ id: 'public', heading: L.publicRecords[lang], blocks: publicBlocks.length ? publicBlocks : [none(lang)] });
  sections.push({
    id: 'annotations',
    heading: L.annotations[lang],
    blocks: [
      {
        kind: 'pairs',
        caption: L.statement[lang],
        rows: [[L.statement[lang], r.statement ? `${r.statement.text}（${r.statement.addedOn}）` : L.noStatement[lang]]],
      },
      r.disputes.length
        ? {
            kind: 'table',
            caption: L.disputes[lang],
            head: [L.objection[lang], L.furnisher[lang], L.account[lang], L.month[lang], L.filedOn[lang], L.dueOn[lang], L.state[lang]],
            rows: r.disputes.map((d) => [
              d.objection,
              d.furnisher,
              d.account,
              d.month ?? L.wholeAccount[lang],
              d.filedOn,
              d.dueOn,
              DISPUTE_STATE_LABELS[d.state]?.[lang] ?? d.state,
            ]),
          }
        : { kind: 'para', text: `${L.disputes[lang]}：${L.none[lang]}` },
    ],
  });
  sections.push({
    id: 'inquiries',
    heading: L.inquiries[lang],
    blocks: r.inquiries.length
      ? [
          {
            kind: 'table',
            caption: L.inquiries[lang],
            head: [L.date[lang], L.institution[lang], L.purpose[lang]],
            rows: r.inquiries.map((i) => [i.date, i.institution.name, i.purposeLabel[lang] || i.purpose]),
          },
        ]
      : [none(lang)],
  });

  const portalUrl = absolute(options.baseUrl, portalVerifyPath(c.code));
  const apiUrl = absolute(options.baseUrl, apiVerifyPath(c.code));
  return {
    lang,
    langTag: lang === 'zh' ? 'zh-Hans' : 'en',
    title: (r.identity.kind === 'person' ? L.personTitle : L.organisationTitle)[lang],
    platform: rt('platform', lang),
    intro: INTRO[lang],
    code: c.code,
    summaryHeading: L.identity[lang],
    summary: [
      [L.kind[lang], (r.identity.kind === 'person' ? L.person : L.organisation)[lang]],
      [L.idNumber[lang], r.identity.masked],
      ...(r.identity.name ? ([[L.name[lang], r.identity.name]] as Array<[string, string]>) : []),
      [L.asOf[lang], r.asOf],
      [rt('generatedAt', lang), c.generatedAt],
      [rt('policyVersion', lang), c.policyVersion],
    ],
    verificationHeading: rt('verification', lang),
    portalUrl,
    pdfUrl: absolute(options.baseUrl, pdfPath(c.code)),
    pdfLabel: rt('downloadPdf', lang),
    apiUrl,
    verification: [
      [rt('verificationCode', lang), c.code, true],
      [rt('verifyPortal', lang), portalUrl, false],
      [rt('verifyApi', lang), apiUrl, false],
      [rt('keyFingerprint', lang), signed.fingerprint, true],
      [rt('keyId', lang), signed.keyId, true],
      [rt('digest', lang), signed.digest, true],
      [rt('signature', lang), signed.signature, true],
    ],
    verifyHow: rt('verifyHow', lang),
    sections,
    footer: FOOTER[lang],
  };
}
