// Intake when the same record arrives twice: in two batches of one submission (one transaction
// files each record once, whichever batch holds it), and in two submissions at once (the second
// reads its stored filings before the first commits, and still answers duplicate or conflict, not
// a refused insert, and stores it once). A stored filing asked for under a repeated id is read once. And the shared
// record_class rows that two transactions add at once are inserted in one order, and a filing that
// renames subjects locks their rows in the order a refresh of their evaluations does, so that
// they queue rather than deadlock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { lockWaiters } from '../support/lock-waits.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import type { Queryable } from '../../src/store/database.ts';
import type { AppError } from '../../src/kernel/problems.ts';
import { insertCombinations } from '../../src/ledger/projection/store.ts';
import { classIdOf, RECORD_TABLE } from '../../src/ledger/projection/rows.ts';
import { filingPayloads } from '../../src/features/records/records.store.ts';

const lines = (values: unknown[]) => values.map((value, i) => ({ line: i + 1, value }));

/** The stored records' ids, in order. */
async function recordIds(q: Queryable): Promise<string[]> {
  return (await q.query<{ record_id: string }>('SELECT record_id FROM credit_record ORDER BY record_id')).map((r) => r.record_id);
}

/** Resolves once some session of the store waits for a lock. */
async function someoneWaits(q: Queryable, store: 'postgres' | 'pglite' | 'citus'): Promise<void> {
  while ((await lockWaiters(q, store)) === 0) await new Promise((r) => setImmediate(r));
}

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

describe.each(ALL_STORES)('one submission holding a record in two batches, on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
  });
  afterAll(async () => t?.close());

  const submitMany = (batches: unknown[][]) =>
    asActor({ type: 'agency', id: samr.code }, () => t.platform.intake.submitMany(batches.map((values) => ({ agency: samr, lines: lines(values) }))));

  it('files it once and answers the later batch duplicate', async () => {
    const results = await submitMany([
      [penalty(1), penalty(2)],
      [penalty(3), penalty(1)],
    ]);
    expect(results.map((r) => [r.created, r.duplicates])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(results[1]!.records[1]).toEqual({ line: 2, recordId: results[0]!.records[0]!.recordId, status: 'duplicate' });
    const ids = await recordIds(t.platform.db);
    expect(ids).toHaveLength(3);
    // The ledger holds each filing once: a rebuild projects the same records.
    await t.platform.rebuild();
    expect(await recordIds(t.platform.db)).toEqual(ids);
  });

  it('reads a stored filing once however often its id is asked for', async () => {
    const [filed] = await submitMany([[penalty(50)]]);
    const id = filed!.records[0]!.recordId;
    const filings = await filingPayloads(t.platform.db, [id, id, id]);
    expect(filings.map((f) => f.recordId)).toEqual([id]);
  });

  it('refuses a different filing of the same record in a later batch as a conflict, storing nothing', async () => {
    const before = await recordIds(t.platform.db);
    const err = await submitMany([[penalty(10)], [penalty(11), penalty(10, { fields: { fineAmount: 99 } })]]).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('record-conflict');
    expect((err as AppError).message).toContain('line 1 of batch 1');
    expect(await recordIds(t.platform.db)).toEqual(before);
  });
});

// Two sessions at once: PostgreSQL and Citus (PGlite has one session, so its transactions never
// overlap). On Citus no constraint keeps a record id unique: the second finds the record when it
// reads the filings again under the logs.
describe.each(ALL_STORES.filter((s) => s !== 'pglite'))('two submissions of one record at once, on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
  });
  afterAll(async () => t?.close());

  const as = <T>(fn: () => Promise<T>) => asActor({ type: 'agency', id: samr.code }, fn);

  /**
   * A submits `first` and holds its transaction open after writing; B submits `second`, reads its
   * stored filings (A's are not committed) and waits for A's logs; then A commits. B's outcome.
   */
  async function raced(first: unknown[], second: unknown[]) {
    const held = gate();
    const inA = gate();
    const a = as(() =>
      t.platform.intake.submit(samr, lines(first), {
        inTransaction: async () => {
          inA.open();
          await held.opened;
        },
      }),
    );
    await inA.opened;
    const b = as(() => t.platform.intake.submit(samr, lines(second))).then(
      (ok) => ({ ok }),
      (err: unknown) => ({ err }),
    );
    await someoneWaits(t.platform.db, store);
    held.open();
    return { a: await a, b: await b };
  }

  it('answers the second duplicate', async () => {
    const { a, b } = await raced([penalty(1), penalty(2)], [penalty(1), penalty(2)]);
    expect(a.created).toBe(2);
    expect('ok' in b ? b.ok : b.err).toEqual({
      created: 0,
      duplicates: 2,
      records: a.records.map((r) => ({ ...r, status: 'duplicate' })),
    });
    const ids = await recordIds(t.platform.db);
    expect(ids).toHaveLength(2);
    await t.platform.rebuild();
    expect(await recordIds(t.platform.db)).toEqual(ids);
  });

  it('answers a different filing of the same record conflict, and files none of its batch', async () => {
    const before = await recordIds(t.platform.db);
    const { a, b } = await raced([penalty(5)], [penalty(6), penalty(5, { fields: { fineAmount: 99 } })]);
    expect(a.created).toBe(1);
    expect('err' in b && (b.err as AppError).code).toBe('record-conflict');
    expect(await recordIds(t.platform.db)).toEqual([...before, a.records[0]!.recordId].sort());
  });
});

describe.each(ALL_STORES.filter((s) => s !== 'pglite'))('new record classes added by two transactions at once, on %s', (store) => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await openTestPlatform(store);
  });
  afterAll(async () => t?.close());

  it('are inserted in the order of their ids, so the transactions queue rather than deadlock', async () => {
    const shared = RECORD_TABLE.shared!;
    const values = (n: number) => shared.columns.map((c) => `${c}-race-${n}`);
    const [low, high] = [values(1), values(2)].sort((x, y) => (BigInt(classIdOf(x)) < BigInt(classIdOf(y)) ? -1 : 1)) as [string[], string[]];
    const one = (v: string[]) => new Map([[classIdOf(v), v]]);
    // A adds the lower class and holds it; B adds both, given the higher first, and waits for A's
    // at the lower; then A adds the higher. Had B inserted the higher first, A would wait for B
    // and B for A: a deadlock, and one of them refused with 40P01.
    const held = gate();
    const inA = gate();
    const a = t.platform.db.transaction(async (tx) => {
      await insertCombinations(tx, shared, one(low));
      inA.open();
      await held.opened;
      await insertCombinations(tx, shared, one(high));
    });
    await inA.opened;
    const b = t.platform.db.transaction((tx) =>
      insertCombinations(
        tx,
        shared,
        new Map([
          [classIdOf(high), high],
          [classIdOf(low), low],
        ]),
      ),
    );
    await someoneWaits(t.platform.db, store);
    held.open();
    await expect(Promise.all([a, b])).resolves.toBeDefined();
    const rows = await t.platform.db.query<{ class_id: string }>(
      'SELECT class_id::text FROM record_class WHERE class_id = ANY($1::bigint[]) ORDER BY class_id',
      [[classIdOf(low), classIdOf(high)]],
    );
    expect(rows.map((r) => r.class_id)).toEqual([classIdOf(low), classIdOf(high)]);
  });
});

describe.each(ALL_STORES.filter((s) => s !== 'pglite'))('a filing renaming two subjects while a refresh holds one of them, on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
  });
  afterAll(async () => t?.close());

  const submit = (values: unknown[]) => asActor({ type: 'agency', id: samr.code }, () => t.platform.intake.submit(samr, lines(values)));

  it('waits for the refresh and renames both, neither refused as a deadlock', async () => {
    // The subject of the higher key is stored first, so a scan of the table meets it first.
    await submit([registration(ORG_B, '深圳示例甲有限公司', 1)]);
    await submit([registration(ORG_A, '杭州示例甲有限公司', 1)]);
    const keys = (await t.platform.db.query<{ subject_key: string }>('SELECT subject_key FROM subject ORDER BY subject_key')).map((r) => r.subject_key);
    expect(keys).toEqual([ORG_A, ORG_B]);
    const [low, high] = keys as [string, string];
    // A refresh takes its subjects' rows in key order (evaluation's withSubjectsLocked): here it
    // holds the lower and waits, while the filing renames both, the higher named first. Had the
    // filing locked the higher first, the refresh's next lock would wait for it and it for the
    // refresh: a deadlock, one of them refused with 40P01.
    const held = gate();
    const inRefresh = gate();
    const refresh = t.platform.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM subject WHERE subject_key = $1 FOR NO KEY UPDATE', [low]);
      inRefresh.open();
      await held.opened;
      await tx.query('SELECT 1 FROM subject WHERE subject_key = $1 FOR NO KEY UPDATE', [high]);
    });
    await inRefresh.opened;
    const filing = submit([registration(ORG_B, '新名一有限公司', 2), registration(ORG_A, '新名二有限公司', 2)]);
    await someoneWaits(t.platform.db, store);
    held.open();
    await expect(Promise.all([refresh, filing])).resolves.toBeDefined();
    const names = await t.platform.db.query<{ name: string }>('SELECT name FROM subject ORDER BY name');
    expect(names.map((r) => r.name)).toEqual(['新名一有限公司', '新名二有限公司']);
  });
});
