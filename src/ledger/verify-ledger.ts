// Verifying the ledger: every log is recomputed from its events (in parallel, as many at once
// as the store serves), each event checked for its place (position, its subject's log, an
// instant no earlier than the one before, but for the events an earlier release's chain became,
// which keep the instants it recorded) and its leaf hash against the stored tree, and each
// log's root against its head and, at the size a signed checkpoint states, against that
// checkpoint's root. The first bad event of
// each log is named; the ledger's head (every log's size and root, and the root over them that a
// checkpoint signs) is what an outsider compares with what was published. From a saved
// checkpoint (`since`), only the growth after it is recomputed: the tree at the saved size must
// have the saved root, and every later event must extend it.
import type { Database, Queryable } from '../store/database.ts';
import { CompactRange, rangeNodes } from './tlog/compact-range.ts';
import { HASH_SIZE } from './tlog/merkle.ts';
import { logOf, partitionsOf, platformEvents } from './ledger.ts';
import type { LedgerUpgradedData } from './events.ts';
import { decodeBlock, rawBlocksInRange, rawEventsInRange, rawInstant, rawLeafHash, rawSubject, type RawBlock, type RawEvent } from './blocks.ts';
import { TILE_HEIGHT, TILE_WIDTH } from './tlog/tiles.ts';
import { edgeAt } from './proofs.ts';
import { headOf, type LedgerHead } from './head.ts';

const PAGE = 10_000;

export interface BrokenEvent {
  log: number;
  index: number;
  reason: string;
}

export type VerifyResult =
  | { intact: true; events: number; head: LedgerHead }
  | { intact: false; events: number; head: LedgerHead; firstBroken: BrokenEvent; broken: BrokenEvent[] };

/** A log's size and root as a checkpoint states them. */
interface SignedState {
  size: number;
  root: Buffer;
}

/** A log's head as the audit read it at its start. */
interface HeadRow {
  log: number;
  size: number;
  edge: Uint8Array;
  [k: string]: unknown;
}

/**
 * The tiles of one log as the audit walks it: each tile level's current tile, read again when the
 * walk moves to the next one (or finds it shorter than needed, as the first tile read mid-way).
 */
class TileCursor {
  private readonly current = new Map<number, { idx: number; hashes: Buffer | null }>();

  constructor(
    private readonly q: Queryable,
    private readonly log: number,
    private readonly size: number,
  ) {}

  /**
   * Whether the tree's node (tree level a multiple of 8) is the stored one. The leaves of the
   * log's last, partial tile have no stored copy: they are hashed from the events themselves.
   */
  async holds(level: number, index: number, hash: Uint8Array): Promise<boolean> {
    if (level === 0 && (Math.floor(index / TILE_WIDTH) + 1) * TILE_WIDTH > this.size) return true;
    const tileLevel = level / TILE_HEIGHT;
    const idx = Math.floor(index / TILE_WIDTH);
    const offset = (index % TILE_WIDTH) * HASH_SIZE;
    let tile = this.current.get(tileLevel);
    if (!tile || tile.idx !== idx || !tile.hashes || tile.hashes.length < offset + HASH_SIZE) {
      const [row] = await this.q.query<{ hashes: Uint8Array }>('SELECT hashes FROM ledger_tile WHERE log = $1 AND level = $2 AND idx = $3', [
        this.log,
        tileLevel,
        idx,
      ]);
      tile = { idx, hashes: row ? Buffer.from(row.hashes) : null };
      this.current.set(tileLevel, tile);
    }
    return tile.hashes !== null && tile.hashes.length >= offset + HASH_SIZE && Buffer.from(hash).equals(tile.hashes.subarray(offset, offset + HASH_SIZE));
  }
}

/**
 * A block's place and row against its events: it starts where the one before it ends (null: the
 * first walked), holds as many events as its row states, and lists exactly their subjects (the
 * list finds a subject's events: a subject left out would have its events hidden from its reads).
 */
function checkBlock(block: RawBlock, end: number | null): { index: number; reason: string } | null {
  if (end !== null && block.first < end) return { index: block.first, reason: 'blocks overlap: the event is stored twice' };
  if (end !== null && block.first > end) return { index: end, reason: 'the event is missing: no block holds it' };
  if (block.raw.length !== block.events) return { index: block.first, reason: `its block states ${block.events} events and holds ${block.raw.length}` };
  const held = new Set<string>();
  for (const e of block.raw) {
    try {
      const subject = rawSubject(e);
      if (subject !== null) held.add(subject);
    } catch {
      // Not an event: the walk names it.
    }
  }
  if (held.size !== new Set(block.subjects).size || block.subjects.some((s) => !held.has(s)))
    return { index: block.first, reason: "its block's list of subjects is not its events' subjects: a subject's events would be hidden from its reads" };
  return null;
}

/**
 * Recomputes one log up to its head as read at the audit's start (events appended meanwhile are
 * left to the next audit), from the start or from a saved state; returns its recomputed size and
 * root, or its first bad event. `signed`: the state a checkpoint signed, which the log must pass.
 */
async function verifyLog(
  q: Queryable,
  head: HeadRow,
  partitions: number,
  onEvents: (n: number) => void,
  since: SignedState | null,
  signed: SignedState | null,
  converted: number,
): Promise<{ size: number; root: Buffer } | BrokenEvent> {
  const log = head.log;
  let range = CompactRange.empty();
  let lastAt = -Infinity;
  if (since && since.size > 0) {
    if (since.size > head.size) return { log, index: head.size, reason: `the log holds ${head.size} events, fewer than the ${since.size} of the saved checkpoint: it was rolled back` };
    range = await edgeAt(q, log, since.size);
    if (!range.root().equals(since.root)) return { log, index: since.size - 1, reason: "the log's tree at the saved checkpoint's size has another root: the log was rewritten" };
    const [prev] = await rawEventsInRange(q, log, since.size - 1, since.size);
    lastAt = prev ? rawInstant(prev) : -Infinity;
  }
  if (signed && signed.size < range.size) return { log, index: range.size - 1, reason: 'the latest checkpoint states fewer events than the saved one: it is not an extension of it' };
  if (signed && signed.size > head.size) return { log, index: head.size, reason: `the event is missing: the latest checkpoint states ${signed.size} events, and the log's head ${head.size}` };
  const checkSigned = (): BrokenEvent | null =>
    signed && range.size === signed.size && !range.root().equals(signed.root)
      ? { log, index: signed.size - 1, reason: "the log's root at the size the latest checkpoint states is not the root it signed" }
      : null;
  const bad = checkSigned();
  if (bad) return bad;
  const tiles = new TileCursor(q, log, head.size);
  // The blocks walked: the first event of the last one, and where it ends.
  const blocks = { lastFirst: -1, end: null as number | null };
  const logs = new Map<string | null, number>();
  for (let from = range.size; from < head.size; from += PAGE) {
    const to = Math.min(from + PAGE, head.size);
    const rows: RawEvent[] = [];
    for (const block of await rawBlocksInRange(q, log, from, to)) {
      if (block.first !== blocks.lastFirst) {
        const bad = checkBlock(block, blocks.end);
        if (bad) return { log, ...bad };
        blocks.lastFirst = block.first;
        blocks.end = block.first + block.raw.length;
      }
      for (const e of block.raw) if (e.index >= from && e.index < to) rows.push(e);
    }
    for (let index = from; index < Math.min(from + PAGE, head.size); index++) {
      const row = rows[index - from];
      const broken = (reason: string): BrokenEvent => ({ log, index, reason });
      if (!row || row.index !== index) return broken(`the event is missing: expected event ${index} here, found ${row ? row.index : 'none'}`);
      // The leaf hash covers the bytes; the event's place needs only its subject and instant.
      let subject: string | null;
      let at: number;
      try {
        subject = rawSubject(row);
        at = rawInstant(row);
      } catch {
        return broken('its payload is not an event (no subject or recording instant)');
      }
      let subjectLog = logs.get(subject);
      if (subjectLog === undefined) logs.set(subject, (subjectLog = logOf(subject, partitions)));
      if (subjectLog !== log) return broken(`its subject belongs to log ${subjectLog}, not this one`);
      if (at < lastAt && index >= converted) return broken('it is recorded before the event before it');
      if (at > lastAt) lastAt = at;
      for (const node of range.append([rawLeafHash(row)])) {
        if (node.level % TILE_HEIGHT !== 0) continue;
        if (!(await tiles.holds(node.level, node.index, node.hash))) {
          return node.level === 0
            ? broken("its leaf hash is not the one in its log's tree: the event or the tree was altered")
            : broken(`the tree's node ${node.level}/${node.index} that it completes is not the stored one: the tree was altered`);
        }
      }
      const wrong = checkSigned();
      if (wrong) return wrong;
    }
    onEvents(to - from);
  }
  const root = range.root();
  const stored = CompactRange.fromBytes(head.edge);
  if (!root.equals(stored.root())) {
    // The leaves of the last, partial tile have no stored copy: the first of the head's subtrees
    // that disagrees with the events narrows the altered event down to its leaves.
    const nodes = rangeNodes(0, range.size);
    const at = stored.size === range.size ? nodes.findIndex((_, i) => !Buffer.from(range.hashes[i]!).equals(Buffer.from(stored.hashes[i]!))) : -1;
    if (at < 0) return { log, index: range.size - 1, reason: "the log's head root is not the root of its events" };
    const first = nodes[at]!.index * 2 ** nodes[at]!.level;
    const last = Math.min(range.size, (nodes[at]!.index + 1) * 2 ** nodes[at]!.level) - 1;
    return {
      log,
      index: first,
      reason:
        first === last
          ? "its leaf hash is not the one in its log's head: the event or the head was altered"
          : `the log's head disagrees with its events ${first} to ${last}: one of them or the head was altered`,
    };
  }
  // Events past the log's head (as it stands now: appends since the start move it) were added behind it.
  // One statement, so that the head and the blocks are read at one instant.
  const tail = await q.query<{ size: number; first_idx: number | null; data: Uint8Array | null }>(
    `SELECT l.size, b.first_idx, b.data FROM ledger_log l
       LEFT JOIN LATERAL (
         SELECT first_idx, data FROM ledger_block
          WHERE log = l.log AND first_idx >= coalesce((SELECT max(first_idx) FROM ledger_block WHERE log = l.log AND first_idx < l.size), 0)
       ) b ON true
      WHERE l.log = $1 ORDER BY b.first_idx`,
    [log],
  );
  for (const block of tail) {
    if (block.first_idx === null || block.data === null) continue;
    const past = block.first_idx + decodeBlock(block.data).length - 1;
    if (past >= block.size) return { log, index: Math.max(block.first_idx, block.size), reason: "the event is past its log's head: it was added behind the ledger" };
  }
  return { size: range.size, root };
}

export interface VerifyOptions {
  onProgress?: (checked: number) => void;
  /** Check only the growth after this saved checkpoint's head. */
  since?: LedgerHead;
  /** The head the latest signed checkpoint states: each log must pass through it. */
  signed?: LedgerHead;
}

/** Verifies every log up to the ledger's head as it stands when the audit starts, which it returns. */
export async function verifyLedger(db: Database, options: VerifyOptions = {}): Promise<VerifyResult> {
  const { onProgress, since, signed } = options;
  const partitions = await partitionsOf(db);
  for (const h of [since, signed]) {
    if (h && h.logs.length !== partitions + 1) throw new RangeError(`the checkpoint names ${h.logs.length} logs; this ledger has ${partitions + 1}`);
  }
  // One statement: a prefix of every log, which the audit checks and reports.
  const heads = await db.query<HeadRow>('SELECT log, size, edge FROM ledger_log ORDER BY log');
  const head = headOf(heads.map((h) => ({ log: h.log, size: h.size, root: CompactRange.fromBytes(h.edge).root().toString('base64') })));
  const stateOf = (h: LedgerHead | undefined, log: number): SignedState | null =>
    h ? { size: h.logs[log]!.size, root: Buffer.from(h.logs[log]!.root, 'base64') } : null;
  // The events an earlier release's chain became, which keep their instants as it recorded them.
  const upgrade = (await platformEvents(db, 'ledger.upgraded')).at(-1);
  const converted = (upgrade?.data as LedgerUpgradedData | undefined)?.logs ?? [];
  let events = 0;
  const count = (n: number) => {
    events += n;
    onProgress?.(events);
  };
  const results = new Array<{ size: number; root: Buffer } | BrokenEvent>(heads.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < heads.length; i = next++) results[i] = await verifyLog(db, heads[i]!, partitions, count, stateOf(since, i), stateOf(signed, i), converted[i] ?? 0);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(db.poolSize, heads.length)) }, worker));
  const broken = results.filter((r): r is BrokenEvent => 'reason' in r);
  if (broken.length > 0) return { intact: false, events, head, firstBroken: broken[0]!, broken };
  return { intact: true, events, head };
}
