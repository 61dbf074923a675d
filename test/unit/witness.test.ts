// A witness cosigns only a checkpoint that the log's key signed and that extends every log of the
// checkpoint it saw last (c2sp.org/tlog-witness): growth proven by each log's consistency proof
// is accepted; a rollback, a fork (same size, another root, or a rewritten prefix that its proof
// cannot join), a bad proof, a foreign signature or another log's origin is refused, naming the
// log and both sizes and roots.
import { describe, expect, it } from 'vitest';
import { checkpointText } from '../../src/ledger/checkpoints.ts';
import { headOf, type LogState } from '../../src/ledger/head.ts';
import { CompactRange } from '../../src/ledger/tlog/compact-range.ts';
import { formatCheckpoint, newCosigner } from '../../src/ledger/tlog/checkpoint.ts';
import { leafHash, rootOf } from '../../src/ledger/tlog/merkle.ts';
import { generateKey, newSigner, parseNote, sign, SIGNATURE_TYPE } from '../../src/ledger/tlog/note.ts';
import { consistencyNodes } from '../../src/ledger/tlog/proof.ts';
import { conclude, decide, examine, type ConsistencyProofs, type Refusal } from '../../src/ledger/witness.ts';

const ORIGIN = 'xinyong.test/ledger';
const LOG_KEY = generateKey(ORIGIN);
const signer = newSigner(LOG_KEY.signerKey);

/** A ledger of logs of leaves, each leaf a string. */
type Ledger = string[][];

const leafHashes = (leaves: readonly string[]) => leaves.map((l) => leafHash(Buffer.from(l, 'utf8')));
const logStates = (ledger: Ledger): LogState[] =>
  ledger.map((leaves, log) => ({ log, size: leaves.length, root: rootOf(leafHashes(leaves)).toString('base64') }));
const note = (ledger: Ledger, origin = ORIGIN, by = signer) => sign(checkpointText(origin, headOf(logStates(ledger))), [by]);

/** Each log's consistency proof from its size in `from` to its size in `ledger`, as the log serves it. */
function proofsOf(ledger: Ledger, from: readonly number[]): ConsistencyProofs {
  return {
    proofs: ledger.map((leaves, log) => {
      const nodes = new Map(
        CompactRange.empty()
          .append(leafHashes(leaves))
          .map((n) => [`${n.level}/${n.index}`, n.hash]),
      );
      const size1 = from[log] ?? 0;
      // No proof joins an empty log or a log that did not grow.
      const proof = size1 === 0 || size1 >= leaves.length ? [] : consistencyNodes(size1, leaves.length);
      const hashes = Array.isArray(proof) ? proof : proof.rehash(proof.ids.map((id) => nodes.get(`${id.level}/${id.index}`)!));
      return { log, from: size1, to: leaves.length, proof: hashes.map((h) => Buffer.from(h).toString('base64')) };
    }),
  };
}

const sizes = (ledger: Ledger) => ledger.map((l) => l.length);
const root = (leaves: readonly string[]) => rootOf(leafHashes(leaves)).toString('base64');

const before: Ledger = [['agency a'], ['s1 e0', 's1 e1', 's1 e2'], [], ['s3 e0', 's3 e1', 's3 e2', 's3 e3', 's3 e4']];
const after: Ledger = [['agency a', 'agency b'], ['s1 e0', 's1 e1', 's1 e2', 's1 e3', 's1 e4'], ['s2 e0'], before[3]!];

/** The decision on `offered` after `saved`, given the proofs the offered ledger serves from the saved sizes. */
const witness = (saved: Ledger, offered: Ledger, proofs = proofsOf(offered, sizes(saved))) =>
  decide({ saved: note(saved), offered: note(offered), logKey: LOG_KEY.verifierKey, proofs });

describe('a witness accepts', () => {
  it('the first checkpoint it sees, signed by the log key', () => {
    const first = decide({ saved: null, offered: note(before), logKey: LOG_KEY.verifierKey, proofs: null });
    expect(first).toMatchObject({ accepted: true, grew: {}, head: { size: 9 } });
  });

  it('growth of some logs that each log proves, naming the logs that grew', () => {
    const examined = examine({ saved: note(before), offered: note(after), logKey: LOG_KEY.verifierKey });
    expect(examined).toMatchObject({ proofRequest: { from: [1, 3, 0, 5], to: [2, 5, 1, 5] } });
    const verdict = witness(before, after);
    expect(verdict).toMatchObject({ accepted: true, grew: { 0: { from: 1, to: 2 }, 1: { from: 3, to: 5 }, 2: { from: 0, to: 1 } } });
    expect(verdict.accepted && verdict.text).toBe(checkpointText(ORIGIN, headOf(logStates(after))));
  });

  it('the same checkpoint again, with no proof to ask for', () => {
    const examined = examine({ saved: note(before), offered: note(before), logKey: LOG_KEY.verifierKey });
    expect(examined).toMatchObject({ proofRequest: null });
    expect('accepted' in examined ? examined : conclude(examined, null)).toMatchObject({ accepted: true, grew: {} });
  });

  it('a checkpoint carrying cosignatures of other witnesses', () => {
    const other = newCosigner(generateKey('other.witness', SIGNATURE_TYPE.cosignatureV1).signerKey);
    const logSigned = parseNote(note(after));
    const cosigned = sign(logSigned.text, [other.at(1_800_000_000)], logSigned.signatures);
    expect(decide({ saved: note(before), offered: cosigned, logKey: LOG_KEY.verifierKey, proofs: proofsOf(after, sizes(before)) })).toMatchObject({
      accepted: true,
    });
  });
});

describe('a witness refuses', () => {
  const refusal = (r: unknown) => r as Refusal;
  /** The log at fault, with its size and root in the saved and in the offered checkpoint. */
  const conflict = (log: number, saved: readonly string[], offered: readonly string[]) => ({
    log,
    saved: { size: saved.length, root: root(saved) },
    offered: { size: offered.length, root: root(offered) },
  });

  it('a rollback: a log smaller than it saw, naming the log, both sizes and both roots', () => {
    const r = refusal(witness(after, before));
    expect(r).toEqual({ accepted: false, reason: 'rollback', ...conflict(0, after[0]!, before[0]!), detail: 'log 0 shrank from 2 to 1 events' });
  });

  it('a fork at the same size: another root for the events it saw', () => {
    const forked: Ledger = [before[0]!, ['s1 e0', 's1 E1', 's1 e2'], [], before[3]!];
    const r = refusal(witness(before, forked));
    expect(r).toMatchObject({ accepted: false, reason: 'fork', ...conflict(1, before[1]!, forked[1]!) });
  });

  it('a fork that regrew past what it saw: the rewritten log proves its own growth, not from the saved root', () => {
    const forked: Ledger = [before[0]!, ['s1 e0', 's1 E1', 's1 e2', 's1 e3'], [], before[3]!];
    const r = refusal(witness(before, forked));
    expect(r).toMatchObject({ accepted: false, reason: 'inconsistent', ...conflict(1, before[1]!, forked[1]!) });
    expect(r.detail).toContain('root-mismatch');
  });

  it('a consistency proof that is tampered with, missing, or for other sizes', () => {
    const good = proofsOf(after, sizes(before));
    const tampered = structuredClone(good) as { proofs: Array<{ log: number; from: number; to: number; proof: string[] }> };
    tampered.proofs[1]!.proof[0] = Buffer.alloc(32, 1).toString('base64');
    expect(witness(before, after, tampered)).toMatchObject({ accepted: false, reason: 'inconsistent', log: 1 });
    expect(witness(before, after, { proofs: good.proofs.filter((p) => p.log !== 1) })).toMatchObject({
      accepted: false,
      reason: 'inconsistent',
      log: 1,
      detail: expect.stringContaining('no consistency proof'),
    });
    const shifted = { proofs: good.proofs.map((p) => (p.log === 1 ? { ...p, from: 2 } : p)) };
    expect(witness(before, after, shifted)).toMatchObject({ accepted: false, reason: 'inconsistent', log: 1 });
    const truncated = { proofs: good.proofs.map((p) => (p.log === 1 ? { ...p, proof: p.proof.slice(1) } : p)) };
    expect(witness(before, after, truncated)).toMatchObject({ accepted: false, reason: 'inconsistent', log: 1 });
  });

  it('a checkpoint another key signed under the log key name', () => {
    const impostor = newSigner(generateKey(ORIGIN).signerKey);
    const r = decide({ saved: note(before), offered: note(after, ORIGIN, impostor), logKey: LOG_KEY.verifierKey, proofs: proofsOf(after, sizes(before)) });
    expect(r).toMatchObject({ accepted: false, reason: 'unverified-checkpoint' });
  });

  it('a checkpoint whose signature does not cover its text', () => {
    const signed = note(after);
    const altered = signed.replace(/^(\S+\n)(\d+)/, (_, o: string, n: string) => `${o}${Number(n) + 1}`);
    expect(altered).not.toBe(signed);
    expect(decide({ saved: note(before), offered: altered, logKey: LOG_KEY.verifierKey, proofs: null })).toMatchObject({
      accepted: false,
      reason: 'unverified-checkpoint',
    });
  });

  it('a checkpoint of another origin, even signed by the log key, and a saved checkpoint of another log', () => {
    const elsewhere = sign(checkpointText('elsewhere.test/ledger', headOf(logStates(after))), [signer]);
    expect(decide({ saved: note(before), offered: elsewhere, logKey: LOG_KEY.verifierKey, proofs: null })).toMatchObject({
      accepted: false,
      reason: 'wrong-origin',
    });
    const otherKey = generateKey('elsewhere.test/ledger');
    const savedElsewhere = note(before, 'elsewhere.test/ledger', newSigner(otherKey.signerKey));
    expect(decide({ saved: savedElsewhere, offered: note(after), logKey: LOG_KEY.verifierKey, proofs: null })).toMatchObject({
      accepted: false,
      reason: 'wrong-origin',
    });
  });

  it('a checkpoint that is not of this ledger: a size or root that its log lines do not give', () => {
    const text = formatCheckpoint({
      origin: ORIGIN,
      size: 9,
      root: Buffer.alloc(32),
      extensions: logStates(before).map((s) => `log ${s.log} ${s.size} ${s.root}`),
    });
    expect(decide({ saved: null, offered: sign(text, [signer]), logKey: LOG_KEY.verifierKey, proofs: null })).toMatchObject({
      accepted: false,
      reason: 'malformed-checkpoint',
    });
    const hollow = headOf([{ log: 0, size: 0, root: Buffer.alloc(32, 9).toString('base64') }]);
    expect(decide({ saved: null, offered: sign(checkpointText(ORIGIN, hollow), [signer]), logKey: LOG_KEY.verifierKey, proofs: null })).toMatchObject({
      accepted: false,
      reason: 'malformed-checkpoint',
      detail: expect.stringContaining('empty log 0'),
    });
  });

  it('another number of logs than it saw', () => {
    expect(witness(before, [...after, []])).toMatchObject({ accepted: false, reason: 'logs-changed' });
  });
});
