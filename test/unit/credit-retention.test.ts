// The five-year end of adverse information (Regulation art. 16): when the adverse conduct of an
// account ends, and that it is shown on the last day before the fifth anniversary and gone on the
// anniversary itself, a leap day's included; and properties over random account histories.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  adverseEpisodes,
  expiredAdverseMonths,
  isAdverse,
  isEpisodeShown,
  retentionEnd,
  type ConductMonth,
} from '../../src/domain/credit-reporting/retention.ts';
import { REPAYMENT_STATUSES, type RepaymentStatus } from '../../src/domain/credit-reporting/standard.ts';
import { addDays } from '../../src/domain/dates.ts';

const m = (month: string, status: RepaymentStatus, daysPastDue = 0, closedOn: string | null = null): ConductMonth => ({ month, status, daysPastDue, closedOn });

/** Every day from `from` to `to` inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('when adverse conduct ends', () => {
  it('ends on the last day of the first later month whose statement is current', () => {
    expect(adverseEpisodes([m('2020-03', '1', 15), m('2020-04', '2', 45), m('2020-05', 'N')])).toEqual([
      { from: '2020-03', to: '2020-04', endedOn: '2020-05-31' },
    ]);
  });
  it('ends with a settled month on its closing day, and with a month of nothing due at its end', () => {
    expect(adverseEpisodes([m('2020-03', '1', 15), m('2020-04', 'C', 0, '2020-04-12')])[0]!.endedOn).toBe('2020-04-12');
    expect(adverseEpisodes([m('2020-03', '1', 15), m('2020-04', '*')])[0]!.endedOn).toBe('2020-04-30');
  });
  it('ends on the closing day of an adverse month that closes the account (settled with assets, paid by the guarantor)', () => {
    expect(adverseEpisodes([m('2021-04', '3', 70), m('2021-05', 'Z', 0, '2021-05-12')])).toEqual([{ from: '2021-04', to: '2021-05', endedOn: '2021-05-12' }]);
    expect(adverseEpisodes([m('2021-05', 'D', 0, '2021-05-03')])[0]!.endedOn).toBe('2021-05-03');
  });
  it('has not ended for a debt written off and never repaid, even when the account is closed', () => {
    expect(adverseEpisodes([m('2019-01', '7', 200), m('2019-02', 'B')])[0]!.endedOn).toBeNull();
    expect(adverseEpisodes([m('2019-02', 'B', 0, '2019-02-28'), m('2019-03', '#')])[0]!.endedOn).toBeNull();
    // Repaid later: ended on the day the account was settled.
    expect(adverseEpisodes([m('2019-02', 'B'), m('2020-06', 'C', 0, '2020-06-10')])[0]!.endedOn).toBe('2020-06-10');
  });
  it('is not ended by a month of unknown status or a month without a statement', () => {
    expect(adverseEpisodes([m('2020-01', '1', 5), m('2020-02', '#'), m('2020-04', 'N')])).toEqual([{ from: '2020-01', to: '2020-01', endedOn: '2020-04-30' }]);
  });
  it('counts any day past due as adverse, whatever the status', () => {
    expect(isAdverse(m('2020-01', '#', 3))).toBe(true);
    expect(isAdverse(m('2020-01', 'N'))).toBe(false);
    expect(isAdverse(m('2020-01', 'G'))).toBe(true);
  });
  it('keeps separate episodes apart, each with its own end', () => {
    const h = [m('2019-01', '1', 10), m('2019-02', 'N'), m('2021-07', '2', 40), m('2021-08', 'N')];
    expect(adverseEpisodes(h)).toEqual([
      { from: '2019-01', to: '2019-01', endedOn: '2019-02-28' },
      { from: '2021-07', to: '2021-07', endedOn: '2021-08-31' },
    ]);
    expect([...expiredAdverseMonths(h, '2024-02-28')]).toEqual(['2019-01']);
    expect([...expiredAdverseMonths(h, '2024-02-27')]).toEqual([]);
  });
});

describe('five years to the day', () => {
  it('shows it on the last day before the anniversary and not on the anniversary', () => {
    const h = [m('2020-03', '1', 15), m('2020-04', 'N')]; // ended 2020-04-30
    expect(retentionEnd('2020-04-30')).toBe('2025-04-30');
    expect(expiredAdverseMonths(h, '2025-04-29').size).toBe(0);
    expect([...expiredAdverseMonths(h, '2025-04-30')]).toEqual(['2020-03']);
  });
  it('ends a leap day conduct on 28 February five years on', () => {
    const h = [m('2024-01', '2', 40), m('2024-02', 'N')]; // ended 2024-02-29
    expect(adverseEpisodes(h)[0]!.endedOn).toBe('2024-02-29');
    expect(expiredAdverseMonths(h, '2029-02-27').size).toBe(0);
    expect([...expiredAdverseMonths(h, '2029-02-28')]).toEqual(['2024-01']);
  });
  it('changes from shown to gone exactly once, on the anniversary, for every end day of a leap year and a common one', () => {
    for (const ended of days('2023-01-01', '2024-12-31')) {
      const end = retentionEnd(ended);
      const around = days(addDays(end, -3), addDays(end, 3));
      expect(around.map((d) => isEpisodeShown({ endedOn: ended }, d))).toEqual(around.map((d) => d < end));
      // Five calendar years: the same month and day, or 28 February for 29 February.
      expect(end).toBe(ended.endsWith('02-29') ? `${Number(ended.slice(0, 4)) + 5}-02-28` : `${Number(ended.slice(0, 4)) + 5}${ended.slice(4)}`);
    }
  });
  it('shows an episode that has not ended on every day', () => {
    for (const d of ['2030-01-01', '2099-12-31']) expect(isEpisodeShown({ endedOn: null }, d)).toBe(true);
  });
});

describe('over random account histories', () => {
  const month = fc.integer({ min: 0, max: 119 }).map((i) => `${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  const history = fc
    .uniqueArray(fc.record({ month, status: fc.constantFrom(...REPAYMENT_STATUSES), daysPastDue: fc.constantFrom(0, 0, 0, 10, 65), closed: fc.boolean() }), {
      selector: (x) => x.month,
      maxLength: 40,
    })
    .map((xs) => xs.map((x) => m(x.month, x.status, x.daysPastDue, x.closed ? `${x.month}-15` : null)));
  const day = fc.integer({ min: 0, max: 365 * 20 }).map((n) => addDays('2015-01-01', n));

  it('puts every adverse month in exactly one episode, and no other month', () => {
    fc.assert(
      fc.property(history, (h) => {
        const episodes = adverseEpisodes(h);
        for (const x of h) {
          const holding = episodes.filter((e) => x.month >= e.from && x.month <= e.to);
          if (isAdverse(x)) expect(holding).toHaveLength(1);
        }
        for (const e of episodes) if (e.endedOn !== null) expect(e.endedOn >= `${e.to}-01`).toBe(true);
      }),
    );
  });
  it('never hides a month that is not adverse, and once gone a month stays gone', () => {
    fc.assert(
      fc.property(history, day, fc.integer({ min: 1, max: 4000 }), (h, d, later) => {
        const gone = expiredAdverseMonths(h, d);
        for (const x of h) if (!isAdverse(x)) expect(gone.has(x.month)).toBe(false);
        const after = expiredAdverseMonths(h, addDays(d, later));
        for (const g of gone) expect(after.has(g)).toBe(true);
      }),
    );
  });
  it('never ends a debt written off and never followed by a month with nothing overdue', () => {
    fc.assert(
      fc.property(history, (h) => {
        const sorted = [...h].sort((a, b) => (a.month < b.month ? -1 : 1));
        const lastB = sorted.findLastIndex((x) => x.status === 'B');
        if (lastB < 0 || sorted.slice(lastB + 1).some((x) => !isAdverse(x) && ['N', 'C', '*'].includes(x.status))) return;
        if (sorted.slice(lastB + 1).some((x) => isAdverse(x) && x.closedOn !== null && x.status !== 'B')) return;
        expect(expiredAdverseMonths(h, '2099-12-31').has(sorted[lastB]!.month)).toBe(false);
      }),
    );
  });
});
