// The ledger's logs as Merkle trees on both stores: appended in batches of every size, across
// logs and concurrently, each log's tree is the RFC 9162 tree of its events in order; every
// event's inclusion proof read from the tiles verifies against the log's root at every later
// size, and every consistency proof between two sizes verifies, so no published head is ever
// rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ledgerRows, rewriteEvent } from '../support/ledger-rows.ts';
import { appendEvents, logOf, placementOf } from '../../src/ledger/ledger.ts';
import { ledgerHead, type LedgerHead } from '../../src/ledger/head.ts';
import { consistencyProof, inclusionProof, inclusionWithLeaf, storedLeafHash } from '../../src/ledger/proofs.ts';
import { leafHash, leafHashOfText, rootOf, verifyConsistency, verifyInclusion } from '../../src/ledger/tlog/merkle.ts';
import { TILE_WIDTH } from '../../src/ledger/tlog/tiles.ts';
import { eventsInRange } from '../../src/ledger/blocks.ts';
import type { Queryable } from '../../src/store/database.ts';
import type { NewEvent } from '../../src/ledger/events.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import { GROUP_ROW_LEVEL } from '../../src/ledger/log-tree.ts';
import { logKeysOf } from '../../src/ledger/placement.ts';

const override = (subject: string, n: number): NewEvent => ({
  type: 'evaluation.override-lifted',
  subject,
  data: { scorecard: `card-${n}`, reason: `lifted ${n}` },
});

describe.each(ALL_STORES)('ledger logs as Merkle trees on %s', (store) => {
  let t: TestPlatform;
  const heads: LedgerHead[] = [];

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { ledgerLogs: 4 });
  });
  afterAll(async () => {
    await t?.close();
  });
  /** Runs a change with the ledger's append-only triggers off, as someone holding the database could. */
  const tamper = (change: (tx: Queryable) => Promise<unknown>) =>
    t.platform.db.transaction(async (tx) => {
      await tx.query("SET LOCAL session_replication_role = 'replica'");
      await change(tx);
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
    // On a Citus coordinator the store has a log per shard of the subjects' group instead.
    const placement = await placementOf(t.platform.db);
    expect(placement.partitions).toBe(placement.bounds ? placement.bounds.length : 4);
    const last = heads.at(-1)!;
    expect(last.logs).toHaveLength(placement.partitions + 1);
    for (const state of last.logs) {
      const rows = await ledgerRows(t.platform.db, (r) => r.log === state.log);
      expect(rows).toHaveLength(state.size);
      for (const r of rows) expect(logOf(r.subject_key, placement)).toBe(state.log);
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
    const log = logOf(subject, await placementOf(t.platform.db));
    const [tile] = await t.platform.db.query<{ hashes: Uint8Array }>('SELECT hashes FROM ledger_tile WHERE log = $1 AND level = 1 AND idx = 0', [log]);
    const forged = Buffer.from(tile!.hashes);
    forged[0] = forged[0]! ^ 1;
    const tamper = (hashes: Buffer) =>
      t.platform.db.transaction(async (tx) => {
        await tx.query("SET LOCAL session_replication_role = 'replica'");
        await tx.query('UPDATE ledger_tile SET hashes = $1 WHERE log = $2 AND level = 1 AND idx = 0', [hashes, log]);
      });
    await tamper(forged);
    expect(await verifyLedger(t.platform.db)).toMatchObject({
      intact: false,
      firstBroken: { log, index: 0, reason: expect.stringMatching(/node 8\/0 over events 0 to 255 is not the stored one/) },
    });
    await tamper(Buffer.from(tile!.hashes));
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
  });

  it('proves from the tiles and the blocks as they are stored: a proof read after either is altered no longer verifies', async () => {
    const subject = 'subject-tall';
    const log = logOf(subject, await placementOf(t.platform.db));
    const state = (await ledgerHead(t.platform.db)).logs[log]!;
    const root = Buffer.from(state.root, 'base64');
    // Event 300's proof holds the leaves of its group (288 to 303, hashed from their events), the
    // root of leaves 256 to 287 (two level-4 nodes of leaf tile 1, from their row) and the root of
    // leaves 0 to 255 (a hash of tile 1/0).
    const proof = async () => inclusionProof(t.platform.db, log, 300, state.size);
    const leaf = await storedLeafHash(t.platform.db, log, 300);
    verifyInclusion(300, state.size, leaf, await proof(), root);
    const [tile] = await t.platform.db.query<{ hashes: Uint8Array }>('SELECT hashes FROM ledger_tile WHERE log = $1 AND level = 1 AND idx = 0', [log]);
    const setTile = (hashes: Buffer) => tamper((tx) => tx.query('UPDATE ledger_tile SET hashes = $1 WHERE log = $2 AND level = 1 AND idx = 0', [hashes, log]));
    const forged = Buffer.from(tile!.hashes);
    forged[0] = forged[0]! ^ 1;
    await setTile(forged);
    try {
      await expect((async () => verifyInclusion(300, state.size, leaf, await proof(), root))()).rejects.toThrow();
    } finally {
      await setTile(Buffer.from(tile!.hashes));
    }
    verifyInclusion(300, state.size, leaf, await proof(), root);
    // Event 290, a leaf of the proof's group, altered in its block.
    const [event] = await eventsInRange(t.platform.db, log, 290, 291);
    await tamper((tx) => rewriteEvent(tx, log, 290, event!.payload.replace('lifted', 'Lifted')));
    try {
      await expect((async () => verifyInclusion(300, state.size, leaf, await proof(), root))()).rejects.toThrow();
    } finally {
      await tamper((tx) => rewriteEvent(tx, log, 290, event!.payload));
    }
    verifyInclusion(300, state.size, leaf, await proof(), root);
  });

  it('proves an event of a full leaf tile from the events of its group and the stored level-4 nodes; an altered block of its group fails the proof', async () => {
    const subject = 'subject-tall';
    const log = logOf(subject, await placementOf(t.platform.db));
    const state = (await ledgerHead(t.platform.db)).logs[log]!;
    const root = Buffer.from(state.root, 'base64');
    expect(state.size).toBeGreaterThan(2 * TILE_WIDTH);
    expect(await t.platform.db.query('SELECT log, idx FROM ledger_tile WHERE level = 0')).toEqual([]);
    const events = await eventsInRange(t.platform.db, log, 0, state.size);
    for (const index of [0, 100, TILE_WIDTH - 1, TILE_WIDTH, 2 * TILE_WIDTH - 1, state.size - 1]) {
      const { leafHash: leaf, proof } = await inclusionWithLeaf(t.platform.db, log, index, state.size);
      expect(leaf.equals(leafHashOfText(events[index]!.payload))).toBe(true);
      verifyInclusion(index, state.size, leaf, proof, root);
    }
    // A consistency proof from inside the first leaf tile reads its leaves from the events too.
    const from = 100;
    const fromRoot = rootOf(events.slice(0, from).map((e) => leafHashOfText(e.payload)));
    verifyConsistency(from, state.size, await consistencyProof(t.platform.db, log, from, state.size), fromRoot, root);
    // An event altered in its block (the one proven, or another of its group): the leaves hashed
    // from the blocks no longer lead to the log's root, and the proof read is refused.
    for (const [altered, proven] of [
      [100, 100],
      [101, 100],
      [15, 3],
    ] as const) {
      expect(events[altered]!.payload).toContain('lifted');
      await tamper((tx) => rewriteEvent(tx, log, altered, events[altered]!.payload.replace('lifted', 'Lifted')));
      try {
        const read = await inclusionWithLeaf(t.platform.db, log, proven, state.size);
        expect(() => verifyInclusion(proven, state.size, read.leafHash, read.proof, root)).toThrow();
        // The proof of another event of the tile holds a subtree over the altered one.
        if (altered !== proven) expect(() => verifyInclusion(proven, state.size, leafHashOfText(events[proven]!.payload), read.proof, root)).toThrow();
        // The consistency proof holds leaves of the group the smaller tree ends in (96 to 111).
        const consistency = await consistencyProof(t.platform.db, log, from, state.size);
        if (Math.floor(altered / 16) === Math.floor(from / 16)) expect(() => verifyConsistency(from, state.size, consistency, fromRoot, root)).toThrow();
        else verifyConsistency(from, state.size, consistency, fromRoot, root);
      } finally {
        await tamper((tx) => rewriteEvent(tx, log, altered, events[altered]!.payload));
      }
    }
    const again = await inclusionWithLeaf(t.platform.db, log, 100, state.size);
    verifyInclusion(100, state.size, again.leafHash, again.proof, root);
    // An event of another group enters the proof only through its group's stored level-4 node,
    // which the tree above it commits to: the proof of event 3 stands (the audit names event 255).
    await tamper((tx) => rewriteEvent(tx, log, 255, events[255]!.payload.replace('lifted', 'Lifted')));
    try {
      const read = await inclusionWithLeaf(t.platform.db, log, 3, state.size);
      verifyInclusion(3, state.size, read.leafHash, read.proof, root);
      expect(await verifyLedger(t.platform.db)).toMatchObject({ intact: false, firstBroken: { log, index: 240 } });
    } finally {
      await tamper((tx) => rewriteEvent(tx, log, 255, events[255]!.payload));
    }
  });

  it("stores each leaf tile's level-4 nodes, and proves and audits past a row of them altered, cut short or missing", async () => {
    const subject = 'subject-tall';
    const log = logOf(subject, await placementOf(t.platform.db));
    const state = (await ledgerHead(t.platform.db)).logs[log]!;
    const root = Buffer.from(state.root, 'base64');
    expect(state.size).toBeGreaterThan(2 * TILE_WIDTH + 32);
    const events = await eventsInRange(t.platform.db, log, 0, state.size);
    const leaves = events.map((e) => leafHashOfText(e.payload));
    // Each row holds the roots of its leaf tile's whole groups of 16, the last tile's too.
    const rowsOf = () => t.platform.db.query<{ idx: number; hashes: Uint8Array }>('SELECT idx, hashes FROM ledger_tile WHERE log = $1 AND level = $2 ORDER BY idx', [log, GROUP_ROW_LEVEL]);
    const rows = await rowsOf();
    expect(rows.map((r) => Number(r.idx))).toEqual([0, 1, 2]);
    for (const r of rows) {
      const groups = Math.min(16, Math.floor((state.size - Number(r.idx) * TILE_WIDTH) / 16));
      const want = Array.from({ length: groups }, (_, g) => rootOf(leaves.slice(Number(r.idx) * TILE_WIDTH + g * 16, Number(r.idx) * TILE_WIDTH + (g + 1) * 16)));
      expect(Buffer.from(r.hashes).equals(Buffer.concat(want))).toBe(true);
    }
    const setRow = (idx: number, hashes: Buffer | null) =>
      tamper((tx) =>
        hashes
          ? tx.query('UPDATE ledger_tile SET hashes = $1 WHERE log = $2 AND level = $3 AND idx = $4', [hashes, log, GROUP_ROW_LEVEL, idx])
          : tx.query('DELETE FROM ledger_tile WHERE log = $1 AND level = $2 AND idx = $3', [log, GROUP_ROW_LEVEL, idx]),
      );
    const proves = async (indexes: number[]) => {
      for (const index of indexes) {
        const { leafHash: leaf, proof } = await inclusionWithLeaf(t.platform.db, log, index, state.size);
        expect(leaf.equals(leaves[index]!)).toBe(true);
        verifyInclusion(index, state.size, leaf, proof, root);
      }
      const from = TILE_WIDTH + 40;
      verifyConsistency(from, state.size, await consistencyProof(t.platform.db, log, from, state.size), rootOf(leaves.slice(0, from)), root);
    };
    const full = Buffer.from(rows[1]!.hashes);
    const forged = Buffer.from(full);
    forged[2 * 32] = forged[2 * 32]! ^ 1;
    // Leaf tile 1's row altered (its node over events 288 to 303), cut short, or gone: every event
    // of the tile is still proven (the row is checked against the level-8 node above it, and its
    // events hashed whole instead), and the audit names the first group whose node is not stored.
    for (const [row, index, reason] of [
      [forged, 288, /node 4\/18 over events 288 to 303 is not the stored one, though the node 8\/1 above them holds them: the stored node was altered/],
      [full.subarray(0, 5 * 32), 336, /node 4\/21 over events 336 to 351 is not stored, though the node 8\/1 above them holds them: the tree was altered/],
      [null, 256, /node 4\/16 over events 256 to 271 is not stored/],
    ] as const) {
      await setRow(1, row);
      try {
        await proves([256, 300, 338, 511]);
        expect(await verifyLedger(t.platform.db)).toMatchObject({ intact: false, firstBroken: { log, index, reason: expect.stringMatching(reason) } });
      } finally {
        if (row === null) {
          // On Citus shards the row names its log's key.
          const keys = await logKeysOf(t.platform.db);
          const sql = `INSERT INTO ledger_tile (log, level, idx, hashes${keys ? ', log_key' : ''}) VALUES ($1, $2, 1, $3${keys ? ', $4' : ''})`;
          await tamper((tx) => tx.query(sql, [log, GROUP_ROW_LEVEL, full, ...(keys ? [keys[log]] : [])]));
        }
        else await setRow(1, full);
      }
    }
    // The last, partial tile's row has no node above it to be checked against: altered, the proof
    // that takes a node from it fails, and the audit finds it against the log's head.
    const last = Buffer.from(rows[2]!.hashes);
    const forgedLast = Buffer.from(last);
    forgedLast[32] = forgedLast[32]! ^ 1;
    await setRow(2, forgedLast);
    try {
      const read = await inclusionWithLeaf(t.platform.db, log, 2 * TILE_WIDTH, state.size);
      expect(() => verifyInclusion(2 * TILE_WIDTH, state.size, read.leafHash, read.proof, root)).toThrow();
      expect(await verifyLedger(t.platform.db)).toMatchObject({
        intact: false,
        firstBroken: { log, index: 2 * TILE_WIDTH + 16, reason: expect.stringMatching(/node 4\/33 .* is not the stored one, though the log's head holds them/) },
      });
    } finally {
      await setRow(2, last);
    }
    await proves([0, 256, 2 * TILE_WIDTH, state.size - 1]);
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
  });
});
