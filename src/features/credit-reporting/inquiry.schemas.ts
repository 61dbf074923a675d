// The shapes of the inquiry routes: a lender's request, the inquiry recorded, and the report.
import { Type, type Static } from '@sinclair/typebox';
import { CreditReportSchema } from './credit-report.schemas.ts';
import { ConsentReferenceSchema } from './consent.schemas.ts';

export const InquiryInputSchema = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 18, description: 'a resident identity number or a USCC' }),
    purpose: Type.String({ minLength: 1, maxLength: 40, description: 'an inquiry purpose of the pack (furnishing.yaml inquiryPurposes)' }),
    consent: Type.Optional(ConsentReferenceSchema),
    months: Type.Optional(Type.Union([Type.Literal(24), Type.Literal(60)], { description: 'months of the repayment grid; 24 by default' })),
  },
  { additionalProperties: false },
);
export type InquiryInputBody = Static<typeof InquiryInputSchema>;

export const InquiryViewSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  date: Type.String({ format: 'date', description: 'the local date, as reports show it' }),
  purpose: Type.String(),
  subject: Type.String({ description: 'masked' }),
  subjectKind: Type.String({ enum: ['person', 'organisation'] } as object),
  consent: Type.Union([Type.String(), Type.Null()], { description: 'the authorisation it rests on' }),
  openAccount: Type.Union([Type.String(), Type.Null()], {
    description: "for post-loan management without an authorisation: the lender's open account it rests on",
  }),
  event: Type.Object({ log: Type.Integer(), index: Type.Integer() }, { description: "the credit.inquiry event on the subject's log" }),
});

export const InquiryAnswerSchema = Type.Object({ inquiry: InquiryViewSchema, report: CreditReportSchema });
