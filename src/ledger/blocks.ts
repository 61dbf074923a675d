// How events are stored: in blocks of at most BLOCK_EVENTS consecutive events of one log, their
// canonical bytes (exactly what the leaf hashes cover) joined by newlines (canonical JSON holds
// none) and compressed. The first byte of a block names its codec: 0 stored as it is, 1 raw
// deflate (RFC 1951) with the preset dictionary block-dictionary.txt, which is fixed for good:
// a better dictionary is a new codec. A block lists its events' subjects by their tags (a
// subject's tag: the first 4 bytes of the SHA-256 of its key), so that one subject's events are
// found by an index over blocks instead of a row per event; a block listing a subject's tag may
// also hold another subject's events with the same tag, which readers leave by the key.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { hash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Queryable } from '../store/database.ts';
import { logKeysOf, onLogShard } from './placement.ts';

/** The most events a block holds: reading one event decompresses at most this many. */
export const BLOCK_EVENTS = 64;

const PLAIN = 0;
const DEFLATE_DICTIONARY_1 = 1;

/**
 * Samples of events' canonical JSON: what events share (keys, codes, common words) compresses to
 * back-references. Its bytes are checked: any other dictionary (a checkout that changed its line
 * endings) would inflate every block into garbage without an error.
 */
const DICTIONARY_1 = readFileSync(new URL('./block-dictionary.txt', import.meta.url));
const DICTIONARY_1_SHA256 = '269d5a63d566212756da43ffc4ecb32b701a0629b0f4b9d05b516c2cda2f2f5b';
if (hash('sha256', DICTIONARY_1, 'hex') !== DICTIONARY_1_SHA256) {
  throw new Error(
    'src/ledger/block-dictionary.txt is not the dictionary the ledger was written with (SHA-256 269d5a63d566212756da43ffc4ecb32b701a0629b0f4b9d05b516c2cda2f2f5b): restore it from the repository byte for byte',
  );
}

/**
 * A subject's tag in the blocks' lists: the first 4 bytes of the SHA-256 of its key (UTF-8), as a
 * signed big-endian integer. Migration 0026's ledger_subject_tag() computes the same in SQL.
 */
export function subjectTag(subject: string): number {
  return hash('sha256', subject, 'buffer').readInt32BE(0);
}

/** The distinct tags of some subjects, in the order first seen. */
export function subjectTags(subjects: Iterable<string>): number[] {
  return [...new Set([...subjects].map(subjectTag))];
}

/** One event as stored: its position and canonical bytes. */
export interface StoredEvent {
  log: number;
  index: number;
  payload: string;
}

/** A block's stored bytes. */
export function encodeBlock(payloads: readonly string[]): Buffer {
  return Buffer.concat([Buffer.of(DEFLATE_DICTIONARY_1), deflatePayloads(payloads)]);
}

/** The payloads joined by newlines and compressed (codec DEFLATE_DICTIONARY_1), without the codec's byte. */
function deflatePayloads(payloads: readonly string[]): Buffer {
  // Canonical JSON escapes every newline; an event with one (a chain of an earlier release holds
  // only hashed bytes) would split in two when read back.
  for (const p of payloads) if (p.includes('\n')) throw new Error('a ledger payload holds a newline: it cannot be stored in a block');
  return deflateRawSync(Buffer.from(payloads.join('\n'), 'utf8'), DEFLATE_OPTIONS);
}

/**
 * How blocks of codec DEFLATE_DICTIONARY_1 are compressed. The level and the memory of the
 * encoder's match finder change only how hard it searches, not the format: any setting reads back
 * with the same dictionary. Level 5 with the larger hash table (memLevel 9): a lighter search
 * than zlib's default level, for blocks of nearly the same size.
 */
const DEFLATE_OPTIONS = { dictionary: DICTIONARY_1, level: 5, memLevel: 9 };

/** The codec's byte as it starts a block's bytea in COPY text. */
const DEFLATE_DICTIONARY_1_HEX = Buffer.of(DEFLATE_DICTIONARY_1).toString('hex');

/** The payloads a block holds, in order. */
export function decodeBlock(data: Uint8Array): string[] {
  return joinedPayloads(data).toString('utf8', 1).split('\n');
}

/** A block's payloads joined by newlines, after one spare byte. */
function joinedPayloads(data: Uint8Array): Buffer {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  switch (bytes[0]) {
    case PLAIN:
      return Buffer.from(bytes);
    case DEFLATE_DICTIONARY_1:
      return Buffer.concat([SPARE, inflateRawSync(bytes.subarray(1), { dictionary: DICTIONARY_1 })]);
    default:
      throw new Error(`a ledger block of unknown codec ${bytes[0]}`);
  }
}

const SPARE = Buffer.alloc(1);

/** A block row as COPY text: log, first index, number of events, subjects, data. */
export function blockCopyLines(log: number, firstIndex: number, events: ReadonlyArray<{ subject: string | null; payload: string }>): string {
  return blockLines(log, firstIndex, encodeBlocks(events));
}

/** Blocks encoded apart from where they go: their rows after the log and first index, as COPY text. */
export interface EncodedBlock {
  events: number;
  /** Number of events, subjects and data, tab-separated, ending in a newline. */
  columns: string;
}

/**
 * Consecutive events of one log as blocks of at most BLOCK_EVENTS, encoded: what they hold does
 * not depend on where they land.
 */
export function encodeBlocks(events: ReadonlyArray<{ subject: string | null; tag?: number | undefined; payload: string }>): EncodedBlock[] {
  return encodeLogEvents(
    events.map((e) => ({ subject: e.subject, tag: e.tag, pieces: [e.payload] })),
    [],
  );
}

/** An event to encode: its subject (and the subject's tag, if computed) and its canonical bytes, in pieces whose concatenation they are. */
export interface EventPieces {
  subject: string | null;
  tag?: number | undefined;
  pieces: readonly string[];
}

/**
 * Consecutive events of one log as blocks (as encodeBlocks), pushing each event's leaf hash,
 * SHA-256(0x00 || its canonical bytes), to `hashes`: each event's pieces are encoded to UTF-8
 * once, into the block's bytes, and hashed there. A piece never ends inside a surrogate pair
 * (canonical JSON escapes lone surrogates), so the bytes are those of the joined text.
 */
export function encodeLogEvents(events: readonly EventPieces[], hashes: Buffer[]): EncodedBlock[] {
  const blocks: EncodedBlock[] = [];
  for (let i = 0; i < events.length; i += BLOCK_EVENTS) {
    const end = Math.min(events.length, i + BLOCK_EVENTS);
    // Byte 0 is spare: before each event's bytes, its separator (or the spare byte) becomes the
    // leaf prefix 0x00 while the event is hashed.
    let most = 1;
    for (let j = i; j < end; j++) for (const piece of events[j]!.pieces) most += 3 * piece.length + 1;
    if (most > scratch.length) scratch = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(most)));
    const tags = new Set<number>();
    let at = 1;
    for (let j = i; j < end; j++) {
      const e = events[j]!;
      if (e.subject !== null) tags.add(e.tag ?? subjectTag(e.subject));
      if (j > i) scratch[at++] = 0x0a;
      const start = at;
      for (const piece of e.pieces) {
        // Canonical JSON escapes every newline; an event with one (a chain of an earlier release
        // holds only hashed bytes) would split in two when read back.
        if (piece.includes('\n')) throw new Error('a ledger payload holds a newline: it cannot be stored in a block');
        at += scratch.write(piece, at, 'utf8');
      }
      scratch[start - 1] = 0;
      hashes.push(hash('sha256', scratch.subarray(start - 1, at), 'buffer'));
      if (j > i) scratch[start - 1] = 0x0a;
    }
    const data = deflateRawSync(scratch.subarray(1, at), DEFLATE_OPTIONS);
    blocks.push({ events: end - i, columns: `${end - i}\t{${[...tags].join(',')}}\t\\\\x${DEFLATE_DICTIONARY_1_HEX}${data.toString('hex')}\n` });
  }
  return blocks;
}

/** Where encodeLogEvents writes a block's bytes (encoding is synchronous, so one buffer serves every call). */
let scratch = Buffer.allocUnsafe(1 << 16);

/** Encoded blocks as COPY lines of a log, the first starting at `firstIndex`. */
export function blockLines(log: number, firstIndex: number, blocks: readonly EncodedBlock[]): string {
  let lines = '';
  let index = firstIndex;
  for (const b of blocks) {
    lines += `${log}\t${index}\t${b.columns}`;
    index += b.events;
  }
  return lines;
}

export const BLOCK_COLUMNS = ['log', 'first_idx', 'events', 'subjects', 'data'] as const;

interface BlockRow {
  log: number;
  first_idx: number;
  data: Uint8Array;
  [k: string]: unknown;
}

const eventsOf = (r: BlockRow): StoredEvent[] => decodeBlock(r.data).map((payload, i) => ({ log: r.log, index: r.first_idx + i, payload }));

/**
 * The events of a block that `wanted` names (by log and index), each decoded from its own bytes:
 * a record's body is one event of a block of up to 64, and decoding the whole block as text for
 * it cost more than inflating it. Payloads are canonical JSON, which has no newline byte.
 */
function wantedEventsOf(r: BlockRow, wanted: ReadonlySet<string>, out: Map<string, StoredEvent>): void {
  const joined = joinedPayloads(r.data);
  for (let start = 1, index = r.first_idx; start <= joined.length; index++) {
    const newline = joined.indexOf(10, start);
    const end = newline === -1 ? joined.length : newline;
    const key = `${r.log}/${index}`;
    if (wanted.has(key)) out.set(key, { log: r.log, index, payload: joined.toString('utf8', start, end) });
    start = end + 1;
  }
}

/** The blocks holding a log's events with indexes in [from, to), in order. */
async function blocksInRange(q: Queryable, log: number, from: number, to: number): Promise<Array<BlockRow & { events: number; subjects: number[] }>> {
  if (to <= from) return [];
  // The block holding `from` starts at or before it; every later one that starts before `to`.
  const shard = onLogShard(await logKeysOf(q), log, 4);
  return q.query(
    `SELECT log, first_idx, events, subjects, data FROM ledger_block
      WHERE log = $1 AND first_idx < $3${shard.sql}
        AND first_idx >= coalesce((SELECT max(first_idx) FROM ledger_block WHERE log = $1 AND first_idx <= $2${shard.sql}), 0)
      ORDER BY first_idx`,
    [log, from, to, ...shard.params],
  );
}

/** A log's events with indexes in [from, to), in order (fewer if the log ends sooner). */
export async function eventsInRange(q: Queryable, log: number, from: number, to: number): Promise<StoredEvent[]> {
  const rows = await blocksInRange(q, log, from, to);
  const out: StoredEvent[] = [];
  for (const r of rows) for (const e of eventsOf(r)) if (e.index >= from && e.index < to) out.push(e);
  return out;
}

/**
 * Positions a statement of eventsAt asks for at most: the blocks of a statement's answer are held
 * at once (as hex text first, then bytes), so a caller asking for many events (a day's export
 * reads its public records' bodies tens of thousands at a time) is answered a bounded piece at a
 * time.
 */
const POSITIONS_A_STATEMENT = 4096;

/**
 * The events at these positions that the ledger holds, in the order asked. They are read in the
 * ledger's order, a statement for each run of positions (on Citus, of each log's), so that a
 * block holding several of them is read and inflated once, not once a statement.
 */
export async function eventsAt(
  q: Queryable,
  positions: ReadonlyArray<{ log: number; index: number }>,
  perStatement = POSITIONS_A_STATEMENT,
): Promise<Array<StoredEvent | undefined>> {
  if (positions.length === 0) return [];
  // On Citus shards (placement.ts), a statement for each log, naming its key, runs on its shard.
  const keys = await logKeysOf(q);
  const wanted = new Set(positions.map((p) => `${p.log}/${p.index}`));
  const ordered = [...new Map(positions.map((p) => [`${p.log}/${p.index}`, p])).values()].sort((a, b) => a.log - b.log || a.index - b.index);
  const found = new Map<string, StoredEvent>();
  for (let i = 0; i < ordered.length;) {
    let end = Math.min(ordered.length, i + Math.max(1, perStatement));
    // On Citus a statement holds one log's positions.
    if (keys) for (let k = i + 1; k < end; k++) if (ordered[k]!.log !== ordered[i]!.log) end = k;
    const own = ordered.slice(i, end);
    i = end;
    const shard = onLogShard(keys, own[0]!.log, 3);
    const rows = await q.query<BlockRow>(
      `SELECT DISTINCT ON (b.log, b.first_idx) b.log, b.first_idx, b.data
       FROM unnest($1::int[], $2::bigint[]) AS w(log, idx)
       CROSS JOIN LATERAL (SELECT log, first_idx, data FROM ledger_block WHERE log = w.log AND first_idx <= w.idx${shard.sql} ORDER BY first_idx DESC LIMIT 1) b`,
      [own.map((p) => p.log), own.map((p) => p.index), ...shard.params],
    );
    for (const r of rows) wantedEventsOf(r, wanted, found);
    // Between statements the event loop comes round (PGlite answers on this thread through
    // promises already settled, so a run of statements would keep every request waiting).
    if (i < ordered.length) await yieldToEventLoop();
  }
  return positions.map((p) => found.get(`${p.log}/${p.index}`));
}

/** The event at a position, if the ledger holds it. */
export async function eventAt(q: Queryable, log: number, index: number): Promise<StoredEvent | undefined> {
  return (await eventsAt(q, [{ log, index }]))[0];
}

/**
 * The events of blocks that list the tag of any of these subjects, in each log's order (callers
 * keep the events of the subjects they want: a block also holds other subjects' events).
 */
export async function eventsOfBlocksListing(q: Queryable, subjects: readonly string[]): Promise<StoredEvent[]> {
  if (subjects.length === 0) return [];
  const rows = await q.query<BlockRow>('SELECT log, first_idx, data FROM ledger_block WHERE subjects && $1::int[] ORDER BY log, first_idx', [
    subjectTags(subjects),
  ]);
  return rows.flatMap(eventsOf);
}

/**
 * One event as the audit reads it: its canonical bytes in place in its block's (from `start` to
 * `end`), never decoded into a string, so that a whole ledger is hashed without copying it.
 */
export interface RawEvent {
  index: number;
  bytes: Buffer;
  start: number;
  end: number;
}

/** A stored block as the audit reads it: what its row says, and its events in place. */
export interface RawBlock {
  first: number;
  /** The number of events its row states. */
  events: number;
  /** The tags its row lists. */
  subjects: number[];
  raw: RawEvent[];
}

/** The blocks holding a log's events with indexes in [from, to), in order, their events in place. */
export async function rawBlocksInRange(q: Queryable, log: number, from: number, to: number): Promise<RawBlock[]> {
  const rows = await blocksInRange(q, log, from, to);
  return rows.map((r) => ({ first: r.first_idx, events: r.events, subjects: r.subjects, raw: rawEventsOfBlock(r.data, r.first_idx) }));
}

/** A log's events with indexes in [from, to), as bytes in place (see RawEvent). */
export async function rawEventsInRange(q: Queryable, log: number, from: number, to: number): Promise<RawEvent[]> {
  return (await rawBlocksInRange(q, log, from, to)).flatMap((b) => b.raw.filter((e) => e.index >= from && e.index < to));
}

/** The events of a block whose first is `firstIndex`, as bytes in place. */
export function rawEventsOfBlock(data: Uint8Array, firstIndex: number): RawEvent[] {
  const bytes = joinedPayloads(data);
  const out: RawEvent[] = [];
  let index = firstIndex;
  for (let start = 1; start <= bytes.length; index++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    out.push({ index, bytes, start, end });
    start = end + 1;
  }
  return out;
}

/** The leaf hash of an event read in place: the byte before it (its separator) becomes the leaf prefix 0x00. */
export function rawLeafHash(e: RawEvent): Buffer {
  e.bytes[e.start - 1] = 0;
  return hash('sha256', e.bytes.subarray(e.start - 1, e.end), 'buffer');
}

/** The subject of an event read in place (as subjectOfPayload). */
export function rawSubject(e: RawEvent): string | null {
  const type = e.bytes.lastIndexOf(',"type":', e.end);
  const at = type < e.start ? -1 : e.bytes.lastIndexOf(',"subject":', type);
  if (at < e.start) throw new Error('a ledger payload without its subject');
  return JSON.parse(e.bytes.toString('utf8', at + 11, type)) as string | null;
}

/**
 * The recording instant of an event read in place, in milliseconds. Canonical JSON sorts keys:
 * "at" follows "actor", an object of strings, in which an unescaped `,"at":"` cannot occur.
 */
export function rawInstant(e: RawEvent): number {
  const from = e.bytes.indexOf(',"at":"', e.start);
  const end = from < 0 || from >= e.end ? -1 : e.bytes.indexOf(0x22, from + 7);
  const at = end < 0 || end >= e.end ? NaN : Date.parse(e.bytes.toString('latin1', from + 7, end));
  if (!Number.isFinite(at)) throw new Error('a ledger payload without its recording instant');
  return at;
}

/** The subject of a stored event, read from its canonical bytes without parsing the rest. */
export function subjectOfPayload(payload: string): string | null {
  // Canonical JSON sorts keys: "subject" and "type" are the event's last two, after "data".
  const at = payload.lastIndexOf(',"subject":');
  const end = payload.lastIndexOf(',"type":');
  if (at < 0 || end < at) throw new Error('a ledger payload without its subject');
  return JSON.parse(payload.slice(at + 11, end)) as string | null;
}

/** The type of a stored event, read from its canonical bytes without parsing the rest. */
export function typeOfPayload(payload: string): string {
  const at = payload.lastIndexOf(',"type":');
  if (at < 0) throw new Error('a ledger payload without its type');
  return JSON.parse(payload.slice(at + 8, -1)) as string;
}

/** A block's payloads joined by newlines, decompressed into a buffer of their own (which the caller may write). */
export function blockPayloadBytes(data: Uint8Array): Buffer {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  switch (bytes[0]) {
    case PLAIN:
      return Buffer.from(bytes.subarray(1));
    case DEFLATE_DICTIONARY_1:
      return inflateRawSync(bytes.subarray(1), { dictionary: DICTIONARY_1 });
    default:
      throw new Error(`a ledger block of unknown codec ${bytes[0]}`);
  }
}
