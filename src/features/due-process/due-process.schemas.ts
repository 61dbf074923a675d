// Schemas of objections, repair applications, an agency's queue and the escalations, and of the
// requests that file and decide objections and repairs.
import { Type, type Static } from '@sinclair/typebox';
import { SafeText } from '../../domain/safe-text.ts';
import { LEDGER_INDEXES, ISO_DATE, DATE_OR_NULL } from '../../http/schemas.ts';
import { Decision } from '../records/records.schemas.ts';

const TARGET_TYPE = Type.Union([Type.Literal('record'), Type.Literal('list-entry')]);

/** A record or a list entry, the target of an objection or a repair. */
const TARGET = Type.Object({ type: TARGET_TYPE, id: Type.String({ minLength: 1 }) });

/** Reasons a step must give: not blank, and safe text (no bidirectional controls, invisible characters or ill-formed Unicode). */
const REASONS = SafeText({ pattern: '\\S' });

export const IdParams = Type.Object({ id: Type.String() });
export type IdPath = Static<typeof IdParams>;

/** The body of an objection. */
export const FileObjectionBody = Type.Object({
  target: TARGET,
  reasons: REASONS,
  evidence: Type.Optional(Type.Array(SafeText({ maxLength: 2000 }))),
});
export type FileObjection = Static<typeof FileObjectionBody>;

/** The body of an objection's decision. */
export const DecideObjectionBody = Type.Object({
  outcome: Type.Union([Type.Literal('maintained'), Type.Literal('corrected'), Type.Literal('withdrawn')]),
  reasons: REASONS,
  correction: Type.Optional(
    Type.Object(
      {
        decision: Type.Optional(Decision),
        fields: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'fields to change; null removes an optional field' })),
      },
      { description: "the filing agency's corrected version of the record, when the objection is upheld" },
    ),
  ),
});
export type DecideObjection = Static<typeof DecideObjectionBody>;

/** Which target's repair eligibility is asked. */
export const EligibilityQuery = Type.Object({ type: TARGET_TYPE, id: Type.String({ minLength: 1 }) });
export type EligibilityRequest = Static<typeof EligibilityQuery>;

/** The body of a repair application. */
export const ApplyRepairBody = Type.Object({
  target: TARGET,
  evidence: Type.Array(SafeText()),
  commitment: Type.Object({ text: SafeText(), signatory: SafeText() }),
});
export type ApplyRepair = Static<typeof ApplyRepairBody>;

/** The body of a repair application's decision. */
export const DecideRepairBody = Type.Object({ outcome: Type.Union([Type.Literal('approved'), Type.Literal('refused')]), reasons: REASONS });
export type DecideRepair = Static<typeof DecideRepairBody>;

export const Objection = Type.Object(
  {
    objectionId: Type.String(),
    subjectKey: Type.String(),
    targetType: TARGET_TYPE,
    targetId: Type.String(),
    state: Type.Union(['open', 'maintained', 'corrected', 'withdrawn'].map((s) => Type.Literal(s))),
    filedOn: ISO_DATE,
    filedBy: Type.String({ description: 'who objected: the subject or an agency' }),
    decidingAgency: Type.String(),
    deadline: Type.String({ format: 'date', description: 'the last working day to decide' }),
    decidedOn: DATE_OR_NULL,
    outcome: Type.Union([Type.Literal('maintained'), Type.Literal('corrected'), Type.Literal('withdrawn'), Type.Null()]),
    ...LEDGER_INDEXES,
    overdue: Type.Boolean({ description: 'open after its deadline (escalated to the oversight roles)' }),
  },
  { $id: 'Objection' },
);

export const Repair = Type.Object(
  {
    repairId: Type.String(),
    subjectKey: Type.String(),
    targetType: TARGET_TYPE,
    targetId: Type.String(),
    state: Type.Union(['pending', 'approved', 'refused'].map((s) => Type.Literal(s))),
    appliedOn: ISO_DATE,
    decideBy: Type.String({ format: 'date', description: 'the last working day to decide' }),
    decidingAgency: Type.String(),
    decidedOn: DATE_OR_NULL,
    ...LEDGER_INDEXES,
    overdue: Type.Boolean({ description: 'pending after its deadline (escalated to the oversight roles)' }),
  },
  { $id: 'Repair', description: 'a credit repair application' },
);

const QUEUED_ENTRY = Type.Object({
  entryId: Type.String(),
  list: Type.String(),
  subjectKey: Type.String(),
  state: Type.String(),
  noticeDeadline: DATE_OR_NULL,
  proposedOn: ISO_DATE,
});

export const AgencyQueue = Type.Object(
  {
    date: ISO_DATE,
    toNotify: Type.Array(QUEUED_ENTRY, { description: 'proposals to notify' }),
    awaitingStatement: Type.Array(QUEUED_ENTRY, { description: "notified, the subject's period to state its case running" }),
    readyToDecide: Type.Array(QUEUED_ENTRY, { description: 'a statement received, or the notice period over' }),
    objections: Type.Array(Type.Ref('Objection')),
    repairs: Type.Array(Type.Ref('Repair')),
  },
  { $id: 'AgencyQueue' },
);

export const Escalations = Type.Object({ objections: Type.Array(Type.Ref('Objection')), repairs: Type.Array(Type.Ref('Repair')) }, { $id: 'Escalations' });

export const RepairEligibility = Type.Object(
  {
    ok: Type.Boolean({ description: 'an application would be accepted now' }),
    code: Type.Optional(Type.String({ description: 'why not, as a stable code' })),
    message: Type.Optional(Type.String()),
    possibleFrom: Type.Optional(Type.Union([ISO_DATE, Type.Null()], { description: 'the first day an application is possible' })),
  },
  { $id: 'RepairEligibility' },
);

/** The schemas of this feature that others refer to by $id. */
export const DUE_PROCESS_SCHEMAS = [Objection, Repair, AgencyQueue, Escalations, RepairEligibility];
