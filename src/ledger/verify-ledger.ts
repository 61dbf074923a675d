// Verifying the ledger: every log is recomputed from its events (in parallel, as many at once
// as the store serves), each event checked for its place (position, its subject's log, an
// instant no earlier than the one before, but for the events an earlier release's chain became,
// which keep the instants it recorded), the tree's nodes its leaf completes against the stored
// ones (leaf hashes are not stored: an altered event is narrowed down to the 16 events of its
// group, whose level-4 node is stored, the first of which is named), and each log's root against its
// head and, at the size a signed checkpoint states, against that checkpoint's root. A log is
// walked a page at a time (verify-page.ts): on a large ledger worker threads decompress and hash
// the pages while this thread reads the next ones. The first bad event of each log is named; the
// ledger's head (every log's size and root, and the root over them that a checkpoint signs) is
// what an outsider compares with what was published. From a saved
// checkpoint (`since`), only the growth after it is recomputed: the tree at the saved size must
// have the saved root, and every later event must extend it.
import type { Database, Queryable } from '../store/database.ts';
import { CompactRange, rangeNodes } from './tlog/compact-range.ts';
import { availableParallelism } from 'node:os';
import { placementOf, platformEvents } from './ledger.ts';
import { logKeysOf, onLogShard, type LogPlacement } from './placement.ts';
import type { LedgerUpgradedData } from './events.ts';
import { decodeBlock, rawEventsInRange, rawInstant } from './blocks.ts';
import { edgeAt } from './proofs.ts';
import { headOf, type LedgerHead } from './head.ts';
import { alteredGroup, alteredGroupNode, checkPage, tilesOfPage, type LogWalk, type Page, type PageResult } from './verify-page.ts';
import { TaskThread } from '../kernel/task-thread.ts';

const PAGE = 10_000;
/** A ledger with fewer events than this to check is checked in the audit's own thread (starting threads costs more). */
const THREADS_FROM = 100_000;

/** Checks a page of a log's walk (in this thread or another). */
type CheckPage = (walk: LogWalk, page: Page) => Promise<PageResult>;

/**
 * The blocks holding a log's events [from, to) (the one holding `from` first), their bytes in one
 * buffer, and the stored tiles their walk compares nodes with, in one statement (each level's
 * tiles looked up by their key: the lateral subquery, kept apart by its OFFSET, is never turned
 * into a join that scans every tile of the log).
 */
async function readPage(q: Queryable, log: number, from: number, to: number): Promise<Page> {
  const tiles = tilesOfPage(from, to);
  // On Citus shards, the log's key sends the whole statement to its shard.
  const shard = onLogShard(await logKeysOf(q), log, 7);
  const rows = await q.query<{ level: number | null; idx: number; events: number | null; subjects: number[] | null; data: Uint8Array }>(
    `SELECT NULL::int AS level, first_idx AS idx, events, subjects, data FROM ledger_block
      WHERE log = $1 AND first_idx < $3${shard.sql}
        AND first_idx >= coalesce((SELECT max(first_idx) FROM ledger_block WHERE log = $1 AND first_idx <= $2${shard.sql}), 0)
     UNION ALL
     SELECT w.level, t.idx, NULL, NULL, t.hashes FROM unnest($4::int[], $5::bigint[], $6::bigint[]) AS w(level, lo, hi)
       CROSS JOIN LATERAL (SELECT idx, hashes FROM ledger_tile WHERE log = $1 AND level = w.level AND idx BETWEEN w.lo AND w.hi${shard.sql} OFFSET 0) t`,
    [log, from, to, tiles.map((t) => t.level), tiles.map((t) => t.lo), tiles.map((t) => t.hi), ...shard.params],
  );
  const page: Page = { from, to, blocks: [], data: new Uint8Array(0), tiles: [] };
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const r of rows) {
    if (r.level !== null) {
      page.tiles.push({ level: r.level, idx: r.idx, hashes: r.data });
      continue;
    }
    page.blocks.push({ first: r.idx, events: r.events!, subjects: r.subjects!, start: at, end: at + r.data.length });
    parts.push(r.data);
    at += r.data.length;
  }
  page.data = Buffer.concat(parts, at);
  return page;
}

/** Pages checked by worker threads, each given to the one with the fewest waiting. */
class PageThreads {
  private readonly threads: Array<{ thread: TaskThread<{ walk: LogWalk; page: Page }, PageResult>; waiting: number }>;

  constructor(count: number) {
    this.threads = Array.from({ length: count }, () => ({ thread: new TaskThread(new URL('./verify-worker.ts', import.meta.url)), waiting: 0 }));
  }

  readonly check: CheckPage = async (walk, page) => {
    const t = this.threads.reduce((a, b) => (b.waiting < a.waiting ? b : a));
    t.waiting++;
    try {
      return await t.thread.run({ walk, page });
    } finally {
      t.waiting--;
    }
  };

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.thread.close()));
  }
}

export interface BrokenEvent {
  log: number;
  index: number;
  reason: string;
}

export type VerifyResult =
  { intact: true; events: number; head: LedgerHead } | { intact: false; events: number; head: LedgerHead; firstBroken: BrokenEvent; broken: BrokenEvent[] };

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
 * Recomputes one log up to its head as read at the audit's start (events appended meanwhile are
 * left to the next audit), from the start or from a saved state; returns its recomputed size and
 * root, or its first bad event. `signed`: the state a checkpoint signed, which the log must pass.
 */
async function verifyLog(
  q: Queryable,
  head: HeadRow,
  partitions: number | LogPlacement,
  onEvents: (n: number) => void,
  since: SignedState | null,
  signed: SignedState | null,
  converted: number,
  unfilled: number,
  check: CheckPage,
  pageSize: number,
): Promise<{ size: number; root: Buffer } | BrokenEvent> {
  const log = head.log;
  let range = CompactRange.empty();
  let lastAt = -Infinity;
  if (since && since.size > 0) {
    if (since.size > head.size)
      return { log, index: head.size, reason: `the log holds ${head.size} events, fewer than the ${since.size} of the saved checkpoint: it was rolled back` };
    range = await edgeAt(q, log, since.size);
    if (!range.root().equals(since.root))
      return { log, index: since.size - 1, reason: "the log's tree at the saved checkpoint's size has another root: the log was rewritten" };
    const [prev] = await rawEventsInRange(q, log, since.size - 1, since.size);
    lastAt = prev ? rawInstant(prev) : -Infinity;
  }
  if (signed && signed.size < range.size)
    return { log, index: range.size - 1, reason: 'the latest checkpoint states fewer events than the saved one: it is not an extension of it' };
  if (signed && signed.size > head.size)
    return { log, index: head.size, reason: `the event is missing: the latest checkpoint states ${signed.size} events, and the log's head ${head.size}` };
  const checkSigned = (): BrokenEvent | null =>
    signed && range.size === signed.size && !range.root().equals(signed.root)
      ? { log, index: signed.size - 1, reason: "the log's root at the size the latest checkpoint states is not the root it signed" }
      : null;
  const bad = checkSigned();
  if (bad) return bad;
  let walk: LogWalk = {
    log,
    partitions,
    converted,
    edge: range.toBytes(),
    lastAt,
    lastFirst: -1,
    end: null,
    signed: signed ? { size: signed.size, root: signed.root } : null,
    unfilled,
    pending: null,
  };
  // The next page is read while the one before it is checked.
  const read = (from: number) => readPage(q, log, from, Math.min(from + pageSize, head.size));
  let next = range.size < head.size ? read(range.size) : null;
  for (let from = range.size; next; from += pageSize) {
    const page = await next;
    next = from + pageSize < head.size ? read(from + pageSize) : null;
    next?.catch(() => undefined); // awaited at the next turn; never an unhandled rejection meanwhile
    const checked = await check(walk, page);
    if ('broken' in checked) return { log, ...checked.broken };
    walk = checked.walk;
    onEvents(page.to - page.from);
  }
  range = CompactRange.fromBytes(walk.edge);
  const root = range.root();
  const stored = CompactRange.fromBytes(head.edge);
  // A group of the last, partial leaf tile whose level-4 node is not the stored one: its events,
  // if the head disagrees with them, or else the stored node, were altered.
  if (walk.pending !== null && (root.equals(stored.root()) || !walk.pending.missing))
    return { log, ...(root.equals(stored.root()) ? alteredGroupNode(walk.pending, "the log's head") : alteredGroup(walk.pending.group)) };
  if (!root.equals(stored.root())) {
    // The nodes of the last, partial tiles have no stored copy: the first of the head's subtrees
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
  const keys = await logKeysOf(q);
  const [shard, shardOfL] = [onLogShard(keys, log, 2), onLogShard(keys, log, 2, 'l')];
  const tail = await q.query<{ size: number; first_idx: number | null; data: Uint8Array | null }>(
    `SELECT l.size, b.first_idx, b.data FROM ledger_log l
       LEFT JOIN LATERAL (
         SELECT first_idx, data FROM ledger_block
          WHERE log = l.log${shard.sql} AND first_idx >= coalesce((SELECT max(first_idx) FROM ledger_block WHERE log = l.log${shard.sql} AND first_idx < l.size), 0)
       ) b ON true
      WHERE l.log = $1${shardOfL.sql} ORDER BY b.first_idx`,
    [log, ...shard.params],
  );
  for (const block of tail) {
    if (block.first_idx === null || block.data === null) continue;
    const past = block.first_idx + decodeBlock(block.data).length - 1;
    if (past >= block.size)
      return { log, index: Math.max(block.first_idx, block.size), reason: "the event is past its log's head: it was added behind the ledger" };
  }
  return { size: range.size, root };
}

export interface VerifyOptions {
  onProgress?: (checked: number) => void;
  /** Check only the growth after this saved checkpoint's head. */
  since?: LedgerHead;
  /** The head the latest signed checkpoint states: each log must pass through it. */
  signed?: LedgerHead;
  /**
   * How many worker threads decompress and hash the events while this one reads: by default one
   * for each core when there are many events to check, none (all in this thread) when few.
   */
  threads?: number;
  /** How many events are read and checked at a time (10,000 by default). */
  pageSize?: number;
}

/** Verifies every log up to the ledger's head as it stands when the audit starts, which it returns. */
export async function verifyLedger(db: Database, options: VerifyOptions = {}): Promise<VerifyResult> {
  const { onProgress, since, signed } = options;
  const placement = await placementOf(db);
  const partitions = placement.partitions;
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
  // Leaf tiles whose level-4 nodes are yet to be filled (a store written before migration 30).
  const unfilled = new Map((await db.query<{ log: number; tiles: number }>('SELECT log, tiles FROM ledger_level4_fill')).map((r) => [r.log, Number(r.tiles)]));
  let events = 0;
  const count = (n: number) => {
    events += n;
    onProgress?.(events);
  };
  const toCheck = heads.reduce((n, h, i) => n + Math.max(0, h.size - (stateOf(since, i)?.size ?? 0)), 0);
  const threads = options.threads ?? (toCheck >= THREADS_FROM ? availableParallelism() : 0);
  const pool = threads > 0 ? new PageThreads(threads) : null;
  const check: CheckPage = pool ? pool.check : async (walk, page) => checkPage(walk, page);
  const results = new Array<{ size: number; root: Buffer } | BrokenEvent>(heads.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < heads.length; i = next++)
      results[i] = await verifyLog(db, heads[i]!, placement, count, stateOf(since, i), stateOf(signed, i), converted[i] ?? 0, unfilled.get(heads[i]!.log) ?? 0, check, options.pageSize ?? PAGE);
  };
  // As many logs at once as the store serves statements, and at least one more than there are
  // threads, so that each thread has a page while the next is read (PGlite serves one statement
  // at a time and queues the others). Every log's walk ends before the threads do (a walk that
  // fails does not stop the others mid-page).
  const walkers = Math.max(1, Math.min(heads.length, Math.max(db.poolSize, threads + 1)));
  const walks = await Promise.allSettled(Array.from({ length: walkers }, worker));
  await pool?.close();
  for (const w of walks) if (w.status === 'rejected') throw w.reason;
  const broken = results.filter((r): r is BrokenEvent => 'reason' in r);
  if (broken.length > 0) return { intact: false, events, head, firstBroken: broken[0]!, broken };
  return { intact: true, events, head };
}
