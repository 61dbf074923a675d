// The hash chain: each event's hash covers the previous hash and the event's canonical JSON,
// so changing, removing or reordering any event breaks every hash after it.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = Buffer.alloc(32);

export function chainHash(prevHash: Buffer, payload: string): Buffer {
  return createHash('sha256').update(prevHash).update(payload, 'utf8').digest();
}
