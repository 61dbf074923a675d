// The ledger proofs a report carries, made and checked. The version of a record a report shows
// is held by one event of its subject's log (record.filed for version 1, record.corrected for
// later ones). A report cites one signed checkpoint and carries, for each record, that event's
// position, leaf hash and inclusion proof at its log's size in the checkpoint, and the event's
// bytes where the report may show all they hold. Checking opens the checkpoint with the
// platform's log keys, checks its root over the logs' heads, and runs each proof to its log's root.
import type { Queryable } from '../../store/database.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { parseEvent } from '../../ledger/ledger.ts';
import { headOfCheckpoint, type StoredCheckpoint } from '../../ledger/checkpoints.ts';
import { inclusionProof } from '../../ledger/proofs.ts';
import { leafHash, verifyInclusion } from '../../ledger/tlog/merkle.ts';
import { openCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import type { NoteVerifier } from '../../ledger/tlog/note.ts';
import { canonicalJson } from '../../kernel/canonical-json.ts';
import { isPersonKey } from '../../domain/records.ts';
import { isPersonId, printable, type ReportContent, type ReportEvent, type ReportRecord, type ReportScope } from './content.ts';
import { recordBodyEvents, type StoredEvent } from './report.store.ts';

/** Where reports get the checkpoint they cite. */
export interface ReportLog {
  /** The checkpoints' origin, which is also the name of the log's note keys. */
  readonly origin: string;
  /** The latest signed checkpoint, made now if the ledger has moved since. */
  currentCheckpoint(): Promise<StoredCheckpoint>;
}

/** The record and version an event holds, if it files or corrects a record. */
export function versionHeld(e: LedgerEvent): { recordId: string; version: number } | null {
  if (e.type === 'record.filed') return { recordId: e.data.recordId, version: 1 };
  if (e.type === 'record.corrected') return { recordId: e.data.recordId, version: e.data.version };
  return null;
}

const versionKey = (recordId: string, version: number) => `${recordId}@${version}`;

/** The events of a subject's log that hold these versions of its records, by `recordId@version`. */
export async function versionEvents(
  q: Queryable,
  subjectKey: string,
  wanted: ReadonlyArray<{ recordId: string; version: number }>,
): Promise<Map<string, { stored: StoredEvent; event: LedgerEvent }>> {
  const keys = new Set(wanted.map((w) => versionKey(w.recordId, w.version)));
  const found = new Map<string, { stored: StoredEvent; event: LedgerEvent }>();
  for (const stored of await recordBodyEvents(q, subjectKey, [...new Set(wanted.map((w) => w.recordId))])) {
    const event = parseEvent(stored.payload, stored.log, stored.index);
    const held = versionHeld(event);
    if (held && keys.has(versionKey(held.recordId, held.version))) found.set(versionKey(held.recordId, held.version), { stored, event });
  }
  return found;
}

export const eventOfVersion = (
  events: Map<string, { stored: StoredEvent; event: LedgerEvent }>,
  recordId: string,
  version: number,
): { stored: StoredEvent; event: LedgerEvent } | undefined => events.get(versionKey(recordId, version));

/** The inclusion proof of a stored event at its log's size in a checkpoint. */
export async function eventProof(q: Queryable, checkpoint: StoredCheckpoint, e: StoredEvent, withPayload: boolean): Promise<ReportEvent> {
  const size = checkpoint.sizes[e.log];
  if (size === undefined || e.index >= size) {
    throw new Error(`checkpoint ${checkpoint.id} holds log ${e.log} at ${size ?? 0} events, so not event ${e.index}: it is older than what the report shows`);
  }
  const proof = await inclusionProof(q, e.log, e.index, size);
  return {
    log: e.log,
    index: e.index,
    leafHash: leafHash(Buffer.from(e.payload, 'utf8')).toString('base64'),
    inclusionProof: proof.map((h) => h.toString('base64')),
    payload: withPayload ? e.payload : null,
  };
}

/**
 * Whether a report may carry the bytes of the event that holds a record it shows. Never when they
 * hold a keyed hash (of an identity number in a field, of the persons the record names, or the
 * key of a natural person): no report shows one. A full report, for the subject itself, carries
 * the rest. A public report only carries a filing by an agency (or the platform) whose every
 * field and decision part it shows: what else a filing holds (item, category, polarity, agency,
 * publicity window, policy version, instant) follows from what it shows and the published
 * policy pack; a correction holds its free-text reason, and a filing by hand its clerk's account.
 */
export function mayCarryEvent(scope: ReportScope, record: ReportRecord, e: LedgerEvent): boolean {
  if (e.type !== 'record.filed' && e.type !== 'record.corrected') return false;
  const d = e.data;
  if ((d.persons && d.persons.length > 0) || Object.values(d.fields).some(isPersonId)) return false;
  if (e.subject !== null && isPersonKey(e.subject)) return false;
  if (scope === 'full') return true;
  if (e.type !== 'record.filed' || (e.actor.type !== 'agency' && e.actor.type !== 'system')) return false;
  const shown = new Set(record.fields.map((f) => f.name));
  return Object.keys(d.fields).every((name) => shown.has(name)) && Object.keys(d.decision).every((k) => k in record.decision);
}

/**
 * What differs between a record as a report shows it and the event whose bytes the report
 * carries for it (null: nothing): the record and version, each decision part and field shown.
 */
export function differenceFromEvent(record: ReportRecord, payload: string): string | null {
  let event: LedgerEvent;
  try {
    event = JSON.parse(payload) as LedgerEvent;
  } catch {
    return 'its event bytes are not JSON';
  }
  const held = versionHeld(event);
  if (!held) return `its event is a ${String(event.type)}, not a filing or correction`;
  if (held.recordId !== record.recordId || held.version !== record.version) {
    return `its event holds ${held.recordId} version ${held.version}, not ${record.recordId} version ${record.version}`;
  }
  const d = event.type === 'record.filed' || event.type === 'record.corrected' ? event.data : null;
  for (const [part, value] of Object.entries(record.decision)) {
    if (d?.decision[part as keyof typeof d.decision] !== value) return `its decision ${part} is not the event's`;
  }
  for (const f of record.fields) {
    const held = d?.fields[f.name];
    if (held === undefined || canonicalJson(printable(held)) !== canonicalJson(f.value)) return `its field ${f.name} is not the event's`;
  }
  return null;
}

/** How one record's proof checked. */
export interface RecordProofCheck {
  recordId: string;
  log: number;
  index: number;
  verified: boolean;
  /** checked: the report carries the event's bytes, they hash to the leaf and say what the report shows; withheld: it carries the leaf hash only. */
  payload: 'checked' | 'withheld';
  /** Why it failed. */
  detail?: string;
}

export interface ProofsCheck {
  checkpoint: { id: number; origin: string; size: number };
  records: RecordProofCheck[];
}

export type ProofsVerdict = { ok: true; proofs: ProofsCheck } | { ok: false; detail: string; proofs?: ProofsCheck };

/**
 * Checks a report's proofs: the checkpoint's signature by one of the log's keys under its origin,
 * its root over the logs' heads, and for each record its event's leaf (from the bytes, where the
 * report carries them, which must say what the report shows) and inclusion proof to its log's root.
 */
export function checkReportProofs(content: ReportContent, origin: string, verifiers: readonly NoteVerifier[]): ProofsVerdict {
  const cited = content.checkpoint;
  if (!cited) return { ok: false, detail: 'the report cites no checkpoint' };
  let logs: Array<{ size: number; root: string }>;
  let size: number;
  try {
    const opened = openCheckpoint(cited.note, origin, verifiers);
    const { head } = headOfCheckpoint(opened.text);
    logs = head.logs;
    size = head.size;
  } catch (err) {
    return { ok: false, detail: `its checkpoint ${cited.id} does not verify with the platform's log keys: ${(err as Error).message}` };
  }
  const records = content.records.map((r) => checkRecord(r, logs));
  const proofs: ProofsCheck = { checkpoint: { id: cited.id, origin, size }, records };
  const failed = records.find((r) => !r.verified);
  return failed ? { ok: false, detail: `the proof of record ${failed.recordId} does not verify: ${failed.detail}`, proofs } : { ok: true, proofs };
}

function checkRecord(r: ReportRecord, logs: ReadonlyArray<{ size: number; root: string }>): RecordProofCheck {
  const e = r.event;
  if (!e) return { recordId: r.recordId, log: -1, index: -1, verified: false, payload: 'withheld', detail: 'the report carries no proof of it' };
  const base = { recordId: r.recordId, log: e.log, index: e.index, payload: e.payload === null ? ('withheld' as const) : ('checked' as const) };
  const fail = (detail: string): RecordProofCheck => ({ ...base, verified: false, detail });
  const head = logs[e.log];
  if (!head) return fail(`the checkpoint has no log ${e.log}`);
  const leaf = Buffer.from(e.leafHash, 'base64');
  if (e.payload !== null) {
    if (!leaf.equals(leafHash(Buffer.from(e.payload, 'utf8')))) return fail('its event bytes do not hash to its leaf hash');
    const difference = differenceFromEvent(r, e.payload);
    if (difference) return fail(difference);
  }
  try {
    verifyInclusion(
      e.index,
      head.size,
      leaf,
      e.inclusionProof.map((h) => Buffer.from(h, 'base64')),
      Buffer.from(head.root, 'base64'),
    );
  } catch (err) {
    return fail((err as Error).message);
  }
  return { ...base, verified: true };
}
