// Migration 0030 on a store written before it (its logs hold no level-4 nodes): until they are
// filled, every event is proven (its leaf tile hashed whole) and audited; opened, the platform
// fills them, the last leaf tile of each log first, a batch a transaction that a stop resumes,
// and they are the tree's, so that appends extend them and every event is proven and audited. A
// full tile whose events no longer hash to the node above them is not filled. The store is written
// by this release, then given what its predecessor lacked: no level-4 nodes, no record of 0030.
// On both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../support/stores.ts';
import { TEST_SECRET, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { rewriteEvent } from '../support/ledger-rows.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { Platform } from '../../src/app/platform.ts';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';
import { appendEvents, logOf, partitionsOf } from '../../src/ledger/ledger.ts';
import { ledgerHead, type LedgerHead } from '../../src/ledger/head.ts';
import { eventsInRange } from '../../src/ledger/blocks.ts';
import { consistencyProof, inclusionWithLeaf } from '../../src/ledger/proofs.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import { fillLevel4Batch } from '../../src/ledger/level4-fill.ts';
import { GROUP_ROW_LEVEL } from '../../src/ledger/log-tree.ts';
import { leafHashOfText, rootOf, verifyConsistency, verifyInclusion } from '../../src/ledger/tlog/merkle.ts';
import { TILE_WIDTH } from '../../src/ledger/tlog/tiles.ts';
import type { Database, Queryable } from '../../src/store/database.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';

const SUBJECT = 'subject-0030';
const events = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ type: 'evaluation.override-lifted' as const, subject: SUBJECT, data: { scorecard: `card-${from + i}`, reason: `lifted ${from + i}` } }));
const level4Rows = (db: Queryable) =>
  db.query<{ log: number; idx: number; hashes: Uint8Array }>('SELECT log, idx, hashes FROM ledger_tile WHERE level = $1 ORDER BY log, idx', [GROUP_ROW_LEVEL]);
const fillRows = (db: Queryable) => db.query<{ log: number; tiles: number }>('SELECT log, tiles::int AS tiles FROM ledger_level4_fill ORDER BY log');
/** As a store written before migration 30 holds its logs: no level-4 nodes, each log's leaf tiles to fill. */
const withoutLevel4 = (db: Database) =>
  db.transaction(async (tx) => {
    await tx.query('DELETE FROM ledger_tile WHERE level = $1', [GROUP_ROW_LEVEL]);
    await tx.query('DELETE FROM ledger_level4_fill');
    await tx.query('INSERT INTO ledger_level4_fill (log, tiles) SELECT log, (size + 255) / 256 FROM ledger_log WHERE size > 0');
  });

/** Every event of the log proven against its head (a spread of them), and consistency from inside each leaf tile. */
async function provesAll(db: Queryable, log: number, head: LedgerHead): Promise<void> {
  const state = head.logs[log]!;
  const root = Buffer.from(state.root, 'base64');
  const leaves = (await eventsInRange(db, log, 0, state.size)).map((e) => leafHashOfText(e.payload));
  for (const index of [0, 17, TILE_WIDTH - 1, TILE_WIDTH, TILE_WIDTH + 100, 2 * TILE_WIDTH - 1, 2 * TILE_WIDTH, state.size - 1]) {
    const { leafHash, proof } = await inclusionWithLeaf(db, log, index, state.size);
    expect(leafHash.equals(leaves[index]!)).toBe(true);
    verifyInclusion(index, state.size, leafHash, proof, root);
  }
  for (const from of [1, 100, TILE_WIDTH, TILE_WIDTH + 33, 2 * TILE_WIDTH + 7]) {
    verifyConsistency(from, state.size, await consistencyProof(db, log, from, state.size), rootOf(leaves.slice(0, from)), root);
  }
}

describe.each(STORES)('migration 0030 on %s', (store) => {
  let t: TestPlatform;
  let platform: Platform | undefined;
  let log: number;
  let head: LedgerHead;
  let stored: Awaited<ReturnType<typeof level4Rows>>;
  let key: string | undefined;
  const reopen = async () => {
    await platform?.close();
    platform = await Platform.open(
      loadConfig({ dataDir: t.location.dataDir, databaseUrl: t.location.databaseUrl, idHashSecret: TEST_SECRET, logLevel: 'silent', ledgerLogs: 4, reportSigningKey: key }, {}),
      { clock: new FixedClock(t.clock.now()) },
    );
    return platform.db;
  };

  beforeAll(async () => {
    key = store === 'postgres' ? generateSigningKeyPem() : undefined;
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { ledgerLogs: 4, reportSigningKey: key });
    const db = t.platform.db;
    // Three full leaf tiles and a partial one (its last group partial too) in the subject's log.
    await db.transaction((tx) => appendEvents(tx, events(0, 3 * TILE_WIDTH + 40), SYSTEM_ACTOR, t.clock.now()));
    log = logOf(SUBJECT, await partitionsOf(db));
    head = await ledgerHead(db);
    stored = await level4Rows(db);
  });
  afterAll(async () => {
    await platform?.close();
    if (!platform) await t?.platform.close();
    await t?.location.cleanup();
  });

  it('proves and audits every event of a store without level-4 nodes, then fills them when it opens', async () => {
    const db = t.platform.db;
    expect(stored.filter((r) => r.log === log).map((r) => [Number(r.idx), r.hashes.length])).toEqual([
      [0, 512],
      [1, 512],
      [2, 512],
      [3, 64],
    ]);
    await withoutLevel4(db);
    expect(await level4Rows(db)).toEqual([]);
    expect(await fillRows(db)).toContainEqual({ log, tiles: 4 });
    await provesAll(db, log, head);
    expect(await verifyLedger(db)).toMatchObject({ intact: true, head });
    // As the release before 0030 left it.
    await db.query('DROP TABLE ledger_level4_fill');
    await db.query('DELETE FROM schema_migration WHERE version = 30');
    await t.platform.close();
    const opened = await reopen();
    expect(await opened.query('SELECT version FROM schema_migration WHERE version = 30')).toEqual([{ version: 30 }]);
    expect(await fillRows(opened)).toEqual([]);
    expect(await level4Rows(opened)).toEqual(stored);
    expect(await ledgerHead(opened)).toEqual(head);
    await provesAll(opened, log, head);
    expect(await verifyLedger(opened)).toMatchObject({ intact: true, head });
  });

  it('fills the last leaf tile first, resumes a fill where it stopped, and appends extend what it filled', async () => {
    const db = platform!.db;
    await withoutLevel4(db);
    // The first batch, as the platform runs it before anything is appended: each log's last tile.
    expect(await db.transaction((tx) => fillLevel4Batch(tx, 1))).toMatchObject({ refused: 0, more: true });
    expect((await level4Rows(db)).filter((r) => r.log === log)).toEqual(stored.filter((r) => r.log === log && r.idx === 3));
    expect(await fillRows(db)).toContainEqual({ log, tiles: 3 });
    // Stopped here, the store still proves and audits every event.
    await provesAll(db, log, head);
    expect(await verifyLedger(db)).toMatchObject({ intact: true });
    // 40 more events: the last tile's row grows in place, from the nodes the fill wrote.
    await db.transaction((tx) => appendEvents(tx, events(10_000, 40), SYSTEM_ACTOR, new Date(t.clock.now().getTime() + 1000)));
    const grown = await ledgerHead(db);
    // Opened again, the fill resumes from tile 2 down.
    const opened = await reopen();
    expect(await fillRows(opened)).toEqual([]);
    const rows = (await level4Rows(opened)).filter((r) => r.log === log);
    expect(rows.slice(0, 3)).toEqual(stored.filter((r) => r.log === log && r.idx < 3));
    const leaves = (await eventsInRange(opened, log, 3 * TILE_WIDTH, grown.logs[log]!.size)).map((e) => leafHashOfText(e.payload));
    const groups = Array.from({ length: Math.floor(leaves.length / 16) }, (_, g) => rootOf(leaves.slice(g * 16, g * 16 + 16)));
    expect(Buffer.from(rows[3]!.hashes).equals(Buffer.concat(groups))).toBe(true);
    await provesAll(opened, log, grown);
    expect(await verifyLedger(opened)).toMatchObject({ intact: true, head: grown });
  });

  it('does not fill a full leaf tile whose events are not those of the tree above them; the audit names the tile', async () => {
    const db = platform!.db;
    const rows = await level4Rows(db);
    await withoutLevel4(db);
    const [event] = await eventsInRange(db, log, TILE_WIDTH + 70, TILE_WIDTH + 71);
    const rewrite = (payload: string) =>
      db.transaction(async (tx) => {
        await tx.query("SET LOCAL session_replication_role = 'replica'");
        await rewriteEvent(tx, log, TILE_WIDTH + 70, payload);
      });
    await rewrite(event!.payload.replace('lifted', 'Lifted'));
    try {
      let refused = 0;
      for (let more = true; more; ) {
        const batch = await db.transaction((tx) => fillLevel4Batch(tx, 2));
        refused += batch.refused;
        more = batch.more;
      }
      expect(refused).toBe(1);
      expect((await level4Rows(db)).filter((r) => r.log === log).map((r) => Number(r.idx))).toEqual([0, 2, 3]);
      expect(await verifyLedger(db)).toMatchObject({
        intact: false,
        firstBroken: { log, index: TILE_WIDTH, reason: expect.stringMatching(/node 8\/1 over events 256 to 511 is not the stored one: one of those events/) },
      });
    } finally {
      await rewrite(event!.payload);
      await db.transaction(async (tx) => {
        await tx.query('DELETE FROM ledger_tile WHERE level = $1', [GROUP_ROW_LEVEL]);
        for (const r of rows) await tx.query('INSERT INTO ledger_tile (log, level, idx, hashes) VALUES ($1, $2, $3, $4)', [r.log, GROUP_ROW_LEVEL, r.idx, r.hashes]);
      });
    }
    expect(await verifyLedger(db)).toMatchObject({ intact: true });
  });

  it('opens a store whose events of a leaf tile cannot be read before the fill; the tile stays unfilled and the audit names the missing event', async () => {
    let db = platform!.db;
    const rows = await level4Rows(db);
    const [block] = await db.query<{ first_idx: number | string }>(
      'SELECT first_idx FROM ledger_block WHERE log = $1 AND first_idx <= $2 ORDER BY first_idx DESC LIMIT 1',
      [log, TILE_WIDTH + 10],
    );
    const first = Number(block!.first_idx);
    await withoutLevel4(db);
    await db.transaction(async (tx) => {
      await tx.query('CREATE TABLE saved_block_0030 AS SELECT * FROM ledger_block WHERE log = $1 AND first_idx = $2', [log, first]);
      await tx.query("SET LOCAL session_replication_role = 'replica'");
      await tx.query('DELETE FROM ledger_block WHERE log = $1 AND first_idx = $2', [log, first]);
    });
    try {
      db = await reopen();
      expect(await fillRows(db)).toEqual([]);
      expect((await level4Rows(db)).filter((r) => r.log === log).map((r) => Number(r.idx))).toEqual([0, 2, 3]);
      expect(await verifyLedger(db)).toMatchObject({
        intact: false,
        firstBroken: { log, index: first, reason: expect.stringMatching(/the event is missing/) },
      });
    } finally {
      await db.transaction(async (tx) => {
        await tx.query("SET LOCAL session_replication_role = 'replica'");
        await tx.query('INSERT INTO ledger_block SELECT * FROM saved_block_0030');
        await tx.query('DROP TABLE saved_block_0030');
        await tx.query('DELETE FROM ledger_tile WHERE level = $1', [GROUP_ROW_LEVEL]);
        for (const r of rows) await tx.query('INSERT INTO ledger_tile (log, level, idx, hashes) VALUES ($1, $2, $3, $4)', [r.log, GROUP_ROW_LEVEL, r.idx, r.hashes]);
      });
    }
    expect(await verifyLedger(db)).toMatchObject({ intact: true });
  });
});

