// The pieces of the score benchmark's validation: AUC and KS on rankings whose values are known by
// hand, and the synthetic inquiries, which leave the borrowers a seed gives unchanged and are
// drawn apart from them.
import { describe, expect, it } from 'vitest';
import { auc, ks } from '../../bench/score-metrics.ts';
import { BorrowerGenerator } from '../../src/synthetic/borrowers.ts';
import { personInquiries } from '../../src/synthetic/borrower-inquiries.ts';

describe('AUC and KS', () => {
  it('are 1 for a perfect ranking, and AUC 0 for a reversed one', () => {
    expect(auc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(ks([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(auc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
  });
  it('count a tie as no ranking', () => {
    expect(auc([5, 5, 5, 5], [false, true, false, true])).toBe(0.5);
    expect(ks([5, 5, 5, 5], [false, true, false, true])).toBe(0);
  });
  it('give the fraction of pairs ordered, and the widest gap of the cumulative shares', () => {
    // Pairs (bad, good): (3,1) (3,2) (3,4)x (5,1) (5,2) (5,4): 5 of 6 ordered.
    expect(auc([1, 2, 3, 4, 5], [false, false, true, false, true])).toBeCloseTo(5 / 6, 12);
    // After 2: goods 2/3, bads 0; after 3: 2/3 and 1/2; after 4: 1 and 1/2.
    expect(ks([1, 2, 3, 4, 5], [false, false, true, false, true])).toBeCloseTo(2 / 3, 12);
  });
});

describe('synthetic inquiries', () => {
  const options = { seed: 7, persons: 300, enterprises: 0, today: '2026-12-01' };
  it('are the same for the same seed, and leave the borrower as it was', () => {
    const a = new BorrowerGenerator(options);
    const b = new BorrowerGenerator(options);
    for (let i = 0; i < 300; i += 37) {
      const before = JSON.stringify(b.borrower(i));
      expect(personInquiries(7, a.borrower(i), options.today)).toEqual(personInquiries(7, a.borrower(i), options.today));
      expect(JSON.stringify(a.borrower(i))).toBe(before);
    }
  });
  it('give the lender an approval inquiry on the day each account of the last two years opened', () => {
    const gen = new BorrowerGenerator(options);
    for (let i = 0; i < 300; i++) {
      const b = gen.borrower(i);
      const qs = personInquiries(7, b, options.today);
      for (const a of b.accounts.filter((x) => x.type !== 'guarantee' && x.openedOn > '2024-12-01' && x.openedOn < options.today)) {
        expect(qs.some((q) => q.date === a.openedOn && q.lender === a.lender && q.purpose.endsWith('-approval'))).toBe(true);
      }
      for (const q of qs) expect(q.date >= '2024-12-01' && q.date < options.today).toBe(true);
    }
  });
  it('apply more often the riskier the person', () => {
    const gen = new BorrowerGenerator({ ...options, persons: 4000 });
    const low: number[] = [];
    const high: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const b = gen.borrower(i);
      const hard = personInquiries(7, b, options.today).filter((q) => q.purpose.endsWith('-approval')).length;
      if (b.truth.latentRisk < -1) low.push(hard);
      if (b.truth.latentRisk > 1) high.push(hard);
    }
    const mean = (xs: number[]) => xs.reduce((t, x) => t + x, 0) / xs.length;
    expect(mean(high)).toBeGreaterThan(1.5 * mean(low));
  });
});
