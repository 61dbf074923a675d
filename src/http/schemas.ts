// Request and response schemas of the HTTP API, defined once with TypeBox: Fastify validates
// requests with them and the OpenAPI document is generated from them.
import { Type } from '@sinclair/typebox';

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'stable URI of the error kind, e.g. /problems/validation-failed' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errorCount: Type.Optional(Type.Integer()),
    errors: Type.Optional(
      Type.Array(Type.Object({ line: Type.Optional(Type.Integer()), field: Type.String(), message: Type.String() }, { additionalProperties: true })),
    ),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** An operation that needs credentials (an agency API key or a session token, as a bearer token). */
export const SECURED = [{ apiKey: [] }];

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: 'Problem details (application/problem+json)', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } },
    ]),
  );

export const Text = Type.Object({ zh: Type.String(), en: Type.String() });

export const LegalBasis = Type.Object(
  {
    instrument: Text,
    articles: Type.Optional(Type.String()),
    issuer: Type.Optional(Type.String()),
    reference: Type.Optional(Type.String()),
    note: Type.Optional(Type.String()),
  },
  { $id: 'LegalBasis' },
);

export const Decision = Type.Object(
  {
    number: Type.String({ description: 'decision document number' }),
    date: Type.String({ format: 'date' }),
    authority: Type.String({ description: 'issuing authority' }),
    basis: Type.String({ description: 'the article of law applied' }),
  },
  { description: 'the legally effective decision document the record comes from' },
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
  { $id: 'RecordSubmission', description: 'one record; a batch is NDJSON of these, one per line' },
);

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
    filedSeq: Type.Integer(),
    lastSeq: Type.Integer(),
  },
  { $id: 'FullRecord', additionalProperties: true },
);

export const Correction = Type.Object(
  {
    reason: Type.String({ minLength: 1 }),
    decision: Type.Optional(Decision),
    fields: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'fields to change; null removes an optional field' })),
  },
  { $id: 'Correction' },
);

const ISO_DATE = Type.String({ format: 'date' });

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

const DATE_OR_NULL = Type.Union([ISO_DATE, Type.Null()]);
const LEDGER_SEQS = {
  firstSeq: Type.Integer({ description: 'the ledger event that began it' }),
  lastSeq: Type.Integer({ description: 'the ledger event that last changed it (for a list entry, also a rename of its subject)' }),
};

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
    ...LEDGER_SEQS,
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

const CHANGE_SEQ = Type.Integer({ description: 'the ledger sequence number of the change: pass the last one as `after` to read on' });

export const ListChanges = Type.Object(
  {
    list: Type.String(),
    after: Type.Integer({ description: 'the cursor this page starts after' }),
    next: Type.Integer({ description: 'the cursor for the next page: the last change here, or `after` when there is none' }),
    more: Type.Boolean({ description: 'the page is full: there may be more changes after `next`' }),
    changes: Type.Array(
      Type.Union([
        Type.Object(
          {
            seq: CHANGE_SEQ,
            entryId: Type.String(),
            status: Type.Literal('listed'),
            entry: LISTED_ENTRY,
          },
          { description: 'an entry in force (new, or changed: extended, disputed, under repair)' },
        ),
        Type.Object(
          {
            seq: CHANGE_SEQ,
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

const TARGET_TYPE = Type.Union([Type.Literal('record'), Type.Literal('list-entry')]);

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
    ...LEDGER_SEQS,
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
    ...LEDGER_SEQS,
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

const TEXT_OR_NULL = Type.Union([Text, Type.Null()]);

export const Evaluation = Type.Object(
  {
    scorecard: Type.String(),
    name: Type.Optional(Text),
    version: Type.String({ description: 'the scorecard version that computed it' }),
    date: ISO_DATE,
    subjectKey: Type.String(),
    eligible: Type.Boolean(),
    score: Type.Union([Type.Number(), Type.Null()]),
    tier: Type.Union([Type.String(), Type.Null()], { description: 'as computed' }),
    tierLabel: TEXT_OR_NULL,
    tierReason: Type.Union([Type.String(), Type.Null()], { description: 'the rule that decided the tier, when the score did not' }),
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
    tierLabel: TEXT_OR_NULL,
    published: Type.Boolean(),
    overridden: Type.Boolean(),
  },
  { $id: 'PublicEvaluation', description: 'what the public sees: the tier where published, never the score or factors' },
);

export const Evaluations = Type.Object(
  { subject: Type.String(), evaluations: Type.Array(Type.Union([Type.Ref('Evaluation'), Type.Ref('PublicEvaluation')])) },
  { $id: 'Evaluations' },
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

export const Session = Type.Object(
  {
    token: Type.String({ description: 'send as Authorization: Bearer <token>' }),
    expiresAt: Type.String({ format: 'date-time' }),
    role: Type.Union(['subject', 'administrator', 'auditor'].map((r) => Type.Literal(r))),
    subject: Type.Union([Type.String(), Type.Null()], { description: "a subject account's subject key" }),
  },
  { $id: 'Session' },
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

export const RepairEligibility = Type.Object(
  {
    ok: Type.Boolean({ description: 'an application would be accepted now' }),
    code: Type.Optional(Type.String({ description: 'why not, as a stable code' })),
    message: Type.Optional(Type.String()),
    possibleFrom: Type.Optional(Type.Union([ISO_DATE, Type.Null()], { description: 'the first day an application is possible' })),
  },
  { $id: 'RepairEligibility' },
);

const REPORT_SCOPE = Type.Union([Type.Literal('public'), Type.Literal('full')]);
const REPORT_LANG = Type.Union([Type.Literal('zh'), Type.Literal('en')]);

const REPORT_LINKS = {
  verifyUrl: Type.String(),
  jsonUrl: Type.String(),
  htmlUrl: Type.String(),
  pdfUrl: Type.String(),
  portalVerifyUrl: Type.String(),
};

export const ReportIssued = Type.Object(
  {
    code: Type.String({ description: 'the verification code, XY-ABCD-EFGH-JKLM' }),
    scope: REPORT_SCOPE,
    lang: REPORT_LANG,
    issuedAt: Type.String({ format: 'date-time' }),
    asOf: Type.String({ format: 'date-time', description: 'the instant the report describes' }),
    digest: Type.String({ description: 'SHA-256 of the signed canonical JSON, hex' }),
    keyId: Type.String({ description: 'the signing key' }),
    ...REPORT_LINKS,
  },
  { $id: 'ReportIssued' },
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

export const ReportVerification = Type.Union(
  [
    Type.Object({
      valid: Type.Literal(true),
      code: Type.String(),
      subject: Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() }),
      scope: REPORT_SCOPE,
      lang: REPORT_LANG,
      issuedAt: Type.String({ format: 'date-time' }),
      asOf: Type.String({ format: 'date-time' }),
      date: ISO_DATE,
      policyVersion: Type.String(),
      digest: Type.String(),
      keyId: Type.String(),
      publicKeyFingerprint: Type.String(),
    }),
    Type.Object({
      valid: Type.Literal(false),
      code: Type.String(),
      reason: Type.Union(['unknown-code', 'tampered', 'bad-signature'].map((r) => Type.Literal(r))),
      detail: Type.String(),
    }),
  ],
  { $id: 'ReportVerification' },
);

const SIGNING_KEY = {
  keyId: Type.String(),
  fingerprint: Type.String({ description: 'SHA-256 of the SubjectPublicKeyInfo DER, hex' }),
  publicKeyPem: Type.String(),
};

export const ReportPublicKey = Type.Object(
  {
    algorithm: Type.Literal('Ed25519'),
    ...SIGNING_KEY,
    signed: Type.String({ description: 'what exactly is signed' }),
    retired: Type.Array(
      Type.Object({
        ...SIGNING_KEY,
        retiredAt: Type.String({ format: 'date-time', description: 'reports signed by it after this instant do not verify' }),
        compromised: Type.Boolean({ description: 'a compromised key verifies nothing' }),
      }),
    ),
  },
  { $id: 'ReportPublicKey' },
);

export const StoredReport = Type.Object(
  {
    code: Type.String(),
    scope: REPORT_SCOPE,
    lang: REPORT_LANG,
    issuedAt: Type.String({ format: 'date-time' }),
    asOf: Type.String({ format: 'date-time' }),
    digest: Type.String(),
    signature: Type.String({ description: 'Ed25519 over the canonical JSON of content, base64' }),
    keyId: Type.String(),
    ...REPORT_LINKS,
    content: Type.Object(
      {},
      {
        additionalProperties: true,
        description:
          'the signed content: format, code, scope, lang, generatedAt, asOf, date, timeZone, policyVersion, issuer, verification, subject, records, listEntries, evaluations, marks, legalBases',
      },
    ),
  },
  { $id: 'StoredReport' },
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
        recordedAt: Type.String({ format: 'date-time', description: 'when the platform recorded it' }),
        ended: Type.Boolean({ description: 'the scorecard stopped producing a result for the subject from here on' }),
      }),
      { description: 'newest first: each change in what an evaluation decided, and each end' },
    ),
  },
  { $id: 'EvaluationHistory' },
);

/** A 200 (or 201) JSON answer of a shared schema, beside the problems the route may answer. */
export const answers = (status: 200 | 201, ref: string, ...problems: number[]) => ({
  [status]: { description: ref, content: { 'application/json': { schema: Type.Ref(ref) } } },
  ...problemResponses(...problems),
});

export const SHARED_SCHEMAS = [
  Problem,
  LegalBasis,
  RecordSubmission,
  SubmitResult,
  PublicRecord,
  PublicListEntry,
  ListChanges,
  ListEntriesPage,
  OwnRecord,
  OwnView,
  AccessLog,
  Session,
  SearchResults,
  ListSummaries,
  RepairEligibility,
  ReportIssued,
  EvaluationHistory,
  Draw,
  DrawVerification,
  ReportVerification,
  ReportPublicKey,
  StoredReport,
  PublicProfile,
  FullRecord,
  Correction,
  CheckTrigger,
  CheckMeasure,
  CheckResult,
  ListEntry,
  Objection,
  Repair,
  AgencyQueue,
  Escalations,
  Evaluation,
  PublicEvaluation,
  Evaluations,
];
