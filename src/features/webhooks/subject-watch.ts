// Watches of subjects: the subjects a webhook subscription names, and which of the ledger's new
// events about them it delivers. Only a change of a record the public can see is delivered: one
// public (SubjectService's isRecordPublic) on the local day of the change, before it or after it,
// so that a watch never reveals that a record the public cannot see exists: not one whose class
// publishes nothing, nor one outside its window, withdrawn, or whose publicity ended (repair, expiry).
import { assertNever } from '../../domain/assert-never.ts';
import { addDays, type IsoDate } from '../../domain/dates.ts';
import { parseSubjectIdentifier } from '../../domain/ids/identifier.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';
import { subjectOfPayload, typeOfPayload, type StoredEvent } from '../../ledger/blocks.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { parseEvent, subjectsEvents } from '../../ledger/ledger.ts';
import { AppError } from '../../kernel/problems.ts';
import type { RecordRow } from '../../ledger/projection.ts';
import type { Queryable } from '../../store/database.ts';
import { isRecordPublic } from '../subjects/subject.service.ts';
import { recordStates, type RecordStateRow } from './webhooks.store.ts';

/** The most subjects one subscription may watch. */
export const MAX_WATCHED_SUBJECTS = 1000;

/** The ledger's changes of a record: what a watch follows. */
export type RecordChange = Extract<LedgerEvent, { type: 'record.filed' | 'record.corrected' | 'record.withdrawn' | 'record.publicity-ended' }>;
const RECORD_CHANGES: ReadonlySet<string> = new Set<RecordChange['type']>(['record.filed', 'record.corrected', 'record.withdrawn', 'record.publicity-ended']);

export interface WatchedSubject {
  /** The key the platform holds the subject under. */
  key: string;
  /** What the subscription and its events show: the USCC, or a person's masked number (never the number itself). */
  code: string;
}

/**
 * The subjects a subscription names, each once: any valid identifier, known to the platform or
 * not (records may come later). `keyOf` is the platform's subject key of a code (a person's is a
 * keyed hash). An invalid one is refused, naming its place.
 */
export function watchedSubjects(codes: readonly string[], keyOf: (code: string) => string): WatchedSubject[] {
  const out = new Map<string, WatchedSubject>();
  const errors: Array<{ field: string; message: string }> = [];
  for (const [i, code] of codes.entries()) {
    const id = parseSubjectIdentifier(code);
    if (id.type === 'invalid') {
      errors.push({
        field: `subjects.${i}`,
        message: `'${maskIdentityNumbers(code.slice(0, 40))}' is neither a Unified Social Credit Code nor a resident identity number`,
      });
      continue;
    }
    const key = keyOf(code);
    if (!out.has(key)) out.set(key, { key, code: id.type === 'uscc' ? id.uscc.code : id.person.masked });
  }
  if (errors.length > 0) throw new AppError('validation-failed', `${errors[0]!.field}: ${errors[0]!.message}`, { errors });
  return [...out.values()];
}

/** The record changes among stored events (one log's, in order) about the watched subjects. */
export function recordChangesOf(stored: readonly StoredEvent[], watched: ReadonlySet<string>): RecordChange[] {
  const out: RecordChange[] = [];
  for (const s of stored) {
    // The type and subject are read without parsing the rest: most events are about others.
    if (!RECORD_CHANGES.has(typeOfPayload(s.payload))) continue;
    const subject = subjectOfPayload(s.payload);
    if (subject !== null && watched.has(subject)) out.push(parseEvent(s.payload, s.log, s.index) as RecordChange);
  }
  return out;
}

/** What decides whether a record is public on a day, as of the changes seen, and since when its version stands. */
export interface RecordState extends Pick<RecordRow, 'status' | 'published' | 'publicityStart' | 'publicityEnd' | 'publicityEndedOn'> {
  /** The local day of the filing or correction that made the current version. */
  versionOn: IsoDate;
}

/** The local date of an instant, as the policy pack's time zone has it. */
export type LocalDate = (instant: Date) => IsoDate;

/** A record's state after one of its changes, on the change's local day (the projection's rule, projection/reducer.ts). */
export function stateAfter(c: RecordChange, before: RecordState | undefined, day: IsoDate): RecordState {
  if (c.type === 'record.filed') {
    const w = c.data.window;
    return { status: 'active', published: w.published, publicityStart: w.start, publicityEnd: w.end, publicityEndedOn: null, versionOn: day };
  }
  if (!before) throw new Error(`subject watch: ${c.type} at ${c.log}/${c.index} of record ${c.data.recordId}, whose state before it is unknown`);
  switch (c.type) {
    case 'record.corrected': {
      // A correction changes the window, never the status or an ended publicity.
      const w = c.data.window;
      return { ...before, published: w.published, publicityStart: w.start, publicityEnd: w.end, versionOn: day };
    }
    case 'record.withdrawn':
      return { ...before, status: 'withdrawn' };
    case 'record.publicity-ended':
      return { ...before, publicityEndedOn: c.data.endedOn };
    default:
      return assertNever(c, 'record change');
  }
}

/**
 * Whether a watch delivers a change: the record is public on the change's local day before it or
 * after it. An ending of publicity is also delivered when the record, in the version it had,
 * was public on the last day of the publicity it ends: an expiry is recorded on or after its
 * window's end, when the window alone already hides the record, and is the news that it left.
 */
export function isDelivered(c: RecordChange, before: RecordState | undefined, after: RecordState, day: IsoDate): boolean {
  if ((before && isRecordPublic(before, day)) || isRecordPublic(after, day)) return true;
  if (c.type !== 'record.publicity-ended' || !before) return false;
  const lastDay = addDays(c.data.endedOn, -1);
  return before.versionOn <= lastDay && isRecordPublic(before, lastDay);
}

/**
 * The changes a watch delivers, in order (isDelivered). `states` holds, per record, its state as
 * of the changes already seen; it is learnt from the projection or the ledger for a record first
 * seen here after its filing, and updated with each change, so that a caller reading a log page
 * by page passes it on.
 */
export async function publicChanges(
  q: Queryable,
  changes: readonly RecordChange[],
  states: Map<string, RecordState>,
  localDate: LocalDate,
): Promise<RecordChange[]> {
  await learnStatesBefore(q, changes, states, localDate);
  const out: RecordChange[] = [];
  for (const c of changes) {
    const day = localDate(new Date(c.at));
    const before = states.get(c.data.recordId);
    const after = stateAfter(c, before, day);
    states.set(c.data.recordId, after);
    if (isDelivered(c, before, after, day)) out.push(c);
  }
  return out;
}

/**
 * Learns, for each record first seen here at a change other than its filing, its state just
 * before that change. From its row when the row holds every event of the record before the
 * change and nothing after it but the change itself, when that is a withdrawal or an ending of
 * publicity (each happens once: the row without it is the state before), and the row's version
 * is the filing (whose day the row keeps); otherwise from its subject's events in the ledger.
 */
async function learnStatesBefore(q: Queryable, changes: readonly RecordChange[], states: Map<string, RecordState>, localDate: LocalDate): Promise<void> {
  const first = new Map<string, RecordChange>();
  for (const c of changes) if (c.type !== 'record.filed' && !states.has(c.data.recordId) && !first.has(c.data.recordId)) first.set(c.data.recordId, c);
  if (first.size === 0) return;
  const rows = await recordStates(q, new Map([...first].map(([id, c]) => [id, c.subject!])));
  const unknown = new Map<string, RecordChange>();
  for (const [id, c] of first) {
    const row = rows.get(id);
    const before = row ? rowBefore(row, c) : null;
    if (before) states.set(id, { ...before, versionOn: localDate(new Date(row!.filedAt)) });
    else unknown.set(id, c);
  }
  if (unknown.size === 0) return;
  const history = await subjectsEvents(q, [...new Set([...unknown.values()].map((c) => c.subject!))]);
  for (const [id, c] of unknown) {
    let state: RecordState | undefined;
    for (const e of history.get(c.subject!) ?? []) {
      if (e.index >= c.index) break;
      if (RECORD_CHANGES.has(e.type) && (e as RecordChange).data.recordId === id) state = stateAfter(e as RecordChange, state, localDate(new Date(e.at)));
    }
    if (!state) throw new Error(`subject watch: record ${id} of ${c.type} at ${c.log}/${c.index} has no filing before it in its subject's events`);
    states.set(id, state);
  }
}

/** A row's state just before a change, where the row tells it (learnStatesBefore), else null. */
function rowBefore(row: RecordStateRow, c: RecordChange): Omit<RecordState, 'versionOn'> | null {
  if (row.bodyIndex !== row.filedIndex) return null;
  const { status, published, publicityStart, publicityEnd, publicityEndedOn } = row;
  const state = { status, published, publicityStart, publicityEnd, publicityEndedOn };
  if (row.lastIndex < c.index) return state;
  if (row.lastIndex !== c.index) return null;
  if (c.type === 'record.withdrawn') return { ...state, status: 'active' };
  // An ending by repair may follow an expiry already recorded (a repair decided after the window
  // ran out), whose end the row no longer holds: the ledger tells what came before it.
  if (c.type === 'record.publicity-ended') return c.data.reason === 'repair' ? null : { ...state, publicityEndedOn: null };
  return null;
}
