// On a Citus cluster, the ledger refuses what would place its logs wrongly: a head written under
// a key that is not its log's (which the upsert would otherwise insert as a second head), and a
// layout whose shard bounds disagree with Citus's own placement of a key. Skipped without a
// cluster, unless XINYONG_REQUIRE_CITUS=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCitus } from '../support/citus.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { logOf, placementOf, takeLogs, type LogPlacement } from '../../src/ledger/ledger.ts';
import { extendLogs } from '../../src/ledger/log-tree.ts';
import { assertPlacementAgrees } from '../../src/store/citus-ledger.ts';

const citus = await probeCitus();

describe.skipIf(!citus.ok)(`the ledger's log keys on a Citus cluster${citus.ok ? '' : ` (skipped: ${citus.reason})`}`, () => {
  let t: TestPlatform;
  let placement: LogPlacement;

  beforeAll(async () => {
    t = await openTestPlatform('citus', '2026-11-20T02:00:00Z');
    placement = await placementOf(t.platform.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses to write a log's head under another log's key, and keeps one head a log", async () => {
    const db = t.platform.db;
    const keys = [...placement.keys!];
    let i = 0;
    while (logOf(`subject-${i}`, placement) !== 2) i++;
    const err = await db
      .transaction(async (tx) => {
        const heads = await takeLogs(tx, [`subject-${i}`], placement);
        // Log 2's head written under log 3's key.
        const wrong = keys.map((k, log) => (log === 2 ? keys[3]! : k));
        await extendLogs(tx, heads, new Map([[2, [Buffer.alloc(32, 7)]]]), new Map([[2, '2026-11-20T02:00:00Z']]), wrong);
      })
      .catch((e: unknown) => e as Error);
    expect(String(err)).toMatch(/the heads of logs 2 were not found by their keys/);
    const rows = await db.query<{ n: number; size: number }>('SELECT count(*)::int AS n, max(size)::int AS size FROM ledger_log WHERE log = 2');
    expect(rows).toEqual([{ n: 1, size: 0 }]);
  });

  it("agrees with Citus's placement when laid out, and says so when bounds disagree", async () => {
    const db = t.platform.db;
    await db.transaction((tx) => assertPlacementAgrees(tx, 'subject_search', placement.bounds!, placement.keys!));
    // The shards' bounds, shifted by one shard: every key lands one shard off.
    const shifted = placement.bounds!.map((_, i, b) => b[(i + 1) % b.length]!);
    const err = await db.transaction((tx) => assertPlacementAgrees(tx, 'subject_search', shifted, [])).catch((e: unknown) => e as Error);
    expect(String(err)).toMatch(/the ledger cannot be laid out on Citus: subject_search places "91330100716105852F" in another shard than the TypeScript hash/);
  });
});
