// The events of the ledger. Every change to the platform's state is one of these; projections
// and as-of reads are functions of the sequence of events, nothing else.
import type { DecisionDocument, FieldValue, SubjectRef } from '../domain/records.ts';
import type { PublicityWindow } from '../domain/publicity.ts';

export interface Actor {
  type: 'agency' | 'administrator' | 'system' | 'subject' | 'auditor';
  id: string;
}

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

export interface RecordFiledData {
  recordId: string;
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
  version: number;
  reason: string;
  decision: DecisionDocument;
  fields: Record<string, FieldValue>;
  window: PublicityWindow;
  policyVersion: string;
}

export interface EventDataByType {
  'policy.published': PolicyPublishedData;
  'agency.registered': AgencyRegisteredData;
  'record.filed': RecordFiledData;
  'record.corrected': RecordCorrectedData;
}

export type EventType = keyof EventDataByType;

/** An event before it is appended: the ledger assigns seq, time and hashes. */
export type NewEvent = {
  [T in EventType]: {
    type: T;
    subject: string | null;
    data: EventDataByType[T];
    /** canonicalJson(data), when the caller has it already (computed outside the ledger lock). */
    dataJson?: string;
  };
}[EventType];

/** An event as stored: the payload below is exactly what was hashed. */
export type LedgerEvent = {
  [T in EventType]: { seq: number; type: T; at: string; actor: Actor; subject: string | null; data: EventDataByType[T] };
}[EventType];

export interface StoredEvent {
  event: LedgerEvent;
  hash: string;
  prevHash: string;
}
