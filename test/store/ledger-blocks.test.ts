// Events in blocks on both stores: appended in batches of every size (one event, a block's
// worth, more than a block), any range of a log and any set of positions read back exactly the
// events appended there; a subject's events are found through the blocks that list it, up to
// an instant; a leaf tile is stored only when full, and its hashes are the events' leaf hashes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { appendEvents, logOf, placementOf, subjectEvents } from '../../src/ledger/ledger.ts';
import { BLOCK_COLUMNS, BLOCK_EVENTS, blockCopyLines, eventsAt, eventsInRange, subjectTag } from '../../src/ledger/blocks.ts';
import { leafHashOfText, rootOf } from '../../src/ledger/tlog/merkle.ts';
import type { NewEvent } from '../../src/ledger/events.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/constants.ts';
import type { Queryable, Row } from '../../src/store/database.ts';
import { verifyLedger } from '../../src/ledger/verify-ledger.ts';
import { rewriteEvent } from '../support/ledger-rows.ts';

const lifted = (subject: string, n: number): NewEvent => ({
  type: 'evaluation.override-lifted',
  subject,
  data: { scorecard: `card-${n}`, reason: `第${n}次 lifted` },
});

describe.each(STORES)('ledger blocks on %s', (store) => {
  let t: TestPlatform;
  /** Every appended payload's subject and number, by log, in order. */
  const appended = new Map<number, Array<{ subject: string; n: number; at: string }>>();

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z', { ledgerLogs: 2 });
    const placement = await placementOf(t.platform.db);
    const subjects = ['91330100MA2B3C4D5E', '91110000100000000A', '92330105471120199D', 'person:abc'];
    let n = 0;
    for (const size of [1, BLOCK_EVENTS - 1, 1, BLOCK_EVENTS, BLOCK_EVENTS + 1, 3, 2 * BLOCK_EVENTS + 7, 200]) {
      const batch = Array.from({ length: size }, (_, i) => lifted(subjects[(n + i) % subjects.length]!, n + i));
      const stored = await t.platform.db.transaction((tx) => appendEvents(tx, batch, SYSTEM_ACTOR, t.clock.now()));
      for (const e of stored) {
        const list = appended.get(e.log) ?? [];
        appended.set(e.log, list);
        expect(e.index).toBe(list.length);
        list.push({ subject: e.subject!, n: Number((e.data as { scorecard: string }).scorecard.slice(5)), at: e.at });
        expect(logOf(e.subject, placement)).toBe(e.log);
      }
      n += size;
      t.clock.advance(60_000);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const numberOf = (payload: string) => Number((JSON.parse(payload) as { data: { scorecard: string } }).data.scorecard.slice(5));

  it('reads any range of a log back exactly', async () => {
    for (const [log, events] of appended) {
      const size = events.length;
      for (const [from, to] of [
        [0, size],
        [0, 1],
        [BLOCK_EVENTS - 1, BLOCK_EVENTS + 2],
        [5, 5],
        [size - 1, size + 10],
        [size, size + 10],
        [17, 333],
      ] as const) {
        const got = await eventsInRange(t.platform.db, log, from, to);
        expect(got.map((e) => e.index)).toEqual(Array.from({ length: Math.max(0, Math.min(to, size) - from) }, (_, i) => from + i));
        expect(got.map((e) => numberOf(e.payload))).toEqual(events.slice(from, to).map((e) => e.n));
      }
    }
  });

  it('reads events at any positions, in the order asked, and nothing where there is none', async () => {
    const positions = [...appended].flatMap(([log, events]) => [events.length - 1, 0, 64, 65, 130, events.length].map((index) => ({ log, index })));
    const got = await eventsAt(t.platform.db, positions);
    positions.forEach((p, i) => {
      const want = appended.get(p.log)![p.index];
      if (!want) expect(got[i]).toBeUndefined();
      else expect(got[i] && { ...got[i], n: numberOf(got[i]!.payload) }).toMatchObject({ log: p.log, index: p.index, n: want.n });
    });
  });

  it('reads many positions, asked in any order and more than once, a run of them a statement', async () => {
    const every = [...appended].flatMap(([log, events]) => Array.from({ length: events.length + 2 }, (_, index) => ({ log, index })));
    // Each position three times, in a shuffled order (a fixed one), with those past each log's end.
    const positions = [...every, ...every, ...every]
      .map((p, i) => ({ p, k: (i * 7919) % 10007 }))
      .sort((a, b) => a.k - b.k)
      .map(({ p }) => p);
    for (const perStatement of [1, 7, BLOCK_EVENTS, 10_000]) {
      const got = await eventsAt(t.platform.db, positions, perStatement);
      expect(got.length).toBe(positions.length);
      positions.forEach((p, i) => {
        const want = appended.get(p.log)![p.index];
        if (!want) expect(got[i], `${p.log}/${p.index}`).toBeUndefined();
        else expect(got[i] && { ...got[i], n: numberOf(got[i]!.payload) }).toMatchObject({ log: p.log, index: p.index, n: want.n });
      });
    }
  });

  it("asks a Citus shard's statement for one log's positions only, naming its key", async () => {
    // This store as a Citus-sharded one would answer: the logs' keys, and each statement's log
    // key condition, which the real blocks here lack, taken out before the statement runs.
    const keys = ['key-0', 'key-1', 'key-2'];
    const asked: Array<{ logs: number[]; key: string }> = [];
    const db = t.platform.db;
    const sharded: Queryable = {
      exec: (sql) => db.exec(sql),
      copyIn: (table, columns, text) => db.copyIn(table, columns, text),
      copyOut: (query) => db.copyOut(query),
      query: async <R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> => {
        if (sql.includes('FROM ledger_meta')) return [{ log_keys: keys }] as unknown as R[];
        const key = String(params!.at(-1));
        asked.push({ logs: params![0] as number[], key });
        return db.query<R>(sql.replace(' AND log_key = $3', ''), params!.slice(0, -1));
      },
    };
    const every = [...appended].flatMap(([log, events]) => Array.from({ length: events.length }, (_, index) => ({ log, index })));
    const positions = every
      .map((p, i) => ({ p, k: (i * 7919) % 10007 }))
      .sort((a, b) => a.k - b.k)
      .map(({ p }) => p);
    const got = await eventsAt(sharded, positions, 100);
    positions.forEach((p, i) =>
      expect(got[i] && { log: got[i]!.log, index: got[i]!.index, n: numberOf(got[i]!.payload) }).toEqual({ ...p, n: appended.get(p.log)![p.index]!.n }),
    );
    expect(asked.length).toBeGreaterThan(appended.size);
    for (const a of asked) {
      expect(new Set(a.logs).size).toBe(1);
      expect(a.key).toBe(keys[a.logs[0]!]);
      expect(a.logs.length).toBeLessThanOrEqual(100);
    }
  });

  it("finds a subject's events, and only those recorded by an instant", async () => {
    const all = [...appended.values()].flat();
    for (const subject of new Set(all.map((e) => e.subject))) {
      const mine = all.filter((e) => e.subject === subject);
      expect((await subjectEvents(t.platform.db, subject)).map((e) => (e.data as { scorecard: string }).scorecard)).toEqual(mine.map((e) => `card-${e.n}`));
      const until = new Date(mine[Math.floor(mine.length / 2)]!.at);
      expect((await subjectEvents(t.platform.db, subject, until)).map((e) => e.at)).toEqual(mine.filter((e) => new Date(e.at) <= until).map((e) => e.at));
    }
    expect(await subjectEvents(t.platform.db, 'nobody')).toEqual([]);
  });

  it("stores no leaf tile, and over each full one the root of its events' leaf hashes", async () => {
    expect(await t.platform.db.query('SELECT log, idx FROM ledger_tile WHERE level = 0')).toEqual([]);
    let full = 0;
    for (const [log, events] of appended) {
      const [tile] = await t.platform.db.query<{ hashes: Uint8Array }>('SELECT hashes FROM ledger_tile WHERE log = $1 AND level = 1 AND idx = 0', [log]);
      const tiles = Math.floor(events.length / 256);
      expect(tile ? tile.hashes.length / 32 : 0).toBe(tiles);
      for (let i = 0; i < tiles; i++, full++) {
        const leaves = await eventsInRange(t.platform.db, log, i * 256, i * 256 + 256);
        expect(Buffer.from(tile!.hashes.subarray(i * 32, i * 32 + 32)).equals(rootOf(leaves.map((e) => leafHashOfText(e.payload))))).toBe(true);
      }
    }
    expect(full).toBeGreaterThan(0);
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
  });

  it("lists in each block the tags of its events' subjects, computed alike in SQL and in the writer", async () => {
    for (const key of ['91330100MA2B3C4D5E', 'p:3f9a', '杭州示例', 'a"b\\c', '']) {
      const [row] = await t.platform.db.query<{ tag: number }>('SELECT ledger_subject_tag($1) AS tag', [key]);
      expect(row!.tag).toBe(subjectTag(key));
    }
    for (const [log, events] of appended) {
      const blocks = await t.platform.db.query<{ first_idx: number; events: number; subjects: number[] }>(
        'SELECT first_idx, events, subjects FROM ledger_block WHERE log = $1 ORDER BY first_idx',
        [log],
      );
      for (const b of blocks) {
        const own = new Set(events.slice(b.first_idx, b.first_idx + b.events).map((e) => subjectTag(e.subject)));
        expect(new Set(b.subjects)).toEqual(own);
      }
    }
  });

  it('refuses a block that does not start where its log ends', async () => {
    const [log, events] = [...appended][0]!;
    const payload = (await eventsInRange(t.platform.db, log, 0, 1))[0]!.payload;
    for (const first of [0, events.length - 1, events.length + 1]) {
      await expect(t.platform.db.copyIn('ledger_block', BLOCK_COLUMNS, blockCopyLines(log, first, [{ subject: null, payload }]))).rejects.toThrow(
        /append-only: the next block of log \d+ starts at event/,
      );
    }
  });

  it('audits each block: no overlap, its stated count, and its list of subjects', async () => {
    const [log, events] = [...appended].find(([, e]) => e.length > 70)!;
    const db = t.platform.db;
    const tampered = async (sql: string, params: unknown[], expected: RegExp, copy?: string) => {
      await db.transaction(async (tx) => {
        await tx.query("SET LOCAL session_replication_role = 'replica'");
        if (copy) await tx.copyIn('ledger_block', BLOCK_COLUMNS, copy);
        else await tx.query(sql, params);
      });
      try {
        expect(await verifyLedger(db)).toMatchObject({ intact: false, firstBroken: { log, reason: expect.stringMatching(expected) } });
      } finally {
        await db.transaction(async (tx) => {
          await tx.query("SET LOCAL session_replication_role = 'replica'");
          await tx.query('DELETE FROM ledger_block WHERE log = $1', [log]);
          await tx.copyIn('ledger_block', BLOCK_COLUMNS, saved);
        });
      }
      expect((await verifyLedger(db)).intact).toBe(true);
    };
    const rows = await db.query<{ first_idx: number; events: number; subjects: number[]; data: Uint8Array }>(
      'SELECT first_idx, events, subjects, data FROM ledger_block WHERE log = $1 ORDER BY first_idx',
      [log],
    );
    const saved = rows
      .map((r) => `${log}\t${r.first_idx}\t${r.events}\t{${r.subjects.map((x) => `"${x}"`).join(',')}}\t\\\\x${Buffer.from(r.data).toString('hex')}\n`)
      .join('');
    // A second copy of the log's last events, one of them altered, in a block of its own.
    const tail = await eventsInRange(db, log, events.length - 3, events.length);
    const forged = tail.map((e, i) => ({ subject: events[e.index]!.subject, payload: i === 1 ? e.payload.replace('lifted', 'forged') : e.payload }));
    await tampered('', [], /blocks overlap/, blockCopyLines(log, events.length - 3, forged));
    // A subject dropped from a block's list would hide its events from its own reads.
    const second = rows[1]!;
    await tampered(
      'UPDATE ledger_block SET subjects = $1 WHERE log = $2 AND first_idx = $3',
      [second.subjects.slice(1), log, second.first_idx],
      /list of subjects/,
    );
    await tampered('UPDATE ledger_block SET events = events - 1 WHERE log = $1 AND first_idx = $2', [log, second.first_idx], /states \d+ events and holds/);
  });

  it('narrows an event altered in the last, partial leaf tile down to the subtree of the head it breaks', async () => {
    const [log, events] = [...appended].find(([, e]) => e.length % 256 > 2)!;
    const size = events.length;
    const index = size - 1;
    const [event] = await eventsInRange(t.platform.db, log, index, size);
    const rewrite = (payload: string) => t.platform.db.transaction((tx) => rewriteEvent(tx, log, index, payload));
    await rewrite(event!.payload.replace('lifted', 'forged'));
    try {
      // The last leaf is the head's last subtree alone when the size is odd; else it shares one.
      const expected = size % 2 === 1 ? /its leaf hash is not the one in its log's head/ : new RegExp(`disagrees with its events \\d+ to ${index}`);
      expect(await verifyLedger(t.platform.db)).toMatchObject({ intact: false, firstBroken: { log, reason: expect.stringMatching(expected) } });
    } finally {
      await rewrite(event!.payload);
    }
    expect((await verifyLedger(t.platform.db)).intact).toBe(true);
  });

  it('keeps blocks append-only', async () => {
    for (const sql of ['UPDATE ledger_block SET subjects = $1', 'DELETE FROM ledger_block WHERE log = 1']) {
      await expect(t.platform.db.query(sql, sql.includes('$1') ? [[]] : [])).rejects.toThrow(/append-only/);
    }
    await expect(t.platform.db.query('TRUNCATE ledger_block')).rejects.toThrow(/append-only/);
  });
});
