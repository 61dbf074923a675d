// What a witness decides about a checkpoint the log offers it, given the checkpoint it saved last:
// the offered one must be signed by the log's key, state every log, and extend each saved log,
// as the log's consistency proofs show; otherwise it is refused with the reason, the log, and
// both sizes and roots. Pure, so the witness command and an offline verifier share it.
import { CheckpointMismatch, headOfCheckpoint } from './checkpoints.ts';
import type { LedgerHead, LogState } from './head.ts';
import { CheckpointError, openCheckpoint } from './tlog/checkpoint.ts';
import { emptyRoot, ProofError, verifyConsistency } from './tlog/merkle.ts';
import { newVerifier, NoteError, parseNote, parseVerifierKey, strictBase64, type NoteSignature } from './tlog/note.ts';

/** Why a checkpoint is refused. */
export type RefusalReason =
  | 'unverified-checkpoint' // not a note the log's key signed
  | 'wrong-origin' // a checkpoint of another log
  | 'malformed-checkpoint' // not a checkpoint of this ledger's form (headOfCheckpoint)
  | 'logs-changed' // it states another number of logs than the saved one
  | 'rollback' // a log is smaller than in the saved checkpoint
  | 'fork' // a log has the saved size and another root
  | 'inconsistent'; // a log's consistency proof from the saved checkpoint does not verify

/** A log's size and root (base64) in one checkpoint. */
export interface TreeHead {
  size: number;
  root: string;
}

export interface Refusal {
  accepted: false;
  reason: RefusalReason;
  detail: string;
  /** The log whose saved and offered heads conflict, for a rollback, fork or inconsistency. */
  log?: number;
  saved?: TreeHead;
  offered?: TreeHead;
}

/** The consistency proofs the log serves (GET /v1/log/proofs/consistency): one per log, base64 hashes. */
export interface ConsistencyProofs {
  proofs: ReadonlyArray<{ log: number; from: number; to: number; proof: readonly string[] }>;
}

/** The offered checkpoint, its signature checked and its heads compared with the saved ones. */
export interface Examined {
  /** The checkpoint text. */
  text: string;
  head: LedgerHead;
  /** The log key's signature lines on the offered note (cosignatures of others dropped). */
  logSignatures: readonly NoteSignature[];
  saved: LedgerHead | null;
  /** The logs whose growth needs proving, each log's sizes log 0 first; null when none grew. */
  proofRequest: { from: number[]; to: number[] } | null;
}

export interface Accepted {
  accepted: true;
  text: string;
  head: LedgerHead;
  logSignatures: readonly NoteSignature[];
  /** The logs that grew since the saved checkpoint, by log number. */
  grew: Record<number, { from: number; to: number }>;
}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.detail);
  }
}

const refuse = (reason: RefusalReason, detail: string, at?: { log: number; saved: TreeHead; offered: TreeHead }): never => {
  throw new Refused({ accepted: false, reason, detail, ...at });
};

const treeHead = (s: LogState): TreeHead => ({ size: s.size, root: s.root });
const EMPTY_ROOT = emptyRoot.toString('base64');

/** The ledger head a checkpoint text states, refused unless well formed (an empty log has the empty tree's root). */
function headOf(text: string, which: 'saved' | 'offered'): { origin: string; head: LedgerHead } {
  let stated: { origin: string; head: LedgerHead };
  try {
    stated = headOfCheckpoint(text);
  } catch (err) {
    if (err instanceof CheckpointMismatch || err instanceof CheckpointError) return refuse('malformed-checkpoint', `the ${which} checkpoint: ${err.message}`);
    throw err;
  }
  const hollow = stated.head.logs.find((s) => s.size === 0 && s.root !== EMPTY_ROOT);
  if (hollow) refuse('malformed-checkpoint', `the ${which} checkpoint gives the empty log ${hollow.log} a root other than the empty tree's`);
  return stated;
}

/** The origin a log key signs checkpoints of: its key name. */
export function originOfKey(logKey: string): string {
  return parseVerifierKey(logKey).name;
}

/**
 * Opens the offered checkpoint note with the log's verifier key (an Ed25519 note key whose name
 * is the origin) and compares it with the saved checkpoint note, if any: every log must be there,
 * none smaller, none of the same size with another root. The saved note was checked when it was
 * saved; its text is read, not its signature, so a log key the witness was given since still
 * reads it. Returns the sizes whose consistency the log must prove, or the refusal.
 */
export function examine(input: { saved: string | null; offered: string; logKey: string }): Examined | Refusal {
  try {
    return examined(input);
  } catch (err) {
    if (err instanceof Refused) return err.refusal;
    throw err;
  }
}

function examined({ saved, offered, logKey }: { saved: string | null; offered: string; logKey: string }): Examined {
  const origin = originOfKey(logKey);
  let opened: ReturnType<typeof openCheckpoint>;
  try {
    opened = openCheckpoint(offered, origin, [newVerifier(logKey)]);
  } catch (err) {
    if (err instanceof NoteError) return refuse('unverified-checkpoint', `the offered checkpoint is not signed by the log key ${logKey}: ${err.message}`);
    if (err instanceof CheckpointError)
      return refuse(err.reason === 'wrong-origin' ? 'wrong-origin' : 'malformed-checkpoint', `the offered checkpoint: ${err.message}`);
    throw err;
  }
  const { head } = headOf(opened.text, 'offered');
  const base = { text: opened.text, head, logSignatures: opened.signatures };
  if (saved === null) return { ...base, saved: null, proofRequest: null };

  let savedText: string;
  try {
    savedText = parseNote(saved).text;
  } catch (err) {
    if (err instanceof NoteError) return refuse('malformed-checkpoint', `the saved checkpoint: ${err.message}`);
    throw err;
  }
  const { origin: savedOrigin, head: was } = headOf(savedText, 'saved');
  if (savedOrigin !== origin) refuse('wrong-origin', `the saved checkpoint is of ${JSON.stringify(savedOrigin)}, the offered one of ${JSON.stringify(origin)}`);
  if (was.logs.length !== head.logs.length)
    refuse('logs-changed', `the saved checkpoint states ${was.logs.length} logs, the offered one ${head.logs.length}: a ledger's logs are fixed`);
  let grew = false;
  for (const [i, s] of was.logs.entries()) {
    const o = head.logs[i]!;
    const at = { log: i, saved: treeHead(s), offered: treeHead(o) };
    if (o.size < s.size) refuse('rollback', `log ${i} shrank from ${s.size} to ${o.size} events`, at);
    if (o.size === s.size && o.root !== s.root) refuse('fork', `log ${i} has ${s.size} events in both checkpoints, under two roots`, at);
    if (o.size > s.size) grew = true;
  }
  const proofRequest = grew ? { from: was.logs.map((s) => s.size), to: head.logs.map((s) => s.size) } : null;
  return { ...base, saved: was, proofRequest };
}

/**
 * Checks each grown log's consistency proof from its saved head to its offered head (RFC 9162);
 * a log that grew from empty needs none. Accepts the offered checkpoint, or refuses it naming
 * the first log whose proof fails (missing, for other sizes, or not verifying).
 */
export function conclude(examined: Examined, proofs: ConsistencyProofs | null): Accepted | Refusal {
  const { text, head, logSignatures, saved } = examined;
  const grew: Accepted['grew'] = {};
  for (const o of head.logs) {
    const s = saved?.logs[o.log];
    if (!s || s.size === o.size) continue;
    grew[o.log] = { from: s.size, to: o.size };
    if (s.size === 0) continue;
    const at = { log: o.log, saved: treeHead(s), offered: treeHead(o) };
    const inconsistent = (why: string): Refusal => ({
      accepted: false,
      reason: 'inconsistent',
      detail: `log ${o.log} of ${o.size} events does not extend the saved log ${o.log} of ${s.size}: ${why}`,
      ...at,
    });
    const given = proofs?.proofs.find((p) => p.log === o.log);
    if (!given) return inconsistent('the log gave no consistency proof');
    if (given.from !== s.size || given.to !== o.size) return inconsistent(`the log gave a proof from ${given.from} to ${given.to}`);
    const hashes = given.proof.map((h) => strictBase64(h));
    if (hashes.some((h) => h === null)) return inconsistent('a proof hash is not base64');
    try {
      verifyConsistency(s.size, o.size, hashes as Buffer[], Buffer.from(s.root, 'base64'), Buffer.from(o.root, 'base64'));
    } catch (err) {
      if (err instanceof ProofError) return inconsistent(`its consistency proof fails (${err.reason}): ${err.message}`);
      throw err;
    }
  }
  return { accepted: true, text, head, logSignatures, grew };
}

/** The whole decision in one step, for a caller that holds the proofs already (tests, offline checks). */
export function decide(input: { saved: string | null; offered: string; logKey: string; proofs: ConsistencyProofs | null }): Accepted | Refusal {
  const e = examine(input);
  return 'accepted' in e ? e : conclude(e, input.proofs);
}
