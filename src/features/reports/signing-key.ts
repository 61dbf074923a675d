// The platform's report signing key: Ed25519. With PGlite it is generated once into
// DIR/secrets.json (beside idHashSecret, mode 0600); with PostgreSQL, where several servers
// share one database, it is configured (XINYONG_REPORT_SIGNING_KEY) so that every server signs
// with the same key. The public key and its fingerprint are published for anyone to verify.
//
// Keys are rotated: the retired keys' public halves stay in the key ring with the instant they
// were retired, so a report keeps verifying with the key that signed it, and a report claiming
// to be issued after its key was retired does not. Retired keys come from the operator (the
// secrets file, or XINYONG_REPORT_RETIRED_KEYS), never from the database: a key that could be
// added where the reports are stored could re-sign an altered report.
//
// The same key signs the ledger's checkpoints as a C2SP signed-note key named after the log's
// origin, so one ring of keys vouches for reports and for the checkpoints they cite.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSecretsFile } from '../../kernel/secrets-file.ts';
import { keyIdOf, SIGNATURE_TYPE, type NoteSigner, type NoteVerifier } from '../../ledger/tlog/note.ts';

export class SigningKeyError extends Error {}

/** The public half of a key: what verifies a signature. */
export interface VerificationKey {
  /** Short identifier of the key: the first 16 hex digits of its fingerprint. */
  readonly keyId: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo DER), hex in groups of four. */
  readonly fingerprint: string;
  /** The public key as SPKI PEM. */
  readonly publicKeyPem: string;
  /** Whether a base64 signature of the bytes verifies with this key's public half. */
  verify(data: Uint8Array, signature: string): boolean;
}

export interface SigningKey extends VerificationKey {
  /** Ed25519 signature of the bytes, base64. */
  sign(data: Uint8Array): string;
}

/**
 * An earlier signing key: it verifies what it signed before it was retired, and signs nothing.
 * A key retired because it may have leaked (compromised) verifies nothing at all: whoever holds
 * it could sign a report dated before its retirement.
 */
export interface RetiredKey extends VerificationKey {
  /** When it stopped signing (ISO 8601). */
  readonly retiredAt: string;
  readonly compromised: boolean;
}

/** The key that signs now and the keys that signed before. */
export interface KeyRing {
  readonly current: SigningKey;
  readonly retired: readonly RetiredKey[];
}

/** How a retired key is written down (secrets.json, XINYONG_REPORT_RETIRED_KEYS). */
export interface RetiredKeyEntry {
  keyId?: string;
  fingerprint?: string;
  publicKeyPem: string;
  retiredAt: string;
  compromised?: boolean;
}

/** The fingerprint of an Ed25519 public key: SHA-256 of its SPKI DER, hex, in groups of four. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  const hex = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  return hex.match(/.{4}/g)!.join(':');
}

function verificationKeyOf(publicKey: KeyObject): VerificationKey {
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`the report signing key must be an Ed25519 key, not ${publicKey.asymmetricKeyType ?? publicKey.type}`);
  }
  const fingerprint = publicKeyFingerprint(publicKey);
  return {
    keyId: fingerprint.replace(/:/g, '').slice(0, 16),
    fingerprint,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    verify: (data, signature) => {
      const sig = Buffer.from(signature, 'base64');
      return sig.length === 64 && verify(null, data, publicKey, sig);
    },
  };
}

/** The 32 bytes of an Ed25519 public key (RFC 8032), as a signed-note key carries them. */
function rawPublicKey(key: VerificationKey): Buffer {
  return createPublicKey({ key: key.publicKeyPem, format: 'pem' }).export({ type: 'spki', format: 'der' }).subarray(-32);
}

/** A key as a C2SP signed-note Ed25519 key (type 0x01) named `name`: its key ID follows from the name and the public key. */
function noteKeyOf(key: VerificationKey, name: string): { name: string; keyId: number; publicKey: Buffer } {
  const publicKey = rawPublicKey(key);
  return { name, keyId: keyIdOf(name, SIGNATURE_TYPE.ed25519, publicKey), publicKey };
}

/** The signing key as the signer of the log's checkpoints, a note key named after the log's origin. */
export function noteSignerOf(key: SigningKey, origin: string): NoteSigner {
  const { name, keyId } = noteKeyOf(key, origin);
  return { name, keyId, sign: (text) => Buffer.from(key.sign(text), 'base64') };
}

/** A key as a verifier of the checkpoints it signed under the log's origin. */
export function noteVerifierOf(key: VerificationKey, origin: string): NoteVerifier {
  const { name, keyId } = noteKeyOf(key, origin);
  return { name, keyId, verify: (text, signature) => key.verify(text, signature.toString('base64')) };
}

/** A key's C2SP verifier key string under the log's origin: `<origin>+<hex key ID>+<base64(0x01 || public key)>`. */
export function noteVerifierKeyOf(key: VerificationKey, origin: string): string {
  const { name, keyId, publicKey } = noteKeyOf(key, origin);
  return `${name}+${keyId.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.of(SIGNATURE_TYPE.ed25519), publicKey]).toString('base64')}`;
}

/** The verifiers of the log's checkpoints: the current key and the retired ones, except those that may have leaked. */
export function checkpointVerifiers(ring: KeyRing, origin: string): NoteVerifier[] {
  return [ring.current, ...ring.retired.filter((k) => !k.compromised)].map((k) => noteVerifierOf(k, origin));
}

/** A signing key over a private key object (Ed25519 only). */
export function signingKeyOf(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`the report signing key must be an Ed25519 key, not ${privateKey.asymmetricKeyType ?? privateKey.type}`);
  }
  return { ...verificationKeyOf(createPublicKey(privateKey)), sign: (data) => sign(null, data, privateKey).toString('base64') };
}

/**
 * Reads retired keys: a JSON array of {publicKeyPem, retiredAt}, where keyId and fingerprint,
 * when written down, must be those of the key (they are for people reading the file).
 */
export function parseRetiredKeys(value: unknown, where: string): RetiredKey[] {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value) as unknown;
    } catch (err) {
      throw new SigningKeyError(`${where} is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (!Array.isArray(list)) throw new SigningKeyError(`${where} must be a list of {"publicKeyPem", "retiredAt"}`);
  return list.map((entry: unknown, i) => {
    const e = (entry ?? {}) as Partial<RetiredKeyEntry>;
    const at = `${where}[${i}]`;
    if (typeof e.publicKeyPem !== 'string') throw new SigningKeyError(`${at}: publicKeyPem is required`);
    // With its offset: an instant without one would be read in whatever time zone the server has.
    if (typeof e.retiredAt !== 'string' || !/T.*(Z|[+-]\d{2}:?\d{2})$/.test(e.retiredAt) || Number.isNaN(Date.parse(e.retiredAt)))
      throw new SigningKeyError(`${at}: retiredAt must be an ISO 8601 instant with its offset (e.g. 2026-12-01T00:00:00Z), not ${JSON.stringify(e.retiredAt)}`);
    if (e.compromised !== undefined && typeof e.compromised !== 'boolean') throw new SigningKeyError(`${at}: compromised is true or false`);
    let key: VerificationKey;
    try {
      key = verificationKeyOf(createPublicKey({ key: e.publicKeyPem.replace(/\\n/g, '\n'), format: 'pem' }));
    } catch (err) {
      throw new SigningKeyError(`${at}: not a usable Ed25519 public key: ${(err as Error).message}`);
    }
    if ((e.keyId !== undefined && e.keyId !== key.keyId) || (e.fingerprint !== undefined && e.fingerprint !== key.fingerprint))
      throw new SigningKeyError(`${at}: the key id or fingerprint written beside the key is not the key's (${key.keyId})`);
    return { ...key, retiredAt: new Date(e.retiredAt).toISOString(), compromised: e.compromised ?? false };
  });
}

/** The key ring: the current key beside the retired ones; a key is never both. */
export function keyRingOf(current: SigningKey, retired: readonly RetiredKey[]): KeyRing {
  const seen = new Set<string>();
  const unique: RetiredKey[] = [];
  for (const r of retired) {
    if (r.keyId === current.keyId) throw new SigningKeyError(`key ${r.keyId} is listed as retired but is the current signing key`);
    if (!seen.has(r.keyId)) unique.push(r);
    seen.add(r.keyId);
  }
  return { current, retired: unique.sort((a, b) => (a.retiredAt < b.retiredAt ? -1 : a.retiredAt > b.retiredAt ? 1 : 0)) };
}

/**
 * Reads a configured key: a PKCS#8 PEM (newlines may be written as \n, as environment variables
 * often carry them) or an Ed25519 private JWK as JSON ({"kty":"OKP","crv":"Ed25519","d":…,"x":…}).
 */
export function parseSigningKey(text: string, where = 'the report signing key'): SigningKey {
  const t = text.trim();
  let key: KeyObject;
  try {
    if (t.startsWith('{')) {
      key = createPrivateKey({ key: JSON.parse(t) as JsonWebKey, format: 'jwk' });
    } else if (t.includes('-----BEGIN')) {
      key = createPrivateKey({ key: t.replace(/\\n/g, '\n'), format: 'pem' });
    } else {
      throw new Error('expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) or a JWK');
    }
  } catch (err) {
    throw new SigningKeyError(`${where} is not a usable Ed25519 private key: ${(err as Error).message}`);
  }
  try {
    return signingKeyOf(key);
  } catch (err) {
    throw new SigningKeyError(`${where}: ${(err as Error).message}`);
  }
}

/** A new Ed25519 private key as PKCS#8 PEM (what `reportSigningKey` holds). */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function secretsPath(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

function readSecrets(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new SigningKeyError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * The report signing key. A configured key wins. Otherwise the key is read from
 * DIR/secrets.json (`reportSigningKey`), or generated and added to that file, keeping whatever
 * else it holds (idHashSecret) and mode 0600. With `required` (PostgreSQL) a configured key is
 * needed: servers sharing a database must sign with one key.
 */
export function loadOrCreateSigningKey(dataDir: string, configured?: string, options: { required?: boolean } = {}): SigningKey {
  if (configured) return parseSigningKey(configured, 'XINYONG_REPORT_SIGNING_KEY');
  if (options.required) {
    throw new SigningKeyError(
      'XINYONG_REPORT_SIGNING_KEY must be set when the store is PostgreSQL (every server sharing the database signs reports with the same key); ' +
        'generate one with: openssl genpkey -algorithm ed25519',
    );
  }
  const path = secretsPath(dataDir);
  const secrets = readSecrets(path);
  if (typeof secrets.reportSigningKey === 'string') return parseSigningKey(secrets.reportSigningKey, `reportSigningKey in ${path}`);
  const pem = generateSigningKeyPem();
  writeSecretsFile(path, { ...secrets, reportSigningKey: pem });
  return parseSigningKey(pem);
}

/**
 * The key ring: the signing key (as loadOrCreateSigningKey) and the retired keys, from
 * `configuredRetired` (XINYONG_REPORT_RETIRED_KEYS) and from `retiredReportSigningKeys` in
 * DIR/secrets.json.
 */
export function loadKeyRing(dataDir: string, configured?: string, configuredRetired?: string, options: { required?: boolean } = {}): KeyRing {
  const current = loadOrCreateSigningKey(dataDir, configured, options);
  const path = secretsPath(dataDir);
  const fromFile = configured ? [] : parseRetiredKeys(readSecrets(path).retiredReportSigningKeys ?? [], `retiredReportSigningKeys in ${path}`);
  const fromConfig = configuredRetired ? parseRetiredKeys(configuredRetired, 'XINYONG_REPORT_RETIRED_KEYS') : [];
  return keyRingOf(current, [...fromConfig, ...fromFile]);
}

/**
 * Rotates the generated key of a PGlite directory: the current key's public half joins
 * `retiredReportSigningKeys` with the instant (and, if it may have leaked, as compromised), and a
 * new key signs from then on. The private half of the old key is not kept.
 */
export function rotateSigningKey(dataDir: string, at: Date, options: { compromised?: boolean } = {}): { retired: RetiredKey; current: SigningKey } {
  const path = secretsPath(dataDir);
  const secrets = readSecrets(path);
  if (typeof secrets.reportSigningKey !== 'string') throw new SigningKeyError(`${path} holds no report signing key to rotate`);
  const old = parseSigningKey(secrets.reportSigningKey, `reportSigningKey in ${path}`);
  const retired = parseRetiredKeys(secrets.retiredReportSigningKeys ?? [], `retiredReportSigningKeys in ${path}`);
  const pem = generateSigningKeyPem();
  const current = parseSigningKey(pem);
  const entry: RetiredKeyEntry = {
    keyId: old.keyId,
    fingerprint: old.fingerprint,
    publicKeyPem: old.publicKeyPem,
    retiredAt: at.toISOString(),
    ...(options.compromised ? { compromised: true } : {}),
  };
  const list: RetiredKeyEntry[] = [
    ...retired.map((r) => ({
      keyId: r.keyId,
      fingerprint: r.fingerprint,
      publicKeyPem: r.publicKeyPem,
      retiredAt: r.retiredAt,
      ...(r.compromised ? { compromised: true } : {}),
    })),
    entry,
  ];
  writeSecretsFile(path, { ...secrets, reportSigningKey: pem, retiredReportSigningKeys: list });
  return { retired: parseRetiredKeys([entry], 'the retired key')[0]!, current };
}
