// Checkpoints and witnesses' cosignatures across a rotation of the log's key, on both stores
// (issue 19, review). Two processes on one store, one given the new key (the old one retired),
// one still holding the old key: the new key signs the latest head again, and from then on only
// the new key signs; the stale process refuses rather than sign over it, so the two never take
// turns. A cosignature signs a checkpoint's text, which the head signed again by the new key
// shares: it is kept against the latest checkpoint of that text and served with every checkpoint
// of it, the newest of each witness key, and only while the witness is configured. And a head
// that does not extend the last checkpoint (a log smaller, a log of the same size under another
// root, a grown log that is not an extension) is refused, not signed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { appendEvents, logOf, placementOf } from '../../src/ledger/ledger.ts';
import type { NewEvent } from '../../src/ledger/events.ts';
import { CheckpointRefused, checkpointText, headOfCheckpoint, latestCheckpoint, makeCheckpoint, signedBy } from '../../src/ledger/checkpoints.ts';
import { headOf, type LogState } from '../../src/ledger/head.ts';
import { cosignatureTimestamp, newCosignatureVerifier, newCosigner, openCheckpoint } from '../../src/ledger/tlog/checkpoint.ts';
import { generateKey, newVerifier, open, parseNote, sign, SIGNATURE_TYPE } from '../../src/ledger/tlog/note.ts';
import { generateSigningKeyPem, keyRingOf, loadKeyRing, parseRetiredKeys, parseSigningKey, type KeyRing } from '../../src/features/reports/signing-key.ts';
import { logKeysOf, witnessesOf } from '../../src/features/transparency/log-keys.ts';
import { TransparencyLog } from '../../src/features/transparency/transparency.service.ts';

const LOGS = 4;
const WITNESS = generateKey('witness.example/w1', SIGNATURE_TYPE.cosignatureV1);
const OTHER = generateKey('witness.example/w2', SIGNATURE_TYPE.cosignatureV1);

const lifted = (subject: string, n: number): NewEvent => ({
  type: 'evaluation.override-lifted',
  subject,
  data: { scorecard: `card-${n}`, reason: `lifted ${n}` },
});

describe.each(ALL_STORES)('checkpoints and cosignatures across a key rotation on %s', (store) => {
  let t: TestPlatform;
  let oldRing: KeyRing;
  let newRing: KeyRing;
  let n = 0;
  const origin = () => t.platform.config.logOrigin;
  /** The transparency log as a process given this key ring and these witnesses sees it. */
  const logWith = (ring: KeyRing, witnesses: string[] = [WITNESS.verifierKey]) =>
    new TransparencyLog(t.platform.db, t.clock, {
      origin: origin(),
      keys: () => logKeysOf(origin(), ring),
      witnesses: witnessesOf(witnesses),
      access: t.platform.accessLog,
    });
  const append = (subject: string) => t.platform.db.transaction((tx) => appendEvents(tx, [lifted(subject, n++)], SYSTEM_ACTOR, t.clock.now()));
  const rows = async () => (await t.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_checkpoint'))[0]!.n;
  const cosigned = (note: string, skey: string, time: number) => {
    const { text, signatures } = parseNote(note);
    return sign(text, [newCosigner(skey).at(time)], signatures);
  };
  /** The witnesses' cosignatures on a served note, by name, with their times. */
  const cosignaturesOn = (note: string) =>
    parseNote(note)
      .signatures.filter((s) => s.name.startsWith('witness.example/'))
      .map((s) => ({ name: s.name, time: cosignatureTimestamp(s) }));

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { ledgerLogs: LOGS, logWitnesses: [WITNESS.verifierKey] });
    oldRing = loadKeyRing(t.location.dataDir, t.platform.config.reportSigningKey);
    const [retired] = parseRetiredKeys([{ publicKeyPem: oldRing.current.publicKeyPem, retiredAt: '2026-11-20T03:00:00Z' }], 'the old key');
    newRing = keyRingOf(parseSigningKey(generateSigningKeyPem()), [retired!]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs with the newest key only once it has signed, and keeps each cosignature with the checkpoint of the text it signs', async () => {
    const stale = logWith(oldRing);
    const current = logWith(newRing);
    const newSigner = logKeysOf(origin(), newRing).signer;
    await append('subject-1');
    const before = await stale.currentCheckpoint();
    // A witness cosigns it while the old key signs.
    expect(await stale.cosign(cosigned(before.note, WITNESS.signerKey, 1_790_000_000))).toEqual({
      checkpoint: before.id,
      witness: 'witness.example/w1',
      kept: true,
    });

    // The new key signs the same head again: one text, two notes, and the cosignature of the text is served with the new one.
    const resigned = await current.currentCheckpoint();
    expect(resigned).toMatchObject({ id: before.id + 1, sizes: before.sizes });
    expect(parseNote(resigned.note).text).toBe(parseNote(before.note).text);
    const served = await current.checkpointNote();
    expect(openCheckpoint(served, origin(), [newVerifier(logKeysOf(origin(), newRing).keys[0]!.verifierKey)]).text).toBe(parseNote(before.note).text);
    expect(cosignaturesOn(served)).toEqual([{ name: 'witness.example/w1', time: 1_790_000_000 }]);
    expect(open(served, [newCosignatureVerifier(WITNESS.verifierKey)]).signatures).toHaveLength(1);

    // The process still on the old key does not sign the head again over the newer key: it refuses, and nothing is stored.
    const count = await rows();
    const refusedByNewerKey = {
      code: 'internal-error',
      detail: expect.stringMatching(/^no checkpoint is signed: checkpoint \d+ is signed by .*, which is neither this process's key .* nor one it retired/),
    };
    await expect(stale.currentCheckpoint()).rejects.toMatchObject(refusedByNewerKey);
    await expect(makeCheckpoint(t.platform.db, origin(), logKeysOf(origin(), oldRing).signer, t.clock.now(), { olderKeys: [] })).rejects.toThrow(
      CheckpointRefused,
    );
    expect(await rows()).toBe(count);
    expect((await current.currentCheckpoint()).id).toBe(resigned.id);

    // A later cosignature of the text is kept against the latest checkpoint of it, and served in place of the earlier one.
    expect(await current.cosign(cosigned(resigned.note, WITNESS.signerKey, 1_790_000_500))).toEqual({
      checkpoint: resigned.id,
      witness: 'witness.example/w1',
      kept: true,
    });
    expect(cosignaturesOn(await current.checkpointNote())).toEqual([{ name: 'witness.example/w1', time: 1_790_000_500 }]);
    expect(cosignaturesOn(await current.checkpointNoteById(before.id))).toEqual([{ name: 'witness.example/w1', time: 1_790_000_500 }]);
    // An earlier one, of either note of the text, does not replace it.
    expect(await current.cosign(cosigned(before.note, WITNESS.signerKey, 1_790_000_200))).toMatchObject({ checkpoint: resigned.id, kept: false });
    expect(cosignaturesOn(await current.checkpointNote())).toEqual([{ name: 'witness.example/w1', time: 1_790_000_500 }]);

    // The ledger grows: the stale process still refuses, the new key signs, and every checkpoint since the rotation is the new key's alone.
    await append('subject-2');
    await expect(stale.currentCheckpoint()).rejects.toMatchObject(refusedByNewerKey);
    const after = await current.currentCheckpoint();
    expect(after.id).toBe(resigned.id + 1);
    const since = await t.platform.db.query<{ note: string }>('SELECT note FROM ledger_checkpoint WHERE id >= $1 ORDER BY id', [resigned.id]);
    expect(since.map((r) => signedBy(r.note, newSigner) && parseNote(r.note).signatures.length === 1)).toEqual([true, true]);
  });

  it('serves no cosignature of a witness no longer configured', async () => {
    const latest = await logWith(newRing).currentCheckpoint();
    const both = logWith(newRing, [WITNESS.verifierKey, OTHER.verifierKey]);
    await both.cosign(cosigned(latest.note, WITNESS.signerKey, 1_790_001_000));
    await both.cosign(cosigned(latest.note, OTHER.signerKey, 1_790_001_000));
    expect(cosignaturesOn(await both.checkpointNote()).map((c) => c.name)).toEqual(['witness.example/w1', 'witness.example/w2']);
    // w2 is dropped from XINYONG_LOG_WITNESSES; then none.
    expect(cosignaturesOn(await logWith(newRing, [WITNESS.verifierKey]).checkpointNote()).map((c) => c.name)).toEqual(['witness.example/w1']);
    expect(await logWith(newRing, []).checkpointNote()).toBe(latest.note);
    expect(await logWith(newRing, []).checkpointNoteById(latest.id)).toBe(latest.note);
    // A witness key of the same name but another key is not the configured witness either.
    const impostor = generateKey('witness.example/w2', SIGNATURE_TYPE.cosignatureV1);
    expect(cosignaturesOn(await logWith(newRing, [impostor.verifierKey]).checkpointNote())).toEqual([]);
  });

  it('refuses to sign a head that does not extend the last checkpoint, and signs again once it does', async () => {
    const current = logWith(newRing);
    const { signer, olderKeys } = logKeysOf(origin(), newRing);
    await append('subject-3');
    await append('subject-3');
    const latest = await current.currentCheckpoint();
    const { head } = headOfCheckpoint(parseNote(latest.note).text);
    const log = logOf('subject-3', await placementOf(t.platform.db));
    const state = head.logs[log]!;
    expect(state.size).toBeGreaterThan(1);
    /** A checkpoint signed with the log's own key, as if the ledger had been at `changed` when it was made. */
    const forged = async (changed: LogState) => {
      const logs = head.logs.map((l) => (l.log === changed.log ? changed : l));
      const note = sign(checkpointText(origin(), headOf(logs)), [signer]);
      await t.platform.db.query('INSERT INTO ledger_checkpoint (id, made_at, sizes, note) VALUES ($1, $2, $3, $4)', [
        latest.id + 1,
        t.clock.now().toISOString(),
        logs.map((l) => l.size),
        note,
      ]);
    };
    const make = () => makeCheckpoint(t.platform.db, origin(), signer, t.clock.now(), { olderKeys });
    const refusal = async (pattern: RegExp) => {
      const count = await rows();
      await expect(make()).rejects.toThrow(CheckpointRefused);
      await expect(make()).rejects.toThrow(pattern);
      expect(await rows()).toBe(count);
      await t.platform.db.query('DELETE FROM ledger_checkpoint WHERE id = $1', [latest.id + 1]);
    };

    // The ledger holds fewer events in a log than the last checkpoint (a store restored from an older backup).
    await forged({ log, size: state.size + 2, root: Buffer.alloc(32, 3).toString('base64') });
    await refusal(new RegExp(`does not extend checkpoint ${latest.id + 1}.*log ${log} holds ${state.size} events, fewer than the ${state.size + 2}`));
    // The same number of events under another root (a log rewritten).
    await forged({ log, size: state.size, root: Buffer.alloc(32, 4).toString('base64') });
    await refusal(new RegExp(`log ${log} has ${state.size} events under root`));
    // Grown, but not from the tree the checkpoint states.
    await forged({ log, size: state.size - 1, root: Buffer.alloc(32, 5).toString('base64') });
    await refusal(new RegExp(`log ${log} of ${state.size} events is not an extension of the checkpoint's ${state.size - 1}`));

    // The true history extends the last checkpoint: signed as before.
    await append('subject-3');
    const next = await make();
    expect(next.id).toBe(latest.id + 1);
    expect(next.sizes[log]).toBe(state.size + 1);
    expect((await latestCheckpoint(t.platform.db))!.id).toBe(next.id);
  });
});
