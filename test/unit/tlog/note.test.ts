// C2SP signed-note with Ed25519: golang.org/x/mod/sumdb/note's published keys and notes are
// reproduced byte for byte, and open() refuses what the spec and sumdb/note refuse: malformed
// notes, mangled keys, a known key's bad signature, and notes no known key signed.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateKey,
  keyIdOf,
  newSigner,
  newVerifier,
  NoteError,
  open,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  sign,
  verifierKeyOf,
  type NoteFailure,
} from '../../../src/ledger/tlog/note.ts';

// The example of golang.org/x/mod/sumdb/note (its package documentation and note_test.go).
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

function refusal(f: () => unknown): NoteFailure | 'accepted' {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (e instanceof NoteError) return e.reason;
    throw e;
  }
}

describe('keys', () => {
  it("PeterNeumann's key ID is the first four bytes of SHA-256(name || 0x0A || 0x01 || public key), as published", () => {
    const v = parseVerifierKey(PETER_VKEY);
    expect(v.name).toBe('PeterNeumann');
    expect(v.keyId.toString(16)).toBe('c74f20a3');
    expect(keyIdOf('PeterNeumann', 0x01, v.publicKey)).toBe(0xc74f20a3);
    expect(createHash('sha256').update('PeterNeumann\n\x01').update(v.publicKey).digest().readUInt32BE(0)).toBe(0xc74f20a3);
    expect(parseSignerKey(PETER_SKEY).publicKey.equals(v.publicKey)).toBe(true);
    expect(verifierKeyOf(PETER_SKEY)).toBe(PETER_VKEY);
  });

  it('a verifier key whose base64 holds a plus is read from the first two pluses', () => {
    expect(newVerifier('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6').keyId).toBe(0x7997405c);
  });

  it('every part of a key and every key with one byte changed is refused (sumdb/note TestNewVerifier, TestNewSigner)', () => {
    for (const [key, parse] of [
      [PETER_VKEY, newVerifier],
      [PETER_SKEY, newSigner],
    ] as const) {
      expect(refusal(() => parse(key))).toBe('accepted');
      const b = Buffer.from(key);
      for (let i = 0; i <= b.length; i++)
        for (let j = i + 1; j <= b.length; j++)
          if (i !== 0 || j !== b.length)
            expect(
              refusal(() => parse(b.subarray(i, j).toString())),
              b.subarray(i, j).toString(),
            ).not.toBe('accepted');
      for (let i = 0; i < b.length; i++) {
        const m = Buffer.from(b);
        m[i]!++;
        expect(
          refusal(() => parse(m.toString())),
          m.toString(),
        ).not.toBe('accepted');
      }
    }
  });

  it('a key of the wrong length or of another signature type is refused even with a matching key ID', () => {
    expect(refusal(() => newVerifier('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='))).toBe('malformed-key');
    expect(refusal(() => newVerifier('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('unknown-key-type');
  });

  it('a generated key pair signs and verifies, its ID computed from its name and public key', () => {
    const { signerKey, verifierKey } = generateKey('xinyong.example/log');
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+xinyong\.example\/log\+[0-9a-f]{8}\+/);
    expect(parseSignerKey(signerKey).type).toBe(0x01);
    expect(verifierKeyOf(signerKey)).toBe(verifierKey);
    const v = parseVerifierKey(verifierKey);
    expect(v.keyId).toBe(keyIdOf('xinyong.example/log', 0x01, v.publicKey));
    expect(open(sign('hello\n', [newSigner(signerKey)]), [newVerifier(verifierKey)]).text).toBe('hello\n');
    expect(refusal(() => generateKey('two words'))).toBe('invalid-signer');
    expect(refusal(() => generateKey('a+b'))).toBe('invalid-signer');
  });
});

describe('sign', () => {
  it("reproduces sumdb/note's signed note byte for byte (Ed25519 is deterministic)", () => {
    expect(sign(TEXT, [newSigner(PETER_SKEY)])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it("replaces a key's earlier signature, keeps others before the new ones", () => {
    const old = { name: 'PeterNeumann', keyId: 0xc74f20a3, signature: Buffer.from('bad') };
    expect(sign(TEXT, [newSigner(PETER_SKEY)], [old])).toBe(`${TEXT}\n${PETER_SIG}`);
    const enoch = parseNote(`${TEXT}\n${ENOCH_SIG}`).signatures[0]!;
    expect(sign(TEXT, [newSigner(PETER_SKEY)], [enoch])).toBe(`${TEXT}\n${ENOCH_SIG}${PETER_SIG}`);
  });

  it('refuses a text that does not end in a newline or holds a control character, and a signer without a key name', () => {
    expect(refusal(() => sign('abc', [newSigner(PETER_SKEY)]))).toBe('malformed-note');
    expect(refusal(() => sign('a\tb\n', [newSigner(PETER_SKEY)]))).toBe('malformed-note');
    const bad = { ...newSigner(PETER_SKEY), name: 'bad name' };
    expect(refusal(() => sign(TEXT, [bad]))).toBe('invalid-signer');
  });
});

describe('open', () => {
  const peter = newVerifier(PETER_VKEY);
  const enoch = newVerifier(ENOCH_VKEY);
  const both = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;

  it('verifies the known keys and returns the others unchecked', () => {
    const n = open(both, [peter]);
    expect(n.text).toBe(TEXT);
    expect(n.signatures.map((s) => [s.name, s.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(n.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    const all = open(Buffer.from(both), [peter, enoch]);
    expect(all.signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(all.unverified).toEqual([]);
  });

  it('refuses a note no known key signed', () => {
    expect(refusal(() => open(both, []))).toBe('unverified-note');
  });

  it('refuses a note whose signing key is known twice, and ignores a twice-known key that did not sign', () => {
    expect(refusal(() => open(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch]))).toBe('ambiguous-key');
    expect(refusal(() => open(`${TEXT}\n${PETER_SIG}`, [enoch, peter, enoch]))).toBe('accepted');
  });

  it("refuses a known key's signature that does not verify, and a known key that signs twice", () => {
    const tampered = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(refusal(() => open(`${TEXT}\n${tampered}`, [peter]))).toBe('invalid-signature');
    expect(refusal(() => open(`${TEXT}\n${PETER_SIG}${PETER_SIG}`, [peter]))).toBe('duplicate-signature');
    expect(refusal(() => open(`${TEXT}\n${PETER_SIG}${tampered}`, [peter]))).toBe('duplicate-signature');
    expect(refusal(() => open(`${TEXT.replace('problem,', 'problem;')}\n${PETER_SIG}`, [peter]))).toBe('invalid-signature');
  });

  it("counts an unknown key's identical lines once", () => {
    const enochABCD = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const n = open(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochABCD}`, [peter]);
    expect(n.unverified).toHaveLength(2);
  });

  it('refuses malformed notes (sumdb/note TestOpen): no blank line, no final newline, control characters, invalid UTF-8, a bad key name, a stray line, too many signatures', () => {
    for (const msg of [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\x01${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.repeat(101)}`,
      `${TEXT}\n— PeterNeumann x08g\n`,
      `${TEXT}\n— PeterNeumann AAAAAA==\n`,
      `${TEXT}\n— PeterNeumann  x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
    ]) {
      expect(
        refusal(() => open(msg, [peter])),
        JSON.stringify(msg),
      ).toBe('malformed-note');
    }
    expect(refusal(() => open(Buffer.concat([Buffer.of(0xff), Buffer.from(`${TEXT}\n${PETER_SIG}`)]), [peter]))).toBe('malformed-note');
    expect(refusal(() => open(`\uD800${TEXT}\n${PETER_SIG}`, [peter]))).toBe('malformed-note');
  });

  it('separates the text from the signatures at the last blank line, so a text may hold blank lines (the spec example)', () => {
    const note =
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';
    const parsed = parseNote(note);
    expect(parsed.text).toBe('Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n');
    expect(parsed.signatures.map((s) => [s.name, s.keyId.toString(16), s.signature.length])).toEqual([['quasimodo.example/salvatore', '367ba04b', 64]]);
    const { signerKey, verifierKey } = generateKey('quasimodo.example/salvatore');
    expect(open(sign(parsed.text, [newSigner(signerKey)]), [newVerifier(verifierKey)]).text).toBe(parsed.text);
  });
});
