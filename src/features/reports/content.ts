// What a credit report says: one plain JSON document, self-contained (labels and legal bases
// are copied from the policy pack in force, so the report reads the same after the pack
// changes). Its canonical JSON is what is hashed and signed; HTML and PDF are renderings of it.
// It cites one signed checkpoint of the ledger and, for each record, the events that determine
// what it shows of the record with their inclusion proofs, so that anyone can check them offline.
import type { LegalBasis, Text } from '../../domain/policy/schema.ts';
import type { SubjectSummary } from '../subjects/subject.service.ts';
import type { FieldValue } from '../../domain/records.ts';

export const REPORT_FORMAT = 'xinyong-credit-report/2';

export type ReportScope = 'public' | 'full';
export type ReportLang = 'zh' | 'en';

/** A field value as printed: identity numbers are already masked. */
export type ReportValue = string | number | boolean | string[];

/** A stored identity number: its masked form and its keyed hash. */
export function isPersonId(v: unknown): v is { masked: string; hash: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'masked' in v && 'hash' in v;
}

/** A field value as a report prints it: an identity number only ever masked. */
export function printable(v: FieldValue): ReportValue {
  return isPersonId(v) ? v.masked : v;
}

export interface ReportField {
  name: string;
  label: Text;
  /** The catalogue field type (text, date, money, ...), for formatting. */
  type: string;
  disclosure: string;
  value: ReportValue;
}

/**
 * The ledger event that holds a record's version as the report shows it, and its inclusion proof
 * (RFC 9162 §2.1.3) in its log's tree at the log's size in the report's checkpoint.
 */
export interface ReportEvent {
  log: number;
  index: number;
  /** SHA-256(0x00 || payload), base64. */
  leafHash: string;
  /** The proof's hashes, base64, from the leaf's sibling up. */
  inclusionProof: string[];
  /**
   * The event as the log holds it (canonical JSON, the leaf's bytes): a verifier recomputes the
   * leaf hash from them and compares every field the report shows with the event's. Null in a
   * public report where the event holds what the public may not see (fields not public, a keyed
   * hash, a correction's reasons): the platform's verification, which reads its own copy of the
   * ledger, binds those records; an offline check of the report alone cannot.
   */
  payload: string | null;
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
  /**
   * The event that holds the version shown (record.filed for version 1, record.corrected with its
   * version for later ones). Absent in reports of format xinyong-credit-report/1, which carry no proofs.
   */
  event?: ReportEvent;
  /** For a corrected version: the record's filing, which alone holds its item, category, polarity, agency and subject. */
  filing?: ReportEvent;
  /**
   * The latest record.publicity-ended where the record shows its end of publicity, and the
   * record.withdrawn where it shows the record withdrawn (full reports).
   */
  later?: ReportEvent[];
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

/** The signed checkpoint a report's proofs are against (C2SP tlog-checkpoint in a signed note). */
export interface ReportCheckpoint {
  /** The platform's number for it (GET /v1/log/checkpoint serves the latest). */
  id: number;
  madeAt: string;
  /** The signed note, whole: origin, size, root over the logs' heads, one line per log, signatures. */
  note: string;
}

export interface ReportContent {
  format: typeof REPORT_FORMAT | 'xinyong-credit-report/1';
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
  /** Absent in reports of format xinyong-credit-report/1. */
  checkpoint?: ReportCheckpoint;
}

export const apiVerifyPath = (code: string) => `/v1/reports/${encodeURIComponent(code)}/verify`;
export const pdfPath = (code: string) => `/v1/reports/${encodeURIComponent(code)}/pdf`;
export const portalVerifyPath = (code: string) => `/reports/verify?code=${encodeURIComponent(code)}`;
