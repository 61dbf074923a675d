// Synthetic borrowers of financial credit reporting, seeded and deterministic: persons and
// enterprises, each with a latent risk drawn once and a known default process that moves their
// accounts month by month, so that a score computed from what lenders furnish can be checked
// against the truth (issue 22). The truth (latent risk, default in a held-out horizon) is for
// benchmarks only; the platform never receives it.
//
// The default process, per borrower with latent risk r ~ N(0, 1) (higher is riskier):
//   - revolving utilisation drifts around the borrower's level u* = σ(−1 + 0.9·r + 0.3·e), e ~ N(0, 1):
//     u ← clamp(u* + 0.75·(u − u*) + 0.1·z, 0, 1) each month, z ~ N(0, 1);
//   - each month, every current account with something due misses its payment with probability
//     h = σ(α + β·r + γ·(ū − 0.3)), ū the mean utilisation of the borrower's revolving accounts
//     (0.3 without any); α = −6.2, β = 1.0, γ = 2.5 (DEFAULT_PROCESS);
//   - an account m months in arrears (days past due 30·(m − 1) + d, d drawn 1-30 per episode) is
//     cured the next month (everything overdue paid) with probability σ(1.2 − 0.5·r − 0.7·(m − 1)),
//     else falls one month further behind; one that fails to cure at 180+ days is written off (B);
//   - about 10% of persons with 68+ months of history had an early episode forced on their first
//     account (one or two months late, cured more than five years before today), so that adverse
//     information whose five years have run shows in the demo;
//   - loans amortise (annuity), cards and credit lines revolve, loans settle (C) at their term.
// A borrower defaults in the horizon (truth) when any account is 91+ days past due or written off
// in the `horizonMonths` months after the last month furnished.
import { residentIdCheckCharacter } from '../domain/ids/resident-id.ts';
import { buildUscc } from '../domain/ids/uscc.ts';
import { Random, hash32, permute1e8 } from './random.ts';
import { AccountState, DEFAULT_PROCESS, guaranteeSeries, type AccountPlan, type AccountSeries, type LenderRole, type Product } from './borrower-accounts.ts';
import { dayOfMonth, monthNumber } from './months.ts';

export { DEFAULT_PROCESS } from './borrower-accounts.ts';
export type { AccountSeries, LenderRole, Product, StatementFigures } from './borrower-accounts.ts';

export interface SyntheticAccount {
  lender: LenderRole;
  /** The furnisher's account identifier. */
  account: string;
  product: Product;
  type: 'non-revolving-loan' | 'revolving-loan' | 'credit-card' | 'guarantee';
  openedOn: string;
  /** Credit limit (revolving), in fen. */
  limitFen?: number;
  /** Principal or amount guaranteed, in fen. */
  principalFen?: number;
  termMonths?: number;
  /** Resident identity numbers of the persons guaranteeing it. */
  guarantors?: string[];
  /** The reference of the borrower's written consent to furnishing (persons). */
  consent?: string;
  series: AccountSeries;
}

/** A person's written consent to a lender's furnishing their credit information (art. 29). */
export interface SyntheticConsent {
  lender: LenderRole;
  reference: string;
  signedOn: string;
}

export interface BorrowerTruth {
  /** The latent risk the process was driven by (standard normal; higher is riskier). */
  latentRisk: number;
  /** Any account 91+ days past due or written off within the horizon after the last month furnished. */
  defaultedInHorizon: boolean;
}

export interface SyntheticBorrower {
  index: number;
  kind: 'person' | 'enterprise';
  /** A resident identity number or a Unified Social Credit Code. */
  id: string;
  accounts: SyntheticAccount[];
  consents: SyntheticConsent[];
  /** For benchmarks only: never furnished, never stored. */
  truth: BorrowerTruth;
}

export interface BorrowerOptions {
  seed: number;
  persons: number;
  enterprises: number;
  /** Today, YYYY-MM-DD: the last month furnished is the month before it. */
  today: string;
  /** The enterprises' codes (the synthetic dataset's, so their reports have public records); made up when absent or too few. */
  enterpriseCodes?: readonly string[];
  /** Months after the last month furnished in which default is observed (truth only); 12 by default. */
  horizonMonths?: number;
}

const STREAM = { borrower: 41, id: 42 } as const;
/** Divisions of the persons' identity numbers (Beijing Chaoyang, Shanghai Pudong, Hangzhou Xihu, Shenzhen Futian, Chengdu Jinjiang, Wuhan Wuchang, Nanjing Xuanwu). */
const DIVISIONS = ['110105', '310115', '330106', '440304', '510104', '420106', '320102'];
const BIRTH_EPOCH = Date.UTC(1961, 0, 1);
const BIRTH_DAYS = 14_600;
/** Accounts per person, 1 to 6, and their weights. */
const ACCOUNT_COUNTS = [25, 25, 20, 14, 10, 6];
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function normal(rng: Random): number {
  const u = Math.max(rng.float(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
}

function weightedIndex(rng: Random, weights: readonly number[]): number {
  let x = rng.float() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) < 0) return i;
  return weights.length - 1;
}

/** Builds borrowers by index: persons 0 .. persons−1, then the enterprises. */
export class BorrowerGenerator {
  readonly seed: number;
  readonly persons: number;
  readonly enterprises: number;
  /** The last month furnished (the month before today), as a month number. */
  readonly lastMonth: number;
  readonly horizonMonths: number;
  private readonly codes: readonly string[];
  /** Every `stride`-th person guarantees an enterprise's loan. */
  private readonly stride: number;

  constructor(options: BorrowerOptions) {
    if (!Number.isSafeInteger(options.seed)) throw new RangeError('seed must be an integer');
    if (!(options.persons >= 0 && options.persons <= 100_000_000 && Number.isInteger(options.persons)))
      throw new RangeError('persons must be a whole number up to 100,000,000');
    if (!(options.enterprises >= 0 && options.enterprises <= 10_000_000 && Number.isInteger(options.enterprises)))
      throw new RangeError('enterprises must be a whole number up to 10,000,000');
    this.seed = options.seed | 0;
    this.persons = options.persons;
    this.enterprises = options.enterprises;
    this.lastMonth = monthNumber(options.today.slice(0, 7)) - 1;
    this.horizonMonths = options.horizonMonths ?? 12;
    this.codes = options.enterpriseCodes ?? [];
    this.stride = this.enterprises > 0 ? Math.floor(this.persons / this.enterprises) : 0;
  }

  get count(): number {
    return this.persons + this.enterprises;
  }

  *borrowers(): Generator<SyntheticBorrower> {
    for (let i = 0; i < this.count; i++) yield this.borrower(i);
  }

  borrower(index: number): SyntheticBorrower {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no borrower ${index}`);
    return index < this.persons ? this.person(index) : this.enterprise(index - this.persons);
  }

  /** The resident identity number of person i: distinct for distinct i (a keyed permutation of the index). */
  personId(i: number): string {
    const x = permute1e8(i, hash32(this.seed, STREAM.id));
    const rest = Math.floor(x / 1000);
    const division = DIVISIONS[Math.floor(rest / BIRTH_DAYS)]!;
    const birth = new Date(BIRTH_EPOCH + (rest % BIRTH_DAYS) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const body = `${division}${birth}${String(x % 1000).padStart(3, '0')}`;
    return body + residentIdCheckCharacter(body);
  }

  /** The code of enterprise e: the given one, or a made-up valid USCC. */
  enterpriseId(e: number): string {
    const given = this.codes[e];
    if (given) return given;
    const body = String(permute1e8(e, hash32(this.seed, STREAM.id, 1))).padStart(8, '0');
    return buildUscc('9', '1', DIVISIONS[e % DIVISIONS.length]!, body);
  }

  /** The enterprise whose loan person p guarantees, if any. */
  private guaranteedBy(p: number): number | undefined {
    if (this.stride === 0 || p % this.stride !== 0) return undefined;
    const e = p / this.stride;
    return e < this.enterprises ? e : undefined;
  }

  private person(p: number): SyntheticBorrower {
    const rng = new Random(this.seed, STREAM.borrower, p);
    const risk = normal(rng);
    const history = rng.int(24, 72);
    const start = this.lastMonth - history + 1;
    const plans: AccountPlan[] = [];
    const n = 1 + weightedIndex(rng, ACCOUNT_COUNTS);
    let mortgage = false;
    for (let k = 0; k < n; k++) {
      const product = pickProduct(rng, risk, mortgage);
      mortgage ||= product === 'mortgage';
      const opened = k === 0 ? start : rng.int(start, this.lastMonth);
      plans.push({
        product,
        lender: lenderOf(product, rng),
        openedMonth: opened,
        openedDay: rng.int(1, 28),
        account: `${ACCOUNT_PREFIX[product]}-P${pad(p)}-${k + 1}`,
      });
    }
    // An early episode, cured more than five years before today, on the first account of some long histories.
    const forced = history >= 68 && rng.chance(0.1) ? { from: start + 1, months: rng.int(1, 2) } : undefined;
    const accounts = this.simulate(rng, risk, plans, forced);
    const e = this.guaranteedBy(p);
    if (e !== undefined) {
      const loan = this.enterprise(e).accounts.find((a) => a.guarantors?.includes(this.personId(p)));
      if (loan) accounts.push(guaranteeOf(loan, p));
    }
    accounts.sort((a, b) => (a.openedOn < b.openedOn ? -1 : a.openedOn > b.openedOn ? 1 : 0));
    // One written consent per lender, signed the day the first account with it opened.
    const consents: SyntheticConsent[] = [];
    for (const a of accounts) {
      let c = consents.find((x) => x.lender === a.lender);
      if (!c) consents.push((c = { lender: a.lender, reference: `CNS-P${pad(p)}`, signedOn: a.openedOn }));
      a.consent = c.reference;
    }
    return { index: p, kind: 'person', id: this.personId(p), accounts, consents, truth: this.truth(risk, accounts) };
  }

  private enterprise(e: number): SyntheticBorrower {
    const rng = new Random(this.seed, STREAM.borrower, this.persons + e);
    const risk = normal(rng);
    const history = rng.int(24, 72);
    const start = this.lastMonth - history + 1;
    const plans: AccountPlan[] = [];
    const guarantor = this.stride > 0 ? e * this.stride : undefined;
    const guaranteed = guarantor !== undefined && rng.chance(0.7);
    plans.push({ product: 'working-capital', lender: 'bank', openedMonth: start, openedDay: rng.int(1, 28), account: `WCL-E${pad(e)}-1` });
    if (rng.chance(0.6))
      plans.push({
        product: 'business-line',
        lender: rng.chance(0.6) ? 'small-loan' : 'bank',
        openedMonth: rng.int(start, this.lastMonth),
        openedDay: rng.int(1, 28),
        account: `BLN-E${pad(e)}-2`,
      });
    if (rng.chance(0.3))
      plans.push({
        product: 'working-capital',
        lender: 'small-loan',
        openedMonth: rng.int(start, this.lastMonth),
        openedDay: rng.int(1, 28),
        account: `WCL-E${pad(e)}-3`,
      });
    const accounts = this.simulate(rng, risk, plans, undefined);
    if (guaranteed) accounts[0]!.guarantors = [this.personId(guarantor)];
    return { index: this.persons + e, kind: 'enterprise', id: this.enterpriseId(e), accounts, consents: [], truth: this.truth(risk, accounts) };
  }

  /** Runs the default process over a borrower's accounts, month by month, through the horizon. */
  private simulate(rng: Random, risk: number, plans: AccountPlan[], forced: { from: number; months: number } | undefined): SyntheticAccount[] {
    const level = sigmoid(-1 + 0.9 * risk + 0.3 * normal(rng));
    const end = this.lastMonth + this.horizonMonths;
    const states = plans.map((plan, k) => new AccountState(plan, rng, level, k === 0 ? forced : undefined));
    const first = Math.min(...plans.map((p) => p.openedMonth));
    for (let m = first; m <= end; m++) {
      const revolving = states.filter((s) => s.revolving && s.open(m));
      const u = revolving.length === 0 ? 0.3 : revolving.reduce((a, s) => a + s.utilisation, 0) / revolving.length;
      const hazard = sigmoid(DEFAULT_PROCESS.alpha + DEFAULT_PROCESS.beta * risk + DEFAULT_PROCESS.gamma * (u - 0.3));
      for (const s of states) s.month(m, rng, risk, hazard, level, m <= this.lastMonth);
    }
    return states.map((s) => ({
      lender: s.plan.lender,
      account: s.plan.account,
      product: s.plan.product,
      type: s.type,
      openedOn: dayOfMonth(s.plan.openedMonth, s.plan.openedDay),
      ...(s.revolving ? { limitFen: s.amountFen } : { principalFen: s.amountFen, termMonths: s.termMonths! }),
      series: s.series(),
    }));
  }

  private truth(risk: number, accounts: readonly SyntheticAccount[]): BorrowerTruth {
    return { latentRisk: risk, defaultedInHorizon: accounts.some((a) => a.series.defaultedAfterLastMonth) };
  }
}

const ACCOUNT_PREFIX: Record<Product, string> = {
  'credit-card': 'CRD',
  'consumer-loan': 'CSL',
  mortgage: 'MTG',
  'credit-line': 'CRL',
  'small-loan': 'SML',
  'working-capital': 'WCL',
  'business-line': 'BLN',
  guarantee: 'GUA',
};

function pad(i: number): string {
  return String(i).padStart(7, '0');
}

/** A person's next product: cards most, then consumer loans and credit lines; riskier persons borrow more from small-loan companies; one mortgage at most. */
function pickProduct(rng: Random, risk: number, hasMortgage: boolean): AccountPlan['product'] {
  const weights: Array<[AccountPlan['product'], number]> = [
    ['credit-card', 40],
    ['consumer-loan', 18],
    ['credit-line', 14],
    ['small-loan', 8 * Math.exp(0.5 * risk)],
    ['mortgage', hasMortgage ? 0 : 14],
  ];
  return weights[
    weightedIndex(
      rng,
      weights.map((w) => w[1]),
    )
  ]![0];
}

function lenderOf(product: Product, rng: Random): LenderRole {
  switch (product) {
    case 'credit-card':
    case 'mortgage':
    case 'working-capital':
    case 'guarantee':
      return 'bank';
    case 'consumer-loan':
      return rng.chance(0.5) ? 'bank' : 'consumer-finance';
    case 'credit-line':
      return 'consumer-finance';
    case 'small-loan':
    case 'business-line':
      return 'small-loan';
  }
}

/** The guarantor's own account for a guaranteed loan: the amount guaranteed, following the loan. */
function guaranteeOf(loan: SyntheticAccount, p: number): SyntheticAccount {
  return {
    lender: loan.lender,
    account: `GUA-P${pad(p)}-${loan.account}`,
    product: 'guarantee',
    type: 'guarantee',
    openedOn: loan.openedOn,
    principalFen: loan.principalFen!,
    series: guaranteeSeries(loan.series),
  };
}
