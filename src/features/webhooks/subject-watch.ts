// Watches of subjects: the subjects a webhook subscription names, and which of the ledger's new
// events about them it delivers. Only a change of a published record is delivered (one whose
// version before or after the change is published), so that a watch never reveals that a record
// the public cannot see exists; a record whose class publishes nothing yields no event at all.
import { assertNever } from '../../domain/assert-never.ts';
import { parseSubjectIdentifier } from '../../domain/ids/identifier.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';
import { subjectOfPayload, typeOfPayload, type StoredEvent } from '../../ledger/blocks.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { parseEvent, subjectsEvents } from '../../ledger/ledger.ts';
import { AppError } from '../../kernel/problems.ts';
import type { Queryable } from '../../store/database.ts';
import { recordsPublished } from './webhooks.store.ts';

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

/**
 * The changes a watch delivers, in order: those of a record published before or after the
 * change. `published` holds, per record, whether its version as of the changes already seen is
 * published; it is read from the ledger for a record first seen here after its filing, and
 * updated with each change, so that a caller reading a log page by page passes it on.
 */
export async function publicChanges(q: Queryable, changes: readonly RecordChange[], published: Map<string, boolean>): Promise<RecordChange[]> {
  await learnStatesBefore(q, changes, published);
  const out: RecordChange[] = [];
  for (const c of changes) {
    const before = published.get(c.data.recordId) ?? false;
    let after: boolean;
    switch (c.type) {
      case 'record.filed':
      case 'record.corrected':
        after = c.data.window.published;
        break;
      case 'record.withdrawn':
      case 'record.publicity-ended':
        // The class is unchanged: a public record withdrawn or ended is news, a hidden one none.
        after = before;
        break;
      default:
        assertNever(c, 'record change');
    }
    published.set(c.data.recordId, after);
    if (before || after) out.push(c);
  }
  return out;
}

/**
 * Learns, for each record whose first change here depends on it and whose state is not yet
 * known, whether its version just before that change was published: from its row when the row's
 * version (body_index) comes before that change, otherwise (a later correction is already
 * projected) from its subject's events in the ledger.
 */
async function learnStatesBefore(q: Queryable, changes: readonly RecordChange[], published: Map<string, boolean>): Promise<void> {
  const first = new Map<string, RecordChange>();
  for (const c of changes) if (!published.has(c.data.recordId) && !first.has(c.data.recordId)) first.set(c.data.recordId, c);
  // A filing has no state before it; a correction to a published version is delivered whatever it was.
  for (const [id, c] of first) if (c.type === 'record.filed' || (c.type === 'record.corrected' && c.data.window.published)) first.delete(id);
  if (first.size === 0) return;
  const rows = await recordsPublished(q, new Map([...first].map(([id, c]) => [id, c.subject!])));
  const unknown = new Map<string, RecordChange>();
  for (const [id, c] of first) {
    const row = rows.get(id);
    if (row && row.bodyIndex < c.index) published.set(id, row.published);
    else unknown.set(id, c);
  }
  if (unknown.size === 0) return;
  const history = await subjectsEvents(q, [...new Set([...unknown.values()].map((c) => c.subject!))]);
  for (const [id, c] of unknown) {
    let state = false;
    for (const e of history.get(c.subject!) ?? []) {
      if (e.index >= c.index) break;
      if ((e.type === 'record.filed' || e.type === 'record.corrected') && e.data.recordId === id) state = e.data.window.published;
    }
    published.set(id, state);
  }
}
