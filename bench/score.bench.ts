// Score: how well the published personal scorecard ranks synthetic persons whose default process
// is known (src/synthetic/borrowers.ts: a latent risk drives missed payments; the truth is whether
// any account is 91+ days past due or written off in the 12 months after the last month
// furnished). Each person is scored as of the last day furnished from what their credit report
// shows; persons of odd index are the held-out half on which AUC, KS and the calibration table
// (band → observed default rate) are computed, beside the naive model (the highest days past due
// of any account in the last month furnished). As in credit-scoring practice, persons already in
// default when scored (an account 91+ days past due or written off in the last month furnished)
// are left out of the figures: their default in the horizon is mostly the same one going on (the
// figures with them are in the params). Nothing is fitted here: the scorecard's bins are the
// pack's. Store `memory`: pure computation in this process.
import { join } from 'node:path';
import { loadPolicyPack } from '../src/kernel/policy-pack.ts';
import { BorrowerGenerator, type SyntheticBorrower } from '../src/synthetic/borrowers.ts';
import { personInquiries } from '../src/synthetic/borrower-inquiries.ts';
import { personalScore } from '../src/domain/credit-reporting/personal-score.ts';
import type { AccountInput, InquiryInput } from '../src/domain/credit-reporting/report.ts';
import { addDays } from '../src/domain/dates.ts';
import { log, machine, result, type BenchReport } from './lib.ts';
import { auc, ks } from './score-metrics.ts';

const LENDER_NAMES = { bank: 'Bank', 'consumer-finance': 'Consumer finance', 'small-loan': 'Small loan', self: 'Self' } as const;

function accountsOf(b: SyntheticBorrower): AccountInput[] {
  return b.accounts.map((a) => ({
    furnisher: { code: a.lender, name: LENDER_NAMES[a.lender] },
    account: a.account,
    type: a.type,
    borrowerMasked: '',
    currency: 'CNY',
    openedOn: a.openedOn,
    limitFen: a.limitFen ?? null,
    principalFen: a.principalFen ?? null,
    termMonths: a.termMonths ?? null,
    guarantorsMasked: [],
    statements: a.series.statements.map((s) => ({
      month: s.month,
      balanceFen: s.balanceFen,
      amountDueFen: s.amountDueFen,
      amountPaidFen: s.amountPaidFen,
      daysPastDue: s.daysPastDue,
      status: s.status,
      closedOn: s.closedOn ?? null,
      writtenOffFen: s.writtenOffFen ?? null,
    })),
  }));
}

/** Whether a person is in default when scored: an account 91+ days past due or written off in the last month furnished. */
function inDefault(accounts: readonly AccountInput[], month: string): boolean {
  return accounts.some((a) => a.statements.some((s) => s.month === month && (s.daysPastDue > 90 || s.status === 'B')));
}

/** The naive model's risk: the highest days past due of any account's statement in the last month furnished. */
function daysPastDueNow(accounts: readonly AccountInput[], month: string): number {
  let worst = 0;
  for (const a of accounts) for (const s of a.statements) if (s.month === month && s.daysPastDue > worst) worst = s.daysPastDue;
  return worst;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const persons = Number(args.persons ?? 200_000);
  const seed = Number(args.seed ?? 22);
  const today = String(args.today ?? '2026-12-01');
  const horizonMonths = Number(args.horizon ?? 12);
  const policy = loadPolicyPack(join(import.meta.dirname, '..', 'policy', 'cn-national'));
  const asOf = addDays(today, -1);
  const card = policy.personalScorecardOn(asOf);
  if (!card) throw new Error(`no personal scorecard is in force on ${asOf}`);
  const gen = new BorrowerGenerator({ seed, persons, enterprises: 0, today, horizonMonths });
  const lastMonth = asOf.slice(0, 7);

  const scores: number[] = [];
  const naive: number[] = [];
  const bad: boolean[] = [];
  const bands: string[] = [];
  const latent: number[] = [];
  const performing: boolean[] = [];
  let unscored = 0;
  let defaultsAll = 0;
  const started = performance.now();
  for (let i = 0; i < persons; i++) {
    const b = gen.borrower(i);
    if (b.truth.defaultedInHorizon) defaultsAll++;
    if (i > 0 && i % 50_000 === 0) log(`${i} of ${persons} persons`);
    if (i % 2 === 0) continue;
    const accounts = accountsOf(b);
    const inquiries: InquiryInput[] = personInquiries(seed, b, today).map((q) => ({
      date: q.date,
      institution: { code: q.lender, name: LENDER_NAMES[q.lender as keyof typeof LENDER_NAMES] },
      purpose: q.purpose,
    }));
    const s = personalScore(card, { subjectKind: 'person', asOf, accounts, inquiries });
    if (!s.scored) {
      unscored++;
      continue;
    }
    scores.push(s.score);
    bands.push(s.band.band);
    naive.push(daysPastDueNow(accounts, lastMonth));
    bad.push(b.truth.defaultedInHorizon);
    latent.push(b.truth.latentRisk);
    performing.push(!inDefault(accounts, lastMonth));
  }
  const seconds = (performance.now() - started) / 1000;
  const keep = <T>(xs: readonly T[]) => xs.filter((_, i) => performing[i]);
  const all = {
    auc: auc(
      scores.map((x) => -x),
      bad,
    ),
    ks: ks(
      scores.map((x) => -x),
      bad,
    ),
    naiveAuc: auc(naive, bad),
    naiveKs: ks(naive, bad),
  };
  const risk = keep(scores).map((x) => -x);
  const outcome = keep(bad);
  const model = { auc: auc(risk, outcome), ks: ks(risk, outcome) };
  const baseline = { auc: auc(keep(naive), outcome), ks: ks(keep(naive), outcome) };
  // The latent risk itself: the truth's own ranking, which no model of the furnished data beats but by chance.
  const ceiling = { auc: auc(keep(latent), outcome), ks: ks(keep(latent), outcome) };
  const defaults = outcome.filter(Boolean).length;
  const keptBands = keep(bands);
  const calibration = card.bands.map((band) => {
    const idx = keptBands.map((x, i) => (x === band.band ? i : -1)).filter((i) => i >= 0);
    const d = idx.filter((i) => outcome[i]).length;
    return {
      band: band.band,
      label: band.label.en,
      minScore: band.minScore ?? card.range.min,
      persons: idx.length,
      defaults: d,
      rate: idx.length ? d / idx.length : null,
    };
  });
  log(
    `held-out ${scores.length} persons, ${scores.length - risk.length} in default when scored and left out; of ${risk.length}, ${defaults} defaults (${((100 * defaults) / risk.length).toFixed(2)}%), ${unscored} unscored; ${seconds.toFixed(1)} s`,
  );
  log(`model ${card.code}@${card.version}: AUC ${model.auc.toFixed(4)}, KS ${model.ks.toFixed(4)}`);
  log(`naive (days past due in the last month): AUC ${baseline.auc.toFixed(4)}, KS ${baseline.ks.toFixed(4)}`);
  log(`latent risk (the truth's own ranking): AUC ${ceiling.auc.toFixed(4)}, KS ${ceiling.ks.toFixed(4)}`);
  for (const c of calibration)
    log(
      `band ${c.band} (${c.label}, ${c.minScore}+): ${c.persons} persons, ${c.defaults} defaults, ${c.rate === null ? '-' : `${(100 * c.rate).toFixed(2)}%`}`,
    );
  return {
    bench: 'score',
    date: new Date().toISOString(),
    machine: machine(),
    params: {
      persons,
      heldOut: scores.length,
      inDefaultWhenScored: scores.length - risk.length,
      unscored,
      seed,
      asOf,
      horizonMonths,
      model: `${card.code}@${card.version}`,
      defaults,
      defaultsAll,
      latentRisk: { auc: round4(ceiling.auc), ks: round4(ceiling.ks) },
      withThoseInDefault: { auc: round4(all.auc), ks: round4(all.ks), naiveAuc: round4(all.naiveAuc), naiveKs: round4(all.naiveKs) },
      calibration,
    },
    results: [
      result('memory', 'auc', model.auc, 'fraction', { name: 'naive-days-past-due', value: baseline.auc }),
      result('memory', 'ks', model.ks, 'fraction', { name: 'naive-days-past-due', value: baseline.ks }),
    ],
    notes: [
      'Synthetic persons from a known default process (src/synthetic/borrowers.ts); the figures say how the scorecard ranks that process, not real borrowers.',
      'Held out: persons of odd index; the scorecard is not fitted to any of them.',
    ],
  };
}
