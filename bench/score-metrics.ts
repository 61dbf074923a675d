// Measures of how well a risk measure ranks defaulters before the others: AUC and KS, both with
// ties between equal values handled as such (a tie is no ranking).

/** AUC of a risk measure (higher is riskier) against defaults: the Mann-Whitney statistic, ties counted half. */
export function auc(risk: readonly number[], bad: readonly boolean[]): number {
  const order = risk.map((_, i) => i).sort((a, b) => risk[a]! - risk[b]!);
  let rankSumBad = 0;
  let nBad = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && risk[order[j]!] === risk[order[i]!]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (bad[order[k]!]) ((rankSumBad += rank), nBad++);
    i = j;
  }
  const nGood = order.length - nBad;
  return (rankSumBad - (nBad * (nBad + 1)) / 2) / (nBad * nGood);
}

/** KS: the largest gap between the cumulative shares of defaulters and of the others over the risk measure, cut between distinct values. */
export function ks(risk: readonly number[], bad: readonly boolean[]): number {
  const order = risk.map((_, i) => i).sort((a, b) => risk[a]! - risk[b]!);
  const nBad = bad.filter(Boolean).length;
  const nGood = bad.length - nBad;
  let cb = 0;
  let cg = 0;
  let best = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && risk[order[j]!] === risk[order[i]!]) j++;
    for (let k = i; k < j; k++) bad[order[k]!] ? cb++ : cg++;
    best = Math.max(best, Math.abs(cb / nBad - cg / nGood));
    i = j;
  }
  return best;
}
