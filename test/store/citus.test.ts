// The platform on a Citus cluster (scripts/citus-cluster.sh): migrations run on the coordinator
// lay the tables out as src/store/citus.ts says (distributed by subject_key in one co-location
// group, or reference tables), and a record filed through intake changes the answer of a credit
// check. Without a cluster this file skips and says why, unless XINYONG_REQUIRE_CITUS=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCitus, SHARD_COUNT } from '../support/citus.ts';
import { entriesChangedSince } from '../../src/features/lists/lists.store.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_C, judgment, penalty, registration } from '../support/records.ts';
import { importFile } from '../../src/features/records/import.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COORDINATOR_TABLES, DISTRIBUTED_BY_SUBJECT, DISTRIBUTED_IN_SUBJECT_SHARD, REFERENCE_TABLES } from '../../src/store/citus.ts';
import { CREDIT_DISTRIBUTED, CREDIT_REFERENCE_TABLES } from '../../src/store/citus-credit.ts';
import { LEDGER_KEYS } from '../../src/store/citus-ledger.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { loadSubjectRows, updateRows } from '../../src/ledger/projection/store.ts';
import { OBJECTION_TABLE } from '../../src/ledger/projection/rows.ts';
import { TYPE_PARSERS, type Database, type Queryable, type Row } from '../../src/store/database.ts';
import { EvaluationService } from '../../src/features/evaluation/evaluation.service.ts';
import { IntakeService } from '../../src/features/records/intake.service.ts';

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
      // credit tables, by their borrower's key: citus-credit.test.ts; the report, by its code, below.
      [[...Object.keys(LEDGER_KEYS), ...Object.keys(CREDIT_DISTRIBUTED), ...Object.keys(DISTRIBUTED_IN_SUBJECT_SHARD)]],
    );
    expect(rows.map((r) => r.table).sort()).toEqual([...DISTRIBUTED_BY_SUBJECT].sort());
    expect(new Set(rows.map((r) => r.column))).toEqual(new Set(['subject_key']));
    expect(new Set(rows.map((r) => r.colocation)).size).toBe(1);
    const own = await t.platform.db.query<{ table: string; column: string; colocation: number }>(
      `SELECT logicalrelid::regclass::text AS table, column_to_column_name(logicalrelid, partkey) AS column, colocationid AS colocation
       FROM pg_dist_partition WHERE logicalrelid::regclass::text = ANY($1::text[]) ORDER BY 1`,
      [Object.keys(DISTRIBUTED_IN_SUBJECT_SHARD)],
    );
    expect(own).toEqual(Object.entries(DISTRIBUTED_IN_SUBJECT_SHARD).map(([table, column]) => ({ table, column, colocation: rows[0]!.colocation })));
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
    const citusTables = await t.platform.db.query('SELECT 1 FROM pg_dist_partition WHERE logicalrelid::regclass::text = ANY($1::text[])', [
      [...COORDINATOR_TABLES],
    ]);
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
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') => (format !== 'binary' && TYPE_PARSERS[oid]) || pg.types.getTypeParser(oid, format),
    };
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

  it("refreshes a subject's evaluations on its worker alone, in one phase, numbering its history rows", async () => {
    const logged = await loggedDatabase(t.location.databaseUrl!);
    try {
      const evaluations = new EvaluationService(logged.db, t.platform.policy, t.platform.clock, t.platform.subjects, t.platform.accessLog);
      await evaluations.refresh([ORG_C]);
    } finally {
      await logged.close();
    }
    const [own] = await t.platform.db.query<{ nodeport: number }>(
      `SELECT n.nodeport FROM pg_dist_placement pl JOIN pg_dist_node n ON n.groupid = pl.groupid
       WHERE pl.shardid = get_shard_id_for_distribution_column('evaluation', $1::text)`,
      [ORG_C],
    );
    expect(logged.commands.length).toBeGreaterThan(0);
    expect([...logged.servers]).toEqual([`127.0.0.1:${own!.nodeport}`]);
    expect(logged.commands.filter((c) => /PREPARE TRANSACTION/.test(c))).toEqual([]);
    const rows = await t.platform.db.query<{ scorecard: string; n: number }>(
      'SELECT scorecard, n FROM evaluation_history WHERE subject_key = $1 ORDER BY 1, 2',
      [ORG_C],
    );
    expect(rows.length).toBeGreaterThan(0);
    // A refresh that finds nothing changed adds no row; each scorecard's rows are numbered 1, 2, ...
    await t.platform.evaluations.refresh([ORG_C]);
    expect(await t.platform.db.query('SELECT scorecard, n FROM evaluation_history WHERE subject_key = $1 ORDER BY 1, 2', [ORG_C])).toEqual(rows);
    for (const [i, r] of rows.entries()) expect(r.n).toBe(rows.slice(0, i).filter((p) => p.scorecard === r.scorecard).length + 1);
  });

  it('swaps a full run in as a table distributed in the group, and its history joins on each shard', async () => {
    await t.platform.evaluations.evaluateAll();
    const [e] = await t.platform.db.query<{ column: string; colocation: number }>(
      "SELECT column_to_column_name(logicalrelid, partkey) AS column, colocationid AS colocation FROM pg_dist_partition WHERE logicalrelid = 'evaluation'::regclass",
    );
    const [anchor] = await t.platform.db.query<{ colocation: number }>(
      "SELECT colocationid AS colocation FROM pg_dist_partition WHERE logicalrelid = 'subject_search'::regclass",
    );
    expect(e).toEqual({ column: 'subject_key', colocation: anchor!.colocation });
    // The run's table took the evaluation table's name, its key's name too, and nothing of the run is left.
    expect(await t.platform.db.query("SELECT conname FROM pg_constraint WHERE conrelid = 'evaluation'::regclass AND contype = 'p'")).toEqual([
      { conname: 'evaluation_pkey' },
    ]);
    expect(await t.platform.db.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'evaluation_run_%'")).toEqual([]);
    expect(await t.platform.evaluations.of(ORG_C)).not.toEqual([]);
  });

  it("files a record of a stored subject on the subject's worker alone: its row, its roles, the reads of its stored filing", async () => {
    const logged = await loggedDatabase(t.location.databaseUrl!);
    let recordId = '';
    try {
      const intake = new IntakeService(logged.db, t.platform.policy, t.platform.clock, t.platform.secrets.idHashSecret, (tx, events, today) =>
        t.platform.lists.followUpsFor(tx, events, today),
      );
      // A registration of the stored subject under the same name, naming its legal representative.
      const filed = await as(samr, () => intake.submit(samr, [{ line: 1, value: registration(ORG_C, '深圳示例贸易有限公司', 2) }]));
      recordId = filed.records[0]!.recordId;
      expect(filed.created).toBe(1);
    } finally {
      await logged.close();
    }
    const [own] = await t.platform.db.query<{ nodeport: number; shard: string }>(
      `SELECT n.nodeport, pl.shardid::text AS shard FROM pg_dist_placement pl JOIN pg_dist_node n ON n.groupid = pl.groupid
       WHERE pl.shardid = get_shard_id_for_distribution_column('credit_record', $1::text)`,
      [ORG_C],
    );
    expect([...logged.servers]).toEqual([`127.0.0.1:${own!.nodeport}`]);
    // The stored filings are read (before the logs and again under them) from the subject's shard only.
    const reads = logged.commands.filter((c) => /SELECT record_id, subject_key, filed_index FROM/.test(c));
    expect(reads).toHaveLength(2);
    for (const r of reads) expect(/credit_record_(\d+)/.exec(r)?.[1]).toBe(own!.shard);
    // Its row and its roles lie in that shard; a subject's records and roles are read there alone.
    for (const table of ['credit_record', 'person_role']) {
      const plan = (await t.platform.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT * FROM ${table} WHERE subject_key = '${ORG_C}'`))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Task Count: 1\b/);
      const held = await t.platform.db.query<{ shard: string }>(
        `SELECT shardid::text AS shard FROM run_command_on_placements('${table}', $$SELECT count(*) FROM %s WHERE record_id = '${recordId}'$$) WHERE result <> '0'`,
      );
      const [shard] = await t.platform.db.query<{ shard: string }>('SELECT get_shard_id_for_distribution_column($1, $2::text)::text AS shard', [table, ORG_C]);
      expect(held).toEqual([{ shard: shard!.shard }]);
    }
  });

  it("corrects and withdraws a record of a subject reading its credit_record rows and list entries on the subject's shard alone", async () => {
    const filed = await as(samr, () => t.platform.intake.submit(samr, [{ line: 1, value: penalty(950, { code: ORG_C }) }]));
    const recordId = filed.records[0]!.recordId;
    const logged = await loggedDatabase(t.location.databaseUrl!);
    const shardsRead = (from: number, table = 'credit_record') =>
      logged.commands
        .slice(from)
        .filter((c) => /^issuing SELECT /.test(c))
        .flatMap((c) => [...c.matchAll(new RegExp(`${table}_(\\d+)`, 'g'))].map((m) => m[1]!));
    let corrected: string[] = [];
    let withdrawn: string[] = [];
    let entriesRead: string[] = [];
    try {
      const intake = new IntakeService(logged.db, t.platform.policy, t.platform.clock, t.platform.secrets.idHashSecret, (tx, events, today) =>
        t.platform.lists.followUpsFor(tx, events, today),
      );
      // As an objection decided as corrected or withdrawn does: the caller knows the record's subject.
      const updated = await as(samr, () =>
        logged.db.transaction((tx) => intake.correctIn(tx, samr, recordId, { reason: '更正罚款金额', fields: { fineAmount: 60000 } }, ORG_C)),
      );
      expect(updated).toMatchObject({ recordId, version: 2, fields: expect.objectContaining({ fineAmount: 60000 }) });
      corrected = shardsRead(0);
      const from = logged.commands.length;
      await as(samr, () =>
        logged.db.transaction((tx) =>
          intake.withdrawIn(tx, { type: 'agency', id: samr.code }, ORG_C, { cause: 'agency', reason: '撤回', recordId, withdrawnOn: '2026-11-20' }),
        ),
      );
      withdrawn = shardsRead(from);
      // The follow-ups of both (entries standing on the record) read the subject's list entries alone.
      entriesRead = shardsRead(0, 'list_entry');
    } finally {
      await logged.close();
    }
    const [own] = await t.platform.db.query<{ shard: string }>("SELECT get_shard_id_for_distribution_column('credit_record', $1::text)::text AS shard", [
      ORG_C,
    ]);
    // The correction reads the record before and after it, and the projection reads it once; the withdrawal's projection reads it.
    expect(corrected.length).toBeGreaterThanOrEqual(3);
    expect(new Set(corrected)).toEqual(new Set([own!.shard]));
    expect(withdrawn.length).toBeGreaterThanOrEqual(1);
    expect(new Set(withdrawn)).toEqual(new Set([own!.shard]));
    const [entries] = await t.platform.db.query<{ shard: string }>("SELECT get_shard_id_for_distribution_column('list_entry', $1::text)::text AS shard", [
      ORG_C,
    ]);
    expect(entriesRead.length).toBeGreaterThanOrEqual(2);
    expect(new Set(entriesRead)).toEqual(new Set([entries!.shard]));
    const [row] = await t.platform.db.query<{ status: string; version: number }>(
      'SELECT status, version FROM credit_record WHERE subject_key = $1 AND record_id = $2',
      [ORG_C, recordId],
    );
    expect(row).toEqual({ status: 'withdrawn', version: 2 });
  });

  it("keeps a subject's row and list entries on its shard, and reads a list's changes in one statement over the shards", async () => {
    for (const table of ['subject', 'list_entry']) {
      const plan = (await t.platform.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT * FROM ${table} WHERE subject_key = '${ORG_C}'`))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Task Count: 1\b/);
    }
    const [entry] = await t.platform.db.query<{ list: string; entry_id: string }>(
      'SELECT list, entry_id FROM list_entry WHERE subject_key = $1 AND listed_on IS NOT NULL',
      [ORG_C],
    );
    expect(entry).toBeDefined();
    const [meta] = await t.platform.db.query<{ partitions: number }>('SELECT partitions FROM ledger_meta');
    const logged = await loggedDatabase(t.location.databaseUrl!);
    let changed: Awaited<ReturnType<typeof entriesChangedSince>> = [];
    try {
      changed = await logged.db.transaction((tx) => entriesChangedSince(tx, entry!.list, new Array<number>(meta!.partitions + 1).fill(0), 10));
    } finally {
      await logged.close();
    }
    expect(changed.map((e) => [e.entryId, e.subjectName])).toContainEqual([entry!.entry_id, '深圳示例贸易有限公司']);
    // One task a shard, each joining its list entries with its subjects.
    const tasks = logged.commands.filter((c) => /FROM \(public\.list_entry_\d+ e JOIN public\.subject_\d+ s/.test(c));
    expect(tasks).toHaveLength(SHARD_COUNT);
  });

  it("keeps an import's progress on the coordinator, marked with each batch, and a rerun continues after the last", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xinyong-citus-import-'));
    try {
      const file = join(dir, 'records.ndjson');
      writeFileSync(file, [1, 2, 3, 4, 5].map((n) => JSON.stringify(penalty(900 + n, { code: ORG_C }))).join('\n') + '\n');
      const run = (maxBatches?: number) =>
        as(samr, () => importFile(t.platform.db, t.platform.intake, t.platform.policy, samr, file, { batchSize: 2, ...(maxBatches ? { maxBatches } : {}) }));
      const first = await run(1);
      expect(first).toMatchObject({ created: 2, complete: false });
      const rest = await run();
      expect(rest).toMatchObject({ resumedFromLine: 2, created: 5, duplicates: 0, complete: true });
      expect((await run()).alreadyComplete).toBe(true);
      const [progress] = await t.platform.db.query<{ records: number; completed: boolean }>('SELECT records::int, completed FROM import_progress');
      expect(progress).toEqual({ records: 5, completed: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // No worker holds a copy of the progress tables or the checkpoints.
    const placed = await t.platform.db.query('SELECT logicalrelid FROM pg_dist_partition WHERE logicalrelid::text = ANY($1::text[])', [
      ['import_progress', 'seed_progress', 'ledger_checkpoint', 'ledger_cosignature'],
    ]);
    expect(placed).toEqual([]);
  });

  it('undistributes a progress table an earlier layout made a reference table, keeping its rows, when the store is migrated', async () => {
    const db = t.platform.db;
    // As a release that laid the progress tables out as reference tables left them, rows and all.
    await db.query("INSERT INTO seed_progress (subjects, seed, today, batch_size, steps_done) VALUES (40, 7, '2026-11-20', 10, 3)");
    await db.query(
      "INSERT INTO import_progress (source_digest, agency_code, source_name, byte_offset, line, records, duplicates) VALUES ('d-earlier', 'samr-hangzhou', 'earlier.ndjson', 120, 2, 2, 0)",
    );
    const seedRows = await db.query('SELECT subjects, seed::text, steps_done, completed FROM seed_progress');
    const importRows = await db.query('SELECT * FROM import_progress ORDER BY 1');
    expect(seedRows).toHaveLength(1);
    try {
      for (const table of ['seed_progress', 'import_progress']) await db.query('SELECT create_reference_table($1)', [table]);
      const citusTables = () =>
        db.query<{ table: string; method: string }>(
          'SELECT logicalrelid::regclass::text AS table, partmethod AS method FROM pg_dist_partition WHERE logicalrelid::text = ANY($1::text[]) ORDER BY 1',
          [['import_progress', 'seed_progress']],
        );
      expect(await citusTables()).toEqual([
        { table: 'import_progress', method: 'n' },
        { table: 'seed_progress', method: 'n' },
      ]);
      expect((await migrate(db)).applied).toEqual([]);
      expect(await citusTables()).toEqual([]);
      // Plain tables of the coordinator again, their rows there; no worker keeps a shard of them.
      expect(await db.query('SELECT subjects, seed::text, steps_done, completed FROM seed_progress')).toEqual(seedRows);
      expect(await db.query('SELECT * FROM import_progress ORDER BY 1')).toEqual(importRows);
      const kinds = await db.query<{ relname: string; relkind: string }>(
        'SELECT relname, relkind::text FROM pg_class WHERE relname = ANY($1::text[]) ORDER BY 1',
        [['import_progress', 'seed_progress']],
      );
      expect(kinds).toEqual([
        { relname: 'import_progress', relkind: 'r' },
        { relname: 'seed_progress', relkind: 'r' },
      ]);
      for (const w of citus.workers) {
        const worker = new pg.Client({ host: '127.0.0.1', port: w.port, user: 'postgres', database: new URL(t.location.databaseUrl!).pathname.slice(1) });
        await worker.connect();
        try {
          const { rows } = await worker.query("SELECT relname FROM pg_class WHERE relname LIKE 'seed_progress%' OR relname LIKE 'import_progress%'");
          expect(rows).toEqual([]);
        } finally {
          await worker.end();
        }
      }
    } finally {
      await db.query('DELETE FROM seed_progress');
      await db.query("DELETE FROM import_progress WHERE source_digest = 'd-earlier'");
    }
  });

  it("stores a subject's report on its shard under a code that finds it there alone", async () => {
    const issued = await t.platform.reports.issue(ORG_C, { scope: 'public', lang: 'zh' });
    const shards = await t.platform.db.query<{ table: string; index: string; nodeport: number }>(
      `SELECT s.logicalrelid::regclass::text AS table, s.shardminvalue AS index, n.nodeport
       FROM (VALUES ('subject_search', $1::text), ('report', $2::text)) AS t(name, value) JOIN pg_dist_shard s ON s.logicalrelid = t.name::regclass
       JOIN pg_dist_placement pl USING (shardid) JOIN pg_dist_node n ON n.groupid = pl.groupid
       WHERE s.shardid = get_shard_id_for_distribution_column(t.name, t.value)`,
      [ORG_C, issued.code],
    );
    expect(shards).toHaveLength(2);
    expect(new Set(shards.map((r) => `${r.index}@${r.nodeport}`)).size).toBe(1);
    const plan = (await t.platform.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT * FROM report WHERE code = '${issued.code}'`))
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).toMatch(/Task Count: 1\b/);
    const verified = await t.platform.reports.verify(issued.code);
    expect(verified).toMatchObject({ valid: true, code: issued.code });
  });
});

/**
 * A Database over one connection whose transactions log the commands Citus sends to the workers
 * (citus.log_remote_commands), and the workers they reach.
 */
async function loggedDatabase(url: string): Promise<{ db: Database; commands: string[]; servers: Set<string>; close(): Promise<void> }> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (format !== 'binary' && TYPE_PARSERS[oid]) || pg.types.getTypeParser(oid, format),
  };
  const client = new pg.Client({ connectionString: url, types: types as pg.CustomTypesConfig });
  await client.connect();
  const commands: string[] = [];
  const servers = new Set<string>();
  client.on('notice', (n) => {
    const m = /on server \S+@([\d.]+:\d+)/.exec(n.detail ?? '');
    if (!m) return;
    servers.add(m[1]!);
    commands.push(n.message ?? '');
  });
  const q: Queryable = {
    query: async <R extends Row = Row>(sql: string, params?: readonly unknown[]) => (await client.query<R>(sql, params as unknown[])).rows,
    exec: async (sql: string) => void (await client.query(sql)),
    // As the stores' copyIn, nothing for no rows (an empty COPY alone makes Citus commit in two phases).
    copyIn: async (table, columns, text) => {
      if (text.length > 0) await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
    },
    copyOut: async (query) => {
      const chunks: Buffer[] = [];
      const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  const db = {
    ...q,
    kind: 'citus',
    poolSize: 1,
    location: 'a logged connection',
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
      await client.query('BEGIN');
      try {
        await client.query("SET LOCAL citus.log_remote_commands = 'on'");
        await client.query("SET LOCAL client_min_messages = 'notice'");
        const result = await fn(q);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    },
  } as unknown as Database;
  return { db, commands, servers, close: () => client.end() };
}
