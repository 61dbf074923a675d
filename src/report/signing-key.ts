// The platform's report signing key: Ed25519. With PGlite it is generated once into
// DIR/secrets.json (beside idHashSecret, mode 0600); with PostgreSQL, where several servers
// share one database, it is configured (XINYONG_REPORT_SIGNING_KEY) so that every server signs
// with the same key. The public key and its fingerprint are published for anyone to verify.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class SigningKeyError extends Error {}

export interface SigningKey {
  /** Short identifier of the key: the first 16 hex digits of its fingerprint. */
  readonly keyId: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo DER), hex in groups of four. */
  readonly fingerprint: string;
  /** The public key as SPKI PEM. */
  readonly publicKeyPem: string;
  /** Ed25519 signature of the bytes, base64. */
  sign(data: Uint8Array): string;
  /** Whether a base64 signature of the bytes verifies with this key's public half. */
  verify(data: Uint8Array, signature: string): boolean;
}

/** The fingerprint of an Ed25519 public key: SHA-256 of its SPKI DER, hex, in groups of four. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  const hex = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  return hex.match(/.{4}/g)!.join(':');
}

/** A signing key over a private key object (Ed25519 only). */
export function signingKeyOf(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`the report signing key must be an Ed25519 key, not ${privateKey.asymmetricKeyType ?? privateKey.type}`);
  }
  const publicKey = createPublicKey(privateKey);
  const fingerprint = publicKeyFingerprint(publicKey);
  return {
    keyId: fingerprint.replace(/:/g, '').slice(0, 16),
    fingerprint,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (data) => sign(null, data, privateKey).toString('base64'),
    verify: (data, signature) => {
      const sig = Buffer.from(signature, 'base64');
      return sig.length === 64 && verify(null, data, publicKey, sig);
    },
  };
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
  const path = join(dataDir, 'secrets.json');
  let secrets: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      secrets = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new SigningKeyError(`${path} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof secrets.reportSigningKey === 'string') return parseSigningKey(secrets.reportSigningKey, `reportSigningKey in ${path}`);
  }
  const pem = generateSigningKeyPem();
  mkdirSync(dataDir, { recursive: true });
  // Written beside and renamed over, so a crash never leaves a half-written secrets file.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...secrets, reportSigningKey: pem }, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return parseSigningKey(pem);
}
