// Objections to furnished credit information and the subject's own statement (Regulation on the
// Administration of the Credit Reporting Industry, 2013, art. 25): the item objected to is marked
// as disputed at once, and the furnisher verifies and answers within 20 days of receipt. The
// Regulation counts days, not working days: an objection received on day D is due on D + 20, an
// answer on that day is on time, and on D + 21 it is late and the objection escalates to the
// regulator. Pure rules: dates are parameters.
import { addDays, compareDates, type IsoDate } from '../dates.ts';
import { assertNever } from '../assert-never.ts';

/** Days the furnisher has to verify and answer an objection, counted from the day of receipt (art. 25). */
export const ANSWER_WITHIN_DAYS = 20;

/**
 * An objection's life: `open` until the furnisher answers; `escalated` to the regulator when the
 * answer is late (it may still be answered, and stays marked late); `answered`.
 */
export const CREDIT_OBJECTION_STATES = ['open', 'escalated', 'answered'] as const;
export type CreditObjectionState = (typeof CREDIT_OBJECTION_STATES)[number];

/** The furnisher's answer: the objection upheld and the information corrected (a new furnished version), or rejected with an explanation. */
export const CREDIT_OBJECTION_OUTCOMES = ['upheld-corrected', 'rejected'] as const;
export type CreditObjectionOutcome = (typeof CREDIT_OBJECTION_OUTCOMES)[number];

/** The last day of the answer's period: the day of receipt plus 20 calendar days. */
export function answerDueOn(filedOn: IsoDate): IsoDate {
  return addDays(filedOn, ANSWER_WITHIN_DAYS);
}

/** Whether an answer given on a day is late: any day after the due day. */
export function isLate(dueOn: IsoDate, on: IsoDate): boolean {
  return compareDates(on, dueOn) > 0;
}

/** The day an unanswered objection escalates: the first day past its due day. */
export function escalatesOn(dueOn: IsoDate): IsoDate {
  return addDays(dueOn, 1);
}

/** Whether an objection in this state escalates on `today`: open, and its due day has passed. */
export function escalatesBy(o: { state: CreditObjectionState; dueOn: IsoDate }, today: IsoDate): boolean {
  return o.state === 'open' && isLate(o.dueOn, today);
}

/** Whether the item still shows a dispute mark: until the furnisher answers. */
export function isDisputed(state: CreditObjectionState): boolean {
  switch (state) {
    case 'open':
    case 'escalated':
      return true;
    case 'answered':
      return false;
    default:
      return assertNever(state, 'credit objection state');
  }
}

/** Why an objection in this state cannot be answered, or null when it can. */
export function answerRefusal(state: CreditObjectionState): string | null {
  return isDisputed(state) ? null : 'the objection is answered already';
}

/** The longest personal statement (本人声明), in Unicode code points: a CJK character is one. */
export const STATEMENT_MAX_CODE_POINTS = 500;

/** Unicode code points of a text (what a reader counts as characters, astral ones included). */
export function codePointCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Why a personal statement cannot be added as written, or null when it can. */
export function statementProblem(text: string): string | null {
  if (text.trim() === '') return 'a statement must not be blank';
  const n = codePointCount(text);
  if (n > STATEMENT_MAX_CODE_POINTS) return `a statement has at most ${STATEMENT_MAX_CODE_POINTS} characters; this one has ${n}`;
  return null;
}
