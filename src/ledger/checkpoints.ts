// Signed checkpoints of the ledger (C2SP tlog-checkpoint in a C2SP signed note, Ed25519): one
// note commits to every log at one instant. Its text is the origin, the number of events in all
// logs, the root over the logs' heads (head.ts), and one extension line per log, `log <n>
// <size> <base64 root>`, so that whoever holds a checkpoint can check an event's inclusion proof
// against its log's root, and the growth of each log from one checkpoint to another. Checkpoints
// are made in order under one lock, each from what is committed, so every log in a later one is
// the same log at the same size or larger: a consistency proof exists from every checkpoint to
// every later one, and a head that does not extend the last checkpoint is refused, not signed.
// A checkpoint is signed again, of the same head, when the key that signs is newer than the one
// that signed the latest (a rotated key), so the latest always verifies with the current key; a
// process still holding an older key refuses rather than sign over the newer one.
import type { Database, Queryable } from '../store/database.ts';
import { ADVISORY_LOCK } from '../kernel/constants.ts';
import { formatCheckpoint, parseCheckpoint } from './tlog/checkpoint.ts';
import { ProofError, verifyConsistency } from './tlog/merkle.ts';
import { parseNote, sign, type NoteSigner } from './tlog/note.ts';
import { headLine, headOf, ledgerHead, ledgerHeadOnShards, type LedgerHead, type LogState } from './head.ts';
import { logKeysOf } from './placement.ts';
import type { LedgerPosition } from './position.ts';
import { consistencyProof, ProofUnavailable } from './proofs.ts';

export interface StoredCheckpoint {
  /** Checkpoints are numbered from 1 in the order they were made. */
  id: number;
  madeAt: string;
  /** Each log's size in it, log 0 first. */
  sizes: number[];
  /** The signed note. */
  note: string;
}

export class CheckpointMismatch extends Error {}

/** makeCheckpoint will not sign: the head does not extend the last checkpoint, or a newer key signed the latest. */
export class CheckpointRefused extends Error {}

/** The checkpoint text of a ledger head. */
export function checkpointText(origin: string, head: LedgerHead): string {
  return formatCheckpoint({ origin, size: head.size, root: Buffer.from(head.root, 'base64'), extensions: head.logs.map(headLine) });
}

const LOG_LINE = /^log (0|[1-9][0-9]*) (0|[1-9][0-9]*) ([A-Za-z0-9+/]{43}=)$/;

/**
 * The ledger head a checkpoint text states, checked: one extension line per log in order, the
 * size their sum and the root the root over them. Throws CheckpointMismatch otherwise.
 */
export function headOfCheckpoint(text: string): { origin: string; head: LedgerHead } {
  const c = parseCheckpoint(text);
  const logs: LogState[] = c.extensions.map((line, i) => {
    const m = LOG_LINE.exec(line);
    if (!m || Number(m[1]) !== i) throw new CheckpointMismatch(`line ${i + 4} of the checkpoint is not "log ${i} <size> <root>": ${JSON.stringify(line)}`);
    const size = Number(m[2]);
    if (!Number.isSafeInteger(size)) throw new CheckpointMismatch(`log ${i}'s size ${m[2]} is beyond 2^53`);
    return { log: i, size, root: m[3]! };
  });
  if (logs.length === 0) throw new CheckpointMismatch('the checkpoint names no log');
  const head = headOf(logs);
  if (head.size !== c.size) throw new CheckpointMismatch(`the checkpoint says ${c.size} events, but its logs hold ${head.size}`);
  if (head.root !== Buffer.from(c.root).toString('base64')) throw new CheckpointMismatch("the checkpoint's root is not the root over its logs' heads");
  return { origin: c.origin, head };
}

interface Row {
  id: number;
  made_at: Date;
  sizes: number[];
  note: string;
  [k: string]: unknown;
}

const stored = (r: Row): StoredCheckpoint => ({ id: r.id, madeAt: new Date(r.made_at).toISOString(), sizes: r.sizes.map(Number), note: r.note });

export async function latestCheckpoint(q: Queryable): Promise<StoredCheckpoint | null> {
  const [row] = await q.query<Row>('SELECT id, made_at, sizes, note FROM ledger_checkpoint ORDER BY id DESC LIMIT 1');
  return row ? stored(row) : null;
}

export async function checkpointById(q: Queryable, id: number): Promise<StoredCheckpoint | null> {
  const [row] = await q.query<Row>('SELECT id, made_at, sizes, note FROM ledger_checkpoint WHERE id = $1', [id]);
  return row ? stored(row) : null;
}

/**
 * The stored checkpoint whose note's text is `text`, byte for byte, or null. Of several (one head
 * signed again by a newer key), the latest: the one served now.
 */
export async function checkpointOfText(q: Queryable, text: string): Promise<StoredCheckpoint | null> {
  let sizes: number[];
  try {
    sizes = headOfCheckpoint(text).head.logs.map((l) => l.size);
  } catch {
    return null;
  }
  // Checkpoints of one head differ only in their signatures; the text decides, not the sizes.
  const rows = await q.query<Row>('SELECT id, made_at, sizes, note FROM ledger_checkpoint WHERE sizes = $1::bigint[] ORDER BY id DESC', [sizes]);
  const row = rows.find((r) => parseNote(r.note).text === text);
  return row ? stored(row) : null;
}

/**
 * The latest signed cut at or before an instant: the sizes of the latest checkpoint whose made_at
 * is at or before `at`, log 0 first, or null when none was. made_at is the clock of the server
 * that made the checkpoint, not of the servers that appended. A checkpoint's sizes are a
 * consistent cut of every log (head.ts).
 *
 * As-of reads across logs: on a store laid out on Citus shards (placement `citus-shard`) an
 * event's instant is no earlier than its own log's last, but may be earlier than that of an event
 * committed before it in another log, so "every event up to instant T" is not a consistent cut
 * there; a read of several logs as of T goes through these sizes (a prefix of each log) instead.
 * A read of one subject (one log) may select by instant on every store. docs/scaling.md, "The
 * ledger's logs on a cluster", item 3.
 */
export async function positionAsOf(q: Queryable, at: Date): Promise<LedgerPosition | null> {
  const [row] = await q.query<{ sizes: number[] }>('SELECT sizes FROM ledger_checkpoint WHERE made_at <= $1 ORDER BY id DESC LIMIT 1', [at.toISOString()]);
  return row ? row.sizes.map(Number) : null;
}

/** Whether the note carries a signature of this signer (its key name and key ID). */
export function signedBy(note: string, signer: Pick<NoteSigner, 'name' | 'keyId'>): boolean {
  return parseNote(note).signatures.some((s) => s.name === signer.name && s.keyId === signer.keyId);
}

export interface MakeOptions {
  /**
   * The keys older than the signer (retired ones, compromised or not), by key name and ID. When
   * given, the latest checkpoint is signed again only if one of them signed it, and a latest
   * checkpoint signed by a key neither the signer nor one of these (a newer key, held by another
   * process) is refused rather than signed over, so two processes never take turns.
   */
  olderKeys?: ReadonlyArray<Pick<NoteSigner, 'name' | 'keyId'>>;
}

/**
 * Signs a checkpoint of what is committed now, unless the latest one already states it and is
 * signed by this signer (then that one is returned). One at a time across every process on the
 * store. Throws CheckpointRefused, signing nothing, when the head does not extend the latest
 * checkpoint (another number of logs, a log smaller, a log of the same size under another root,
 * or a grown log whose tree at the checkpoint's size has another root), or when the latest was
 * signed by a key newer than the signer (see MakeOptions).
 */
export async function makeCheckpoint(db: Database, origin: string, signer: NoteSigner, at: Date, options: MakeOptions = {}): Promise<StoredCheckpoint> {
  return db.transaction(async (tx) => {
    // On Citus shards an advisory lock holds on the coordinator alone: the lock is ledger_meta's
    // row, which every node holds, and the logs' heads are read shard by shard (head.ts).
    const keys = await logKeysOf(tx);
    if (keys) await tx.query('SELECT partitions FROM ledger_meta FOR UPDATE');
    else await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.checkpoint]);
    const last = await latestCheckpoint(tx);
    const head = keys ? await ledgerHeadOnShards(tx, keys) : await ledgerHead(tx);
    const sizes = head.logs.map((l) => l.size);
    if (last) {
      const ours = signedBy(last.note, signer);
      if (!ours && options.olderKeys) refuseNewerKey(last, origin, signer, options.olderKeys);
      await refuseUnlessExtends(tx, last, head);
      const unchanged = last.sizes.length === sizes.length && last.sizes.every((n, i) => n === sizes[i]);
      if (unchanged && ours) return last;
    }
    const note = sign(checkpointText(origin, head), [signer]);
    const made = { id: (last?.id ?? 0) + 1, madeAt: at.toISOString(), sizes, note };
    await tx.query('INSERT INTO ledger_checkpoint (id, made_at, sizes, note) VALUES ($1, $2, $3, $4)', [made.id, made.madeAt, sizes, note]);
    return made;
  });
}

/** Refuses when the latest checkpoint of this origin carries no signature of the signer or of a key older than it. */
function refuseNewerKey(last: StoredCheckpoint, origin: string, signer: NoteSigner, older: NonNullable<MakeOptions['olderKeys']>): void {
  const { text, signatures } = parseNote(last.note);
  // A checkpoint of another origin (the origin was renamed) is no other key's: the new origin starts its own.
  if (parseCheckpoint(text).origin !== origin) return;
  if (signatures.some((s) => older.some((k) => k.name === s.name && k.keyId === s.keyId))) return;
  const by = signatures.map((s) => `${s.name}+${s.keyId.toString(16).padStart(8, '0')}`).join(', ');
  throw new CheckpointRefused(
    `checkpoint ${last.id} is signed by ${by}, which is neither this process's key ${signer.name}+${signer.keyId.toString(16).padStart(8, '0')} nor one it ` +
      'retired: another process signs with a newer key, so this one signs nothing (give it the current key, with this one among the retired keys)',
  );
}

/** Refuses a head that is not the latest checkpoint's logs, each the same or grown from it (checked by its consistency proof). */
async function refuseUnlessExtends(q: Queryable, last: StoredCheckpoint, head: LedgerHead): Promise<void> {
  const was = headOfCheckpoint(parseNote(last.note).text).head;
  const refuse = (why: string): never => {
    throw new CheckpointRefused(`the ledger's head does not extend checkpoint ${last.id}, so it is not signed: ${why}`);
  };
  if (was.logs.length !== head.logs.length) refuse(`the ledger has ${head.logs.length} logs, the checkpoint ${was.logs.length}`);
  for (const [i, s] of was.logs.entries()) {
    const now = head.logs[i]!;
    if (now.size < s.size) refuse(`log ${i} holds ${now.size} events, fewer than the ${s.size} of the checkpoint`);
    if (now.size === s.size) {
      if (now.root !== s.root) refuse(`log ${i} has ${s.size} events under root ${now.root}, the checkpoint states root ${s.root}`);
      continue;
    }
    if (s.size === 0) continue;
    try {
      const proof = await consistencyProof(q, i, s.size, now.size);
      verifyConsistency(s.size, now.size, proof, Buffer.from(s.root, 'base64'), Buffer.from(now.root, 'base64'));
    } catch (err) {
      if (!(err instanceof ProofError) && !(err instanceof ProofUnavailable)) throw err;
      refuse(`log ${i} of ${now.size} events is not an extension of the checkpoint's ${s.size} under root ${s.root} (${err.message})`);
    }
  }
}
