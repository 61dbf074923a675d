// Inquiries about a synthetic person, seeded and deterministic, drawn apart from the borrower
// generator (a stream of their own, so the borrowers a seed gives are unchanged): the lender's
// approval inquiry on the day each account opened, applications that led to no account at a rate
// rising with the person's latent risk, post-loan management by the lenders holding their
// accounts, and now and then the person's own query. The default process does not read them: they
// tell of risk only through the latent risk that drives both.
//
// Applications without an account, per person and year: Poisson with mean
// exp(APPLICATIONS.base + APPLICATIONS.risk · r), r the latent risk.
import type { SyntheticBorrower } from './borrowers.ts';
import { Random } from './random.ts';

export const APPLICATIONS = { base: -0.5, risk: 0.6 } as const;

const STREAM = 43;

export interface SyntheticInquiry {
  /** YYYY-MM-DD. */
  date: string;
  lender: string;
  purpose: 'loan-approval' | 'credit-card-approval' | 'post-loan-management' | 'own-query';
}

function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.float(); p > limit; p *= rng.float()) k++;
  return k;
}

const dayBefore = (today: string, days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** A person's inquiries in the two years before today, oldest first. */
export function personInquiries(seed: number, borrower: SyntheticBorrower, today: string): SyntheticInquiry[] {
  const rng = new Random(seed, STREAM, borrower.index);
  const from = dayBefore(today, 730);
  const out: SyntheticInquiry[] = [];
  for (const a of borrower.accounts) {
    if (a.type === 'guarantee' || a.openedOn <= from || a.openedOn >= today) continue;
    out.push({ date: a.openedOn, lender: a.lender, purpose: a.type === 'credit-card' ? 'credit-card-approval' : 'loan-approval' });
  }
  const yearly = Math.exp(APPLICATIONS.base + APPLICATIONS.risk * borrower.truth.latentRisk);
  for (let n = poisson(rng, 2 * yearly); n > 0; n--) {
    const lender = (['bank', 'consumer-finance', 'small-loan'] as const)[rng.below(3)]!;
    out.push({ date: dayBefore(today, rng.int(1, 730)), lender, purpose: rng.chance(0.5) ? 'credit-card-approval' : 'loan-approval' });
  }
  for (const lender of new Set(borrower.accounts.map((a) => a.lender))) {
    if (rng.chance(0.3)) out.push({ date: dayBefore(today, rng.int(1, 730)), lender, purpose: 'post-loan-management' });
  }
  if (rng.chance(0.4)) out.push({ date: dayBefore(today, rng.int(1, 730)), lender: 'self', purpose: 'own-query' });
  return out.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}
