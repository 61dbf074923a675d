// The rules of the person's rights in credit reporting, pure (Regulation arts. 17 and 25): the
// furnisher's 20 calendar days (the 20th day in time, the 21st late, across month and year ends),
// escalation only of an open objection past its due day, the statement's 500 code points, and the
// calendar year's two free own reports.
import { describe, expect, it } from 'vitest';
import { answerDueOn, codePointCount, escalatesBy, escalatesOn, isDisputed, isLate, statementProblem } from '../../src/domain/credit-reporting/disputes.ts';
import { ownReportPeriod, ownReportStanding, type OwnReportTerms } from '../../src/domain/credit-reporting/rights.ts';

/** The shipped pack's terms (furnishing.yaml ownReports): two free reports a calendar year, 10 yuan after. */
const TERMS: OwnReportTerms = { freePerYear: 2, feeYuan: 10 };

describe('objections to furnished credit information (art. 25)', () => {
  it('is due 20 calendar days after receipt, across month and year ends and leap days', () => {
    expect(answerDueOn('2026-11-20')).toBe('2026-12-10');
    expect(answerDueOn('2026-12-20')).toBe('2027-01-09');
    expect(answerDueOn('2028-02-15')).toBe('2028-03-06');
    expect(answerDueOn('2027-02-15')).toBe('2027-03-07');
  });

  it('takes an answer on the 20th day as on time and on the 21st as late', () => {
    const due = answerDueOn('2026-11-20');
    expect(isLate(due, '2026-12-10')).toBe(false);
    expect(isLate(due, '2026-12-11')).toBe(true);
    expect(escalatesOn(due)).toBe('2026-12-11');
  });

  it('escalates only an open objection, and only once its due day has passed', () => {
    expect(escalatesBy({ state: 'open', dueOn: '2026-12-10' }, '2026-12-10')).toBe(false);
    expect(escalatesBy({ state: 'open', dueOn: '2026-12-10' }, '2026-12-11')).toBe(true);
    expect(escalatesBy({ state: 'escalated', dueOn: '2026-12-10' }, '2026-12-30')).toBe(false);
    expect(escalatesBy({ state: 'answered', dueOn: '2026-12-10' }, '2026-12-30')).toBe(false);
    expect([isDisputed('open'), isDisputed('escalated'), isDisputed('answered')]).toEqual([true, true, false]);
  });
});

describe('the personal statement', () => {
  it('holds 500 code points, CJK and astral characters one each, and not 501', () => {
    expect(statementProblem('中'.repeat(500))).toBeNull();
    expect(statementProblem('中'.repeat(501))).toMatch(/at most 500 characters; this one has 501/);
    expect(codePointCount('𠀀'.repeat(500))).toBe(500);
    expect(statementProblem('𠀀'.repeat(500))).toBeNull();
    expect(statementProblem('𠀀'.repeat(501))).not.toBeNull();
    expect(statementProblem('  \n ')).toMatch(/blank/);
  });
});

describe('own reports (art. 17)', () => {
  it('counts in the calendar year: two free, the third and later at the fee', () => {
    expect(ownReportPeriod('2026-12-31')).toBe(2026);
    expect(ownReportPeriod('2027-01-01')).toBe(2027);
    const t = TERMS;
    expect(ownReportStanding(2026, 0, t)).toEqual({ period: 2026, served: 0, freeUsed: 0, freeRemaining: 2, nextFeeYuan: 0 });
    expect(ownReportStanding(2026, 1, t)).toMatchObject({ freeRemaining: 1, nextFeeYuan: 0 });
    expect(ownReportStanding(2026, 2, t)).toMatchObject({ freeUsed: 2, freeRemaining: 0, nextFeeYuan: 10 });
    expect(ownReportStanding(2026, 5, t)).toMatchObject({ freeUsed: 2, freeRemaining: 0, nextFeeYuan: 10 });
  });
});
