// Schemas of filing and correcting credit records, and of a record as the public and its subject see it.
import { Type, type Static } from '@sinclair/typebox';
import { Text } from '../../http/schemas.ts';

export const Decision = Type.Object(
  {
    number: Type.String({ description: 'decision document number' }),
    date: Type.String({ format: 'date' }),
    authority: Type.String({ description: 'issuing authority' }),
    basis: Type.String({ description: 'the article of law applied' }),
  },
  { description: 'the legally effective decision document the record comes from', additionalProperties: false },
);

export const RecordSubmission = Type.Object(
  {
    item: Type.String({ description: 'catalogue item code, e.g. administrative-penalty-general' }),
    subject: Type.Object(
      {
        code: Type.Optional(Type.String({ description: 'Unified Social Credit Code of an organisation' })),
        idNumber: Type.Optional(Type.String({ description: 'resident identity number of a natural person named by the decision' })),
        name: Type.String(),
      },
      { additionalProperties: false },
    ),
    decision: Decision,
    fields: Type.Record(Type.String(), Type.Unknown(), { description: "the catalogue item's fields" }),
  },
  { $id: 'RecordSubmission', description: 'one record; a batch is NDJSON of these, one per line', additionalProperties: false },
);
export type RecordSubmission = Static<typeof RecordSubmission>;

export const SubmitResult = Type.Object(
  {
    created: Type.Integer(),
    duplicates: Type.Integer(),
    records: Type.Array(
      Type.Object({ line: Type.Integer(), recordId: Type.String(), status: Type.Union([Type.Literal('created'), Type.Literal('duplicate')]) }),
    ),
  },
  { $id: 'SubmitResult' },
);

export const Publicity = Type.Object({
  class: Type.String(),
  ruleVersion: Type.String(),
  start: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  end: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'first day no longer public; null while indefinite' }),
});

export const PublicRecord = Type.Object(
  {
    recordId: Type.String(),
    item: Type.String(),
    itemName: Text,
    category: Type.String(),
    polarity: Type.String(),
    agency: Type.String(),
    version: Type.Integer(),
    decision: Type.Record(Type.String(), Type.String()),
    fields: Type.Record(Type.String(), Type.Unknown()),
    publicity: Publicity,
    legalBasis: Type.Array(Type.Ref('LegalBasis')),
    disputed: Type.Boolean({ description: 'an objection to the record is open' }),
    underRepair: Type.Boolean({ description: 'a repair application is pending' }),
  },
  { $id: 'PublicRecord' },
);

export const FullRecord = Type.Object(
  {
    recordId: Type.String(),
    subjectKey: Type.String(),
    item: Type.String(),
    category: Type.String(),
    polarity: Type.String(),
    agencyCode: Type.String(),
    decision: Decision,
    fields: Type.Record(Type.String(), Type.Unknown()),
    version: Type.Integer(),
    status: Type.String(),
    publicityClass: Type.String(),
    ruleVersion: Type.String(),
    published: Type.Boolean(),
    publicityStart: Type.Union([Type.String(), Type.Null()]),
    publicityMinimumEnd: Type.Union([Type.String(), Type.Null()]),
    publicityEnd: Type.Union([Type.String(), Type.Null()]),
    repairable: Type.Boolean(),
    policyVersion: Type.String(),
    filedIndex: Type.Integer({ description: "the index of its filing event in its subject's ledger log" }),
    lastIndex: Type.Integer({ description: "the index of the event that last changed it, in its subject's ledger log" }),
  },
  { $id: 'FullRecord', additionalProperties: true },
);

export const Correction = Type.Object(
  {
    reason: Type.String({ minLength: 1 }),
    decision: Type.Optional(Decision),
    fields: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'fields to change; null removes an optional field' })),
  },
  { $id: 'Correction', additionalProperties: false },
);
export type Correction = Static<typeof Correction>;

/** The schemas of this feature that others refer to by $id. */
export const RECORDS_SCHEMAS = [RecordSubmission, SubmitResult, PublicRecord, FullRecord, Correction];
