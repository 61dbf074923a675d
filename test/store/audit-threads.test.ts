// The audit walks each log a page at a time, and checks pages in worker threads while it reads
// the next ones: what it finds must not depend on either. On both stores, a ledger whose logs
// span several pages (blocks straddling their bounds) and a full leaf tile audits intact with the
// same head in this thread and in two others, and each kind of tampering is named alike, at the
// same event, whether the pages are checked here or there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { appendEvents, logOf, logSizes, placementOf } from '../../src/ledger/ledger.ts';
import { BLOCK_COLUMNS, eventsInRange } from '../../src/ledger/blocks.ts';
import type { NewEvent } from '../../src/ledger/events.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { verifyLedger, type VerifyOptions } from '../../src/ledger/verify-ledger.ts';
import { ledgerHead } from '../../src/ledger/head.ts';
import { rewriteEvent } from '../support/ledger-rows.ts';

const lifted = (subject: string, n: number): NewEvent => ({
  type: 'evaluation.override-lifted',
  subject,
  data: { scorecard: `card-${n}`, reason: `第${n}次 lifted` },
});

const HERE: VerifyOptions = { threads: 0, pageSize: 100 };
const THERE: VerifyOptions = { threads: 2, pageSize: 100 };

describe.each(STORES)('the audit in pages and threads on %s', (store) => {
  let t: TestPlatform;
  let log = 0;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { ledgerLogs: 2 });
    const subjects = ['91330100MA2B3C4D5E', '91110000100000000A', '92330105471120199D', 'person:abc'];
    let n = 0;
    for (const size of [1, 63, 200, 5, 130, 64, 90, 1, 77]) {
      const batch = Array.from({ length: size }, (_, i) => lifted(subjects[(n + i) % subjects.length]!, n + i));
      await t.platform.db.transaction((tx) => appendEvents(tx, batch, SYSTEM_ACTOR, t.clock.now()));
      n += size;
      t.clock.advance(60_000);
    }
    const sizes = await logSizes(t.platform.db);
    log = sizes.findIndex((s) => s > 300);
    expect(log).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the ledger intact with the same head, whoever checks the pages', async () => {
    const head = await ledgerHead(t.platform.db);
    for (const options of [HERE, THERE, {}]) expect(await verifyLedger(t.platform.db, options)).toEqual({ intact: true, events: expect.any(Number), head });
    const here = await verifyLedger(t.platform.db, HERE);
    expect((await verifyLedger(t.platform.db, THERE)).events).toBe(here.events);
  });

  it('checks only the growth after a saved head in threads too', async () => {
    const since = await ledgerHead(t.platform.db);
    await t.platform.db.transaction((tx) =>
      appendEvents(
        tx,
        Array.from({ length: 150 }, (_, i) => lifted('91330100MA2B3C4D5E', 1000 + i)),
        SYSTEM_ACTOR,
        t.clock.now(),
      ),
    );
    const here = await verifyLedger(t.platform.db, { ...HERE, since });
    expect(here).toMatchObject({ intact: true, events: 150 });
    expect(await verifyLedger(t.platform.db, { ...THERE, since })).toEqual(here);
  });

  it('names an altered event, an event recorded early, one that is not an event, one in the wrong log and a missing block alike in this thread and in others', async () => {
    const db = t.platform.db;
    // `named`: the event the audit names (an altered event of a full leaf tile: its group's first).
    const rewrite = async (index: number, change: (payload: string) => string, expected: RegExp, named = index) => {
      const [event] = await eventsInRange(db, log, index, index + 1);
      await db.transaction((tx) => rewriteEvent(tx, log, index, change(event!.payload)));
      try {
        const here = await verifyLedger(db, HERE);
        expect(here).toMatchObject({ intact: false, firstBroken: { log, index: named, reason: expect.stringMatching(expected) } });
        expect(await verifyLedger(db, THERE)).toEqual(here);
      } finally {
        await db.transaction((tx) => rewriteEvent(tx, log, index, event!.payload));
      }
    };
    // In the full leaf tile; on a page's first event; past the first page.
    await rewrite(10, (p) => p.replace('lifted', 'forged'), /node 4\/0 over events 0 to 15 is not the stored one: one of those events/, 0);
    await rewrite(100, (p) => p.replace('lifted', 'forged'), /node 4\/6 over events 96 to 111 is not the stored one: one of those events/, 96);
    await rewrite(150, (p) => p.replace(/"at":"[^"]+"/, '"at":"2020-01-01T00:00:00.000Z"'), /recorded before the event before it/);
    await rewrite(120, (p) => p.replace('"at":"', '"on":"'), /its payload is not an event/);
    const placement = await placementOf(db);
    const elsewhere = ['91330100MA2B3C4D5E', '91110000100000000A', '92330105471120199D', 'person:abc'].find((s) => logOf(s, placement) !== log)!;
    await rewrite(230, (p) => p.replace(/"subject":"[^"]+","type"/, `"subject":"${elsewhere}","type"`), new RegExp(`its subject belongs to log ${logOf(elsewhere, placement)}`));
    // A block gone from the middle of the log, on the second page.
    const [block] = await db.query<{ first_idx: number; events: number; subjects: string[]; data: Uint8Array }>(
      'SELECT first_idx, events, subjects, data FROM ledger_block WHERE log = $1 AND first_idx > 100 ORDER BY first_idx LIMIT 1',
      [log],
    );
    const replica = (sql: string, params: unknown[], copy?: string) =>
      db.transaction(async (tx) => {
        await tx.query("SET LOCAL session_replication_role = 'replica'");
        if (copy) await tx.copyIn('ledger_block', BLOCK_COLUMNS, copy);
        else await tx.query(sql, params);
      });
    await replica('DELETE FROM ledger_block WHERE log = $1 AND first_idx = $2', [log, block!.first_idx]);
    try {
      const here = await verifyLedger(db, HERE);
      expect(here).toMatchObject({ intact: false, firstBroken: { log, index: block!.first_idx, reason: expect.stringMatching(/no block holds it/) } });
      expect(await verifyLedger(db, THERE)).toEqual(here);
    } finally {
      const row = `${log}\t${block!.first_idx}\t${block!.events}\t{${block!.subjects.map((s) => `"${s}"`).join(',')}}\t\\\\x${Buffer.from(block!.data).toString('hex')}\n`;
      await replica('', [], row);
    }
    expect((await verifyLedger(db, THERE)).intact).toBe(true);
  });
});
