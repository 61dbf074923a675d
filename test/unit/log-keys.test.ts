// The keys of the ledger's checkpoints and of its witnesses (issue 19, items 3 and 5): the
// platform signs under the key name of the log's origin with its report signing key, and the
// published verifier key of each key verifies exactly what that key signed; a key retired as
// compromised is not published, since whoever holds it could sign a checkpoint; a witness key
// must be a cosigner's (C2SP cosignature/v1, type 0x04), and one that is not stops the platform
// with the key's position, rather than quietly ignoring that witness's cosignatures.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { logKeysOf, witnessesOf } from '../../src/features/transparency/log-keys.ts';
import { keyRingOf, parseRetiredKeys, signingKeyOf } from '../../src/features/reports/signing-key.ts';
import { generateKey, newVerifier, open, sign, SIGNATURE_TYPE } from '../../src/ledger/tlog/note.ts';

const newKey = () => signingKeyOf(generateKeyPairSync('ed25519').privateKey);
const retired = (at: string, compromised = false) => parseRetiredKeys([{ publicKeyPem: newKey().publicKeyPem, retiredAt: at, compromised }], 'test')[0]!;

describe('the log’s keys', () => {
  it('signs under the origin with the current key, and publishes the current key and the retired keys that still verify', () => {
    const old = retired('2026-10-01T00:00:00Z');
    const leaked = retired('2026-11-01T00:00:00Z', true);
    const keys = logKeysOf('credit.example/ledger', keyRingOf(newKey(), [old, leaked]));
    expect(keys.keys.map((k) => [k.current, k.retiredAt])).toEqual([
      [true, null],
      [false, '2026-10-01T00:00:00.000Z'],
    ]);
    expect(keys.keys.every((k) => k.verifierKey.startsWith('credit.example/ledger+'))).toBe(true);
    const note = sign('credit.example/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nlog 0 0 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n', [keys.signer]);
    expect(open(note, [newVerifier(keys.keys[0]!.verifierKey)]).signatures).toHaveLength(1);
    expect(() => open(note, [newVerifier(keys.keys[1]!.verifierKey)])).toThrow(/no known key signed the note/);
  });

  it('takes cosigner keys as witnesses, once each, and refuses any other key naming its place', () => {
    const w = generateKey('witness.example/w1', SIGNATURE_TYPE.cosignatureV1);
    expect(witnessesOf([w.verifierKey, w.verifierKey]).map((x) => x.name)).toEqual(['witness.example/w1']);
    const noteKey = generateKey('witness.example/w2', SIGNATURE_TYPE.ed25519);
    expect(() => witnessesOf([w.verifierKey, noteKey.verifierKey])).toThrow(/witness key 2 is not a C2SP cosignature\/v1 verifier key.*not a cosignature\/v1 key/);
    expect(() => witnessesOf(['not-a-key'])).toThrow(/witness key 1 is not/);
  });
});
