// The financial credit report's JSON shape for the API's responses (the OpenAPI document): the
// types of src/domain/credit-reporting/report.ts, field for field.
import { Type, type TSchema } from '@sinclair/typebox';
import { LegalBasisSchema, TextSchema } from '../../domain/policy/schema.ts';
import { ACCOUNT_TYPES, REPAYMENT_STATUSES } from '../../domain/credit-reporting/standard.ts';
import { ACCOUNT_STATES, CREDIT_REPORT_FORMAT, PUBLIC_RECORD_KINDS } from '../../domain/credit-reporting/report.ts';
import { NO_SCORE_REASONS } from '../../domain/credit-reporting/personal-score.ts';
import { SCORE_ATTRIBUTES } from '../../domain/credit-reporting/score-attributes.ts';

const oneOf = (values: readonly string[], description?: string) => Type.String({ enum: [...values], ...(description ? { description } : {}) } as object);
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Status = oneOf(
  REPAYMENT_STATUSES,
  'repayment status: N current; 1-7 days past due in 30-day buckets; C settled; G ended abnormally; D paid by guarantor; Z settled with assets; B bad debt; * nothing due; # unknown',
);
const Institution = Type.Object({ code: Type.String(), name: Type.String() });
const Money = Type.Number({ description: 'yuan' });

const GridMonthSchema = Type.Object({
  month: Type.String({ description: 'YYYY-MM' }),
  status: nullable(Status),
  daysPastDue: nullable(Type.Integer()),
});

const AccountDetailSchema = Type.Object({
  furnisher: Institution,
  account: Type.String(),
  type: oneOf(ACCOUNT_TYPES),
  currency: Type.String(),
  openedOn: Type.String({ format: 'date' }),
  limit: nullable(Money),
  principal: nullable(Money),
  termMonths: nullable(Type.Integer()),
  state: oneOf(ACCOUNT_STATES),
  latest: nullable(
    Type.Object({
      month: Type.String(),
      balance: Money,
      amountDue: Money,
      amountPaid: Money,
      daysPastDue: nullable(Type.Integer()),
      status: nullable(Status),
      closedOn: nullable(Type.String({ format: 'date' })),
      writtenOff: nullable(Money),
    }),
  ),
  guarantors: Type.Array(Type.String({ description: 'masked' })),
  grid: Type.Array(GridMonthSchema, {
    description: 'oldest month first; null where nothing is furnished or adverse information is past its five years (art. 16)',
  }),
});

/** A person's score as of the report's date (docs/personal-score.md), or why there is none. */
export const PersonalScoreSchema = Type.Union(
  [
    Type.Object({
      scored: Type.Literal(true),
      model: Type.String({ description: 'code@version of the scorecard in force on asOf' }),
      effectiveFrom: Type.String({ format: 'date', description: 'the day that version took effect' }),
      asOf: Type.String({ format: 'date' }),
      score: Type.Integer(),
      range: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
      band: Type.Object({ band: Type.String(), label: TextSchema }),
      attributes: Type.Array(
        Type.Object({
          attribute: oneOf(SCORE_ATTRIBUTES),
          name: TextSchema,
          value: nullable(Type.Union([Type.Number(), Type.String()])),
          points: Type.Integer(),
          best: Type.Integer(),
          lost: Type.Integer(),
        }),
      ),
      reasons: Type.Array(
        Type.Object({
          code: oneOf(SCORE_ATTRIBUTES, 'the reason code: the attribute that lost the points'),
          lost: Type.Integer(),
          text: TextSchema,
          change: TextSchema,
        }),
        { description: 'at most four, largest loss first' },
      ),
      otherLost: Type.Integer({ description: 'points lost beyond the reasons: score + reasons + otherLost = range.max' }),
    }),
    Type.Object({ scored: Type.Literal(false), asOf: Type.String({ format: 'date' }), reason: oneOf(NO_SCORE_REASONS) }),
  ],
  { description: "a person's credit score as of the report's date; absent from an organisation's report" },
);

export const CreditReportSchema = Type.Object(
  {
    format: Type.Literal(CREDIT_REPORT_FORMAT),
    asOf: Type.String({ format: 'date' }),
    months: Type.Union([Type.Literal(24), Type.Literal(60)]),
    identity: Type.Object({ kind: oneOf(['person', 'organisation']), masked: Type.String(), name: nullable(Type.String()) }),
    summary: Type.Object({
      accounts: Type.Array(Type.Object({ type: oneOf(ACCOUNT_TYPES), label: TextSchema, count: Type.Integer(), open: Type.Integer() })),
      accountCount: Type.Integer(),
      openCount: Type.Integer(),
      totalLimit: Money,
      totalPrincipal: Money,
      totalBalance: Money,
      worstStatus24: nullable(Status),
      writtenOffCount: Type.Integer(),
      guaranteesGiven: Type.Object({ count: Type.Integer(), amount: Money }),
      inquiries: Type.Object({ lastYear: Type.Integer(), lastTwoYears: Type.Integer() }),
    }),
    accounts: Type.Array(Type.Object({ type: oneOf(ACCOUNT_TYPES), label: TextSchema, accounts: Type.Array(AccountDetailSchema) })),
    guarantees: Type.Array(
      Type.Object({
        furnisher: Institution,
        account: Type.String(),
        type: oneOf(ACCOUNT_TYPES),
        borrower: Type.String({ description: 'masked' }),
        currency: Type.String(),
        openedOn: Type.String({ format: 'date' }),
        amount: nullable(Money),
        state: oneOf(ACCOUNT_STATES),
        balance: nullable(Money),
        status: nullable(Status),
      }),
    ),
    publicRecords: Type.Object({
      records: Type.Array(
        Type.Object({
          kind: oneOf(PUBLIC_RECORD_KINDS),
          recordId: Type.String(),
          item: Type.String(),
          itemName: TextSchema,
          agency: Type.String(),
          decision: Type.Record(Type.String(), Type.String()),
          publicity: Type.Object({ start: nullable(Type.String()), end: nullable(Type.String()) }),
          legalBasis: Type.Array(LegalBasisSchema),
        }),
      ),
      listEntries: Type.Array(
        Type.Object({
          entryId: Type.String(),
          list: Type.String(),
          listName: TextSchema,
          listedOn: nullable(Type.String()),
          until: nullable(Type.String()),
          decidingAgency: Type.String(),
          legalBasis: Type.Array(LegalBasisSchema),
        }),
      ),
    }),
    inquiries: Type.Array(Type.Object({ date: Type.String({ format: 'date' }), institution: Institution, purpose: Type.String(), purposeLabel: TextSchema })),
    disputes: Type.Array(
      Type.Object({
        furnisher: Type.String(),
        account: Type.String(),
        month: nullable(Type.String()),
        objection: Type.String(),
        filedOn: Type.String(),
        dueOn: Type.String(),
        state: Type.String(),
      }),
    ),
    statement: nullable(Type.Object({ text: Type.String(), addedOn: Type.String() })),
    score: Type.Optional(PersonalScoreSchema),
  },
  { description: 'the financial credit report (征信报告) as of a date' },
);
