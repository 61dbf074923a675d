// The bulk score reads each account's packed history (account-history.ts) and scores most of them
// from their statuses and last balance alone: over random accounts, plain (current or days past
// due, never closed or written off) and eventful (late months, write-offs, closing days, gaps, adverse months past their five years),
// scored as of days before, within and after their months, the values are exactly those the
// credit report's score reads from the statements.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { monthsBetween, packHistory } from '../../src/domain/credit-reporting/account-history.ts';
import { mergePlain, packedScoreValues, plainHistory, scoreValues, type PackedAccount } from '../../src/domain/credit-reporting/score-attributes.ts';
import { gridMonths, type InquiryInput, type StatementInput } from '../../src/domain/credit-reporting/report-input.ts';
import { accountArb, packedAccount, reportAccount } from '../support/score-accounts.ts';

const inquiries: InquiryInput[] = [
  { date: '2026-03-01', institution: { code: 'B1', name: 'Bank' }, purpose: 'loan-approval' },
  { date: '2025-12-01', institution: { code: 'B1', name: 'Bank' }, purpose: 'post-loan-management' },
];

describe('the packed score', () => {
  it('gives the values the statements give, as of any day', () => {
    fc.assert(
      fc.property(fc.array(accountArb, { maxLength: 6 }), fc.integer({ min: 0, max: 130 }), fc.integer({ min: 1, max: 28 }), (accounts, at, day) => {
        const asOf = `${gridMonths('2028-10-15', 131)[at]}-${String(day).padStart(2, '0')}`;
        const full = accounts.map(reportAccount);
        const packed: PackedAccount[] = accounts.map(packedAccount);
        const expected = scoreValues({ asOf, accounts: full, inquiries });
        expect(packedScoreValues({ asOf, accounts: packed, inquiries })).toEqual(expected);
        // As the bulk score reads them: plain where they are, through the score's month.
        const plain = packed.map((a) => {
          const p = a.history && 'figures' in a.history ? plainHistory(a.history) : null;
          return p && monthsBetween(p.firstMonth, asOf.slice(0, 7)) >= p.statuses.length - 1 ? { ...a, history: p } : a;
        });
        expect(packedScoreValues({ asOf, accounts: plain, inquiries })).toEqual(expected);
      }),
      { numRuns: 3000, seed: 2206 },
    );
  });

  it('takes in plain months after a plain history as a whole history would', () => {
    fc.assert(
      fc.property(accountArb, fc.integer({ min: 1, max: 80 }), (a, cut) => {
        const older = a.statements.slice(0, cut);
        const newer = a.statements.slice(cut);
        const whole = packHistory(a.statements);
        const first = packHistory(older);
        const then = packHistory(newer);
        if (!whole || !first || !then || !plainHistory(first)) return;
        expect(mergePlain(plainHistory(first)!, then)).toEqual(plainHistory(whole));
      }),
      { numRuns: 2000, seed: 2207 },
    );
  });

  it('reads a plain account from its statuses and its latest balance', () => {
    const statements: StatementInput[] = ['2026-08', '2026-09', '2026-10'].map((month, i) => ({
      month,
      balanceFen: 100_000 * (i + 1),
      amountDueFen: 0,
      amountPaidFen: 0,
      daysPastDue: 0,
      status: 'N',
      closedOn: null,
      writtenOffFen: null,
    }));
    const history = packHistory(statements)!;
    const card: PackedAccount = { type: 'credit-card', openedOn: '2026-08-03', limitFen: 1_000_000, history };
    // As of September the October statement is not shown: the balance is September's.
    expect(packedScoreValues({ asOf: '2026-09-30', accounts: [card], inquiries: [] })['revolving-utilisation']).toBe(0.2);
    expect(packedScoreValues({ asOf: '2026-11-15', accounts: [card], inquiries: [] })['revolving-utilisation']).toBe(0.3);
    expect(packedScoreValues({ asOf: '2026-07-30', accounts: [card], inquiries: [] })['credit-mix']).toBe(0);
  });
});
