// The public records' export and how each format writes a record: NDJSON (its public view, one
// a line) and CSV (RFC 4180, a header row, one record a row, its public fields as one JSON
// column). Only what the portal shows while a record is in publicity is in it: the public fields
// and the parts of the decision the policy discloses; a person's identity number as masked.
// Every file is in record id order, and a record is one line keyed by its id, so a delta between
// two days is a list of keyed additions, changes and deletions.
import type { FieldValue } from '../../domain/records.ts';
import type { PublicRecordView } from '../subjects/subject.service.ts';
import { basisText, csvRow, type KeyedLine } from './export-formats.ts';

export const RECORD_EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type RecordExportFormat = (typeof RECORD_EXPORT_FORMATS)[number];

/** A record as exported: its public view with its subject. */
export type RecordExportItem = PublicRecordView & { subject: { code: string; name: string; kind: string } };

const CSV_COLUMNS = [
  'recordId',
  'item',
  'itemNameZh',
  'itemNameEn',
  'category',
  'polarity',
  'agency',
  'version',
  'subjectCode',
  'subjectName',
  'subjectKind',
  'decisionNumber',
  'decisionDate',
  'decisionAuthority',
  'decisionBasis',
  'fields',
  'publicityClass',
  'publicityRuleVersion',
  'publicityStart',
  'publicityEnd',
  'legalBasis',
  'disputed',
  'underRepair',
] as const;

/** A value as the public sees it: a person's identifier as masked, never its keyed hash. */
function shown(v: FieldValue): Exclude<FieldValue, { masked: string }> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v.masked : v;
}

function sortedKeys<V, W>(o: Record<string, V>, map: (v: V) => W): Record<string, W> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, map(o[k]!)]),
  );
}

/** The record's public view with its keys in one order, whoever built it: the bytes of its line depend on it. */
export function canonicalRecord(r: RecordExportItem): RecordExportItem {
  return {
    recordId: r.recordId,
    item: r.item,
    itemName: { zh: r.itemName.zh, en: r.itemName.en },
    category: r.category,
    polarity: r.polarity,
    agency: r.agency,
    version: r.version,
    decision: sortedKeys(r.decision, (v) => v),
    fields: sortedKeys(r.fields, shown),
    publicity: { class: r.publicity.class, ruleVersion: r.publicity.ruleVersion, start: r.publicity.start, end: r.publicity.end },
    legalBasis: r.legalBasis,
    disputed: r.disputed,
    underRepair: r.underRepair,
    subject: { code: r.subject.code, name: r.subject.name, kind: r.subject.kind },
  };
}

/** The file's first line (CSV's header row), or null. */
export function recordHeaderOf(format: RecordExportFormat, delta = false): string | null {
  return format === 'csv' ? csvRow([...(delta ? ['op'] : []), ...CSV_COLUMNS]) : null;
}

function csvLine(r: RecordExportItem): string {
  return csvRow([
    r.recordId,
    r.item,
    r.itemName.zh,
    r.itemName.en,
    r.category,
    r.polarity,
    r.agency,
    String(r.version),
    r.subject.code,
    r.subject.name,
    r.subject.kind,
    r.decision['number'] ?? '',
    r.decision['date'] ?? '',
    r.decision['authority'] ?? '',
    r.decision['basis'] ?? '',
    JSON.stringify(r.fields),
    r.publicity.class,
    r.publicity.ruleVersion,
    r.publicity.start ?? '',
    r.publicity.end ?? '',
    r.legalBasis.map(basisText).join('; '),
    String(r.disputed),
    String(r.underRepair),
  ]);
}

/** A record's line in a format, keyed by its id. */
export function recordLines(format: RecordExportFormat, r: RecordExportItem): KeyedLine[] {
  return [{ key: r.recordId, text: format === 'csv' ? csvLine(r) : JSON.stringify(r) }];
}
