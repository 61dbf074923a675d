// The pure reducer: events in, rows out. It serves incremental projection (over rows loaded from
// the tables), a full rebuild, and as-of reads (replaying one subject's events in memory), so
// the three cannot disagree. Events are facts already checked by the services; the reducer only
// records their consequences.
import type { LedgerEvent, RecordCorrectedData, RecordFiledData } from '../events.ts';
import type { ListEntryRow, ObjectionRow, OverrideRow, PersonRoleRow, RecordRow, RepairRow, SubjectRow } from './rows.ts';
import { attributesOf } from './attributes.ts';
import { NOT_YET_DECIDED } from '../../domain/lists.ts';
import { assertNever } from '../../domain/assert-never.ts';

/** The catalogue item that registers an organisation (its name, its registration day). */
export const REGISTRATION_ITEM = 'registration-basics';

export interface ProjectionState {
  /**
   * Subjects the run files records about: stored ones (loaded first, see `storedSubjects`) and
   * new ones. `renamedAt` is the last event of the run that gave the subject a different name.
   */
  subjects: Map<string, { row: SubjectRow; renamedAt?: number }>;
  /** Keys of the subjects in `subjects` that were stored before the run (updated, not inserted). */
  storedSubjects: Set<string>;
  records: Map<string, RecordRow>;
  entries: Map<string, ListEntryRow>;
  objections: Map<string, ObjectionRow>;
  repairs: Map<string, RepairRow>;
  /** Persons in roles, by record id and role. Rows from corrections are upserted. */
  roles: Map<string, PersonRoleRow>;
  roleUpserts: Set<string>;
  /** Tier overrides by subject and scorecard; always upserted. */
  overrides: Map<string, OverrideRow>;
  /** Ids of rows that existed before this run (updated rather than inserted). */
  preexisting: Set<string>;
  /** Ids of rows changed by this run. */
  touched: Set<string>;
}

export function emptyState(): ProjectionState {
  return {
    subjects: new Map(),
    storedSubjects: new Set(),
    records: new Map(),
    entries: new Map(),
    objections: new Map(),
    repairs: new Map(),
    roles: new Map(),
    roleUpserts: new Set(),
    overrides: new Map(),
    preexisting: new Set(),
    touched: new Set(),
  };
}

/** The rows a run of events changes without creating them, by table: these are loaded first. */
export interface Needed {
  /** Records by id, with their subject's key where the events say it (the shard that holds them on Citus). */
  records: Map<string, string | null>;
  entries: string[];
  objections: string[];
  repairs: string[];
}

export function rowsNeeded(events: readonly LedgerEvent[], state: ProjectionState): Needed {
  const created = new Set<string>();
  const records = new Map<string, string | null>();
  const need = { entries: new Set<string>(), objections: new Set<string>(), repairs: new Set<string>() };
  const want = (set: Set<string>, id: string, have: Map<string, unknown>) => {
    if (!created.has(id) && !have.has(id)) set.add(id);
  };
  // A record's events and those about it (an objection, a repair) are its subject's: their subject is the record's.
  const wantRecord = (id: string, subjectKey: string | null) => {
    if (!created.has(id) && !state.records.has(id) && !records.get(id)) records.set(id, subjectKey);
  };
  const target = (t: { type: 'record' | 'list-entry'; id: string }, subjectKey: string | null) =>
    t.type === 'record' ? wantRecord(t.id, subjectKey) : want(need.entries, t.id, state.entries);
  for (const e of events) {
    switch (e.type) {
      case 'record.filed':
        created.add(e.data.recordId);
        break;
      case 'record.corrected':
      case 'record.withdrawn':
      case 'record.publicity-ended':
        wantRecord(e.data.recordId, e.subject);
        break;
      case 'list.proposed':
        created.add(e.data.entryId);
        break;
      case 'list.notified':
      case 'list.statement-received':
      case 'list.decided':
      case 'list.extended':
      case 'list.removed':
        want(need.entries, e.data.entryId, state.entries);
        break;
      case 'objection.filed':
        created.add(e.data.objectionId);
        target(e.data.target, e.subject);
        break;
      case 'objection.decided':
        want(need.objections, e.data.objectionId, state.objections);
        break;
      case 'repair.applied':
        created.add(e.data.repairId);
        target(e.data.target, e.subject);
        break;
      case 'repair.decided':
        want(need.repairs, e.data.repairId, state.repairs);
        break;
      case 'evaluation.overridden':
      case 'evaluation.override-lifted':
      case 'policy.published':
      case 'agency.registered':
      case 'inspection.drawn':
      case 'ledger.upgraded':
      case 'furnishing.batch':
      case 'credit-objection.filed':
      case 'credit-objection.answered':
      case 'credit-objection.escalated':
      case 'credit-statement.made':
      case 'credit-report.own-query':
      case 'credit.consent-recorded':
      case 'credit.consent-withdrawn':
      case 'credit.inquiry':
        break;
      default:
        assertNever(e, 'event');
    }
  }
  // A decided objection or repair also changes its target; those ids are known only after loading.
  return { records, entries: [...need.entries], objections: [...need.objections], repairs: [...need.repairs] };
}

function setRoles(state: ProjectionState, index: number, subjectKey: string, recordId: string, persons: RecordFiledData['persons'], upsert: boolean): void {
  for (const p of persons ?? []) {
    const id = `${recordId}|${p.role}`;
    const existing = state.roles.get(id);
    state.roles.set(id, { subjectKey, recordId, role: p.role, personHash: p.hash, firstIndex: existing?.firstIndex ?? index, lastIndex: index });
    state.touched.add(id);
    if (upsert) state.roleUpserts.add(id);
  }
}

function fileRecord(state: ProjectionState, index: number, at: string, d: RecordFiledData): void {
  const s = d.subject;
  const existing = state.subjects.get(s.key);
  const fromRegistration = d.item === REGISTRATION_ITEM;
  if (!existing) {
    state.subjects.set(s.key, {
      row: {
        subjectKey: s.key,
        kind: s.kind,
        code: s.code,
        name: s.name,
        divisionCode: s.kind === 'natural-person' ? null : s.code.slice(2, 8),
        codeFlags: [...s.flags],
        firstIndex: index,
      },
    });
  } else if (fromRegistration && existing.row.name !== s.name) {
    // The registration authority's name is authoritative; other agencies' spellings are not.
    existing.row.name = s.name;
    existing.renamedAt = index;
  }
  const w = d.window;
  state.records.set(d.recordId, {
    subjectKey: s.key,
    recordId: d.recordId,
    item: d.item,
    category: d.category,
    polarity: d.polarity,
    agencyCode: d.agency,
    decisionNumber: d.decision.number,
    decisionDate: d.decision.date,
    decision: d.decision,
    fields: d.fields,
    attrs: attributesOf(d.fields),
    version: 1,
    status: 'active',
    publicityClass: w.class,
    ruleVersion: w.ruleVersion,
    published: w.published,
    publicityStart: w.start,
    publicityMinimumEnd: w.minimumEnd,
    publicityEnd: w.end,
    repairable: w.repairable,
    policyVersion: d.policyVersion,
    publicityEndedOn: null,
    publicityEndReason: null,
    openObjections: 0,
    pendingRepair: null,
    filedAt: at,
    withdrawnOn: null,
    filedIndex: index,
    bodyIndex: index,
    lastIndex: index,
  });
  state.touched.add(d.recordId);
  setRoles(state, index, s.key, d.recordId, d.persons, false);
}

function correctRecord(r: RecordRow, index: number, d: RecordCorrectedData): void {
  const w = d.window;
  Object.assign(r, {
    decision: d.decision,
    fields: d.fields,
    attrs: attributesOf(d.fields),
    decisionDate: d.decision.date,
    version: d.version,
    publicityClass: w.class,
    ruleVersion: w.ruleVersion,
    published: w.published,
    publicityStart: w.start,
    publicityMinimumEnd: w.minimumEnd,
    publicityEnd: w.end,
    repairable: w.repairable,
    policyVersion: d.policyVersion,
    bodyIndex: index,
  });
}

function must<T>(map: Map<string, T>, id: string, index: number, what: string): T {
  const row = map.get(id);
  if (!row) throw new Error(`projection: event ${index} refers to unknown ${what} ${id}`);
  return row;
}

/** Applies events to in-memory rows. */
export function applyEvents(state: ProjectionState, events: readonly LedgerEvent[]): ProjectionState {
  const touch = (row: { lastIndex: number }, id: string, index: number) => {
    row.lastIndex = index;
    state.touched.add(id);
  };
  const targetRow = (t: { type: 'record' | 'list-entry'; id: string }, index: number): RecordRow | ListEntryRow =>
    t.type === 'record' ? must(state.records, t.id, index, 'record') : must(state.entries, t.id, index, 'list entry');
  for (const e of events) {
    const index = e.index;
    switch (e.type) {
      case 'record.filed':
        fileRecord(state, index, e.at, e.data);
        break;
      case 'record.corrected': {
        const r = must(state.records, e.data.recordId, index, 'record');
        correctRecord(r, index, e.data);
        touch(r, r.recordId, index);
        setRoles(state, index, r.subjectKey, r.recordId, e.data.persons, true);
        break;
      }
      case 'record.withdrawn': {
        const r = must(state.records, e.data.recordId, index, 'record');
        r.status = 'withdrawn';
        r.withdrawnOn = e.data.withdrawnOn;
        touch(r, r.recordId, index);
        break;
      }
      case 'record.publicity-ended': {
        const r = must(state.records, e.data.recordId, index, 'record');
        r.publicityEndedOn = e.data.endedOn;
        r.publicityEndReason = e.data.reason;
        touch(r, r.recordId, index);
        break;
      }
      case 'list.proposed': {
        const d = e.data;
        state.entries.set(d.entryId, {
          entryId: d.entryId,
          list: d.list,
          subjectKey: e.subject!,
          state: 'proposed',
          decidingAgency: d.decidingAgency,
          basisRecords: d.basisRecords,
          origin: d.origin,
          proposedOn: d.proposedOn,
          requestedUntil: d.requestedUntil,
          ...NOT_YET_DECIDED,
          openObjections: 0,
          pendingRepair: null,
          log: e.log,
          firstIndex: index,
          lastIndex: index,
        });
        state.touched.add(d.entryId);
        break;
      }
      case 'list.notified': {
        const r = must(state.entries, e.data.entryId, index, 'list entry');
        Object.assign(r, { state: 'notified', noticeServedOn: e.data.servedOn, noticeDeadline: e.data.deadline });
        touch(r, r.entryId, index);
        break;
      }
      case 'list.statement-received': {
        const r = must(state.entries, e.data.entryId, index, 'list entry');
        Object.assign(r, { state: 'statement-received', statementOn: e.data.receivedOn });
        touch(r, r.entryId, index);
        break;
      }
      case 'list.decided': {
        const r = must(state.entries, e.data.entryId, index, 'list entry');
        Object.assign(r, {
          state: e.data.outcome === 'add' ? 'in-force' : 'dropped',
          decidedOn: e.data.decidedOn,
          listedOn: e.data.listedOn,
          until: e.data.until,
          ...(e.data.requestedUntil !== undefined ? { requestedUntil: e.data.requestedUntil } : {}),
        });
        touch(r, r.entryId, index);
        break;
      }
      case 'list.extended': {
        const r = must(state.entries, e.data.entryId, index, 'list entry');
        r.until = e.data.until;
        touch(r, r.entryId, index);
        break;
      }
      case 'list.removed': {
        const r = must(state.entries, e.data.entryId, index, 'list entry');
        Object.assign(r, { state: 'removed', removedOn: e.data.removedOn, removalReason: e.data.reason });
        touch(r, r.entryId, index);
        break;
      }
      case 'objection.filed': {
        const d = e.data;
        const t = targetRow(d.target, index);
        t.openObjections += 1;
        touch(t, 'recordId' in t ? t.recordId : t.entryId, index);
        state.objections.set(d.objectionId, {
          subjectKey: e.subject!,
          objectionId: d.objectionId,
          targetType: d.target.type,
          targetId: d.target.id,
          state: 'open',
          filedOn: d.filedOn,
          filedBy: `${e.actor.type}:${e.actor.id}`,
          decidingAgency: d.decidingAgency,
          deadline: d.deadline,
          decidedOn: null,
          outcome: null,
          firstIndex: index,
          lastIndex: index,
        });
        state.touched.add(d.objectionId);
        break;
      }
      case 'objection.decided': {
        const o = must(state.objections, e.data.objectionId, index, 'objection');
        Object.assign(o, { state: e.data.outcome, outcome: e.data.outcome, decidedOn: e.data.decidedOn });
        touch(o, o.objectionId, index);
        const t = targetRow({ type: o.targetType, id: o.targetId }, index);
        t.openObjections = Math.max(0, t.openObjections - 1);
        touch(t, 'recordId' in t ? t.recordId : t.entryId, index);
        break;
      }
      case 'repair.applied': {
        const d = e.data;
        const t = targetRow(d.target, index);
        t.pendingRepair = d.repairId;
        touch(t, 'recordId' in t ? t.recordId : t.entryId, index);
        state.repairs.set(d.repairId, {
          subjectKey: e.subject!,
          repairId: d.repairId,
          targetType: d.target.type,
          targetId: d.target.id,
          state: 'pending',
          appliedOn: d.appliedOn,
          decideBy: d.decideBy,
          decidingAgency: d.decidingAgency,
          decidedOn: null,
          firstIndex: index,
          lastIndex: index,
        });
        state.touched.add(d.repairId);
        break;
      }
      case 'repair.decided': {
        const r = must(state.repairs, e.data.repairId, index, 'repair application');
        Object.assign(r, { state: e.data.outcome, decidedOn: e.data.decidedOn });
        touch(r, r.repairId, index);
        const t = targetRow({ type: r.targetType, id: r.targetId }, index);
        if (t.pendingRepair === r.repairId) t.pendingRepair = null;
        touch(t, 'recordId' in t ? t.recordId : t.entryId, index);
        break;
      }
      case 'evaluation.overridden':
        state.overrides.set(`${e.subject}|${e.data.scorecard}`, {
          subjectKey: e.subject!,
          scorecard: e.data.scorecard,
          tier: e.data.tier,
          reason: e.data.reason,
          actor: `${e.actor.type}:${e.actor.id}`,
          at: e.at,
          active: true,
          lastIndex: index,
        });
        break;
      case 'evaluation.override-lifted': {
        const key = `${e.subject}|${e.data.scorecard}`;
        const o = state.overrides.get(key);
        state.overrides.set(key, {
          subjectKey: e.subject!,
          scorecard: e.data.scorecard,
          tier: o?.tier ?? '',
          reason: e.data.reason,
          actor: `${e.actor.type}:${e.actor.id}`,
          at: e.at,
          active: false,
          lastIndex: index,
        });
        break;
      }
      case 'policy.published':
      case 'agency.registered':
      case 'inspection.drawn':
      case 'ledger.upgraded':
      case 'furnishing.batch':
      case 'credit-objection.filed':
      case 'credit-objection.answered':
      case 'credit-objection.escalated':
      case 'credit-statement.made':
      case 'credit-report.own-query':
      case 'credit.consent-recorded':
      case 'credit.consent-withdrawn':
      case 'credit.inquiry':
        break;
      default:
        assertNever(e, 'event');
    }
  }
  return state;
}
