// C2SP tlog-checkpoint: the signed-note text that commits to a log's tree head, `<origin>\n<size>\n
// <base64 root>\n` and optional extension lines, written and read strictly. And C2SP
// tlog-cosignature v1: a cosigner's (witness's) timestamped Ed25519 signature, signature type
// 0x04, over `cosignature/v1\ntime <t>\n` and the checkpoint. The time is always passed in.
import { sign as ed25519Sign, verify as ed25519Verify } from 'node:crypto';
import { HASH_SIZE } from './merkle.ts';
import {
  ed25519PublicKey,
  isNoteText,
  NoteError,
  open,
  parseSignerKey,
  parseVerifierKey,
  SIGNATURE_TYPE,
  strictBase64,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
} from './note.ts';

export interface Checkpoint {
  /** The log's identity, by convention a schema-less URL. */
  readonly origin: string;
  readonly size: number;
  /** The RFC 9162 tree head of the log's first `size` leaves. */
  readonly root: Uint8Array;
  /** Opaque lines after the root; none unless a log has a reason. */
  readonly extensions: readonly string[];
}

export type CheckpointFailure = 'malformed-checkpoint' | 'wrong-origin';

export class CheckpointError extends Error {
  constructor(
    readonly reason: CheckpointFailure,
    message: string,
  ) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** The checkpoint as note text; throws for a checkpoint that would not read back the same. */
export function formatCheckpoint(c: Checkpoint): string {
  const text = [c.origin, String(c.size), Buffer.from(c.root).toString('base64'), ...c.extensions].map((line) => `${line}\n`).join('');
  const back = parseCheckpoint(text);
  if (back.origin !== c.origin || back.size !== c.size || back.extensions.length !== c.extensions.length) {
    throw new CheckpointError('malformed-checkpoint', 'a checkpoint line holds a newline');
  }
  return text;
}

/**
 * The checkpoint a note text states: at least three non-empty lines, each ending in a newline;
 * the origin; the size in decimal without leading zeros; the base64 of a 32-byte root; then the
 * extension lines. Anything else is refused.
 */
export function parseCheckpoint(text: string): Checkpoint {
  const malformed = (why: string) => new CheckpointError('malformed-checkpoint', `the checkpoint is malformed: ${why}`);
  if (!text.endsWith('\n')) throw malformed('it does not end in a newline');
  if (!isNoteText(text)) throw malformed('it holds a control character other than newline, or text UTF-8 cannot carry');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('it has fewer than three lines: origin, size and root');
  if (lines.some((l) => l === '')) throw malformed('a line is empty');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine)) throw malformed(`the size ${JSON.stringify(sizeLine)} is not a decimal count without leading zeros`);
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw malformed(`the size ${sizeLine} is beyond 2^53`);
  const root = strictBase64(rootLine);
  if (!root || root.length !== HASH_SIZE) throw malformed(`the root ${JSON.stringify(rootLine)} is not the base64 of a ${HASH_SIZE}-byte hash`);
  return { origin, size, root, extensions };
}

/**
 * Opens a signed checkpoint of the log named `origin`: the note must carry a verifying signature
 * of one of the verifiers (the log's keys, old and new, and any cosigners to check), and its
 * text must be a checkpoint of that origin.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  origin: string,
  verifiers: readonly NoteVerifier[],
): { checkpoint: Checkpoint; text: string; signatures: readonly NoteSignature[]; unverified: readonly NoteSignature[] } {
  const opened = open(note, verifiers);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== origin)
    throw new CheckpointError('wrong-origin', `the checkpoint is of ${JSON.stringify(checkpoint.origin)}, not ${JSON.stringify(origin)}`);
  return { checkpoint, ...opened };
}

const COSIGNATURE_HEADER = 'cosignature/v1\n';
const TIMESTAMP_BYTES = 8;
const ED25519_SIGNATURE_BYTES = 64;

/** What a cosigner signs: `cosignature/v1`, `time <POSIX seconds>`, then the checkpoint text. */
export function cosignatureMessage(checkpointText: string, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`timestamp ${timestamp} is not POSIX seconds`);
  return `${COSIGNATURE_HEADER}time ${timestamp}\n${checkpointText}`;
}

export interface Cosigner {
  readonly name: string;
  readonly keyId: number;
  /** The note signer that cosigns at `timestamp` (POSIX seconds), the time of the cosigner's clock. */
  at(timestamp: number): NoteSigner;
}

/** A cosigner from its signer key (signature type 0x04, as generateKey(name, SIGNATURE_TYPE.cosignatureV1) makes). */
export function newCosigner(skey: string): Cosigner {
  const { name, keyId, type, privateKey } = parseSignerKey(skey);
  if (type !== SIGNATURE_TYPE.cosignatureV1) throw new NoteError('unknown-key-type', `signature type 0x${type.toString(16)} is not a cosignature/v1 key`);
  return {
    name,
    keyId,
    at(timestamp) {
      return {
        name,
        keyId,
        sign(text) {
          parseCheckpoint(text.toString('utf8'));
          const signature = ed25519Sign(null, Buffer.from(cosignatureMessage(text.toString('utf8'), timestamp), 'utf8'), privateKey);
          const stamp = Buffer.alloc(TIMESTAMP_BYTES);
          stamp.writeBigUInt64BE(BigInt(timestamp));
          return Buffer.concat([stamp, signature]);
        },
      };
    },
  };
}

/**
 * A verifier of a cosigner's cosignatures from its verifier key (signature type 0x04). A
 * cosignature is 8 bytes of big-endian timestamp and the Ed25519 signature; one over a text that
 * is not a checkpoint, or dated past 2^53 seconds (a time in the future, which the spec lets a
 * verifier refuse), does not verify.
 */
export function newCosignatureVerifier(vkey: string): NoteVerifier {
  const { name, keyId, type, publicKey } = parseVerifierKey(vkey);
  if (type !== SIGNATURE_TYPE.cosignatureV1) throw new NoteError('unknown-key-type', `signature type 0x${type.toString(16)} is not a cosignature/v1 key`);
  const key = ed25519PublicKey(publicKey);
  return {
    name,
    keyId,
    verify(text, signature) {
      const timestamp = timestampOf(signature);
      if (timestamp === null) return false;
      const body = text.toString('utf8');
      try {
        parseCheckpoint(body);
      } catch {
        return false;
      }
      return ed25519Verify(null, Buffer.from(cosignatureMessage(body, timestamp), 'utf8'), key, signature.subarray(TIMESTAMP_BYTES));
    },
  };
}

/** The time (POSIX seconds) a cosignature states; verify the signature before trusting it. */
export function cosignatureTimestamp(s: NoteSignature): number {
  const timestamp = timestampOf(s.signature);
  if (timestamp === null)
    throw new NoteError('malformed-note', `the signature of ${s.name} is not a cosignature/v1: 8 bytes of time and 64 of Ed25519 signature`);
  return timestamp;
}

function timestampOf(signature: Buffer): number | null {
  if (signature.length !== TIMESTAMP_BYTES + ED25519_SIGNATURE_BYTES) return null;
  const t = signature.readBigUInt64BE(0);
  return t <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(t) : null;
}
