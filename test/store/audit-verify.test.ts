// `audit verify` checks the projections against the ledger as well as the chain. The ledger is
// the record of what the authorities decided (DOMAIN.md): a public record is withdrawn, a list
// entry removed, only by an event in the ledger. The projection tables the platform reads are
// plain tables, so a row changed, deleted or added behind the ledger's back (a public record set
// to withdrawn disappears from the profile) must be found by replaying the ledger and named:
// table, key, column, what the ledger gives and what the table holds.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, TEST_SECRET, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';
import { ledgerRows, rewriteEvent } from '../support/ledger-rows.ts';
import type { AgencyPrincipal, Actor } from '../../src/kernel/principal.ts';
import type { Database, Queryable } from '../../src/store/database.ts';
import { openDatabase } from '../../src/store/open.ts';
import { appendAndProject } from '../../src/ledger/write.ts';
import { logSizes, subjectEvents } from '../../src/ledger/ledger.ts';
import { TILE_WIDTH } from '../../src/ledger/tlog/tiles.ts';
import type { NewEvent, RecordFiledData } from '../../src/ledger/events.ts';
import { verifyProjections, type ProjectionDifference } from '../../src/ledger/verify-projections.ts';

const BIN = resolve(import.meta.dirname, '../../bin/xinyong');
const SAMR: Actor = { type: 'agency', id: 'samr-hangzhou' };
const lines = (values: unknown[]) => values.map((value, i) => ({ line: i + 1, value }));

describe.each(ALL_STORES)('audit verify: the projections equal a replay of the ledger, on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  let db: Database;
  const ids: Record<string, string> = {};
  let keyA = '';
  let keyB = '';
  let closed = false;

  const submit = (values: unknown[]) => asActor(SAMR, () => t.platform.intake.submit(samr, lines(values)));
  /** Appends events the way the services do: in a transaction of their own, projected incrementally. */
  const append = (events: NewEvent[], actor: Actor = SAMR) => db.transaction((tx) => appendAndProject(tx, events, actor, t.clock.now()));
  const filed = async (subjectKey: string, recordId: string): Promise<RecordFiledData> => {
    const e = (await subjectEvents(db, subjectKey)).find((x) => x.type === 'record.filed' && x.data.recordId === recordId);
    if (e?.type !== 'record.filed') throw new Error(`no filing of ${recordId}`);
    return e.data;
  };

  beforeAll(async () => {
    t = await openTestPlatform(store);
    db = t.platform.db;
    samr = (await addAgency(t.platform, SAMR.id, 'market-regulation')).principal;
    keyA = t.platform.subjects.keyOf(ORG_A);
    keyB = t.platform.subjects.keyOf(ORG_B);
    // Records through intake, then every kind of later event, each in a run of its own so that
    // the incremental projection updates rows it loads back from the tables.
    const r = await submit([registration(ORG_A), penalty(1), penalty(2), penalty(3), registration(ORG_B, '深圳示例有限公司'), penalty(4, { code: ORG_B })]);
    for (const [i, name] of ['regA', 'p1', 'p2', 'p3', 'regB', 'p4'].entries()) ids[name] = r.records[i]!.recordId;
    const p1 = await filed(keyA, ids.p1!);
    await append([
      {
        type: 'record.corrected',
        subject: keyA,
        data: { ...p1, recordId: ids.p1!, version: 2, reason: 'wrong fine', fields: { ...p1.fields, fineAmount: 30000 } },
      } as NewEvent,
    ]);
    const regB = await filed(keyB, ids.regB!);
    await append([
      {
        type: 'record.corrected',
        subject: keyB,
        data: { ...regB, recordId: ids.regB!, version: 2, reason: 'new representative', persons: [{ hash: 'f'.repeat(64), role: 'legal-representative' }] },
      } as NewEvent,
    ]);
    await append([
      { type: 'record.withdrawn', subject: keyA, data: { recordId: ids.p2!, reason: 'annulled on review', cause: 'agency', withdrawnOn: '2026-11-20' } },
    ]);
    await append([{ type: 'record.publicity-ended', subject: keyB, data: { recordId: ids.p4!, reason: 'expiry', endedOn: '2026-11-20' } }]);
    const proposed = (entryId: string, subject: string, basis: string): NewEvent => ({
      type: 'list.proposed',
      subject,
      data: {
        entryId,
        list: 'abnormal-operations',
        decidingAgency: SAMR.id,
        basisRecords: [basis],
        origin: 'agency',
        proposedOn: '2026-11-20',
        reasons: 'r',
        requestedUntil: null,
      },
    });
    await append([proposed('ent_one', keyA, ids.p3!), proposed('ent_two', keyA, ids.p1!), proposed('ent_three', keyB, ids.p4!)]);
    for (const entryId of ['ent_one', 'ent_two']) {
      await append([{ type: 'list.notified', subject: keyA, data: { entryId, facts: 'f', servedOn: '2026-11-20', deadline: '2026-12-04' } }]);
      await append([{ type: 'list.statement-received', subject: keyA, data: { entryId, statement: 's', receivedOn: '2026-11-25' } }]);
      await append([
        {
          type: 'list.decided',
          subject: keyA,
          data: { entryId, outcome: 'add', reasons: 'r', decidedOn: '2026-12-05', listedOn: '2026-12-05', until: '2029-12-05' },
        },
      ]);
    }
    await append([{ type: 'list.extended', subject: keyA, data: { entryId: 'ent_two', until: '2030-12-05', reasons: 'r' } }]);
    await append([
      {
        type: 'list.decided',
        subject: keyB,
        data: { entryId: 'ent_three', outcome: 'drop', reasons: 'r', decidedOn: '2026-12-05', listedOn: null, until: null },
      },
    ]);
    await append([
      {
        type: 'objection.filed',
        subject: keyA,
        data: {
          objectionId: 'obj_one',
          target: { type: 'record', id: ids.p3! },
          reasons: 'r',
          evidence: [],
          filedOn: '2026-12-06',
          deadline: '2026-12-20',
          decidingAgency: SAMR.id,
        },
      },
    ]);
    await append([
      { type: 'objection.decided', subject: keyA, data: { objectionId: 'obj_one', outcome: 'maintained', reasons: 'r', decidedOn: '2026-12-10' } },
    ]);
    await append([
      {
        type: 'repair.applied',
        subject: keyA,
        data: {
          repairId: 'rep_one',
          target: { type: 'list-entry', id: 'ent_one' },
          evidence: [],
          commitment: { signatory: 's', text: 't' },
          appliedOn: '2026-12-11',
          decideBy: '2026-12-25',
          decidingAgency: SAMR.id,
        },
      },
    ]);
    await append([{ type: 'repair.decided', subject: keyA, data: { repairId: 'rep_one', outcome: 'approved', reasons: 'r', decidedOn: '2026-12-15' } }]);
    await append([
      { type: 'list.removed', subject: keyA, data: { entryId: 'ent_one', reason: 'repaired', reasons: 'r', removedOn: '2026-12-15', repairId: 'rep_one' } },
    ]);
    const admin: Actor = { type: 'administrator', id: 'test' };
    await append([{ type: 'evaluation.overridden', subject: keyB, data: { scorecard: 'public-credit-comprehensive', tier: 'C', reason: 'r' } }], admin);
    await append([{ type: 'evaluation.override-lifted', subject: keyB, data: { scorecard: 'public-credit-comprehensive', reason: 'r' } }], admin);
    await append([{ type: 'evaluation.overridden', subject: keyA, data: { scorecard: 'public-credit-comprehensive', tier: 'B', reason: 'r' } }], admin);
    // The registration authority renames ORG_A while ent_two is in force: its last change becomes the rename.
    await submit([{ ...registration(ORG_A, '杭州新名称科技有限公司'), decision: { ...registration(ORG_A).decision, number: `变更登记-${ORG_A}` } }]);
  });
  afterAll(async () => (closed ? t?.location.cleanup() : t?.close()));

  /** Changes the projections behind the ledger's back, checks what verify names, and rebuilds them from the ledger. */
  async function tampered(sql: string, params: unknown[] = []): Promise<ProjectionDifference | null> {
    await db.query(sql, params);
    const r = await verifyProjections(db, { all: true });
    await t.platform.rebuild();
    expect(r.equal).toBe(r.firstDifference === null);
    return r.firstDifference;
  }

  it('finds an untouched store equal to the replay of every subject', async () => {
    const r = await verifyProjections(db);
    expect(r).toMatchObject({ equal: true, mode: 'all', seed: null, differences: 0, firstDifference: null });
    expect(r.subjects).toBeGreaterThanOrEqual(2);
    expect(r.checked).toBe(r.subjects);
    // Every kind of projection row is there to compare.
    for (const table of ['subject', 'credit_record', 'person_role', 'list_entry', 'objection', 'repair_application', 'evaluation_override']) {
      const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }];
      expect(n, table).toBeGreaterThan(0);
    }
    const [renamed] = await db.query<{ last_index: number; subject_key: string }>("SELECT last_index, subject_key FROM list_entry WHERE entry_id = 'ent_two'");
    // The rename's event: the last of the subject's log.
    const head = (await ledgerRows(db, (r) => r.subject_key === renamed!.subject_key)).reduce((max, r) => Math.max(max, r.idx), -1);
    expect(renamed!.last_index).toBe(head);
  });

  it('checks a sample drawn by a seed and says so; the same seed draws the same sample', async () => {
    const r = await verifyProjections(db, { sample: 1, seed: 42 });
    expect(r).toMatchObject({ equal: true, mode: 'sample', checked: 1, seed: 42 });
    // A difference in one subject only: found by the seeds whose sample holds it, by all of them alike.
    await db.query("UPDATE subject SET name = 'x' WHERE subject_key = $1", [keyB]);
    try {
      const found = [];
      for (let seed = 0; seed < 8; seed++) {
        const a = await verifyProjections(db, { sample: 1, seed });
        const b = await verifyProjections(db, { sample: 1, seed });
        expect(b.equal).toBe(a.equal);
        found.push(a.equal);
      }
      expect(found).toContain(true);
      expect(found).toContain(false);
      expect((await verifyProjections(db, { sample: 1_000 })).mode).toBe('all');
      // Unasked, a store above the size checked whole gets a sample, with the seed it was drawn by.
      const unasked = await verifyProjections(db, { fullUpTo: 1, defaultSample: 1 });
      expect(unasked).toMatchObject({ mode: 'sample', checked: 1, seed: expect.any(Number) });
      expect((await verifyProjections(db, { fullUpTo: 1, defaultSample: 1, all: true })).mode).toBe('all');
    } finally {
      await t.platform.rebuild();
    }
  });

  it('names a public record set to withdrawn in the table, which hid it from the profile', async () => {
    await db.query("UPDATE credit_record SET status = 'withdrawn' WHERE record_id = $1", [ids.p3]);
    expect((await t.platform.subjects.publicProfile(ORG_A)).records.map((r) => r.recordId)).not.toContain(ids.p3);
    const r = await verifyProjections(db);
    await t.platform.rebuild();
    expect(r.firstDifference).toEqual({ table: 'credit_record', key: ids.p3, subject: keyA, column: 'status', expected: 'active', found: 'withdrawn' });
    expect(r.differences).toBe(1);
    expect((await t.platform.subjects.publicProfile(ORG_A)).records.map((r) => r.recordId)).toContain(ids.p3);
  });

  it('names a changed column of a record, of a subject, of a person in a role and of an override', async () => {
    expect(await tampered("UPDATE credit_record SET publicity_end = '2026-12-01' WHERE record_id = $1", [ids.p3])).toMatchObject({
      table: 'credit_record',
      key: ids.p3,
      column: 'publicity_end',
      found: '2026-12-01',
    });
    expect(await tampered('UPDATE credit_record SET open_objections = 0, pending_repair = $2 WHERE record_id = $1', [ids.p1, 'rep_x'])).toEqual({
      table: 'credit_record',
      key: ids.p1,
      subject: keyA,
      column: 'pending_repair',
      expected: null,
      found: 'rep_x',
    });
    expect(await tampered("UPDATE subject SET name = '别的名称' WHERE subject_key = $1", [keyA])).toEqual({
      table: 'subject',
      key: keyA,
      subject: keyA,
      column: 'name',
      expected: '杭州新名称科技有限公司',
      found: '别的名称',
    });
    expect(await tampered("UPDATE person_role SET person_hash = 'e' WHERE record_id = $1", [ids.regB])).toEqual({
      table: 'person_role',
      key: `${ids.regB}|legal-representative`,
      subject: keyB,
      column: 'person_hash',
      expected: 'f'.repeat(64),
      found: 'e',
    });
    expect(await tampered('UPDATE evaluation_override SET active = true WHERE subject_key = $1', [keyB])).toMatchObject({
      table: 'evaluation_override',
      key: `${keyB}|public-credit-comprehensive`,
      column: 'active',
      expected: false,
      found: true,
    });
  });

  it("names a list entry's state changed in the table", async () => {
    expect(await tampered("UPDATE list_entry SET state = 'removed', removed_on = '2026-12-20' WHERE entry_id = 'ent_two'")).toEqual({
      table: 'list_entry',
      key: 'ent_two',
      subject: keyA,
      column: 'state',
      expected: 'in-force',
      found: 'removed',
    });
  });

  it('names a deleted row and an extra row, also of a subject the ledger never named', async () => {
    expect(await tampered('DELETE FROM credit_record WHERE record_id = $1', [ids.p3])).toEqual({
      table: 'credit_record',
      key: ids.p3,
      subject: keyA,
      column: null,
      expected: 'present',
      found: 'absent',
    });
    expect(await tampered("DELETE FROM objection WHERE objection_id = 'obj_one'")).toMatchObject({ table: 'objection', key: 'obj_one', found: 'absent' });
    const copy = (sql: string) => `INSERT INTO credit_record SELECT ${sql} FROM credit_record WHERE record_id = $1`;
    const columns = async () =>
      (
        await db.query<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'credit_record' ORDER BY ordinal_position")
      ).map((r) => r.c);
    const cols = await columns();
    const as = (over: Record<string, string>) => cols.map((c) => over[c] ?? c).join(', ');
    expect(await tampered(copy(as({ record_id: "'rec_forged'" })), [ids.p3])).toEqual({
      table: 'credit_record',
      key: 'rec_forged',
      subject: keyA,
      column: null,
      expected: 'absent',
      found: 'present',
    });
    expect(await tampered(copy(as({ record_id: "'rec_ghost'", subject_key: "'ghost'" })), [ids.p3])).toEqual({
      table: 'credit_record',
      key: 'rec_ghost',
      subject: 'ghost',
      column: null,
      expected: 'absent',
      found: 'present',
    });
  });

  it('answers through `xinyong audit verify`: 0 when equal, 1 naming the first difference, 1 naming a broken event', async () => {
    // The event altered below is found by the level-4 node of its log's stored tree over its group
    // of 16 events (the tree stores no leaf hashes: they are hashed from the events), which names
    // the group's first event once the level-8 node over its leaf tile, stored when the tile is
    // full, tells an altered event from an altered stored node: its log grows past one tile first.
    const [target] = await ledgerRows(db, (r) => r.type === 'record.filed' && r.payload.includes('"fineAmount":50000'));
    expect([keyA, keyB]).toContain(target!.subject_key);
    const grow = TILE_WIDTH + 10 - (await logSizes(db))[target!.log]!;
    if (grow > 0) await submit(Array.from({ length: grow }, (_, i) => penalty(5000 + i, { code: target!.subject_key === keyA ? ORG_A : ORG_B })));
    const config = { dataDir: t.location.dataDir, databaseUrl: t.location.databaseUrl };
    // The CLI opens the store itself: a PGlite directory takes one process at a time.
    await t.platform.close();
    closed = true;
    const cli = (args: string[]) => {
      const storeArgs = config.databaseUrl ? [] : ['--data', config.dataDir];
      const env: Record<string, string> = { ...process.env, XINYONG_LOG_LEVEL: 'silent', XINYONG_ID_HASH_SECRET: TEST_SECRET } as Record<string, string>;
      if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
      const r = spawnSync(process.execPath, [BIN, 'audit', 'verify', ...storeArgs, ...args], { encoding: 'utf8', env, timeout: 120_000 });
      return { status: r.status, stderr: r.stderr, json: JSON.parse(r.stdout || '{}') as Record<string, unknown> };
    };
    const withStore = async (fn: (q: Queryable) => Promise<unknown>) => {
      const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    };
    const ok = cli([]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.json).toMatchObject({ intact: true, projections: { equal: true, mode: 'all', seed: null, differences: 0 } });
    const sampled = cli(['--sample', '1', '--seed', '7']);
    expect(sampled.status, sampled.stderr).toBe(0);
    expect(sampled.json).toMatchObject({ intact: true, projections: { mode: 'sample', checked: 1, seed: 7 } });
    expect(cli(['--all', '--sample', '1']).status).toBe(2);

    await withStore((q) => q.query("UPDATE credit_record SET status = 'withdrawn' WHERE record_id = $1", [ids.p3]));
    const differs = cli([]);
    expect(differs.status, differs.stderr).toBe(1);
    expect(differs.json).toMatchObject({
      intact: false,
      projections: { equal: false, firstDifference: { table: 'credit_record', key: ids.p3, column: 'status', expected: 'active', found: 'withdrawn' } },
    });
    expect(differs.json.reason).toMatch(new RegExp(`credit_record row ${ids.p3}.*status is "withdrawn", the ledger gives "active"`));
    await withStore((q) => q.query("UPDATE credit_record SET status = 'active' WHERE record_id = $1", [ids.p3]));

    // The ledger is checked first, and still names an altered event.
    let at = { log: 0, index: 0 };
    await withStore(async (q) => {
      const [row] = await ledgerRows(q, (r) => r.type === 'record.filed' && r.payload.includes('"fineAmount":50000'));
      at = { log: row!.log, index: row!.idx };
      expect(at).toEqual({ log: target!.log, index: target!.idx });
      expect(at.index).toBeLessThan(TILE_WIDTH);
      await (q as Database).transaction((tx) => rewriteEvent(tx, at.log, at.index, row!.payload.replace('"fineAmount":50000', '"fineAmount":5')));
    });
    const broken = cli([]);
    expect(broken.status, broken.stderr).toBe(1);
    const group = at.index - (at.index % 16);
    expect(broken.json).toMatchObject({
      intact: false,
      firstBroken: { log: at.log, index: group, reason: expect.stringMatching(new RegExp(`node 4/${group / 16} over events ${group} to ${group + 15} .*one of those events or the tree was altered`)) },
      projections: null,
    });
  });
});
