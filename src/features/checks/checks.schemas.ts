// Schemas of a credit check: the request (one as JSON, or one per NDJSON line), the answer with
// the measures that apply and what triggered each, and the feedback on a check.
import { Type, type Static } from '@sinclair/typebox';
import { SafeText } from '../../domain/safe-text.ts';
import { Text, ISO_DATE } from '../../http/schemas.ts';

/** One check: a subject, a scenario, and optionally a past date or instant. */
export const CheckRequest = Type.Object({
  subject: Type.String(),
  scenario: Type.String(),
  at: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'the instant or day the check is about; absent or null: now' })),
});
export type CheckRequest = Static<typeof CheckRequest>;

/** What the asking agency did with the answer. */
export const CheckFeedback = Type.Object({
  action: Type.Union([Type.Literal('measures-applied'), Type.Literal('measures-not-applied'), Type.Literal('no-action-needed')]),
  measures: Type.Optional(Type.Array(Type.String())),
  note: Type.Optional(SafeText()),
});
export type CheckFeedback = Static<typeof CheckFeedback>;

export const CheckTrigger = Type.Object(
  {
    type: Type.Union([Type.Literal('list-entry'), Type.Literal('record')]),
    id: Type.String({ description: 'the list entry or credit record' }),
    source: Type.String({ description: 'its list or catalogue item' }),
    sourceName: Text,
    legalBasis: Type.Array(Type.Ref('LegalBasis')),
    listedOn: Type.Optional(ISO_DATE),
    until: Type.Optional(Type.Union([ISO_DATE, Type.Null()], { description: 'first day no longer listed (the earlier of expiry and removal)' })),
    decisionNumber: Type.Optional(Type.String()),
    decisionDate: Type.Optional(ISO_DATE),
    agency: Type.Optional(Type.String({ description: 'the agency that filed the record' })),
    disputed: Type.Boolean({ description: 'an objection is open' }),
    underRepair: Type.Boolean({ description: 'a repair application is pending' }),
  },
  { $id: 'CheckTrigger', description: 'what triggered a measure: a list entry (list, listed on, until) or a record (its decision document)' },
);

export const CheckMeasure = Type.Object(
  {
    code: Type.String(),
    name: Text,
    kind: Type.String({ description: 'restriction or reward' }),
    effect: Type.String({ description: 'prohibit, restrict, enhanced-scrutiny, priority or simplified-procedure' }),
    suppressed: Type.Boolean({ description: 'a reward not applied because a restriction applies' }),
    legalBasis: Type.Array(Type.Ref('LegalBasis')),
    implementingAuthority: Text,
    triggers: Type.Array(Type.Ref('CheckTrigger')),
    via: Type.Optional(
      Type.Object(
        { subject: Type.String(), role: Type.String() },
        { description: "for a natural person: the organisation whose listing reaches the person, and the person's role there" },
      ),
    ),
  },
  { $id: 'CheckMeasure' },
);

export const CheckResult = Type.Object(
  {
    checkId: Type.String({ description: 'quote it when reporting feedback' }),
    subject: Type.Object({ code: Type.String({ description: 'the code, or a masked identity number' }), kind: Type.String() }),
    scenario: Type.String(),
    at: Type.String({ format: 'date-time', description: 'the instant the check answers for' }),
    date: ISO_DATE,
    policyVersion: Type.String(),
    outcome: Type.String({ description: 'the strongest effect that applies, or none' }),
    measures: Type.Array(Type.Ref('CheckMeasure')),
  },
  { $id: 'CheckResult' },
);

/** The schemas of this feature that others refer to by $id. */
export const CHECKS_SCHEMAS = [CheckTrigger, CheckMeasure, CheckResult];
