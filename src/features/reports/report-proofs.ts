// The ledger proofs a report carries, made and checked. A report cites one signed checkpoint
// and, for each record it shows, proves the events that determine what it shows of the record:
// the event that holds the version shown (record.filed for version 1, record.corrected for later
// ones), the filing when that is a correction (item, category, polarity, agency and subject are
// only in the filing), and the latest record.publicity-ended and record.withdrawn events where the
// record shows their effect. Checking opens the checkpoint, runs each event's inclusion proof to
// its log's root, and compares every field the report shows with the field of the event it comes
// from (RECORD_FIELD_SOURCES): a field no rule binds fails, so none is shown unchecked.
import type { LedgerEvent } from '../../ledger/events.ts';
import { headOfCheckpoint, type StoredCheckpoint } from '../../ledger/checkpoints.ts';
import { inclusionProof } from '../../ledger/proofs.ts';
import { leafHash, verifyInclusion } from '../../ledger/tlog/merkle.ts';
import { openCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import type { NoteVerifier } from '../../ledger/tlog/note.ts';
import type { Queryable } from '../../store/database.ts';
import { canonicalJson } from '../../kernel/canonical-json.ts';
import { isPersonKey } from '../../domain/records.ts';
import { isPublicOn } from '../../domain/publicity.ts';
import { isRecordPublic } from '../subjects/subject.service.ts';
import {
  isPersonId,
  printable,
  REPORT_FORMAT,
  type ReportContent,
  type ReportEvent,
  type ReportField,
  type ReportRecord,
  type ReportScope,
} from './content.ts';

/** Where reports get the checkpoint they cite. */
export interface ReportLog {
  /** The checkpoints' origin, which is also the name of the log's note keys. */
  readonly origin: string;
  /** The latest signed checkpoint, made now if the ledger has moved since. */
  currentCheckpoint(): Promise<StoredCheckpoint>;
}

/** A ledger event as its log holds it: the event (with its position) and its canonical bytes, the leaf. */
export interface StoredEvent {
  event: LedgerEvent;
  payload: string;
}

/** The record and version an event holds, if it files or corrects a record. */
export function versionHeld(e: Pick<LedgerEvent, 'type' | 'data'>): { recordId: string; version: number } | null {
  if (e.type === 'record.filed') return { recordId: (e.data as { recordId: string }).recordId, version: 1 };
  if (e.type === 'record.corrected') {
    const d = e.data as { recordId: string; version: number };
    return { recordId: d.recordId, version: d.version };
  }
  return null;
}

// ------------------------------------------------------------------------ what a report proves

/** The events a report proves for one record (see the module's comment). */
export interface EventsToProve {
  version: LedgerEvent;
  /** The filing, when the version shown is a correction's. */
  filing: LedgerEvent | null;
  /** The latest record.publicity-ended and record.withdrawn, where the record shows their effect. */
  later: LedgerEvent[];
}

/**
 * The events to prove for a record shown, from its subject's events up to the report's instant.
 * Undefined when the subject's log holds no event of the version shown.
 */
export function eventsToProve(r: ReportRecord, events: readonly LedgerEvent[]): EventsToProve | undefined {
  let version: LedgerEvent | undefined;
  let filing: LedgerEvent | null = null;
  let ended: LedgerEvent | null = null;
  let withdrawn: LedgerEvent | null = null;
  for (const e of events) {
    if (!('recordId' in e.data) || e.data.recordId !== r.recordId) continue;
    const held = versionHeld(e);
    if (held?.version === r.version) version = e;
    if (e.type === 'record.filed') filing = e;
    if (e.type === 'record.publicity-ended') ended = e;
    if (e.type === 'record.withdrawn') withdrawn = e;
  }
  if (!version) return undefined;
  const later: LedgerEvent[] = [];
  if (ended && r.publicityEndedOn !== undefined && r.publicityEndedOn !== null) later.push(ended);
  if (withdrawn && r.status === 'withdrawn') later.push(withdrawn);
  return { version, filing: version.type === 'record.filed' ? null : filing, later };
}

/** The inclusion proof of a stored event at its log's size in a checkpoint, with its bytes if `withPayload`. */
export async function eventProof(q: Queryable, checkpoint: StoredCheckpoint, stored: StoredEvent, withPayload: boolean): Promise<ReportEvent> {
  const { log, index } = stored.event;
  const size = checkpoint.sizes[log];
  if (size === undefined || index >= size) {
    throw new Error(`checkpoint ${checkpoint.id} holds log ${log} at ${size ?? 0} events, so not event ${index}: it is older than what the report shows`);
  }
  const proof = await inclusionProof(q, log, index, size);
  return {
    log,
    index,
    leafHash: leafHash(Buffer.from(stored.payload, 'utf8')).toString('base64'),
    inclusionProof: proof.map((h) => h.toString('base64')),
    payload: withPayload ? stored.payload : null,
  };
}

/**
 * Whether a report may carry the bytes of an event it proves for a record. A full report, for the
 * subject itself, carries every one: they are the subject's own events, which the log API serves
 * it too, and without them its fields cannot be bound offline. A public report carries only the
 * filing of a version 1 shown, by an agency (or the platform), that names no person, whose subject
 * is no natural person and whose every field and decision part it shows; what else such a filing holds (item,
 * category, polarity, agency, publicity window, policy version, instant) follows from what it
 * shows and the published policy pack. A correction holds its free-text reason, a filing by hand
 * its clerk's account, and a keyed hash (of an identity number, of the persons a record names, or
 * a natural person's key) links a person across reports: the platform's verification binds those
 * records' fields from its own copy of the ledger.
 */
export function mayCarryEvent(scope: ReportScope, record: ReportRecord, e: LedgerEvent): boolean {
  if (scope === 'full') return true;
  // Only the filing that holds the version shown: a superseded filing holds what a correction changed.
  if (e.type !== 'record.filed' || record.version !== 1) return false;
  const d = e.data;
  if ((d.persons && d.persons.length > 0) || Object.values(d.fields).some(isPersonId)) return false;
  if (e.subject !== null && isPersonKey(e.subject)) return false;
  if (e.actor.type !== 'agency' && e.actor.type !== 'system') return false;
  const shown = new Set(record.fields.map((f) => f.name));
  return Object.keys(d.fields).every((name) => shown.has(name)) && Object.keys(d.decision).every((k) => k in record.decision);
}

// -------------------------------------------------------------------- what each field is bound to

/** Where a field a record shows comes from. */
export type FieldSource =
  /** The event that holds the version shown. */
  | 'version'
  /** The record's filing (the version event itself for version 1). */
  | 'filing'
  /** The latest record.publicity-ended or record.withdrawn, which the report proves when it shows their effect. */
  | 'later'
  /** Computed from bound fields and the report's date. */
  | 'derived'
  /** A label of the policy pack the report names (content.policyVersion); no event holds it. */
  | 'pack'
  /** Something pending (an open objection, a pending repair): shown as a warning, which no inclusion proof can bind, since nothing proves an event's absence. */
  | 'mark'
  /** The proofs themselves. */
  | 'proof';

/** Every field a record may show and what binds it; a field not listed here fails verification. */
export const RECORD_FIELD_SOURCES: { readonly [K in keyof Required<ReportRecord>]: FieldSource } = {
  recordId: 'version',
  version: 'version',
  decision: 'version',
  fields: 'version',
  publicity: 'version',
  publicityMinimumEnd: 'version',
  repairable: 'version',
  item: 'filing',
  category: 'filing',
  polarity: 'filing',
  agency: 'filing',
  publicityEndedOn: 'later',
  publicityEndReason: 'later',
  status: 'later',
  inPublicity: 'derived',
  itemName: 'pack',
  disputed: 'mark',
  underRepair: 'mark',
  event: 'proof',
  filing: 'proof',
  later: 'proof',
};

/** Every part of a shown field and what binds it. */
export const FIELD_PART_SOURCES: { readonly [K in keyof ReportField]: FieldSource } = {
  name: 'version',
  value: 'version',
  label: 'pack',
  type: 'pack',
  disclosure: 'pack',
};

const PUBLICITY_PARTS = { class: 'class', ruleVersion: 'ruleVersion', start: 'start', end: 'end' } as const;
const DECISION_PARTS = new Set(['number', 'date', 'authority', 'basis']);

/** A shown field that is not what its event says: the field's path in the record, and why. */
export interface Mismatch {
  field: string;
  detail: string;
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * The first field a record shows that is not what the events proved for it say (null: none).
 * `events` are parsed from the bytes whose leaf hashes the proofs hold; `report` gives the
 * subject and the date the record is shown on.
 */
export function recordMismatch(
  r: ReportRecord,
  events: { version: LedgerEvent; filing: LedgerEvent | null; later: readonly LedgerEvent[] },
  report: Pick<ReportContent, 'scope' | 'date' | 'subject'>,
): Mismatch | null {
  const m = (field: string, detail: string): Mismatch => ({ field, detail });
  for (const key of Object.keys(r)) if (!has(RECORD_FIELD_SOURCES, key)) return m(key, `it shows ${key}, which nothing binds to the ledger`);

  const v = events.version;
  if (v.type !== 'record.filed' && v.type !== 'record.corrected') return m('event', `its event is a ${String(v.type)}, not a filing or correction`);
  const held = versionHeld(v)!;
  if (held.recordId !== r.recordId) return m('recordId', `its event holds record ${held.recordId}`);
  if (held.version !== r.version) return m('version', `its event holds version ${held.version}`);
  const f = v.type === 'record.filed' ? v : events.filing;
  if (!f || f.type !== 'record.filed' || f.data.recordId !== r.recordId) return m('filing', `its filing event is not the filing of ${r.recordId}`);
  if (f.subject !== v.subject) return m('subject', 'its filing and its version event are of different subjects');

  // The subject the report is about is the filing's (its name may have been spelt otherwise by the
  // filing agency: the registration authority's spelling prevails, so the name is not compared).
  if (f.data.subject.code !== report.subject.code || f.data.subject.kind !== report.subject.kind) {
    return m('subject', `its filing is about ${f.data.subject.kind} ${f.data.subject.code}, not the report's subject`);
  }
  for (const k of ['item', 'category', 'polarity', 'agency'] as const) {
    if (r[k] !== f.data[k]) return m(k, `its filing says ${k} ${f.data[k]}`);
  }

  const d = v.data;
  for (const [part, value] of Object.entries(r.decision)) {
    if (!DECISION_PARTS.has(part) || d.decision[part as keyof typeof d.decision] !== value)
      return m(`decision.${part}`, `its event's decision ${part} differs`);
  }
  for (const field of r.fields) {
    for (const key of Object.keys(field)) if (!has(FIELD_PART_SOURCES, key)) return m(`fields.${field.name}.${key}`, 'nothing binds it to the ledger');
    const value = has(d.fields, field.name) ? d.fields[field.name] : undefined;
    if (value === undefined || !same(printable(value), field.value)) return m(`fields.${field.name}`, `its event's field ${field.name} differs`);
  }
  const w = d.window;
  for (const key of Object.keys(r.publicity)) {
    if (!has(PUBLICITY_PARTS, key)) return m(`publicity.${key}`, 'nothing binds it to the ledger');
    const part = PUBLICITY_PARTS[key as keyof typeof PUBLICITY_PARTS];
    if (!same(r.publicity[part], w[part])) return m(`publicity.${key}`, `its event's publicity window ${key} differs`);
  }
  if (has(r, 'publicityMinimumEnd') && !same(r.publicityMinimumEnd, w.minimumEnd)) return m('publicityMinimumEnd', "its event's minimum end differs");
  if (has(r, 'repairable') && r.repairable !== w.repairable) return m('repairable', "its event's publicity window says otherwise");

  let ended: Extract<LedgerEvent, { type: 'record.publicity-ended' }> | null = null;
  let withdrawn: Extract<LedgerEvent, { type: 'record.withdrawn' }> | null = null;
  for (const e of events.later) {
    if (e.type === 'record.publicity-ended' && e.data.recordId === r.recordId && e.subject === v.subject) ended = e;
    else if (e.type === 'record.withdrawn' && e.data.recordId === r.recordId && e.subject === v.subject) withdrawn = e;
    else return m('later', `a later event it proves is a ${String(e.type)}, not the end of publicity or withdrawal of ${r.recordId}`);
  }
  if (has(r, 'publicityEndedOn') && !same(r.publicityEndedOn, ended?.data.endedOn)) {
    return m('publicityEndedOn', ended ? `its record.publicity-ended says ${ended.data.endedOn}` : 'the report proves no end of its publicity');
  }
  if (has(r, 'publicityEndReason') && !same(r.publicityEndReason, ended?.data.reason)) {
    return m('publicityEndReason', ended ? `its record.publicity-ended says ${ended.data.reason}` : 'the report proves no end of its publicity');
  }
  const status = withdrawn ? 'withdrawn' : 'active';
  if (has(r, 'status') && r.status !== status) return m('status', withdrawn ? 'the report proves its withdrawal' : 'the report proves no withdrawal');
  const window = { published: w.published, publicityStart: w.start, publicityEnd: w.end };
  if (has(r, 'inPublicity') && r.inPublicity !== isRecordPublic({ status, ...window, publicityEndedOn: ended?.data.endedOn ?? null }, report.date)) {
    return m('inPublicity', `its publicity window and end say otherwise on ${report.date}`);
  }
  // A public report shows only records in publicity on its date.
  if (report.scope === 'public' && !isPublicOn(w, report.date)) return m('publicity', `its event's publicity window does not cover ${report.date}`);
  return null;
}

// ------------------------------------------------------------------------------------ checking

/** Why a report's proofs do not hold: a proof fails, something shown is not proved, or a field shown is not its event's. */
export type ProofFailure = 'bad-proof' | 'unproven' | 'record-mismatch';

/** How one record's proofs checked. */
export interface RecordProofCheck {
  recordId: string;
  /** The event that holds the version shown. */
  log: number;
  index: number;
  verified: boolean;
  /** Every event proved for the record: the version's, the filing, the later ones. */
  events: Array<{ log: number; index: number; role: 'version' | 'filing' | 'later' }>;
  /**
   * checked: the report carries the bytes of every one of them, which hash to the leaves and bind
   * every field it shows; withheld: it carries the leaf hashes of some only, so the fields were
   * bound with the verifier's own copy of the ledger (the platform's verification reads it).
   */
  payload: 'checked' | 'withheld';
  /** Why it failed: the kind, the field shown that differs, in words. */
  problem?: ProofFailure;
  field?: string;
  detail?: string;
}

export interface ProofsCheck {
  checkpoint: { id: number; origin: string; size: number };
  records: RecordProofCheck[];
}

export type ProofsVerdict =
  { ok: true; proofs: ProofsCheck } | { ok: false; reason: ProofFailure; detail: string; record?: string; field?: string; proofs?: ProofsCheck };

/** The key of an event's position, for a verifier's copy of the ledger. */
export const positionKey = (log: number, index: number) => `${log}/${index}`;

/** The events a report proves, by position: what a verifier with the ledger reads. */
export function provedPositions(content: ReportContent): Array<{ log: number; index: number }> {
  const out: Array<{ log: number; index: number }> = [];
  for (const r of content.records) for (const e of [r.event, r.filing, ...(r.later ?? [])]) if (e) out.push({ log: e.log, index: e.index });
  return out;
}

/**
 * Checks a report's proofs: the checkpoint's signature by one of the log's keys under its origin,
 * its root over the logs' heads, and for each record every event proved for it: its bytes hash to
 * its leaf, its inclusion proof leads to its log's root, and every field shown is the event's.
 * `ledger` is the verifier's own copy of the events' bytes (by positionKey; null: no such event):
 * each must hash to the leaf the report cites and be the bytes the report carries, and it binds
 * the fields of records whose bytes the report withholds. Without it, a record whose bytes are
 * withheld is unproven.
 */
export function checkReportProofs(
  content: ReportContent,
  origin: string,
  verifiers: readonly NoteVerifier[],
  ledger?: ReadonlyMap<string, string | null>,
): ProofsVerdict {
  const cited = content.checkpoint;
  if (!cited)
    return { ok: false, reason: 'unproven', detail: `the report is of format ${content.format} and cites no checkpoint, so it proves nothing it shows` };
  let logs: Array<{ size: number; root: string }>;
  let size: number;
  try {
    const opened = openCheckpoint(cited.note, origin, verifiers);
    const { head } = headOfCheckpoint(opened.text);
    logs = head.logs;
    size = head.size;
  } catch (err) {
    return { ok: false, reason: 'bad-proof', detail: `its checkpoint ${cited.id} does not verify with the platform's log keys: ${(err as Error).message}` };
  }
  const records = content.records.map((r) => checkRecord(r, logs, content, ledger));
  const proofs: ProofsCheck = { checkpoint: { id: cited.id, origin, size }, records };
  const failed = records.find((r) => !r.verified);
  if (!failed) return { ok: true, proofs };
  const detail =
    failed.problem === 'record-mismatch'
      ? `record ${failed.recordId} shows ${failed.field} otherwise than its ledger event: ${failed.detail}`
      : `the proof of record ${failed.recordId} does not verify: ${failed.detail}`;
  return { ok: false, reason: failed.problem!, detail, record: failed.recordId, ...(failed.field ? { field: failed.field } : {}), proofs };
}

/** Whether a report must prove what it shows (every report of the current format). */
export const mustProve = (content: Pick<ReportContent, 'format' | 'checkpoint'>) => content.format === REPORT_FORMAT || content.checkpoint !== undefined;

function checkRecord(
  r: ReportRecord,
  logs: ReadonlyArray<{ size: number; root: string }>,
  report: ReportContent,
  ledger: ReadonlyMap<string, string | null> | undefined,
): RecordProofCheck {
  const e = r.event;
  const proved: Array<{ role: 'version' | 'filing' | 'later'; e: ReportEvent }> = [];
  if (e) proved.push({ role: 'version', e });
  if (r.filing) proved.push({ role: 'filing', e: r.filing });
  for (const l of r.later ?? []) proved.push({ role: 'later', e: l });
  const base = {
    recordId: r.recordId,
    log: e?.log ?? -1,
    index: e?.index ?? -1,
    events: proved.map(({ role, e }) => ({ log: e.log, index: e.index, role })),
    payload: proved.every(({ e }) => e.payload !== null) ? ('checked' as const) : ('withheld' as const),
  };
  const fail = (problem: ProofFailure, detail: string, field?: string): RecordProofCheck => ({
    ...base,
    verified: false,
    problem,
    ...(field ? { field } : {}),
    detail,
  });
  if (!e) return fail('unproven', 'the report carries no proof of it');

  const parsed = new Map<string, LedgerEvent>();
  for (const { role, e: p } of proved) {
    const at = `event ${p.log}/${p.index} (${role})`;
    if (p.log !== e.log) return fail('bad-proof', `${at} is in another log than its version's event`);
    const head = logs[p.log];
    if (!head) return fail('bad-proof', `the checkpoint has no log ${p.log}`);
    const leaf = Buffer.from(p.leafHash, 'base64');
    if (p.payload !== null && !leaf.equals(leafHash(Buffer.from(p.payload, 'utf8'))))
      return fail('bad-proof', `the bytes of ${at} do not hash to its leaf hash`);
    let bytes = p.payload;
    if (ledger) {
      const own = ledger.get(positionKey(p.log, p.index));
      if (own === undefined || own === null) return fail('bad-proof', `the ledger holds no ${at}`);
      if (bytes !== null && bytes !== own) return fail('bad-proof', `the report's copy of ${at} is not the ledger's`);
      if (!leaf.equals(leafHash(Buffer.from(own, 'utf8'))))
        return fail('bad-proof', `the leaf hash the report cites for ${at} is not that of the ledger's event`);
      bytes = own;
    }
    let event: LedgerEvent | null = null;
    if (bytes !== null) {
      try {
        event = JSON.parse(bytes) as LedgerEvent;
      } catch {
        return fail('bad-proof', `the bytes of ${at} are not JSON`);
      }
    }
    if (!event) return fail('unproven', `the report withholds the bytes of ${at}, so the fields it shows are not bound to it`);
    try {
      verifyInclusion(
        p.index,
        head.size,
        leaf,
        p.inclusionProof.map((h) => Buffer.from(h, 'base64')),
        Buffer.from(head.root, 'base64'),
      );
    } catch (err) {
      return fail('bad-proof', `${at}: ${(err as Error).message}`);
    }
    parsed.set(`${role}${p.index}`, event);
  }
  const version = parsed.get(`version${e.index}`)!;
  if (r.filing && version.type !== 'record.corrected') return fail('bad-proof', 'it proves a filing beside a version event that is itself the filing');
  if (!r.filing && version.type === 'record.corrected') return fail('unproven', 'it shows a corrected version without proving its filing', 'filing');
  const filing = r.filing ? parsed.get(`filing${r.filing.index}`)! : null;
  if (filing && r.filing!.index >= e.index) return fail('bad-proof', 'its filing is not before its correction in the log');
  const later = (r.later ?? []).map((l) => parsed.get(`later${l.index}`)!);
  const mismatch = recordMismatch(r, { version, filing, later }, report);
  if (mismatch) return fail('record-mismatch', mismatch.detail, mismatch.field);
  return { ...base, verified: true };
}
