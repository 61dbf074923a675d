// The score of every person at once (bulk-score.ts), on every store: each person's score is the
// one read for that person alone (readScoreAsOf, which a report as of today shows), whether the
// statements are read themselves (no histories built, as on Citus), from the account histories,
// or from the histories with what was furnished since their build (a restatement of a month they
// hold, a month after them); hard inquiries of the last year count, and an organisation gets no
// score. A history the build marks plain is read without its figures, and read whole where the
// months furnished since need them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { BORROWER, BORROWER_2, COMPANY, card, consent, furnishAs, keyOf, loan, statement } from '../support/furnishing.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import { compactClosedMonths } from '../../src/features/credit-reporting/statement-compaction.ts';
import { buildAccountHistories } from '../../src/features/credit-reporting/account-history.ts';
import { historyMarks } from '../../src/features/credit-reporting/account-history.store.ts';
import { readScoreAsOf } from '../../src/features/credit-reporting/credit-report.service.ts';
import { scoreEveryPerson, type PersonScored } from '../../src/features/credit-reporting/bulk-score.ts';
import { plainHistory } from '../../src/domain/credit-reporting/score-attributes.ts';
import { localDate } from '../../src/domain/dates.ts';

const PERSONS = [BORROWER, BORROWER_2];
/** A person who first borrows after the build of the score's inputs. */
const NEWCOMER = '110101199003070011';
const MONTHS = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
const NOW = '2026-11-20T04:00:00Z';

/** Borrower i's month on an account: late months, a card settled and closed, a write-off among them. */
function statementOf(account: string, i: number, month: string) {
  if (i === 1 && month === '2026-07') return statement(account, month, { daysPastDue: 12, amountPaid: 0, status: '1' });
  if (i === 1 && month === '2026-08') return statement(account, month, { daysPastDue: 43, amountPaid: 0, status: '2' });
  if (i !== 1 && account.startsWith('C') && month === '2026-09')
    return statement(account, month, { balance: 0, amountDue: 0, amountPaid: 0, status: 'C', closedOn: '2026-09-14' });
  if (i !== 1 && account.startsWith('C') && month > '2026-09') return null;
  if (i === 0 && account.startsWith('L') && month === '2026-10')
    return statement(account, month, { daysPastDue: 200, amountPaid: 0, status: 'B', writtenOff: 150000.5 });
  return statement(account, month);
}

describe.each(ALL_STORES)('the score of every person on %s', (store) => {
  let t: TestPlatform;
  const banks: AgencyPrincipal[] = [];
  const furnish = (bank: AgencyPrincipal, month: string, values: readonly unknown[]) => furnishAs(t.platform, bank, month, values);
  const everyone = async (part?: number) => {
    const scores: PersonScored[] = [];
    const summary = await scoreEveryPerson(t.platform.db, t.platform.policy, t.clock.now(), {
      ...(part ? { part } : {}),
      onScores: (s) => void scores.push(...s),
    });
    return { summary, scores };
  };
  /** Each person's score read alone, in the bulk score's order. */
  const alone = (scores: readonly PersonScored[]) =>
    Promise.all(
      scores.map(async (s) => ({
        subjectKey: s.subjectKey,
        score: await readScoreAsOf(
          t.platform.db,
          t.platform.policy,
          s.subjectKey,
          localDate(t.clock.now(), t.platform.policy.manifest.timeZone),
          t.clock.now(),
        ),
      })),
    );

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    for (const code of ['bank-a', 'bank-b']) banks.push((await addAgency(t.platform, code, 'commercial-bank')).principal);
    const borrowers = [BORROWER, BORROWER_2, COMPANY];
    // In 2020: BORROWER's loan L-Z settled with assets on 10 May 2020 (adverse, derogatory), no
    // longer shown from 10 May 2025 (art. 16); BORROWER_2's loan L-P a month late, then current.
    await furnish(banks[0]!, '2020-04', [
      consent(BORROWER, { signedOn: '2019-01-05' }),
      consent(BORROWER_2, { signedOn: '2019-01-05' }),
      loan('L-Z', BORROWER, { openedOn: '2019-01-10' }),
      loan('L-P', BORROWER_2, { openedOn: '2019-01-10' }),
      { kind: 'notice', account: 'L-Z', notifiedOn: '2020-04-01', method: 'letter' },
      { kind: 'notice', account: 'L-P', notifiedOn: '2020-04-01', method: 'letter' },
      statement('L-Z', '2020-04', { daysPastDue: 45, amountPaid: 0, status: '2' }),
      statement('L-P', '2020-04', { daysPastDue: 12, amountPaid: 0, status: '1' }),
    ]);
    await furnish(banks[0]!, '2020-05', [
      statement('L-Z', '2020-05', { balance: 0, amountDue: 0, amountPaid: 0, status: 'Z', closedOn: '2020-05-10' }),
      statement('L-P', '2020-05', { balance: 0, amountDue: 0, amountPaid: 0, status: 'C', closedOn: '2020-05-20' }),
    ]);
    for (const [k, bank] of banks.entries()) {
      await furnish(bank, '2026-06', [
        consent(BORROWER),
        consent(BORROWER_2),
        ...borrowers.map((b, i) => (k === 0 ? loan(`L-${i}`, b) : card(`C-${i}`, b))),
        { kind: 'notice', account: k === 0 ? 'L-1' : 'C-1', notifiedOn: '2026-06-05', method: 'contract-clause' },
        { kind: 'notice', account: k === 0 ? 'L-0' : 'C-0', notifiedOn: '2026-06-05', method: 'contract-clause' },
      ]);
      for (const month of MONTHS)
        await furnish(
          bank,
          month,
          borrowers.flatMap((_, i) => statementOf(k === 0 ? `L-${i}` : `C-${i}`, i, month) ?? []),
        );
    }
    // Two hard inquiries into BORROWER_2, and a post-loan one, which is not hard.
    const bank = banks[1]!;
    await asActor({ type: 'agency', id: bank.code }, async () => {
      await t.platform.creditConsents.record(bank, {
        reference: 'IC-1',
        subject: BORROWER_2,
        purposes: ['loan-approval', 'credit-card-approval'],
        signedOn: '2026-11-20',
        expiresOn: '2026-12-31',
      });
      await t.platform.creditInquiries.inquire(bank, { subject: BORROWER_2, purpose: 'loan-approval', consent: 'IC-1' });
      await t.platform.creditInquiries.inquire(bank, { subject: BORROWER_2, purpose: 'credit-card-approval', consent: 'IC-1' });
      await t.platform.creditInquiries.inquire(bank, { subject: BORROWER_2, purpose: 'post-loan-management' });
    });
    t.clock.set(NOW);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('scores each person as a report as of today does, from the statements', async () => {
    const { summary, scores } = await everyone();
    expect(scores.map((s) => s.subjectKey).sort()).toEqual(PERSONS.map(keyOf).sort());
    expect(scores).toEqual(await alone(scores));
    const byKey = new Map(scores.map((s) => [s.subjectKey, s.score]));
    const second = byKey.get(keyOf(BORROWER_2))!;
    expect(second.scored && second.attributes.find((a) => a.attribute === 'hard-inquiries-12m')!.value).toBe(2);
    // The write-off of October counts; the settlement of 2020, five years on, no longer does.
    const first = byKey.get(keyOf(BORROWER))!;
    expect(first.scored && first.attributes.find((a) => a.attribute === 'derogatory-accounts')!.value).toBe(1);
    expect(summary).toMatchObject({ asOf: '2026-11-20', persons: 2, accounts: 6, notScored: {} });
    expect(Object.values(summary.bands).reduce((a, n) => a + n, 0)).toBe(2);
  });

  it.skipIf(store === 'citus')('reads the account histories once built, and what was furnished since, alike', async () => {
    const before = (await everyone()).scores;
    await compactClosedMonths(t.platform.db, '2026-11-20', () => t.clock.now());
    expect(await buildAccountHistories(t.platform.db, () => t.clock.now())).toMatchObject({ throughMonth: expect.any(String) });
    expect(await historyMarks(t.platform.db)).toHaveLength(2);
    // BORROWER_2's loan and card are scored from their statuses alone, read without their figures;
    // the loan settled and closed in 2020 is not.
    const marked = await t.platform.db.query<{ account_id: string; first_month: string; statuses: string; figures: string; plain: number | null }>(
      `SELECT account_id, to_char(first_month, 'YYYY-MM') AS first_month, statuses, figures, plain_last_balance_fen AS plain
         FROM credit_account_history WHERE borrower_key = $1 ORDER BY account_id`,
      [keyOf(BORROWER_2)],
    );
    expect(marked.map((h) => [h.account_id, h.plain])).toEqual([
      ['C-1', plainHistory({ firstMonth: marked[0]!.first_month, statuses: marked[0]!.statuses, figures: marked[0]!.figures })!.lastBalanceFen],
      ['L-1', plainHistory({ firstMonth: marked[1]!.first_month, statuses: marked[1]!.statuses, figures: marked[1]!.figures })!.lastBalanceFen],
      ['L-P', null],
    ]);
    // One borrower a part, and all in one.
    expect((await everyone(1)).scores).toEqual(before);
    expect((await everyone()).scores).toEqual(before);
    // After the build: September restated worse for BORROWER_2's card, November restated for BORROWER's loan.
    await furnish(banks[1]!, '2026-09', [
      { kind: 'notice', account: 'C-1', notifiedOn: '2026-06-05', method: 'contract-clause' },
      statement('C-1', '2026-09', { daysPastDue: 95, amountPaid: 0, status: '4' }),
    ]);
    await furnish(banks[0]!, '2026-11', [statement('L-0', '2026-11', { balance: 1000 })]);
    // A lender new since the build, without a mark: its card of BORROWER_2's, a month of it.
    const bankC = (await addAgency(t.platform, 'bank-c', 'commercial-bank')).principal;
    await furnish(bankC, '2026-11', [consent(BORROWER_2), card('C-NEW', BORROWER_2), statement('C-NEW', '2026-11', { balance: 900000 })]);
    const after = await everyone(2);
    expect(after.scores).toEqual(await alone(after.scores));
    const second = (s: PersonScored[]) => s.find((p) => p.subjectKey === keyOf(BORROWER_2))!.score;
    const [was, now] = [second(before), second(after.scores)];
    expect(was.scored && now.scored && now.score).toBeLessThan(was.scored ? was.score : 0);
    // Histories built before migration 42 carry no mark: each is read with its figures, alike.
    await t.platform.db.query('UPDATE credit_account_history SET plain_last_balance_fen = NULL');
    expect((await everyone(2)).scores).toEqual(after.scores);
  });

  it.skipIf(store === 'citus')("reads a person nothing was furnished for since the build from the build's one row, and any other whole", async () => {
    const q = <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => t.platform.db.query<R>(sql, params);
    // November is no longer due: compacted, and taken into a build with the score's inputs.
    t.clock.set('2027-01-05T04:00:00Z');
    expect(await compactClosedMonths(t.platform.db, '2027-01-05', () => t.clock.now())).toContainEqual({ month: '2026-11', rows: expect.any(Number) });
    expect(await buildAccountHistories(t.platform.db, () => t.clock.now())).toMatchObject({ throughMonth: '2026-11' });
    const inputs = await q<{ borrower_key: string; accounts: string }>('SELECT borrower_key, accounts FROM credit_score_input ORDER BY borrower_key');
    // One row a person; an organisation gets no score, and no row.
    expect(inputs.map((r) => r.borrower_key)).toEqual(PERSONS.map(keyOf).sort());
    const built = await everyone();
    expect(built.scores).toEqual(await alone(built.scores));
    expect(built.summary).toMatchObject({ persons: 2, accounts: 7 });

    // As of a day before the build's last month (a clock set back), a plain history in a row runs
    // past the day: that person is read whole, as every person is where no inputs are built.
    t.clock.set('2026-10-20T04:00:00Z');
    const back = await everyone();
    await q('DELETE FROM credit_score_input');
    expect((await everyone()).scores).toEqual(back.scores);
    await q('INSERT INTO credit_score_input SELECT * FROM unnest($1::text[], $2::text[])', [inputs.map((r) => r.borrower_key), inputs.map((r) => r.accounts)]);
    t.clock.set('2027-01-05T04:00:00Z');

    // The rows are what is read: emptied, each person has no account to score.
    await q("UPDATE credit_score_input SET accounts = ''");
    const noAccounts = { scored: false, reason: 'no-accounts' };
    expect((await everyone()).scores.map((s) => s.score)).toMatchObject([noAccounts, noAccounts]);
    const scoreOf = async (person: string, part?: number) => (await everyone(part)).scores.find((s) => s.subjectKey === keyOf(person))!.score;
    const aloneOf = async (person: string) => await readScoreAsOf(t.platform.db, t.platform.policy, keyOf(person), '2027-01-05', t.clock.now());
    // A statement furnished for BORROWER_2 since the build (a restatement of November): read whole,
    // as alone; BORROWER, with nothing since, still from the emptied row.
    await furnish(banks[1]!, '2026-11', [statement('C-1', '2026-11', { balance: 5000 })]);
    expect(await scoreOf(BORROWER, 1)).toMatchObject(noAccounts);
    expect(await scoreOf(BORROWER_2, 1)).toEqual(await aloneOf(BORROWER_2));
    expect((await aloneOf(BORROWER_2)).scored).toBe(true);
    // A new version of BORROWER's card from its lender, which has a mark (its limit raised): BORROWER is read whole.
    await furnish(banks[1]!, '2026-11', [{ ...card('C-0', BORROWER), limit: 80000 }]);
    expect(await scoreOf(BORROWER)).toEqual(await aloneOf(BORROWER));
    expect((await aloneOf(BORROWER)).scored).toBe(true);
    // And a lender new since the build, without a mark, opening a card of BORROWER_2's.
    const bankD = (await addAgency(t.platform, 'bank-d', 'commercial-bank')).principal;
    await furnish(bankD, '2026-11', [consent(BORROWER_2), card('C-D', BORROWER_2)]);
    const all = await everyone();
    expect(all.scores).toEqual(await alone(all.scores));
    // A person new since the build, with no row: scored whole, once, in a part of their own or with others.
    await furnish(banks[0]!, '2026-11', [consent(NEWCOMER), loan('L-N', NEWCOMER, { openedOn: '2026-10-02' }), statement('L-N', '2026-11')]);
    for (const part of [1, 2, undefined]) {
      const { scores, summary } = await everyone(part);
      expect(scores.map((p) => p.subjectKey)).toEqual([...PERSONS, NEWCOMER].map(keyOf).sort());
      expect(scores).toEqual(await alone(scores));
      expect(summary.persons).toBe(3);
    }
  });
});
