// The scheduler's sweep of credit objections left open past their due day, on every store: a page
// at a time, each page going on after the last objection the one before read, so that objections
// another transaction holds (skipped, left for the next sweep) neither end the sweep early nor
// hold it, and every other overdue objection is escalated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { BORROWER, card, consent, keyOf, loan, statement } from '../support/furnishing.ts';
import type { Principal } from '../../src/kernel/principal.ts';
import { escalateOverdueCreditObjections } from '../../src/features/credit-reporting/credit-disputes.service.ts';

describe.each(ALL_STORES)('escalating overdue credit objections on %s', (store) => {
  let t: TestPlatform;
  let person: Principal;
  /** The objections, in the order they fall due. */
  const filed: string[] = [];
  const states = async () => {
    const rows = await t.platform.db.query<{ objection_id: string; state: string }>('SELECT objection_id, state FROM credit_objection');
    const by = new Map(rows.map((r) => [r.objection_id, r.state]));
    return filed.map((id) => by.get(id));
  };

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    const p = t.platform;
    const bank = (await addAgency(p, 'bank-jiaxing', 'commercial-bank')).principal;
    const lines = [consent(BORROWER), card('C-1', BORROWER), loan('L-1', BORROWER), statement('C-1', '2026-10')];
    await asActor({ type: 'agency', id: bank.code }, () =>
      p.furnishing.furnish(
        bank,
        '2026-10',
        lines.map((value, i) => ({ line: i + 1, value })),
      ),
    );
    await asActor(ADMIN, () => p.accounts.create({ username: 'person-e', role: 'subject', subjectKey: keyOf(BORROWER), password: 'password of e' }));
    person = { kind: 'account', account: await p.accounts.authenticate((await p.accounts.login('person-e', 'password of e')).token) };
    // Three objections filed on three days: three due days, in this order.
    const items = [{ account: 'C-1' }, { account: 'C-1', month: '2026-10' }, { account: 'L-1' }];
    for (const [i, item] of items.entries()) {
      t.clock.set(`2026-11-2${i}T02:00:00Z`);
      const o = await asActor({ type: 'subject', id: 'person-e' }, () =>
        p.creditDisputes.file(person, { furnisher: 'bank-jiaxing', ...item, reason: '信息不对' }),
      );
      filed.push(o.objectionId);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  // PGlite runs one transaction at a time: no other transaction holds a row meanwhile.
  it.runIf(store !== 'pglite')('goes on past pages of objections another transaction holds, escalating every other one', async () => {
    const p = t.platform;
    let taken!: () => void;
    const held = new Promise<void>((r) => (taken = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    // The first objection to fall due is held: the first page of one candidate locks nothing.
    const holder = p.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM credit_objection WHERE subject_key = $1 AND objection_id = $2 FOR UPDATE', [keyOf(BORROWER), filed[0]]);
      taken();
      await released;
    });
    await held;
    try {
      expect(await escalateOverdueCreditObjections(p.db, '2027-01-10', t.clock.now(), 1)).toBe(2);
      expect(await states()).toEqual(['open', 'escalated', 'escalated']);
    } finally {
      release();
      await holder;
    }
  });

  it('escalates, a page at a time, every objection still open past its due day', async () => {
    const left = (await states()).filter((s) => s === 'open').length;
    expect(await escalateOverdueCreditObjections(t.platform.db, '2027-01-10', t.clock.now(), 1)).toBe(left);
    expect(await states()).toEqual(['escalated', 'escalated', 'escalated']);
    expect(await escalateOverdueCreditObjections(t.platform.db, '2027-01-10', t.clock.now(), 1)).toBe(0);
  });
});
