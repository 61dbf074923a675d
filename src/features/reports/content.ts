// What a credit report says: one plain JSON document, self-contained (labels and legal bases
// are copied from the policy pack in force, so the report reads the same after the pack
// changes). Its canonical JSON is what is hashed and signed; HTML and PDF are renderings of it.
import type { LegalBasis, Text } from '../../domain/policy/schema.ts';
import type { SubjectSummary } from '../subjects/subject.service.ts';

export const REPORT_FORMAT = 'xinyong-credit-report/1';

export type ReportScope = 'public' | 'full';
export type ReportLang = 'zh' | 'en';

/** A field value as printed: identity numbers are already masked. */
export type ReportValue = string | number | boolean | string[];

export interface ReportField {
  name: string;
  label: Text;
  /** The catalogue field type (text, date, money, ...), for formatting. */
  type: string;
  disclosure: string;
  value: ReportValue;
}

export interface ReportRecord {
  recordId: string;
  item: string;
  itemName: Text;
  category: string;
  polarity: string;
  agency: string;
  version: number;
  /** The decision document's parts the scope may show (number, date, authority, basis). */
  decision: Record<string, string>;
  fields: ReportField[];
  publicity: { class: string; ruleVersion: string; start: string | null; end: string | null };
  disputed: boolean;
  underRepair: boolean;
  /** Full scope only: the record's state on the report's date. */
  status?: string;
  inPublicity?: boolean;
  publicityMinimumEnd?: string | null;
  publicityEndedOn?: string | null;
  publicityEndReason?: string | null;
  repairable?: boolean;
}

export interface ReportListEntry {
  entryId: string;
  list: string;
  listName: Text;
  type: string;
  area: string | null;
  state: string;
  listedOn: string | null;
  until: string | null;
  decidingAgency: string;
  basisRecords: string[];
  disputed: boolean;
  underRepair: boolean;
}

export interface ReportEvaluation {
  scorecard: string;
  name: Text;
  version: string;
  date: string;
  /** The tier in effect (an override's where there is one); public scope: only where the scorecard publishes it. */
  tier: string | null;
  tierLabel: Text | null;
  published: boolean;
  overridden: boolean;
  /** Full scope only. */
  eligible?: boolean;
  score?: number | null;
  tierReason?: string | null;
  factors?: Array<{ code: string; name: Text; value: number; contribution: number; capped: boolean; records: string[]; entries: string[] }>;
  override?: { tier: string; reason: string; at: string } | null;
}

export interface ReportMark {
  type: 'record' | 'list-entry';
  id: string;
}

/** The legal basis of something the report shows: a catalogue item, a list, a scorecard. */
export interface ReportLegalBasis {
  kind: 'item' | 'list' | 'scorecard';
  code: string;
  name: Text;
  basis: LegalBasis[];
}

export interface ReportContent {
  format: typeof REPORT_FORMAT;
  code: string;
  scope: ReportScope;
  lang: ReportLang;
  /** When the report was generated (its issue instant). */
  generatedAt: string;
  /** The instant the report describes, and its local date in the pack's time zone. */
  asOf: string;
  date: string;
  timeZone: string;
  policyVersion: string;
  issuer: { platform: string; keyId: string; publicKeyFingerprint: string };
  verification: { code: string; apiPath: string; portalPath: string };
  subject: SubjectSummary;
  records: ReportRecord[];
  listEntries: ReportListEntry[];
  evaluations: ReportEvaluation[];
  marks: { disputed: ReportMark[]; underRepair: ReportMark[] };
  legalBases: ReportLegalBasis[];
}

export const apiVerifyPath = (code: string) => `/v1/reports/${encodeURIComponent(code)}/verify`;
export const pdfPath = (code: string) => `/v1/reports/${encodeURIComponent(code)}/pdf`;
export const portalVerifyPath = (code: string) => `/reports/verify?code=${encodeURIComponent(code)}`;
