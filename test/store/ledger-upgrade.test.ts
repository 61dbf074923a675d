// A store written by the release before ledger v2 (commit 57652dc: the ledger one hash chain in
// ledger_event) opens and upgrades, on both stores (issue 19, item 8). The ledger is the record of
// what the authorities decided (DOMAIN.md) and its integrity is what the platform answers for: a
// conversion must not lose, reorder or rewrite a single event. So the old chain is checked whole
// first and a broken one is refused, naming the broken event, with nothing converted; an intact
// one has every event, byte for byte, in its subject's log in chain order; a ledger.upgraded event
// in the platform log records the old chain's length and head hash, so every later checkpoint
// commits to the chain it continues (the first is signed at once, over it); the projections
// rebuilt from the logs equal what the old release showed, and the public pages read as they did.
//
// The fixture (test/fixtures/chain-v1) was written by that release itself: generate.ts there,
// run in a checkout of 57652dc, files a small history through its services and dumps its chain,
// its projections (without the columns that number events), its operational tables and the
// public pages it answered.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, freshStore, type StoreLocation } from '../support/stores.ts';
import { TEST_SECRET, addAgency, asActor, openTestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, ORG_C, PERSON, penalty, registration } from '../support/records.ts';
import { ledgerRows, type EventRow } from '../support/ledger-rows.ts';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';
import type { Database, Queryable } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { loadConfig, type Config } from '../../src/kernel/config.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import { Platform } from '../../src/app/platform.ts';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';
import { logOf, partitionsOf, PLATFORM_LOG } from '../../src/ledger/ledger.ts';
import { ledgerHead } from '../../src/ledger/head.ts';
import { openLedger } from '../../src/ledger/upgrade.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import { verifyProjections } from '../../src/ledger/verify-projections.ts';
import { checkpointById, headOfCheckpoint } from '../../src/ledger/checkpoints.ts';
import { inclusionProof } from '../../src/ledger/proofs.ts';
import { leafHash, verifyInclusion } from '../../src/ledger/tlog/merkle.ts';
import { TILE_WIDTH } from '../../src/ledger/tlog/tiles.ts';
import { openCheckpoint } from '../../src/ledger/tlog/checkpoint.ts';
import { newVerifier } from '../../src/ledger/tlog/note.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/chain-v1');

/** A row of the old chain as the fixture holds it (hashes in hex). */
interface ChainRow {
  seq: number;
  type: string;
  subject_key: string | null;
  recorded_at: string;
  payload: string;
  prev_hash: string;
  hash: string;
}
type Row = Record<string, unknown>;

const CHAIN: ChainRow[] = readFileSync(resolve(FIXTURE, 'ledger_event.ndjson'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as ChainRow);
const OLD_PROJECTIONS = JSON.parse(readFileSync(resolve(FIXTURE, 'projections.json'), 'utf8')) as Record<string, Row[]>;
const OLD_STORE = JSON.parse(readFileSync(resolve(FIXTURE, 'store.json'), 'utf8')) as { now: string; policyDigest: string; tables: Record<string, Row[]> };
const OLD_VIEWS = JSON.parse(readFileSync(resolve(FIXTURE, 'views.json'), 'utf8')) as { profiles: Record<string, Row>; lists: Record<string, Row> };

/**
 * The projection tables: each row's key (as generate.ts sorts them), the columns that numbered
 * events by their place in the old chain, and those that number them by their log and index now.
 */
const PROJECTIONS: Record<string, { key: string; seqColumns: string[]; indexColumns: string[] }> = {
  subject: { key: 'subject_key', seqColumns: ['first_seq'], indexColumns: ['first_index'] },
  credit_record: { key: 'record_id', seqColumns: ['filed_seq', 'body_seq', 'last_seq'], indexColumns: ['filed_index', 'body_index', 'last_index'] },
  person_role: { key: "record_id || '|' || role", seqColumns: ['first_seq', 'last_seq'], indexColumns: ['first_index', 'last_index'] },
  list_entry: { key: 'entry_id', seqColumns: ['first_seq', 'last_seq'], indexColumns: ['first_index', 'last_index', 'log'] },
  objection: { key: 'objection_id', seqColumns: ['first_seq', 'last_seq'], indexColumns: ['first_index', 'last_index'] },
  repair_application: { key: 'repair_id', seqColumns: ['first_seq', 'last_seq'], indexColumns: ['first_index', 'last_index'] },
  evaluation_override: { key: "subject_key || '|' || scorecard", seqColumns: ['last_seq'], indexColumns: ['last_index'] },
};

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A table's rows as generate.ts wrote them: sorted by key, instants as ISO strings, without `drop`. */
async function tableRows(q: Queryable, table: string, key: string, drop: readonly string[]): Promise<Row[]> {
  const rows = await q.query(`SELECT *, ${key} AS fixture_key FROM ${table}`);
  return rows
    .map((r) => ({
      k: r.fixture_key as string,
      row: Object.fromEntries(
        Object.keys(r)
          .filter((c) => c !== 'fixture_key' && !drop.includes(c))
          .sort()
          .map((c) => [c, r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c]]),
      ),
    }))
    .sort((a, b) => byCodeUnits(a.k, b.k))
    .map((x) => x.row);
}

async function projections(q: Queryable): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  // From migration 25 on, records are read as the platform reads them: their classification joined back.
  const [{ view }] = (await q.query<{ view: string | null }>("SELECT to_regclass('credit_record_view')::text AS view")) as [{ view: string | null }];
  for (const [table, { key, seqColumns, indexColumns }] of Object.entries(PROJECTIONS)) {
    const from = table === 'credit_record' && view ? view : table;
    out[table] = await tableRows(q, from, key, [...seqColumns, ...indexColumns, 'class_id']);
  }
  return out;
}

const openRaw = (loc: StoreLocation): Promise<Database> =>
  loc.databaseUrl ? PostgresDatabase.open(loc.databaseUrl) : PgliteDatabase.open(loc.dataDir, { relaxedDurability: false });

/**
 * The store as the old release left it: its schema (migrations up to 0017), its chain, its
 * projections (their sequence numbers are rebuilt, so any will do), and the operational tables
 * the ledger does not rebuild.
 */
async function writeOldStore(loc: StoreLocation, chain: readonly ChainRow[]): Promise<void> {
  const db = await openRaw(loc);
  try {
    await migrate(db, { upTo: 17 });
    await db.query(
      `INSERT INTO ledger_event (seq, type, subject_key, recorded_at, payload, prev_hash, hash)
       SELECT s, t, k, r, p, decode(ph, 'hex'), decode(h, 'hex')
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[]) AS u(s, t, k, r, p, ph, h)`,
      [
        chain.map((e) => e.seq),
        chain.map((e) => e.type),
        chain.map((e) => e.subject_key),
        chain.map((e) => e.recorded_at),
        chain.map((e) => e.payload),
        chain.map((e) => e.prev_hash),
        chain.map((e) => e.hash),
      ],
    );
    const insert = (table: string, rows: readonly Row[]) =>
      db.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(rows)]);
    for (const [table, { seqColumns }] of Object.entries(PROJECTIONS)) {
      await insert(
        table,
        OLD_PROJECTIONS[table]!.map((r) => ({ ...r, ...Object.fromEntries(seqColumns.map((c) => [c, 0])) })),
      );
    }
    for (const [table, rows] of Object.entries(OLD_STORE.tables)) await insert(table, rows);
    await db.query("SELECT setval('evaluation_history_id_seq', (SELECT max(id) FROM evaluation_history))");
  } finally {
    await db.close();
  }
}

function configFor(loc: StoreLocation, signingKey: string | undefined): Config {
  return loadConfig({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl, idHashSecret: TEST_SECRET, logLevel: 'silent', reportSigningKey: signingKey }, {});
}

const entries = (q: Queryable) => ledgerRows(q);
const hasTable = async (q: Queryable, table: string) => (await q.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]))[0]!.t !== null;

describe.each(STORES)('a store of the release before ledger v2, opened on %s', (store) => {
  let loc: StoreLocation;
  let platform: Platform | undefined;
  let config: Config;
  const clock = new FixedClock(new Date(OLD_STORE.now));

  beforeAll(async () => {
    loc = await freshStore(store);
    await writeOldStore(loc, CHAIN);
    config = configFor(loc, loc.databaseUrl ? generateSigningKeyPem() : undefined);
    platform = await Platform.open(config, { clock });
  });
  afterAll(async () => {
    await platform?.close();
    await loc?.cleanup();
  });

  it('has every event of the old chain, its bytes unchanged, in its log in chain order, and the ledger verifies', async () => {
    const db = platform!.db;
    const partitions = await partitionsOf(db);
    expect(partitions).toBe(config.ledgerLogs);
    const stored = await entries(db);
    for (let log = 0; log <= partitions; log++) {
      const old = CHAIN.filter((e) => logOf(e.subject_key, partitions) === log);
      const inLog = stored.filter((e) => e.log === log);
      // The old chain's events come first in their log, in the chain's order.
      expect(
        inLog
          .slice(0, old.length)
          .map((e) => ({ idx: e.idx, type: e.type, subject: e.subject_key, at: new Date(e.recorded_at).toISOString(), payload: e.payload })),
        `log ${log}`,
      ).toEqual(old.map((e, idx) => ({ idx, type: e.type, subject: e.subject_key, at: e.recorded_at, payload: e.payload })));
      // Nothing else in a subject log: the platform appended only to its own.
      if (log !== PLATFORM_LOG) expect(inLog).toHaveLength(old.length);
    }
    expect(new Set(stored.filter((e) => e.log !== PLATFORM_LOG).map((e) => e.log)).size).toBeGreaterThan(1);
    const verified = await verifyLedger(db);
    expect(verified.intact).toBe(true);
    expect(verified.events).toBe(stored.length);
  });

  it('records the old chain’s length and head hash in a ledger.upgraded event after the old platform events, and drops ledger_event and ledger_entry', async () => {
    const db = platform!.db;
    const platformLog = (await entries(db)).filter((e) => e.log === PLATFORM_LOG);
    const oldPlatformEvents = CHAIN.filter((e) => e.subject_key === null).length;
    const upgraded = platformLog[oldPlatformEvents]!;
    expect(upgraded.type).toBe('ledger.upgraded');
    expect(JSON.parse(upgraded.payload)).toEqual({
      actor: { id: 'xinyong', type: 'system' },
      at: OLD_STORE.now,
      data: {
        chain: { events: CHAIN.length, head: CHAIN[CHAIN.length - 1]!.hash },
        // How many of each log's first events came from the chain.
        logs: Array.from({ length: config.ledgerLogs + 1 }, (_, log) => CHAIN.filter((e) => logOf(e.subject_key, config.ledgerLogs) === log).length),
      },
      subject: null,
      type: 'ledger.upgraded',
    });
    expect(platformLog.filter((e) => e.type === 'ledger.upgraded')).toHaveLength(1);
    // This release's pack differs from the one the old chain last recorded (a scorecard changed
    // since): it is published after the upgrade, not before it.
    expect(platform!.policy.digest).not.toBe(OLD_STORE.policyDigest);
    const after = platformLog.slice(oldPlatformEvents + 1).map((e) => JSON.parse(e.payload) as { type: string; data: { digest?: string } });
    expect(after.map((e) => [e.type, e.data.digest])).toEqual([['policy.published', platform!.policy.digest]]);
    expect(await hasTable(db, 'ledger_event')).toBe(false);
    // Migration 18's table of a row per event is gone too: the events are in blocks.
    expect(await hasTable(db, 'ledger_entry')).toBe(false);
  });

  it('signs the first checkpoint at once, its platform log ending with the ledger.upgraded event, so it commits to the old chain’s head', async () => {
    const db = platform!.db;
    const first = await checkpointById(db, 1);
    expect(first).not.toBeNull();
    const verifiers = platform!.log.keys().keys.map((k) => newVerifier(k.verifierKey));
    const { head } = headOfCheckpoint(openCheckpoint(first!.note, config.logOrigin, verifiers).text);
    const stored = await entries(db);
    const platformLog = stored.filter((e) => e.log === PLATFORM_LOG);
    const upgraded = platformLog.findIndex((e) => e.type === 'ledger.upgraded');
    // Log 0 of the first checkpoint ends with ledger.upgraded (the policy published after it is not in it) and every old event is in it.
    expect(head.logs[PLATFORM_LOG]!.size).toBe(upgraded + 1);
    for (const state of head.logs) expect(state.size, `log ${state.log}`).toBe(CHAIN.filter((e) => logOf(e.subject_key, config.ledgerLogs) === state.log).length + (state.log === PLATFORM_LOG ? 1 : 0));
    // The ledger.upgraded event, naming the old chain's head hash, is proven in it.
    expect(JSON.parse(platformLog[upgraded]!.payload).data.chain.head).toBe(CHAIN[CHAIN.length - 1]!.hash);
    const proof = await inclusionProof(db, PLATFORM_LOG, upgraded, head.logs[PLATFORM_LOG]!.size);
    verifyInclusion(upgraded, head.logs[PLATFORM_LOG]!.size, leafHash(Buffer.from(platformLog[upgraded]!.payload)), proof, Buffer.from(head.logs[PLATFORM_LOG]!.root, 'base64'));
  });

  it('rebuilds the projections to what the old release held, and they equal a replay of the ledger', async () => {
    const db = platform!.db;
    expect(await projections(db)).toEqual(OLD_PROJECTIONS);
    // A list entry's log is its subject's.
    const partitions = await partitionsOf(db);
    for (const e of await db.query<{ subject_key: string; log: number }>('SELECT subject_key, log FROM list_entry'))
      expect(e.log).toBe(logOf(e.subject_key, partitions));
    const check = await verifyProjections(db, { all: true });
    expect(check).toMatchObject({ equal: true, mode: 'all', differences: 0, firstDifference: null });
    expect(check.checked).toBe(OLD_PROJECTIONS.subject!.length);
  });

  it('answers the public profiles and list pages as the old release did, now and as of earlier days', async () => {
    const p = platform!;
    expect(await p.subjects.publicProfile(ORG_A)).toEqual(OLD_VIEWS.profiles[ORG_A]);
    expect(await p.subjects.publicProfile(ORG_B)).toEqual(OLD_VIEWS.profiles[ORG_B]);
    expect(await p.subjects.publicProfile(ORG_C)).toEqual(OLD_VIEWS.profiles[ORG_C]);
    expect(await p.subjects.publicProfile(ORG_C, new Date('2026-11-23T12:00:00+08:00'))).toEqual(OLD_VIEWS.profiles[`${ORG_C}@2026-11-23`]);
    expect(await p.subjects.publicProfile(PERSON)).toEqual(OLD_VIEWS.profiles.person);
    expect(await p.lists.entriesPage('samr-serious-illegal')).toEqual(OLD_VIEWS.lists['samr-serious-illegal']);
    expect(await p.lists.entriesPage('dishonest-judgment-defaulters')).toEqual(OLD_VIEWS.lists['dishonest-judgment-defaulters']);
    expect(await p.lists.entriesPage('dishonest-judgment-defaulters', { date: '2026-11-23' })).toEqual(
      OLD_VIEWS.lists['dishonest-judgment-defaulters@2026-11-23'],
    );
    expect(await p.lists.entriesPage('abnormal-operations', { date: '2026-12-01' })).toEqual(OLD_VIEWS.lists['abnormal-operations@2026-12-01']);
    // The search index is rebuilt with the subjects.
    expect((await p.search.search('星河电子', { limit: 5 })).map((h) => h.name)).toContain('杭州星河电子有限公司');
  });

  it('converts once: a second open changes nothing, and new events follow the old ones in their logs', async () => {
    const before = { head: await ledgerHead(platform!.db), projections: await projections(platform!.db) };
    await platform!.close();
    platform = undefined;
    platform = await Platform.open(config, { clock });
    const db = platform.db;
    expect(await ledgerHead(db)).toEqual(before.head);
    expect(await projections(db)).toEqual(before.projections);
    expect(await openLedger(db, { partitions: config.ledgerLogs, at: clock.now() })).toEqual({ created: false, upgraded: null });
    expect(await ledgerHead(db)).toEqual(before.head);

    // A filing after the upgrade: the next entry of its subject's log, after the old ones.
    const row = OLD_STORE.tables.agency!.find((a) => a.code === 'samr-hangzhou')! as { code: string; name: string; kind: string; items: string[] };
    const samr: AgencyPrincipal = { code: row.code, name: row.name, kind: row.kind, items: row.items, keyId: 'upgrade-test' };
    clock.set('2027-06-08T02:00:00Z');
    const filed = await asActor({ type: 'agency', id: samr.code }, () =>
      platform!.intake.submit(samr, [{ line: 1, value: penalty(8, { code: ORG_A, date: '2027-06-01' }) }]),
    );
    const log = logOf(ORG_A, await partitionsOf(db));
    const last = (await ledgerRows(db, (r) => r.log === log)).at(-1);
    expect(last!.idx).toBe(CHAIN.filter((e) => logOf(e.subject_key, config.ledgerLogs) === log).length);
    expect(JSON.parse(last!.payload)).toMatchObject({ type: 'record.filed', subject: ORG_A, data: { recordId: filed.records[0]!.recordId } });
    expect(JSON.parse(last!.payload)).not.toHaveProperty('seq');
    expect((await verifyLedger(db)).intact).toBe(true);
    expect((await verifyProjections(db, { all: true })).equal).toBe(true);
    expect((await platform.subjects.publicProfile(ORG_A)).records.map((r) => r.recordId)).toContain(filed.records[0]!.recordId);
  });
});

describe.each(STORES)('a store of the release before ledger v2 with a broken chain, opened on %s', (store) => {
  let loc: StoreLocation;
  // An altered fine: the payload no longer hashes to the event's stored hash.
  const altered = CHAIN.find((e) => e.type === 'record.filed' && e.payload.includes('"fineAmount":50000'))!;
  const chain = CHAIN.map((e) => (e === altered ? { ...e, payload: e.payload.replace('"fineAmount":50000', '"fineAmount":5000') } : e));

  beforeAll(async () => {
    loc = await freshStore(store);
    await writeOldStore(loc, chain);
  });
  afterAll(async () => {
    await loc?.cleanup();
  });

  it('refuses to open, naming the altered event, and converts nothing', async () => {
    expect(altered).toBeDefined();
    const config = configFor(loc, loc.databaseUrl ? generateSigningKeyPem() : undefined);
    const err = await Platform.open(config, { clock: new FixedClock(new Date(OLD_STORE.now)) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`broken at event ${altered.seq}:`);
    expect((err as Error).message).toContain('altered');

    const db = await openRaw(loc);
    try {
      expect(await hasTable(db, 'ledger_event')).toBe(true);
      const kept = await db.query<{ seq: number; payload: string; hash: string }>(
        "SELECT seq, payload, encode(hash, 'hex') AS hash FROM ledger_event ORDER BY seq",
      );
      expect(kept).toEqual(chain.map((e) => ({ seq: e.seq, payload: e.payload, hash: e.hash })));
      // Refused before the migration that makes the logs: the schema is the old release's, which can still work on it.
      expect(await db.query<{ v: number }>('SELECT max(version) AS v FROM schema_migration')).toEqual([{ v: 17 }]);
      for (const table of ['ledger_meta', 'ledger_log', 'ledger_entry', 'ledger_block']) expect(await hasTable(db, table), table).toBe(false);
      // The old projections are left as they were.
      expect(await projections(db)).toEqual(OLD_PROJECTIONS);
    } finally {
      await db.close();
    }
  });
});

describe.each(STORES)('a store of the release before ledger v2 whose conversion fails, opened on %s', (store) => {
  let loc: StoreLocation;
  // An intact chain whose last event the projection cannot apply (a notice for an entry that
  // never was): the chain verifies, the conversion's replay fails.
  const last = CHAIN.at(-1)!;
  const payload = canonicalJson({
    actor: { id: 'xinyong', type: 'system' },
    at: last.recorded_at,
    data: { deadline: '2027-01-01', entryId: 'ent_never_proposed', servedOn: '2026-12-01' },
    seq: last.seq + 1,
    subject: ORG_A,
    type: 'list.notified',
  });
  const hash = createHash('sha256').update(Buffer.from(last.hash, 'hex')).update(payload, 'utf8').digest('hex');
  const chain = [...CHAIN, { seq: last.seq + 1, type: 'list.notified', subject_key: ORG_A, recorded_at: last.recorded_at, payload, prev_hash: last.hash, hash }];

  beforeAll(async () => {
    loc = await freshStore(store);
    await writeOldStore(loc, chain);
  });
  afterAll(async () => {
    await loc?.cleanup();
  });

  it('fails to open and leaves the store as its release left it: the conversion is part of the migration', async () => {
    const config = configFor(loc, loc.databaseUrl ? generateSigningKeyPem() : undefined);
    const err = await Platform.open(config, { clock: new FixedClock(new Date(OLD_STORE.now)) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('ent_never_proposed');
    const db = await openRaw(loc);
    try {
      expect(await db.query<{ v: number }>('SELECT max(version) AS v FROM schema_migration')).toEqual([{ v: 17 }]);
      expect(await hasTable(db, 'ledger_event')).toBe(true);
      for (const table of ['ledger_meta', 'ledger_log', 'ledger_entry', 'ledger_block']) expect(await hasTable(db, table), table).toBe(false);
      expect(await projections(db)).toEqual(OLD_PROJECTIONS);
    } finally {
      await db.close();
    }
  });
});

// A store written by this release before its events were stored in blocks (migration 18's
// layout: a row per event in ledger_entry, and every leaf tile stored, a log's last one partial)
// opens with its events moved into blocks unchanged, each at its index, ledger_entry dropped, the
// leaf tiles dropped (migrations 19 and 28: they are hashed from the events now), and the ledger
// verifying and proving. The store is made from the ledger of a platform of this release: its
// events, heads and tiles are copied into a second store migrated up to 18, with the leaf tiles
// that release kept.
describe.each(STORES)('a store of migration 18 (a row per event), opened on %s', (store) => {
  let loc: StoreLocation;
  let platform: Platform | undefined;
  let events: EventRow[];
  let head: Awaited<ReturnType<typeof ledgerHead>>;
  let tiles: Row[];
  const tilesOf = (q: Queryable) => q.query("SELECT log, level, idx, encode(hashes, 'hex') AS hashes FROM ledger_tile ORDER BY log, level, idx");

  beforeAll(async () => {
    const source = await openTestPlatform(store);
    try {
      const samr = (await addAgency(source.platform, 'samr-hangzhou', 'market-regulation')).principal;
      // ORG_A's log passes one full leaf tile and several blocks; ORG_B's holds a few events.
      const values = [
        registration(ORG_A),
        ...Array.from({ length: TILE_WIDTH + 40 }, (_, i) => penalty(100 + i)),
        registration(ORG_B, '深圳示例有限公司'),
        penalty(1, { code: ORG_B }),
      ];
      const lines = values.map((value, i) => ({ line: i + 1, value }));
      await asActor({ type: 'agency', id: samr.code }, () => source.platform.intake.submit(samr, lines));
      const db = source.platform.db;
      events = await ledgerRows(db);
      head = await ledgerHead(db);
      tiles = await tilesOf(db);
      const [meta] = await db.query<{ partitions: number; created_at: Date }>('SELECT partitions, created_at FROM ledger_meta');
      const logs = await db.query<{ log: number; size: number; last_at: Date | null; edge: Uint8Array }>(
        'SELECT log, size, last_at, edge FROM ledger_log ORDER BY log',
      );

      loc = await freshStore(store);
      const old = await openRaw(loc);
      try {
        await migrate(old, { upTo: 18 });
        // Opened by its release, a new store's empty chain was converted, its table dropped.
        await old.exec('DROP TABLE ledger_event');
        await old.query('INSERT INTO ledger_meta (partitions, created_at) VALUES ($1, $2)', [meta!.partitions, meta!.created_at]);
        for (const l of logs) await old.query('INSERT INTO ledger_log (log, size, last_at, edge) VALUES ($1, $2, $3, $4)', [l.log, l.size, l.last_at, l.edge]);
        await old.query(
          `INSERT INTO ledger_entry (log, idx, type, subject_key, recorded_at, payload)
           SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])`,
          [
            events.map((e) => e.log),
            events.map((e) => e.idx),
            events.map((e) => e.type),
            events.map((e) => e.subject_key),
            events.map((e) => e.recorded_at.toISOString()),
            events.map((e) => e.payload),
          ],
        );
        // The tiles: this release's (above the leaves), and every leaf tile, a log's last one
        // partial, which migration 18's writer kept.
        expect(tiles.filter((t) => t.level === 0)).toEqual([]);
        const insertTile = "INSERT INTO ledger_tile (log, level, idx, hashes) VALUES ($1, $2, $3, decode($4, 'hex'))";
        for (const tile of tiles) await old.query(insertTile, [tile.log, tile.level, tile.idx, tile.hashes]);
        for (const l of logs) {
          for (let start = 0; start < Number(l.size); start += TILE_WIDTH) {
            const leaves = events.filter((e) => e.log === l.log && e.idx >= start && e.idx < start + TILE_WIDTH).map((e) => leafHash(Buffer.from(e.payload, 'utf8')));
            await old.query('INSERT INTO ledger_tile (log, level, idx, hashes) VALUES ($1, 0, $2, $3)', [l.log, start / TILE_WIDTH, Buffer.concat(leaves)]);
          }
        }
        expect(await old.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_entry')).toEqual([{ n: events.length }]);
      } finally {
        await old.close();
      }
    } finally {
      await source.close();
    }
    platform = await Platform.open(configFor(loc, loc.databaseUrl ? generateSigningKeyPem() : undefined), {
      clock: new FixedClock(new Date('2026-11-21T02:00:00Z')),
    });
  });
  afterAll(async () => {
    await platform?.close();
    await loc?.cleanup();
  });

  it('has every event in blocks, its bytes and index unchanged, ledger_entry dropped, and the ledger verifies', async () => {
    const db = platform!.db;
    const logA = logOf(ORG_A, await partitionsOf(db));
    expect(events.filter((e) => e.log === logA).length).toBeGreaterThan(TILE_WIDTH);
    expect(await hasTable(db, 'ledger_entry')).toBe(false);
    expect(await ledgerRows(db)).toEqual(events);
    expect(await ledgerHead(db)).toEqual(head);
    // The leaf tiles are gone; those above the leaves are as they were.
    expect(await tilesOf(db)).toEqual(tiles);
    const verified = await verifyLedger(db);
    expect(verified).toMatchObject({ intact: true, events: events.length });
    // An event of the full leaf tile and one of the partial one are proven from their events.
    const state = head.logs[logA]!;
    for (const index of [5, TILE_WIDTH + 3]) {
      const event = events.find((e) => e.log === logA && e.idx === index)!;
      verifyInclusion(index, state.size, leafHash(Buffer.from(event.payload, 'utf8')), await inclusionProof(db, logA, index, state.size), Buffer.from(state.root, 'base64'));
    }
  });
});
