// Signed checkpoints never fork, on both stores (issue 19, item 3): "it never signs a state that
// a later checkpoint cannot extend: a consistency proof exists from every published checkpoint to
// every later one". Writers append to random logs at once while checkpoints are made at random
// moments from two processes' handles on the store (two platforms on PostgreSQL; PGlite is one
// process); afterwards, for every pair of published checkpoints, every log has grown or stayed
// and its consistency proof verifies against the roots the notes state, every note verifies with
// a published key, and no state was signed twice by one key. And keys rotate (PGlite, whose key
// lives in the data directory): checkpoints keep verifying with the key that signed them, and
// the latest is signed again by the new key at once, so the checkpoint served always verifies
// with the current key, while a key retired as compromised verifies nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { openTestPlatform, TEST_SECRET, type TestPlatform } from '../support/platform.ts';
import { seeded } from '../support/crash-batches.ts';
import { checkCheckpoints } from '../support/checkpoint-property.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { Platform } from '../../src/app/platform.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { appendEvents, logOf, placementOf } from '../../src/ledger/ledger.ts';
import { generateSigningKeyPem, loadKeyRing, noteSignerOf, rotateSigningKey } from '../../src/features/reports/signing-key.ts';
import { openCheckpoint } from '../../src/ledger/tlog/checkpoint.ts';
import { newVerifier, parseNote, sign } from '../../src/ledger/tlog/note.ts';
import { checkpointText, headOfCheckpoint } from '../../src/ledger/checkpoints.ts';
import { headOf, type LogState } from '../../src/ledger/head.ts';
import type { NewEvent } from '../../src/ledger/events.ts';

const SEED = process.env.XINYONG_CHECKPOINT_SEED ? Number(process.env.XINYONG_CHECKPOINT_SEED) : Math.floor(Math.random() * 2 ** 31);
const LOGS = 4;
const WRITERS = 4;
const APPENDS = 12;

const lifted = (subject: string | null, n: number): NewEvent =>
  subject === null
    ? { type: 'agency.registered', subject: null, data: { code: `agency-${n}`, name: `agency ${n}`, kind: 'market-regulation', items: [] } }
    : { type: 'evaluation.override-lifted', subject, data: { scorecard: `card-${n}`, reason: `lifted ${n}` } };

/** Yields to the other writers and checkpointers a random number of times. */
async function pause(random: () => number): Promise<void> {
  for (let i = Math.floor(random() * 4); i > 0; i--) await new Promise((r) => setImmediate(r));
}

describe.each(ALL_STORES)('checkpoints made while writers append, on %s', (store) => {
  let t: TestPlatform;
  let other: Platform | undefined;
  const signingKey = generateSigningKeyPem();

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { ledgerLogs: LOGS, ...(store !== 'pglite' ? { reportSigningKey: signingKey } : {}) });
    // A second process on the same PostgreSQL database: its own pool, the same key.
    if (store !== 'pglite') {
      other = await Platform.open(
        loadConfig({ databaseUrl: t.location.databaseUrl, dataDir: t.location.dataDir, idHashSecret: TEST_SECRET, logLevel: 'silent', reportSigningKey: signingKey }, {}),
        { clock: t.clock },
      );
    }
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it(`never publishes a checkpoint that a later one does not extend (seed ${SEED})`, async () => {
    const processes = other ? [t.platform, other] : [t.platform];
    const random = seeded(SEED);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const subjects = [null, ...Array.from({ length: 12 }, (_, i) => `subject-${i}`)];
    let n = 0;
    let writing = WRITERS;
    const writer = async () => {
      for (let a = 0; a < APPENDS; a++) {
        const batch = Array.from({ length: 1 + Math.floor(random() * 12) }, () => lifted(pick(subjects), n++));
        await pick(processes).db.transaction((tx) => appendEvents(tx, batch, SYSTEM_ACTOR, t.clock.now()));
        if (random() < 0.3) await pick(processes).log.currentCheckpoint();
        await pause(random);
      }
      writing--;
    };
    const checkpointer = async (p: Platform) => {
      while (writing > 0) {
        await p.log.currentCheckpoint();
        await pause(random);
      }
    };
    await Promise.all([...Array.from({ length: WRITERS }, writer), ...processes.map(checkpointer)]);
    await t.platform.log.currentCheckpoint();

    const keys = t.platform.log.keys().keys.map((k) => k.verifierKey);
    const { checkpoints, proofs } = await checkCheckpoints(t.platform.db, t.platform.config.logOrigin, keys);
    process.stderr.write(`checkpoints on ${store} (seed ${SEED}): ${checkpoints.length} checkpoints, ${proofs} consistency proofs verified\n`);
    expect(checkpoints.length).toBeGreaterThan(3);
    expect(proofs).toBeGreaterThan(checkpoints.length);
    // The last states every event appended; no two in a row state one ledger state (one key signs them all).
    const last = checkpoints.at(-1)!;
    expect(last.head.size).toBeGreaterThanOrEqual(n);
    for (let i = 1; i < checkpoints.length; i++) expect(checkpoints[i]!.sizes, `checkpoint ${i + 1}`).not.toEqual(checkpoints[i - 1]!.sizes);
    // Asked again with nothing appended, either process answers the same checkpoint.
    for (const p of processes) expect((await p.log.currentCheckpoint()).id).toBe(last.id);
  }, 300_000);
});

describe('checkpoints across a rotation of the signing key on pglite', () => {
  let t: TestPlatform;
  let platform: Platform;
  const clock = new FixedClock(new Date('2026-11-20T02:00:00Z'));
  const reopen = async () => {
    await platform.close();
    platform = await Platform.open(loadConfig({ dataDir: t.location.dataDir, idHashSecret: TEST_SECRET, logLevel: 'silent', ledgerLogs: LOGS }, {}), { clock });
  };
  const append = (subject: string) => platform.db.transaction((tx) => appendEvents(tx, [lifted(subject, 1)], SYSTEM_ACTOR, clock.now()));
  const verifies = (note: string, verifierKey: string) => {
    try {
      openCheckpoint(note, platform.config.logOrigin, [newVerifier(verifierKey)]);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    t = await openTestPlatform('pglite', '2026-11-20T02:00:00Z', { ledgerLogs: LOGS });
    platform = t.platform;
  });
  afterAll(async () => {
    await platform?.close();
    await t?.location.cleanup();
  });

  it('keeps old checkpoints verifying with the retired key and signs the latest again with the new key at once', async () => {
    await append('subject-1');
    const before = await platform.log.currentCheckpoint();
    const [oldKey] = platform.log.keys().keys;
    expect(verifies(before.note, oldKey!.verifierKey)).toBe(true);

    // xinyong report rotate-key, then the server starts again.
    clock.set('2026-12-01T00:00:00Z');
    rotateSigningKey(t.location.dataDir, clock.now());
    await reopen();
    const keys = platform.log.keys().keys;
    expect(keys).toEqual([
      { verifierKey: expect.any(String), current: true, retiredAt: null },
      { verifierKey: oldKey!.verifierKey, current: false, retiredAt: '2026-12-01T00:00:00.000Z' },
    ]);
    const newKey = keys[0]!.verifierKey;
    expect(newKey).not.toBe(oldKey!.verifierKey);

    // Nothing appended, yet the checkpoint served is a new one of the same head, signed by the new key.
    const resigned = await platform.log.currentCheckpoint();
    expect(resigned.id).toBe(before.id + 1);
    expect(resigned.sizes).toEqual(before.sizes);
    expect(verifies(resigned.note, newKey)).toBe(true);
    expect(verifies(resigned.note, oldKey!.verifierKey)).toBe(false);
    expect(headOfCheckpoint(openCheckpoint(resigned.note, platform.config.logOrigin, [newVerifier(newKey)]).text)).toEqual(
      headOfCheckpoint(openCheckpoint(before.note, platform.config.logOrigin, [newVerifier(oldKey!.verifierKey)]).text),
    );
    expect((await platform.log.currentCheckpoint()).id).toBe(resigned.id);

    await append('subject-2');
    const after = await platform.log.currentCheckpoint();
    expect(verifies(after.note, newKey)).toBe(true);
    // Every checkpoint, before and after, verifies with the published keys and extends the earlier ones.
    const { checkpoints } = await checkCheckpoints(platform.db, platform.config.logOrigin, [newKey, oldKey!.verifierKey]);
    expect(checkpoints.map((c) => c.id)).toEqual([...Array.from({ length: before.id }, (_, i) => i + 1), resigned.id, after.id]);

  });

  it('is held to a property check that finds a signed fork and a signed rollback', async () => {
    // The check is not vacuous: checkpoints signed with the platform's own key over a log of the
    // same size with another root (a fork), or over a log smaller than before, are caught and named.
    for (let i = 0; i < 3; i++) await append('subject-3');
    const latest = await platform.log.currentCheckpoint();
    const signer = noteSignerOf(loadKeyRing(t.location.dataDir).current, platform.config.logOrigin);
    const keys = platform.log.keys().keys.map((k) => k.verifierKey);
    const { head } = headOfCheckpoint(parseNote(latest.note).text);
    const grown = logOf('subject-3', await placementOf(platform.db));
    const forge = async (state: LogState) => {
      const logs = head.logs.map((l) => (l.log === state.log ? state : l));
      const note = sign(checkpointText(platform.config.logOrigin, headOf(logs)), [signer]);
      await platform.db.query('INSERT INTO ledger_checkpoint (id, made_at, sizes, note) VALUES ($1, $2, $3, $4)', [latest.id + 1, clock.now().toISOString(), logs.map((l) => l.size), note]);
    };
    await forge({ log: grown, size: head.logs[grown]!.size, root: Buffer.alloc(32, 9).toString('base64') });
    await expect(checkCheckpoints(platform.db, platform.config.logOrigin, keys)).rejects.toThrow(new RegExp(`^log ${grown} from checkpoint \\d+ .*: `));
    await platform.db.query('DELETE FROM ledger_checkpoint WHERE id = $1', [latest.id + 1]);
    await forge({ log: grown, size: head.logs[grown]!.size - 1, root: head.logs[grown]!.root });
    await expect(checkCheckpoints(platform.db, platform.config.logOrigin, keys)).rejects.toThrow(/the log shrank/);
    await platform.db.query('DELETE FROM ledger_checkpoint WHERE id = $1', [latest.id + 1]);
    await expect(checkCheckpoints(platform.db, platform.config.logOrigin, keys)).resolves.toMatchObject({ proofs: expect.any(Number) });
  });

  it('publishes no key retired as compromised, so what it signed verifies no more, and signs the latest again with the new key', async () => {
    const [leaked] = platform.log.keys().keys;
    const before = await platform.log.currentCheckpoint();
    clock.set('2026-12-02T00:00:00Z');
    rotateSigningKey(t.location.dataDir, clock.now(), { compromised: true });
    await reopen();
    const keys = platform.log.keys().keys;
    expect(keys.map((k) => k.verifierKey)).not.toContain(leaked!.verifierKey);
    expect(keys.map((k) => [k.current, k.retiredAt])).toEqual([
      [true, null],
      [false, '2026-12-01T00:00:00.000Z'],
    ]);
    expect(verifies(before.note, leaked!.verifierKey)).toBe(true);
    expect(keys.some((k) => verifies(before.note, k.verifierKey))).toBe(false);
    const resigned = await platform.log.currentCheckpoint();
    expect(resigned.sizes).toEqual(before.sizes);
    expect(verifies(resigned.note, keys[0]!.verifierKey)).toBe(true);
  });
});
