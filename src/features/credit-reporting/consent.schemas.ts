// The shapes of the routes of written authorisations to inquire.
import { Type, type Static } from '@sinclair/typebox';

/** A lender's reference: no slash, so that it names a path segment. */
export const ConsentReferenceSchema = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$',
  description: "the lender's reference of the written authorisation",
});

export const ConsentInputSchema = Type.Object(
  {
    reference: ConsentReferenceSchema,
    subject: Type.String({ minLength: 1, maxLength: 18, description: 'the resident identity number of the person, or the USCC of the enterprise, who signed' }),
    purposes: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
      minItems: 1,
      maxItems: 10,
      uniqueItems: true,
      description: 'the inquiry purposes it covers (the pack: furnishing.yaml inquiryPurposes)',
    }),
    signedOn: Type.String({ format: 'date', description: 'the day signed: today or earlier' }),
    expiresOn: Type.String({ format: 'date', description: 'the last day it holds' }),
  },
  { additionalProperties: false },
);
export type ConsentInputBody = Static<typeof ConsentInputSchema>;

export const ConsentViewSchema = Type.Object({
  reference: Type.String(),
  subject: Type.String({ description: 'masked' }),
  subjectKind: Type.String({ enum: ['person', 'organisation'] } as object),
  purposes: Type.Array(Type.String()),
  signedOn: Type.String({ format: 'date' }),
  expiresOn: Type.String({ format: 'date' }),
  withdrawnOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'from this day it no longer holds' }),
  recordedAt: Type.String({ format: 'date-time' }),
  event: Type.Object({ log: Type.Integer(), index: Type.Integer() }, { description: "the ledger event on the subject's log" }),
});
