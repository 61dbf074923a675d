// Schemas of a subject's public profile, its own full view, its access log and search results,
// and of the requests for them.
import { Type, type Static } from '@sinclair/typebox';
import { PublicRecord } from '../records/records.schemas.ts';
import { ISO_DATE, DATE_OR_NULL } from '../../http/schemas.ts';
import { SUBJECT_KINDS } from '../../domain/enumerations.ts';

/** The path of a subject's resources: its code (or a resident identity number). */
export const SubjectParams = Type.Object({ code: Type.String() });
export type SubjectPath = Static<typeof SubjectParams>;

export const ProfileParams = Type.Object({ code: Type.String({ description: 'Unified Social Credit Code' }) });
export const ProfileQuery = Type.Object({ asOf: Type.Optional(Type.String({ description: 'YYYY-MM-DD or an ISO 8601 instant' })) });
export type ProfileRequest = { Params: Static<typeof ProfileParams>; Querystring: Static<typeof ProfileQuery> };

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200, description: 'what to look for, e.g. 华为, huawei, hw, 914403001922038216 or 91440300' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  kind: Type.Optional(Type.Array(Type.Union(SUBJECT_KINDS.map((k) => Type.Literal(k))), { description: 'only these kinds of subject' })),
});
export type SearchRequest = Static<typeof SearchQuery>;

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
