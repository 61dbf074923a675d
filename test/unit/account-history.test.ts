// An account's history packed into one row: lossless for every field a report or a score reads,
// over random histories (gaps, closings, write-offs, negative balances, one month or decades),
// refusing what it cannot hold, and a newer statement replacing exactly its month.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  lastMonthOf,
  mergeHistories,
  packHistory,
  spreadHistory,
  statementsWith,
  unpackHistory,
  type PackedHistory,
} from '../../src/domain/credit-reporting/account-history.ts';
import type { StatementInput } from '../../src/domain/credit-reporting/report-input.ts';
import { REPAYMENT_STATUSES } from '../../src/domain/credit-reporting/standard.ts';
import { addMonths } from '../../src/domain/dates.ts';

/** A history with newer versions of some of its months, or of months after it, packed: the oracle of the merges. */
const withStatements = (packed: PackedHistory | null, newer: readonly StatementInput[]): PackedHistory | null =>
  newer.length === 0 ? packed : packHistory(statementsWith(packed, newer));

const fen = fc.integer({ min: -5_000_000, max: 9_000_000_000_000 });
const day = fc.integer({ min: 1, max: 28 }).map((d) => String(d).padStart(2, '0'));

/** A statement of the month `offset` months after 2019-01. */
const statement = (offset: number) =>
  fc
    .record({
      balanceFen: fen,
      amountDueFen: fen,
      amountPaidFen: fen,
      daysPastDue: fc.integer({ min: 0, max: 3_000 }),
      status: fc.constantFrom(...REPAYMENT_STATUSES),
      closedDay: fc.option(day, { freq: 4 }),
      writtenOffFen: fc.option(fen, { freq: 6 }),
    })
    .map(({ closedDay, ...s }): StatementInput => {
      const month = addMonths('2019-01-01', offset).slice(0, 7);
      return { ...s, month, closedOn: closedDay === null ? null : `${month}-${closedDay}` };
    });

/** An account's statements: distinct months over up to 30 years, in random order. */
const statements = fc
  .uniqueArray(fc.integer({ min: 0, max: 360 }), { minLength: 1, maxLength: 80 })
  .chain((offsets) => fc.tuple(...offsets.map(statement)))
  .chain((list) => fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }));

const byMonth = (list: readonly StatementInput[]) => [...list].sort((a, b) => (a.month < b.month ? -1 : 1));

const s = (month: string, status: StatementInput['status'], balanceFen = 100_00, extra: Partial<StatementInput> = {}): StatementInput => ({
  month,
  balanceFen,
  amountDueFen: 10_00,
  amountPaidFen: 10_00,
  daysPastDue: 0,
  status,
  closedOn: null,
  writtenOffFen: null,
  ...extra,
});

describe('an account history packed', () => {
  it('gives back exactly the statements packed, oldest first, whatever they hold', () => {
    fc.assert(
      fc.property(statements, (list) => {
        expect(unpackHistory(packHistory(list)!)).toEqual(byMonth(list));
      }),
      { numRuns: 400 },
    );
  });

  it('holds one status a month from the first month to the last, a gap where a month has none', () => {
    const packed = packHistory([s('2024-03', 'N'), s('2024-01', '1', 5_00, { daysPastDue: 12 }), s('2024-05', 'C', 0, { closedOn: '2024-05-09' })]);
    expect(packed).toEqual({ firstMonth: '2024-01', statuses: '1-N-C', figures: '500/1000/1000/12;;10000/1000/1000/0;;0/1000/1000/0/2024-05-09' });
    expect(packHistory([s('2023-12', 'B', 900_00, { daysPastDue: 200, writtenOffFen: 900_00 })])!.figures).toBe('90000/1000/1000/200//90000');
    expect(packHistory([])).toBeNull();
  });

  it('refuses two statements of one month, a status the standard lacks and an amount that is not whole', () => {
    expect(() => packHistory([s('2024-01', 'N'), s('2024-01', '1')])).toThrow(/2024-01 twice/);
    expect(() => packHistory([s('2024-01', 'X' as StatementInput['status'])])).toThrow(/statuses: X/);
    expect(() => packHistory([s('2024-01', 'N', 10.5)])).toThrow(/a balance is 10.5/);
  });

  it('refuses to unpack a damaged history rather than read wrong figures', () => {
    const good: PackedHistory = { firstMonth: '2024-01', statuses: 'N-1', figures: '1/2/3/0;;4/5/6/7' };
    expect(unpackHistory(good)).toHaveLength(2);
    expect(() => unpackHistory({ ...good, statuses: 'N1' })).toThrow(/2 months of status, 3 of figures/);
    expect(() => unpackHistory({ ...good, figures: '1/2/3/0;9/9/9/0;4/5/6/7' })).toThrow(/without a statement/);
    expect(() => unpackHistory({ ...good, figures: '1/2/3;;4/5/6/7' })).toThrow(/figures "1\/2\/3"/);
    expect(() => unpackHistory({ ...good, figures: '1/x/3/0;;4/5/6/7' })).toThrow(/an amount due "x"/);
    expect(() => unpackHistory({ ...good, figures: '1/2/3/0/2024-1-5;;4/5/6/7' })).toThrow(/closing day/);
    expect(() => unpackHistory({ ...good, statuses: 'Q-1' })).toThrow(/status "Q"/);
  });

  it('takes newer statements: each replaces its own month, the others stay, later months extend it', () => {
    fc.assert(
      fc.property(statements, statements, (older, newer) => {
        const merged = unpackHistory(withStatements(packHistory(older), newer)!);
        const expected = new Map(older.map((x) => [x.month, x]));
        for (const x of newer) expected.set(x.month, x);
        expect(merged).toEqual(byMonth([...expected.values()]));
        expect(statementsWith(packHistory(older), newer)).toEqual(merged);
      }),
      { numRuns: 200 },
    );
    expect(withStatements(null, [s('2024-02', 'N')])).toEqual(packHistory([s('2024-02', 'N')]));
    const packed = packHistory([s('2024-02', 'N')]);
    expect(withStatements(packed, [])).toBe(packed);
    expect(statementsWith(null, [])).toEqual([]);
    expect(() => withStatements(packed, [s('2024-03', 'N'), s('2024-03', '1')])).toThrow(/2024-03 twice/);
  });

  it('spreads months listed without gaps over the months they span, as packing does', () => {
    fc.assert(
      fc.property(statements, (list) => {
        const sorted = byMonth(list);
        const spread = spreadHistory(
          sorted.map((x) => x.month),
          sorted.map((x) => x.status).join(''),
          sorted.map((x) => packHistory([x])!.figures).join(';'),
        );
        expect(spread).toEqual(packHistory(list));
        expect(lastMonthOf(spread)).toBe(sorted.at(-1)!.month);
      }),
      { numRuns: 200 },
    );
    expect(() => spreadHistory(['2024-01', '2024-03'], 'N', '1/1/1/0;1/1/1/0')).toThrow(/2 months, 1 statuses/);
    expect(() => spreadHistory(['2024-03', '2024-01'], 'NN', '1/1/1/0;1/1/1/0')).toThrow(/out of order at 2024-01/);
  });

  it("merges a newer history into an older one as the newer's statements would be taken in, joining them when the newer begins later", () => {
    fc.assert(
      fc.property(statements, statements, (older, newer) => {
        expect(mergeHistories(packHistory(older), packHistory(newer)!)).toEqual(withStatements(packHistory(older), newer));
      }),
      { numRuns: 200 },
    );
    const a = packHistory([s('2024-01', 'N'), s('2024-02', '1', 5, { daysPastDue: 3 })])!;
    expect(mergeHistories(a, packHistory([s('2024-05', 'N', 7)])!)).toEqual({
      firstMonth: '2024-01',
      statuses: 'N1--N',
      figures: '10000/1000/1000/0;5/1000/1000/3;;;7/1000/1000/0',
    });
    expect(mergeHistories(null, a)).toBe(a);
  });
});
