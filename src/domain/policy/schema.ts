// The policy pack's schema, defined once: validation at load, the TypeScript types the domain
// uses, and the shapes the API publishes all come from here.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  DISCLOSURE_LEVELS,
  LIST_TYPES,
  MEASURE_EFFECTS,
  MEASURE_KINDS,
  PERSON_ROLES,
  POLARITIES,
  RECORD_CATEGORIES,
  REMOVAL_REASONS,
  SERIOUS_LIST_AREAS,
  SUBJECT_KINDS,
} from '../enumerations.ts';

/** A union of string literals whose static type is the union of the values. */
const literalUnion = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      description ? { description } : {},
    ),
  );

export const IsoDateSchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a calendar date, YYYY-MM-DD' });
export const PeriodSchema = Type.String({ pattern: '^P(\\d+Y)?(\\d+M)?(\\d+D)?$', description: 'a period such as P3M or P1Y' });
export const CodeSchema = Type.String({ pattern: '^[a-z][a-z0-9-]*$', description: 'a kebab-case identifier' });

export const TextSchema = Type.Object(
  { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false, description: 'text in Chinese and English' },
);
export type Text = Static<typeof TextSchema>;

export const LegalBasisSchema = Type.Object(
  {
    instrument: TextSchema,
    articles: Type.Optional(Type.String({ minLength: 1 })),
    issuer: Type.Optional(Type.String()),
    reference: Type.Optional(Type.String({ description: 'document number, e.g. 法释〔2017〕7号' })),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type LegalBasis = Static<typeof LegalBasisSchema>;

/**
 * Agencies other than the deciding one that may object to a record of a catalogue item or to an
 * entry on a list: the kinds with a legal interest in it, what that interest is, and the law
 * that gives it. Without such a statement only the subject concerned objects (and the deciding
 * agency reviews its own decision).
 */
export const ObjectionStandingSchema = Type.Object(
  {
    agencyKinds: Type.Array(CodeSchema, { minItems: 1, uniqueItems: true, description: 'agency kinds with standing to object' }),
    interest: Type.String({ minLength: 1, description: 'the legal interest these agencies have in the record or entry' }),
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type ObjectionStanding = Static<typeof ObjectionStandingSchema>;

export const PackManifestSchema = Type.Object(
  {
    id: CodeSchema,
    version: Type.String({ minLength: 1 }),
    title: TextSchema,
    jurisdiction: Type.String({ minLength: 1 }),
    effectiveFrom: IsoDateSchema,
    timeZone: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type PackManifest = Static<typeof PackManifestSchema>;

/** Classes of agency kind: an authority files public-credit records; a furnisher (a licensed lender) furnishes credit accounts. */
export const AGENCY_CLASSES = ['authority', 'furnisher'] as const;

export const AgencyKindSchema = Type.Object(
  {
    code: CodeSchema,
    name: TextSchema,
    description: Type.Optional(Type.String()),
    class: Type.Optional(literalUnion(AGENCY_CLASSES, 'authority (the default) or furnisher')),
  },
  { additionalProperties: false },
);
export type AgencyKind = Static<typeof AgencyKindSchema>;

export const FIELD_TYPES = ['text', 'date', 'money', 'integer', 'number', 'boolean', 'enum', 'enum-list', 'uscc', 'resident-id', 'person-name'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FieldSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', description: 'camelCase field name' }),
    label: TextSchema,
    type: literalUnion(FIELD_TYPES),
    required: Type.Optional(Type.Boolean()),
    disclosure: literalUnion(DISCLOSURE_LEVELS),
    values: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true })),
    valueNames: Type.Optional(
      Type.Record(Type.String(), TextSchema, { description: 'the name of each value in Chinese and English, as pages and reports show it' }),
    ),
    maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
    minimum: Type.Optional(Type.Number({ description: 'for money: yuan with at most two decimals' })),
    maximum: Type.Optional(
      Type.Number({ description: 'for money: yuan with at most two decimals, at most the platform bound of 10,000,000,000,000 yuan (the default)' }),
    ),
    description: Type.Optional(Type.String()),
    role: Type.Optional(literalUnion(PERSON_ROLES, 'for a resident-id field: the role in which the record names the person')),
  },
  { additionalProperties: false },
);
export type FieldDef = Static<typeof FieldSchema>;

export const CatalogueItemSchema = Type.Object(
  {
    code: CodeSchema,
    category: literalUnion(RECORD_CATEGORIES, 'a record category from the fixed enumeration'),
    name: TextSchema,
    description: Type.Optional(Type.String()),
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
    suppliers: Type.Array(CodeSchema, { minItems: 1, description: 'agency kinds allowed to supply this item' }),
    subjectKinds: Type.Array(literalUnion(SUBJECT_KINDS), { minItems: 1, uniqueItems: true }),
    polarity: literalUnion(POLARITIES),
    severity: Type.Optional(literalUnion(['minor', 'general', 'serious'] as const)),
    publicityClass: CodeSchema,
    fields: Type.Array(FieldSchema),
    objectionStanding: Type.Optional(Type.Array(ObjectionStandingSchema, { minItems: 1 })),
  },
  { additionalProperties: false },
);
export type CatalogueItem = Static<typeof CatalogueItemSchema>;

export const CatalogueSchema = Type.Object(
  {
    decisionDisclosure: Type.Object(
      {
        number: literalUnion(DISCLOSURE_LEVELS),
        date: literalUnion(DISCLOSURE_LEVELS),
        authority: literalUnion(DISCLOSURE_LEVELS),
        basis: literalUnion(DISCLOSURE_LEVELS),
      },
      { additionalProperties: false },
    ),
    items: Type.Array(CatalogueItemSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const WINDOW_KINDS = ['fixed', 'until-field', 'indefinite', 'none'] as const;

export const PublicityRuleSchema = Type.Object(
  {
    window: literalUnion(WINDOW_KINDS),
    minimum: Type.Optional(PeriodSchema),
    maximum: Type.Optional(PeriodSchema),
    endField: Type.Optional(Type.String()),
    endInclusive: Type.Optional(
      Type.Boolean({ description: 'the end field names the last public day (有效期至 / 期限至), so publicity ends the day after it' }),
    ),
    repairable: Type.Boolean(),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type PublicityRule = Static<typeof PublicityRuleSchema>;

export const RuleVersionSchema = Type.Object(
  {
    id: CodeSchema,
    title: TextSchema,
    effectiveFrom: IsoDateSchema,
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
    repairDeadlines: Type.Object(
      {
        platformWorkingDays: Type.Integer({ minimum: 1 }),
        decidingAuthorityWorkingDays: Type.Integer({ minimum: 1 }),
        verified: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    objectionDeadlines: Type.Object(
      {
        decidingAuthorityWorkingDays: Type.Integer({ minimum: 1 }),
        verified: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    classes: Type.Record(Type.String(), PublicityRuleSchema),
  },
  { additionalProperties: false },
);
export type RuleVersion = Static<typeof RuleVersionSchema>;

export const PublicitySchema = Type.Object(
  {
    classes: Type.Array(Type.Object({ code: CodeSchema, name: TextSchema, description: Type.Optional(Type.String()) }, { additionalProperties: false }), {
      minItems: 1,
    }),
    ruleVersions: Type.Array(RuleVersionSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type PublicityPolicy = Static<typeof PublicitySchema>;

export const CalendarSchema = Type.Object(
  {
    source: Type.String({ minLength: 1 }),
    weekend: Type.Array(Type.Integer({ minimum: 0, maximum: 6 })),
    years: Type.Array(
      Type.Object(
        {
          year: Type.Integer({ minimum: 1949, maximum: 2200 }),
          source: Type.String({ minLength: 1 }),
          holidays: Type.Array(Type.Object({ name: Type.String(), from: IsoDateSchema, to: IsoDateSchema }, { additionalProperties: false })),
          workingWeekends: Type.Array(IsoDateSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CalendarPolicy = Static<typeof CalendarSchema>;

export const ListDefSchema = Type.Object(
  {
    code: CodeSchema,
    type: literalUnion(LIST_TYPES),
    area: Type.Optional(literalUnion(SERIOUS_LIST_AREAS, 'for a serious list: one of the four areas the law allows')),
    name: TextSchema,
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
    proposers: Type.Array(CodeSchema, { minItems: 1, description: 'agency kinds that may propose, notify and decide' }),
    subjectKinds: Type.Array(literalUnion(SUBJECT_KINDS), { minItems: 1, uniqueItems: true }),
    inclusion: Type.Object(
      {
        description: TextSchema,
        items: Type.Array(CodeSchema, { minItems: 1, description: 'catalogue items whose filing proposes an entry' }),
      },
      { additionalProperties: false },
    ),
    duration: PeriodSchema,
    durationNote: Type.Optional(Type.String()),
    endsOnField: Type.Optional(Type.String({ description: 'a date field of the triggering record naming the last listed day' })),
    extension: Type.Optional(Type.Object({ maximum: PeriodSchema, note: Type.Optional(Type.String()) }, { additionalProperties: false })),
    notice: Type.Object({ required: Type.Boolean(), workingDays: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
    removal: Type.Array(literalUnion(REMOVAL_REASONS), { minItems: 1, uniqueItems: true }),
    removalNote: Type.Optional(Type.String()),
    repairable: Type.Boolean(),
    repairAfter: Type.Optional(PeriodSchema),
    escalation: Type.Optional(Type.Object({ after: PeriodSchema, to: CodeSchema, note: Type.Optional(Type.String()) }, { additionalProperties: false })),
    inForceFromDecision: Type.Optional(
      Type.Object(
        {
          note: Type.String({ minLength: 1 }),
          legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
          effectiveFromField: Type.Optional(
            Type.String({ description: 'a date field of the triggering record stating the day the decision takes effect; else its date' }),
          ),
        },
        {
          additionalProperties: false,
          description:
            'the deciding authority lists by its own procedure, which gives notice (e.g. a court): its filed decision is the listing, in force from the decision, with no notice period of the platform',
        },
      ),
    ),
    objectionStanding: Type.Optional(Type.Array(ObjectionStandingSchema, { minItems: 1 })),
  },
  { additionalProperties: false },
);
export type ListDef = Static<typeof ListDefSchema>;

export const ListsSchema = Type.Object({ lists: Type.Array(ListDefSchema, { minItems: 1 }) }, { additionalProperties: false });

export const ScenarioSchema = Type.Object({ code: CodeSchema, name: TextSchema, description: Type.String({ minLength: 1 }) }, { additionalProperties: false });
export type Scenario = Static<typeof ScenarioSchema>;
export const ScenariosSchema = Type.Object({ scenarios: Type.Array(ScenarioSchema, { minItems: 1 }) }, { additionalProperties: false });

export const ListTriggerSchema = Type.Object({ list: CodeSchema }, { additionalProperties: false });
export const RecordTriggerSchema = Type.Object(
  {
    item: CodeSchema,
    where: Type.Optional(Type.Object({ field: Type.String(), includes: Type.Array(Type.String(), { minItems: 1 }) }, { additionalProperties: false })),
    within: Type.Optional(PeriodSchema),
  },
  { additionalProperties: false },
);
export type ListTrigger = Static<typeof ListTriggerSchema>;
export type RecordTrigger = Static<typeof RecordTriggerSchema>;
export type Trigger = ListTrigger | RecordTrigger;

export const MeasureSchema = Type.Object(
  {
    code: CodeSchema,
    name: TextSchema,
    kind: literalUnion(MEASURE_KINDS),
    effect: literalUnion(MEASURE_EFFECTS),
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
    implementingAuthority: TextSchema,
    triggers: Type.Array(Type.Union([ListTriggerSchema, RecordTriggerSchema]), { minItems: 1 }),
    scenarios: Type.Array(CodeSchema, { minItems: 1, uniqueItems: true }),
    extendsTo: Type.Optional(Type.Array(literalUnion(PERSON_ROLES), { uniqueItems: true })),
    subjectKinds: Type.Optional(Type.Array(literalUnion(SUBJECT_KINDS), { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type MeasureDef = Static<typeof MeasureSchema>;

export const MeasuresSchema = Type.Object(
  {
    conflictResolution: Type.Object(
      {
        order: Type.Array(literalUnion(MEASURE_EFFECTS), { minItems: MEASURE_EFFECTS.length, maxItems: MEASURE_EFFECTS.length, uniqueItems: true }),
        rewardsWithRestrictions: Type.Union([Type.Literal('suppressed'), Type.Literal('shown')]),
        note: Type.String(),
      },
      { additionalProperties: false },
    ),
    measures: Type.Array(MeasureSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type MeasuresPolicy = Static<typeof MeasuresSchema>;

const FactorSourceSchema = Type.Object(
  {
    items: Type.Optional(Type.Array(CodeSchema, { minItems: 1 })),
    lists: Type.Optional(Type.Array(CodeSchema, { minItems: 1 })),
    agencyKinds: Type.Optional(Type.Array(CodeSchema, { minItems: 1 })),
    where: Type.Optional(Type.Object({ field: Type.String(), includes: Type.Array(Type.String(), { minItems: 1 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const FactorSchema = Type.Object(
  {
    code: CodeSchema,
    name: TextSchema,
    source: FactorSourceSchema,
    window: Type.Union([Type.Literal('in-effect'), PeriodSchema], {
      description: 'in-effect: public records and listed entries; a period: decisions that recent',
    }),
    measure: Type.Union([
      Type.Literal('count'),
      Type.Object({ sum: Type.String(), per: Type.Number({ exclusiveMinimum: 0 }) }, { additionalProperties: false }),
    ]),
    points: Type.Number(),
    halfLife: Type.Optional(PeriodSchema),
    cap: Type.Number({ description: 'the most the factor can add (positive) or take away (negative)' }),
  },
  { additionalProperties: false },
);
export type FactorDef = Static<typeof FactorSchema>;

/** What every scorecard states, whichever way its tier comes about. */
const SCORECARD_COMMON = {
  code: CodeSchema,
  version: Type.String({ minLength: 1 }),
  effectiveFrom: IsoDateSchema,
  name: TextSchema,
  legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
  subjectKinds: Type.Array(literalUnion(SUBJECT_KINDS), { minItems: 1, uniqueItems: true }),
  publicTiers: Type.Array(Type.String()),
};

/** A scorecard the platform computes: factors over records and entries, a score, tiers by score. */
export const ComputedScorecardSchema = Type.Object(
  {
    kind: Type.Literal('computed', { description: "the platform computes the tier from the subject's records and list entries by the factors below" }),
    ...SCORECARD_COMMON,
    base: Type.Number(),
    eligibility: Type.Object(
      {
        minAge: PeriodSchema,
        whenIneligible: Type.Union([
          Type.Literal('not-graded'),
          Type.Object({ tier: Type.String(), label: TextSchema, minScore: Type.Optional(Type.Number()) }, { additionalProperties: false }),
        ]),
        note: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    tiers: Type.Array(
      Type.Object({ tier: Type.String({ minLength: 1 }), label: TextSchema, minScore: Type.Optional(Type.Number()) }, { additionalProperties: false }),
      { minItems: 2 },
    ),
    directTiers: Type.Optional(
      Type.Array(
        Type.Object(
          { tier: Type.String(), lists: Type.Array(CodeSchema, { minItems: 1 }), note: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
      ),
    ),
    factors: Type.Array(FactorSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type ComputedScorecardDef = Static<typeof ComputedScorecardSchema>;

/** Where the authority has filed no grade in force: no evaluation. The platform never supplies a grade of its own. */
export const MIRROR_WHEN_NONE = ['no-evaluation'] as const;

/**
 * A scorecard that mirrors an authority's grade (a tax credit grade is the tax authority's
 * decision): the tier is the value of one enum field of the authority's latest record in force
 * of one catalogue item, as filed, and nothing where it filed none. No factors, no score. Of two
 * records decided the same day, the one for the later period (where the item names one), then
 * the one filed later, is the latest.
 */
export const MirroredScorecardSchema = Type.Object(
  {
    kind: Type.Literal('mirrors', { description: "the tier is an authority's grade as it filed it, never computed by the platform" }),
    ...SCORECARD_COMMON,
    mirrors: Type.Object(
      {
        item: CodeSchema,
        field: Type.String({ description: 'an enum field of the item whose values are the tiers' }),
        period: Type.Optional(
          Type.String({
            description:
              "an integer field of the item naming the period the grade is for (an evaluation year): of two grades decided the same day, the later period's is in force, then the later filing",
          }),
        ),
        whenNone: literalUnion(MIRROR_WHEN_NONE, 'where the authority filed no grade in force'),
        note: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    tiers: Type.Array(Type.Object({ tier: Type.String({ minLength: 1 }), label: TextSchema }, { additionalProperties: false }), {
      minItems: 1,
      description: 'one per value of the mirrored field, the tier named by the value',
    }),
  },
  { additionalProperties: false },
);
export type MirroredScorecardDef = Static<typeof MirroredScorecardSchema>;

export const ScorecardSchema = Type.Union([ComputedScorecardSchema, MirroredScorecardSchema]);
export type ScorecardDef = ComputedScorecardDef | MirroredScorecardDef;

export const SupervisionSchema = Type.Object(
  {
    scorecard: CodeSchema,
    legalBasis: Type.Array(LegalBasisSchema, { minItems: 1 }),
    rates: Type.Array(
      Type.Object(
        {
          tier: Type.String(),
          rate: Type.Number({ minimum: 0, maximum: 1 }),
          // A pair [lowest, highest], written as an array of two (a tuple in draft-07 form is not
          // JSON Schema 2020-12, which OpenAPI 3.1 uses).
          range: Type.Unsafe<[number, number]>(Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { minItems: 2, maxItems: 2 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type SupervisionDef = Static<typeof SupervisionSchema>;

export const ScorecardsSchema = Type.Object(
  { scorecards: Type.Array(ScorecardSchema, { minItems: 1 }), supervision: SupervisionSchema },
  { additionalProperties: false },
);

export const AgencyKindsSchema = Type.Object({ agencyKinds: Type.Array(AgencyKindSchema, { minItems: 1 }) }, { additionalProperties: false });

/** Every schema by the file it validates, in the order a pack is loaded. */
export const PACK_FILES: ReadonlyArray<{ file: string; schema: TSchema }> = [
  { file: 'pack.yaml', schema: PackManifestSchema },
  { file: 'agency-kinds.yaml', schema: AgencyKindsSchema },
  { file: 'publicity.yaml', schema: PublicitySchema },
  { file: 'calendar.yaml', schema: CalendarSchema },
  { file: 'catalogue.yaml', schema: CatalogueSchema },
  { file: 'lists.yaml', schema: ListsSchema },
  { file: 'scenarios.yaml', schema: ScenariosSchema },
  { file: 'measures.yaml', schema: MeasuresSchema },
  { file: 'scorecards.yaml', schema: ScorecardsSchema },
];
