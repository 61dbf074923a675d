// The ledger's logs on a Citus cluster (store/citus-ledger.ts, ledger/placement.ts): a new store
// on a coordinator has a log per shard of the subjects' group, a subject's events lie in the shard
// of its other rows, an append for one subject runs on one worker, and the audit, inclusion proofs
// and checkpoints work there. hashtext is checked against PostgreSQL's. Without a cluster the
// Citus part skips and says why, unless XINYONG_REQUIRE_CITUS=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { probeCitus } from '../support/citus.ts';
import { ADMIN_URL } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { penalty, registration } from '../support/records.ts';
import { ledgerRows } from '../support/ledger-rows.ts';
import { hashtext } from '../../src/store/pg-hashtext.ts';
import { LEDGER_KEYS, logKeyFor } from '../../src/store/citus-ledger.ts';
import { appendEvents, logOf, logSizes, placementOf, type LogPlacement } from '../../src/ledger/ledger.ts';
import { inclusionWithLeaf, consistencyProof } from '../../src/ledger/proofs.ts';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/tlog/merkle.ts';
import { ledgerHead } from '../../src/ledger/head.ts';
import { headOfCheckpoint, positionAsOf } from '../../src/ledger/checkpoints.ts';
import { parseNote } from '../../src/ledger/tlog/note.ts';
import { buildUscc } from '../../src/domain/ids/uscc.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import { TYPE_PARSERS, type Queryable, type Row } from '../../src/store/database.ts';
import type { NewEvent } from '../../src/ledger/events.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

const citus = await probeCitus();

describe("PostgreSQL's hashtext in TypeScript", () => {
  it('equals the server for short, long, Chinese and odd-length strings', async () => {
    const values = ['', 'a', 'ab', 'abc', 'abcd', 'abcdefghijk', 'abcdefghijkl', 'abcdefghijklm', '杭州示例科技有限公司', '91330100716105852F', '😀', 'log-1-0'];
    for (let i = 0; i < 3000; i++) values.push(`${'键'.repeat(i % 17)}${i.toString(36)}${'x'.repeat(i % 41)}`);
    values.push('长'.repeat(5000), 'z'.repeat(100_001));
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ h: number }>('SELECT hashtext(v) AS h FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n', [values]);
      expect(values.map(hashtext)).toEqual(rows.map((r) => r.h));
    } finally {
      await client.end();
    }
  });
});

/** A Queryable over one connection, which reports the workers each statement reached (citus.log_remote_commands). */
class Reporting implements Queryable {
  readonly servers = new Set<string>();
  readonly commands: string[] = [];
  constructor(readonly client: pg.Client) {
    client.on('notice', (n) => {
      const m = /on server \S+@([\d.]+:\d+)/.exec(n.detail ?? '');
      if (!m) return;
      this.servers.add(m[1]!);
      this.commands.push(n.message ?? '');
    });
  }
  async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return (await this.client.query<R>(sql, params as unknown[])).rows;
  }
  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }
  async copyIn(table: string, columns: readonly string[], text: string): Promise<void> {
    await pipeline(Readable.from([text]), this.client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
  }
  copyOut(): Promise<string> {
    throw new Error('not used');
  }
}

const override = (subject: string, n: number): NewEvent => ({ type: 'evaluation.override-lifted', subject, data: { scorecard: `card-${n}`, reason: `lifted ${n}` } });

describe.skipIf(!citus.ok)(`the ledger's logs on a Citus cluster${citus.ok ? '' : ` (skipped: ${citus.reason})`}`, () => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  let placement: LogPlacement;
  const codes = Array.from({ length: 24 }, (_, i) => buildUscc('9', '1', '330100', String(71610000 + i * 7919)));
  const others = Array.from({ length: 80 }, (_, i) => `subject-${i}`);

  beforeAll(async () => {
    t = await openTestPlatform('citus', '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    placement = await placementOf(t.platform.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("has a log per shard of the subjects' group, its tables distributed by log key in that group", async () => {
    const shards = await t.platform.db.query<{ min: number }>("SELECT shardminvalue::int AS min FROM pg_dist_shard WHERE logicalrelid = 'subject_search'::regclass ORDER BY 1");
    expect(placement).toMatchObject({ kind: 'citus-shard', partitions: shards.length, bounds: shards.map((s) => s.min) });
    expect(placement.keys).toHaveLength(shards.length + 1);
    expect((await logSizes(t.platform.db)).length).toBe(shards.length + 1);
    const rows = await t.platform.db.query<{ table: string; column: string; colocation: number }>(
      `SELECT logicalrelid::regclass::text AS table, column_to_column_name(logicalrelid, partkey) AS column, colocationid AS colocation
         FROM pg_dist_partition WHERE logicalrelid::regclass::text = ANY($1::text[]) OR logicalrelid = 'subject_search'::regclass ORDER BY 1`,
      [Object.keys(LEDGER_KEYS)],
    );
    expect(rows.map((r) => r.table).sort()).toEqual([...Object.keys(LEDGER_KEYS), 'subject_search'].sort());
    expect(new Set(rows.map((r) => r.colocation)).size).toBe(1);
    for (const r of rows) expect(r.column).toBe(r.table === 'subject_search' ? 'subject_key' : 'log_key');
    // Each subject log's key lies in its shard, the platform log's in the first.
    for (let log = 0; log <= placement.partitions; log++) {
      const [row] = await t.platform.db.query<{ same: boolean }>(
        "SELECT get_shard_id_for_distribution_column('ledger_block', $1::text) = (SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'ledger_block'::regclass AND shardminvalue::int = $2) AS same",
        [placement.keys![log], placement.bounds![Math.max(0, log - 1)]],
      );
      expect(row!.same).toBe(true);
      expect(placement.keys![log]).toBe(logKeyFor(log, placement.bounds!));
    }
  });

  it("keeps every subject's events in the shard of its subject_search row, on its worker", async () => {
    await asActor({ type: 'agency', id: samr.code }, () => t.platform.intake.submit(samr, codes.map((c, i) => ({ line: i + 1, value: registration(c, `杭州示例${i}有限公司`) }))));
    for (const [i, s] of others.entries()) await t.platform.db.transaction((tx) => appendEvents(tx, [override(s, i), override(s, i + 1000)], SYSTEM_ACTOR, t.clock.now()));
    const rows = await ledgerRows(t.platform.db, (r) => r.subject_key !== null);
    const subjects = new Set(rows.map((r) => r.subject_key!));
    expect(subjects).toEqual(new Set([...codes, ...others]));
    // The shard (and the worker) of each subject's search row, and of the log holding its events.
    const shardOf = async (table: string, key: string) => {
      const [row] = await t.platform.db.query<{ min: number; port: number }>(
        `SELECT s.shardminvalue::int AS min, n.nodeport AS port FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
          WHERE s.shardid = get_shard_id_for_distribution_column($1, $2::text)`,
        [table, key],
      );
      return row!;
    };
    const logsUsed = new Set<number>();
    for (const s of subjects) {
      const logs = new Set(rows.filter((r) => r.subject_key === s).map((r) => r.log));
      expect(logs).toEqual(new Set([logOf(s, placement)]));
      const log = logOf(s, placement);
      logsUsed.add(log);
      expect(await shardOf('ledger_block', placement.keys![log]!)).toEqual(await shardOf('subject_search', s));
    }
    expect(logsUsed.size).toBeGreaterThan(placement.partitions / 2);
    // The search rows of the registered companies are where their shards say.
    const held = await t.platform.db.query<{ subject_key: string }>('SELECT subject_key FROM subject_search WHERE subject_key = ANY($1::text[])', [codes]);
    expect(held).toHaveLength(codes.length);
  });

  it('appends the events of one subject on one worker', async () => {
    // The store's own parsing of types (int8 as numbers).
    const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (format !== 'binary' && TYPE_PARSERS[oid]) || pg.types.getTypeParser(oid, format) };
    const client = new pg.Client({ connectionString: t.location.databaseUrl, types: types as pg.CustomTypesConfig });
    await client.connect();
    const q = new Reporting(client);
    try {
      const subject = others[3]!;
      await client.query('BEGIN');
      await client.query("SET LOCAL citus.log_remote_commands = 'on'");
      await client.query("SET LOCAL client_min_messages = 'notice'");
      q.servers.clear();
      // 70 events: two blocks, and a level-4 node and more in ledger_tile.
      const stored = await appendEvents(q, Array.from({ length: 70 }, (_, i) => override(subject, 5000 + i)), SYSTEM_ACTOR, t.clock.now());
      await client.query('COMMIT');
      expect(new Set(stored.map((e) => e.log))).toEqual(new Set([logOf(subject, placement)]));
      const [worker] = await t.platform.db.query<{ port: number }>(
        `SELECT n.nodeport AS port FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid) WHERE p.shardid = get_shard_id_for_distribution_column('subject_search', $1::text)`,
        [subject],
      );
      expect([...q.servers]).toEqual([`127.0.0.1:${worker!.port}`]);
      // One worker: its transaction commits in one phase.
      expect(q.commands.filter((c) => /PREPARE TRANSACTION/.test(c))).toEqual([]);
      expect(q.commands.at(-1)).toMatch(/issuing COMMIT$/);
    } finally {
      await client.end();
    }
  });

  it('refuses a block that does not follow its log, on the shard', async () => {
    const log = logOf(others[5]!, placement);
    const [size] = (await logSizes(t.platform.db)).slice(log, log + 1);
    const err = await t.platform.db
      .transaction((tx) => tx.copyIn('ledger_block', ['log_key', 'log', 'first_idx', 'events', 'subjects', 'data'], `${placement.keys![log]}\t${log}\t${size! + 5}\t1\t{}\t\\\\x00\n`))
      .catch((e: unknown) => e as Error);
    expect(String(err)).toMatch(/the ledger is append-only: the next block of log \d+ starts at event \d+, not \d+/);
  });

  it('verifies, proves inclusion and consistency, and signs checkpoints that extend each other', async () => {
    const first = await t.platform.log.currentCheckpoint();
    const subject = codes[2]!;
    await asActor({ type: 'agency', id: samr.code }, () => t.platform.intake.submit(samr, [{ line: 1, value: penalty(77, { code: subject }) }]));
    const second = await t.platform.log.currentCheckpoint();
    expect(second.id).toBeGreaterThan(first.id);
    const was = headOfCheckpoint(parseNote(first.note).text).head;
    const now = headOfCheckpoint(parseNote(second.note).text).head;
    expect(now).toEqual(await ledgerHead(t.platform.db));
    const log = logOf(subject, placement);
    expect(now.logs[log]!.size).toBeGreaterThan(was.logs[log]!.size);
    for (const l of now.logs) {
      if (was.logs[l.log]!.size === 0) continue;
      const proof = await consistencyProof(t.platform.db, l.log, was.logs[l.log]!.size, l.size);
      verifyConsistency(was.logs[l.log]!.size, l.size, proof, Buffer.from(was.logs[l.log]!.root, 'base64'), Buffer.from(l.root, 'base64'));
    }
    const events = await ledgerRows(t.platform.db, (r) => r.subject_key === subject);
    for (const e of events) {
      const { leafHash, proof } = await inclusionWithLeaf(t.platform.db, e.log, e.idx, now.logs[e.log]!.size);
      verifyInclusion(e.idx, now.logs[e.log]!.size, leafHash, proof, Buffer.from(now.logs[e.log]!.root, 'base64'));
    }
    const audit = await t.platform.verify({ signed: now });
    expect(audit).toMatchObject({ intact: true, head: now });
    expect(await positionAsOf(t.platform.db, new Date(second.madeAt))).toEqual(now.logs.map((l) => l.size));
  });

  it("records an event no earlier than its own log's last, not every log's", async () => {
    const [a, b] = others.filter((s, i, all) => all.findIndex((o) => logOf(o, placement) === logOf(s, placement)) === i);
    const now = t.clock.now().getTime();
    const append = (subject: string, at: number, n: number) =>
      t.platform.db.transaction((tx) => appendEvents(tx, [override(subject, n)], SYSTEM_ACTOR, new Date(at)));
    const [later] = await append(b!, now + 3_600_000, 9001);
    // Another process's clock, a minute behind: in another log, its own instant stands.
    const [behind] = await append(a!, now + 3_540_000, 9002);
    expect(later!.at).toBe(new Date(now + 3_600_000).toISOString());
    expect(behind!.at).toBe(new Date(now + 3_540_000).toISOString());
    // In its own log, never before the last.
    const [again] = await append(a!, now, 9003);
    expect(again!.at).toBe(behind!.at);
    // A checkpoint's sizes hold both: the cut as of its instant.
    t.clock.set(new Date(now + 3_700_000));
    try {
      const c = await t.platform.log.currentCheckpoint();
      const sizes = await positionAsOf(t.platform.db, new Date(now + 3_700_000));
      expect(sizes).toEqual(c.sizes);
      expect(sizes![later!.log]).toBeGreaterThan(later!.index);
      expect(sizes![again!.log]).toBeGreaterThan(again!.index);
    } finally {
      t.clock.set(new Date(now));
    }
    expect((await t.platform.verify()).intact).toBe(true);
  });
});
