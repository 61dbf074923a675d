// The storage conformance suite: the same assertions on PGlite and on PostgreSQL. The ledger is
// append-only at the database level, its chain catches any edit, projections rebuilt from the
// ledger equal the incrementally kept ones, and a subject can be read as of a past instant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ORG_A, ORG_B, PERSON, penalty, registration } from '../support/records.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import type { Queryable } from '../../src/store/database.ts';
import { AppError } from '../../src/kernel/problems.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import { logOf, logSizes, placementOf } from '../../src/ledger/ledger.ts';
import { leafHash, rootOf } from '../../src/ledger/tlog/merkle.ts';
import { TILE_WIDTH } from '../../src/ledger/tlog/tiles.ts';
import { canonicalJson } from '../../src/kernel/canonical-json.ts';
import { loadSubjectRecords } from '../../src/ledger/projection.ts';
import { ledgerCount, ledgerRows, replaceLogEvents, rewriteEvent } from '../support/ledger-rows.ts';

const lines = (values: unknown[]) => values.map((value, i) => ({ line: i + 1, value }));

async function dumpProjections(q: Queryable) {
  const subjects = await q.query('SELECT * FROM subject ORDER BY subject_key');
  const records = await q.query('SELECT * FROM credit_record ORDER BY record_id');
  return { subjects, records };
}

/** Runs a change as a database superuser that bypasses triggers, as an attacker with DBA rights would. */
async function tamper(t: TestPlatform, change: (tx: Queryable) => Promise<unknown>) {
  await t.platform.db.transaction(async (tx) => {
    await tx.query("SET LOCAL session_replication_role = 'replica'");
    await change(tx);
  });
}

describe.each(ALL_STORES)('ledger and projections on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;
  let court: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
    court = (await addAgency(t.platform, 'court-hangzhou', 'court')).principal;
  });
  afterAll(async () => t?.close());

  const submit = (agency: AgencyPrincipal, values: unknown[], opts = {}) =>
    asActor({ type: 'agency', id: agency.code }, () => t.platform.intake.submit(agency, lines(values), opts));

  it('starts with the policy version and agency registrations in the ledger', async () => {
    const rows = await ledgerRows(t.platform.db);
    expect(rows.map((r) => r.type)).toEqual(['policy.published', 'agency.registered', 'agency.registered']);
  });

  it('files a batch atomically and projects subjects and records', async () => {
    const r = await submit(samr, [registration(ORG_A), penalty(1), penalty(2, { severity: 'serious' }), registration(ORG_B, '深圳示例有限公司')]);
    expect(r.created).toBe(4);
    const subjects = await t.platform.db.query<{ subject_key: string; name: string; kind: string }>(
      'SELECT subject_key, name, kind FROM subject ORDER BY subject_key',
    );
    expect(subjects).toEqual([
      { subject_key: ORG_A, name: '杭州示例科技有限公司', kind: 'enterprise' },
      { subject_key: ORG_B, name: '深圳示例有限公司', kind: 'enterprise' },
    ]);
    const records = await t.platform.db.query<{ item: string; publicity_end: string | null; rule_version: string }>(
      'SELECT item, publicity_end, rule_version FROM credit_record_view WHERE subject_key = $1 ORDER BY item',
      [ORG_A],
    );
    expect(records).toEqual([
      { item: 'administrative-penalty-general', publicity_end: '2027-06-01', rule_version: 'ndrc-order-36-2025' },
      { item: 'administrative-penalty-serious', publicity_end: '2029-06-01', rule_version: 'ndrc-order-36-2025' },
      { item: 'registration-basics', publicity_end: null, rule_version: 'platform-baseline' },
    ]);
  });

  it('stores identity numbers only as keyed hashes and masks', async () => {
    const raw = await ledgerRows(t.platform.db, (r) => r.payload.includes('440524188001010014'));
    expect(raw).toHaveLength(0);
    const reg = (await loadSubjectRecords(t.platform.db, ORG_A)).find((r) => r.item === 'registration-basics')!;
    expect(reg.fields.legalRepresentativeId).toMatchObject({ masked: '4405**********0014', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(reg.fields)).not.toContain('440524188001010014');
  });

  it('stores nothing of a batch with one bad line, and names the line and field', async () => {
    const before = await dumpProjections(t.platform.db);
    const seqBefore = await ledgerCount(t.platform.db);
    const bad = penalty(11, { fields: { fineAmount: 'a lot' } });
    const err = await submit(samr, [penalty(10), bad, penalty(12)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation-failed');
    expect((err as AppError).extensions.errors).toEqual([{ line: 2, field: 'fields.fineAmount', message: 'must be an amount in yuan (a number)' }]);
    expect(await dumpProjections(t.platform.db)).toEqual(before);
    expect(await ledgerCount(t.platform.db)).toBe(seqBefore);
  });

  it('rejects items the agency may not supply, and unknown items, storing nothing', async () => {
    const judgment = {
      item: 'judgment-defaulter',
      subject: { idNumber: PERSON, name: '李四' },
      decision: {
        number: '(2026)浙0106执1号',
        date: '2026-05-01',
        authority: '杭州市西湖区人民法院',
        basis: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条',
      },
      fields: {
        caseNumber: '(2026)浙0106执1号',
        executionBasis: '(2025)浙0106民初1号',
        basisIssuer: '杭州市西湖区人民法院',
        obligation: '支付货款10万元',
        performance: 'not-performed',
        circumstances: ['able-but-refuses'],
        until: '2028-05-01',
      },
    };
    const err = await submit(samr, [judgment]).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('item-not-permitted');
    const unknown = await submit(samr, [{ ...penalty(20), item: 'social-score' }]).catch((e: unknown) => e);
    expect((unknown as AppError).code).toBe('validation-failed');
    expect((unknown as AppError).extensions.errors).toEqual([{ line: 1, field: 'item', message: "'social-score' is not in the catalogue" }]);
    // The court may file it, about a natural person named by its decision.
    const ok = await submit(court, [judgment]);
    expect(ok.created).toBe(1);
    const person = await t.platform.db.query<{ kind: string; code: string; subject_key: string }>(
      "SELECT kind, code, subject_key FROM subject WHERE kind = 'natural-person'",
    );
    expect(person).toHaveLength(1);
    expect(person[0]!.code).toBe('1101**********002X');
    expect(person[0]!.subject_key).toMatch(/^p:[0-9a-f]{40}$/);
  });

  it('is idempotent on agency, item, decision number and subject; different content is a conflict', async () => {
    const again = await submit(samr, [penalty(1)]);
    expect(again).toMatchObject({ created: 0, duplicates: 1 });
    const conflict = await submit(samr, [penalty(1, { fields: { fineAmount: 1 } })]).catch((e: unknown) => e);
    expect((conflict as AppError).code).toBe('record-conflict');
    const inBatch = await submit(samr, [penalty(30), penalty(30), penalty(31)]);
    expect(inBatch).toMatchObject({ created: 2, duplicates: 1 });
    const conflictInBatch = await submit(samr, [penalty(32), penalty(32, { fields: { fineAmount: 2 } })]).catch((e: unknown) => e);
    expect((conflictInBatch as AppError).code).toBe('record-conflict');
    expect(await t.platform.db.query("SELECT 1 FROM credit_record WHERE decision_number LIKE '%〔2026〕32号'")).toHaveLength(0);
  });

  it('keeps corrections as new versions, by the filing agency only', async () => {
    const [row] = await t.platform.db.query<{ record_id: string }>("SELECT record_id FROM credit_record WHERE decision_number = '杭市监罚〔2026〕1号'");
    const id = row!.record_id;
    const denied = await asActor({ type: 'agency', id: court.code }, () =>
      t.platform.intake.correct(court, id, { reason: 'x', fields: { fineAmount: 1 } }),
    ).catch((e: unknown) => e);
    expect((denied as AppError).code).toBe('record-not-found');
    const corrected = await asActor({ type: 'agency', id: samr.code }, () =>
      t.platform.intake.correct(samr, id, { reason: '罚款金额录入错误', fields: { fineAmount: 30000 } }),
    );
    expect(corrected.version).toBe(2);
    expect(corrected.fields.fineAmount).toBe(30000);
    const nochange = await asActor({ type: 'agency', id: samr.code }, () =>
      t.platform.intake.correct(samr, id, { reason: 'again', fields: { fineAmount: 30000 } }),
    ).catch((e: unknown) => e);
    expect((nochange as AppError).code).toBe('correction-without-change');
    const events = await ledgerRows(t.platform.db, (r) => r.subject_key === ORG_A && r.type === 'record.corrected');
    expect(events).toHaveLength(1);
  });

  it('stores every event in canonical JSON, exactly as hashed', async () => {
    const rows = await ledgerRows(t.platform.db);
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(canonicalJson(JSON.parse(r.payload))).toBe(r.payload);
  });

  it("keeps each subject's events in its own log and each log numbered from 0 without a gap", async () => {
    const placement = await placementOf(t.platform.db);
    const rows = await ledgerRows(t.platform.db);
    const sizes = await logSizes(t.platform.db);
    expect(sizes).toHaveLength(placement.partitions + 1);
    for (const r of rows) expect(r.log).toBe(logOf(r.subject_key, placement));
    for (const [log, size] of sizes.entries()) expect(rows.filter((r) => r.log === log).map((r) => r.idx)).toEqual(Array.from({ length: size }, (_, i) => i));
    // Events without a subject (agencies, policy) are in the platform log; subjects spread over the others.
    expect(rows.filter((r) => r.subject_key === null).every((r) => r.log === 0)).toBe(true);
    const subjectLogs = new Set(rows.filter((r) => r.subject_key !== null).map((r) => r.log));
    expect(subjectLogs.has(0)).toBe(false);
    // On Citus shards (a test's group has 4) ORG_A and ORG_B share a shard, hence a log.
    if (!placement.bounds) expect(subjectLogs.size).toBeGreaterThan(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the ledger at the database level', async () => {
    for (const sql of [
      "UPDATE ledger_block SET subjects = '{1}' WHERE log = 0 AND first_idx = 0",
      'DELETE FROM ledger_block WHERE log = 0 AND first_idx = 0',
      'TRUNCATE ledger_block',
    ]) {
      await expect(t.platform.db.query(sql)).rejects.toThrow(/append-only/);
    }
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
  });

  it('rebuilds projections equal to the incrementally kept ones', async () => {
    const incremental = await dumpProjections(t.platform.db);
    expect(incremental.records.length).toBeGreaterThan(5);
    const r = await t.platform.rebuild();
    expect(r.events).toBeGreaterThan(5);
    expect(await dumpProjections(t.platform.db)).toEqual(incremental);
  });

  it('reads a subject as of a past instant', async () => {
    const samrActor = { type: 'agency' as const, id: samr.code };
    t.clock.set('2026-11-21T02:00:00Z');
    await asActor(samrActor, () => t.platform.intake.submit(samr, lines([penalty(40, { code: ORG_B })])));
    const now = await t.platform.subjects.publicProfile(ORG_B);
    expect(now.records.map((r) => r.decision.number)).toContain('杭市监罚〔2026〕40号');
    const before = await t.platform.subjects.publicProfile(ORG_B, new Date('2026-11-20T12:00:00Z'));
    expect(before.records.map((r) => r.decision.number)).not.toContain('杭市监罚〔2026〕40号');
    expect(before.records.map((r) => r.item)).toEqual(['registration-basics']);
    // The corrected fine shows the version of its time.
    const corrected = await t.platform.subjects.publicProfile(ORG_A);
    expect(corrected.records.find((r) => r.decision.number === '杭市监罚〔2026〕1号')?.fields.fineAmount).toBe(30000);
    const missing = await t.platform.subjects.publicProfile(ORG_A, new Date('2020-01-01T00:00:00Z')).catch((e: unknown) => e);
    expect((missing as AppError).code).toBe('subject-not-found');
  });

  it('shows only public fields of records inside their publicity window', async () => {
    const profile = await t.platform.subjects.publicProfile(ORG_A);
    const reg = profile.records.find((r) => r.item === 'registration-basics')!;
    expect(reg.fields).not.toHaveProperty('legalRepresentativeId');
    expect(reg.fields.legalRepresentative).toBe('王五');
    // A record decided more than a year ago of the general class is past its publicity window.
    t.clock.set('2026-11-22T02:00:00Z');
    await asActor({ type: 'agency', id: samr.code }, () =>
      t.platform.intake.submit(samr, lines([penalty(41, { date: '2025-06-01' }), penalty(42, { severity: 'minor' })])),
    );
    const later = await t.platform.subjects.publicProfile(ORG_A);
    const numbers = later.records.map((r) => r.decision.number);
    expect(numbers).not.toContain('杭市监罚〔2026〕41号');
    expect(numbers).not.toContain('杭市监罚〔2026〕42号');
    expect(numbers).toContain('杭市监罚〔2026〕2号');
    // A record that leaves publicity by itself is still shown as of a day inside its window.
    await asActor({ type: 'agency', id: samr.code }, () => t.platform.intake.submit(samr, lines([penalty(43, { date: '2025-12-01' })])));
    expect((await t.platform.subjects.publicProfile(ORG_A)).records.map((r) => r.decision.number)).toContain('杭市监罚〔2026〕43号');
    t.clock.set('2026-12-05T02:00:00Z');
    expect((await t.platform.subjects.publicProfile(ORG_A)).records.map((r) => r.decision.number)).not.toContain('杭市监罚〔2026〕43号');
    const then = await t.platform.subjects.publicProfile(ORG_A, new Date('2026-11-25T00:00:00Z'));
    expect(then.records.map((r) => r.decision.number)).toContain('杭市监罚〔2026〕43号');
    expect(then.date).toBe('2026-11-25');
  });

  it('catches an edited, a deleted and a reordered event, naming the first broken one', async () => {
    const head = await verifyLedger(t.platform.db);
    expect(head.intact).toBe(true);
    const [, , target] = await ledgerRows(t.platform.db, (r) => r.type === 'record.filed');
    const at = { log: target!.log, index: target!.idx };
    // The audit finds an altered event by the level-4 node of the log's stored tree over its group
    // of 16 (the tree stores no leaf hashes: they are hashed from the events), borne out by the
    // level-8 node over its leaf tile: the target's log grows past one tile, so that that node is
    // stored, and the audit names the group's first event.
    const grow = TILE_WIDTH + 10 - (await logSizes(t.platform.db))[at.log]!;
    const more = Array.from({ length: grow }, (_, i) => penalty(5000 + i, { code: target!.subject_key! }));
    if (more.length > 0) await submit(samr, more);
    expect(at.index).toBeLessThan(TILE_WIDTH);
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
    const edited = target!.payload.replace('"fineAmount":50000', '"fineAmount":5');
    expect(edited).not.toBe(target!.payload);
    await tamper(t, (tx) => rewriteEvent(tx, at.log, at.index, edited));
    const broken = await verifyLedger(t.platform.db);
    const group = at.index - (at.index % 16);
    expect(broken).toMatchObject({
      intact: false,
      firstBroken: { log: at.log, index: group, reason: expect.stringMatching(new RegExp(`node 4/${group / 16} over events ${group} to ${group + 15} .*one of those events or the tree was altered`)) },
    });
    await tamper(t, (tx) => rewriteEvent(tx, at.log, at.index, target!.payload));
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);

    // The level-8 node changed to match the altered event: the group's stored level-4 node still
    // refutes it.
    const sql = 'SELECT hashes FROM ledger_tile WHERE log = $1 AND level = 1 AND idx = 0';
    const [tile] = await t.platform.db.query<{ hashes: Uint8Array }>(sql, [at.log]);
    const nodes = Buffer.from(tile!.hashes);
    const setNodes = (hashes: Buffer) => tamper(t, (tx) => tx.query('UPDATE ledger_tile SET hashes = $1 WHERE log = $2 AND level = 1 AND idx = 0', [hashes, at.log]));
    const leaves = (await ledgerRows(t.platform.db, (r) => r.log === at.log && r.idx < TILE_WIDTH)).map((r) => leafHash(Buffer.from(r.idx === at.index ? edited : r.payload)));
    const forgedNodes = Buffer.from(nodes);
    rootOf(leaves).copy(forgedNodes, 0);
    await setNodes(forgedNodes);
    await tamper(t, (tx) => rewriteEvent(tx, at.log, at.index, edited));
    expect(await verifyLedger(t.platform.db)).toMatchObject({
      intact: false,
      firstBroken: { log: at.log, index: group, reason: expect.stringMatching(/is not the stored one, though the node 8\/0 above them holds them: the stored node was altered, or those events/) },
    });
    await setNodes(nodes);
    await tamper(t, (tx) => rewriteEvent(tx, at.log, at.index, target!.payload));
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);

    const events = (await ledgerRows(t.platform.db, (r) => r.log === at.log)).map((r) => ({ index: r.idx, payload: r.payload }));
    const withoutOne = events.filter((e) => e.index !== 1);
    await tamper(t, (tx) => replaceLogEvents(tx, at.log, withoutOne));
    expect(await verifyLedger(t.platform.db)).toMatchObject({ intact: false, firstBroken: { log: at.log, index: 1, reason: expect.stringMatching(/missing/) } });
    await tamper(t, (tx) => replaceLogEvents(tx, at.log, events));
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
  });

  it('keeps every log unbroken under concurrent batches', async () => {
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 20 }, (_, i) => penalty(1000 + b * 100 + i, { code: b % 2 ? ORG_A : ORG_B })));
    const results = await Promise.all(batches.map((batch) => submit(samr, batch)));
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(120);
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
    const rows = await ledgerRows(t.platform.db);
    for (const [log, size] of (await logSizes(t.platform.db)).entries()) {
      const indexes = rows.filter((r) => r.log === log).map((r) => r.idx);
      expect([indexes.length, indexes.reduce((max, i) => Math.max(max, i + 1), 0)]).toEqual([size, size]);
    }
  });

  // On Citus shards an event's instant is no earlier than its own log's last, not every log's
  // (ledger.ts appendEvents; citus-ledger.test.ts).
  it.runIf(store !== 'citus')('never records an instant earlier than any event committed before it, in any log', async () => {
    const partitions = (await placementOf(t.platform.db)).partitions;
    expect(logOf(ORG_B, partitions)).not.toBe(logOf(ORG_A, partitions));
    const now = t.clock.now();
    // The latest event is in ORG_B's log, an hour on; then a writer to ORG_A's log that took its
    // instant a minute before it (another process's clock, or a wait for its log).
    const lastAt = now.getTime() + 3_600_000;
    t.clock.set(new Date(lastAt));
    expect((await submit(samr, [penalty(1999, { code: ORG_B })])).created).toBe(1);
    const sizes = await logSizes(t.platform.db);
    t.clock.set(new Date(lastAt - 60_000));
    try {
      expect((await submit(samr, [penalty(2000)])).created).toBe(1);
    } finally {
      t.clock.set(now);
    }
    const rows = await ledgerRows(t.platform.db);
    const appended = rows.filter((r) => r.idx >= sizes[r.log]!);
    expect(appended.length).toBeGreaterThan(0);
    for (const e of appended) expect(new Date(JSON.parse(e.payload).at).getTime()).toBe(lastAt);
    // No log records an event at an instant before the one before it.
    const decreasing = rows.filter((r, i) => i > 0 && rows[i - 1]!.log === r.log && r.recorded_at.getTime() < rows[i - 1]!.recorded_at.getTime());
    expect(decreasing).toEqual([]);
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
  });

  // A writer encodes its events before it takes their logs. If another writer records a later
  // instant in another log while it waits for its own, it encodes them again at that instant.
  // Not on Citus shards, where an append reads no other log's instant.
  it.runIf(store === 'postgres')('records a waiting writer at an instant committed while it waited for its log', async () => {
    const partitions = (await placementOf(t.platform.db)).partitions;
    const now = t.clock.now();
    const holder = new pg.Client({ connectionString: t.location.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT size FROM ledger_log WHERE log = $1 FOR UPDATE', [logOf(ORG_A, partitions)]);
      const sizes = await logSizes(t.platform.db);
      let settled = false;
      const waiting = submit(samr, [penalty(2100)]).finally(() => (settled = true));
      // Until the writer waits for ORG_A's log, which the holder keeps.
      for (;;) {
        if (settled) await waiting;
        const [row] = await t.platform.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT log, size, last_at, edge FROM ledger_log%'",
        );
        if (row!.n > 0) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const later = now.getTime() + 7_200_000;
      t.clock.set(new Date(later));
      expect((await submit(samr, [penalty(2101, { code: ORG_B })])).created).toBe(1);
      await holder.query('COMMIT');
      expect((await waiting).created).toBe(1);
      const appended = (await ledgerRows(t.platform.db)).filter((r) => r.log === logOf(ORG_A, partitions) && r.idx >= sizes[r.log]!);
      expect(appended.length).toBeGreaterThan(0);
      for (const e of appended) expect(new Date(JSON.parse(e.payload).at).getTime()).toBe(later);
      expect((await verifyLedger(t.platform.db)).intact).toBe(true);
    } finally {
      t.clock.set(now);
      await holder.end();
    }
  });
});
