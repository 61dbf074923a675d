// The keys of the ledger's signed checkpoints: the report signing key ring, each key a C2SP
// signed-note Ed25519 key named after the log's origin (reports/signing-key.ts). The current key
// signs; retired keys keep verifying the checkpoints they signed; a key retired as compromised
// verifies nothing, so it is not among them. And the witnesses: the cosigner keys whose
// cosignatures the platform keeps.
import type { NoteSigner, NoteVerifier } from '../../ledger/tlog/note.ts';
import { newCosignatureVerifier } from '../../ledger/tlog/checkpoint.ts';
import { noteSignerOf, noteVerifierKeyOf, noteVerifierOf, type KeyRing, type VerificationKey } from '../reports/signing-key.ts';

export interface LogKey {
  /** The C2SP verifier key: `<origin>+<key ID>+<base64(0x01 || public key)>`. */
  verifierKey: string;
  current: boolean;
  /** When it stopped signing; null for the current key. */
  retiredAt: string | null;
}

export interface LogKeys {
  signer: NoteSigner;
  /** The current key first, then the retired keys that still verify. */
  keys: LogKey[];
  /**
   * Every key retired before the current one, compromised or not, as note key names and IDs: the
   * current key signs the latest head again over these, never over a key it does not know.
   */
  olderKeys: Array<{ name: string; keyId: number }>;
}

export interface Witness {
  /** The C2SP verifier key of its cosignature/v1 key. */
  verifierKey: string;
  name: string;
  verifier: NoteVerifier;
}

/** The log's signer and the keys that verify its checkpoints, from the report signing key ring. */
export function logKeysOf(origin: string, ring: KeyRing): LogKeys {
  const logKey = (key: VerificationKey, retiredAt: string | null): LogKey => ({ verifierKey: noteVerifierKeyOf(key, origin), current: retiredAt === null, retiredAt });
  return {
    signer: noteSignerOf(ring.current, origin),
    keys: [logKey(ring.current, null), ...ring.retired.filter((r) => !r.compromised).map((r) => logKey(r, r.retiredAt))],
    olderKeys: ring.retired.map((r) => {
      const { name, keyId } = noteVerifierOf(r, origin);
      return { name, keyId };
    }),
  };
}

/** The witnesses from their verifier keys; throws naming the first that is not a cosigner's key. */
export function witnessesOf(verifierKeys: readonly string[]): Witness[] {
  return [...new Set(verifierKeys)].map((verifierKey, i) => {
    try {
      const verifier = newCosignatureVerifier(verifierKey);
      return { verifierKey, name: verifier.name, verifier };
    } catch (err) {
      throw new Error(`witness key ${i + 1} is not a C2SP cosignature/v1 verifier key (<name>+<key ID>+<base64 of 0x04 and the Ed25519 key>): ${(err as Error).message}`);
    }
  });
}
