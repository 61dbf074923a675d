// The ledger as a transparency log for outsiders: its signed checkpoints (with the witnesses'
// cosignatures), the keys that verify them, its entries, and inclusion and consistency proofs.
// A checkpointer in every serving process signs a checkpoint at least once a second while the
// ledger grows, and every request for the checkpoint makes one first, so the checkpoint served
// is never older than the request; makeCheckpoint's lock keeps processes from signing one state
// twice. Anyone may read the log; an entry of a subject's log (everything its event holds, beyond
// what is public) is shown only to the subject and to the oversight roles, and logged.
import type { Database } from '../../store/database.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/problems.ts';
import { isOversight, ownSubject, type Principal } from '../../kernel/principal.ts';
import { CheckpointRefused, checkpointById, checkpointOfText, headOfCheckpoint, latestCheckpoint, makeCheckpoint, type StoredCheckpoint } from '../../ledger/checkpoints.ts';
import type { LedgerHead } from '../../ledger/head.ts';
import { cosignatureTimestamp, openCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { logSizes } from '../../ledger/ledger.ts';
import { consistencyProof, inclusionWithLeaf } from '../../ledger/proofs.ts';
import { leafHash } from '../../ledger/tlog/merkle.ts';
import { newVerifier, NoteError, open, parseNote, sign, strictBase64, type NoteSignature } from '../../ledger/tlog/note.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import { SigningKeyError } from '../reports/signing-key.ts';
import type { LogKeys, Witness } from './log-keys.ts';
import { cosignaturesOfHead, entryAt, saveCosignature } from './transparency.store.ts';

export type { StoredCheckpoint };

export interface LogEntry {
  log: number;
  index: number;
  /** The leaf bytes: the event's canonical JSON. */
  payload: string;
  /** SHA-256(0x00 || payload), base64. */
  leafHash: string;
}

export interface InclusionProof {
  log: number;
  index: number;
  size: number;
  leafHash: string;
  proof: string[];
}

export interface ConsistencyProofs {
  from: number[];
  to: number[];
  proofs: Array<{ log: number; from: number; to: number; proof: string[] }>;
}

export interface LogKeysAnswer {
  origin: string;
  keys: Array<{ verifierKey: string; current: boolean; retiredAt: string | null }>;
  witnesses: string[];
}

export interface TransparencyOptions {
  /** The checkpoints' origin, and the key name of their signatures. */
  origin: string;
  /** Loads the log's keys, on first use (so commands that sign nothing need none). */
  keys: () => LogKeys;
  witnesses: readonly Witness[];
  access: AccessLog;
  /** Requests for checkpoints, entries and proofs per minute per client address (LOG_REQUESTS_PER_MINUTE by default); 0: no limit. */
  requestsPerMinute?: number;
}

/**
 * The default budget of the log's rate-limited reads per client address per minute, also the
 * burst: far above what a witness, an auditor or a report reader asks, far below a flood.
 */
export const LOG_REQUESTS_PER_MINUTE = 600;

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const sameSizes = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);

/** How often the checkpointer looks at the ledger. */
const CHECKPOINT_EVERY_MS = 1000;

export class TransparencyLog {
  private loadedKeys: LogKeys | null = null;
  /** The latest checkpoint this process made or found, so that an idle ledger costs one small read a second. */
  private latest: StoredCheckpoint | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** The rate-limited reads' budget per client address per minute; read when a server's routes are built. */
  requestsPerMinute: number;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: TransparencyOptions,
  ) {
    this.requestsPerMinute = options.requestsPerMinute ?? LOG_REQUESTS_PER_MINUTE;
  }

  get origin(): string {
    return this.options.origin;
  }

  private get logKeys(): LogKeys {
    if (!this.loadedKeys) {
      try {
        this.loadedKeys = this.options.keys();
      } catch (err) {
        // An operator's problem (no key configured), said plainly rather than as an anonymous 500.
        if (err instanceof SigningKeyError) throw new AppError('internal-error', `the log's checkpoints are not signed: ${err.message}`);
        throw err;
      }
    }
    return this.loadedKeys;
  }

  /**
   * The ledger head a signed checkpoint note of this log states, once its signature verifies with
   * one of the log's keys (the current one, or a retired one that was not compromised); throws
   * otherwise, saying why.
   */
  headOfNote(note: string): LedgerHead {
    const opened = openCheckpoint(note, this.origin, this.logKeys.keys.map((k) => newVerifier(k.verifierKey)));
    return headOfCheckpoint(opened.text).head;
  }

  /** The latest checkpoint made (without making one), with the head it signs, checked; null before the first. */
  async latestSigned(): Promise<{ id: number; head: LedgerHead } | null> {
    const last = await latestCheckpoint(this.db);
    return last ? { id: last.id, head: this.headOfNote(last.note) } : null;
  }

  /**
   * The latest checkpoint, made now if the ledger has moved since (or the signing key changed).
   * Requests at once share one making: one that arrives while a making runs waits for the next,
   * which starts when that one ends, so its answer is never older than the request, and a crowd
   * of requests holds one connection and signs at most one checkpoint at a time.
   */
  currentCheckpoint(): Promise<StoredCheckpoint> {
    if (!this.queued) {
      const after = this.making ?? Promise.resolve();
      const next: Promise<StoredCheckpoint> = after
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          this.making = next;
          const { signer, olderKeys } = this.logKeys;
          return makeCheckpoint(this.db, this.origin, signer, this.clock.now(), { olderKeys }).catch((err: unknown) => {
            // The operator's problem (a stale key, a store that went back), said plainly rather than as an anonymous 500.
            if (err instanceof CheckpointRefused) throw new AppError('internal-error', `no checkpoint is signed: ${err.message}`);
            throw err;
          });
        })
        .then((made) => {
          this.latest = made;
          return made;
        })
        .finally(() => {
          if (this.making === next) this.making = null;
        });
      this.queued = next;
    }
    return this.queued;
  }

  /** The making of a checkpoint under way, and the one that waits for it (see currentCheckpoint). */
  private making: Promise<StoredCheckpoint> | null = null;
  private queued: Promise<StoredCheckpoint> | null = null;

  /** The checkpointer's step: a checkpoint if the ledger has moved since the latest one seen. */
  async checkpointIfMoved(): Promise<void> {
    if (this.latest && sameSizes(this.latest.sizes, await logSizes(this.db))) return;
    await this.currentCheckpoint();
  }

  /** Starts the checkpointer: now, then every second; a failure goes to `onError` once until it changes. */
  start(onError: (err: unknown) => void): void {
    if (this.timer) return;
    let reported: string | null = null;
    const step = () => {
      if (this.running) return;
      this.running = this.checkpointIfMoved()
        .then(
          () => void (reported = null),
          (err: unknown) => {
            const message = err instanceof Error ? err.message : String(err);
            if (message !== reported) onError(err);
            reported = message;
          },
        )
        .finally(() => (this.running = null));
    };
    step();
    this.timer = setInterval(step, CHECKPOINT_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** The latest checkpoint's signed note with the witnesses' cosignatures of it as further signature lines. */
  async checkpointNote(): Promise<string> {
    return this.withCosignatures(await this.currentCheckpoint());
  }

  /** A stored checkpoint's signed note, with the witnesses' cosignatures of it, so a past checkpoint can be fetched too. */
  async checkpointNoteById(id: number): Promise<string> {
    const checkpoint = await checkpointById(this.db, id);
    if (!checkpoint) throw new AppError('checkpoint-not-found', `there is no checkpoint ${id} (GET /v1/log/checkpoint serves the latest)`);
    return this.withCosignatures(checkpoint);
  }

  /**
   * The checkpoint's note with the cosignatures of its text, whichever stored note of that text
   * they were posted against (a head signed again by a new key keeps its cosignatures), the
   * latest of each configured witness key; a witness no longer configured is not served.
   */
  private async withCosignatures(checkpoint: StoredCheckpoint): Promise<string> {
    const { text, signatures } = parseNote(checkpoint.note);
    const newest = new Map<string, { line: NoteSignature; time: number }>();
    for (const c of await this.cosignaturesOf(checkpoint, text)) {
      const seen = newest.get(c.key);
      if (!seen || c.time > seen.time) newest.set(c.key, { line: c.line, time: c.time });
    }
    if (newest.size === 0) return checkpoint.note;
    return sign(text, [], [...signatures, ...[...newest.values()].map((c) => c.line)]);
  }

  /** The cosignatures kept of a checkpoint's text by the configured witnesses, each with its witness key and time. */
  private async cosignaturesOf(checkpoint: StoredCheckpoint, text: string): Promise<Array<{ key: string; line: NoteSignature; time: number }>> {
    const configured = new Set(this.options.witnesses.map((w) => `${w.verifier.name}+${w.verifier.keyId}`));
    const kept = [];
    for (const c of await cosignaturesOfHead(this.db, checkpoint)) {
      if (parseNote(c.note).text !== text) continue;
      const raw = strictBase64(c.signature)!;
      const line: NoteSignature = { name: c.witness, keyId: raw.readUInt32BE(0), signature: raw.subarray(4) };
      const key = `${line.name}+${line.keyId}`;
      if (configured.has(key)) kept.push({ key, line, time: cosignatureTimestamp(line) });
    }
    return kept;
  }

  keys(): LogKeysAnswer {
    return {
      origin: this.origin,
      keys: this.logKeys.keys.map(({ verifierKey, current, retiredAt }) => ({ verifierKey, current, retiredAt })),
      witnesses: this.options.witnesses.map((w) => w.verifierKey),
    };
  }

  /**
   * An entry's bytes and leaf hash. The platform log's entries (agencies, policy, inspection draws)
   * are public; an entry of a subject's log holds everything its event says, beyond what is
   * public, so only the subject and the oversight roles read it, and it is access-logged.
   */
  async entry(principal: Principal | null, log: number, index: number): Promise<LogEntry> {
    const entry = await entryAt(this.db, log, index);
    if (!entry) throw new AppError('log-entry-not-found', `log ${log} holds no entry ${index}`);
    if (entry.subject !== null) {
      if (!principal) throw new AppError('unauthenticated', "an entry of a subject's log is shown to the subject and to administrators and auditors");
      const own = ownSubject(principal) === entry.subject;
      if (!own && !isOversight(principal)) throw new AppError('forbidden', "an entry of a subject's log is shown to the subject and to administrators and auditors");
      if (!own) await this.options.access.viewed(entry.subject, 'beyond-public', 'read a ledger entry', `log ${log} entry ${index}`);
    }
    return { log, index, payload: entry.payload, leafHash: b64(leafHash(Buffer.from(entry.payload, 'utf8'))) };
  }

  /** Each log's size now; refuses a log the ledger does not have. */
  private async sizesWithLog(log: number): Promise<number[]> {
    const sizes = await logSizes(this.db);
    if (log >= sizes.length) throw new AppError('log-entry-not-found', `there is no log ${log}: the ledger has logs 0 to ${sizes.length - 1}`);
    return sizes;
  }

  /** The inclusion proof of entry `index` of a log in its tree of `size` entries (by default its size in the current checkpoint). */
  async inclusion(log: number, index: number, size?: number): Promise<InclusionProof> {
    // The checkpoint first: the sizes read after it are at least its own, however the ledger grows meanwhile.
    const at = size ?? (await this.currentCheckpoint()).sizes[log];
    const sizes = await this.sizesWithLog(log);
    if (at === undefined) throw new AppError('log-entry-not-found', `there is no log ${log}: the ledger has logs 0 to ${sizes.length - 1}`);
    if (at > sizes[log]!) throw new AppError('log-size-not-reached', `log ${log} holds ${sizes[log]} entries, fewer than ${at}`);
    if (index >= at) throw new AppError('log-entry-not-found', `log ${log} at size ${at} holds no entry ${index}`);
    // The leaf hash as the tree holds it, read with the proof in one round trip.
    const { leafHash: leaf, proof } = await inclusionWithLeaf(this.db, log, index, at);
    return { log, index, size: at, leafHash: b64(leaf), proof: proof.map(b64) };
  }

  /**
   * One consistency proof per log from each log's size in `from` to its size in `to` (by default
   * the current checkpoint's): that each log at the later size extends the log at the earlier.
   */
  async consistency(from: readonly number[], to?: readonly number[]): Promise<ConsistencyProofs> {
    // The checkpoint first: the sizes read after it are at least its own, however the ledger grows meanwhile.
    const later = to ?? (await this.currentCheckpoint()).sizes;
    const sizes = await logSizes(this.db);
    for (const [name, list] of [
      ['from', from],
      ['to', later],
    ] as const) {
      if (list.length !== sizes.length)
        throw new AppError('validation-failed', `${name} names ${list.length} sizes, but the ledger has ${sizes.length} logs: give one size per log, log 0 first`);
    }
    const shrunk = from.findIndex((n, log) => n > later[log]!);
    if (shrunk >= 0)
      throw new AppError('log-not-extended', `log ${shrunk} is smaller in to (${later[shrunk]}) than in from (${from[shrunk]})`, { log: shrunk });
    const beyond = later.findIndex((n, log) => n > sizes[log]!);
    if (beyond >= 0) throw new AppError('log-size-not-reached', `log ${beyond} holds ${sizes[beyond]} entries, fewer than ${later[beyond]}`, { log: beyond });
    const proofs = [];
    for (let log = 0; log < sizes.length; log++) {
      const proof = await consistencyProof(this.db, log, from[log]!, later[log]!);
      proofs.push({ log, from: from[log]!, to: later[log]!, proof: proof.map(b64) });
    }
    return { from: [...from], to: [...later], proofs };
  }

  /**
   * Keeps a witness's cosignature of one of the platform's checkpoints: a configured witness's
   * cosignature on the note must verify, and the note's text must be a stored checkpoint's, byte
   * for byte; it is kept against the latest checkpoint of that text. A cosignature older than one
   * already kept of that text by the same witness key is not kept (`kept` false): the newer stays.
   * Answers the checkpoint and the (first) witness whose cosignature was posted.
   */
  async cosign(note: string): Promise<{ checkpoint: number; witness: string; kept: boolean }> {
    try {
      parseNote(note);
    } catch (err) {
      throw new AppError('malformed-request', `the body is not a signed note: ${(err as Error).message}`);
    }
    // The signature first: only a configured witness's verified cosignature costs a look-up.
    let opened;
    try {
      opened = open(
        note,
        this.options.witnesses.map((w) => w.verifier),
      );
    } catch (err) {
      if (err instanceof NoteError && err.reason === 'unverified-note')
        throw new AppError('unknown-witness', 'no signature on the note is by a configured witness (GET /v1/log/keys lists them)');
      if (err instanceof NoteError) throw new AppError('invalid-cosignature', `the cosignature does not verify: ${err.message}`);
      throw err;
    }
    const checkpoint = await checkpointOfText(this.db, opened.text);
    if (!checkpoint) throw new AppError('checkpoint-not-found', "the note's text is not one of the platform's checkpoints (GET /v1/log/checkpoint)");
    const held = await this.cosignaturesOf(checkpoint, opened.text);
    const at = this.clock.now();
    let kept = false;
    for (const s of opened.signatures) {
      const time = cosignatureTimestamp(s);
      if (held.some((h) => h.line.name === s.name && h.line.keyId === s.keyId && h.time > time)) continue;
      const id = Buffer.alloc(4);
      id.writeUInt32BE(s.keyId);
      if (await saveCosignature(this.db, checkpoint.id, { witness: s.name, signature: b64(Buffer.concat([id, s.signature])) }, at)) kept = true;
    }
    return { checkpoint: checkpoint.id, witness: opened.signatures[0]!.name, kept };
  }
}
