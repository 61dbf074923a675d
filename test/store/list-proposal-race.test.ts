// Two proposals of one list entry at once (the same list, the same basis records): the second
// waits for the subject's log, then finds the first's entry and is refused already-proposed; the
// entry is stored once. On Citus no constraint keeps an entry id unique across shards, so the
// proposal looks for the entry only once it holds the log. PostgreSQL and Citus (PGlite has one
// session, so its transactions never overlap).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { lockWaiters } from '../support/lock-waits.ts';
import { ORG_B, penalty } from '../support/records.ts';
import { takeLogs } from '../../src/ledger/ledger.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import type { AppError } from '../../src/kernel/problems.ts';

describe.each(ALL_STORES.filter((s) => s !== 'pglite'))('two proposals of one list entry at once, on %s', (store) => {
  let t: TestPlatform;
  let samr: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform(store);
    samr = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).principal;
  });
  afterAll(async () => t?.close());

  const as = <T>(fn: () => Promise<T>) => asActor({ type: 'agency', id: samr.code }, fn);

  it('stores the entry once and refuses the second as already proposed', async () => {
    const filed = await as(() =>
      t.platform.intake.submit(samr, [
        { line: 1, value: penalty(1, { code: ORG_B, severity: 'serious' }) },
        { line: 2, value: penalty(2, { code: ORG_B, severity: 'serious' }) },
      ]),
    );
    const basisRecords = filed.records.map((r) => r.recordId);
    // A transaction holds the subject's log while both proposals start.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const holder = t.platform.db.transaction(async (tx) => {
      await takeLogs(tx, [ORG_B]);
      holding();
      await released;
    });
    await held;
    const propose = () =>
      as(() => t.platform.lists.propose({ kind: 'agency', agency: samr }, 'samr-serious-illegal', { basisRecords, reasons: '经核查，拟列入。' })).then(
        (entry) => ({ entry }),
        (err: unknown) => ({ err }),
      );
    const outcomes = Promise.all([propose(), propose()]);
    while ((await lockWaiters(t.platform.db, store)) < 2) await new Promise((r) => setImmediate(r));
    release();
    await holder;
    const [a, b] = await outcomes;
    const proposed = [a, b].filter((o) => 'entry' in o);
    const refused = [a, b].filter((o) => 'err' in o).map((o) => o.err as AppError);
    expect(proposed).toHaveLength(1);
    expect(refused.map((e) => [e.code, (e.extensions?.refusal as { code: string } | undefined)?.code])).toEqual([['step-refused', 'already-proposed']]);
    const entryId = (proposed[0] as { entry: { entryId: string } }).entry.entryId;
    const rows = await t.platform.db.query('SELECT entry_id FROM list_entry WHERE entry_id = $1', [entryId]);
    expect(rows).toHaveLength(1);
  });
});
