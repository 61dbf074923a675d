// A person's score input: their accounts as one text, read back as written, and the score's
// attribute values read straight from it. Over random persons (plain, eventful and history-less
// accounts of every type, opened before and after the date, with inquiries) the values are
// exactly those of the packed score of the accounts opened by the date, and so those the credit
// report's score reads from the statements; a person with no account opened by then gets none.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packHistory } from '../../src/domain/credit-reporting/account-history.ts';
import { INQUIRY_PURPOSES } from '../../src/domain/credit-reporting/inquiry.ts';
import { gridMonths, type InquiryInput, type StatementInput } from '../../src/domain/credit-reporting/report-input.ts';
import {
  packedScoreValues,
  plainHistory,
  scoreValues,
  PlainHistoryPastMonth,
  type PackedAccount,
  type PlainHistory,
  type ScoreValues,
} from '../../src/domain/credit-reporting/score-attributes.ts';
import { decodeScoreInput, encodeScoreInput, scoreInputValues } from '../../src/domain/credit-reporting/score-input.ts';
import { ACCOUNT_TYPES } from '../../src/domain/credit-reporting/standard.ts';
import { accountArb, MONTHS, packedAccount, reportAccount } from '../support/score-accounts.ts';

const lender = { code: 'B1', name: 'Bank' };

/** A day of the months 2018-01 to 2028-10, later ones more often (most plain histories end before them). */
const asOfArb = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 115, max: 130 })), fc.integer({ min: 1, max: 28 }))
  .map(([at, day]) => `${gridMonths('2028-10-15', 131)[at]}-${String(day).padStart(2, '0')}`);

const inquiriesArb = fc.array(
  fc.record({
    date: fc
      .tuple(fc.integer({ min: 60, max: 130 }), fc.integer({ min: 1, max: 28 }))
      .map(([at, day]) => `${gridMonths('2028-10-15', 131)[at]}-${String(day).padStart(2, '0')}`),
    institution: fc.constant(lender),
    purpose: fc.constantFrom(...INQUIRY_PURPOSES),
  }),
  { maxLength: 6 },
);

/** A plain history as a build marks it, statuses of every code a plain history holds: any first month, any length. */
const plainArb: fc.Arbitrary<PlainHistory> = fc.record({
  firstMonth: fc.constantFrom(...MONTHS),
  statuses: fc.string({ unit: fc.constantFrom('N', 'N', 'N', 'C', '*', '1', '2', '3', '4', '5', '6', '7', '-'), maxLength: 40 }),
  lastBalanceFen: fc.integer({ min: -1_000, max: 9_000_000 }),
});

/** An account with a history marked plain, or none. */
const markedArb: fc.Arbitrary<PackedAccount> = fc.record({
  type: fc.constantFrom(...ACCOUNT_TYPES),
  openedOn: fc.tuple(fc.constantFrom(...MONTHS), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${m}-${String(d).padStart(2, '0')}`),
  limitFen: fc.option(fc.integer({ min: -10, max: 10_000_000 }), { freq: 4 }),
  history: fc.option(plainArb, { freq: 6 }),
});

/** What a reading gives: its values, or the kind of error it throws. */
function outcome(read: () => ScoreValues | null): { values: ScoreValues | null } | { error: string } {
  try {
    return { values: read() };
  } catch (err) {
    return { error: err instanceof PlainHistoryPastMonth ? 'PlainHistoryPastMonth' : String(err) };
  }
}

/** The packed score of the accounts opened by the date, or null with none: what scoreInputValues must give. */
const expectedOf = (asOf: string, text: string, inquiries: readonly InquiryInput[]) => {
  const opened = decodeScoreInput(text).filter((a) => a.openedOn <= asOf);
  return outcome(() => (opened.length === 0 ? null : packedScoreValues({ asOf, accounts: opened, inquiries })));
};

const statement = (month: string, status: StatementInput['status'], balanceFen: number, extra: Partial<StatementInput> = {}): StatementInput => ({
  month,
  balanceFen,
  amountDueFen: 0,
  amountPaidFen: 0,
  daysPastDue: status >= '1' && status <= '7' ? 30 * (Number(status) - 1) + 1 : 0,
  status,
  closedOn: null,
  writtenOffFen: null,
  ...extra,
});

describe('a score input', () => {
  it('reads back the accounts written, plain histories as plain', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(accountArb.map(packedAccount), markedArb), { maxLength: 12 }), (accounts) => {
        const text = encodeScoreInput(accounts);
        const plain = (h: PackedAccount['history']) => (h !== null && 'figures' in h ? (plainHistory(h) ?? h) : h);
        expect(decodeScoreInput(text)).toEqual(accounts.map((a) => ({ ...a, history: plain(a.history) })));
        expect(encodeScoreInput(decodeScoreInput(text))).toBe(text);
      }),
      { numRuns: 1000, seed: 3101 },
    );
  });

  it('is written as the format says: an account a line, fields between bars', () => {
    const card: PackedAccount = {
      type: 'credit-card',
      openedOn: '2025-03-02',
      limitFen: 1_000_000,
      history: { firstMonth: '2026-08', statuses: 'N-1', lastBalanceFen: 250_000 },
    };
    const loan: PackedAccount = { type: 'non-revolving-loan', openedOn: '2024-01-10', limitFen: null, history: null };
    const settled = packHistory([statement('2026-09', 'N', 5_000), statement('2026-10', 'C', 0, { closedOn: '2026-10-20' })])!;
    const closed: PackedAccount = { type: 'revolving-loan', openedOn: '2026-09-01', limitFen: 50_000, history: settled };
    expect(encodeScoreInput([card, loan, closed])).toBe(
      [
        'credit-card|2025-03-02|1000000|2026-08|N-1|=250000',
        'non-revolving-loan|2024-01-10||||',
        'revolving-loan|2026-09-01|50000|2026-09|NC|5000/0/0/0;0/0/0/0/2026-10-20',
      ].join('\n'),
    );
    expect(encodeScoreInput([])).toBe('');
    expect(decodeScoreInput('')).toEqual([]);
  });

  it('refuses a field that would break the text, and reads none that is damaged', () => {
    const loan: PackedAccount = { type: 'non-revolving-loan', openedOn: '2024-01-10', limitFen: null, history: null };
    expect(() => encodeScoreInput([{ ...loan, openedOn: '2024|01' }])).toThrow(/no '\|' or line break/);
    expect(() => encodeScoreInput([{ ...loan, history: { firstMonth: '2024-01', statuses: 'N\nN', lastBalanceFen: 0 } }])).toThrow(/line break/);
    expect(() => encodeScoreInput([{ ...loan, limitFen: 1.5 }])).toThrow(/whole numbers/);
    expect(() => encodeScoreInput([{ ...loan, history: { firstMonth: '2024-01', statuses: 'B', figures: '=1/0/0/0' } }])).toThrow(/not beginning with '='/);
    for (const damaged of [
      'credit-card|2024-01-10|||',
      'credit-card|2024-01-10|x|||',
      'credit-card|2024-01-10||2024-01|N|=1.5',
      'credit-card|2024-01-10|||N|',
      'credit-card|2024-01-10||||\n',
      'credit-card|2024-01-10||2024-01|N|=',
      'credit-card|2024-01-10|-|||',
    ]) {
      expect(() => decodeScoreInput(damaged)).toThrow(/damaged/);
      expect(() => scoreInputValues('2026-11-15', damaged, [])).toThrow(/damaged/);
    }
  });
});

describe("a score input's values", () => {
  it('are those of the packed score of the accounts opened by the date, and of the statements', () => {
    fc.assert(
      fc.property(fc.array(accountArb, { maxLength: 12 }), asOfArb, inquiriesArb, (accounts, asOf, inquiries) => {
        const text = encodeScoreInput(accounts.map(packedAccount));
        const expected = expectedOf(asOf, text, inquiries);
        expect(outcome(() => scoreInputValues(asOf, text, inquiries))).toEqual(expected);
        // A plain history is written without its figures: it is read as the statements are
        // read, unless it runs past the date's month, when the person is to be read whole.
        if ('values' in expected && expected.values !== null)
          expect(expected.values).toEqual(scoreValues({ asOf, accounts: accounts.map(reportAccount), inquiries }));
        if ('error' in expected) expect(expected.error).toBe('PlainHistoryPastMonth');
      }),
      { numRuns: 3000, seed: 3102 },
    );
  });

  it('are those of the packed score for histories marked plain of any length and code, and for none', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(markedArb, accountArb.map(packedAccount)), { maxLength: 12 }), asOfArb, inquiriesArb, (accounts, asOf, inquiries) => {
        const text = encodeScoreInput(accounts);
        expect(outcome(() => scoreInputValues(asOf, text, inquiries))).toEqual(expectedOf(asOf, text, inquiries));
      }),
      { numRuns: 3000, seed: 3103 },
    );
  });

  it('are none for a person whose accounts all opened after the date', () => {
    const text = 'credit-card|2026-11-16|1000000|2026-11|N|=0\nguarantee|2027-01-01||||';
    expect(scoreInputValues('2026-11-15', text, [])).toBeNull();
    expect(scoreInputValues('2026-11-16', text, [])).toMatchObject({ 'credit-mix': 1, 'history-length': 0, 'revolving-utilisation': 0 });
    expect(scoreInputValues('2026-11-15', '', [])).toBeNull();
  });

  it('count more days past due as never fewer months late, and as a worse status', () => {
    const read = (statuses: string) => scoreInputValues('2026-11-15', `non-revolving-loan|2024-01-10||2026-06|${statuses}|=0`, [])!;
    expect(read('NNNNNN')['months-late-24m']).toBe(0);
    expect(read('NN1NNN')['months-late-24m']).toBe(1);
    expect(read('NN3NNN')).toMatchObject({ 'months-late-24m': 1, 'worst-status-24m': 3 });
    expect(read('NN34NN')).toMatchObject({ 'months-late-24m': 2, 'worst-status-24m': 4 });
    // Two accounts late in one month: one month late.
    const both = scoreInputValues('2026-11-15', `non-revolving-loan|2024-01-10||2026-06|NN2NNN|=0\ncredit-card|2024-01-10|100|2026-06|NN1NNN|=0`, [])!;
    expect(both).toMatchObject({ 'months-late-24m': 1, 'worst-status-24m': 2 });
    // A month before the 24 read is not counted: as of 2026-11 the first read is 2024-12.
    expect(scoreInputValues('2026-11-15', `non-revolving-loan|2024-01-10||2024-11|76N|=0`, [])).toMatchObject({ 'months-late-24m': 1, 'worst-status-24m': 6 });
  });

  it('do not read an adverse month past its five years', () => {
    // Paid by the guarantor in 2018-05 (derogatory), current the month after: the conduct ended
    // on 2018-06-30 and is shown until the day before 2023-06-30.
    const history = packHistory([statement('2018-05', 'D', 0), statement('2018-06', 'N', 0)])!;
    const text = encodeScoreInput([{ type: 'non-revolving-loan', openedOn: '2017-01-10', limitFen: null, history }]);
    expect(scoreInputValues('2023-06-29', text, [])!['derogatory-accounts']).toBe(1);
    expect(scoreInputValues('2023-06-30', text, [])!['derogatory-accounts']).toBe(0);
  });

  it('count the balance of a line until it is settled, and its limit while it is open', () => {
    const month = (statuses: string, balance: number) => `credit-card|2024-01-10|1000000|2026-09|${statuses}|=${balance}`;
    const read = (...lines: string[]) => scoreInputValues('2026-11-15', lines.join('\n'), [])!['revolving-utilisation'];
    expect(read(month('NNN', 200_000))).toBe(0.2);
    // In arrears, its balance is still owed.
    expect(read(month('NNN', 200_000), month('N23', 900_000))).toBe(0.55);
    // Settled, neither counts; with no month shown, nothing is owed and the limit may be drawn.
    expect(read(month('NNN', 200_000), month('NNC', 0))).toBe(0.2);
    expect(read(month('NNN', 200_000), 'credit-card|2024-01-10|1000000|||')).toBe(0.1);
    // Closed in arrears: its balance counts, its limit no longer.
    const closed = packHistory([statement('2026-10', '3', 600_000, { closedOn: '2026-10-31' })])!;
    const closedLine = encodeScoreInput([{ type: 'credit-card', openedOn: '2024-01-10', limitFen: 1_000_000, history: closed }]);
    expect(read(month('NNN', 200_000), closedLine)).toBe(0.8);
    // A loan or a line without a limit has none to measure against.
    expect(read('non-revolving-loan|2024-01-10|1000000|2026-09|N|=5000', 'credit-card|2024-01-10||2026-09|N|=5000')).toBeNull();
  });

  it('refuse a plain history past the month of the date, as the packed score does', () => {
    const text = 'credit-card|2024-01-10|1000000|2026-10|NNN|=1';
    expect(() => scoreInputValues('2026-11-15', text, [])).toThrow(PlainHistoryPastMonth);
    expect(() => packedScoreValues({ asOf: '2026-11-15', accounts: decodeScoreInput(text), inquiries: [] })).toThrow(PlainHistoryPastMonth);
    expect(scoreInputValues('2026-12-01', text, [])!['revolving-utilisation']).toBe(0.000001);
  });

  it('count a type the standard does not have as a kind of credit of its own', () => {
    const text = 'mystery|2024-01-10||2026-09|N|=0\ncredit-card|2024-01-10|100|2026-09|N|=0\nmystery|2024-02-10||||';
    expect(scoreInputValues('2026-11-15', text, [])).toEqual(packedScoreValues({ asOf: '2026-11-15', accounts: decodeScoreInput(text), inquiries: [] }));
    expect(scoreInputValues('2026-11-15', text, [])!['credit-mix']).toBe(2);
  });
});
