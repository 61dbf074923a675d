// Assembling the financial credit report (pure): the summary's counts and totals over open
// accounts, the worst status of the last 24 months, the repayment grid of 24 or 60 months, account
// states, written-off debts that never leave, adverse information past five years not shown, and
// inquiries of the last one and two years.
import { describe, expect, it } from 'vitest';
import {
  accountState,
  assembleCreditReport,
  gridMonths,
  worseStatus,
  type AccountInput,
  type CreditReportInput,
  type StatementInput,
} from '../../src/domain/credit-reporting/report.ts';

const s = (month: string, status: StatementInput['status'], more: Partial<StatementInput> = {}): StatementInput => ({
  month,
  balanceFen: 100_000_00,
  amountDueFen: 5_000_00,
  amountPaidFen: 5_000_00,
  daysPastDue: 0,
  status,
  closedOn: null,
  writtenOffFen: null,
  ...more,
});

const account = (id: string, more: Partial<AccountInput> = {}): AccountInput => ({
  furnisher: { code: 'bank-a', name: '甲银行' },
  account: id,
  type: 'non-revolving-loan',
  borrowerMasked: '1101**********002X',
  currency: 'CNY',
  openedOn: '2024-01-10',
  limitFen: null,
  principalFen: 200_000_00,
  termMonths: 36,
  guarantorsMasked: [],
  statements: [],
  ...more,
});

const input = (more: Partial<CreditReportInput> = {}): CreditReportInput => ({
  asOf: '2026-11-20',
  months: 24,
  identity: { kind: 'person', masked: '1101**********002X', name: null },
  accounts: [],
  guaranteed: [],
  publicRecords: { records: [], listEntries: [] },
  inquiries: [],
  purposeLabels: new Map([['loan-approval', { zh: '贷款审批', en: 'Loan approval' }]]),
  disputes: [],
  statement: null,
  ...more,
});

describe('the credit report', () => {
  it('sums the open accounts and finds the worst status of the last 24 months', () => {
    const r = assembleCreditReport(
      input({
        accounts: [
          account('L-1', { statements: [s('2025-01', '3', { daysPastDue: 75 }), s('2025-02', 'N'), s('2026-10', 'N', { balanceFen: 150_000_50 })] }),
          account('C-1', {
            type: 'credit-card',
            limitFen: 50_000_00,
            principalFen: null,
            statements: [s('2026-10', '1', { daysPastDue: 5, balanceFen: 900_00 })],
          }),
          account('L-OLD', { statements: [s('2023-05', 'C', { balanceFen: 0, closedOn: '2023-05-20' })] }),
        ],
      }),
    );
    expect(r.summary).toMatchObject({
      accountCount: 3,
      openCount: 2,
      totalLimit: 50000,
      totalPrincipal: 200000,
      totalBalance: 150900.5,
      worstStatus24: '3',
      writtenOffCount: 0,
    });
    expect(r.summary.accounts.find((a) => a.type === 'credit-card')).toMatchObject({ count: 1, open: 1 });
    expect(r.accounts.map((x) => x.type)).toEqual(['non-revolving-loan', 'credit-card']);
    const l1 = r.accounts[0]!.accounts.find((a) => a.account === 'L-1')!;
    expect(l1.grid).toHaveLength(24);
    expect(l1.grid[0]!.month).toBe('2024-12');
    expect(l1.grid.at(-1)).toEqual({ month: '2026-11', status: null, daysPastDue: null });
    expect(l1.grid.find((g) => g.month === '2025-01')).toEqual({ month: '2025-01', status: '3', daysPastDue: 75 });
    expect(assembleCreditReport(input({ months: 60, accounts: [account('L-1')] })).accounts[0]!.accounts[0]!.grid).toHaveLength(60);
  });

  it('keeps a debt written off and never repaid, at any distance', () => {
    const r = assembleCreditReport(
      input({
        asOf: '2026-11-20',
        accounts: [account('L-B', { statements: [s('2015-03', '7', { daysPastDue: 200 }), s('2015-04', 'B', { writtenOffFen: 9_000_00 })] })],
      }),
    );
    expect(r.summary.writtenOffCount).toBe(1);
    expect(r.accounts[0]!.accounts[0]).toMatchObject({ state: 'written-off', latest: { status: 'B', writtenOff: 9000 } });
  });

  it('stops showing the adverse status of an account closed five years ago, from the anniversary', () => {
    const old = account('L-Z', { statements: [s('2020-04', '2', { daysPastDue: 45 }), s('2020-05', 'Z', { balanceFen: 0, closedOn: '2020-05-10' })] });
    const on = (asOf: string) => assembleCreditReport(input({ asOf, accounts: [old] })).accounts[0]!.accounts[0]!;
    expect(on('2025-05-09').latest).toMatchObject({ status: 'Z' });
    expect(on('2025-05-10').latest).toMatchObject({ status: null, daysPastDue: null, balance: 0, closedOn: '2020-05-10' });
    expect(on('2025-05-10').state).toBe('closed');
  });

  it('counts inquiries after the same day one and two years before, and lists the two years newest first', () => {
    const inq = (date: string) => ({ date, institution: { code: 'bank-a', name: '甲银行' }, purpose: 'loan-approval' });
    const r = assembleCreditReport(input({ inquiries: [inq('2024-11-20'), inq('2024-11-21'), inq('2025-11-20'), inq('2025-11-21'), inq('2026-11-20')] }));
    expect(r.summary.inquiries).toEqual({ lastYear: 2, lastTwoYears: 4 });
    expect(r.inquiries.map((i) => i.date)).toEqual(['2026-11-20', '2025-11-21', '2025-11-20', '2024-11-21']);
    expect(r.inquiries[0]!.purposeLabel).toEqual({ zh: '贷款审批', en: 'Loan approval' });
  });

  it("reads an account's state from its latest statement", () => {
    expect(accountState(undefined)).toBe('open');
    expect(accountState(s('2026-10', 'N'))).toBe('open');
    expect(accountState(s('2026-10', '2', { daysPastDue: 40 }))).toBe('open');
    expect(accountState(s('2026-10', 'C', { closedOn: '2026-10-02' }))).toBe('settled');
    expect(accountState(s('2026-10', 'B', { writtenOffFen: 1 }))).toBe('written-off');
    expect(accountState(s('2026-10', 'Z', { closedOn: '2026-10-02' }))).toBe('closed');
    expect(accountState(s('2026-10', 'G'))).toBe('closed');
  });

  it('ranks B worst, then G, Z, D, then 7 down to 1', () => {
    const order = ['1', '2', '3', '4', '5', '6', '7', 'D', 'Z', 'G', 'B'] as const;
    for (let i = 0; i < order.length; i++) for (let j = 0; j < order.length; j++) expect(worseStatus(order[i]!, order[j]!)).toBe(order[Math.max(i, j)]);
    expect(worseStatus('N', 'C')).toBeNull();
    expect(worseStatus(null, '#')).toBeNull();
  });

  it('makes the grid of the months ending with the report month', () => {
    expect(gridMonths('2026-02-28', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});
