// `xinyong witness`: what an independent party runs to witness the platform's log. It fetches the
// signed checkpoint, checks it against the one it saw last (src/ledger/witness.ts: the log's
// signature, then each log's growth by the log's consistency proofs), and only then saves it and
// cosigns it (C2SP tlog-cosignature v1) back to the platform. A rollback or fork is refused, exit
// 1, and the saved checkpoint is kept. One run at a time holds a state file (a lock file beside
// it), and the state is replaced whole and durably. `xinyong witness keygen` makes the witness's key.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../kernel/problems.ts';
import { newCosigner, type Cosigner } from '../../../ledger/tlog/checkpoint.ts';
import { generateKey, newVerifier, NoteError, sign, SIGNATURE_TYPE } from '../../../ledger/tlog/note.ts';
import { conclude, examine, originOfKey, type ConsistencyProofs, type Refusal } from '../../../ledger/witness.ts';
import { CliExit, EXIT, printJson } from '../output.ts';

/** What the witness keeps between runs: the log it witnesses and the last checkpoint it accepted. */
export interface WitnessState {
  origin: string;
  /** The log's note verifier key (its name is the origin). */
  logKey: string;
  /** The last checkpoint note it accepted, with the log's signature and its own cosignature. */
  checkpoint: string;
}

export interface WitnessOptions {
  url: string;
  state: string;
  /** The witness's cosigner key file; without it the witness checks and saves, but does not cosign. */
  key?: string;
  /** The log's verifier key: required on the first run unless trustOnFirstUse. */
  logKey?: string;
  trustOnFirstUse?: boolean;
}

const TIMEOUT_MS = 30_000;

/** The log could not be reached, or answered with an error or something other than the API's answer. */
class LogFailure extends Error {
  constructor(
    readonly error: 'log-unreachable' | 'log-error',
    message: string,
    readonly answer: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Another run holds the state file's lock. */
export class StateLocked extends Error {
  constructor(readonly lock: string) {
    super(
      `another xinyong witness holds the lock ${lock} on its state file (${describeLock(lock)}), so this run leaves the state to it; ` +
        'if no witness runs on that state, an earlier run was killed: remove the lock file and run again',
    );
  }
}

const describeLock = (lock: string): string => {
  try {
    return fs.readFileSync(lock, 'utf8').trim() || 'no holder recorded';
  } catch {
    return 'released since';
  }
};

/**
 * Takes the state file's lock: a file beside it created exclusively, holding who took it. Returns
 * its release, which also runs if the process exits first; throws StateLocked when another run
 * holds it.
 */
export function lockState(file: string, now: Date): () => void {
  const lock = `${file}.lock`;
  let fd: number;
  try {
    fd = fs.openSync(lock, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new StateLocked(lock);
    throw err;
  }
  try {
    fs.writeSync(fd, `pid ${process.pid} since ${now.toISOString()}\n`);
  } finally {
    fs.closeSync(fd);
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    fs.rmSync(lock, { force: true });
  };
  process.on('exit', release);
  return release;
}

export async function witnessCommand(opts: WitnessOptions, now: Date): Promise<void> {
  const cosigner = opts.key ? readCosigner(opts.key) : null;
  let release: () => void;
  try {
    release = lockState(opts.state, now);
  } catch (err) {
    if (!(err instanceof StateLocked)) throw err;
    process.stderr.write(`xinyong witness: ${err.message}\n`);
    printJson({ error: 'state-locked', detail: err.message, lock: err.lock });
    throw new CliExit(EXIT.error);
  }
  try {
    await witnessRun(opts, cosigner, now);
  } finally {
    release();
  }
}

async function witnessRun(opts: WitnessOptions, cosigner: Cosigner | null, now: Date): Promise<void> {
  const saved = readState(opts.state);
  const log = logClient(opts.url);
  try {
    const { logKey, trustedOnFirstUse } = await chooseLogKey(opts, saved, log);
    const offered = await log.text('/v1/log/checkpoint');
    const examined = examine({ saved: saved?.checkpoint ?? null, offered, logKey });
    if ('accepted' in examined) refused(examined);
    const request = examined.proofRequest;
    const proofs = request ? consistencyProofs(await log.json(`/v1/log/proofs/consistency?from=${request.from.join(',')}&to=${request.to.join(',')}`)) : null;
    const verdict = conclude(examined, proofs);
    if (!verdict.accepted) refused(verdict);

    // Saved before the cosignature leaves: a witness never publishes a cosignature of a checkpoint
    // that its state does not already hold, or it could later cosign a fork of it.
    const time = Math.floor(now.getTime() / 1000);
    const note = sign(verdict.text, cosigner ? [cosigner.at(time)] : [], verdict.logSignatures);
    writeState(opts.state, { origin: originOfKey(logKey), logKey, checkpoint: note });
    const posted = cosigner ? await deliver(log, note, opts.state) : null;
    printJson({
      accepted: true,
      origin: originOfKey(logKey),
      checkpoint: { size: verdict.head.size, root: verdict.head.root, logs: verdict.head.logs.length },
      grew: verdict.grew,
      firstRun: saved === null,
      ...(trustedOnFirstUse ? { trustedOnFirstUse: true } : {}),
      ...(saved && saved.logKey !== logKey ? { logKeyChanged: { from: saved.logKey, to: logKey } } : {}),
      cosigned: posted ? { witness: posted.witness, checkpoint: posted.checkpoint, time } : null,
      state: opts.state,
    });
  } catch (err) {
    if (!(err instanceof LogFailure)) throw err;
    process.stderr.write(`xinyong witness: ${err.message}\n`);
    printJson({ error: err.error, detail: err.message, ...err.answer });
    throw new CliExit(EXIT.error);
  }
}

/** Posts the cosigned checkpoint; a failure says that the checkpoint was accepted and saved all the same. */
async function deliver(log: LogClient, note: string, state: string): Promise<{ checkpoint: number; witness: string }> {
  try {
    return await log.post('/v1/log/cosignatures', note);
  } catch (err) {
    if (!(err instanceof LogFailure)) throw err;
    const unknown = err.answer.status === 403 ? " (is the witness's verifier key in the platform's XINYONG_LOG_WITNESSES?)" : '';
    throw new LogFailure(err.error, `${err.message}${unknown}; the checkpoint was accepted and saved in ${state}, its cosignature not delivered`, err.answer);
  }
}

function refused(refusal: Refusal): never {
  process.stderr.write(`xinyong witness: refused: ${refusal.detail}\n`);
  printJson(refusal);
  throw new CliExit(EXIT.negative);
}

/**
 * The log key to check the checkpoint with: the one given (a rotated key the witness was told of
 * keeps the origin it witnesses), else the saved one, else on the first run, only when asked, the
 * platform's current key as it states it.
 */
async function chooseLogKey(opts: WitnessOptions, saved: WitnessState | null, log: LogClient): Promise<{ logKey: string; trustedOnFirstUse: boolean }> {
  if (opts.logKey) {
    checkLogKey(opts.logKey, '--log-key');
    if (saved && originOfKey(opts.logKey) !== saved.origin)
      throw new AppError('validation-failed', `--log-key is a key of ${originOfKey(opts.logKey)}, but ${opts.state} witnesses ${saved.origin}`);
    return { logKey: opts.logKey, trustedOnFirstUse: false };
  }
  if (saved) return { logKey: saved.logKey, trustedOnFirstUse: false };
  if (!opts.trustOnFirstUse)
    throw new AppError(
      'validation-failed',
      "the first run needs the log's verifier key: --log-key VKEY as the platform's operator publishes it (or --trust-on-first-use to take the one the platform states)",
    );
  const keys = (await log.json('/v1/log/keys')) as { keys?: Array<{ verifierKey?: unknown; current?: unknown }> };
  const current = Array.isArray(keys.keys) ? keys.keys.find((k) => k.current === true) : undefined;
  if (typeof current?.verifierKey !== 'string') throw new LogFailure('log-error', 'GET /v1/log/keys names no current key', { url: opts.url });
  checkLogKey(current.verifierKey, 'the current key of GET /v1/log/keys');
  process.stderr.write(
    `xinyong witness: WARNING: trusting the log key ${current.verifierKey} because the platform states it (--trust-on-first-use); ` +
      'compare it with the key its operator publishes, since a log that is not the platform could have answered\n',
  );
  return { logKey: current.verifierKey, trustedOnFirstUse: true };
}

function checkLogKey(vkey: string, what: string): void {
  try {
    newVerifier(vkey);
  } catch (err) {
    if (err instanceof NoteError)
      throw new AppError('validation-failed', `${what} is not an Ed25519 note verifier key (<origin>+<key ID>+<key>): ${err.message}`);
    throw err;
  }
}

function readCosigner(file: string): Cosigner {
  if (!fs.existsSync(file)) throw new AppError('not-found', `there is no key file ${file}: make one with xinyong witness keygen --name NAME --out ${file}`);
  if ((fs.statSync(file).mode & 0o077) !== 0)
    process.stderr.write(`xinyong witness: WARNING: ${file} is readable by others; it holds the witness's private key (chmod 600)\n`);
  try {
    return newCosigner(fs.readFileSync(file, 'utf8').trim());
  } catch (err) {
    if (err instanceof NoteError)
      throw new AppError('validation-failed', `${file} is not a witness key (a cosignature/v1 signer key, PRIVATE+KEY+...): ${err.message}`);
    throw err;
  }
}

function readState(file: string): WitnessState | null {
  if (!fs.existsSync(file)) return null;
  let state: Partial<WitnessState>;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<WitnessState>;
  } catch (err) {
    throw new AppError('validation-failed', `the state file ${file} is not JSON (${(err as Error).message}); it is left as it is`);
  }
  if (typeof state.origin !== 'string' || typeof state.logKey !== 'string' || typeof state.checkpoint !== 'string')
    throw new AppError('validation-failed', `the state file ${file} is not a witness state: {origin, logKey, checkpoint}`);
  checkLogKey(state.logKey, `the logKey of ${file}`);
  if (originOfKey(state.logKey) !== state.origin) throw new AppError('validation-failed', `the logKey of ${file} is not a key of its origin ${state.origin}`);
  return state as WitnessState;
}

/** The file operations writeState uses (node:fs; a test records them). */
export type StateFiles = Pick<typeof fs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync'>;

/**
 * Replaces the state file whole or not at all, and durably: written to a new file beside it
 * (created exclusively, so nothing already there, not even a link, is written through), flushed
 * to disk, renamed over the state, and the directory flushed so that the rename survives a crash.
 */
export function writeState(file: string, state: WitnessState, files: StateFiles = fs): void {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = files.openSync(temporary, 'wx', 0o644);
  try {
    try {
      files.writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
      files.fsyncSync(fd);
    } finally {
      files.closeSync(fd);
    }
    files.renameSync(temporary, file);
  } catch (err) {
    files.rmSync(temporary, { force: true });
    throw err;
  }
  const directory = files.openSync(dirname(file), 'r');
  try {
    files.fsyncSync(directory);
  } finally {
    files.closeSync(directory);
  }
}

/** The consistency proofs answer, in the shape conclude reads; anything else is the log's error. */
function consistencyProofs(answer: unknown): ConsistencyProofs {
  const proofs = (answer as { proofs?: unknown }).proofs;
  const wellFormed =
    Array.isArray(proofs) &&
    proofs.every(
      (p: { log?: unknown; from?: unknown; to?: unknown; proof?: unknown }) =>
        Number.isSafeInteger(p?.log) &&
        Number.isSafeInteger(p?.from) &&
        Number.isSafeInteger(p?.to) &&
        Array.isArray(p?.proof) &&
        p.proof.every((h) => typeof h === 'string'),
    );
  if (!wellFormed) throw new LogFailure('log-error', 'the consistency proofs answer is not {proofs: [{log, from, to, proof: [base64]}]}');
  return { proofs } as ConsistencyProofs;
}

interface LogClient {
  text(path: string): Promise<string>;
  json(path: string): Promise<unknown>;
  post(path: string, note: string): Promise<{ checkpoint: number; witness: string }>;
}

function logClient(base: string): LogClient {
  const root = base.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(root))
    throw new AppError('validation-failed', `--url must be the platform's http:// or https:// address, not ${JSON.stringify(base)}`);
  async function call(method: 'GET' | 'POST', path: string, body?: string): Promise<Response> {
    const url = root + path;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        ...(body !== undefined ? { body, headers: { 'content-type': 'text/plain; charset=utf-8' } } : {}),
      });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      throw new LogFailure('log-unreachable', `${method} ${url} failed: ${(err as Error).message}${cause ? ` (${cause})` : ''}`, { url });
    }
    if (!res.ok) {
      const text = await res.text();
      let problem: unknown = text;
      try {
        problem = JSON.parse(text);
      } catch {
        // not a problem document: its text is the answer
      }
      const detail = (problem as { detail?: unknown })?.detail;
      throw new LogFailure('log-error', `${method} ${url} answered ${res.status}${typeof detail === 'string' ? `: ${detail}` : ''}`, {
        url,
        status: res.status,
        problem,
      });
    }
    return res;
  }
  return {
    text: async (path) => (await call('GET', path)).text(),
    async json(path) {
      const res = await call('GET', path);
      try {
        return (await res.json()) as unknown;
      } catch {
        throw new LogFailure('log-error', `GET ${root + path} did not answer JSON`, { url: root + path });
      }
    },
    async post(path, note) {
      return (await (await call('POST', path, note)).json()) as { checkpoint: number; witness: string };
    },
  };
}

/** `xinyong witness keygen`: a new cosigner key, written to a file only its owner reads; the verifier key goes to the platform's operator. */
export function witnessKeygen(opts: { name: string; out: string }): { name: string; verifierKey: string; keyFile: string; note: string } {
  let key: { signerKey: string; verifierKey: string };
  try {
    key = generateKey(opts.name, SIGNATURE_TYPE.cosignatureV1);
  } catch (err) {
    if (err instanceof NoteError) throw new AppError('validation-failed', `--name ${err.message}`);
    throw err;
  }
  try {
    fs.writeFileSync(opts.out, `${key.signerKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('validation-failed', `${opts.out} exists; a witness key is never overwritten`);
    throw err;
  }
  return {
    name: opts.name,
    verifierKey: key.verifierKey,
    keyFile: opts.out,
    note: "give the verifierKey to the platform's operator (XINYONG_LOG_WITNESSES); keep the key file secret",
  };
}
