// Projections: the subject and credit_record tables as a function of the ledger. One reducer
// turns events into rows; the same reducer serves incremental projection (inside the append
// transaction), a full rebuild, and as-of reads (replaying one subject's events in memory), so
// the three cannot disagree.
import type { Queryable } from '../store/database.ts';
import { copyRows } from '../store/copy.ts';
import { parseEvent } from './ledger.ts';
import type { LedgerEvent, RecordCorrectedData, RecordFiledData } from './events.ts';
import type { DecisionDocument, FieldValue } from '../domain/records.ts';

export interface SubjectRow {
  subjectKey: string;
  kind: string;
  code: string;
  name: string;
  divisionCode: string | null;
  codeFlags: string[];
  firstSeq: number;
}

export type RecordStatus = 'active';

export interface RecordRow {
  subjectKey: string;
  recordId: string;
  item: string;
  category: string;
  polarity: string;
  agencyCode: string;
  decisionNumber: string;
  decisionDate: string;
  decision: DecisionDocument;
  fields: Record<string, FieldValue>;
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
  filedSeq: number;
  /** The event holding the current version's decision and fields (the filing or latest correction). */
  bodySeq: number;
  lastSeq: number;
}

/** Rows touched by a run of events, with whether each record row is new or was loaded. */
export interface ProjectionState {
  subjects: Map<string, { row: SubjectRow; nameFromRegistration: boolean }>;
  records: Map<string, RecordRow>;
  /** Record ids whose rows existed before this run (updated, not inserted). */
  preexisting: Set<string>;
  /** Record ids changed by this run. */
  touched: Set<string>;
}

export function emptyState(): ProjectionState {
  return { subjects: new Map(), records: new Map(), preexisting: new Set(), touched: new Set() };
}

/** Which existing record rows a run of events needs (corrections of records filed earlier). */
export function recordsNeeded(events: readonly LedgerEvent[], state: ProjectionState): string[] {
  const filedHere = new Set<string>();
  const needed = new Set<string>();
  for (const e of events) {
    if (e.type === 'record.filed') filedHere.add(e.data.recordId);
    else if (e.type === 'record.corrected' && !filedHere.has(e.data.recordId) && !state.records.has(e.data.recordId)) needed.add(e.data.recordId);
  }
  return [...needed];
}

const REGISTRATION_ITEM = 'registration-basics';

function fileRecord(state: ProjectionState, seq: number, d: RecordFiledData): void {
  const s = d.subject;
  const existing = state.subjects.get(s.key);
  const fromRegistration = d.item === REGISTRATION_ITEM;
  if (!existing) {
    state.subjects.set(s.key, {
      row: {
        subjectKey: s.key,
        kind: s.kind,
        code: s.code,
        name: s.name,
        divisionCode: s.kind === 'natural-person' ? null : s.code.slice(2, 8),
        codeFlags: [...s.flags],
        firstSeq: seq,
      },
      nameFromRegistration: fromRegistration,
    });
  } else {
    // The registration authority's name is authoritative; other agencies' spellings are not.
    if (fromRegistration) {
      existing.row.name = s.name;
      existing.nameFromRegistration = true;
    }
  }
  const w = d.window;
  state.records.set(d.recordId, {
    subjectKey: s.key,
    recordId: d.recordId,
    item: d.item,
    category: d.category,
    polarity: d.polarity,
    agencyCode: d.agency,
    decisionNumber: d.decision.number,
    decisionDate: d.decision.date,
    decision: d.decision,
    fields: d.fields,
    version: 1,
    status: 'active',
    publicityClass: w.class,
    ruleVersion: w.ruleVersion,
    published: w.published,
    publicityStart: w.start,
    publicityMinimumEnd: w.minimumEnd,
    publicityEnd: w.end,
    repairable: w.repairable,
    policyVersion: d.policyVersion,
    filedSeq: seq,
    bodySeq: seq,
    lastSeq: seq,
  });
  state.touched.add(d.recordId);
}

function correctRecord(state: ProjectionState, seq: number, d: RecordCorrectedData): void {
  const r = state.records.get(d.recordId);
  if (!r) throw new Error(`projection: correction of unknown record ${d.recordId} at event ${seq}`);
  const w = d.window;
  Object.assign(r, {
    decision: d.decision,
    fields: d.fields,
    decisionDate: d.decision.date,
    version: d.version,
    publicityClass: w.class,
    ruleVersion: w.ruleVersion,
    published: w.published,
    publicityStart: w.start,
    publicityMinimumEnd: w.minimumEnd,
    publicityEnd: w.end,
    repairable: w.repairable,
    policyVersion: d.policyVersion,
    bodySeq: seq,
    lastSeq: seq,
  });
  state.touched.add(d.recordId);
}

/** The pure reducer: applies events to in-memory rows. */
export function applyEvents(state: ProjectionState, events: readonly LedgerEvent[]): ProjectionState {
  for (const e of events) {
    switch (e.type) {
      case 'record.filed':
        fileRecord(state, e.seq, e.data);
        break;
      case 'record.corrected':
        correctRecord(state, e.seq, e.data);
        break;
      case 'policy.published':
      case 'agency.registered':
        break;
    }
  }
  return state;
}

// The projection keeps what is indexed, filtered and sorted on; the decision document and fields
// stay in the ledger event that carries them (body_seq), so each record's text is stored once.
const RECORD_COLUMNS = [
  'subject_key',
  'record_id',
  'item',
  'category',
  'polarity',
  'agency_code',
  'decision_number',
  'decision_date',
  'version',
  'status',
  'publicity_class',
  'rule_version',
  'published',
  'publicity_start',
  'publicity_minimum_end',
  'publicity_end',
  'repairable',
  'policy_version',
  'filed_seq',
  'body_seq',
  'last_seq',
] as const;

const COLUMN_TYPES: Record<(typeof RECORD_COLUMNS)[number], string> = {
  subject_key: 'text',
  record_id: 'text',
  item: 'text',
  category: 'text',
  polarity: 'text',
  agency_code: 'text',
  decision_number: 'text',
  decision_date: 'date',
  version: 'int',
  status: 'text',
  publicity_class: 'text',
  rule_version: 'text',
  published: 'boolean',
  publicity_start: 'date',
  publicity_minimum_end: 'date',
  publicity_end: 'date',
  repairable: 'boolean',
  policy_version: 'text',
  filed_seq: 'bigint',
  body_seq: 'bigint',
  last_seq: 'bigint',
};

function recordValues(r: RecordRow): unknown[] {
  return [
    r.subjectKey,
    r.recordId,
    r.item,
    r.category,
    r.polarity,
    r.agencyCode,
    r.decisionNumber,
    r.decisionDate,
    r.version,
    r.status,
    r.publicityClass,
    r.ruleVersion,
    r.published,
    r.publicityStart,
    r.publicityMinimumEnd,
    r.publicityEnd,
    r.repairable,
    r.policyVersion,
    r.filedSeq,
    r.bodySeq,
    r.lastSeq,
  ];
}

interface RecordDbRow {
  subject_key: string;
  record_id: string;
  item: string;
  category: string;
  polarity: string;
  agency_code: string;
  decision_number: string;
  decision_date: string;
  version: number;
  status: RecordStatus;
  publicity_class: string;
  rule_version: string;
  published: boolean;
  publicity_start: string | null;
  publicity_minimum_end: string | null;
  publicity_end: string | null;
  repairable: boolean;
  policy_version: string;
  filed_seq: number;
  body_seq: number;
  last_seq: number;
  /** The body event's payload, joined from the ledger. */
  payload: string;
  [k: string]: unknown;
}

export function recordFromDb(r: RecordDbRow): RecordRow {
  const body = parseEvent(r.payload);
  if (body.type !== 'record.filed' && body.type !== 'record.corrected') throw new Error(`record ${r.record_id}: body event ${r.body_seq} is a ${body.type}`);
  return {
    subjectKey: r.subject_key,
    recordId: r.record_id,
    item: r.item,
    category: r.category,
    polarity: r.polarity,
    agencyCode: r.agency_code,
    decisionNumber: r.decision_number,
    decisionDate: r.decision_date,
    decision: body.data.decision,
    fields: body.data.fields,
    version: r.version,
    status: r.status,
    publicityClass: r.publicity_class,
    ruleVersion: r.rule_version,
    published: r.published,
    publicityStart: r.publicity_start,
    publicityMinimumEnd: r.publicity_minimum_end,
    publicityEnd: r.publicity_end,
    repairable: r.repairable,
    policyVersion: r.policy_version,
    filedSeq: r.filed_seq,
    bodySeq: r.body_seq,
    lastSeq: r.last_seq,
  };
}

const SELECT_RECORDS = `SELECT r.*, e.payload FROM credit_record r JOIN ledger_event e ON e.seq = r.body_seq`;

export async function loadRecords(q: Queryable, recordIds: readonly string[]): Promise<RecordRow[]> {
  if (recordIds.length === 0) return [];
  const rows = await q.query<RecordDbRow>(`${SELECT_RECORDS} WHERE r.record_id = ANY($1::text[])`, [recordIds]);
  return rows.map(recordFromDb);
}

export async function loadSubjectRecords(q: Queryable, subjectKey: string): Promise<RecordRow[]> {
  const rows = await q.query<RecordDbRow>(`${SELECT_RECORDS} WHERE r.subject_key = $1 ORDER BY r.decision_date DESC, r.record_id`, [subjectKey]);
  return rows.map(recordFromDb);
}

/** Projects a run of events into the tables, inside the caller's transaction. */
export async function projectEvents(tx: Queryable, events: readonly LedgerEvent[]): Promise<void> {
  const state = emptyState();
  for (const row of await loadRecords(tx, recordsNeeded(events, state))) {
    state.records.set(row.recordId, row);
    state.preexisting.add(row.recordId);
  }
  applyEvents(state, events);
  await writeState(tx, state);
}

async function writeState(tx: Queryable, state: ProjectionState): Promise<void> {
  if (state.subjects.size > 0) {
    // New subjects are copied in; a subject already stored changes only when its registration
    // authority files a new name (the name other agencies use is not authoritative).
    const keys = [...state.subjects.keys()];
    const stored = await tx.query<{ subject_key: string }>('SELECT subject_key FROM subject WHERE subject_key = ANY($1::text[])', [keys]);
    const exists = new Set(stored.map((r) => r.subject_key));
    const fresh: unknown[][] = [];
    const renamed: SubjectRow[] = [];
    for (const { row, nameFromRegistration } of state.subjects.values()) {
      if (!exists.has(row.subjectKey)) {
        fresh.push([row.subjectKey, row.kind, row.code, row.name, row.divisionCode, `{${row.codeFlags.join(',')}}`, row.firstSeq]);
      } else if (nameFromRegistration) renamed.push(row);
    }
    await tx.copyIn('subject', ['subject_key', 'kind', 'code', 'name', 'division_code', 'code_flags', 'first_seq'], copyRows(fresh));
    if (renamed.length > 0) {
      await tx.query('UPDATE subject AS s SET name = u.name FROM unnest($1::text[], $2::text[]) AS u(k, name) WHERE s.subject_key = u.k', [
        renamed.map((r) => r.subjectKey),
        renamed.map((r) => r.name),
      ]);
    }
  }
  const inserts: RecordRow[] = [];
  const updates: RecordRow[] = [];
  for (const id of state.touched) {
    const row = state.records.get(id)!;
    (state.preexisting.has(id) ? updates : inserts).push(row);
  }
  if (inserts.length > 0) {
    await tx.copyIn('credit_record', RECORD_COLUMNS, copyRows(inserts.map(recordValues)));
  }
  if (updates.length > 0) {
    // Corrections are few: a set-based update from parameter arrays is simple enough.
    const cols = RECORD_COLUMNS.map((c, i) => ({ c, i, values: updates.map((r) => recordValues(r)[i]) }));
    await tx.query(
      `UPDATE credit_record AS r SET ${cols
        .filter(({ c }) => c !== 'subject_key' && c !== 'record_id')
        .map(({ c }) => `${c} = u.${c}`)
        .join(', ')}
       FROM unnest(${cols.map(({ c, i }) => `$${i + 1}::${COLUMN_TYPES[c]}[]`).join(', ')}) AS u(${RECORD_COLUMNS.join(', ')})
       WHERE r.record_id = u.record_id`,
      cols.map(({ values }) => values),
    );
  }
}

/** Empties the projections (the ledger is untouched) before a rebuild. */
export async function clearProjections(tx: Queryable): Promise<void> {
  await tx.query('TRUNCATE subject, credit_record');
}
