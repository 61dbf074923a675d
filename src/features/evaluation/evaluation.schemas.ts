// Schemas of evaluations (with overrides), their history and random inspection draws, and of
// the requests that override a tier and make a draw.
import { Type, type Static } from '@sinclair/typebox';
import { SafeText } from '../../domain/safe-text.ts';
import { Text, ISO_DATE, TEXT_OR_NULL } from '../../http/schemas.ts';
import { checked } from '../../http/validation.ts';

/** An administrator's override of a tier, with its reason; {lift: true} lifts it. */
export const OverrideRequest = Type.Object({ scorecard: Type.String(), tier: Type.Optional(Type.String()), reason: SafeText(), lift: Type.Optional(Type.Boolean()) });
export type OverrideRequest = Static<typeof OverrideRequest>;

/** A draw for inspection: the published seed, the divisions drawn from, the inspectors and their conflicts. */
export const DrawRequest = Type.Object({
  seed: Type.String(),
  divisionPrefix: Type.Optional(Type.String()),
  inspectors: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String(),
        conflicts: Type.Optional(Type.Array(Type.String())),
        excludedDivisions: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  ),
});
export type DrawRequest = Static<typeof DrawRequest>;

/** A draw request from outside the API (the command line and its inspectors file), checked against the same schema. */
export function parseDrawRequest(value: unknown): DrawRequest {
  return checked(DrawRequest, value, 'the draw');
}

/** A mirrored grade's source: the authority's record and the date of its decision. */
const FILED = Type.Union(
  [
    Type.Object({
      record: Type.String({ description: "the authority's record the grade is taken from" }),
      item: Type.String(),
      decisionDate: ISO_DATE,
    }),
    Type.Null(),
  ],
  { description: "where the scorecard mirrors an authority's grade: the record it filed; null for a computed tier" },
);

export const Evaluation = Type.Object(
  {
    scorecard: Type.String(),
    name: Type.Optional(Text),
    version: Type.String({ description: 'the scorecard version that computed it' }),
    date: ISO_DATE,
    subjectKey: Type.String(),
    eligible: Type.Boolean(),
    score: Type.Union([Type.Number(), Type.Null()]),
    tier: Type.Union([Type.String(), Type.Null()], { description: 'as computed, or as the authority filed it' }),
    tierLabel: Type.Union([Text, Type.Null()], { description: 'the label of the tier as computed (or filed)' }),
    tierReason: Type.Union([Type.String(), Type.Null()], {
      description: 'the rule that decided the tier, when the score did not; for a filed grade, its record',
    }),
    factors: Type.Array(
      Type.Object({
        code: Type.String(),
        value: Type.Number({ description: 'the raw (decayed) count or sum' }),
        contribution: Type.Number({ description: 'what it adds to or takes from the score, after its cap' }),
        capped: Type.Boolean(),
        records: Type.Array(Type.String(), { description: 'the credit records behind it' }),
        entries: Type.Array(Type.String(), { description: 'the list entries behind it' }),
      }),
    ),
    override: Type.Union([Type.Object({ tier: Type.String(), reason: Type.String(), actor: Type.String(), at: Type.String() }), Type.Null()]),
    effectiveTier: Type.Union([Type.String(), Type.Null()], { description: 'the override where there is one, else the computed tier' }),
    effectiveTierLabel: Type.Union([Text, Type.Null()], { description: "the effective tier's own label (an override's tier's, where there is one)" }),
    filed: FILED,
    legalBasis: Type.Optional(Type.Array(Type.Ref('LegalBasis'))),
    factorNames: Type.Record(Type.String(), Text),
  },
  { $id: 'Evaluation', description: 'an evaluation in full: for the subject itself, agencies and the oversight roles' },
);

export const PublicEvaluation = Type.Object(
  {
    scorecard: Type.String(),
    name: Type.Optional(Text),
    version: Type.String(),
    date: ISO_DATE,
    tier: Type.Union([Type.String(), Type.Null()], { description: 'only where the scorecard publishes it' }),
    tierLabel: Type.Union([Text, Type.Null()], { description: "the label of the tier shown (an override's tier where there is one)" }),
    published: Type.Boolean(),
    overridden: Type.Boolean(),
    filed: Type.Optional(
      Type.Union([Type.Object({ decisionDate: ISO_DATE }), Type.Null()], { description: 'a published grade an authority filed: the date of its decision' }),
    ),
    legalBasis: Type.Optional(Type.Array(Type.Ref('LegalBasis'), { description: 'with a published filed grade: the law under which the authority grades' })),
  },
  { $id: 'PublicEvaluation', description: 'what the public sees: the tier where published, never the score or factors' },
);

export const Evaluations = Type.Object(
  { subject: Type.String(), evaluations: Type.Array(Type.Union([Type.Ref('Evaluation'), Type.Ref('PublicEvaluation')])) },
  { $id: 'Evaluations' },
);

const TIER_COUNTS = Type.Record(Type.String(), Type.Object({ population: Type.Integer(), selected: Type.Integer(), rate: Type.Number() }));

export const Draw = Type.Object(
  {
    drawId: Type.String(),
    scorecard: Type.String({ description: 'whose tiers the population is drawn by' }),
    version: Type.String(),
    seed: Type.String({ description: 'published beforehand; the draw is an HMAC order of the population under it' }),
    date: ISO_DATE,
    divisionPrefix: Type.Union([Type.String(), Type.Null()]),
    inspectors: Type.Array(
      Type.Object({ id: Type.String(), conflicts: Type.Optional(Type.Array(Type.String())), excludedDivisions: Type.Optional(Type.Array(Type.String())) }),
    ),
    rates: Type.Record(Type.String(), Type.Number(), { description: 'the share of each tier drawn' }),
    populationDigest: Type.String({ description: 'SHA-256 of the population in canonical order, kept in the ledger' }),
    populationSize: Type.Integer(),
    selected: Type.Array(Type.Object({ inspector: Type.Union([Type.String(), Type.Null()]), subject: Type.String(), tier: Type.String() })),
    perTier: Type.Optional(TIER_COUNTS),
  },
  { $id: 'Draw' },
);

export const DrawVerification = Type.Object(
  {
    drawId: Type.String(),
    identical: Type.Boolean({ description: 'the recomputed selection equals the recorded one' }),
    populationIntact: Type.Boolean({ description: "the kept population matches the ledger's digest" }),
    recomputed: Type.Integer(),
    recorded: Type.Integer(),
  },
  { $id: 'DrawVerification' },
);

export const EvaluationHistory = Type.Object(
  {
    subject: Type.String(),
    history: Type.Array(
      Type.Object({
        scorecard: Type.String(),
        name: TEXT_OR_NULL,
        version: Type.String(),
        date: Type.String({ format: 'date', description: 'the day the result was computed' }),
        eligible: Type.Boolean(),
        score: Type.Union([Type.Number(), Type.Null()]),
        tier: Type.Union([Type.String(), Type.Null()]),
        tierLabel: TEXT_OR_NULL,
        tierReason: Type.Union([Type.String(), Type.Null()]),
        filed: Type.Optional(FILED),
        recordedAt: Type.String({ format: 'date-time', description: 'when the platform recorded it' }),
        ended: Type.Boolean({ description: 'the scorecard stopped producing a result for the subject from here on' }),
      }),
      { description: 'newest first: each change in what an evaluation decided, and each end' },
    ),
  },
  { $id: 'EvaluationHistory' },
);

/** The schemas of this feature that others refer to by $id. */
export const EVALUATION_SCHEMAS = [Evaluation, PublicEvaluation, Evaluations, Draw, DrawVerification, EvaluationHistory];
