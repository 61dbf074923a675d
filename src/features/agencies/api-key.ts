// Agency API keys: `xyk.<key id>.<secret>`. The key id finds the row; only the SHA-256 of the
// secret is stored (the secret has 256 bits of entropy, so a fast hash is enough), and it is
// compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface IssuedKey {
  keyId: string;
  apiKey: string;
  secretHash: Buffer;
}

export function issueKey(): IssuedKey {
  // The id is alphanumeric so the key splits unambiguously at its dots.
  const keyId = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, apiKey: `xyk.${keyId}.${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function parseKey(apiKey: string): { keyId: string; secret: string } | null {
  const m = /^xyk\.([A-Za-z0-9]{12})\.([A-Za-z0-9_-]{43})$/.exec(apiKey);
  return m ? { keyId: m[1]!, secret: m[2]! } : null;
}

export function secretMatches(secret: string, stored: Buffer): boolean {
  const h = hashSecret(secret);
  return h.length === stored.length && timingSafeEqual(h, stored);
}
