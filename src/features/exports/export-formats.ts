// A list export's entries and how each format writes them: NDJSON (one entry a line), CSV (RFC
// 4180, a header row, one entry a row) and FollowTheMoney entities (for each entry a `Sanction`
// naming its `Company`, `Organization`, `LegalEntity` or `Person`, with the list's legal basis as
// its provisions). Every file is in entry id order, and every line (row, entity) has a key of
// its own, so a delta between two exports is a list of keyed additions, changes and deletions
// that, applied to the older file and sorted by key, gives the newer file byte for byte.
import type { LegalBasis } from '../../domain/policy/schema.ts';
import type { PublicListEntryView } from '../lists/list-entry-view.ts';

export const EXPORT_FORMATS = ['ndjson', 'csv', 'ftm'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One entry of a list as exported: what the public sees of it, with its subject. */
export type ExportItem = PublicListEntryView & { subject: { code: string; name: string; kind: string } };

/** A line of a file with its key: an entry id, or a FollowTheMoney entity id. */
export interface KeyedLine {
  key: string;
  text: string;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8; header=present',
  ftm: 'application/x-ndjson',
};

export const EXTENSIONS: Record<ExportFormat, string> = { ndjson: 'ndjson', csv: 'csv', ftm: 'ftm.json' };

const CSV_COLUMNS = [
  'entryId',
  'list',
  'listNameZh',
  'listNameEn',
  'type',
  'area',
  'subjectCode',
  'subjectName',
  'subjectKind',
  'listedOn',
  'until',
  'decidingAgency',
  'basisRecords',
  'legalBasis',
  'disputed',
  'underRepair',
] as const;

/** A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvRow = (fields: readonly string[]) => fields.map(csvField).join(',');

/** A legal basis as one line of text: instrument, articles, issuer and reference. */
export function basisText(b: LegalBasis): string {
  return [b.instrument.zh, b.articles, b.issuer, b.reference].filter((p): p is string => !!p).join(' ');
}

function csvLine(e: ExportItem): string {
  return csvRow([
    e.entryId,
    e.list,
    e.listName.zh,
    e.listName.en,
    e.type,
    e.area ?? '',
    e.subject.code,
    e.subject.name,
    e.subject.kind,
    e.listedOn ?? '',
    e.until ?? '',
    e.decidingAgency,
    e.basisRecords.join(';'),
    e.legalBasis.map(basisText).join('; '),
    String(e.disputed),
    String(e.underRepair),
  ]);
}

/** The FollowTheMoney schema of a subject kind. */
export function ftmSchemaOf(kind: string): 'Person' | 'Company' | 'Organization' | 'LegalEntity' {
  switch (kind) {
    case 'natural-person':
      return 'Person';
    case 'enterprise':
    case 'individual-business':
    case 'farmers-cooperative':
      return 'Company';
    case 'social-organisation':
    case 'public-institution':
    case 'government-body':
    case 'mass-organisation':
    case 'other-organisation':
      return 'Organization';
    default:
      return 'LegalEntity';
  }
}

/** The FollowTheMoney entity ids of an entry: its sanction, then its subject as the entry names it. */
export const ftmIds = (entryId: string) => ({ sanction: `xinyong-entry-${entryId}`, subject: `xinyong-entry-${entryId}-subject` });

/**
 * An entry as FollowTheMoney entities. A person's identity number is never exported (the public
 * sees it masked, which identifies no one); an organisation's Unified Social Credit Code is its
 * registration number. Each entry names its subject by an entity of its own, so that a deletion
 * in a delta never takes away a subject another entry still names.
 */
export function ftmEntities(e: ExportItem): Array<{ id: string; schema: string; properties: Record<string, string[]> }> {
  const ids = ftmIds(e.entryId);
  const schema = ftmSchemaOf(e.subject.kind);
  const subject: Record<string, string[]> = { name: [e.subject.name], country: ['cn'] };
  if (schema !== 'Person') Object.assign(subject, { registrationNumber: [e.subject.code], jurisdiction: ['cn'] });
  const sanction: Record<string, string[]> = {
    entity: [ids.subject],
    authority: [e.decidingAgency],
    program: [e.listName.zh, e.listName.en],
    programId: [e.list],
    provisions: e.legalBasis.map(basisText),
    status: [e.type],
    sourceUrl: [`/v1/list-entries/${encodeURIComponent(e.entryId)}`],
    ...(e.listedOn ? { startDate: [e.listedOn], listingDate: [e.listedOn] } : {}),
    ...(e.until ? { endDate: [e.until] } : {}),
  };
  return [
    { id: ids.sanction, schema: 'Sanction', properties: sanction },
    { id: ids.subject, schema, properties: subject },
  ];
}

/** The file's first line, before any entry's (CSV's header row), or null. */
export function headerOf(format: ExportFormat, delta = false): string | null {
  if (format !== 'csv') return null;
  return csvRow([...(delta ? ['op'] : []), ...CSV_COLUMNS]);
}

/** An entry's lines in a format, in key order. */
export function linesOf(format: ExportFormat, e: ExportItem): KeyedLine[] {
  switch (format) {
    case 'ndjson':
      return [{ key: e.entryId, text: JSON.stringify(e) }];
    case 'csv':
      return [{ key: e.entryId, text: csvLine(e) }];
    case 'ftm':
      return ftmEntities(e).map((entity) => ({ key: entity.id, text: JSON.stringify(entity) }));
  }
}

export type DeltaOp = 'ADD' | 'MOD' | 'DEL';

/** A delta's line: the operation and the line it adds, changes to, or deletes (as it was). */
export function deltaLine(format: ExportFormat, op: DeltaOp, line: KeyedLine): string {
  return format === 'csv' ? `${op},${line.text}` : `{"op":"${op}","entity":${line.text}}`;
}

/** The delta's operations between an item's lines in two exports (either may be absent), in key order. */
export function itemDelta<T>(lines: (item: T) => readonly KeyedLine[], before: T | null, after: T | null): Array<{ op: DeltaOp; line: KeyedLine }> {
  const old = new Map((before ? lines(before) : []).map((l) => [l.key, l]));
  const ops: Array<{ op: DeltaOp; line: KeyedLine }> = [];
  for (const line of after ? lines(after) : []) {
    const was = old.get(line.key);
    old.delete(line.key);
    if (!was) ops.push({ op: 'ADD', line });
    else if (was.text !== line.text) ops.push({ op: 'MOD', line });
  }
  for (const line of old.values()) ops.push({ op: 'DEL', line });
  return ops.sort((a, b) => (a.line.key < b.line.key ? -1 : a.line.key > b.line.key ? 1 : 0));
}

/** The delta's operations between an entry's lines in two exports of a list. */
export const entryDelta = (format: ExportFormat, before: ExportItem | null, after: ExportItem | null) =>
  itemDelta((e: ExportItem) => linesOf(format, e), before, after);
