// C2SP tlog-checkpoint and tlog-cosignature v1: the specs' example checkpoint, cosigned message
// and cosignature line, published cosigner keys and timestamps, and the strictness of both:
// a checkpoint reads one way only, a cosignature covers every line and its time.
import { createHash, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  cosignatureMessage,
  cosignatureTimestamp,
  formatCheckpoint,
  newCosignatureVerifier,
  newCosigner,
  openCheckpoint,
  parseCheckpoint,
  type Checkpoint,
} from '../../../src/ledger/tlog/checkpoint.ts';
import { emptyRoot } from '../../../src/ledger/tlog/merkle.ts';
import {
  ed25519PublicKey,
  generateKey,
  keyIdOf,
  newSigner,
  newVerifier,
  NoteError,
  open,
  parseNote,
  parseVerifierKey,
  sign,
  SIGNATURE_TYPE,
} from '../../../src/ledger/tlog/note.ts';

// The example of c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature.
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_NOTE =
  `${SPEC_BODY}\n` +
  '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n' +
  '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';

function reason(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (e instanceof CheckpointError || e instanceof NoteError) return e.reason;
    throw e;
  }
}

describe('checkpoint text (tlog-checkpoint)', () => {
  it("reads the spec's example: origin, size, root", () => {
    const c = parseCheckpoint(SPEC_BODY);
    expect(c.origin).toBe('example.com/behind-the-sofa');
    expect(c.size).toBe(20852163);
    expect(Buffer.from(c.root).toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(c.extensions).toEqual([]);
    expect(formatCheckpoint(c)).toBe(SPEC_BODY);
  });

  it('writes and reads extension lines after the root, and the empty tree as size 0', () => {
    const c: Checkpoint = { origin: 'xinyong.example/ledger', size: 0, root: emptyRoot, extensions: ['logs 16', 'chain-head 00ff'] };
    const text = formatCheckpoint(c);
    expect(text).toBe('xinyong.example/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nlogs 16\nchain-head 00ff\n');
    expect(parseCheckpoint(text)).toEqual({ ...c, root: Buffer.from(emptyRoot) });
  });

  it('refuses every other text: no final newline, fewer than three lines, an empty line, a size with leading zeros, a sign or past 2^53, a root not the base64 of 32 bytes', () => {
    const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    for (const text of [
      `o\n1\n${root}`,
      'o\n1\n',
      `\n1\n${root}\n`,
      `o\n1\n${root}\n\n`,
      `o\n1\n${root}\next\n\n`,
      `o\n01\n${root}\n`,
      `o\n+1\n${root}\n`,
      `o\n-1\n${root}\n`,
      `o\n1.0\n${root}\n`,
      `o\n 1\n${root}\n`,
      `o\n9007199254740992\n${root}\n`,
      `o\n1\n${root.slice(0, -4)}\n`,
      `o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n`,
      `o\n1\n${root.replace('=', '')}\n`,
      `o\t\n1\n${root}\n`,
    ]) {
      expect(
        reason(() => parseCheckpoint(text)),
        JSON.stringify(text),
      ).toBe('malformed-checkpoint');
    }
  });

  it('refuses to write a checkpoint that would read back otherwise', () => {
    const c: Checkpoint = { origin: 'o', size: 1, root: emptyRoot, extensions: [] };
    expect(reason(() => formatCheckpoint({ ...c, origin: 'a\nb' }))).toBe('malformed-checkpoint');
    expect(reason(() => formatCheckpoint({ ...c, extensions: ['a\nb'] }))).toBe('malformed-checkpoint');
    expect(reason(() => formatCheckpoint({ ...c, extensions: [''] }))).toBe('malformed-checkpoint');
    expect(reason(() => formatCheckpoint({ ...c, size: -1 }))).toBe('malformed-checkpoint');
    expect(reason(() => formatCheckpoint({ ...c, root: Buffer.alloc(31) }))).toBe('malformed-checkpoint');
  });

  it('opens a signed checkpoint of the expected origin only', () => {
    const log = generateKey('xinyong.example/ledger');
    const body = formatCheckpoint({ origin: 'xinyong.example/ledger', size: 3, root: emptyRoot, extensions: [] });
    const note = sign(body, [newSigner(log.signerKey)]);
    expect(openCheckpoint(note, 'xinyong.example/ledger', [newVerifier(log.verifierKey)]).checkpoint.size).toBe(3);
    expect(reason(() => openCheckpoint(note, 'other.example/ledger', [newVerifier(log.verifierKey)]))).toBe('wrong-origin');
    expect(reason(() => openCheckpoint(note, 'xinyong.example/ledger', [newVerifier(generateKey('xinyong.example/ledger').verifierKey)]))).toBe(
      'unverified-note',
    );
  });
});

describe('cosignatures (tlog-cosignature v1)', () => {
  it("sign the spec's message: cosignature/v1, the time line, the checkpoint", () => {
    expect(cosignatureMessage(SPEC_BODY, 1679315147)).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
  });

  it("read the time of the spec's cosignature line, and of transparency-dev/formats' published one", () => {
    const [logSig, witnessSig] = parseNote(SPEC_NOTE).signatures;
    expect(logSig!.keyId.toString(16)).toBe('33de0ae');
    expect(witnessSig!.name).toBe('witness.example.com/w1');
    expect(witnessSig!.signature).toHaveLength(8 + 64);
    expect(cosignatureTimestamp(witnessSig!)).toBe(1679315147);
    const formats = Buffer.from('ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==', 'base64');
    expect(cosignatureTimestamp({ name: 'w', keyId: formats.readUInt32BE(0), signature: formats.subarray(4) })).toBe(1727964367);
    expect(reason(() => cosignatureTimestamp(logSig!))).toBe('malformed-note');
  });

  it('have a key ID over signature type 0x04: a published cosigner key (transparency-dev/formats) parses', () => {
    const vkey = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';
    const v = parseVerifierKey(vkey);
    expect(v.type).toBe(SIGNATURE_TYPE.cosignatureV1);
    expect(createHash('sha256').update('remora.n621.de\n\x04').update(v.publicKey).digest().subarray(0, 4).toString('hex')).toBe('da77ade7');
    expect(newCosignatureVerifier(vkey).keyId).toBe(0xda77ade7);
    // A note key is not a cosigner key, nor the other way round.
    expect(reason(() => newCosignatureVerifier('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('unknown-key-type');
    expect(reason(() => newVerifier(vkey))).toBe('unknown-key-type');
  });

  it('are 8 bytes of big-endian time and an Ed25519 signature of the message; a witness adds one beside the log signature and both verify', () => {
    const log = generateKey('xinyong.example/ledger');
    const witness = generateKey('witness.example/w1', SIGNATURE_TYPE.cosignatureV1);
    const body = formatCheckpoint({ origin: 'xinyong.example/ledger', size: 20852163, root: Buffer.alloc(32, 9), extensions: ['logs 16'] });
    const logged = sign(body, [newSigner(log.signerKey)]);

    const opened = open(logged, [newVerifier(log.verifierKey)]);
    const cosigned = sign(opened.text, [newCosigner(witness.signerKey).at(1_700_000_000)], opened.signatures);
    const both = open(cosigned, [newVerifier(log.verifierKey), newCosignatureVerifier(witness.verifierKey)]);
    expect(both.signatures.map((s) => s.name)).toEqual(['xinyong.example/ledger', 'witness.example/w1']);

    const cosig = both.signatures[1]!;
    expect(cosig.signature.readBigUInt64BE(0)).toBe(1_700_000_000n);
    expect(cosignatureTimestamp(cosig)).toBe(1_700_000_000);
    const key = ed25519PublicKey(parseVerifierKey(witness.verifierKey).publicKey);
    expect(verify(null, Buffer.from(cosignatureMessage(body, 1_700_000_000)), key, cosig.signature.subarray(8))).toBe(true);
  });

  it('cover the time and every line: a changed time or extension line does not verify', () => {
    const witness = generateKey('witness.example/w1', SIGNATURE_TYPE.cosignatureV1);
    const verifier = newCosignatureVerifier(witness.verifierKey);
    const body = formatCheckpoint({ origin: 'o.example/log', size: 5, root: Buffer.alloc(32, 1), extensions: ['extension'] });
    const note = sign(body, [newCosigner(witness.signerKey).at(1_700_000_000)]);
    expect(reason(() => open(note, [verifier]))).toBe('accepted');

    const sig = parseNote(note).signatures[0]!;
    const retimed = Buffer.from(sig.signature);
    retimed.writeBigUInt64BE(1_700_000_001n);
    expect(verifier.verify(Buffer.from(body), retimed)).toBe(false);
    expect(reason(() => open(note.replace('extension', 'extensioN'), [verifier]))).toBe('invalid-signature');
    // A text that is not a checkpoint is never cosigned.
    expect(verifier.verify(Buffer.from('not\na checkpoint\n'), sig.signature)).toBe(false);
    expect(() => newCosigner(witness.signerKey).at(1).sign(Buffer.from('hello\n'))).toThrow(CheckpointError);
  });

  it('are not taken for note signatures: the same name and public key as a note key have another key ID', () => {
    const witness = generateKey('witness.example/w1', SIGNATURE_TYPE.cosignatureV1);
    const { name, publicKey } = parseVerifierKey(witness.verifierKey);
    const asNoteKey = `${name}+${keyIdOf(name, SIGNATURE_TYPE.ed25519, publicKey).toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.of(1), publicKey]).toString('base64')}`;
    const body = formatCheckpoint({ origin: 'o.example/log', size: 5, root: Buffer.alloc(32, 1), extensions: [] });
    const note = sign(body, [newCosigner(witness.signerKey).at(1)]);
    expect(reason(() => open(note, [newVerifier(asNoteKey)]))).toBe('unverified-note');
    expect(reason(() => newSigner(witness.signerKey))).toBe('unknown-key-type');
  });

  it('refuse a time that is not POSIX seconds', () => {
    expect(() => cosignatureMessage(SPEC_BODY, -1)).toThrow(RangeError);
    expect(() => cosignatureMessage(SPEC_BODY, 1.5)).toThrow(RangeError);
  });
});
