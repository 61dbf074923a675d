// One page of the audit's walk along a log, as a pure computation (no I/O), so that it runs in a
// worker thread while the main thread reads the next page: the page's blocks (decompressed, each
// checked for its place, its count and its list of subjects), then each event in order (its
// place, its subject's log, its instant, and the tree's nodes its leaf completes against the
// stored ones, the root at the size the latest checkpoint signed). Leaf hashes are not stored: an
// altered event shows in the level-4 node over its group of 16 events, and that node (stored in a
// row of its leaf tile's) is borne out or refuted by the level-8 node stored above the tile. The
// walk's state goes in with the page and comes back out, so that any thread can take a log's next
// page.
import { blockPayloadBytes, subjectTag } from './blocks.ts';
import { CompactRange } from './tlog/compact-range.ts';
import { HASH_SIZE, leafHashInPlace, nodeHash } from './tlog/merkle.ts';
import { TILE_HEIGHT, TILE_WIDTH } from './tlog/tiles.ts';
import { logOf } from './ledger.ts';
import type { LogPlacement } from './placement.ts';
import { GROUP_HEIGHT, GROUP_ROW_LEVEL, GROUP_WIDTH, GROUPS_PER_TILE } from './log-tree.ts';

/** Where a log's walk stands between two pages. */
export interface LogWalk {
  log: number;
  /** The store's placement (or its number of partitions, placement sha256): where each subject's events belong. */
  partitions: number | LogPlacement;
  /** How many of the log's first events an earlier release's chain became (their instants are as it recorded them). */
  converted: number;
  /** The tree over the events walked (CompactRange.toBytes). */
  edge: Uint8Array;
  /** The latest instant seen, in milliseconds. */
  lastAt: number;
  /** The first event of the last block walked (-1: none yet), and where that block ends (null: none yet). */
  lastFirst: number;
  end: number | null;
  /** The size and root the latest checkpoint states for the log. */
  signed: { size: number; root: Uint8Array } | null;
  /** Leaf tiles below this one may lack their stored level-4 nodes: the platform fills them when it opens (level4-fill.ts). */
  unfilled: number;
  /**
   * The first group of the leaf tile being walked whose level-4 node is not the stored one (or is
   * not stored): whether its events or the stored node were altered shows at the level-8 node.
   */
  pending: { group: number; missing: boolean } | null;
}

/** A block of the page: its row's fields, and its stored bytes as `data.subarray(start, end)`. */
export interface PageBlock {
  first: number;
  events: number;
  /** The subject tags its row lists. */
  subjects: number[];
  start: number;
  end: number;
}

/** A stored tile of the log (level 1 or above: leaf tiles are not stored), or a row of level-4 nodes (GROUP_ROW_LEVEL). */
export interface PageTile {
  level: number;
  idx: number;
  hashes: Uint8Array;
}

/**
 * The events [from, to) of a log: the blocks that hold them (the one holding `from` first; their
 * bytes one after the other in `data`), and the stored tiles that hold every node at a tile
 * level whose last leaf is among them.
 */
export interface Page {
  from: number;
  to: number;
  blocks: PageBlock[];
  data: Uint8Array;
  tiles: PageTile[];
}

export type PageResult = { walk: LogWalk } | { broken: { index: number; reason: string } };

/** An event in place in its block's decompressed bytes: [start, end). */
interface Placed {
  index: number;
  bytes: Buffer;
  start: number;
  end: number;
  /** Its subject, read once for its block's check and for its own; undefined when it has none. */
  subject: string | null | undefined;
}

const TYPE = Buffer.from(',"type":');
const SUBJECT = Buffer.from(',"subject":');
const AT = Buffer.from(',"at":"');

/** An event's subject (as rawSubject in blocks.ts), or undefined when its payload has none. */
function subjectOf(bytes: Buffer, start: number, end: number): string | null | undefined {
  const type = bytes.lastIndexOf(TYPE, end);
  const at = type < start ? -1 : bytes.lastIndexOf(SUBJECT, type);
  if (at < start) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8', at + 11, type)) as string | null;
  } catch {
    return undefined;
  }
}

/**
 * Recording instants as parsed, by their text: the events of one append share theirs. Canonical
 * JSON sorts keys: "at" follows "actor", an object of strings, in which an unescaped `,"at":"`
 * cannot occur (as rawInstant in blocks.ts).
 */
class Instants {
  private text = Buffer.alloc(64);
  private length = -1;
  private value = NaN;

  of(bytes: Buffer, start: number, end: number): number {
    const from = bytes.indexOf(AT, start);
    const close = from < 0 || from >= end ? -1 : bytes.indexOf(0x22, from + 7);
    if (close < 0 || close >= end) return NaN;
    const n = close - from - 7;
    if (n !== this.length || n > this.text.length || bytes.compare(this.text, 0, n, from + 7, close) !== 0) {
      this.value = Date.parse(bytes.toString('latin1', from + 7, close));
      this.length = n;
      if (n > this.text.length) this.text = Buffer.alloc(n);
      bytes.copy(this.text, 0, from + 7, close);
    }
    return this.value;
  }
}

/** The events of a block in place, from its first's index. */
function placedEvents(data: Uint8Array, first: number): Placed[] {
  const bytes = blockPayloadBytes(data);
  const out: Placed[] = [];
  let index = first;
  for (let start = 0; start <= bytes.length; index++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    out.push({ index, bytes, start, end, subject: subjectOf(bytes, start, end) });
    start = end + 1;
  }
  return out;
}

/**
 * A block's place and row against its events: it starts where the one before it ends (null: the
 * first walked), holds as many events as its row states, and lists exactly their subjects' tags
 * (the list finds a subject's events: a subject left out would have its events hidden from its
 * reads).
 */
function checkBlock(block: PageBlock, events: readonly Placed[], end: number | null): { index: number; reason: string } | null {
  if (end !== null && block.first < end) return { index: block.first, reason: 'blocks overlap: the event is stored twice' };
  if (end !== null && block.first > end) return { index: end, reason: 'the event is missing: no block holds it' };
  if (events.length !== block.events) return { index: block.first, reason: `its block states ${block.events} events and holds ${events.length}` };
  const subjects = new Set<string>();
  for (const e of events) if (e.subject !== null && e.subject !== undefined) subjects.add(e.subject);
  const held = new Set([...subjects].map(subjectTag));
  if (held.size !== new Set(block.subjects).size || block.subjects.some((s) => !held.has(s)))
    return { index: block.first, reason: "its block's list of subjects is not its events' subjects: a subject's events would be hidden from its reads" };
  return null;
}

/**
 * The rows a page needs: the rows of level-4 nodes of the leaf tiles it reaches into, and for each
 * tile level above the leaves, the first and last tile holding a node whose last leaf is in
 * [from, to).
 */
export function tilesOfPage(from: number, to: number): Array<{ level: number; lo: number; hi: number }> {
  const out: Array<{ level: number; lo: number; hi: number }> = [{ level: GROUP_ROW_LEVEL, lo: Math.floor(from / TILE_WIDTH), hi: Math.floor((to - 1) / TILE_WIDTH) }];
  for (let level = 1; 2 ** (TILE_HEIGHT * level) <= to; level++) {
    const span = 2 ** (TILE_HEIGHT * (level + 1));
    out.push({ level, lo: Math.floor(from / span), hi: Math.floor((to - 1) / span) });
  }
  return out;
}

/** Walks one page of a log on from `walk`: the walk after it, or the first bad event. */
export function checkPage(walk: LogWalk, page: Page): PageResult {
  const { log, partitions, converted, signed } = walk;
  const data = Buffer.from(page.data.buffer, page.data.byteOffset, page.data.byteLength);
  const range = CompactRange.fromBytes(walk.edge);
  // The tree's right edge, extended leaf by leaf: the roots of its perfect subtrees, largest first.
  const edge = [...range.hashes];
  let treeSize = range.size;
  const signedRoot = signed ? Buffer.from(signed.root) : null;
  let { lastAt, lastFirst, end, pending } = walk;
  const tiles = new Map<string, Buffer>();
  for (const t of page.tiles) tiles.set(`${t.level}/${t.idx}`, Buffer.from(t.hashes.buffer, t.hashes.byteOffset, t.hashes.byteLength));
  /** Whether the tree's node (level 4, or a positive multiple of 8) is the stored one: true, false, or null when none is stored. */
  const holds = (level: number, index: number, node: Uint8Array): boolean | null => {
    const [row, width] = level === GROUP_HEIGHT ? [GROUP_ROW_LEVEL, GROUPS_PER_TILE] : [level / TILE_HEIGHT, TILE_WIDTH];
    const stored = tiles.get(`${row}/${Math.floor(index / width)}`);
    const offset = (index % width) * HASH_SIZE;
    if (stored === undefined || stored.length < offset + HASH_SIZE) return null;
    for (let i = 0; i < HASH_SIZE; i++) if (stored[offset + i] !== node[i]) return false;
    return true;
  };
  const eventsOf = (level: number, index: number) => `events ${index * 2 ** level} to ${(index + 1) * 2 ** level - 1}`;
  const rows: Placed[] = [];
  for (const block of [...page.blocks].sort((a, b) => a.first - b.first)) {
    const events = placedEvents(data.subarray(block.start, block.end), block.first);
    if (block.first !== lastFirst) {
      const bad = checkBlock(block, events, end);
      if (bad) return { broken: bad };
      lastFirst = block.first;
      end = block.first + events.length;
    }
    for (const e of events) if (e.index >= page.from && e.index < page.to) rows.push(e);
  }
  const logs = new Map<string | null, number>();
  const instants = new Instants();
  let index = page.from;
  const broken = (reason: string): PageResult => ({ broken: { index, reason } });
  for (; index < page.to; index++) {
    const row = rows[index - page.from];
    if (!row || row.index !== index) return broken(`the event is missing: expected event ${index} here, found ${row ? row.index : 'none'}`);
    // The leaf hash covers the bytes; the event's place needs only its subject and instant.
    const subject = row.subject;
    const at = instants.of(row.bytes, row.start, row.end);
    if (subject === undefined || !Number.isFinite(at)) return broken('its payload is not an event (no subject or recording instant)');
    let subjectLog = logs.get(subject);
    if (subjectLog === undefined) logs.set(subject, (subjectLog = logOf(subject, partitions)));
    if (subjectLog !== log) return broken(`its subject belongs to log ${subjectLog}, not this one`);
    if (at < lastAt && index >= converted) return broken('it is recorded before the event before it');
    if (at > lastAt) lastAt = at;
    // The leaf and the nodes it completes, each at a stored level checked against its row. The
    // level-4 node over a group is the first stored hash its events meet, and the level-8 node
    // over their leaf tile the next: when the level-8 node differs, the first group whose node
    // differs is named (one of its events was altered), or the tile when none does; when it
    // holds, a level-4 node that differs is an altered stored node.
    let node: Uint8Array = leafHashInPlace(row.bytes, row.start, row.end);
    let level = 0;
    let nodeIndex = treeSize;
    while (nodeIndex % 2 === 1) {
      node = nodeHash(edge.pop()!, node);
      nodeIndex = (nodeIndex - 1) / 2;
      level++;
      if (level === GROUP_HEIGHT && pending === null) {
        const held = holds(level, nodeIndex, node);
        if (held === false || (held === null && Math.floor(nodeIndex / GROUPS_PER_TILE) >= walk.unfilled)) pending = { group: nodeIndex, missing: held === null };
      }
      if (level % TILE_HEIGHT !== 0) continue;
      if (holds(level, nodeIndex, node) !== true) {
        if (level > TILE_HEIGHT) return broken(`the tree's node ${level}/${nodeIndex} that it completes is not the stored one: the tree was altered`);
        if (pending !== null && !pending.missing) return { broken: alteredGroup(pending.group) };
        return { broken: { index: nodeIndex * TILE_WIDTH, reason: `the tree's node ${level}/${nodeIndex} over ${eventsOf(level, nodeIndex)} is not the stored one: one of those events or the tree was altered` } };
      }
      if (level === TILE_HEIGHT && pending !== null) return { broken: alteredGroupNode(pending, `the node ${level}/${nodeIndex} above them`) };
    }
    edge.push(node);
    treeSize++;
    if (signed && signedRoot && treeSize === signed.size && !CompactRange.of(treeSize, edge).root().equals(signedRoot)) {
      return { broken: { index: signed.size - 1, reason: "the log's root at the size the latest checkpoint states is not the root it signed" } };
    }
  }
  return { walk: { ...walk, edge: CompactRange.of(treeSize, edge).toBytes(), lastAt, lastFirst, end, pending } };
}

/** The events of a group whose level-4 node differs from the stored one, and from the tree's above them. */
export function alteredGroup(group: number): { index: number; reason: string } {
  const first = group * GROUP_WIDTH;
  return {
    index: first,
    reason: `the tree's node ${GROUP_HEIGHT}/${group} over events ${first} to ${first + GROUP_WIDTH - 1} is not the stored one: one of those events or the tree was altered`,
  };
}

/**
 * A group whose level-4 node is not the stored one (or is not stored) though what stands above it
 * (`above`: the level-8 node over its leaf tile, or the log's head) holds its events: the stored
 * node was altered, or those events and what stands above them.
 */
export function alteredGroupNode(pending: { group: number; missing: boolean }, above: string): { index: number; reason: string } {
  const first = pending.group * GROUP_WIDTH;
  const events = `events ${first} to ${first + GROUP_WIDTH - 1}`;
  return {
    index: first,
    reason: pending.missing
      ? `the tree's node ${GROUP_HEIGHT}/${pending.group} over ${events} is not stored, though ${above} holds them: the tree was altered`
      : `the tree's node ${GROUP_HEIGHT}/${pending.group} over ${events} is not the stored one, though ${above} holds them: the stored node was altered, or those events and ${above}`,
  };
}
