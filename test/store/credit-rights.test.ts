// The person's rights in credit reporting on both stores (issue 21): a guarantor objects to the
// account it guarantees; the dispute mark and the personal statement hold as of a day (from the
// day filed or made, the mark until the day answered); parallel own-report requests never take
// more free reports than the Regulation gives; the rows of statements and own reports are never
// changed in place (the one allowed change: an own report's row takes the report once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, keyOf, loan, statement } from '../support/furnishing.ts';
import type { AgencyPrincipal, Principal } from '../../src/kernel/principal.ts';
import { AppError } from '../../src/kernel/problems.ts';
import { escalateOverdueCreditObjections } from '../../src/features/credit-reporting/credit-disputes.service.ts';
import { logOf, placementOf, takeLogs, type LogPlacement } from '../../src/ledger/ledger.ts';
import { residentIdCheckCharacter } from '../../src/domain/ids/resident-id.ts';
import { lockWaiters } from '../support/lock-waits.ts';

/**
 * Two people's identity numbers whose logs differ under a placement, the lower log's first: the
 * lowest and the highest log among BORROWER, BORROWER_2 and twenty numbers more.
 */
function inLogOrder(placement: LogPlacement): [string, string] {
  const more = Array.from({ length: 20 }, (_, i) => `33010619900101${100 + i}`).map((body) => body + residentIdCheckCharacter(body));
  const people = [BORROWER, BORROWER_2, ...more].map((id) => ({ id, log: logOf(keyOf(id), placement) })).sort((x, y) => x.log - y.log);
  return [people[0]!.id, people.at(-1)!.id];
}

describe.each(ALL_STORES)('credit rights on %s', (store) => {
  let t: TestPlatform;
  let bank: AgencyPrincipal;
  const person: Record<string, Principal & { kind: 'account' }> = {};
  // Person a (a card) and guarantor b (of a company's loan): two people whose logs are in this
  // order under the store's placement, as the deadlock test needs.
  let A: string;
  let B: string;

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    const p = t.platform;
    [A, B] = inLogOrder(await placementOf(p.db));
    bank = (await addAgency(p, 'bank-hangzhou', 'commercial-bank')).principal;
    const lines = [
      consent(A),
      consent(B),
      card('C-1', A),
      loan('L-2', COMPANY, { guarantors: [B] }),
      statement('C-1', '2026-10'),
      statement('L-2', '2026-10'),
    ];
    await asActor({ type: 'agency', id: bank.code }, () =>
      p.furnishing.furnish(
        bank,
        '2026-10',
        lines.map((value, i) => ({ line: i + 1, value })),
      ),
    );
    await asActor(ADMIN, async () => {
      await p.accounts.create({ username: 'person-a', role: 'subject', subjectKey: keyOf(A), password: 'password of a' });
      // A guarantor is known to the furnished data too, though it borrowed nothing.
      await p.accounts.create({ username: 'guarantor-b', role: 'subject', subjectKey: keyOf(B), password: 'password of b' });
    });
    person.a = { kind: 'account', account: await p.accounts.authenticate((await p.accounts.login('person-a', 'password of a')).token) };
    person.b = { kind: 'account', account: await p.accounts.authenticate((await p.accounts.login('guarantor-b', 'password of b')).token) };
  });
  afterAll(async () => {
    await t?.close();
  });

  const asPerson = <T>(who: string, fn: () => Promise<T>) => asActor({ type: 'subject', id: who }, fn);

  it('lets a guarantor object to the account it guarantees, marked from the day filed until the day answered', async () => {
    const p = t.platform;
    const o = await asPerson('b', () => p.creditDisputes.file(person.b!, { furnisher: 'bank-hangzhou', account: 'L-2', reason: '我未提供此担保' }));
    expect(o).toMatchObject({ state: 'open', filedOn: '2026-11-20', dueOn: '2026-12-10' });
    t.clock.set('2026-11-25T02:00:00Z');
    await asActor({ type: 'agency', id: bank.code }, () =>
      p.creditDisputes.answer(bank, o.objectionId, { outcome: 'rejected', explanation: '担保合同经本人签署' }),
    );
    const marks = async (day: string) => (await p.creditDisputes.annotationsOf(keyOf(B), day)).disputes.map((d) => d.objection);
    expect(await marks('2026-11-19')).toEqual([]);
    expect(await marks('2026-11-20')).toEqual([o.objectionId]);
    expect(await marks('2026-11-24')).toEqual([o.objectionId]);
    expect(await marks('2026-11-25')).toEqual([]);
  });

  it('shows, as of a day, the personal statement made by then', async () => {
    const p = t.platform;
    t.clock.set('2026-11-26T02:00:00Z');
    await asPerson('a', () => p.creditDisputes.makeStatement(person.a!, '第一版声明'));
    t.clock.set('2026-11-28T02:00:00Z');
    await asPerson('a', () => p.creditDisputes.makeStatement(person.a!, '第二版声明'));
    const on = async (day: string) => (await p.creditDisputes.annotationsOf(keyOf(A), day)).statement;
    expect(await on('2026-11-25')).toBeNull();
    expect(await on('2026-11-27')).toEqual({ text: '第一版声明', addedOn: '2026-11-26' });
    expect(await on('2026-11-28')).toEqual({ text: '第二版声明', addedOn: '2026-11-28' });
  });

  it('refuses a statement whose text would read other than it is stored (bidirectional overrides, invisible characters), storing nothing', async () => {
    const p = t.platform;
    const count = async () => (await p.db.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_personal_statement'))[0]!.n;
    const before = await count();
    for (const text of ['按时还款 \u202Eevif\u202C', '已结清\u200B', '\uFEFF本人声明']) {
      const err = await asPerson('a', () => p.creditDisputes.makeStatement(person.a!, text)).catch((e: unknown) => e);
      expect(err, JSON.stringify(text)).toMatchObject({ code: 'validation-failed' });
    }
    expect(await count()).toBe(before);
  });

  it('uses up no free report, charges nothing and records no query when the report cannot be signed and stored', async () => {
    const p = t.platform;
    const events = async () =>
      (await p.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM credit_own_report WHERE subject_key = $1`, [keyOf(B)]))[0]!.n;
    // The signed copy cannot be stored: the report table refuses every row.
    // One statement a call: Citus refuses a script of several that touches a distributed table.
    await p.db.exec(`CREATE FUNCTION refuse_report() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the report store is down'; END $$`);
    await p.db.exec('CREATE TRIGGER refuse_report BEFORE INSERT ON report FOR EACH ROW EXECUTE FUNCTION refuse_report()');
    try {
      for (let i = 0; i < 3; i++) {
        await expect(asPerson('b', () => p.creditRights.ownReport(person.b!, { acceptFee: false, months: 24, lang: 'zh' }))).rejects.toThrow(/the report store is down/);
      }
      expect(await events()).toBe(0);
      expect((await p.creditRights.standing(person.b!)).served).toBe(0);
    } finally {
      await p.db.exec('DROP TRIGGER refuse_report ON report');
      await p.db.exec('DROP FUNCTION refuse_report()');
    }
    const served = await asPerson('b', () => p.creditRights.ownReport(person.b!, { acceptFee: false, months: 24, lang: 'zh' }));
    expect(served.count).toMatchObject({ served: 1, freeRemaining: 1, feeCharged: 0 });
    expect(served.report.inquiries.filter((i) => i.purpose === 'own-query')).toEqual([expect.objectContaining({ date: p.policy.localDate(t.clock.now()) })]);
  });

  it('never serves more free own reports than two, however many requests arrive at once', async () => {
    const p = t.platform;
    const tries = await Promise.allSettled(
      Array.from({ length: 4 }, () => asPerson('a', () => p.creditRights.ownReport(person.a!, { acceptFee: false, months: 24, lang: 'zh' }))),
    );
    const served = tries.filter((r) => r.status === 'fulfilled');
    expect(served).toHaveLength(2);
    for (const r of tries) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'fee-not-accepted' });
    const rows = await p.db.query<{ ordinal: number; fee_fen: string | number }>(
      `SELECT ordinal, fee_fen FROM credit_own_report WHERE subject_key = $1 ORDER BY ordinal`,
      [keyOf(A)],
    );
    expect(rows.map((r) => [Number(r.ordinal), Number(r.fee_fen)])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    const paid = await asPerson('a', () => p.creditRights.ownReport(person.a!, { acceptFee: true, months: 60, lang: 'zh' }));
    expect(paid.count).toMatchObject({ served: 3, feeCharged: 10 });
    expect(paid.report.accounts[0]!.accounts[0]!.grid).toHaveLength(60);
    expect((await p.creditRights.lastServed(person.a!))?.report.months).toBe(60);
  });

  it('refuses to change or delete a statement or an own report once written', async () => {
    const db = t.platform.db;
    const refused = async (sql: string) => {
      const err = await db.query(sql, [keyOf(A)]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, sql).toBeInstanceOf(Error);
    };
    await refused(`UPDATE credit_personal_statement SET text = 'x' WHERE subject_key = $1`);
    await refused('DELETE FROM credit_personal_statement WHERE subject_key = $1');
    await refused('UPDATE credit_own_report SET fee_fen = 0 WHERE subject_key = $1');
    await refused(`UPDATE credit_own_report SET report = '{}' WHERE subject_key = $1`);
    await refused('DELETE FROM credit_own_report WHERE subject_key = $1');
  });

  // A furnisher answers an objection while the scheduler escalates it with another: both lock
  // the objection's row and its subject's log, in one order (the row first), so neither waits for
  // the other in a cycle. The escalation is made to hold both objections' rows while it waits for
  // the first log it needs, held by a third transaction; the answer then starts. Locking the log
  // first, the answer would hold the second log the escalation needs next: a deadlock.
  // PGlite runs one transaction at a time.
  it.runIf(store !== 'pglite')('lets an answer and the escalation of the same objection meet without a deadlock', async () => {
    const p = t.platform;
    const placement = await placementOf(p.db);
    expect(logOf(keyOf(A), placement)).toBeLessThan(logOf(keyOf(B), placement));
    t.clock.set('2026-12-01T02:00:00Z');
    await asPerson('a', () => p.creditDisputes.file(person.a!, { furnisher: 'bank-hangzhou', account: 'C-1', reason: '额度不对' }));
    const answered = await asPerson('b', () => p.creditDisputes.file(person.b!, { furnisher: 'bank-hangzhou', account: 'L-2', reason: '担保金额不对' }));
    t.clock.set('2026-12-22T02:00:00Z');
    const waiting = async (n: number) => {
      for (;;) {
        if ((await lockWaiters(p.db, store)) >= n) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    let taken!: () => void;
    const held = new Promise<void>((r) => (taken = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const holder = p.db.transaction(async (tx) => {
      await takeLogs(tx, [keyOf(A)], placement);
      taken();
      await released;
    });
    await held;
    const settled = <T>(work: Promise<T>) => work.then((v) => v, (e: unknown) => e);
    const escalation = settled(escalateOverdueCreditObjections(p.db, '2026-12-22', t.clock.now()));
    await waiting(1);
    const answer = settled(
      asActor({ type: 'agency', id: bank.code }, () => p.creditDisputes.answer(bank, answered.objectionId, { outcome: 'rejected', explanation: '担保合同经本人签署' })),
    );
    await waiting(2);
    release();
    await holder;
    expect(await escalation).toBe(2);
    expect(await answer).toMatchObject({ objectionId: answered.objectionId, outcome: 'rejected', late: true });
  });

  it('answers an objection to an item not about the subject as one that does not exist', async () => {
    const err = await asPerson('a', () => t.platform.creditDisputes.file(person.a!, { furnisher: 'bank-hangzhou', account: 'L-2', reason: '不是我的' })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('credit-account-not-found');
  });
});
