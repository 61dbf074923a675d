// The schema of the pack's personal credit scorecards (personal-score.yaml): versions with an
// effective date, each a base, bins with points per attribute, the published range and the bands.
// An attribute is one of the closed enumeration SCORE_ATTRIBUTES; the schema admits no other name.
import { Type, type Static } from '@sinclair/typebox';
import { SCORE_ATTRIBUTES } from '../credit-reporting/score-attributes.ts';
import { IsoDateSchema, LegalBasisSchema, TextSchema } from './schema.ts';

const literalUnion = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));

/** One bin: the values up to `upTo` (inclusive) not taken by an earlier bin; the last bin has no bound and takes the rest. */
export const ScoreBinSchema = Type.Object(
  {
    upTo: Type.Optional(Type.Union([Type.Number(), Type.String({ minLength: 1, description: 'a code of the attribute scale (the worst status)' })])),
    points: Type.Integer({ minimum: 0, maximum: 1000 }),
  },
  { additionalProperties: false },
);
export type ScoreBin = Static<typeof ScoreBinSchema>;

export const ScoreAttributeBinsSchema = Type.Object(
  {
    attribute: literalUnion(SCORE_ATTRIBUTES),
    name: TextSchema,
    /** Points where the attribute has no value (utilisation without any revolving limit). */
    whenNone: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    bins: Type.Array(ScoreBinSchema, { minItems: 2 }),
  },
  { additionalProperties: false },
);
export type ScoreAttributeBins = Static<typeof ScoreAttributeBinsSchema>;

export const PersonalScorecardSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
    version: Type.String({ minLength: 1 }),
    effectiveFrom: IsoDateSchema,
    name: TextSchema,
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
    note: Type.Optional(Type.String()),
    /** The score is base plus the points of every attribute's bin. */
    base: Type.Integer({ minimum: 0 }),
    /** The published range: base plus the lowest points of every attribute, and plus the highest. */
    range: Type.Object({ min: Type.Integer(), max: Type.Integer() }, { additionalProperties: false }),
    bands: Type.Array(
      Type.Object(
        { band: Type.String({ minLength: 1, maxLength: 8 }), label: TextSchema, minScore: Type.Optional(Type.Integer()) },
        { additionalProperties: false },
      ),
      { minItems: 2 },
    ),
    attributes: Type.Array(ScoreAttributeBinsSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type PersonalScorecard = Static<typeof PersonalScorecardSchema>;

export const PersonalScoreSchema = Type.Object(
  {
    /** The scores are for persons alone: enterprises get none. */
    subjectKinds: Type.Unsafe<['person']>(Type.Array(Type.Literal('person'), { minItems: 1, maxItems: 1 })),
    scorecards: Type.Array(PersonalScorecardSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type PersonalScorePolicy = Static<typeof PersonalScoreSchema>;
