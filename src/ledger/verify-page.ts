// One page of the audit's walk along a log, as a pure computation (no I/O), so that it runs in a
// worker thread while the main thread reads the next page: the page's blocks (decompressed, each
// checked for its place, its count and its list of subjects), then each event in order (its
// place, its subject's log, its instant, and the tree's nodes its leaf completes against the
// stored tiles above the leaves, the root at the size the latest checkpoint signed). Leaf hashes
// are not stored: an altered event shows in the node over its leaf tile's 256 events. The walk's
// state goes in with the page and comes back out, so that any thread can take a log's next page.
import { blockPayloadBytes, subjectTag } from './blocks.ts';
import { CompactRange } from './tlog/compact-range.ts';
import { HASH_SIZE, leafHashInPlace, nodeHash } from './tlog/merkle.ts';
import { TILE_HEIGHT, TILE_WIDTH } from './tlog/tiles.ts';
import { logOf } from './ledger.ts';

/** Where a log's walk stands between two pages. */
export interface LogWalk {
  log: number;
  partitions: number;
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

/** A stored tile of the log (level 1 or above: leaf tiles are not stored). */
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
 * The tiles a page needs: for each tile level above the leaves, the first and last tile holding a
 * node whose last leaf is in [from, to).
 */
export function tilesOfPage(from: number, to: number): Array<{ level: number; lo: number; hi: number }> {
  const out: Array<{ level: number; lo: number; hi: number }> = [];
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
  let { lastAt, lastFirst, end } = walk;
  const tiles = new Map<string, Buffer>();
  for (const t of page.tiles) tiles.set(`${t.level}/${t.idx}`, Buffer.from(t.hashes.buffer, t.hashes.byteOffset, t.hashes.byteLength));
  /** Whether the tree's node (tree level a positive multiple of 8) is the stored one. */
  const holds = (level: number, index: number, node: Uint8Array): boolean => {
    const stored = tiles.get(`${level / TILE_HEIGHT}/${Math.floor(index / TILE_WIDTH)}`);
    const offset = (index % TILE_WIDTH) * HASH_SIZE;
    if (stored === undefined || stored.length < offset + HASH_SIZE) return false;
    for (let i = 0; i < HASH_SIZE; i++) if (stored[offset + i] !== node[i]) return false;
    return true;
  };
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
    // The leaf and the nodes it completes, each at a tile level checked against its tile. The
    // node over a leaf tile is the first stored hash its events meet: when it differs, one of
    // those events or the tile was altered, and the first of them is named.
    let node: Uint8Array = leafHashInPlace(row.bytes, row.start, row.end);
    let level = 0;
    let nodeIndex = treeSize;
    while (nodeIndex % 2 === 1) {
      node = nodeHash(edge.pop()!, node);
      nodeIndex = (nodeIndex - 1) / 2;
      level++;
      if (level % TILE_HEIGHT === 0 && !holds(level, nodeIndex, node)) {
        if (level > TILE_HEIGHT) return broken(`the tree's node ${level}/${nodeIndex} that it completes is not the stored one: the tree was altered`);
        const first = nodeIndex * TILE_WIDTH;
        return {
          broken: {
            index: first,
            reason: `the tree's node ${level}/${nodeIndex} over events ${first} to ${first + TILE_WIDTH - 1} is not the stored one: one of those events or the tree was altered`,
          },
        };
      }
    }
    edge.push(node);
    treeSize++;
    if (signed && signedRoot && treeSize === signed.size && !CompactRange.of(treeSize, edge).root().equals(signedRoot)) {
      return { broken: { index: signed.size - 1, reason: "the log's root at the size the latest checkpoint states is not the root it signed" } };
    }
  }
  return { walk: { ...walk, edge: CompactRange.of(treeSize, edge).toBytes(), lastAt, lastFirst, end } };
}
