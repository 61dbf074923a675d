// The events of the ledger. Every change to the platform's state is one of these; projections
// and as-of reads are functions of the sequence of events, nothing else.
import type { DecisionDocument, FieldValue, SubjectRef } from '../domain/records.ts';
import type { PublicityWindow } from '../domain/publicity.ts';
import type { Actor } from '../kernel/principal.ts';


export interface PolicyPublishedData {
  pack: string;
  version: string;
  digest: string;
  effectiveFrom: string;
}

export interface AgencyRegisteredData {
  code: string;
  name: string;
  kind: string;
  items: string[];
}

/** A natural person the record names in a role (by keyed hash), e.g. the legal representative. */
export interface PersonInRole {
  hash: string;
  role: string;
}

export interface RecordFiledData {
  recordId: string;
  persons?: PersonInRole[];
  item: string;
  category: string;
  polarity: string;
  agency: string;
  subject: SubjectRef;
  decision: DecisionDocument;
  fields: Record<string, FieldValue>;
  window: PublicityWindow;
  policyVersion: string;
}

export interface RecordCorrectedData {
  recordId: string;
  persons?: PersonInRole[];
  version: number;
  reason: string;
  decision: DecisionDocument;
  fields: Record<string, FieldValue>;
  window: PublicityWindow;
  policyVersion: string;
}

export interface RecordWithdrawnData {
  recordId: string;
  reason: string;
  /** Why, in the platform's terms: an objection decided so, or the filing agency's own act. */
  cause: 'objection' | 'agency';
  withdrawnOn: string;
}

export interface RecordPublicityEndedData {
  recordId: string;
  reason: 'expiry' | 'repair';
  endedOn: string;
  repairId?: string;
}

export interface ListProposedData {
  entryId: string;
  list: string;
  decidingAgency: string;
  basisRecords: string[];
  /** inclusion: a filed record met the list's rule; escalation: time on another list; agency: proposed by hand. */
  origin: 'inclusion' | 'escalation' | 'agency';
  proposedOn: string;
  reasons: string;
  requestedUntil: string | null;
}

export interface ListNotifiedData {
  entryId: string;
  facts: string;
  servedOn: string;
  deadline: string;
}

export interface ListStatementData {
  entryId: string;
  statement: string;
  receivedOn: string;
}

export interface ListDecidedData {
  entryId: string;
  outcome: 'add' | 'drop';
  reasons: string;
  decidedOn: string;
  listedOn: string | null;
  until: string | null;
  /**
   * The last listed day the deciding authority's decision names, where the listing is that
   * decision (a list that takes decisions as filed): its record, corrected, may name another.
   */
  requestedUntil?: string | null;
}

export interface ListExtendedData {
  entryId: string;
  until: string;
  reasons: string;
}

export interface ListRemovedData {
  entryId: string;
  reason: string;
  reasons: string;
  removedOn: string;
  repairId?: string;
}

export interface ObjectionFiledData {
  objectionId: string;
  target: { id: string; type: 'record' | 'list-entry' };
  reasons: string;
  evidence: string[];
  filedOn: string;
  deadline: string;
  /** The agency that must decide: the record's supplier or the list entry's deciding agency. */
  decidingAgency: string;
}

export interface ObjectionDecidedData {
  objectionId: string;
  outcome: 'maintained' | 'corrected' | 'withdrawn';
  reasons: string;
  decidedOn: string;
}

export interface RepairAppliedData {
  repairId: string;
  target: { id: string; type: 'record' | 'list-entry' };
  evidence: string[];
  commitment: { signatory: string; text: string };
  appliedOn: string;
  decideBy: string;
  decidingAgency: string;
}

export interface RepairDecidedData {
  repairId: string;
  outcome: 'approved' | 'refused';
  reasons: string;
  decidedOn: string;
}

export interface EvaluationOverriddenData {
  scorecard: string;
  tier: string;
  reason: string;
}

export interface EvaluationOverrideLiftedData {
  scorecard: string;
  reason: string;
}

/** The store was converted from the single hash chain of an earlier release: its length and head hash, checked before. */
export interface LedgerUpgradedData {
  chain: { events: number; head: string };
  /**
   * How many of each log's first events came from the chain (log 0 first). Releases before
   * 2026-12-01 could record an event at an instant before the one ahead of it in the chain; the
   * audit holds those events to their bytes, not to the rule that instants never decrease.
   */
  logs?: number[];
}

export interface InspectionDrawnData {
  drawId: string;
  scorecard: string;
  version: string;
  seed: string;
  date: string;
  divisionPrefix: string | null;
  /** The inspectors and their declared conflicts, so the assignment can be recomputed too. */
  inspectors: Array<{ conflicts?: string[]; excludedDivisions?: string[]; id: string }>;
  rates: Record<string, number>;
  populationDigest: string;
  populationSize: number;
  selected: Array<{ inspector: string | null; subject: string; tier: string }>;
}

/**
 * A furnisher's batch of credit accounts and statements (financial credit reporting): one event
 * for the whole batch, committing to its lines by the Merkle root (RFC 9162 hashing) over their
 * canonical bytes; the lines are stored beside the ledger, in the furnishing tables.
 */
export interface FurnishingBatchData {
  batchId: string;
  furnisher: string;
  /** The reporting month, YYYY-MM. */
  month: string;
  /** The furnisher's batch sequence: the version of every line the batch holds. */
  seq: number;
  lines: number;
  counts: { account: number; consent: number; notice: number; statement: number };
  /** The root of the batch's tree, base64. */
  root: string;
  policyVersion: string;
}

/** A subject objects to an account, or one month of an account, a furnisher furnished (Regulation art. 25). */
export interface CreditObjectionFiledData {
  objectionId: string;
  furnisher: string;
  account: string;
  /** YYYY-MM, or null for the account as a whole. */
  month: string | null;
  reason: string;
  filedOn: string;
  /** The last day of the furnisher's 20 days. */
  dueOn: string;
}

/** The furnisher answers an objection; a correction is a new furnished version, in the batch cited. */
export interface CreditObjectionAnsweredData {
  objectionId: string;
  outcome: 'upheld-corrected' | 'rejected';
  explanation: string;
  answeredOn: string;
  late: boolean;
  correctionBatch: string | null;
}

/** An objection unanswered past its due day escalates to the regulator (the scheduler, dated the day after the due day). */
export interface CreditObjectionEscalatedData {
  objectionId: string;
  dueOn: string;
  escalatedOn: string;
}

/** The subject adds or replaces its personal statement (本人声明) on its credit report. */
export interface CreditStatementMadeData {
  version: number;
  text: string;
  madeOn: string;
}

/** The subject obtains its own credit report (art. 17): its place in the calendar year and the fee charged (0 when free). */
export interface CreditOwnQueryData {
  period: number;
  ordinal: number;
  servedOn: string;
  feeYuan: number;
}

/** A subject's written authorisation to a lender to inquire into its credit (Regulation art. 18), on the subject's log. */
export interface CreditConsentRecordedData {
  lender: string;
  reference: string;
  purposes: string[];
  signedOn: string;
  expiresOn: string;
}

/** The subject withdrew a written authorisation to inquire, as its lender records it. */
export interface CreditConsentWithdrawnData {
  lender: string;
  reference: string;
  withdrawnOn: string;
}

/**
 * A lender's inquiry into a subject's credit, answered (Regulation arts. 18, 20): written before
 * the report is returned. It rests on the cited authorisation, or for post-loan management on an
 * account of the subject the lender holds open.
 */
export interface CreditInquiryData {
  inquiryId: string;
  lender: string;
  purpose: string;
  consent: string | null;
  openAccount: string | null;
}

export interface EventDataByType {
  'policy.published': PolicyPublishedData;
  'agency.registered': AgencyRegisteredData;
  'record.filed': RecordFiledData;
  'record.corrected': RecordCorrectedData;
  'record.withdrawn': RecordWithdrawnData;
  'record.publicity-ended': RecordPublicityEndedData;
  'list.proposed': ListProposedData;
  'list.notified': ListNotifiedData;
  'list.statement-received': ListStatementData;
  'list.decided': ListDecidedData;
  'list.extended': ListExtendedData;
  'list.removed': ListRemovedData;
  'objection.filed': ObjectionFiledData;
  'objection.decided': ObjectionDecidedData;
  'repair.applied': RepairAppliedData;
  'repair.decided': RepairDecidedData;
  'evaluation.overridden': EvaluationOverriddenData;
  'evaluation.override-lifted': EvaluationOverrideLiftedData;
  'inspection.drawn': InspectionDrawnData;
  'ledger.upgraded': LedgerUpgradedData;
  'furnishing.batch': FurnishingBatchData;
  'credit-objection.filed': CreditObjectionFiledData;
  'credit-objection.answered': CreditObjectionAnsweredData;
  'credit-objection.escalated': CreditObjectionEscalatedData;
  'credit-statement.made': CreditStatementMadeData;
  'credit-report.own-query': CreditOwnQueryData;
  'credit.consent-recorded': CreditConsentRecordedData;
  'credit.consent-withdrawn': CreditConsentWithdrawnData;
  'credit.inquiry': CreditInquiryData;
}

export type EventType = keyof EventDataByType;

/** An event before it is appended: the ledger assigns its log, its index there and its time. */
export type NewEvent = {
  [T in EventType]: {
    type: T;
    subject: string | null;
    data: EventDataByType[T];
    /** canonicalJson(data), when the caller has it already (computed outside the ledger lock). */
    dataJson?: string;
    /** The actor of this event, when one append carries several actors' events. */
    actor?: Actor;
  };
}[EventType];

/**
 * An event as stored: its log and its index there (its leaf in that log's tree), and the fields
 * whose canonical JSON is the leaf (actor, at, data, subject, type).
 */
export type LedgerEvent = {
  [T in EventType]: { log: number; index: number; type: T; at: string; actor: Actor; subject: string | null; data: EventDataByType[T] };
}[EventType];
