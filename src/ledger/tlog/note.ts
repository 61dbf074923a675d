// C2SP signed-note (the format of golang.org/x/mod/sumdb/note) with Ed25519: text signed by one
// or more keys, each signature line `— <key name> base64(key ID || signature)`. Signer and
// verifier keys are the strings sumdb/note writes (`PRIVATE+KEY+<name>+<id>+<key>` and
// `<name>+<id>+<key>`); open() accepts a note only if a known key's signature verifies.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as ed25519Sign, verify as ed25519Verify, type KeyObject } from 'node:crypto';

/** The signature type identifiers of C2SP signed-note that this log uses. */
export const SIGNATURE_TYPE = {
  /** Ed25519 over the note text. */
  ed25519: 0x01,
  /** Timestamped Ed25519 witness cosignatures (c2sp.org/tlog-cosignature). */
  cosignatureV1: 0x04,
} as const;
export type SignatureType = (typeof SIGNATURE_TYPE)[keyof typeof SIGNATURE_TYPE];

/** Why a note or key was refused. */
export type NoteFailure =
  | 'malformed-note' // not a text ending in newline, a blank line and signature lines, or not UTF-8 without control characters
  | 'malformed-key' // not a signer or verifier key string
  | 'unknown-key-type' // a key of a signature type this verifier does not take
  | 'key-id-mismatch' // the key ID in a key string is not the one its name and key give
  | 'invalid-signer' // a signer with a name that is not a key name
  | 'ambiguous-key' // two known keys share a name and key ID
  | 'invalid-signature' // a known key's signature does not verify
  | 'duplicate-signature' // a known key signs the note twice
  | 'unverified-note'; // no signature is by a known key

export class NoteError extends Error {
  constructor(
    readonly reason: NoteFailure,
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The signature of the note text, without the key ID. */
  sign(text: Buffer): Buffer;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Buffer, signature: Buffer): boolean;
}

/** One signature line of a note: the key's name and ID, and the signature after the ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Buffer;
}

export interface OpenedNote {
  readonly text: string;
  /** The signatures of known keys, all verified, in the order of the note. */
  readonly signatures: readonly NoteSignature[];
  /** The signatures of keys the caller did not name; they are not checked. */
  readonly unverified: readonly NoteSignature[];
}

const SIGNATURE_PREFIX = '— ';
/** More signatures than any honest note carries (the spec asks for at least 16); sumdb/note's bound. */
const MAX_SIGNATURES = 100;
const MAX_NOTE_BYTES = 1_000_000;

/** Key names are non-empty and hold no Unicode space and no plus. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\p{White_Space}+]/u.test(name) && !LONE_SURROGATE.test(name);
}

/** The key ID: the first four bytes, big-endian, of SHA-256(key name || 0x0A || signature type || public key). */
export function keyIdOf(name: string, type: number, publicKey: Uint8Array): number {
  return createHash('sha256').update(name, 'utf8').update(Buffer.of(0x0a, type)).update(publicKey).digest().readUInt32BE(0);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');

/** A new Ed25519 key pair as signer and verifier key strings, for note signatures (0x01) or cosignatures (0x04). */
export function generateKey(name: string, type: SignatureType = SIGNATURE_TYPE.ed25519): { signerKey: string; verifierKey: string } {
  if (!isKeyName(name)) throw new NoteError('invalid-signer', `${JSON.stringify(name)} is not a key name: it must be non-empty, without spaces or plus`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  const pub = rawPublicKey(publicKey);
  const id = hex8(keyIdOf(name, type, pub));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Buffer.of(type), seed]).toString('base64')}`,
    verifierKey: `${name}+${id}+${Buffer.concat([Buffer.of(type), pub]).toString('base64')}`,
  };
}

/** The verifier key string of a signer key: what to give those who check its signatures. */
export function verifierKeyOf(signerKey: string): string {
  const { name, keyId, type, publicKey } = parseSignerKey(signerKey);
  return `${name}+${hex8(keyId)}+${Buffer.concat([Buffer.of(type), publicKey]).toString('base64')}`;
}

/** A parsed signer key: `PRIVATE+KEY+<name>+<hex key ID>+<base64(type || Ed25519 seed)>`. */
export function parseSignerKey(skey: string): { name: string; keyId: number; type: number; publicKey: Buffer; privateKey: KeyObject } {
  const first = chop(skey);
  const second = chop(first.after);
  if (first.before !== 'PRIVATE' || second.before !== 'KEY') throw new NoteError('malformed-key', 'a signer key starts PRIVATE+KEY+');
  const third = chop(second.after);
  const { name, keyId, type, material } = parseKeyFields(third.before, third.after);
  if (material.length !== 32) throw new NoteError('malformed-key', `an Ed25519 seed is 32 bytes, not ${material.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, material]), format: 'der', type: 'pkcs8' });
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  if (keyIdOf(name, type, publicKey) !== keyId) throw new NoteError('key-id-mismatch', `the key ID ${hex8(keyId)} is not that of ${name}'s key`);
  return { name, keyId, type, publicKey, privateKey };
}

/** A parsed verifier key: `<name>+<hex key ID>+<base64(type || public key)>`. */
export function parseVerifierKey(vkey: string): { name: string; keyId: number; type: number; publicKey: Buffer } {
  const { before, after } = chop(vkey);
  const { name, keyId, type, material } = parseKeyFields(before, after);
  if (keyIdOf(name, type, material) !== keyId) throw new NoteError('key-id-mismatch', `the key ID ${hex8(keyId)} is not that of ${name}'s key`);
  return { name, keyId, type, publicKey: material };
}

/** The fields after the name in a key string: the 8-hex-digit key ID, then base64(type || key). */
function parseKeyFields(name: string, rest: string): { name: string; keyId: number; type: number; material: Buffer } {
  const { before: id, after: key64 } = chop(rest);
  const key = strictBase64(key64);
  if (!isKeyName(name) || !/^[0-9a-fA-F]{8}$/.test(id) || !key || key.length < 2)
    throw new NoteError('malformed-key', 'a key is <name>+<8 hex digits>+<base64 key>');
  return { name, keyId: parseInt(id, 16), type: key[0]!, material: key.subarray(1) };
}

/** A signer for Ed25519 note signatures (type 0x01). */
export function newSigner(skey: string): NoteSigner {
  const { name, keyId, type, privateKey } = parseSignerKey(skey);
  if (type !== SIGNATURE_TYPE.ed25519) throw new NoteError('unknown-key-type', `signature type 0x${type.toString(16)} is not an Ed25519 note key`);
  return { name, keyId, sign: (text) => ed25519Sign(null, text, privateKey) };
}

/** A verifier of Ed25519 note signatures (type 0x01). */
export function newVerifier(vkey: string): NoteVerifier {
  const { name, keyId, type, publicKey } = parseVerifierKey(vkey);
  if (type !== SIGNATURE_TYPE.ed25519) throw new NoteError('unknown-key-type', `signature type 0x${type.toString(16)} is not an Ed25519 note key`);
  const key = ed25519PublicKey(publicKey);
  return { name, keyId, verify: (text, signature) => signature.length === 64 && ed25519Verify(null, text, key, signature) };
}

/** An Ed25519 public key object from its 32 bytes (RFC 8032 encoding). */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new NoteError('malformed-key', `an Ed25519 public key is 32 bytes, not ${raw.length}`);
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    throw new NoteError('malformed-key', 'the bytes are not an Ed25519 public key');
  }
}

// DER prefixes that wrap a raw Ed25519 seed and public key as PKCS #8 and SPKI (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(-32);
}

/**
 * The signed note: the text, a blank line, then a signature line for each of `keep` (signatures
 * already on the note, such as cosignatures, unless a signer replaces them) and each signer.
 */
export function sign(text: string, signers: readonly NoteSigner[], keep: readonly NoteSignature[] = []): string {
  if (!text.endsWith('\n') || !isNoteText(text))
    throw new NoteError('malformed-note', 'a note text is UTF-8 without control characters other than newline, and ends in a newline');
  const bytes = Buffer.from(text, 'utf8');
  const fresh = signers.map((s) => {
    if (!isKeyName(s.name)) throw new NoteError('invalid-signer', `${JSON.stringify(s.name)} is not a key name`);
    return { name: s.name, keyId: s.keyId, signature: s.sign(bytes) };
  });
  const replaced = new Set(fresh.map((s) => `${s.name}+${s.keyId}`));
  const kept = keep.filter((s) => !replaced.has(`${s.name}+${s.keyId}`));
  for (const s of kept) if (!isKeyName(s.name)) throw new NoteError('malformed-note', `${JSON.stringify(s.name)} is not a key name`);
  return `${text}\n${[...kept, ...fresh].map(signatureLine).join('')}`;
}

function signatureLine(s: NoteSignature): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(s.keyId);
  return `${SIGNATURE_PREFIX}${s.name} ${Buffer.concat([id, s.signature]).toString('base64')}\n`;
}

/**
 * The text and signature lines of a note, unverified: the syntax of signed-note, and nothing
 * of what its text says may be trusted before open() has checked a known key's signature.
 */
export function parseNote(note: string | Uint8Array): { text: string; signatures: NoteSignature[] } {
  const malformed = (why: string) => new NoteError('malformed-note', `the note is malformed: ${why}`);
  let msg: string;
  if (typeof note === 'string') {
    msg = note;
    if (Buffer.byteLength(msg, 'utf8') > MAX_NOTE_BYTES) throw malformed(`it is longer than ${MAX_NOTE_BYTES} bytes`);
  } else {
    if (note.length > MAX_NOTE_BYTES) throw malformed(`it is longer than ${MAX_NOTE_BYTES} bytes`);
    try {
      msg = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
    } catch {
      throw malformed('it is not UTF-8');
    }
  }
  if (!isNoteText(msg)) throw malformed('it holds a control character other than newline, or is not UTF-8');
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line separates the text from the signatures');
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw malformed('the signatures do not end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`it has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed(`a signature line does not start with "${SIGNATURE_PREFIX}"`);
    const { before: name, after: b64 } = chop(line.slice(SIGNATURE_PREFIX.length), ' ');
    const raw = strictBase64(b64);
    if (!isKeyName(name) || !raw || raw.length < 5)
      throw malformed(`the signature line of ${JSON.stringify(name)} is not "— <key name> <base64(key ID || signature)>"`);
    return { name, keyId: raw.readUInt32BE(0), signature: raw.subarray(4) };
  });
  return { text, signatures };
}

/**
 * Opens a signed note: parses it, verifies the signature of every known key on it, and returns
 * its text with the verified signatures and, unchecked, those of unknown keys. Refuses the note
 * if it is malformed, if a known key's signature fails or appears twice, or if no known key
 * signed it. A key is known when a verifier has both its name and its key ID.
 */
export function open(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const textBytes = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenUnverified = new Set<string>();
  for (const s of signatures) {
    const key = `${s.name}+${hex8(s.keyId)}`;
    const matching = verifiers.filter((v) => v.name === s.name && v.keyId === s.keyId);
    if (matching.length > 1) throw new NoteError('ambiguous-key', `two known keys are ${key}`);
    const verifier = matching[0];
    if (!verifier) {
      // An unknown key's identical lines count once; they are not checked.
      const line = signatureLine(s);
      if (!seenUnverified.has(line)) unverified.push(s);
      seenUnverified.add(line);
      continue;
    }
    // sumdb/note skips a known key's later signatures unchecked; here a note carries none, as
    // sign() replaces a key's signature rather than adding a second.
    if (verified.some((v) => v.name === s.name && v.keyId === s.keyId)) throw new NoteError('duplicate-signature', `key ${key} signs the note twice`);
    if (!verifier.verify(textBytes, s.signature)) throw new NoteError('invalid-signature', `the signature of key ${key} does not verify`);
    verified.push(s);
  }
  if (verified.length === 0) throw new NoteError('unverified-note', 'no known key signed the note');
  return { text, signatures: verified, unverified };
}

// Halves of a UTF-16 surrogate pair standing alone: text that UTF-8 cannot carry.
const LONE_SURROGATE = /\p{Surrogate}/u;
/** Text a note may hold: no control characters other than newline, nothing UTF-8 cannot carry. */
export const isNoteText = (s: string) => !/[\u0000-\u0009\u000b-\u001f]/.test(s) && !LONE_SURROGATE.test(s);

/** Standard base64 (RFC 4648 §4) with padding, in its one canonical spelling; null otherwise. */
export function strictBase64(s: string): Buffer | null {
  if (s.length === 0 || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  const bytes = Buffer.from(s, 'base64');
  return bytes.toString('base64') === s ? bytes : null;
}

/** s cut at the first sep: what comes before, and after (empty if sep is not there). */
function chop(s: string, sep = '+'): { before: string; after: string } {
  const i = s.indexOf(sep);
  return i < 0 ? { before: s, after: '' } : { before: s.slice(0, i), after: s.slice(i + sep.length) };
}
