// A person's own credit report (Regulation on the Administration of the Credit Reporting Industry,
// 2013, art. 17: "individuals may obtain their own credit report free of charge twice a year").
// The year is the calendar year (the PBOC's Credit Reference Center counts "每年" as the natural
// year, 1 January to 31 December, in China's time): the first two reports of a calendar year are
// free, the third and later carry the stated fee and are served only when the request accepts
// it. Pure rules: the day is a parameter.
import type { IsoDate } from '../dates.ts';

/** The terms of own reports, from the pack (furnishing.yaml ownReports): how many are free in a calendar year, and the fee (yuan) of each one after. */
export interface OwnReportTerms {
  freePerYear: number;
  feeYuan: number;
}

/** The period own reports are counted in: the calendar year of the day. */
export function ownReportPeriod(day: IsoDate): number {
  return Number(day.slice(0, 4));
}

/** Where a subject stands in a period after `served` own reports: what the next one costs. */
export interface OwnReportStanding {
  period: number;
  served: number;
  freeUsed: number;
  freeRemaining: number;
  /** The fee of the next report in the period, yuan: 0 while free ones remain. */
  nextFeeYuan: number;
}

export function ownReportStanding(period: number, served: number, terms: OwnReportTerms): OwnReportStanding {
  const freeUsed = Math.min(served, terms.freePerYear);
  const freeRemaining = terms.freePerYear - freeUsed;
  return { period, served, freeUsed, freeRemaining, nextFeeYuan: freeRemaining > 0 ? 0 : terms.feeYuan };
}
