// Random accounts for the score's property tests: plain ones (current or days past due, never
// closed or written off) and eventful ones (late months, write-offs, closing days, gaps, adverse
// months past their five years), over the ten years to 2027-12, as the credit report's score
// reads them and as the bulk score reads them packed.
import fc from 'fast-check';
import { packHistory } from '../../src/domain/credit-reporting/account-history.ts';
import type { PackedAccount } from '../../src/domain/credit-reporting/score-attributes.ts';
import { gridMonths, type AccountInput, type StatementInput } from '../../src/domain/credit-reporting/report-input.ts';
import { statusAgreesWithDaysPastDue, type RepaymentStatus } from '../../src/domain/credit-reporting/standard.ts';

export const MONTHS = gridMonths('2027-12-15', 120);
const PLAIN: RepaymentStatus[] = ['N', 'N', 'N', 'N', 'N', 'N', '*', 'C', '1', '2', '5', '7'];
const EVENTFUL: RepaymentStatus[] = ['N', 'N', '*', 'C', '#', '1', '2', '3', '4', '5', '6', '7', 'D', 'Z', 'G', 'B'];

/** An account as a score reads it: its type, opening, limit and statements. */
export type ScoredAccount = Pick<AccountInput, 'type' | 'openedOn' | 'limitFen' | 'statements'>;

/** Days past due that agree with a status, as furnishing requires (any for #, D, Z, G, B). */
function daysFor(status: RepaymentStatus, days: number): number {
  if (statusAgreesWithDaysPastDue(status, days)) return days;
  if (status === 'N' || status === 'C' || status === '*') return 0;
  const bucket = Number(status);
  return 30 * (bucket - 1) + 1 + (days % 30);
}

const monthArb = (plain: boolean) =>
  fc.record({
    present: fc.constantFrom(true, true, true, true, false),
    status: fc.constantFrom(...(plain ? PLAIN : EVENTFUL)),
    days: fc.integer({ min: 0, max: 400 }),
    balanceFen: fc.integer({ min: 0, max: 9_000_000 }),
    writeOff: plain ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: 9_000_000 }), { freq: 10 }),
    day: fc.integer({ min: 1, max: 28 }),
  });

/** An account opened in its first month, with up to 80 months of statements from then (none: no history). */
export const accountArb: fc.Arbitrary<ScoredAccount> = fc
  .record({ plain: fc.boolean(), type: fc.constantFrom('credit-card', 'revolving-loan', 'non-revolving-loan', 'guarantee') })
  .chain(({ plain, type }) =>
    fc.record({
      type: fc.constant(type as AccountInput['type']),
      first: fc.integer({ min: 0, max: 110 }),
      openDay: fc.integer({ min: 1, max: 28 }),
      limitFen: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { freq: 8 }),
      months: fc.array(monthArb(plain), { minLength: 0, maxLength: 80 }),
      closeAt: plain ? fc.constant(-1) : fc.integer({ min: -1, max: 80 }),
    }),
  )
  .map((r) => {
    const statements: StatementInput[] = [];
    r.months.forEach((m, i) => {
      const month = MONTHS[r.first + i];
      if (!month || !m.present) return;
      statements.push({
        month,
        balanceFen: m.balanceFen,
        amountDueFen: 0,
        amountPaidFen: 0,
        daysPastDue: daysFor(m.status, m.days),
        status: m.status,
        closedOn: i === r.closeAt ? `${month}-${String(m.day).padStart(2, '0')}` : null,
        writtenOffFen: m.writeOff,
      });
    });
    return {
      type: r.type,
      openedOn: `${MONTHS[r.first]}-${String(r.openDay).padStart(2, '0')}`,
      limitFen: r.limitFen,
      statements,
    };
  });

/** The account as a credit report reads it. */
export const reportAccount = (a: ScoredAccount): AccountInput => ({
  ...a,
  furnisher: { code: 'B1', name: 'Bank' },
  account: 'A',
  borrowerMasked: '',
  currency: 'CNY',
  principalFen: null,
  termMonths: null,
  guarantorsMasked: [],
});

/** The account as the bulk score reads it, its history packed. */
export const packedAccount = (a: ScoredAccount): PackedAccount => ({
  type: a.type,
  openedOn: a.openedOn,
  limitFen: a.limitFen,
  history: packHistory(a.statements),
});
