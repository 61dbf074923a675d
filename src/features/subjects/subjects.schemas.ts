// Schemas of a subject's public profile, its own full view, its access log and search results.
import { Type } from '@sinclair/typebox';
import { PublicRecord } from '../records/records.schemas.ts';
import { ISO_DATE, DATE_OR_NULL } from '../../http/schemas.ts';

const SUBJECT_SUMMARY = Type.Object({
  code: Type.String({ description: 'the code, or a masked identity number' }),
  kind: Type.String(),
  name: Type.String(),
  divisionCode: Type.Union([Type.String(), Type.Null()]),
  codeFlags: Type.Array(Type.String(), { description: 'e.g. a failing check character the filing agency used' }),
});

export const PublicProfile = Type.Object(
  {
    subject: SUBJECT_SUMMARY,
    asOf: Type.String({ format: 'date-time' }),
    date: Type.String({ format: 'date' }),
    policyVersion: Type.String(),
    records: Type.Array(Type.Ref('PublicRecord')),
    listEntries: Type.Array(Type.Ref('PublicListEntry')),
  },
  { $id: 'PublicProfile' },
);

export const OwnRecord = Type.Object(
  {
    ...PublicRecord.properties,
    decision: Type.Record(Type.String(), Type.String(), { description: 'the decision document in full' }),
    fields: Type.Record(Type.String(), Type.Unknown(), { description: 'every field at every disclosure level; identity numbers masked' }),
    status: Type.String({ description: 'active, or withdrawn (never deleted)' }),
    published: Type.Boolean({ description: 'whether its class is published at all' }),
    publicNow: Type.Boolean({ description: 'shown to the public today' }),
    publicityMinimumEnd: DATE_OR_NULL,
    publicityEndedOn: Type.Union([ISO_DATE, Type.Null()], { description: 'publicity ended early (repair, withdrawal)' }),
    publicityEndReason: Type.Union([Type.String(), Type.Null()]),
    repairable: Type.Boolean(),
  },
  { $id: 'OwnRecord', description: 'a record as its subject sees it' },
);

export const OwnView = Type.Object(
  {
    subject: SUBJECT_SUMMARY,
    date: ISO_DATE,
    records: Type.Array(Type.Ref('OwnRecord')),
    listEntries: Type.Array(Type.Ref('ListEntry')),
    objections: Type.Array(Type.Ref('Objection')),
    repairs: Type.Array(Type.Ref('Repair')),
  },
  { $id: 'OwnView', description: 'everything the platform holds about a subject, for the subject itself and the oversight roles' },
);

export const AccessLog = Type.Object(
  {
    entries: Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        actor: Type.String({ description: 'who looked: subject:public for anyone not logged in' }),
        action: Type.String(),
        detail: Type.Union([Type.String(), Type.Null()]),
      }),
      { description: 'newest first' },
    ),
  },
  { $id: 'AccessLog' },
);

export const SearchResults = Type.Object(
  {
    query: Type.String(),
    results: Type.Array(
      Type.Object({
        code: Type.String(),
        name: Type.String(),
        kind: Type.String(),
        score: Type.Number({ description: 'higher is better, comparable within one answer; 1 is an exact code' }),
        matched: Type.Union(['code', 'code-prefix', 'name', 'pinyin', 'initials'].map((m) => Type.Literal(m))),
      }),
      { description: 'best match first' },
    ),
  },
  { $id: 'SearchResults' },
);

/** The schemas of this feature that others refer to by $id. */
export const SUBJECTS_SCHEMAS = [PublicProfile, OwnRecord, OwnView, AccessLog, SearchResults];
