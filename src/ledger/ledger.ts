// Appending to the ledger and reading it back. The ledger is partitioned into logs: the platform
// log 0 for events without a subject, and `partitions` subject logs, each subject's events in one
// of them (logOf, by the store's placement: placement.ts). A log is numbered from 0 in commit
// order: its writers hold its row of ledger_log until they commit, and writers of different logs
// do not wait for each other. Each log is a Merkle tree (log-tree.ts) whose root a checkpoint
// signs. On a store laid out on Citus shards every statement of an append names its log's key,
// so that an append for one subject runs on the worker of its log alone.
import { hash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Queryable } from '../store/database.ts';
import {
  BLOCK_COLUMNS,
  blockLines,
  encodeLogEvents,
  eventsInRange,
  eventsOfBlocksListing,
  subjectOfPayload,
  typeOfPayload,
  type EncodedBlock,
  type EventPieces,
  type StoredEvent,
} from './blocks.ts';
import { canonicalJson } from '../kernel/canonical-json.ts';
import { ADVISORY_LOCK } from '../kernel/constants.ts';
import type { LedgerEvent, NewEvent } from './events.ts';
import type { Actor } from '../kernel/principal.ts';
import { extendLogs, type LogHead } from './log-tree.ts';
import { logKeysOf, placementOf, shardLogOf, type LogPlacement } from './placement.ts';

/** The log of events without a subject: agencies, policy, the platform's own acts. */
export const PLATFORM_LOG = 0;

/**
 * The log a subject's events belong to. Placement `sha256` (or a bare number of partitions): 1 +
 * (the first four bytes of SHA-256 of its key) mod partitions; `citus-shard`: 1 + the index of the
 * shard whose hash range holds hashtext(key), the shard of the subject's rows.
 */
export function logOf(subjectKey: string | null, placement: number | LogPlacement): number {
  if (subjectKey === null) return PLATFORM_LOG;
  if (typeof placement !== 'number' && placement.bounds) return shardLogOf(subjectKey, placement.bounds);
  const partitions = typeof placement === 'number' ? placement : placement.partitions;
  return 1 + (hash('sha256', subjectKey, 'buffer').readUInt32BE(0) % partitions);
}

export { placementOf, type LogPlacement } from './placement.ts';

/** How many subject logs the store has (fixed when it was created). */
export async function partitionsOf(q: Queryable): Promise<number> {
  const [meta] = await q.query<{ partitions: number }>('SELECT partitions FROM ledger_meta');
  if (!meta) throw new Error('the store has no ledger logs: open it with openPlatform, which creates them');
  return meta.partitions;
}

/**
 * Takes the logs of these subjects (null: the platform log) for the rest of the transaction, in
 * ascending order so that two writers never wait for each other in a cycle, and returns their
 * heads. A service that reads a subject's state and then appends to it takes its log first.
 */
export async function takeLogs(tx: Queryable, subjects: Iterable<string | null>, placement?: number | LogPlacement): Promise<Map<number, LogHead>> {
  const p = placement ?? (await placementOf(tx));
  return takeLogNumbers(tx, new Set([...subjects].map((s) => logOf(s, p))), typeof p === 'number' ? null : p.keys);
}

/**
 * Takes these logs, by number, as takeLogs does. With keys (a store on Citus shards), one
 * statement a log, each on its log's shard: Citus runs no locking read over several shards.
 */
async function takeLogNumbers(tx: Queryable, logs: ReadonlySet<number>, keys: readonly string[] | null): Promise<Map<number, LogHead>> {
  const ordered = [...logs].sort((a, b) => a - b);
  if (!keys)
    return headsOf(await tx.query<HeadRow>('SELECT log, size, last_at, edge FROM ledger_log WHERE log = ANY($1::int[]) ORDER BY log FOR UPDATE', [ordered]));
  // A worker commits a one-phase transaction before the coordinator does, releasing the log's row
  // while this transaction's rows on the coordinator are not yet seen: the log is held on the
  // coordinator too, until they are, so that the next to take it reads them.
  await tx.query('SELECT pg_advisory_xact_lock($1, log) FROM unnest($2::int[]) AS log', [ADVISORY_LOCK.log, ordered]);
  const rows: HeadRow[] = [];
  for (const log of ordered)
    rows.push(...(await tx.query<HeadRow>('SELECT log, size, last_at, edge FROM ledger_log WHERE log_key = $1 AND log = $2 FOR UPDATE', [keys[log], log])));
  return headsOf(rows);
}

/** The latest instant recorded in any log (null for an empty ledger). */
async function latestInstant(tx: Queryable): Promise<Date | null> {
  const [row] = await tx.query<{ at: Date | null }>('SELECT max(last_at) AS at FROM ledger_log');
  return row?.at ? new Date(row.at) : null;
}

/** Takes every log (converting a store, forking one in a test) and returns their heads. */
export async function takeAllLogs(tx: Queryable): Promise<Map<number, LogHead>> {
  const keys = await logKeysOf(tx);
  if (keys) return takeLogNumbers(tx, new Set(keys.keys()), keys);
  return headsOf(await tx.query<HeadRow>('SELECT log, size, last_at, edge FROM ledger_log ORDER BY log FOR UPDATE'));
}

interface HeadRow {
  log: number;
  size: number;
  last_at: Date | null;
  edge: Uint8Array;
  [k: string]: unknown;
}

const headsOf = (rows: readonly HeadRow[]) =>
  new Map(rows.map((r) => [r.log, { log: r.log, size: r.size, lastAt: r.last_at ? new Date(r.last_at) : null, edge: Buffer.from(r.edge) }]));

/**
 * Appends events inside the caller's transaction and returns them as stored. All events of one
 * call share the recording instant `at`, or a later instant already recorded: instants never
 * decrease along a log, whatever the order in which concurrent writers (or processes with clocks
 * slightly apart) took theirs, and an append that spans logs is in all of them or none. On a store
 * of placement `sha256` the instant is no earlier than the latest in any log, so an event is never
 * recorded before one that committed before it, and a read as of an instant sees a prefix of
 * every log that holds all that those events were decided on. On a store laid out on Citus shards
 * (`citus-shard`) the instant is no earlier than the latest of the logs appended to, and reading
 * every log's latest instant (every shard) is left off the append: a read as of an instant still
 * sees a prefix of each log, and one subject's events (all in its log) as they were, but across
 * logs only a checkpoint's sizes are a cut that holds everything committed before what it holds
 * (checkpoints.ts, positionAsOf).
 */
export async function appendEvents(
  tx: Queryable,
  events: readonly NewEvent[],
  actorIn: Actor,
  at: Date,
  prepared?: PreparedAppend,
  underLogs?: UnderLogs,
): Promise<LedgerEvent[]> {
  if (events.length === 0) return [];
  const placement = await placementOf(tx);
  const keys = placement.keys;
  // The events are encoded (their bytes, leaf hashes and blocks) before their logs are taken,
  // so that concurrent writers take turns only to write them; at the instant the logs hold when
  // taken, which is almost always the instant read here. Events encoded before the transaction
  // (prepareAppend) for this instant and placement are taken as they are.
  const recordedBefore = keys ? null : await latestInstant(tx);
  let atIso = laterOf(at, recordedBefore).toISOString();
  let placed: Map<string | null, Place>;
  let encoded: EncodedLeaves;
  if (prepared && prepared.events === events && prepared.actor === actorIn && prepared.atIso === atIso && samePlacement(prepared.placement, placement)) {
    placed = prepared.placed;
    encoded = prepared.encoded;
  } else {
    placed = placeSubjects(events, placement);
    encoded = encodeLeaves(leavesOf(events, actorIn, atIso, placed));
  }
  const heads = await takeLogNumbers(tx, new Set(encoded.logs.keys()), keys);
  await underLogs?.(tx);
  // No earlier than anything recorded in any log when the logs were taken, so that what this
  // transaction read (committed before) is in every read as of its instant (sha256); no earlier
  // than its logs' last (citus-shard).
  let latest = laterOf(at, keys ? null : await latestInstant(tx));
  for (const h of heads.values()) latest = laterOf(latest, h.lastAt);
  const recorded = latest.toISOString();
  if (recorded !== atIso) {
    atIso = recorded;
    encoded = encodeLeaves(leavesOf(events, actorIn, atIso, placed));
  }
  const indexes = await writeEncoded(tx, heads, encoded, keys);
  const actor: Actor = { id: actorIn.id, type: actorIn.type };
  const n = events.length;
  const stored = new Array<LedgerEvent>(n);
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const own = e.actor ? { id: e.actor.id, type: e.actor.type } : actor;
    stored[i] = { log: encoded.leaves[i]!.log, index: indexes[i]!, actor: own, at: atIso, data: e.data, subject: e.subject, type: e.type } as LedgerEvent;
  }
  return stored;
}

const laterOf = (at: Date, recorded: Date | null): Date => (recorded && recorded > at ? recorded : at);

/**
 * Work an append's caller does once the append holds its logs and before it writes to them: what
 * it reads then, no other writer of those logs changes until it commits (intake reads a batch's
 * stored filings again there on Citus, where no constraint keeps a record id unique). It may
 * throw, and nothing is written.
 */
export type UnderLogs = (tx: Queryable) => Promise<void>;

/**
 * An append's events encoded before its transaction (prepareAppend): appendEvents takes them as
 * they are when called with the same events and actor, and when the instant it records them at
 * and the store's placement are those they were encoded for; otherwise it encodes them again.
 */
export interface PreparedAppend {
  readonly events: readonly NewEvent[];
  readonly actor: Actor;
  readonly atIso: string;
  readonly placement: LogPlacement;
  readonly placed: Map<string | null, Place>;
  readonly encoded: EncodedLeaves;
}

/**
 * Encodes events (their bytes, leaf hashes, deflated blocks) for an append at `at`, outside any
 * transaction: the work of an append that depends on the events alone, done while another
 * transaction holds the store. Nothing about the logs is read; positions are given at the append.
 */
export async function prepareAppend(events: readonly NewEvent[], actor: Actor, at: Date, placement: LogPlacement): Promise<PreparedAppend> {
  const atIso = at.toISOString();
  const placed = placeSubjects(events, placement);
  // A log at a time, letting the event loop run between logs: a transaction under way gets on
  // with its statements meanwhile.
  return { events, actor, atIso, placement, placed, encoded: await encodeLeaves(leavesOf(events, actor, atIso, placed), yieldToEventLoop) };
}

const samePlacement = (a: LogPlacement, b: LogPlacement): boolean =>
  a.kind === b.kind && a.partitions === b.partitions && String(a.bounds) === String(b.bounds) && String(a.keys) === String(b.keys);

/** Where a subject's events go: its log and its tag in the blocks' lists. */
export interface Place {
  log: number;
  tag: number | undefined;
}

/**
 * Each distinct subject's place, from one SHA-256 of its key: its first four bytes give both the
 * log (logOf, placement `sha256`) and the tag (blocks.ts subjectTag); on a `citus-shard` store the
 * log is its shard's (logOf).
 */
export function placeSubjects(events: readonly NewEvent[], placement: number | LogPlacement): Map<string | null, Place> {
  const places = new Map<string | null, Place>([[null, { log: PLATFORM_LOG, tag: undefined }]]);
  const bounds = typeof placement === 'number' ? null : placement.bounds;
  const partitions = typeof placement === 'number' ? placement : placement.partitions;
  for (const e of events) {
    if (places.has(e.subject)) continue;
    const digest = hash('sha256', e.subject!, 'buffer');
    places.set(e.subject, { log: bounds ? shardLogOf(e.subject!, bounds) : 1 + (digest.readUInt32BE(0) % partitions), tag: digest.readInt32BE(0) });
  }
  return places;
}

/** The events' leaves: their canonical bytes (in pieces), recorded at `atIso`, and their logs. */
export function leavesOf(events: readonly NewEvent[], actorIn: Actor, atIso: string, places: ReadonlyMap<string | null, Place>): LeafPieces[] {
  const atJson = JSON.stringify(atIso);
  const actorJson = canonicalJson({ id: actorIn.id, type: actorIn.type });
  const heads = new Map<Actor | undefined, string>();
  const n = events.length;
  const leaves = new Array<LeafPieces>(n);
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    // The canonical form of the event, assembled around the data's canonical form (keys in
    // sorted order: actor, at, data, subject, type); equal to canonicalJson of the event without
    // its position, which its log's tree gives it.
    let head = heads.get(e.actor);
    if (head === undefined) {
      head = `{"actor":${e.actor ? canonicalJson({ id: e.actor.id, type: e.actor.type }) : actorJson},"at":${atJson},"data":`;
      heads.set(e.actor, head);
    }
    const { log, tag } = places.get(e.subject)!;
    leaves[i] = {
      log,
      subject: e.subject,
      tag,
      at: atIso,
      pieces: [head, e.dataJson ?? canonicalJson(e.data), `,"subject":${JSON.stringify(e.subject)},"type":${JSON.stringify(e.type)}}`],
    };
  }
  return leaves;
}

/** An event's bytes and where they go. */
export interface Leaf {
  log: number;
  type: string;
  subject: string | null;
  /** The recording instant, as in the payload. */
  at: string;
  payload: string;
}

/** A leaf as encoded: its canonical bytes in pieces whose concatenation they are (see encodeLogEvents). */
export interface LeafPieces extends EventPieces {
  log: number;
  at: string;
}

/** Leaves encoded for their logs, by log: their blocks and leaf hashes, which depend on the leaves alone. */
export interface EncodedLeaves {
  leaves: readonly LeafPieces[];
  logs: Map<number, { blocks: EncodedBlock[]; hashes: Buffer[]; lastAt: string; count: number }>;
}

function encodeLeaves(leaves: readonly LeafPieces[]): EncodedLeaves;
function encodeLeaves(leaves: readonly LeafPieces[], between: () => Promise<unknown>): Promise<EncodedLeaves>;
/** Encodes leaves by log; with `between`, awaited between one log and the next. */
function encodeLeaves(leaves: readonly LeafPieces[], between?: () => Promise<unknown>): EncodedLeaves | Promise<EncodedLeaves> {
  const byLog = new Map<number, LeafPieces[]>();
  for (const l of leaves) {
    let own = byLog.get(l.log);
    if (!own) byLog.set(l.log, (own = []));
    own.push(l);
  }
  const logs: EncodedLeaves['logs'] = new Map();
  const encode = (log: number, own: LeafPieces[]) => {
    const hashes: Buffer[] = [];
    logs.set(log, { blocks: encodeLogEvents(own, hashes), hashes, lastAt: own.at(-1)!.at, count: own.length });
  };
  if (!between) {
    for (const [log, own] of byLog) encode(log, own);
    return { leaves, logs };
  }
  return (async () => {
    for (const [log, own] of byLog) {
      await between();
      encode(log, own);
    }
    return { leaves, logs };
  })();
}

/**
 * Writes leaves at the ends of their logs, whose rows the caller holds (takeLogs), extending the
 * trees and `heads`; returns each leaf's index in its log. A log's leaves come in the order of
 * their instants (which never decrease along it).
 */
export async function writeLeaves(tx: Queryable, heads: Map<number, LogHead>, leaves: readonly Leaf[]): Promise<number[]> {
  return writeEncoded(tx, heads, encodeLeaves(leaves.map((l) => ({ log: l.log, subject: l.subject, at: l.at, pieces: [l.payload] }))), await logKeysOf(tx));
}

/**
 * Writes blocks on a store laid out on Citus shards, with their logs' keys, as rows of values:
 * Citus sends each row to its log's shard, and a transaction that wrote one shard commits there
 * in one phase (a COPY, even into one shard, commits in two).
 */
async function insertBlocks(tx: Queryable, keys: readonly string[], heads: ReadonlyMap<number, LogHead>, encoded: EncodedLeaves): Promise<void> {
  const rows: string[][] = [];
  for (const [log, own] of encoded.logs) {
    let index = heads.get(log)!.size;
    for (const b of own.blocks) {
      // The block's COPY columns: its number of events, its subjects' tags, and its bytes (\\x and hex).
      const [events, subjects, data] = b.columns.slice(0, -1).split('\t') as [string, string, string];
      rows.push([keys[log]!, String(log), String(index), events, subjects, data.slice(3)]);
      index += b.events;
    }
  }
  for (let i = 0; i < rows.length; i += INSERTED_BLOCKS) {
    const chunk = rows.slice(i, i + INSERTED_BLOCKS);
    const values = chunk.map(
      (_, j) => `($${6 * j + 1}, $${6 * j + 2}::smallint, $${6 * j + 3}::bigint, $${6 * j + 4}::smallint, $${6 * j + 5}::int[], decode($${6 * j + 6}, 'hex'))`,
    );
    await tx.query(`INSERT INTO ledger_block (log_key, log, first_idx, events, subjects, data) VALUES ${values.join(', ')}`, chunk.flat());
  }
}

/** Blocks inserted a statement (6 parameters each, of PostgreSQL's 65,535). */
const INSERTED_BLOCKS = 1000;

async function writeEncoded(tx: Queryable, heads: Map<number, LogHead>, encoded: EncodedLeaves, keys: readonly string[] | null): Promise<number[]> {
  const next = new Map<number, number>([...heads.values()].map((h) => [h.log, h.size]));
  const indexes = new Array<number>(encoded.leaves.length);
  for (let i = 0; i < encoded.leaves.length; i++) {
    const log = encoded.leaves[i]!.log;
    const index = next.get(log)!;
    next.set(log, index + 1);
    indexes[i] = index;
  }
  if (keys) {
    await insertBlocks(tx, keys, heads, encoded);
  } else {
    let text = '';
    for (const [log, own] of encoded.logs) text += blockLines(log, heads.get(log)!.size, own.blocks);
    await tx.copyIn('ledger_block', BLOCK_COLUMNS, text);
  }
  await extendLogs(
    tx,
    heads,
    new Map([...encoded.logs].map(([log, own]) => [log, own.hashes])),
    new Map([...encoded.logs].map(([log, own]) => [log, own.lastAt])),
    keys,
  );
  return indexes;
}

/** An event from its stored payload and position (payloads of the single chain of earlier releases also carry a `seq`). */
export function parseEvent(payload: string, log: number, index: number): LedgerEvent {
  const event = JSON.parse(payload) as LedgerEvent & { seq?: number };
  delete event.seq;
  event.log = log;
  event.index = index;
  return event;
}

const eventOf = (e: StoredEvent) => parseEvent(e.payload, e.log, e.index);

/** Every log's size: the position after its last event. */
export async function logSizes(q: Queryable): Promise<number[]> {
  const rows = await q.query<{ log: number; size: number }>('SELECT log, size FROM ledger_log ORDER BY log');
  return rows.map((r) => r.size);
}

/**
 * Reads every event after a position in each log (`after[log]`: how many of its events are
 * already read; missing logs from 0), a page at a time, log by log in order. A subject's events
 * are all in one log and come in their order, which is all a projection of them depends on.
 */
export async function* readEvents(q: Queryable, options: { after?: readonly number[]; pageSize?: number } = {}): AsyncGenerator<LedgerEvent[]> {
  const pageSize = options.pageSize ?? 5000;
  const sizes = await logSizes(q);
  for (let log = 0; log < sizes.length; log++) {
    let from = options.after?.[log] ?? 0;
    while (from < sizes[log]!) {
      const rows = await eventsInRange(q, log, from, Math.min(from + pageSize, sizes[log]!));
      if (rows.length === 0) break;
      yield rows.map(eventOf);
      from = rows[rows.length - 1]!.index + 1;
    }
  }
}

/** One subject's events recorded up to an instant, in order (for as-of reads). */
export async function subjectEvents(q: Queryable, subjectKey: string, until?: Date): Promise<LedgerEvent[]> {
  return (await subjectsEvents(q, [subjectKey], until)).get(subjectKey) ?? [];
}

/** The events of each of these subjects recorded up to an instant, in order. */
export async function subjectsEvents(q: Queryable, subjectKeys: readonly string[], until?: Date): Promise<Map<string, LedgerEvent[]>> {
  const wanted = new Set(subjectKeys);
  const out = new Map<string, LedgerEvent[]>();
  for (const stored of await eventsOfBlocksListing(q, subjectKeys)) {
    const subject = subjectOfPayload(stored.payload);
    if (subject === null || !wanted.has(subject)) continue;
    const event = eventOf(stored);
    if (until && new Date(event.at) > until) continue;
    let own = out.get(subject);
    if (!own) out.set(subject, (own = []));
    own.push(event);
  }
  return out;
}

/** The platform log's events of one type, in order (agencies, policy, inspection draws: few). */
export async function platformEvents(q: Queryable, type: LedgerEvent['type']): Promise<LedgerEvent[]> {
  const [head] = await q.query<{ size: number }>('SELECT size FROM ledger_log WHERE log = $1', [PLATFORM_LOG]);
  const out: LedgerEvent[] = [];
  for (let from = 0; from < (head?.size ?? 0); from += 10_000) {
    for (const stored of await eventsInRange(q, PLATFORM_LOG, from, Math.min(from + 10_000, head!.size))) {
      if (typeOfPayload(stored.payload) === type) out.push(eventOf(stored));
    }
  }
  return out;
}

/** The last event of a type in the platform log (agencies, policy), or null. */
export async function lastPlatformEvent(q: Queryable, type: LedgerEvent['type']): Promise<LedgerEvent | null> {
  return (await platformEvents(q, type)).at(-1) ?? null;
}

/** When the last event was recorded (null for an empty ledger). */
export async function lastRecordedAt(q: Queryable): Promise<Date | null> {
  const [head] = await q.query<{ at: Date | null }>('SELECT max(last_at) AS at FROM ledger_log');
  return head?.at ? new Date(head.at) : null;
}

/** Whether any subject's log holds an event (a store that holds records, or had them). */
export async function holdsSubjectEvents(q: Queryable): Promise<boolean> {
  const [row] = await q.query<{ any: boolean }>('SELECT coalesce(max(size), 0) > 0 AS any FROM ledger_log WHERE log <> $1', [PLATFORM_LOG]);
  return row!.any;
}
