// The report laid out once, in words, for both renderings: the HTML page and the PDF draw the
// same blocks in the same order, so they cannot say different things.
import { apiVerifyPath, pdfPath, portalVerifyPath, type ReportContent, type ReportLang, type ReportRecord, type ReportValue } from './content.ts';
import { enumLabel, rt } from './text.ts';
import { localDateTime } from '../../domain/time-zone.ts';
import type { LegalBasis } from '../../domain/policy/schema.ts';

export type Block =
  /** Label and value rows (th scope="row"). */
  | { kind: 'pairs'; caption?: string; rows: Array<[string, string]> }
  /** A table with column headers (th scope="col"). */
  | { kind: 'table'; caption: string; head: string[]; rows: string[][]; /** relative column widths (PDF) */ widths?: number[] }
  | { kind: 'para'; text: string }
  | { kind: 'list'; items: string[] }
  /** A titled group, e.g. one record; `badges` are marks such as 异议处理中, always in words. */
  | { kind: 'group'; heading: string; badges: string[]; blocks: Block[] };

export interface Section {
  id: string;
  heading: string;
  blocks: Block[];
}

export interface Signed {
  digest: string;
  signature: string;
  keyId: string;
  fingerprint: string;
}

export interface ReportLayout {
  lang: ReportLang;
  /** BCP 47 tag for the document (zh-Hans, en). */
  langTag: string;
  title: string;
  platform: string;
  intro: string;
  code: string;
  summaryHeading: string;
  summary: Array<[string, string]>;
  verificationHeading: string;
  /** Where to verify: the portal page and the API (absolute when a base URL is known). */
  portalUrl: string;
  /** Where the same report is as PDF (a link in the HTML page; not part of what is signed). */
  pdfUrl: string;
  pdfLabel: string;
  apiUrl: string;
  /** Label and value rows; `technical` marks the ones printed in a fixed-width font. */
  verification: Array<[string, string, boolean]>;
  verifyHow: string;
  sections: Section[];
  footer: string;
}

const sep = (lang: ReportLang) => (lang === 'zh' ? '、' : ', ');
/** A parenthetical in the language's own brackets. */
const paren = (lang: ReportLang, text: string) => (lang === 'zh' ? `（${text}）` : ` (${text})`);
const colon = (lang: ReportLang) => (lang === 'zh' ? '：' : ': ');

export function formatValue(v: ReportValue, type: string, lang: ReportLang): string {
  if (typeof v === 'boolean') return rt(v ? 'yes' : 'no', lang);
  if (Array.isArray(v)) return v.join(sep(lang));
  if (typeof v === 'number') {
    if (type === 'money') {
      const n = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 2 }).format(v);
      return lang === 'zh' ? `${n} 元` : `CNY ${n}`;
    }
    return String(v);
  }
  return v;
}

export function formatLegalBasis(b: LegalBasis, lang: ReportLang): string {
  const name = b.instrument[lang];
  const parts = [lang === 'zh' && !name.startsWith('《') ? `《${name}》` : name];
  if (b.articles) parts.push(b.articles);
  const extra = [b.issuer, b.reference].filter((x): x is string => !!x);
  return parts.join(lang === 'zh' ? '' : ', ') + (extra.length ? paren(lang, extra.join(lang === 'zh' ? '，' : ', ')) : '');
}

function instant(iso: string, timeZone: string, lang: ReportLang): string {
  const local = localDateTime(new Date(iso), timeZone);
  return `${local}${paren(lang, timeZone)}${lang === 'zh' ? '；' : '; '}${iso}`;
}

function absolute(baseUrl: string | undefined, path: string): string {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}${path}` : path;
}

function publicityText(r: ReportRecord, lang: ReportLang): string {
  const p = r.publicity;
  if (!p.start) return rt('notPublished', lang);
  return `${p.start} — ${p.end ?? rt('indefinite', lang)}`;
}

function recordGroup(r: ReportRecord, c: ReportContent): Block {
  const lang = c.lang;
  const badges: string[] = [];
  if (r.disputed) badges.push(rt('disputed', lang));
  if (r.underRepair) badges.push(rt('underRepair', lang));
  const rows: Array<[string, string]> = [
    [rt('recordId', lang), r.recordId + paren(lang, `${rt('version', lang)} ${r.version}`)],
    [rt('category', lang), enumLabel('category', r.category, lang)],
    [rt('polarity', lang), enumLabel('polarity', r.polarity, lang)],
    [rt('agency', lang), r.agency],
  ];
  const d = r.decision;
  if (d.number) rows.push([rt('decisionNumber', lang), d.number]);
  if (d.date) rows.push([rt('decisionDate', lang), d.date]);
  if (d.authority) rows.push([rt('authority', lang), d.authority]);
  if (d.basis) rows.push([rt('basis', lang), d.basis]);
  for (const f of r.fields) {
    const level = c.scope === 'full' && f.disclosure !== 'public' ? paren(lang, enumLabel('disclosure', f.disclosure, lang)) : '';
    rows.push([f.label[lang] + level, formatValue(f.value, f.type, lang)]);
  }
  rows.push([rt('publicityClass', lang), r.publicity.class + paren(lang, `${rt('ruleVersion', lang)} ${r.publicity.ruleVersion}`)]);
  rows.push([rt('publicity', lang), publicityText(r, lang)]);
  if (c.scope === 'full') {
    rows.push([rt('status', lang), enumLabel('status', r.status, lang)]);
    rows.push([rt('inPublicity', lang), rt(r.inPublicity ? 'yes' : 'no', lang)]);
    if (r.publicityMinimumEnd) rows.push([rt('minimumEnd', lang), r.publicityMinimumEnd]);
    if (r.publicityEndedOn) rows.push([rt('endedOn', lang), r.publicityEndedOn]);
    if (r.publicityEndReason) rows.push([rt('endReason', lang), enumLabel('reason', r.publicityEndReason, lang)]);
    rows.push([rt('repairable', lang), rt(r.repairable ? 'yes' : 'no', lang)]);
  }
  rows.push([rt('marks', lang), badges.length ? badges.join(sep(lang)) : '—']);
  if (r.event) rows.push([rt('ledgerEvent', lang), rt('ledgerEventText', lang, { log: r.event.log, index: r.event.index })]);
  if (r.filing) rows.push([rt('ledgerFiling', lang), rt('ledgerEventText', lang, { log: r.filing.log, index: r.filing.index })]);
  for (const e of r.later ?? []) rows.push([rt('ledgerLater', lang), rt('ledgerEventText', lang, { log: e.log, index: e.index })]);
  return { kind: 'group', heading: r.itemName[lang], badges, blocks: [{ kind: 'pairs', caption: `${r.itemName[lang]} — ${r.recordId}`, rows }] };
}

export function layoutReport(c: ReportContent, signed: Signed, options: { baseUrl?: string } = {}): ReportLayout {
  const lang = c.lang;
  const s = c.subject;
  const summary: Array<[string, string]> = [
    [rt('subjectName', lang), s.name],
    [rt('subjectCode', lang), s.code],
    [rt('subjectKind', lang), enumLabel('kind', s.kind, lang)],
  ];
  if (s.divisionCode) summary.push([rt('division', lang), s.divisionCode]);
  if (s.codeFlags.length) summary.push([rt('codeFlags', lang), s.codeFlags.join(sep(lang))]);
  summary.push(
    [rt('asOf', lang), instant(c.asOf, c.timeZone, lang)],
    [rt('asOfDate', lang), c.date],
    [rt('generatedAt', lang), instant(c.generatedAt, c.timeZone, lang)],
    [rt('policyVersion', lang), c.policyVersion],
    [rt('scope', lang), rt(c.scope === 'full' ? 'scopeFullShort' : 'scopePublicShort', lang)],
    [
      rt('counts', lang),
      rt('countsText', lang, {
        r: c.records.length,
        l: c.listEntries.length,
        e: c.evaluations.length,
        d: c.marks.disputed.length,
        u: c.marks.underRepair.length,
      }),
    ],
  );

  const portalUrl = absolute(options.baseUrl, portalVerifyPath(c.code));
  const apiUrl = absolute(options.baseUrl, apiVerifyPath(c.code));
  const verification: Array<[string, string, boolean]> = [
    [rt('verificationCode', lang), c.code, true],
    [rt('verifyPortal', lang), portalUrl, false],
    [rt('verifyApi', lang), apiUrl, false],
    [rt('keyFingerprint', lang), signed.fingerprint, true],
    [rt('keyId', lang), signed.keyId, true],
    [rt('digest', lang), signed.digest, true],
    [rt('signature', lang), signed.signature, true],
  ];
  if (c.checkpoint) {
    // The note's first lines: the log's origin and how many events it commits to.
    const [origin, size] = c.checkpoint.note.split('\n');
    verification.push([rt('checkpoint', lang), rt('checkpointText', lang, { id: c.checkpoint.id, origin: origin ?? '', size: size ?? '' }), false]);
  }

  const sections: Section[] = [];
  sections.push({
    id: 'records',
    heading: rt(c.scope === 'full' ? 'recordsFull' : 'recordsPublic', lang),
    blocks: c.records.length ? c.records.map((r) => recordGroup(r, c)) : [{ kind: 'para', text: rt(c.scope === 'full' ? 'noRecordsFull' : 'noRecords', lang) }],
  });

  sections.push({
    id: 'lists',
    heading: rt('lists', lang),
    blocks: c.listEntries.length
      ? c.listEntries.map((e) => {
          const badges: string[] = [];
          if (e.disputed) badges.push(rt('disputed', lang));
          if (e.underRepair) badges.push(rt('underRepair', lang));
          const rows: Array<[string, string]> = [
            [rt('entryId', lang), e.entryId],
            [rt('listType', lang), enumLabel('listType', e.type, lang)],
          ];
          if (e.area) rows.push([rt('area', lang), enumLabel('area', e.area, lang)]);
          rows.push(
            [rt('state', lang), enumLabel('state', e.state, lang)],
            [rt('listedOn', lang), e.listedOn ?? '—'],
            [rt('until', lang), e.until ?? rt('indefinite', lang)],
            [rt('decidingAgency', lang), e.decidingAgency],
            [rt('basisRecords', lang), e.basisRecords.join(sep(lang)) || '—'],
            [rt('marks', lang), badges.length ? badges.join(sep(lang)) : '—'],
          );
          return {
            kind: 'group',
            heading: e.listName[lang],
            badges,
            blocks: [{ kind: 'pairs', caption: `${e.listName[lang]} — ${e.entryId}`, rows }],
          } satisfies Block;
        })
      : [{ kind: 'para', text: rt(c.scope === 'full' ? 'noEntriesFull' : 'noEntries', lang) }],
  });

  sections.push({
    id: 'evaluations',
    heading: rt('evaluations', lang),
    blocks: c.evaluations.length
      ? c.evaluations.map((e) => {
          const label = e.tierLabel?.[lang];
          // "B 良", but "A级" rather than "A A级".
          const tier =
            e.tier === null
              ? e.published || c.scope === 'full'
                ? rt('notGraded', lang)
                : rt('tierNotPublished', lang)
              : label && !label.includes(e.tier)
                ? `${e.tier} ${label}`
                : (label ?? e.tier);
          const rows: Array<[string, string]> = [
            [rt('scorecard', lang), e.name[lang] + paren(lang, e.version)],
            [rt('evaluatedOn', lang), e.date],
            [rt('tier', lang), tier],
          ];
          if (e.overridden) rows.push([rt('overridden', lang), rt('yes', lang)]);
          if (e.override) rows.push([rt('overrideReason', lang), e.override.reason + paren(lang, e.override.at)]);
          const blocks: Block[] = [];
          if (c.scope === 'full') {
            rows.push([rt('eligible', lang), rt(e.eligible ? 'yes' : 'no', lang)]);
            rows.push([rt('score', lang), e.score === null || e.score === undefined ? '—' : String(e.score)]);
            if (e.tierReason) rows.push([rt('tierReason', lang), e.tierReason]);
          }
          blocks.push({ kind: 'pairs', caption: e.name[lang], rows });
          if (c.scope === 'full' && e.factors?.length) {
            blocks.push({
              kind: 'table',
              caption: `${rt('factors', lang)} — ${e.name[lang]}`,
              head: [rt('factor', lang), rt('factorValue', lang), rt('contribution', lang), rt('capped', lang), rt('sources', lang)],
              widths: [30, 12, 14, 10, 34],
              rows: e.factors.map((f) => [
                f.name[lang],
                String(f.value),
                String(f.contribution),
                rt(f.capped ? 'yes' : 'no', lang),
                [...f.records, ...f.entries].join(sep(lang)) || '—',
              ]),
            });
          }
          return { kind: 'group', heading: e.name[lang], badges: [], blocks } satisfies Block;
        })
      : [{ kind: 'para', text: rt('noEvaluations', lang) }],
  });

  const markRows = [
    ...c.marks.disputed.map((m) => [rt('disputed', lang), rt(m.type === 'record' ? 'markedRecord' : 'markedEntry', lang), m.id]),
    ...c.marks.underRepair.map((m) => [rt('underRepair', lang), rt(m.type === 'record' ? 'markedRecord' : 'markedEntry', lang), m.id]),
  ];
  sections.push({
    id: 'marks',
    heading: rt('marksSection', lang),
    blocks: markRows.length
      ? [{ kind: 'table', caption: rt('marksSection', lang), head: [rt('marks', lang), rt('category', lang), rt('recordId', lang)], rows: markRows }]
      : [{ kind: 'para', text: rt('noMarks', lang) }],
  });

  sections.push({
    id: 'legal-bases',
    heading: rt('legalBases', lang),
    blocks: [
      { kind: 'para', text: rt('legalBasesIntro', lang) },
      ...c.legalBases.map((b): Block => ({
        kind: 'group',
        heading: rt(b.kind === 'item' ? 'kindItem' : b.kind === 'list' ? 'kindList' : 'kindScorecard', lang) + colon(lang) + b.name[lang],
        badges: [],
        blocks: [{ kind: 'list', items: b.basis.map((x) => formatLegalBasis(x, lang)) }],
      })),
    ],
  });

  return {
    lang,
    langTag: lang === 'zh' ? 'zh-Hans' : 'en',
    title: rt(c.scope === 'full' ? 'titleFull' : 'titlePublic', lang),
    platform: rt('platform', lang),
    intro: rt(c.scope === 'full' ? 'scopeFull' : 'scopePublic', lang),
    code: c.code,
    summaryHeading: rt('summary', lang),
    summary,
    verificationHeading: rt('verification', lang),
    portalUrl,
    pdfUrl: absolute(options.baseUrl, pdfPath(c.code)),
    pdfLabel: rt('downloadPdf', lang),
    apiUrl,
    verification,
    verifyHow: rt(c.checkpoint ? 'verifyHowWithProofs' : 'verifyHow', lang),
    sections,
    footer: rt('footer', lang),
  };
}
