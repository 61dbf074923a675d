// The platform on a Citus cluster (scripts/citus-cluster.sh): migrations run on the coordinator
// lay the tables out as src/store/citus.ts says (distributed by subject_key in one co-location
// group, or reference tables), and a record filed through intake changes the answer of a credit
// check. Without a cluster this file skips and says why, unless XINYONG_REQUIRE_CITUS=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCitus } from '../support/citus.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_C, judgment, registration } from '../support/records.ts';
import { COORDINATOR_TABLES, DISTRIBUTED_BY_SUBJECT, REFERENCE_TABLES } from '../../src/store/citus.ts';
import { CREDIT_DISTRIBUTED, CREDIT_REFERENCE_TABLES } from '../../src/store/citus-credit.ts';
import { LEDGER_KEYS } from '../../src/store/citus-ledger.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import pg from 'pg';
import { loadSubjectRows, updateRows } from '../../src/ledger/projection/store.ts';
import { OBJECTION_TABLE } from '../../src/ledger/projection/rows.ts';
import { TYPE_PARSERS, type Queryable, type Row } from '../../src/store/database.ts';

const citus = await probeCitus();
const agency = (a: AgencyPrincipal) => ({ kind: 'agency' as const, agency: a });
const as = <T>(a: AgencyPrincipal, fn: () => Promise<T>) => asActor({ type: 'agency', id: a.code }, fn);

describe.skipIf(!citus.ok)(`the platform on a Citus cluster${citus.ok ? '' : ` (skipped: ${citus.reason})`}`, () => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  let court: AgencyPrincipal;
  /** The court's judgment filed about ORG_C. */
  let judgmentId = '';
  /** A check answered about ORG_C. */
  let checkId = '';

  beforeAll(async () => {
    t = await openTestPlatform('citus', '2026-11-20T02:00:00Z');
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    court = (await addAgency(t.platform, 'court-xihu', 'court')).principal;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('distributes the tables keyed by subject by subject_key, all in one co-location group, over both workers', async () => {
    const rows = await t.platform.db.query<{ table: string; method: string; column: string | null; colocation: number }>(
      `SELECT logicalrelid::regclass::text AS table, partmethod AS method,
              column_to_column_name(logicalrelid, partkey) AS column, colocationid AS colocation
       FROM pg_dist_partition WHERE partmethod = 'h' AND NOT logicalrelid::regclass::text = ANY($1::text[]) ORDER BY 1`,
      // The ledger's tables, distributed by log key in the same group: citus-ledger.test.ts; the
      // credit tables, by their borrower's key: citus-credit.test.ts.
      [[...Object.keys(LEDGER_KEYS), ...Object.keys(CREDIT_DISTRIBUTED)]],
    );
    expect(rows.map((r) => r.table).sort()).toEqual([...DISTRIBUTED_BY_SUBJECT].sort());
    expect(new Set(rows.map((r) => r.column))).toEqual(new Set(['subject_key']));
    expect(new Set(rows.map((r) => r.colocation)).size).toBe(1);
    // Every shard index of the group lies on one node for all of its tables, and both workers hold shards.
    const placements = await t.platform.db.query<{ shard_index: number; nodes: number; tables: number }>(
      `SELECT s.shardminvalue AS shard_index, count(DISTINCT p.nodeport)::int AS nodes, count(DISTINCT s.logicalrelid)::int AS tables
       FROM pg_dist_shard s JOIN pg_dist_placement pl USING (shardid) JOIN pg_dist_node p ON p.groupid = pl.groupid
       WHERE s.logicalrelid = ANY($1::regclass[]) GROUP BY s.shardminvalue`,
      [[...DISTRIBUTED_BY_SUBJECT]],
    );
    expect(placements.length).toBeGreaterThan(1);
    for (const p of placements) expect(p).toMatchObject({ nodes: 1, tables: DISTRIBUTED_BY_SUBJECT.length });
    const [spread] = await t.platform.db.query<{ nodes: number }>(
      `SELECT count(DISTINCT n.nodeport)::int AS nodes FROM pg_dist_shard s JOIN pg_dist_placement pl USING (shardid)
       JOIN pg_dist_node n ON n.groupid = pl.groupid WHERE s.logicalrelid = 'subject_search'::regclass`,
    );
    expect(spread!.nodes).toBe(citus.workers.length);
  });

  it('makes the small shared tables reference tables, held by every node', async () => {
    const rows = await t.platform.db.query<{ table: string }>(
      "SELECT logicalrelid::regclass::text AS table FROM pg_dist_partition WHERE partmethod = 'n' AND repmodel = 't'",
    );
    expect(rows.map((r) => r.table).sort()).toEqual([...REFERENCE_TABLES, ...CREDIT_REFERENCE_TABLES].sort());
    // The tables left to the coordinator are not Citus tables at all.
    const citusTables = await t.platform.db.query('SELECT 1 FROM pg_dist_partition WHERE logicalrelid::regclass::text = ANY($1::text[])', [[...COORDINATOR_TABLES]]);
    expect(citusTables).toEqual([]);
    // The agencies registered above are in every node's copy, the workers' and the coordinator's.
    const copies = await t.platform.db.query<{ nodeport: number; result: string }>(
      "SELECT nodeport, result FROM run_command_on_placements('agency', 'SELECT count(*) FROM %s') ORDER BY nodeport",
    );
    expect(copies.map((c) => c.nodeport)).toEqual(expect.arrayContaining(citus.workers.map((w) => w.port)));
    for (const c of copies) expect(c.result).toBe('2');
  });

  it('migrating again changes nothing: the layout is made once', async () => {
    const before = await t.platform.db.query('SELECT logicalrelid::text, colocationid FROM pg_dist_partition ORDER BY 1');
    expect((await migrate(t.platform.db)).applied).toEqual([]);
    expect(await t.platform.db.query('SELECT logicalrelid::text, colocationid FROM pg_dist_partition ORDER BY 1')).toEqual(before);
  });

  it('a record filed through intake on the coordinator lists the subject, and a credit check answers it', async () => {
    await as(samr, () => t.platform.intake.submit(samr, [{ line: 1, value: registration(ORG_C, '深圳示例贸易有限公司') }]));
    const filed = await as(court, () => t.platform.intake.submit(court, [{ line: 1, value: judgment(1, ORG_C, '2026-11-02') }]));
    expect(filed.records[0]!.recordId).toBeTruthy();
    judgmentId = filed.records[0]!.recordId;
    const [subject] = await t.platform.db.query<{ name: string }>('SELECT name FROM subject WHERE subject_key = $1', [ORG_C]);
    expect(subject!.name).toBe('深圳示例贸易有限公司');
    // Its search row is held by one shard, on a worker.
    const held = await t.platform.db.query<{ nodeport: number }>(
      "SELECT nodeport FROM run_command_on_placements('subject_search', $$SELECT count(*) FROM %s WHERE subject_key = '" + ORG_C + "'$$) WHERE result <> '0'",
    );
    expect(held).toHaveLength(1);
    expect(citus.workers.map((w) => w.port)).toContain(held[0]!.nodeport);
    await t.platform.checks.index.catchUp();
    const check = await as(samr, () => t.platform.checks.check(agency(samr), { subject: ORG_C, scenario: 'high-consumption' }));
    expect(check.outcome).toBe('prohibit');
    checkId = check.checkId;
  });

  it("keeps a subject's checks and the feedback on them on the shard of its other rows", async () => {
    await t.platform.checks.log.drain();
    const reported = await as(samr, () => t.platform.checks.feedback(agency(samr), checkId, { action: 'no-action-needed', measures: [] }));
    expect(reported.checkId).toBe(checkId);
    const [row] = await t.platform.db.query<{ action: string }>(
      'SELECT f.action FROM check_log l JOIN check_feedback f ON f.subject_key = l.subject_key AND f.check_id = l.check_id WHERE l.subject_key = $1',
      [ORG_C],
    );
    expect(row!.action).toBe('no-action-needed');
    for (const table of ['check_log', 'check_feedback']) {
      const held = await t.platform.db.query<{ nodeport: number; shard: string }>(
        `SELECT nodeport, shardid::text AS shard FROM run_command_on_placements('${table}', $$SELECT count(*) FROM %s WHERE subject_key = '${ORG_C}'$$) WHERE result <> '0'`,
      );
      expect(held).toHaveLength(1);
      const [expected] = await t.platform.db.query<{ shard: string }>('SELECT get_shard_id_for_distribution_column($1, $2::text)::text AS shard', [
        table,
        ORG_C,
      ]);
      expect(held[0]!.shard).toBe(expected!.shard);
    }
  });

  it("keeps a subject's objection on the shard of its other rows, filed and decided through the projection's single-shard updates", async () => {
    const filed = await as(court, () => t.platform.objections.file(agency(court), { target: { type: 'record', id: judgmentId }, reasons: '异议' }));
    await as(court, () => t.platform.objections.decide(agency(court), filed.objectionId, { outcome: 'withdrawn', reasons: '撤回' }));
    const [row] = await t.platform.db.query<{ state: string }>('SELECT state FROM objection WHERE subject_key = $1 AND objection_id = $2', [
      ORG_C,
      filed.objectionId,
    ]);
    expect(row!.state).not.toBe('open');
    // The objection's shard and the subject's search row's shard are the same shard index, on one node.
    const shards = await t.platform.db.query<{ table: string; index: string; nodeport: number }>(
      `SELECT s.logicalrelid::regclass::text AS table, s.shardminvalue AS index, n.nodeport
       FROM unnest($1::text[]) AS t(name) JOIN pg_dist_shard s ON s.logicalrelid = t.name::regclass
       JOIN pg_dist_placement pl USING (shardid) JOIN pg_dist_node n ON n.groupid = pl.groupid
       WHERE s.shardid = get_shard_id_for_distribution_column(t.name, $2::text)`,
      [['subject_search', 'objection', 'repair_application'], ORG_C],
    );
    expect(shards).toHaveLength(3);
    expect(new Set(shards.map((r) => `${r.index}@${r.nodeport}`)).size).toBe(1);
    const held = await t.platform.db.query<{ nodeport: number }>(
      "SELECT nodeport FROM run_command_on_placements('objection', $$SELECT count(*) FROM %s WHERE subject_key = '" + ORG_C + "'$$) WHERE result <> '0'",
    );
    expect(held.map((h) => h.nodeport)).toEqual([shards[0]!.nodeport]);
    // The writer's update of the stored row reaches the subject's shard alone and commits there in one phase.
    const rows = await loadSubjectRows(t.platform.db, OBJECTION_TABLE, ORG_C);
    expect(rows).toHaveLength(1);
    const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (format !== 'binary' && TYPE_PARSERS[oid]) || pg.types.getTypeParser(oid, format) };
    const client = new pg.Client({ connectionString: t.location.databaseUrl, types: types as pg.CustomTypesConfig });
    await client.connect();
    const commands: string[] = [];
    client.on('notice', (n) => {
      if (/on server /.test(n.detail ?? '')) commands.push(n.message ?? '');
    });
    const q: Queryable = {
      query: async <R extends Row = Row>(sql: string, params?: readonly unknown[]) => (await client.query<R>(sql, params as unknown[])).rows,
      exec: async (sql: string) => void (await client.query(sql)),
      copyIn: () => Promise.reject(new Error('not used')),
      copyOut: () => Promise.reject(new Error('not used')),
    };
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL citus.log_remote_commands = 'on'");
      await client.query("SET LOCAL client_min_messages = 'notice'");
      await updateRows(q, OBJECTION_TABLE, rows);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const [own] = await t.platform.db.query<{ shard: string }>("SELECT get_shard_id_for_distribution_column('objection', $1::text)::text AS shard", [ORG_C]);
    const updated = commands.filter((c) => /UPDATE /.test(c)).map((c) => /objection_(\d+)/.exec(c)?.[1]);
    expect(updated).toEqual([own!.shard]);
    expect(commands.filter((c) => /PREPARE TRANSACTION/.test(c))).toEqual([]);
    // A row that is not stored is not updated, and the writer says so.
    const missing = { ...rows[0]!, objectionId: 'no-such-objection' };
    await expect(t.platform.db.transaction((tx) => updateRows(tx, OBJECTION_TABLE, [missing]))).rejects.toThrow(/objection: 0 of 1 stored rows updated/);
  });
});
