// A chain written before instants were kept from decreasing (releases before 2026-12-01 could
// record an event at an instant before the one ahead of it): it converts, its events keep the
// instants they were recorded with, and the audit holds them to their bytes, not to the rule that
// instants never decrease along a log, which still binds every event appended after the upgrade.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { TEST_SECRET } from '../support/platform.ts';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';
import { migrate } from '../../src/store/migrate.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';
import type { Database } from '../../src/store/database.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { Platform } from '../../src/app/platform.ts';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import { appendEvents, logOf, partitionsOf, platformEvents } from '../../src/ledger/ledger.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { ledgerRows, rewriteEvent } from '../support/ledger-rows.ts';

const SUBJECT = '91330100MA2B3C4D5E';
// The second event was recorded an hour before the first (a writer whose clock was behind).
const INSTANTS = ['2026-11-10T10:00:00.000Z', '2026-11-10T09:00:00.000Z', '2026-11-10T11:00:00.000Z'];

const openRaw = (loc: StoreLocation): Promise<Database> =>
  loc.databaseUrl ? PostgresDatabase.open(loc.databaseUrl) : PgliteDatabase.open(loc.dataDir, { relaxedDurability: false });

/** A store at migration 17 holding a chain of three events about one subject, instants as INSTANTS. */
async function writeChain(loc: StoreLocation): Promise<string[]> {
  const db = await openRaw(loc);
  const payloads: string[] = [];
  try {
    await migrate(db, { upTo: 17 });
    let prev = Buffer.alloc(32);
    for (const [i, at] of INSTANTS.entries()) {
      const seq = i + 1;
      const payload = canonicalJson({
        actor: SYSTEM_ACTOR,
        at,
        data: { scorecard: `card-${seq}`, reason: `lifted ${seq}` },
        seq,
        subject: SUBJECT,
        type: 'evaluation.override-lifted',
      });
      const hash = createHash('sha256').update(prev).update(payload, 'utf8').digest();
      await db.query(
        'INSERT INTO ledger_event (seq, type, subject_key, recorded_at, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [seq, 'evaluation.override-lifted', SUBJECT, at, payload, prev, hash],
      );
      payloads.push(payload);
      prev = hash;
    }
  } finally {
    await db.close();
  }
  return payloads;
}

describe.each(STORES)('a chain whose instants decrease, opened on %s', (store) => {
  let loc: StoreLocation | undefined;
  let platform: Platform | undefined;

  afterEach(async () => {
    await platform?.close();
    await loc?.cleanup();
    platform = undefined;
    loc = undefined;
  });

  it('converts with its instants as recorded, audits intact, and still refuses a later event recorded early', async () => {
    loc = await freshStore(store);
    const payloads = await writeChain(loc);
    const clock = new FixedClock(new Date('2026-11-20T02:00:00Z'));
    platform = await Platform.open(
      loadConfig({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl, idHashSecret: TEST_SECRET, logLevel: 'silent', ledgerLogs: 4, reportSigningKey: loc.databaseUrl ? generateSigningKeyPem() : undefined }, {}),
      { clock },
    );
    const db = platform.db;
    const log = logOf(SUBJECT, await partitionsOf(db));
    const converted = (await ledgerRows(db)).filter((r) => r.log === log);
    expect(converted.map((r) => r.payload)).toEqual(payloads);
    const [upgraded] = await platformEvents(db, 'ledger.upgraded');
    expect((upgraded!.data as { logs?: number[] }).logs).toEqual([0, 1, 2, 3, 4].map((l) => (l === log ? 3 : 0)));
    expect((await verifyLedger(db)).intact).toBe(true);

    // Appended after the upgrade (recorded when the store was opened): no earlier than it.
    const [appended] = await db.transaction((tx) =>
      appendEvents(tx, [{ type: 'evaluation.override-lifted', subject: SUBJECT, data: { scorecard: 'card-4', reason: 'lifted 4' } }], SYSTEM_ACTOR, new Date(INSTANTS[0]!)),
    );
    expect(appended!.at).toBe(upgraded!.at);
    expect((await verifyLedger(db)).intact).toBe(true);

    // The same decrease after the upgrade is a break (the audit reads the bytes; the tree is not consulted first).
    const early = JSON.parse((await ledgerRows(db)).find((r) => r.log === log && r.idx === 3)!.payload) as { at: string };
    early.at = '2026-11-10T08:00:00.000Z';
    await db.transaction((tx) => rewriteEvent(tx, log, 3, canonicalJson(early)));
    expect(await verifyLedger(db)).toMatchObject({ intact: false, firstBroken: { log, index: 3, reason: expect.stringMatching(/recorded before the event before it/) } });
  });
});
