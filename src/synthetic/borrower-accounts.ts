// One account of a synthetic borrower, month by month under the default process of borrowers.ts:
// what its lender would state each month (balance, amount due and paid, days past due, the
// repayment status), as loans amortise, cards and credit lines revolve, payments are missed,
// cured, or end in a write-off. Amounts are whole fen.
import type { StatementInput } from '../domain/credit-reporting/report-input.ts';
import { runningStatus } from '../domain/credit-reporting/standard.ts';
import type { Random } from './random.ts';
import { dayOfMonth, monthOf } from './months.ts';

/** The three demo furnishers' roles: who lends what. */
export type LenderRole = 'bank' | 'consumer-finance' | 'small-loan';

/** What an account is, beyond its type in the standard. */
export type Product = 'credit-card' | 'consumer-loan' | 'mortgage' | 'credit-line' | 'small-loan' | 'working-capital' | 'business-line' | 'guarantee';

export interface AccountPlan {
  product: Exclude<Product, 'guarantee'>;
  lender: LenderRole;
  account: string;
  openedMonth: number;
  openedDay: number;
}

/** One month's statement of an account, amounts in fen, as the standard has it; closing and write-off only in the month they happen. */
export type StatementFigures = Omit<StatementInput, 'closedOn' | 'writtenOffFen'> & { closedOn?: string; writtenOffFen?: number };

export interface AccountSeries {
  /** The statements up to the last month furnished, oldest first. */
  statements: StatementFigures[];
  /** 91+ days past due or written off in the horizon after the last month furnished (truth). */
  defaultedAfterLastMonth: boolean;
}

/** Terms of each product: the median amount (yuan), its spread (log scale), terms (months) and the yearly rate. */
const TERMS: Record<
  Exclude<Product, 'guarantee'>,
  { median: number; spread: number; terms: readonly number[]; rate: number; revolving: boolean; type: 'non-revolving-loan' | 'revolving-loan' | 'credit-card' }
> = {
  'credit-card': { median: 20_000, spread: 0.6, terms: [], rate: 0.18, revolving: true, type: 'credit-card' },
  'credit-line': { median: 15_000, spread: 0.6, terms: [], rate: 0.15, revolving: true, type: 'revolving-loan' },
  'business-line': { median: 800_000, spread: 0.7, terms: [], rate: 0.06, revolving: true, type: 'revolving-loan' },
  'consumer-loan': { median: 60_000, spread: 0.6, terms: [12, 24, 36, 60], rate: 0.07, revolving: false, type: 'non-revolving-loan' },
  'small-loan': { median: 20_000, spread: 0.5, terms: [6, 12, 24], rate: 0.18, revolving: false, type: 'non-revolving-loan' },
  mortgage: { median: 1_000_000, spread: 0.5, terms: [240, 300, 360], rate: 0.042, revolving: false, type: 'non-revolving-loan' },
  'working-capital': { median: 2_000_000, spread: 0.7, terms: [24, 36, 60], rate: 0.05, revolving: false, type: 'non-revolving-loan' },
};

/**
 * The parameters of the default process (borrowers.ts): the monthly hazard of a missed payment
 * σ(alpha + beta·r + gamma·(ū − 0.3)) and the cure probability σ(cureBase − cureRisk·r − curePerMonth·(m − 1)).
 */
export const DEFAULT_PROCESS = { alpha: -6.2, beta: 1.0, gamma: 2.5, cureBase: 1.2, cureRisk: 0.5, curePerMonth: 0.7 } as const;
/** Months in arrears after which an account that is not cured is written off (180+ days). */
const WRITE_OFF_AFTER = 7;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
/** Whole yuan, in fen. */
const yuan = (fen: number) => Math.round(fen / 100) * 100;

function normal(rng: Random): number {
  const u = Math.max(rng.float(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
}

export function productType(product: Product): 'non-revolving-loan' | 'revolving-loan' | 'credit-card' | 'guarantee' {
  return product === 'guarantee' ? 'guarantee' : TERMS[product].type;
}

/** An account in the default process: its terms, drawn when it opens, and its course. */
export class AccountState {
  readonly revolving: boolean;
  /** Credit limit (revolving) or principal, fen. */
  readonly amountFen: number;
  readonly termMonths: number | undefined;
  utilisation: number;
  private balance: number;
  private readonly rate: number;
  private readonly instalment: number;
  private termLeft: number;
  /** Months in arrears (0 when current); the days past due of the episode's first month. */
  private missed = 0;
  private firstDays = 0;
  private closed = false;
  private readonly statements: StatementFigures[] = [];
  private defaulted = false;

  constructor(
    readonly plan: AccountPlan,
    rng: Random,
    level: number,
    /** An episode forced on the account: missed from this month, for this many months, then cured. */
    private readonly forced: { from: number; months: number } | undefined,
  ) {
    const t = TERMS[plan.product];
    this.revolving = t.revolving;
    const amount = t.median * Math.exp(t.spread * normal(rng));
    this.amountFen = Math.max(1000, Math.round(amount / 1000) * 1000) * 100;
    this.rate = t.rate / 12;
    this.termMonths = t.revolving ? undefined : t.terms[rng.below(t.terms.length)]!;
    this.termLeft = this.termMonths ?? 0;
    this.instalment = t.revolving ? 0 : Math.ceil((this.amountFen * this.rate) / (1 - (1 + this.rate) ** -this.termLeft));
    this.utilisation = t.revolving ? clamp01(level + 0.15 * normal(rng)) : 0;
    this.balance = t.revolving ? yuan(this.utilisation * this.amountFen) : this.amountFen;
  }

  get type() {
    return TERMS[this.plan.product].type;
  }

  /** Open in month m: opened by then and not yet settled or written off. */
  open(m: number): boolean {
    return m >= this.plan.openedMonth && !this.closed;
  }

  /**
   * The account's month m: a current account with something due misses its payment with the
   * borrower's hazard; one in arrears is cured or falls further behind. Recorded when observed
   * (up to the last month furnished); after it, only whether it defaults.
   */
  month(m: number, rng: Random, risk: number, hazard: number, level: number, observed: boolean): void {
    if (!this.open(m)) return;
    const figures = this.missed === 0 ? this.current(m, rng, hazard, level) : this.inArrears(m, rng, risk);
    if (observed) this.statements.push(figures);
    else if (figures.status === 'B' || figures.daysPastDue > 90) this.defaulted = true;
  }

  private current(m: number, rng: Random, hazard: number, level: number): StatementFigures {
    const month = monthOf(m);
    const forcedNow = this.forced !== undefined && m === this.forced.from;
    if (this.revolving && m > this.plan.openedMonth) {
      this.utilisation = clamp01(level + 0.75 * (this.utilisation - level) + 0.1 * normal(rng));
      this.balance = yuan(this.utilisation * this.amountFen);
    }
    if (forcedNow && this.balance === 0) this.balance = yuan(0.2 * this.amountFen);
    const interest = Math.round(this.balance * this.rate);
    const due = this.revolving
      ? this.balance === 0
        ? 0
        : Math.min(this.balance, Math.max(10_000, yuan(this.balance * 0.1)))
      : Math.min(this.instalment, this.balance + interest);
    const misses = due > 0 && (forcedNow || (!this.duringForced(m) && rng.chance(hazard)));
    if (misses) {
      this.missed = 1;
      this.firstDays = rng.int(1, 30);
      return { month, balanceFen: this.balance, amountDueFen: due, amountPaidFen: 0, daysPastDue: this.firstDays, status: runningStatus(this.firstDays) };
    }
    if (this.revolving) {
      // Some pay the whole balance, the others the minimum.
      const paid = rng.chance(0.4) ? this.balance : due;
      return { month, balanceFen: this.balance, amountDueFen: due, amountPaidFen: paid, daysPastDue: 0, status: due === 0 ? '*' : 'N' };
    }
    return this.pay(m, 1, due);
  }

  private inArrears(m: number, rng: Random, risk: number): StatementFigures {
    const month = monthOf(m);
    const forcedCure = this.forced !== undefined && m === this.forced.from + this.forced.months;
    const cured =
      forcedCure ||
      (!this.duringForced(m) &&
        rng.chance(sigmoid(DEFAULT_PROCESS.cureBase - DEFAULT_PROCESS.cureRisk * risk - DEFAULT_PROCESS.curePerMonth * (this.missed - 1))));
    if (cured) {
      const owed = this.missed + 1;
      this.missed = 0;
      if (this.revolving) {
        const paid = Math.min(this.balance, Math.max(10_000, yuan(this.balance * 0.1)) * owed);
        this.balance -= paid;
        this.utilisation = clamp01(this.balance / this.amountFen);
        return { month, balanceFen: this.balance, amountDueFen: paid, amountPaidFen: paid, daysPastDue: 0, status: 'N' };
      }
      return this.pay(m, owed, 0);
    }
    this.missed++;
    const days = 30 * (this.missed - 1) + this.firstDays;
    if (this.missed > WRITE_OFF_AFTER) {
      this.closed = true;
      return { month, balanceFen: this.balance, amountDueFen: this.balance, amountPaidFen: 0, daysPastDue: days, status: 'B', writtenOffFen: this.balance };
    }
    // Penalty interest on a card or line; a loan's overdue instalments add up.
    if (this.revolving) this.balance = yuan(this.balance * 1.02);
    const due = this.revolving ? Math.max(10_000, yuan(this.balance * 0.1)) * this.missed : Math.min(this.balance, this.instalment * this.missed);
    return { month, balanceFen: this.balance, amountDueFen: due, amountPaidFen: 0, daysPastDue: days, status: runningStatus(days) };
  }

  /** A loan pays `instalments` instalments of its schedule in month m; settled (C) when nothing is left. */
  private pay(m: number, instalments: number, due: number): StatementFigures {
    let paid = 0;
    for (let i = 0; i < instalments && this.balance > 0; i++) {
      const interest = Math.round(this.balance * this.rate);
      const principal = this.termLeft <= 1 ? this.balance : Math.min(this.balance, this.instalment - interest);
      this.balance -= principal;
      this.termLeft = Math.max(0, this.termLeft - 1);
      paid += principal + interest;
    }
    const month = monthOf(m);
    if (this.balance === 0) {
      this.closed = true;
      return { month, balanceFen: 0, amountDueFen: paid, amountPaidFen: paid, daysPastDue: 0, status: 'C', closedOn: dayOfMonth(m, this.plan.openedDay) };
    }
    return { month, balanceFen: this.balance, amountDueFen: Math.max(due, paid), amountPaidFen: paid, daysPastDue: 0, status: 'N' };
  }

  /** Inside a forced episode, nothing is left to chance. */
  private duringForced(m: number): boolean {
    return this.forced !== undefined && m >= this.forced.from && m <= this.forced.from + this.forced.months;
  }

  series(): AccountSeries {
    return { statements: this.statements, defaultedAfterLastMonth: this.defaulted };
  }
}

/**
 * A guarantor's account for a guaranteed loan: the loan's balance each month, nothing due from
 * the guarantor (*); settled (C) with the loan; ended abnormally (G) when the loan is written off
 * and the guarantee is called.
 */
export function guaranteeSeries(loan: AccountSeries): AccountSeries {
  const statements = loan.statements.map((s): StatementFigures => {
    const base = { month: s.month, balanceFen: s.balanceFen, amountDueFen: 0, amountPaidFen: 0, daysPastDue: 0 };
    if (s.status === 'C') return { ...base, status: 'C', closedOn: s.closedOn! };
    if (s.status === 'B') return { ...base, status: 'G' };
    return { ...base, status: '*' };
  });
  return { statements, defaultedAfterLastMonth: false };
}
