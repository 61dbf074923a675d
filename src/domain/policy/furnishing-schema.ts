// The schema of the pack's furnishing data standard (furnishing.yaml): the data items of each
// kind of line a furnisher sends, each with its type, its category from a fixed enumeration and
// its legal basis. Defined once: the loader validates with it, the domain reads its types.
import { Type, type Static } from '@sinclair/typebox';
import { FURNISHING_CATEGORIES, FURNISHING_FIELD_TYPES, LINE_KINDS } from '../credit-reporting/standard.ts';
import { LegalBasisSchema, TextSchema } from './schema.ts';
import { InquiryPurposeSchema } from '../credit-reporting/inquiry.ts';

const literalUnion = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));

export const FurnishingFieldSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', description: 'the field name in a line, camelCase' }),
    label: TextSchema,
    type: literalUnion(FURNISHING_FIELD_TYPES),
    category: literalUnion(FURNISHING_CATEGORIES),
    required: Type.Optional(Type.Boolean()),
    values: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, uniqueItems: true })),
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type FurnishingField = Static<typeof FurnishingFieldSchema>;

export const FurnishingLineSchema = Type.Object(
  {
    kind: literalUnion(LINE_KINDS),
    label: TextSchema,
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
    fields: Type.Array(FurnishingFieldSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type FurnishingLineDef = Static<typeof FurnishingLineSchema>;

export const FurnishingSchema = Type.Object(
  {
    /** The agency kinds that furnish; each must be of the furnisher class in agency-kinds.yaml. */
    furnishers: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]*$' }), { minItems: 1, uniqueItems: true }),
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
    lines: Type.Array(FurnishingLineSchema, { minItems: 1 }),
    /** The purposes for which the credit reference database answers an inquiry (Regulation arts. 18, 20). */
    inquiryPurposes: Type.Array(InquiryPurposeSchema, { minItems: 1 }),
    /**
     * A subject's own reports (art. 17): how many in a calendar year are free (never fewer than
     * the two the Regulation gives), and the fee in yuan of each one after.
     */
    ownReports: Type.Object(
      {
        freePerYear: Type.Integer({ minimum: 2, maximum: 366 }),
        feeYuan: Type.Number({ minimum: 0, maximum: 1000 }),
        legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type FurnishingStandard = Static<typeof FurnishingSchema>;
