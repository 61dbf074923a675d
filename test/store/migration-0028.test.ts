// Migration 0028 on a store whose leaf tiles are stored, as the release before it wrote them (each
// full leaf tile, once): opened, the store has no leaf tile left, its heads and the tiles above
// the leaves as they were, and every event is still proven (its leaves hashed from the blocks)
// and audited. The store is written by this release, then given the leaf tiles its predecessor
// kept and its record of 0028 taken away, so that it opens as a store of that release would
// (the migrations after 0028 are those of this release either way). On both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../support/stores.ts';
import { TEST_SECRET, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { Platform } from '../../src/app/platform.ts';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';
import { appendEvents, logOf, partitionsOf } from '../../src/ledger/ledger.ts';
import { ledgerHead, type LedgerHead } from '../../src/ledger/head.ts';
import { eventsInRange } from '../../src/ledger/blocks.ts';
import { consistencyProof, inclusionWithLeaf } from '../../src/ledger/proofs.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import { leafHashOfText, rootOf, verifyConsistency, verifyInclusion } from '../../src/ledger/tlog/merkle.ts';
import { TILE_WIDTH } from '../../src/ledger/tlog/tiles.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';

const SUBJECT = 'subject-0028';
const tilesOf = (platform: Platform) => platform.db.query<{ log: number; level: number; idx: number; hashes: Uint8Array }>('SELECT log, level, idx, hashes FROM ledger_tile ORDER BY log, level, idx');

describe.each(STORES)('migration 0028 on %s', (store) => {
  let t: TestPlatform;
  let platform: Platform | undefined;
  let log: number;
  let head: LedgerHead;
  let upper: Awaited<ReturnType<typeof tilesOf>>;

  beforeAll(async () => {
    const key = store === 'postgres' ? generateSigningKeyPem() : undefined;
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { ledgerLogs: 4, reportSigningKey: key });
    const db = t.platform.db;
    // Two full leaf tiles and a partial one in the subject's log.
    const events = Array.from({ length: 2 * TILE_WIDTH + 40 }, (_, i) => ({ type: 'evaluation.override-lifted' as const, subject: SUBJECT, data: { scorecard: `card-${i}`, reason: `lifted ${i}` } }));
    await db.transaction((tx) => appendEvents(tx, events, SYSTEM_ACTOR, t.clock.now()));
    log = logOf(SUBJECT, await partitionsOf(db));
    head = await ledgerHead(db);
    upper = await tilesOf(t.platform);
    expect(upper.filter((r) => r.level === 0)).toEqual([]);
    // As the release before 0028 left it: each full leaf tile stored, holding its events' leaf hashes.
    for (const l of head.logs) {
      for (let start = 0; start + TILE_WIDTH <= l.size; start += TILE_WIDTH) {
        const leaves = (await eventsInRange(db, l.log, start, start + TILE_WIDTH)).map((e) => leafHashOfText(e.payload));
        await db.query('INSERT INTO ledger_tile (log, level, idx, hashes) VALUES ($1, 0, $2, $3)', [l.log, start / TILE_WIDTH, Buffer.concat(leaves)]);
      }
    }
    expect(await db.query('SELECT log, idx FROM ledger_tile WHERE level = 0 ORDER BY log, idx')).toEqual([
      { log, idx: 0 },
      { log, idx: 1 },
    ]);
    await db.query('DELETE FROM schema_migration WHERE version = 28');
    await t.platform.close();
    platform = await Platform.open(
      loadConfig({ dataDir: t.location.dataDir, databaseUrl: t.location.databaseUrl, idHashSecret: TEST_SECRET, logLevel: 'silent', ledgerLogs: 4, reportSigningKey: key }, {}),
      { clock: new FixedClock(t.clock.now()) },
    );
  });
  afterAll(async () => {
    await platform?.close();
    await t?.location.cleanup();
  });

  it('drops the leaf tiles, keeps the heads and the tiles above the leaves, and still proves and audits every event', async () => {
    const db = platform!.db;
    expect(await db.query('SELECT version FROM schema_migration WHERE version = 28')).toEqual([{ version: 28 }]);
    expect(await tilesOf(platform!)).toEqual(upper);
    expect(await ledgerHead(db)).toEqual(head);
    const state = head.logs[log]!;
    const root = Buffer.from(state.root, 'base64');
    const events = await eventsInRange(db, log, 0, state.size);
    for (const index of [0, 77, TILE_WIDTH - 1, TILE_WIDTH, 2 * TILE_WIDTH - 1, 2 * TILE_WIDTH, state.size - 1]) {
      const { leafHash, proof } = await inclusionWithLeaf(db, log, index, state.size);
      expect(leafHash.equals(leafHashOfText(events[index]!.payload))).toBe(true);
      verifyInclusion(index, state.size, leafHash, proof, root);
    }
    for (const from of [1, 100, TILE_WIDTH, TILE_WIDTH + 1, 2 * TILE_WIDTH + 7]) {
      const fromRoot = rootOf(events.slice(0, from).map((e) => leafHashOfText(e.payload)));
      verifyConsistency(from, state.size, await consistencyProof(db, log, from, state.size), fromRoot, root);
    }
    expect(await verifyLedger(db)).toMatchObject({ intact: true, head });
  });
});
