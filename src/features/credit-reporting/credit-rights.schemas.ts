// Schemas of the person's rights in financial credit reporting: objections to furnished
// information and their answers, the personal statement, and the own report's count and fee.
import { Type, type Static } from '@sinclair/typebox';
import { SafeText } from '../../domain/safe-text.ts';
import { CREDIT_OBJECTION_OUTCOMES, CREDIT_OBJECTION_STATES } from '../../domain/credit-reporting/disputes.ts';
import { DATE_OR_NULL, ISO_DATE } from '../../http/schemas.ts';
import { CreditReportSchema } from './credit-report.schemas.ts';

const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));

const MONTH = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

export const FileCreditObjectionBody = Type.Object({
  furnisher: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$', description: "the furnisher's agency code" }),
  // As the furnishing standard's identifiers are: 1-64 letters, digits and . _ : / -.
  account: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$', description: "the furnisher's account identifier" }),
  month: Type.Optional({ ...MONTH, description: 'the month objected to (YYYY-MM); absent: the account as a whole' }),
  reason: SafeText({ pattern: '\\S', maxLength: 2000 }),
});
export type FileCreditObjectionRequest = Static<typeof FileCreditObjectionBody>;

export const AnswerCreditObjectionBody = Type.Object({
  outcome: literals(CREDIT_OBJECTION_OUTCOMES),
  explanation: SafeText({ pattern: '\\S', maxLength: 2000 }),
  correctionBatch: Type.Optional(Type.String({ pattern: '^fb-[0-9a-f]{40}$', description: 'the batch that furnished the corrected version (its batch id)' })),
});
export type AnswerCreditObjectionRequest = Static<typeof AnswerCreditObjectionBody>;

/** Code points are counted by the service (at most 500); the schema only bounds the body. */
export const CreditStatementBody = Type.Object({
  text: SafeText({ maxLength: 4000, description: 'the statement, at most 500 characters (Unicode code points)' }),
});

export const CreditObjectionIdParams = Type.Object({ id: Type.String({ pattern: '^cob_[0-9a-f]{24}$' }) });

export const CreditObjectionsQuery = Type.Object({ state: Type.Optional(literals(CREDIT_OBJECTION_STATES)) });

export const CreditObjectionSchema = Type.Object(
  {
    objectionId: Type.String(),
    furnisher: Type.String(),
    account: Type.String(),
    month: Type.Union([MONTH, Type.Null()]),
    reason: Type.String(),
    filedOn: ISO_DATE,
    dueOn: { ...ISO_DATE, description: "the last day of the furnisher's 20 days (filed on + 20 calendar days): an answer that day is on time" },
    state: literals(CREDIT_OBJECTION_STATES),
    escalatedOn: DATE_OR_NULL,
    answeredOn: DATE_OR_NULL,
    outcome: Type.Union([literals(CREDIT_OBJECTION_OUTCOMES), Type.Null()]),
    explanation: Type.Union([Type.String(), Type.Null()]),
    correctionBatch: Type.Union([Type.String(), Type.Null()]),
    late: Type.Boolean({ description: 'answered after its due day, or unanswered past it' }),
    event: Type.Object({ log: Type.Integer(), firstIndex: Type.Integer(), lastIndex: Type.Integer() }),
    borrower: Type.Optional(Type.String({ description: "the borrower, masked (the furnisher's queue)" })),
  },
  { $id: 'CreditObjection' },
);

export const CreditObjectionList = Type.Object({ objections: Type.Array(Type.Ref('CreditObjection')) });

export const CreditStatementAnswer = Type.Object({
  statement: Type.Object({ text: Type.String(), addedOn: ISO_DATE, version: Type.Integer({ minimum: 1 }) }),
});

/** Where the subject stands with its own reports of the calendar year (art. 17). */
export const OwnReportCountSchema = Type.Object({
  period: Type.Integer({ description: 'the calendar year counted' }),
  served: Type.Integer({ description: 'own reports served in the period, this one included' }),
  freePerYear: Type.Integer(),
  freeUsed: Type.Integer(),
  freeRemaining: Type.Integer(),
  feeCharged: Type.Number({ description: 'the fee of this report, yuan (0 when free)' }),
  nextFee: Type.Number({ description: 'the fee of the next report in the period, yuan (0 while free ones remain)' }),
  currency: Type.Literal('CNY'),
});

export const OwnReportQuery = Type.Object({
  acceptFee: Type.Optional(Type.Boolean({ description: 'accepts the stated fee of a report beyond the free ones of the year' })),
  months: Type.Optional(Type.Union([Type.Literal(24), Type.Literal(60)], { description: 'months of the repayment grid (default 24)' })),
  lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')], { description: 'the language of the signed copy (default zh)' })),
});

/** The signed copy of a report served (the reports' signing): anyone holding its code verifies it. */
export const SignedCopySchema = Type.Object({
  code: Type.String({ description: 'the verification code' }),
  verifyPath: Type.String(),
  portalVerifyPath: Type.String(),
  htmlPath: Type.String({ description: "the signed report as HTML (the subject's own account)" }),
  pdfPath: Type.String({ description: "the signed report as PDF (the subject's own account)" }),
});

export const ownReportAnswer = Type.Object({ report: CreditReportSchema, count: OwnReportCountSchema, signed: SignedCopySchema });

export const CREDIT_RIGHTS_SCHEMAS = [CreditObjectionSchema];

/** A page of the score history: the rows numbered below `before`, or the newest. */
export const ScoreHistoryQuery = Type.Object({
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the rows numbered below this n (the `next` link carries it); default the newest' })),
});

/** The person's credit score history (docs/personal-score.md), newest first, a page at a time. */
export const ScoreHistoryAnswer = Type.Object({
  next: Type.Union([Type.String(), Type.Null()], { description: 'the path of the next page of older rows; null when none is left' }),
  history: Type.Array(
    Type.Object({
      n: Type.Integer({ description: 'the row ordinal, 1 for the first' }),
      recordedAt: Type.String({ format: 'date-time' }),
      asOf: Type.String({ format: 'date', description: 'the date the score describes' }),
      cause: Type.String({ enum: ['inquiry', 'own-report', 'rescoring'] } as object),
      scored: Type.Boolean(),
      model: Type.Union([Type.String(), Type.Null()], { description: 'code@version of the scorecard' }),
      effectiveFrom: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
      score: Type.Union([Type.Integer(), Type.Null()]),
      band: Type.Union([Type.String(), Type.Null()]),
      reasons: Type.Array(Type.String(), { description: 'the reason codes, largest loss first' }),
      notScored: Type.Union([Type.String(), Type.Null()], { description: 'why unscored: no-accounts, no-scorecard' }),
    }),
  ),
});
