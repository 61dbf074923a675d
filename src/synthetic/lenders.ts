// The demo's lenders and what they furnish about the synthetic borrowers (borrowers.ts): three
// furnishers (a commercial bank, a consumer-finance company, a small-loan company), and for each
// lender and month the batch it sends at the start of the next month: persons' written consents
// to furnishing (art. 29), account openings, the notice before a person's first adverse
// information (art. 15) and the month's statements. Also the borrowers worth a look.
import type { LenderRole, StatementFigures, SyntheticAccount, SyntheticBorrower } from './borrowers.ts';
import { monthNumber, monthOf } from './months.ts';
import { ADVERSE_STATUSES } from '../domain/credit-reporting/standard.ts';

export interface DemoLender {
  role: LenderRole;
  code: string;
  name: string;
  /** Agency kind: one of the pack's furnisher kinds. */
  kind: 'commercial-bank' | 'consumer-finance-company' | 'small-loan-company';
}

export const DEMO_LENDERS: readonly DemoLender[] = [
  { role: 'bank', code: 'demo-bank', name: '示范商业银行股份有限公司', kind: 'commercial-bank' },
  { role: 'consumer-finance', code: 'demo-consumer-finance', name: '示范消费金融有限公司', kind: 'consumer-finance-company' },
  { role: 'small-loan', code: 'demo-small-loan', name: '示范小额贷款有限公司', kind: 'small-loan-company' },
];

export type FurnishingLine = Record<string, unknown>;

/** One lender's batch for one month, and the day it is furnished. */
export interface LenderBatch {
  lender: DemoLender;
  month: string;
  furnishOn: string;
  lines: FurnishingLine[];
}

const NOTICE_METHODS = ['sms', 'letter', 'app-message'] as const;

/** Whether a statement is adverse information: an adverse status or any day past due. */
export function isAdverseStatement(s: StatementFigures): boolean {
  return ADVERSE_STATUSES.has(s.status) || s.daysPastDue > 0;
}

/** A month's batch goes out on the 5th of the next month, or today if that is sooner. */
export function furnishingDay(month: string, today: string): string {
  const day = `${monthOf(monthNumber(month) + 1)}-05`;
  return day < today ? day : today;
}

function statementLine(account: string, s: StatementFigures): FurnishingLine {
  const line: FurnishingLine = {
    kind: 'statement',
    account,
    month: s.month,
    balance: s.balanceFen / 100,
    amountDue: s.amountDueFen / 100,
    amountPaid: s.amountPaidFen / 100,
    daysPastDue: s.daysPastDue,
    status: s.status,
  };
  if (s.closedOn !== undefined) line.closedOn = s.closedOn;
  if (s.writtenOffFen !== undefined) line.writtenOff = s.writtenOffFen / 100;
  return line;
}

function accountLine(b: SyntheticBorrower, a: SyntheticAccount): FurnishingLine {
  const line: FurnishingLine = { kind: 'account', account: a.account, type: a.type, borrower: b.id, currency: 'CNY', openedOn: a.openedOn };
  if (a.limitFen !== undefined) line.limit = a.limitFen / 100;
  if (a.principalFen !== undefined) line.principal = a.principalFen / 100;
  if (a.termMonths !== undefined) line.termMonths = a.termMonths;
  if (a.guarantors !== undefined) line.guarantors = a.guarantors;
  if (a.consent !== undefined) line.consent = a.consent;
  return line;
}

/** Every line a borrower's lenders furnish about it, each with its lender and month. */
export function* borrowerLines(b: SyntheticBorrower): Generator<{ lender: LenderRole; month: string; line: FurnishingLine }> {
  for (const c of b.consents)
    yield {
      lender: c.lender,
      month: c.signedOn.slice(0, 7),
      line: { kind: 'consent', reference: c.reference, borrower: b.id, scope: ['furnishing'], signedOn: c.signedOn },
    };
  for (const a of b.accounts) {
    yield { lender: a.lender, month: a.openedOn.slice(0, 7), line: accountLine(b, a) };
    let noticed = false;
    for (const s of a.series.statements) {
      // The person is told before the first adverse information is furnished (art. 15).
      if (b.kind === 'person' && !noticed && isAdverseStatement(s)) {
        noticed = true;
        const method = NOTICE_METHODS[(b.index + s.month.charCodeAt(6)) % NOTICE_METHODS.length]!;
        yield { lender: a.lender, month: s.month, line: { kind: 'notice', account: a.account, notifiedOn: `${s.month}-20`, method } };
      }
      yield { lender: a.lender, month: s.month, line: statementLine(a.account, s) };
    }
  }
}

/** The batches of every lender and month, oldest month first (lenders in DEMO_LENDERS order). */
export function lenderBatches(borrowers: Iterable<SyntheticBorrower>, today: string): LenderBatch[] {
  const byKey = new Map<string, LenderBatch>();
  for (const b of borrowers) {
    for (const { lender, month, line } of borrowerLines(b)) {
      const key = `${month}|${lender}`;
      let batch = byKey.get(key);
      if (!batch) byKey.set(key, (batch = { lender: DEMO_LENDERS.find((l) => l.role === lender)!, month, furnishOn: furnishingDay(month, today), lines: [] }));
      batch.lines.push(line);
    }
  }
  const order = (l: DemoLender) => DEMO_LENDERS.indexOf(l);
  return [...byKey.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : order(a.lender) - order(b.lender)));
}

/** The kinds of borrower worth a look in the demo. */
export type BorrowerStory = 'always-current' | 'late-and-cured' | 'written-off' | 'expired-adverse' | 'enterprise' | 'guarantor';

/**
 * One borrower of each story, the first found in index order: always current (three or more
 * accounts, four years of history), late in the last two years and cured, written off, adverse
 * information whose conduct ended more than five years before today and nothing adverse since,
 * an enterprise, a person guaranteeing an enterprise's loan.
 */
export function borrowerStories(borrowers: Iterable<SyntheticBorrower>, today: string): Map<BorrowerStory, SyntheticBorrower> {
  const out = new Map<BorrowerStory, SyntheticBorrower>();
  const lastMonth = monthNumber(today.slice(0, 7)) - 1;
  for (const b of borrowers) {
    const statements = b.accounts.flatMap((a) => a.series.statements);
    const adverse = statements.filter(isAdverseStatement).map((s) => monthNumber(s.month));
    const first = Math.min(...statements.map((s) => monthNumber(s.month)));
    // Each borrower tells one story: the first of its stories still untold.
    const stories: BorrowerStory[] = [];
    if (b.kind === 'enterprise') {
      if (statements.length > 0) stories.push('enterprise');
    } else {
      if (b.accounts.some((a) => a.type === 'guarantee')) stories.push('guarantor');
      if (adverse.length === 0 && b.accounts.length >= 3 && lastMonth - first >= 47) stories.push('always-current');
      else if (statements.some((s) => s.status === 'B')) stories.push('written-off');
      else if (adverse.length > 0 && Math.max(...adverse) <= lastMonth - 62) stories.push('expired-adverse');
      else if (adverse.length > 0 && Math.min(...adverse) >= lastMonth - 23 && Math.max(...adverse) < lastMonth && statements.every((s) => s.daysPastDue <= 60))
        stories.push('late-and-cured');
    }
    const story = stories.find((s) => !out.has(s));
    if (story) out.set(story, b);
  }
  return out;
}
