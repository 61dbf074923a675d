// The ledger's logs as Merkle trees on both stores: appended in batches of every size, across
// logs and concurrently, each log's tree is the RFC 9162 tree of its events in order; every
// event's inclusion proof read from the tiles verifies against the log's root at every later
// size, and every consistency proof between two sizes verifies, so no published head is ever
// rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ledgerRows } from '../support/ledger-rows.ts';
import { appendEvents, logOf, partitionsOf } from '../../src/ledger/ledger.ts';
import { ledgerHead, type LedgerHead } from '../../src/ledger/head.ts';
import { consistencyProof, inclusionProof, storedLeafHash } from '../../src/ledger/proofs.ts';
import { leafHash, rootOf, verifyConsistency, verifyInclusion } from '../../src/ledger/tlog/merkle.ts';
import type { NewEvent } from '../../src/ledger/events.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';

const override = (subject: string, n: number): NewEvent => ({
  type: 'evaluation.override-lifted',
  subject,
  data: { scorecard: `card-${n}`, reason: `lifted ${n}` },
});

describe.each(STORES)('ledger logs as Merkle trees on %s', (store) => {
  let t: TestPlatform;
  const heads: LedgerHead[] = [];

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { ledgerLogs: 4 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps each log the tree of its events, through batches of every size, alone and at once', async () => {
    const subjects = Array.from({ length: 9 }, (_, i) => `subject-${i}`);
    let n = 0;
    for (const size of [1, 2, 3, 7, 1, 255, 1, 300, 17]) {
      const batch = Array.from({ length: size }, (_, i) => override(subjects[(n + i * 5) % subjects.length]!, n + i));
      n += size;
      await t.platform.db.transaction((tx) => appendEvents(tx, batch, SYSTEM_ACTOR, t.clock.now()));
      heads.push(await ledgerHead(t.platform.db));
    }
    // Writers of different logs (and of the same) at once.
    await Promise.all(
      subjects.map((s, i) =>
        t.platform.db.transaction((tx) => appendEvents(tx, Array.from({ length: 20 + i }, (_, j) => override(s, 10_000 + i * 100 + j)), SYSTEM_ACTOR, t.clock.now())),
      ),
    );
    heads.push(await ledgerHead(t.platform.db));
    const partitions = await partitionsOf(t.platform.db);
    expect(partitions).toBe(4);
    const last = heads.at(-1)!;
    expect(last.logs).toHaveLength(5);
    for (const state of last.logs) {
      const rows = await ledgerRows(t.platform.db, (r) => r.log === state.log);
      expect(rows).toHaveLength(state.size);
      for (const r of rows) expect(logOf(r.subject_key, partitions)).toBe(state.log);
      expect(rootOf(rows.map((r) => leafHash(Buffer.from(r.payload, 'utf8')))).toString('base64')).toBe(state.root);
    }
    expect(last.size).toBe(heads[0]!.size - 1 + n + subjects.reduce((k, _, i) => k + 20 + i, 0));
  });

  it('proves every event in every later head, and every head consistent with every later one', async () => {
    const b64 = (s: string) => Buffer.from(s, 'base64');
    let proofs = 0;
    for (const [h, head] of heads.entries()) {
      for (const state of head.logs) {
        if (state.size === 0) continue;
        // Every event of a small log, a spread of a large one.
        const step = Math.max(1, Math.floor(state.size / 40));
        for (let index = 0; index < state.size; index += step) {
          const leaf = await storedLeafHash(t.platform.db, state.log, index);
          verifyInclusion(index, state.size, leaf, await inclusionProof(t.platform.db, state.log, index, state.size), b64(state.root));
          proofs++;
        }
        for (const later of heads.slice(h)) {
          const to = later.logs[state.log]!;
          verifyConsistency(state.size, to.size, await consistencyProof(t.platform.db, state.log, state.size, to.size), b64(state.root), b64(to.root));
          proofs++;
        }
      }
    }
    expect(proofs).toBeGreaterThan(200);
    // A proof against the wrong root, or of a changed event, does not verify.
    const state = heads.at(-1)!.logs.find((s) => s.size > 10)!;
    const proof = await inclusionProof(t.platform.db, state.log, 3, state.size);
    expect(() => verifyInclusion(3, state.size, leafHash(Buffer.from('{"altered":true}')), proof, b64(state.root))).toThrow();
  });

  it('audits only the growth since a saved head, and each log against the head a checkpoint signed', async () => {
    const last = heads.at(-1)!;
    const saved = heads[3]!;
    expect(await verifyLedger(t.platform.db, { since: saved, signed: last })).toMatchObject({ intact: true, events: last.size - saved.size });
    expect(await verifyLedger(t.platform.db, { signed: heads[5]! })).toMatchObject({ intact: true, events: last.size });
    const forged = (h: LedgerHead, log: number, change: Partial<{ size: number; root: string }>): LedgerHead => ({
      ...h,
      logs: h.logs.map((s) => (s.log === log ? { ...s, ...change } : s)),
    });
    const log = saved.logs.find((s) => s.size > 2)!.log;
    const otherRoot = Buffer.alloc(32, 7).toString('base64');
    // A saved head whose log had another root: the log was rewritten since.
    expect(await verifyLedger(t.platform.db, { since: forged(saved, log, { root: otherRoot }) })).toMatchObject({
      intact: false,
      firstBroken: { log, index: saved.logs[log]!.size - 1, reason: expect.stringMatching(/rewritten/) },
    });
    // A saved head larger than the log: it was rolled back.
    expect(await verifyLedger(t.platform.db, { since: forged(saved, log, { size: last.logs[log]!.size + 5 }) })).toMatchObject({
      intact: false,
      firstBroken: { log, reason: expect.stringMatching(/rolled back/) },
    });
    // A signed head the log does not pass through.
    expect(await verifyLedger(t.platform.db, { signed: forged(heads[5]!, log, { root: otherRoot }) })).toMatchObject({
      intact: false,
      firstBroken: { log, index: heads[5]!.logs[log]!.size - 1, reason: expect.stringMatching(/not the root it signed/) },
    });
    expect(await verifyLedger(t.platform.db, { signed: forged(last, log, { size: last.logs[log]!.size + 1 }) })).toMatchObject({
      intact: false,
      firstBroken: { log, reason: expect.stringMatching(/latest checkpoint states/) },
    });
  });

  it("audits a log whose events are appended meanwhile, and finds a node of the tree's upper tiles altered", async () => {
    // 600 events in one subject's log: its tree has a node at level 8 (a tile of level 1).
    const subject = 'subject-tall';
    await t.platform.db.transaction((tx) => appendEvents(tx, Array.from({ length: 600 }, (_, i) => override(subject, 50_000 + i)), SYSTEM_ACTOR, t.clock.now()));
    // Appends while the audit runs are left to the next audit, not taken for tampering.
    let appended: Promise<unknown> = Promise.resolve();
    const audit = await verifyLedger(t.platform.db, {
      onProgress: () => {
        appended = appended.then(() => t.platform.db.transaction((tx) => appendEvents(tx, [override(subject, 60_000)], SYSTEM_ACTOR, t.clock.now())));
      },
    });
    await appended;
    expect(audit.intact).toBe(true);
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
    const log = logOf(subject, await partitionsOf(t.platform.db));
    const [tile] = await t.platform.db.query<{ hashes: Uint8Array }>('SELECT hashes FROM ledger_tile WHERE log = $1 AND level = 1 AND idx = 0', [log]);
    const forged = Buffer.from(tile!.hashes);
    forged[0] = forged[0]! ^ 1;
    const tamper = (hashes: Buffer) =>
      t.platform.db.transaction(async (tx) => {
        await tx.query("SET LOCAL session_replication_role = 'replica'");
        await tx.query('UPDATE ledger_tile SET hashes = $1 WHERE log = $2 AND level = 1 AND idx = 0', [hashes, log]);
      });
    await tamper(forged);
    expect(await verifyLedger(t.platform.db)).toMatchObject({ intact: false, firstBroken: { log, index: 255, reason: expect.stringMatching(/node 8\/0 .* not the stored one/) } });
    await tamper(Buffer.from(tile!.hashes));
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
  });

  it('proves from the tiles as they are stored: a proof read after a tile is altered no longer verifies', async () => {
    const subject = 'subject-tall';
    const log = logOf(subject, await partitionsOf(t.platform.db));
    const state = (await ledgerHead(t.platform.db)).logs[log]!;
    const root = Buffer.from(state.root, 'base64');
    // Event 300's proof holds the root of leaves 256 to 287 (32 hashes of leaf tile 1) and the
    // root of leaves 0 to 255 (a hash of tile 1/0): both are hashed from their tiles.
    const proof = async () => inclusionProof(t.platform.db, log, 300, state.size);
    const leaf = await storedLeafHash(t.platform.db, log, 300);
    verifyInclusion(300, state.size, leaf, await proof(), root);
    for (const [level, at] of [
      [0, 260 - 256],
      [1, 0],
    ] as const) {
      const idx = level === 0 ? 1 : 0;
      const [tile] = await t.platform.db.query<{ hashes: Uint8Array }>('SELECT hashes FROM ledger_tile WHERE log = $1 AND level = $2 AND idx = $3', [log, level, idx]);
      const tamper = (hashes: Buffer) =>
        t.platform.db.transaction(async (tx) => {
          await tx.query("SET LOCAL session_replication_role = 'replica'");
          await tx.query('UPDATE ledger_tile SET hashes = $1 WHERE log = $2 AND level = $3 AND idx = $4', [hashes, log, level, idx]);
        });
      const forged = Buffer.from(tile!.hashes);
      forged[at * 32] = forged[at * 32]! ^ 1;
      await tamper(forged);
      try {
        await expect((async () => verifyInclusion(300, state.size, leaf, await proof(), root))()).rejects.toThrow();
      } finally {
        await tamper(Buffer.from(tile!.hashes));
      }
      verifyInclusion(300, state.size, leaf, await proof(), root);
    }
  });
});
