// The rows of the projection tables and how each maps to its columns. One spec per table
// drives both the bulk insert (COPY) and the update of rows that already exist.
import { hash } from 'node:crypto';
import type { DecisionDocument, FieldValue } from '../../domain/records.ts';
import type { ListEntry } from '../../domain/lists.ts';
import type { ObjectionOutcome, ObjectionState, RepairState, TargetType } from '../../domain/due-process.ts';

export interface SubjectRow {
  subjectKey: string;
  kind: string;
  code: string;
  name: string;
  divisionCode: string | null;
  codeFlags: string[];
  firstIndex: number;
}

export type RecordStatus = 'active' | 'withdrawn';

export interface RecordRow {
  subjectKey: string;
  recordId: string;
  item: string;
  category: string;
  polarity: string;
  agencyCode: string;
  decisionNumber: string;
  decisionDate: string;
  /** Loaded from the body event; not a column. */
  decision: DecisionDocument;
  /** Loaded from the body event; not a column. */
  fields: Record<string, FieldValue>;
  /** The few fields that measure conditions and scorecards read, kept beside the row (see attributes.ts). */
  attrs: Record<string, FieldValue>;
  version: number;
  status: RecordStatus;
  publicityClass: string;
  ruleVersion: string;
  published: boolean;
  publicityStart: string | null;
  publicityMinimumEnd: string | null;
  publicityEnd: string | null;
  repairable: boolean;
  policyVersion: string;
  /** Publicity ended early (repair) or was closed at its end (expiry). */
  publicityEndedOn: string | null;
  publicityEndReason: string | null;
  openObjections: number;
  pendingRepair: string | null;
  /** When the platform learned of the record (the filing event's instant). */
  filedAt: string;
  withdrawnOn: string | null;
  filedIndex: number;
  /** The event holding the current version's decision and fields (the filing or latest correction). */
  bodyIndex: number;
  lastIndex: number;
}

/** A natural person named by a record in a role (e.g. the legal representative of its subject). */
export interface PersonRoleRow {
  subjectKey: string;
  recordId: string;
  role: string;
  personHash: string;
  firstIndex: number;
  lastIndex: number;
}

/** A manual override of a subject's tier on a scorecard: who, when, why. Never silent. */
export interface OverrideRow {
  subjectKey: string;
  scorecard: string;
  tier: string;
  reason: string;
  actor: string;
  at: string;
  active: boolean;
  lastIndex: number;
}

export interface ListEntryRow extends ListEntry {
  /** The ledger log of its subject, where firstIndex and lastIndex count. */
  log: number;
  origin: string;
  openObjections: number;
  pendingRepair: string | null;
  firstIndex: number;
  lastIndex: number;
}

export interface ObjectionRow {
  subjectKey: string;
  objectionId: string;
  targetType: TargetType;
  targetId: string;
  state: ObjectionState;
  filedOn: string;
  filedBy: string;
  decidingAgency: string;
  deadline: string;
  decidedOn: string | null;
  outcome: ObjectionOutcome | null;
  firstIndex: number;
  lastIndex: number;
}

export interface RepairRow {
  subjectKey: string;
  repairId: string;
  targetType: TargetType;
  targetId: string;
  state: RepairState;
  appliedOn: string;
  decideBy: string;
  decidingAgency: string;
  decidedOn: string | null;
  firstIndex: number;
  lastIndex: number;
}

type Column<R> = readonly [name: string, sqlType: string, get: (r: R) => unknown, set: (r: Partial<R>, v: unknown) => void];

/**
 * Columns whose values repeat over many rows, kept once per distinct combination in a table of
 * their own: a row names its combination by an id computed from the values (classIdOf), and a
 * view joins them back for readers.
 */
export interface SharedColumns {
  table: string;
  idColumn: string;
  columns: readonly string[];
}

export interface TableSpec<R> {
  /** Where rows are written. */
  table: string;
  /** Where rows are read, with every column of `columns`: the table, or a view over it and `shared`'s table. */
  readFrom: string;
  shared?: SharedColumns;
  /** The JS property that identifies a row within a run. */
  id: (r: R) => string;
  /** The column matched when updating a row that already exists. */
  idColumn: string;
  columns: ReadonlyArray<Column<R>>;
}

/** A column whose JS property has the camelCase form of its snake_case name. */
function col<R>(name: string, sqlType: string): Column<R> {
  const prop = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof R;
  return [name, sqlType, (r) => r[prop], (r, v) => ((r as Record<keyof R, unknown>)[prop] = v)];
}

/** A JSON object kept as text (written as is, parsed when read). */
function jsonCol<R>(name: string): Column<R> {
  const prop = name as keyof R;
  return [
    name,
    'text',
    (r) => JSON.stringify(r[prop] ?? {}),
    (r, v) => ((r as Record<keyof R, unknown>)[prop] = typeof v === 'string' ? JSON.parse(v) : (v ?? {})),
  ];
}

/** A text[] column, carried as a PostgreSQL array literal (its elements are plain ids). */
function arrayCol<R>(name: string): Column<R> {
  const prop = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof R;
  return [name, 'text[]', (r) => `{${(r[prop] as unknown as string[]).join(',')}}`, (r, v) => ((r as Record<keyof R, unknown>)[prop] = v)];
}

export const RECORD_TABLE: TableSpec<RecordRow> = {
  table: 'credit_record',
  readFrom: 'credit_record_view',
  shared: {
    table: 'record_class',
    idColumn: 'class_id',
    columns: ['item', 'category', 'polarity', 'agency_code', 'publicity_class', 'rule_version', 'policy_version'],
  },
  id: (r) => r.recordId,
  idColumn: 'record_id',
  columns: [
    col('subject_key', 'text'),
    col('record_id', 'text'),
    col('item', 'text'),
    col('category', 'text'),
    col('polarity', 'text'),
    col('agency_code', 'text'),
    col('decision_number', 'text'),
    col('decision_date', 'date'),
    jsonCol('attrs'),
    col('version', 'int'),
    col('status', 'text'),
    col('publicity_class', 'text'),
    col('rule_version', 'text'),
    col('published', 'boolean'),
    col('publicity_start', 'date'),
    col('publicity_minimum_end', 'date'),
    col('publicity_end', 'date'),
    col('repairable', 'boolean'),
    col('policy_version', 'text'),
    col('publicity_ended_on', 'date'),
    col('publicity_end_reason', 'text'),
    col('open_objections', 'int'),
    col('pending_repair', 'text'),
    col('filed_at', 'timestamptz'),
    col('withdrawn_on', 'date'),
    col('filed_index', 'bigint'),
    col('body_index', 'bigint'),
    col('last_index', 'bigint'),
  ],
};

export const PERSON_ROLE_TABLE: TableSpec<PersonRoleRow> = {
  table: 'person_role',
  readFrom: 'person_role',
  id: (r) => `${r.recordId}|${r.role}`,
  idColumn: 'record_id',
  columns: [
    col('subject_key', 'text'),
    col('record_id', 'text'),
    col('role', 'text'),
    col('person_hash', 'text'),
    col('first_index', 'bigint'),
    col('last_index', 'bigint'),
  ],
};

export const LIST_ENTRY_TABLE: TableSpec<ListEntryRow> = {
  table: 'list_entry',
  readFrom: 'list_entry',
  id: (r) => r.entryId,
  idColumn: 'entry_id',
  columns: [
    col('subject_key', 'text'),
    col('entry_id', 'text'),
    col('list', 'text'),
    col('state', 'text'),
    col('deciding_agency', 'text'),
    arrayCol('basis_records'),
    col('origin', 'text'),
    col('proposed_on', 'date'),
    col('requested_until', 'date'),
    col('notice_served_on', 'date'),
    col('notice_deadline', 'date'),
    col('statement_on', 'date'),
    col('decided_on', 'date'),
    col('listed_on', 'date'),
    col('until', 'date'),
    col('removed_on', 'date'),
    col('removal_reason', 'text'),
    col('open_objections', 'int'),
    col('pending_repair', 'text'),
    col('log', 'smallint'),
    col('first_index', 'bigint'),
    col('last_index', 'bigint'),
  ],
};

export const OBJECTION_TABLE: TableSpec<ObjectionRow> = {
  table: 'objection',
  readFrom: 'objection',
  id: (r) => r.objectionId,
  idColumn: 'objection_id',
  columns: [
    col('subject_key', 'text'),
    col('objection_id', 'text'),
    col('target_type', 'text'),
    col('target_id', 'text'),
    col('state', 'text'),
    col('filed_on', 'date'),
    col('filed_by', 'text'),
    col('deciding_agency', 'text'),
    col('deadline', 'date'),
    col('decided_on', 'date'),
    col('outcome', 'text'),
    col('first_index', 'bigint'),
    col('last_index', 'bigint'),
  ],
};

export const REPAIR_TABLE: TableSpec<RepairRow> = {
  table: 'repair_application',
  readFrom: 'repair_application',
  id: (r) => r.repairId,
  idColumn: 'repair_id',
  columns: [
    col('subject_key', 'text'),
    col('repair_id', 'text'),
    col('target_type', 'text'),
    col('target_id', 'text'),
    col('state', 'text'),
    col('applied_on', 'date'),
    col('decide_by', 'date'),
    col('deciding_agency', 'text'),
    col('decided_on', 'date'),
    col('first_index', 'bigint'),
    col('last_index', 'bigint'),
  ],
};

/**
 * The id of a combination of shared values: the first 8 bytes of the SHA-256 of the values
 * joined by U+001F, as a signed big-endian integer (in decimal). Migration 0025's
 * record_class_id() computes the same in SQL.
 */
export function classIdOf(values: readonly string[]): string {
  const joined = values.join('\x1f');
  let id = classIds.get(joined);
  if (id === undefined) {
    // Combinations are few (items by agencies by versions); the cache is emptied if they are not.
    if (classIds.size >= CLASS_ID_CACHE_LIMIT) classIds.clear();
    id = hash('sha256', joined, 'buffer').readBigInt64BE(0).toString();
    classIds.set(joined, id);
  }
  return id;
}

const CLASS_ID_CACHE_LIMIT = 10_000;
const classIds = new Map<string, string>();

/** Builds a row from a database row by the spec (columns named as in the table). */
export function fromDb<R>(spec: TableSpec<R>, row: Record<string, unknown>): R {
  const out: Partial<R> = {};
  for (const [name, , , set] of spec.columns) set(out, row[name]);
  return out as R;
}
