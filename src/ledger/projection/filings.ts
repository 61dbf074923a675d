// The projection's rows of new filings, made before their logs are taken: all that a filing's
// credit_record, person_role and subject rows hold but its position in its log and its recording
// instant, as COPY text. projectEvents (store.ts) takes them for a run made only of prepared
// filings, and adds under the logs' locks only what the logs give.
import type { LedgerEvent, NewEvent, RecordFiledData } from '../events.ts';
import { copyValue } from '../../store/copy.ts';
import { classIdOf, PERSON_ROLE_TABLE, RECORD_TABLE, type SubjectRow } from './rows.ts';
import { filedRecordRow, subjectRowOf } from './reducer.ts';

/** A filing's rows, but for what its position and instant give. */
export interface PreparedFiling {
  /** The record's combination of shared columns (RECORD_TABLE.shared): its id and values, in the shared columns' order. */
  classId: string;
  classValues: readonly string[];
  /** The credit_record line's columns before filed_at (RECORD_COLUMNS), each followed by a tab. */
  record: string;
  /** The person_role lines' columns before first_index, each followed by a tab: one a role. */
  roles: readonly string[];
  /** The subject line's columns before first_index (SUBJECT_COLUMNS), each followed by a tab, as a new subject's. */
  subject: string;
}

/** The columns of the subject table, in the order of its COPY lines. */
export const SUBJECT_COLUMNS = ['subject_key', 'kind', 'code', 'name', 'division_code', 'code_flags', 'first_index'] as const;

/** A subject row's COPY line before first_index, each column followed by a tab. */
export function subjectHead(row: SubjectRow): string {
  return `${copyValue(row.subjectKey)}\t${copyValue(row.kind)}\t${copyValue(row.code)}\t${copyValue(row.name)}\t${copyValue(row.divisionCode)}\t${copyValue(`{${row.codeFlags.join(',')}}`)}\t`;
}

const SHARED = RECORD_TABLE.shared!;
const SHARED_GETTERS = SHARED.columns.map((name) => RECORD_TABLE.columns.find(([n]) => n === name)![2]);
const OWN = RECORD_TABLE.columns.filter(([name]) => !SHARED.columns.includes(name));
/** The credit_record columns that the filing's position and instant give, last in its COPY lines. */
const POSITIONED = ['filed_at', 'withdrawn_on', 'filed_index', 'body_index', 'last_index'];
if (OWN.slice(-POSITIONED.length).some(([name], i) => name !== POSITIONED[i]))
  throw new Error(`credit_record's last columns are not ${POSITIONED.join(', ')}: filings.ts writes them in that order`);
const OWN_HEAD = OWN.slice(0, -POSITIONED.length);
/** The columns of credit_record's COPY lines: the class id, then its own columns (store.ts storedColumns). */
export const RECORD_COLUMNS = [SHARED.idColumn, ...OWN.map(([name]) => name)];

const ROLE_POSITIONED = ['first_index', 'last_index'];
if (PERSON_ROLE_TABLE.columns.slice(-2).some(([name], i) => name !== ROLE_POSITIONED[i]))
  throw new Error(`person_role's last columns are not ${ROLE_POSITIONED.join(', ')}: filings.ts writes them in that order`);
const ROLE_HEAD = PERSON_ROLE_TABLE.columns.slice(0, -2);
export const ROLE_COLUMNS = PERSON_ROLE_TABLE.columns.map(([name]) => name);

/** Each prepared filing's rows, by its data (the object the event carries from intake to the ledger and the projection). */
const prepared = new WeakMap<RecordFiledData, PreparedFiling>();

function prepareFiling(d: RecordFiledData): PreparedFiling {
  const row = filedRecordRow(d, 0, '');
  const classValues = SHARED_GETTERS.map((get) => String(get(row)));
  const classId = classIdOf(classValues);
  let record = `${classId}\t`;
  for (const [, , get] of OWN_HEAD) record += `${copyValue(get(row))}\t`;
  // One row a role, the last person named in it, as the reducer keeps them (setRoles).
  const byRole = new Map<string, string>();
  for (const p of d.persons ?? []) {
    let line = '';
    for (const [, , get] of ROLE_HEAD)
      line += `${copyValue(get({ subjectKey: d.subject.key, recordId: d.recordId, role: p.role, personHash: p.hash, firstIndex: 0, lastIndex: 0 }))}\t`;
    byRole.set(p.role, line);
  }
  return { classId, classValues, record, roles: [...byRole.values()], subject: subjectHead(subjectRowOf(d.subject, 0)) };
}

/**
 * Prepares the rows of these events' filings (other events are passed over), outside any
 * transaction: projectEvents takes them when the filings are appended with the same data.
 */
export function prepareFilings(events: readonly NewEvent[]): void {
  for (const e of events) if (e.type === 'record.filed' && !prepared.has(e.data)) prepared.set(e.data, prepareFiling(e.data));
}

/** The prepared rows of a run of events that are all filings prepared by prepareFilings, in its order; null for any other run. */
export function preparedRun(events: readonly LedgerEvent[]): PreparedFiling[] | null {
  if (events.length === 0) return null;
  const out = new Array<PreparedFiling>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const p = e.type === 'record.filed' ? prepared.get(e.data) : undefined;
    if (!p) return null;
    out[i] = p;
  }
  return out;
}
