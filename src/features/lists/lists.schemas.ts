// Schemas of list entries, a list's entries on a day, its change feed and the list summaries,
// and of the requests: proposing an entry and each step of its lifecycle.
import { Type, type Static } from '@sinclair/typebox';
import { SafeText } from '../../domain/safe-text.ts';
import { LEDGER_INDEXES, Text, ISO_DATE, DATE_OR_NULL } from '../../http/schemas.ts';
import { REMOVAL_REASONS } from '../../domain/enumerations.ts';

/** A text a step must give: not blank, at most 4,000 characters, safe (no bidirectional controls, invisible characters or ill-formed Unicode). */
const requiredText = (options: { description?: string } = {}) => SafeText({ ...options, pattern: '\\S', maxLength: 4000 });

export const ListParams = Type.Object({ code: Type.String() });
export type ListPath = Static<typeof ListParams>;

export const EntriesQuery = Type.Object({
  date: Type.Optional(Type.String({ format: 'date' })),
  after: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type EntriesRequest = Static<typeof EntriesQuery>;

export const ChangesQuery = Type.Object({
  after: Type.Optional(
    Type.String({ maxLength: 4096, pattern: '^(0|p[A-Za-z0-9_-]*)$', default: '0', description: 'a `next` of an earlier page; 0 for the start' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
export type ChangesRequest = Static<typeof ChangesQuery>;

/** The body of a proposal by an agency. */
export const ProposeEntryBody = Type.Object({ basisRecords: Type.Array(Type.String(), { minItems: 1 }), reasons: requiredText() });
export type ProposeEntry = Static<typeof ProposeEntryBody>;

export const EntryParams = Type.Object({ id: Type.String() });
export type EntryPath = Static<typeof EntryParams>;

export const LIST_STEPS = ['notice', 'statement', 'decision', 'extension', 'removal'] as const;
export type ListStep = (typeof LIST_STEPS)[number];

export const StepParams = Type.Object({ id: Type.String(), step: Type.Union(LIST_STEPS.map((s) => Type.Literal(s))) });
export type StepPath = Static<typeof StepParams>;

/** The body of each lifecycle step, by the step named in the path. */
export const STEP_BODIES = {
  notice: Type.Object({ facts: requiredText({ description: 'notice: the facts, the legal basis and the right to state one’s case' }) }, { title: 'notice' }),
  statement: Type.Object({ statement: requiredText() }, { title: 'statement' }),
  decision: Type.Object({ outcome: Type.Union([Type.Literal('add'), Type.Literal('drop')]), reasons: requiredText() }, { title: 'decision' }),
  extension: Type.Object(
    { until: Type.String({ format: 'date', description: 'YYYY-MM-DD, the new first day off the list' }), reasons: requiredText() },
    { title: 'extension' },
  ),
  removal: Type.Object(
    {
      reason: Type.Union(
        REMOVAL_REASONS.map((r) => Type.Literal(r)),
        { description: "one of the list's removal reasons (repair goes through a repair application)" },
      ),
      reasons: requiredText(),
    },
    { title: 'removal' },
  ),
} satisfies Record<ListStep, unknown>;

/** Any step's body: what the document shows for the one path of every step. */
export const StepBody = Type.Union(LIST_STEPS.map((s) => STEP_BODIES[s]));

/** A step with its body. */
export type StepRequest = { [K in ListStep]: { step: K; body: Static<(typeof STEP_BODIES)[K]> } }[ListStep];

export const PublicListEntry = Type.Object(
  {
    entryId: Type.String(),
    list: Type.String(),
    listName: Text,
    type: Type.String(),
    area: Type.Union([Type.String(), Type.Null()]),
    listedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    until: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'first day no longer listed' }),
    basisRecords: Type.Array(Type.String()),
    decidingAgency: Type.String(),
    legalBasis: Type.Array(Type.Ref('LegalBasis')),
    disputed: Type.Boolean(),
    underRepair: Type.Boolean(),
  },
  { $id: 'PublicListEntry' },
);

export const ListEntry = Type.Object(
  {
    entryId: Type.String(),
    list: Type.String(),
    subjectKey: Type.String({ description: 'the subject: its code, or p:… for a natural person (the keyed hash, never the number)' }),
    state: Type.Union(['proposed', 'notified', 'statement-received', 'in-force', 'dropped', 'removed'].map((s) => Type.Literal(s))),
    decidingAgency: Type.String({ description: 'the agency that decides (and later repairs)' }),
    basisRecords: Type.Array(Type.String(), { description: 'the credit records the entry rests on' }),
    origin: Type.String({ description: 'how it was proposed: by an agency, or by the platform from a filed record' }),
    proposedOn: ISO_DATE,
    requestedUntil: Type.Union([ISO_DATE, Type.Null()], { description: 'the last listed day the triggering record names, if any' }),
    noticeServedOn: DATE_OR_NULL,
    noticeDeadline: Type.Union([ISO_DATE, Type.Null()], { description: "the last day to state one's case" }),
    statementOn: DATE_OR_NULL,
    decidedOn: DATE_OR_NULL,
    listedOn: DATE_OR_NULL,
    until: Type.Union([ISO_DATE, Type.Null()], { description: 'first day no longer listed' }),
    removedOn: DATE_OR_NULL,
    removalReason: Type.Union([Type.String(), Type.Null()]),
    openObjections: Type.Integer(),
    pendingRepair: Type.Union([Type.String(), Type.Null()], { description: 'the pending repair application, if any' }),
    log: Type.Integer({ description: "its subject's ledger log, where firstIndex and lastIndex count" }),
    ...LEDGER_INDEXES,
  },
  { $id: 'ListEntry', description: 'a list entry in full, as its subject, its deciding agency and the oversight roles see it' },
);

/** A list entry as the public sees it, with the subject it names. */
const LISTED_ENTRY = Type.Object({
  ...PublicListEntry.properties,
  subject: Type.Object({ code: Type.String({ description: 'a natural person masked' }), name: Type.String() }),
});

export const ListEntriesPage = Type.Object(
  {
    list: Type.String(),
    date: ISO_DATE,
    entries: Type.Array(LISTED_ENTRY, { description: 'by entry id' }),
    next: Type.Union([Type.String(), Type.Null()], { description: 'pass as `after` for the next page; null when this page is empty' }),
  },
  { $id: 'ListEntriesPage' },
);

const CHANGE_EVENT = {
  log: Type.Integer({ description: "the ledger log of the change's event (its subject's log)" }),
  index: Type.Integer({ description: "the index of the change's event in that log" }),
};

export const ListChanges = Type.Object(
  {
    list: Type.String(),
    after: Type.String({ description: 'the cursor this page starts after' }),
    next: Type.String({ description: 'the cursor for the next page (opaque): after the changes here, or `after` when there are none' }),
    more: Type.Boolean({ description: 'the page is full: there may be more changes after `next`' }),
    changes: Type.Array(
      Type.Union([
        Type.Object(
          {
            ...CHANGE_EVENT,
            entryId: Type.String(),
            status: Type.Literal('listed'),
            entry: LISTED_ENTRY,
          },
          { description: 'an entry in force (new, or changed: extended, disputed, under repair)' },
        ),
        Type.Object(
          {
            ...CHANGE_EVENT,
            entryId: Type.String(),
            status: Type.Literal('ended'),
            endedOn: Type.Union([ISO_DATE, Type.Null()], { description: 'the first day no longer listed' }),
          },
          { description: 'an entry no longer in force (removed or expired): the feed does not repeat whom it named' },
        ),
      ]),
    ),
  },
  { $id: 'ListChanges' },
);

export const ListSummaries = Type.Object(
  {
    lists: Type.Array(
      Type.Object({
        code: Type.String(),
        type: Type.String({ description: 'blacklist, watch list or redlist' }),
        area: Type.Union([Type.String(), Type.Null()]),
        name: Text,
        legalBasis: Type.Array(Type.Ref('LegalBasis')),
        inForce: Type.Integer({ description: 'entries in force today' }),
      }),
    ),
  },
  { $id: 'ListSummaries' },
);

/** The schemas of this feature that others refer to by $id. */
export const LISTS_SCHEMAS = [PublicListEntry, ListEntry, ListEntriesPage, ListChanges, ListSummaries];
